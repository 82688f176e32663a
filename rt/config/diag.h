/* rt/config/diag.h -- what every layer of the runtime may use: symbol
 * visibility, branch hints, and the diagnostics (config/diag.c).
 */
#ifndef TRUN_RT_CONFIG_DIAG_H
#define TRUN_RT_CONFIG_DIAG_H

#define TRUN_HIDDEN __attribute__ ((visibility ("hidden")))
#define trun_likely(x) __builtin_expect (!!(x), 1)
#define trun_unlikely(x) __builtin_expect (!!(x), 0)
/* A function the markers' fast paths call (or jump to) at any stack
   alignment (entry/markers.c: the _preserve entries): it realigns.  */
#define TRUN_REALIGN __attribute__ ((force_align_arg_pointer))

/* Diagnostics: one line to stderr, prefixed "trun: ".  Control bytes and
   bytes that are not valid UTF-8 (labels come from the program) are
   written as \xNN, so a message can never fake a line or a terminal
   sequence.  */
TRUN_HIDDEN void trun_warn (const char *fmt, ...)
    __attribute__ ((format (printf, 1, 2)));
/* Only when TRUN_VERBOSE > 0.  */
TRUN_HIDDEN void trun_verbose (const char *fmt, ...)
    __attribute__ ((format (printf, 1, 2)));

/* TEXT to stderr as it is, with write(2) only: for signal handlers.  */
TRUN_HIDDEN void trun_say (const char *text);

/* Length of the valid UTF-8 sequence at P (at most N bytes), or 0.  */
#include <stddef.h>
TRUN_HIDDEN size_t trun_utf8_len (const unsigned char *p, size_t n);

#endif /* TRUN_RT_CONFIG_DIAG_H */
