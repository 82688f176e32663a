/* rt/core/timeline.h -- the timeline's events as core/timeline.c records
 * them (per thread, in raw files and in memory) and the model it hands
 * to the report layer at finalize (report/timeline.c reads only this).
 */
#ifndef TRUN_RT_CORE_TIMELINE_H
#define TRUN_RT_CORE_TIMELINE_H

#include <stddef.h>
#include <stdint.h>

#include "config/diag.h"

/* One event, 16 bytes, in a thread's buffer and raw file as it is (the
   host's byte order): raw ticks (converted at write time with the
   profile's calibration), the name id, the kind.  */
struct trun_tl_event
{
  uint64_t tick;
  uint32_t id;
  uint32_t kind; /* TRUN_TL_EXIT | domain << TRUN_TL_DOMAIN_SHIFT */
};
#define TRUN_TL_ENTER 0u
#define TRUN_TL_EXIT 1u
#define TRUN_TL_DOMAIN_SHIFT 1
#define TRUN_TL_KIND(exit, d) ((uint32_t) (exit) | ((uint32_t) (d) << 1))

/* What a thread was, for its name in the timeline.  */
enum trun_tl_role
{
  TRUN_TL_MAIN,    /* trun's thread 0 */
  TRUN_TL_PTHREAD, /* any other thread */
  TRUN_TL_OMP      /* a thread that ran an OpenMP body of another's fork */
};

/* One thread's events: its raw file's, then those still in memory.  */
struct trun_tl_stream
{
  unsigned index;
  long tid;
  int role;                          /* enum trun_tl_role */
  const char *raw_path;              /* NULL: nothing was written */
  const struct trun_tl_event *tail;  /* still in its buffer */
  size_t ntail;
  uint64_t close_tick; /* frames still open are closed here (0: at the
                          stream's last event) */
};

struct trun_timeline
{
  size_t nstreams;
  const struct trun_tl_stream *streams;
  uint64_t start_tick;  /* time 0 */
  double tick_seconds;  /* the profile's calibration */
  const char *(*name) (uint32_t id);
  uint32_t nnames;      /* ids are 1..nnames */
  uint64_t events;      /* recorded (kept) */
  uint64_t raw_bytes;   /* written to the raw files */
  int stopped;          /* TRUN_TIMELINE_MAX_MB reached */
  uint64_t stopped_tick;
  long max_mb;
  int compress;         /* TRUN_TIMELINE_COMPRESS */
};

#endif /* TRUN_RT_CORE_TIMELINE_H */
