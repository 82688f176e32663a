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
  uint32_t kind; /* TRUN_TL_EXIT | domain << TRUN_TL_DOMAIN_SHIFT, or a
                    flow */
};
#define TRUN_TL_ENTER 0u
#define TRUN_TL_EXIT 1u
#define TRUN_TL_DOMAIN_SHIFT 1
#define TRUN_TL_KIND(exit, d) ((uint32_t) (exit) | ((uint32_t) (d) << 1))
/* Not an enter or exit (a reader of those skips it: its kind >> 1 is
   above 1): the OpenMP body just entered, the thread's only open frame
   in domain D, was started by the fork of thread ID (trun's index) at
   TICK (that thread's time, before the body's own enter).  */
#define TRUN_TL_FLOW 0x100u
#define TRUN_TL_FLOW_KIND(d) (TRUN_TL_FLOW | ((uint32_t) (d) << 1))

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

/* A point where the timeline's clock was compared with a job's time
   axis (MPI: rank 0's clock): local TICK is REF_NS on that axis, to
   within ERROR_NS.  */
struct trun_tl_sync
{
  uint64_t tick;
  int64_t ref_ns;
  uint64_t error_ns;
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
  /* Times on the job's axis: the offset to it interpolated linearly
     between two sync points (and extended beyond them), constant with
     one; with none, time 0 is START_TICK.  */
  int nsync;
  struct trun_tl_sync sync[2];
};

#endif /* TRUN_RT_CORE_TIMELINE_H */
