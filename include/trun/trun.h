/* trun/trun.h -- the public C interface of libtrun.
 *
 * Everything here is optional: the runtime starts itself on first use and
 * writes its report once at exit.  Usable from C and C++.
 */
#ifndef TRUN_TRUN_H
#define TRUN_TRUN_H

#ifdef __cplusplus
extern "C" {
#endif

#define TRUN_API __attribute__ ((visibility ("default")))

TRUN_API void trun_init (int argc, char **argv);
TRUN_API void trun_finalize (void);
TRUN_API int trun_is_initialized (void);

/* Regions: a begin and an end with the same name form one call-graph node
   under whatever region is current in this thread.  */
TRUN_API void trun_region_begin (const char *name);
TRUN_API void trun_region_end (const char *name);

/* Component sets for the region domain: a comma- or space-separated list
   of names such as "wall_clock, peak_rss".  Unknown names warn once.  */
TRUN_API void trun_set_default (const char *components);
TRUN_API void trun_add_components (const char *components);
TRUN_API void trun_remove_components (const char *components);
TRUN_API void trun_push_components (const char *components);
TRUN_API void trun_pop_components (void);

/* Pause/resume: while paused, begin/end calls and markers record nothing.  */
TRUN_API void trun_pause (void);
TRUN_API void trun_resume (void);

/* Scoped region for C: ends when the enclosing block is left.  */
static inline void
trun_scoped_region_end__ (const char **name)
{
  trun_region_end (*name);
}

#define TRUN_CAT2__(a, b) a##b
#define TRUN_CAT__(a, b) TRUN_CAT2__ (a, b)
#define TRUN_SCOPED_REGION(name)                                              \
  const char *TRUN_CAT__ (trun_scope_, __LINE__)                              \
      __attribute__ ((cleanup (trun_scoped_region_end__), unused))            \
      = (trun_region_begin (name), (name))

#ifdef __cplusplus
}
#endif

#endif /* TRUN_TRUN_H */
