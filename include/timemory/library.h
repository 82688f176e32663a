/* timemory/library.h -- timemory's C library interface, served by libtrun.
 *
 * Code written against timemory's C API builds and runs unchanged when
 * linked with -ltrun: regions map onto trun's region domain, traces onto
 * the trace domain, and component lists onto trun's component sets.
 */
#ifndef TIMEMORY_LIBRARY_H
#define TIMEMORY_LIBRARY_H

#include <stdint.h>
#ifndef __cplusplus
#include <stdbool.h>
#endif

#ifdef __cplusplus
extern "C" {
#endif

#define TIMEMORY_TRUN_API __attribute__ ((visibility ("default")))

TIMEMORY_TRUN_API void timemory_init_library (int argc, char **argv);
TIMEMORY_TRUN_API void timemory_named_init_library (char *name);
TIMEMORY_TRUN_API void timemory_finalize_library (void);
TIMEMORY_TRUN_API bool timemory_library_is_initialized (void);

/* Component sets: comma- or space-separated names ("wall_clock,peak_rss").  */
TIMEMORY_TRUN_API void timemory_set_default (const char *components);
TIMEMORY_TRUN_API void timemory_add_components (const char *components);
TIMEMORY_TRUN_API void timemory_remove_components (const char *components);
TIMEMORY_TRUN_API void timemory_push_components (const char *components);
TIMEMORY_TRUN_API void timemory_pop_components (void);

/* Named regions on this thread's stack.  */
TIMEMORY_TRUN_API void timemory_push_region (const char *name);
TIMEMORY_TRUN_API void timemory_pop_region (const char *name);

/* Records identified by a handle instead of a name at the end.  */
TIMEMORY_TRUN_API void timemory_begin_record (const char *name, uint64_t *id);
TIMEMORY_TRUN_API uint64_t timemory_get_begin_record (const char *name);
TIMEMORY_TRUN_API void timemory_end_record (uint64_t id);

/* Trace-domain entries (what timemory-run's trace mode inserts).  */
TIMEMORY_TRUN_API void timemory_push_trace (const char *name);
TIMEMORY_TRUN_API void timemory_pop_trace (const char *name);

TIMEMORY_TRUN_API void timemory_pause (void);
TIMEMORY_TRUN_API void timemory_resume (void);

#ifdef __cplusplus
}
#endif

#endif /* TIMEMORY_LIBRARY_H */
