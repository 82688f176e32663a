/* rt/entry/entry.h -- what the files of entry/ share.  entry/ holds
 * everything the program or the plugin calls (markers, OpenMP fork/join,
 * the public and timemory APIs, unit registration, interposed libc and
 * pthread symbols), and is the only place the runtime starts lazily.
 */
#ifndef TRUN_RT_ENTRY_H
#define TRUN_RT_ENTRY_H

#include "core/core.h"
#include "lifecycle.h"

/* The calling thread's state, starting the runtime first if needed
   (NULL while it is still starting).  entry/slow.c.  */
TRUN_HIDDEN struct trun_thread *trun_entry_thread (void);
/* A marker's enter when the fast path cannot take it.  */
TRUN_HIDDEN void trun_enter_desc_slow (int d, struct trun_desc *desc,
                                       uintptr_t sp);
/* A marker's enter in domain D at the caller's stack pointer SP
   (markers.c), for the OpenMP entry points.  */
TRUN_HIDDEN void trun_marker_enter_sp (int d, struct trun_desc *desc,
                                       uintptr_t sp);
/* Enter name id ID in domain D (not a function frame).  */
TRUN_HIDDEN void trun_entry_enter_id (int d, uint32_t id);

/* The state of a thread whose start wrap.c deferred (its pthread_create
   ran under a sanitizer's), made now; NULL when none is pending.  */
TRUN_HIDDEN struct trun_thread *trun_wrap_deferred_start (void);

/* Trace-domain entries by name (timemory_push_trace).  entry/api.c.  */
TRUN_HIDDEN void trun_trace_begin_name (const char *name);
TRUN_HIDDEN void trun_trace_end_name (const char *name);

#endif /* TRUN_RT_ENTRY_H */
