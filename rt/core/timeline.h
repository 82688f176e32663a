/* rt/core/timeline.h -- the timeline's events as core/timeline.c records
 * them (per thread, in raw files and in memory) and the model it hands
 * to the report layer at finalize (report/timeline.c reads only this).
 */
#ifndef TRUN_RT_CORE_TIMELINE_H
#define TRUN_RT_CORE_TIMELINE_H

#include <stddef.h>
#include <stdint.h>

#include "config/diag.h"

/* One event as the report layer reads it: raw ticks (converted at
   write time with the profile's calibration), the name id, the kind.  */
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

/* Events as a thread's buffer and raw file hold them: 64-bit words (the
   host's byte order), most events in one.  A short event: its kind
   (below 4) in bits 0-2, its id (below 2^21) in bits 3-23, the low 40
   bits of its tick in bits 24-63; the tick is the one nearest to the
   stream's previous event's with those low bits (the recorder keeps
   neighbours within 2^39 ticks: minutes).  A long event, two words:
   TRUN_TL_WORD_LONG | kind << 8 | id << 32, then the whole tick; any
   kind, id and tick, and the reference of the short events after it.
   Every stream starts with one.  */
typedef uint64_t trun_tl_word;
/* A slot no event has filled since the buffer was last written out: no
   event's word (a short one has an id, above 0), so that a marker fills
   a slot only while it is empty (core/core.h, trun_tl_fill).  */
#define TRUN_TL_WORD_EMPTY ((trun_tl_word) 0)
#define TRUN_TL_TICK_SHIFT 24
#define TRUN_TL_ID_SHIFT 3
#define TRUN_TL_SHORT_IDS (1u << 21)
#define TRUN_TL_WORD_LONG 4u
/* The recorder writes a short event only within this many ticks of the
   last long event's (so neighbours are within twice that).  */
#define TRUN_TL_NEAR ((uint64_t) 1 << 38)

/* ID below TRUN_TL_SHORT_IDS, KIND below 4 (the recorder tests both):
   the fields do not overlap, so a sum, which GCC makes one lea of the
   id and kind and one add (an or of each, two more moves).  */
static inline trun_tl_word
trun_tl_short_word (uint64_t tick, uint32_t id, uint32_t kind)
{
  return (tick << TRUN_TL_TICK_SHIFT)
         + ((uint64_t) id * (1u << TRUN_TL_ID_SHIFT) + kind);
}

/* Reading a stream's words in order: the state between them.  */
struct trun_tl_decoder
{
  uint64_t tick;   /* the previous event's */
  int pending;     /* a long event's first word was read */
  uint32_t id, kind;
};

/* Word W of the stream into EV: 1, or 0 while W is the first half of a
   long event (or of no kind this reader knows).  */
static inline int
trun_tl_decode (struct trun_tl_decoder *d, trun_tl_word w,
                struct trun_tl_event *ev)
{
  if (d->pending)
    {
      d->pending = 0;
      d->tick = w;
      *ev = (struct trun_tl_event){ w, d->id, d->kind };
      return 1;
    }
  if (w == TRUN_TL_WORD_EMPTY)
    return 0; /* claimed, never filled (a thread killed in a marker, a
                 handler left by longjmp), or a late word the file lacks */
  uint32_t tag = (uint32_t) (w & 7);
  if (tag == TRUN_TL_WORD_LONG)
    {
      d->pending = 1;
      d->kind = (uint32_t) (w >> 8) & 0xffffffu;
      d->id = (uint32_t) (w >> 32);
      return 0;
    }
  if (tag > 3)
    return 0;
  const uint64_t span = (uint64_t) 1 << (64 - TRUN_TL_TICK_SHIFT);
  uint64_t delta = ((w >> TRUN_TL_TICK_SHIFT) - d->tick) & (span - 1);
  d->tick += delta < span / 2 ? delta : delta - span; /* signed, wraps */
  *ev = (struct trun_tl_event){
    d->tick, (uint32_t) (w >> TRUN_TL_ID_SHIFT) & (TRUN_TL_SHORT_IDS - 1),
    tag };
  return 1;
}

/* The private directory's index (TRUN_TL_INDEX), so that a run killed
   before finalize can still be converted (trun convert --to=chrome):
   records appended in single writes (O_APPEND), each a header and its
   payload.  First the start record; a name record for every name id
   before the first raw block that may hold it; a block record after
   each raw block is written (the stream's thread, the file's length,
   a clock pair: the tick rate comes from the start's pair and the last
   block's); a rank record once MPI_Init gives the rank.  */
#define TRUN_TL_INDEX "index"
#define TRUN_TL_MAGIC "trun-tl2" /* 2: events in words */
enum trun_tl_rec_type
{
  TRUN_TL_REC_START = 1,
  TRUN_TL_REC_NAME, /* payload: uint32_t id, then the name's bytes */
  TRUN_TL_REC_BLOCK,
  TRUN_TL_REC_RANK  /* payload: int32_t rank, size */
};
struct trun_tl_rec
{
  uint32_t type;
  uint32_t bytes; /* of the payload that follows */
};
struct trun_tl_rec_start
{
  char magic[8];     /* TRUN_TL_MAGIC */
  uint64_t start_tick; /* time 0 */
  uint64_t pair_tick, pair_ns; /* a tick and its CLOCK_MONOTONIC time */
  int64_t pid;
  int32_t use_tsc;   /* 0: ticks are nanoseconds */
  int32_t rank;      /* -1: not known yet */
  char program[64];  /* the program's name, cut */
  char prefix[192];  /* TRUN_OUTPUT_PREFIX, cut */
};
struct trun_tl_rec_block
{
  uint32_t index; /* the stream: trun's thread index, INDEX.raw */
  int32_t role;   /* enum trun_tl_role */
  int64_t tid;
  uint64_t written; /* the raw file's bytes with this block */
  uint64_t pair_tick, pair_ns;
};

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
  uint64_t raw_bytes;                /* of the raw file to read (0: all) */
  const trun_tl_word *tail;          /* still in its buffer, after the
                                        file's words */
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
