/* rt/core/core.h -- the core's own structures and calls: per-thread
 * frames and call graphs, name ids, the clock, throttling, descriptor
 * ranges, topology.  Used by entry/, lifecycle and mpi/; the report
 * layer never includes it (it reads core/mtree.h).  The core calls
 * nothing above it: it never starts the runtime (entry/ does) and never
 * writes a file (report/ does).
 */
#ifndef TRUN_RT_CORE_H
#define TRUN_RT_CORE_H

#include <pthread.h>
#include <stdint.h>

#include "core/mtree.h"
#include "core/timeline.h"
#include "trun/abi.h"

/* The floating-point environment (rounding, exception masks and flags),
   saved and put back around the runtime's own floating point so the
   program's stays as it set it.  On x86-64 by the instructions
   themselves, as glibc's fegetenv and fesetenv do: those live in libm,
   which libtrun then need not load (tests/rt/rt-deps.sh).  */
#if defined(__x86_64__)
struct trun_fpenv
{
  unsigned char x87[28]; /* fnstenv's image */
  unsigned int mxcsr;
};

static inline void
trun_fpenv_save (struct trun_fpenv *e)
{
  /* fnstenv masks every x87 exception: fldenv puts them back.  */
  __asm__ volatile ("fnstenv %0\n\tfldenv %0" : "=m" (e->x87));
  __asm__ volatile ("stmxcsr %0" : "=m" (e->mxcsr));
}

static inline void
trun_fpenv_restore (const struct trun_fpenv *e)
{
  __asm__ volatile ("fldenv %0" : : "m" (e->x87));
  __asm__ volatile ("ldmxcsr %0" : : "m" (e->mxcsr));
}
#else
#include <fenv.h>
struct trun_fpenv
{
  fenv_t env;
};

static inline void
trun_fpenv_save (struct trun_fpenv *e)
{
  fegetenv (&e->env);
}

static inline void
trun_fpenv_restore (const struct trun_fpenv *e)
{
  fesetenv (&e->env);
}
#endif

/* A node's wall clock in raw ticks, all integers: the markers do no
   floating point, so the program's floating-point flags stay as it set
   them; the merge converts.  The children's share (for % SELF) is not
   kept here either: the merge adds it up from the children.  */
struct trun_tstat
{
  uint64_t count, sum, min, max;
  uint64_t sumsq_lo, sumsq_hi; /* 128 bits: ticks squared add up fast */
};
/* No value yet: MIN starts above every value, so that adding one needs
   no test of COUNT (read only where COUNT is nonzero).  */
#define TRUN_TSTAT_EMPTY { 0, 0, UINT64_MAX, 0, 0, 0 }

/* *P += V, never lost to a signal handler on this thread doing the same
   meanwhile: on x86-64 one instruction (a signal arrives between
   instructions), elsewhere an atomic add.  Only for counters one
   thread writes: no lock prefix, so no shared cache line either.  */
static inline __attribute__ ((always_inline)) void
trun_local_add (uint64_t *p, uint64_t v)
{
#if defined(__x86_64__)
  __asm__ ("addq %1, %0" : "+m" (*p) : "er" (v) : "cc");
#else
  __atomic_fetch_add (p, v, __ATOMIC_RELAXED);
#endif
}

/* *P = V where V is below (trun_local_min) or above (trun_local_max) *P,
   never undoing what a signal handler on this thread stored meanwhile
   (a handler's smaller minimum, between the compare and the store): a
   new extreme is rare, so it goes in by exchange, and a value the
   exchange took out that was more extreme goes back in, until none is.
   An exchange takes any register, where a compare-and-swap would tie up
   RAX in the exit.  */
static inline __attribute__ ((always_inline)) uint64_t
trun_local_xchg (uint64_t *p, uint64_t v)
{
#if defined(__x86_64__)
  __asm__ ("xchgq %0, %1" : "+r"(v), "+m"(*p));
  return v;
#else
  return __atomic_exchange_n (p, v, __ATOMIC_RELAXED);
#endif
}
static inline __attribute__ ((always_inline)) void
trun_local_min (uint64_t *p, uint64_t v)
{
  if (trun_unlikely (v < *p))
    for (uint64_t old; (old = trun_local_xchg (p, v)) < v;)
      v = old;
}
static inline __attribute__ ((always_inline)) void
trun_local_max (uint64_t *p, uint64_t v)
{
  if (trun_unlikely (v > *p))
    for (uint64_t old; (old = trun_local_xchg (p, v)) > v;)
      v = old;
}

/* One sample V into S.  A signal handler on this thread may add its own
   between any two instructions (its markers' exits update the node the
   interrupted exit is updating, when it calls that function from the
   same frame): each field changes in one instruction or one atomic
   step, never by a load and a later store, so that neither sample is
   lost (a new extreme by exchanges, above).  */
static inline void
trun_tstat_add (struct trun_tstat *s, uint64_t v)
{
  trun_local_min (&s->min, v);
  trun_local_max (&s->max, v);
  trun_local_add (&s->count, 1);
  trun_local_add (&s->sum, v);
  unsigned __int128 sq = (unsigned __int128) v * v;
  uint64_t lo = (uint64_t) sq, hi = (uint64_t) (sq >> 64);
#if defined(__x86_64__)
  /* The carry is the low add's own: a handler between the two adds its
     pair whole, and the kernel restores the flags after it.  */
  struct sumsq
  {
    uint64_t w[2];
  } *both = (struct sumsq *) (void *) &s->sumsq_lo; /* one operand: two
                                                        made GCC compute
                                                        S apart */
  __asm__ ("addq %1, %0\n\tadcq %2, 8+%0" : "+m"(*both) : "r"(lo), "r"(hi)
           : "cc");
#else
  uint64_t old = __atomic_fetch_add (&s->sumsq_lo, lo, __ATOMIC_RELAXED);
  trun_local_add (&s->sumsq_hi, hi + (old + lo < old));
#endif
}

/* Extra components of a node, allocated on first record, with MIN
   +inf and MAX -inf (read only where COUNT is nonzero, as for the wall
   clock's).  */
struct trun_xstat
{
  struct trun_xstat *next;
  uint32_t comp;
  struct trun_stat s;
};

/* *P = NEW if *P is still *OLD: 1; else 0, *OLD what *P holds.  For
   words one thread and its signal handlers write: on x86-64 one
   instruction without the lock prefix.  */
static inline __attribute__ ((always_inline)) int
trun_local_cas (uint64_t *p, uint64_t *old, uint64_t new_value)
{
#if defined(__x86_64__)
  int ok;
  __asm__ volatile ("cmpxchgq %3, %1"
                    : "+a"(*old), "+m"(*p), "=@ccz"(ok)
                    : "r"(new_value)
                    : "memory");
  return ok;
#else
  return __atomic_compare_exchange_n (p, old, new_value, 0,
                                      __ATOMIC_RELAXED, __ATOMIC_RELAXED);
#endif
}

/* The doubles of a trun_stat changed as trun_local_add changes a count:
   never undoing a signal handler's change between the load and the
   store (a compare-and-swap, retried).  OP 0: *P += V; 1: *P = V if
   smaller; 2: *P = V if larger.  */
typedef uint64_t __attribute__ ((may_alias)) trun_double_bits;
static inline void
trun_local_fop (double *p, double v, int op)
{
  trun_double_bits *w = (trun_double_bits *) (void *) p;
  uint64_t old = __atomic_load_n (w, __ATOMIC_RELAXED);
  for (;;)
    {
      double cur, next;
      __builtin_memcpy (&cur, &old, sizeof cur);
      if (op == 0)
        next = cur + v;
      else if (op == 1 ? !(v < cur) : !(v > cur))
        return;
      else
        next = v;
      uint64_t nw;
      __builtin_memcpy (&nw, &next, sizeof nw);
      if (trun_local_cas (w, &old, nw))
        return;
    }
}

/* One value V of a non-wall component into S (core/frames.c), each
   field as trun_tstat_add changes the wall clock's: a handler on this
   thread that records into the same node between any two instructions
   loses nothing, nor does this.  */
static inline void
trun_xstat_add (struct trun_stat *s, double v)
{
  trun_local_fop (&s->min, v, 1);
  trun_local_fop (&s->max, v, 2);
  trun_local_add (&s->count, 1);
  trun_local_fop (&s->sum, v, 0);
  trun_local_fop (&s->sumsq, v * v, 0);
}

/* Node flags.  */
#define TRUN_NODE_ROOT 1u /* virtual root of one attach point */

/* A call-graph node of one thread (104 bytes; with its share of the
   lookup table at most 128).  A virtual root's parent is the foreign node
   it is attached under (NULL: top level).  PARENT and ID never change
   once the node is made (the child cache below relies on it).  */
struct trun_node
{
  struct trun_node *parent;
  struct trun_node *first_child, *next_sibling; /* creation order */
  struct trun_xstat *extra;                     /* non-wall components */
  /* While recording: the last child (appends in O(1)).  During the
     merge, which runs after recording stops: the merged node.  */
  void *aux;
  uint32_t id;               /* name id */
  uint16_t flags;
  uint16_t open_at_finalize; /* saturates */
  struct trun_tstat wall;    /* wall clock in ticks (converted at merge) */
  /* Calls of ID under PARENT not measured (descriptor throttled or
     disabled), counted here by the owning thread (trun_local_add), not
     in the shared descriptor: the merge adds them up.  */
  uint64_t unmeasured;
};

struct trun_frame
{
  struct trun_node *node; /* NULL: not recorded (paused, too deep,
                             descriptor disabled) */
  struct trun_node *cur;  /* node children of this frame attach to */
  uint64_t start;         /* ticks at entry */
  /* MASK then ID: on x86-64 the markers' exit compares both in one
     64-bit word with the descriptor's ENABLED and ID (entry/markers.c),
     which TRUN_FRAME_SLOW keeps from matching but for ENABLED 1.  */
  trun_mask_t mask;       /* components in force at entry */
  uint32_t id;
  uint32_t sample_off;    /* start samples of non-wall components */
  uint32_t flags;         /* TRUN_FRAME_* */
  /* The instrumented function's stack pointer at its enter marker; a
     frame that is not a function's (a named region, the sentinel) takes
     the one of the frame below it, or a guess (TRUN_FRAME_SP_GUESS), or
     0 until a function is entered above it.  A child's is below it by
     at most TRUN_STACK_JUMP, or equal (a child inlined into its
     parent's function) (the markers' fast path checks that one
     difference); anything else is a longjmp or a switch of stacks
     (core/stacks.c).  */
  uintptr_t sp;
  /* To 64 bytes: the frame stack is page-aligned, so each frame is one
     cache line (48-byte frames split every other one over two) and the
     markers index it with a shift.  */
  uint64_t line_pad[2];
};
_Static_assert (sizeof (struct trun_frame) == 64, "a frame is a cache line");
_Static_assert (__builtin_offsetof (struct trun_frame, mask) % 8 == 0
                    && __builtin_offsetof (struct trun_frame, id)
                           == __builtin_offsetof (struct trun_frame, mask) + 4,
                "a frame's mask and id are one 64-bit word");

/* A frame's mask bit that is no component: set in every frame but one
   that records the wall clock alone from a TSC reading, so that their
   exits miss the markers' fast path, which reads the TSC without
   testing for it and takes the wall clock alone (without a usable TSC,
   core/clock.c, every frame has it), and in a thread with a timeline
   one whose id is TRUN_TL_SHORT_IDS or more, whose exit is no short
   word (the fast exit tests no id).  A mask with it is never a
   descriptor's ENABLED either (trun/abi.h: 0 to 3), which the fast exit
   compares it with.  */
#define TRUN_FRAME_SLOW ((trun_mask_t) 1u << 31)
_Static_assert (TRUN_NCOMP < 31, "components leave TRUN_FRAME_SLOW free");
#if defined(__x86_64__) || defined(__i386__)
#define trun_frame_clock_bit() (trun_use_tsc ? 0 : TRUN_FRAME_SLOW)
#else
#define trun_frame_clock_bit() 0 /* the markers' exit reads trun_ticks */
#endif
/* The mask a frame recording MASK (0: nothing) is pushed with.  */
#define trun_frame_mask(mask)                                                 \
  ((mask) == TRUN_WALL_BIT ? (mask) | trun_frame_clock_bit ()               \
                           : (mask) | TRUN_FRAME_SLOW)

/* Frame flags.  */
#define TRUN_FRAME_SP_GUESS 1u /* sp is a guess: never unwound by it */
/* The id of the first frame of an execution stack other than the
   thread's own carries this bit, so that its exit, which empties that
   stack, misses the markers' fast path (core/stacks.c).  */
#define TRUN_FRAME_ID_BOTTOM 0x80000000u
static inline uint32_t
trun_frame_id (const struct trun_frame *f)
{
  return f->id & ~TRUN_FRAME_ID_BOTTOM;
}

/* How far below its parent's a child frame's stack pointer may be and
   still be taken as the same stack: farther is a switch of stacks (or a
   parent with more than this much on the stack: then its children get a
   stack of their own, attached under it, which changes no result).  */
#define TRUN_STACK_JUMP ((uintptr_t) 64 * 1024)

struct trun_dstate
{
  struct trun_frame *frames; /* frames[0] is a sentinel: cur = root */
  uint32_t depth, cap;       /* depth: frames in use above the sentinel */
  double *samples;
  uint32_t nsamples, samples_cap;
  uint32_t fast_limit;     /* depth below which the fast enter applies */
  struct trun_node *root;  /* current virtual root */
  struct trun_node *roots; /* every virtual root (linked by next_sibling) */
};

/* An execution stack of a thread in one domain (core/stacks.c): the
   thread's own, or one it switched to (makecontext stacks, an alternate
   signal stack, fibers), with a frame stack of its own whose sentinel
   is the node current when the thread first switched to it.  The
   current one's frames are in the thread's struct trun_dstate; a
   suspended one keeps them here.  */
struct trun_estack
{
  struct trun_frame *frames; /* the trun_dstate fields it swaps */
  uint32_t depth, cap;
  double *samples;
  uint32_t nsamples, samples_cap;
  uint32_t fast_limit;
  struct trun_estack *parent; /* entered from (NULL: the thread's own) */
  struct trun_estack *next;   /* suspended or free list */
  struct trun_estack *all;    /* every one the thread made */
  uint64_t paused_at; /* ticks: suspended, its frames' clocks stopped */
};

/* A block of a thread's node arena (graph.c).  */
struct trun_arena_chunk
{
  struct trun_arena_chunk *next;
  size_t size;
};
struct trun_ctable
{
  size_t mask;
  struct trun_node *slot[];
};

/* The child cache: per thread, direct-mapped, the last node looked up
   for each slot of (parent, name id).  The markers' fast path finds a
   call's node here; a slot holds a node only as a hint, checked against
   the node's own PARENT and ID (which never change), so a stale or
   overwritten slot only sends the call to the slow path, which fills
   it.  One slot per parent (the old parent->hit) sent a parent calling
   several children in turn to the slow path on every call.  Only the
   owning thread, and signal handlers on it, read or write its slots
   (single relaxed loads and stores of an aligned pointer: a handler
   sees a slot whole).  An empty slot holds trun_ccache_empty, whose
   parent is no frame's node, not NULL: the markers test no pointer.  */
#define TRUN_CCACHE_BITS 12 /* 4096 slots, 32 KB per thread */
static inline __attribute__ ((always_inline)) uint32_t
trun_ccache_slot (const struct trun_node *parent, uint32_t id)
{
  /* Fibonacci hashing in 32 bits, whose multiplier is an immediate (no
     register, no 64-bit constant to load on the markers' path): the
     product's top bits depend on every bit of the key, the low bits of
     the parent's address (a thread's nodes are made one after another)
     with the id, small and dense, rotated above those a few thousand
     nodes apart differ in (rotated, not shifted: ids 2048 apart under
     one parent get different keys).  */
  uint32_t key = (uint32_t) (uintptr_t) parent ^ (id << 21 | id >> 11);
  return (key * 0x9E3779B1u) >> (32 - TRUN_CCACHE_BITS);
}

#define TRUN_OMP_NEST 64 /* nested forks a thread can hold open */
struct trun_omp_ctx
{
  struct trun_node *node[TRUN_NDOMAIN];
  struct trun_thread *owner;
  uint64_t fork_tick; /* the timeline's fork point (0: not recorded) */
  /* The forking thread's own row of the region: its node once its body
     entered (NULL: none, or the body's frame records as usual), the
     region's descriptor, and the tick at the fork, where the row's one
     sample a fork starts (entry/omp.c).  */
  struct trun_node *span;
  struct trun_desc *span_desc;
  uint64_t span_start;
};

struct trun_thread
{
  unsigned index;
  unsigned parent;
  long tid;
  int first_cpu; /* sched_getcpu () when the thread first recorded; the
                    report maps it to a PU and NUMA node at finalize */
  int moved;     /* TRUN_THREAD_BINDING: seen on another CPU since */
  long busy; /* recursion guard: nonzero while the runtime runs (a
                long: GCC compares a long in memory with 0 in one
                instruction, an int in two) */
  struct trun_tl *tl; /* TRUN_TIMELINE: this thread's event buffer (NULL:
                         off, or stopped); beside BUSY, which every
                         marker reads: the same cache line */
  struct trun_dstate dom[TRUN_NDOMAIN];
  /* node arena */
  char *arena_ptr, *arena_end;
  struct trun_arena_chunk *chunks;
  /* child lookup: open addressing on (parent, id); one pointer, so a
     lookup interrupted by a signal handler that grows it stays whole */
  struct trun_ctable *table;
  struct trun_ctable *retired; /* grown during a lookup: freed after it */
  size_t table_used;
  int probing;                 /* a lookup is reading the table */
  size_t nodes, node_bytes;
  /* TRUN_MAX_NODES reached: frames of call paths that have no node get
     FOLD as their children's parent (no node has FOLD as its parent, so
     the child cache never finds one: every call below it takes the slow
     path and is folded too), and are counted. */
  struct trun_node fold;
  uint64_t folded[TRUN_NDOMAIN];
  /* OpenMP forks opened by this thread */
  struct trun_omp_ctx omp[TRUN_OMP_NEST];
  int omp_level;
  struct trun_thread *next; /* list of live threads */
  /* Threads whose graphs hang under this one's nodes pin it: an ended
     thread is freed when the last of them ends.  */
  int pins;
  int ended;
#define TRUN_MAX_OWNERS 8
  struct trun_thread *owners[TRUN_MAX_OWNERS]; /* the states it pins */
  unsigned nowners;
  struct trun_thread *idle_next; /* work list while freeing */
  /* Execution stacks (core/stacks.c), per domain: the current one
     (NULL: the thread's own, OWN_STACK), the suspended ones; made only
     once a thread switches stacks.  */
  struct trun_estack *stack_cur[TRUN_NDOMAIN];
  struct trun_estack *stacks_suspended[TRUN_NDOMAIN];
  struct trun_estack *stacks_free, *stacks_all;
  struct trun_estack own_stack[TRUN_NDOMAIN];
  uint64_t stack_switches[TRUN_NDOMAIN];
  /* The child cache (trun_ccache_slot above), last: the fields before
     it stay at small offsets.  */
  struct trun_node *ccache[1u << TRUN_CCACHE_BITS];
};

TRUN_HIDDEN extern struct trun_node trun_ccache_empty;
/* Every slot of T's child cache empty (graph.c).  */
TRUN_HIDDEN void trun_ccache_init (struct trun_thread *t);

/* The node cached for (PARENT, ID) on T, or NULL.  */
static inline __attribute__ ((always_inline)) struct trun_node *
trun_ccache_get (struct trun_thread *t, const struct trun_node *parent,
                 uint32_t id)
{
  /* One plain load of an aligned pointer (whole, as a relaxed atomic
     load would be), made opaque at once so that the compiler neither
     reads the slot again nor splits the load; GCC folds the slot's
     offset into the address of a plain load, not of an atomic one.  */
  struct trun_node *n = t->ccache[trun_ccache_slot (parent, id)];
  __asm__ ("" : "+r"(n));
  return n->parent == parent && n->id == id ? n : NULL;
}

/* Orders the markers' stores against a signal handler running on the
   same thread (no instruction: only the compiler may not move them).  */
#define trun_signal_fence() __atomic_signal_fence (__ATOMIC_SEQ_CST)

/* Blocks every signal while the calling thread changes its graph or a
   shared table (new nodes, growth, new names): a handler's markers then
   never see them half made.  Rare: once per new call path.  */
#include <signal.h>
TRUN_HIDDEN void trun_signals_hold (sigset_t *old);
TRUN_HIDDEN void trun_signals_release (const sigset_t *old);

/* A section where the runtime may call back into the program (malloc,
   which a program can instrument): markers reached from there see BUSY
   and do nothing.  Signals wait meanwhile, so a signal handler's markers
   never see BUSY: they are always recorded.  T is the calling thread's
   state (trun_busy_inc below).  */
#define trun_busy_enter(t, old)                                               \
  do                                                                          \
    {                                                                         \
      trun_signals_hold (old);                                                \
      trun_busy_inc (t);                                                      \
    }                                                                         \
  while (0)
#define trun_busy_leave(t, old)                                               \
  do                                                                          \
    {                                                                         \
      trun_busy_dec (t);                                                      \
      trun_signals_release (old);                                             \
    }                                                                         \
  while (0)

/* ---- mem.c: memory for paths a signal handler reaches (zeroed pages,
   async-signal-safe; sizes as given to trun_mem_alloc) ---- */
TRUN_HIDDEN void *trun_mem_alloc (size_t size);
TRUN_HIDDEN void trun_mem_free (void *p, size_t size);

/* ---- state.c: the process-wide values the hot path reads ---- */
/* The process-wide values the markers read, in one cache line: the
   trace set, the gate and the region set side by side, so that one
   64-bit load reads a domain's component set together with the gate
   (entry/markers.c), then the clock's choice and the throttle's
   count.  Their names are the fields'.  */
struct trun_marker_words
{
  trun_mask_t trace_mask;  /* fixed at start */
  volatile int gate;       /* nonzero: slow path */
  trun_mask_t region_mask; /* current region-domain set */
  int use_tsc;             /* clock.c: the TSC is the clock */
  uint64_t throttle_count_limit; /* throttle.c: UINT64_MAX: off */
};
TRUN_HIDDEN extern struct trun_marker_words trun_marker_words;
#define trun_gate (trun_marker_words.gate)
#define trun_trace_mask (trun_marker_words.trace_mask)
#define trun_region_mask (trun_marker_words.region_mask)
#define trun_use_tsc (trun_marker_words.use_tsc)
#define trun_throttle_count_limit (trun_marker_words.throttle_count_limit)
_Static_assert (sizeof (trun_mask_t) == 4 && sizeof (int) == 4
                    && __builtin_offsetof (struct trun_marker_words, gate) == 4
                    && __builtin_offsetof (struct trun_marker_words,
                                           region_mask) == 8,
                "a domain's set and the gate are one 64-bit word");
/* The gate as read by every thread: other threads change it (pause,
   resume, finalize) with __atomic operations meanwhile, so reads are
   relaxed atomic loads (one plain load, as before, on x86).  */
#define trun_gate_now() __atomic_load_n (&trun_gate, __ATOMIC_RELAXED)
#define TRUN_GATE_PAUSED 1
#define TRUN_GATE_FINAL 2
#define TRUN_GATE_OFF 4
#define TRUN_GATE_INIT 8
/* No TSC on x86 (core/clock.c): the markers' fast enter reads the TSC
   without testing for it, so every enter takes the general one, which
   reads trun_ticks.  Set once at start, before the first call.  */
#define TRUN_GATE_NO_TSC 16
TRUN_HIDDEN extern int trun_initialized; /* set once start-up is done */
TRUN_HIDDEN extern uint32_t trun_depth_limit; /* 0 with a flat profile */

/* A descriptor's name id: 0 until the first thread that needs it stores
   it (each would store the same), read by every thread.  Release and
   acquire order the name's interning before its use.  */
static inline uint32_t
trun_desc_id (struct trun_desc *d)
{
  return __atomic_load_n (&d->id, __ATOMIC_ACQUIRE);
}
/* Sets D's id to ID unless another thread set it first (the same name's
   id), or the run-time filters claimed D (TRUN_DESC_ID_SKIPPED): returns
   the id D has now.  */
static inline uint32_t
trun_desc_set_id (struct trun_desc *d, uint32_t id)
{
  uint32_t none = 0;
  if (__atomic_compare_exchange_n (&d->id, &none, id, 0, __ATOMIC_ACQ_REL,
                                   __ATOMIC_ACQUIRE))
    return id;
  return none;
}
/* Whether D's calls are measured now (other threads clear the flag).  */
static inline int
trun_desc_measured (struct trun_desc *d)
{
  return __atomic_load_n (&d->enabled, __ATOMIC_RELAXED) == 1;
}

/* ---- clock.c ---- */
TRUN_HIDDEN extern double trun_tick_seconds; /* seconds per tick */
/* At start: choose the clock, take the start pair (no waiting).  */
TRUN_HIDDEN void trun_clock_init (void);
/* At finalize, floating point: trun_tick_seconds over the whole run.  */
TRUN_HIDDEN void trun_clock_calibrate (void);
/* Ticks and nanoseconds since the start, in integers; 0 while too short
   to give the tick rate to 1/1000 (ticks are nanoseconds without the
   TSC: 1 and 1).  */
TRUN_HIDDEN int trun_clock_elapsed (uint64_t *ticks, uint64_t *ns);
TRUN_HIDDEN uint64_t trun_ticks (void);
/* A tick and its CLOCK_MONOTONIC nanoseconds, read together (no
   floating point, async-signal-safe); the one taken at start.  */
TRUN_HIDDEN void trun_clock_pair (uint64_t *tick, uint64_t *ns);
TRUN_HIDDEN void trun_clock_start_pair (uint64_t *tick, uint64_t *ns);
#if defined(__x86_64__) || defined(__i386__)
#include <x86intrin.h>
#endif
static inline uint64_t
trun_now (void)
{
#if defined(__x86_64__) || defined(__i386__)
  if (trun_likely (trun_use_tsc))
    return __rdtsc ();
#endif
  return trun_ticks ();
}

/* ---- thread.c ---- */
TRUN_HIDDEN extern __thread struct trun_thread *trun_self
    __attribute__ ((tls_model ("initial-exec")));
/* What the markers read instead: trun_self, or while that is NULL or
   BUSY (trun_busy_inc) trun_no_thread, whose BUSY is set and whose
   depth limit and one frame send every call out of line, so that the
   out-of-line test of BUSY covers both.  Set after trun_self, cleared
   before it: a signal handler's markers in between find a state or no
   state, each whole.  */
TRUN_HIDDEN extern __thread struct trun_thread *trun_marker_self
    __attribute__ ((tls_model ("initial-exec")));
TRUN_HIDDEN extern struct trun_thread trun_no_thread;
/* BUSY of T, the calling thread's state, up and down.  While it is set
   the markers read trun_no_thread too, whose frames and depth limit
   send every call out of line, where BUSY is tested: their fast paths
   test none.  trun_no_thread before BUSY is set and until it is clear:
   a signal handler's markers in between go out of line, where the
   thread is not BUSY yet, or no more (only finalize's BUSY is set with
   signals not held, when the gate already sends every enter out of
   line and records none there).  */
static inline void
trun_busy_inc (struct trun_thread *t)
{
  trun_marker_self = &trun_no_thread;
  trun_signal_fence ();
  t->busy++;
}

static inline void
trun_busy_dec (struct trun_thread *t)
{
  t->busy--;
  trun_signal_fence ();
  /* (Not once the state is forgotten, as in a fork child.)  */
  if (!t->busy && t == trun_self)
    trun_marker_self = t;
}
/* The calling thread's state, made on first use once the runtime is
   initialized (NULL before).  */
TRUN_HIDDEN struct trun_thread *trun_thread_get (void);
/* State for a new thread created by CREATOR (NULL: none), its roots
   attached under ATTACH[d], nodes of CREATOR (NULL: top level).  */
TRUN_HIDDEN struct trun_thread *trun_thread_start (
    struct trun_thread *creator, struct trun_node *const attach[TRUN_NDOMAIN]);
/* T's graphs now hang under nodes of OWNER: OWNER stays until T ends.  */
TRUN_HIDDEN void trun_thread_pin (struct trun_thread *t,
                                  struct trun_thread *owner);
/* A pin on OWNER for a thread not started yet (trun_thread_start takes
   it over), and giving one back.  */
TRUN_HIDDEN void trun_thread_hold (struct trun_thread *owner);
TRUN_HIDDEN void trun_thread_drop (struct trun_thread *owner);
/* What ended threads leave: their graphs, in ticks, by domain (NULL:
   none ended), and a record of each.  Read at finalize.  */
struct trun_thread_record
{
  unsigned index, parent;
  long tid;
  int cpu, moved; /* cpu: first_cpu */
};
TRUN_HIDDEN const struct trun_mtree *trun_retired_tree (int d);
TRUN_HIDDEN const struct trun_thread_record *
trun_retired_threads (size_t *n, size_t *nodes, size_t *bytes);
/* Calls of domain D folded by TRUN_MAX_NODES in every thread, live or
   ended (finalize, under the thread lock).  */
TRUN_HIDDEN uint64_t trun_folded_calls (int d);
TRUN_HIDDEN void trun_thread_check_moved (struct trun_thread *t);
TRUN_HIDDEN struct trun_thread *trun_thread_list (void);
TRUN_HIDDEN unsigned trun_thread_count (void);
TRUN_HIDDEN void trun_thread_lock (void);
TRUN_HIDDEN void trun_thread_unlock (void);
/* In a fork() child: forget every thread; returns the caller's old
   state (its frames are still readable) or NULL.  */
TRUN_HIDDEN struct trun_thread *trun_thread_forget_all (void);
/* The node children currently attach to in domain D (NULL: top level).  */
TRUN_HIDDEN struct trun_node *trun_current_node (struct trun_thread *t,
                                                 int d);

/* ---- graph.c ---- */
TRUN_HIDDEN struct trun_node *trun_node_new (struct trun_thread *t,
                                             struct trun_node *parent,
                                             uint32_t id, uint32_t flags);
/* PARENT's child ID, made when missing; NULL when it is missing and the
   thread has made TRUN_MAX_NODES nodes.  */
TRUN_HIDDEN struct trun_node *trun_child_lookup (struct trun_thread *t,
                                                 struct trun_node *parent,
                                                 uint32_t id);
TRUN_HIDDEN struct trun_stat *trun_node_xstat (struct trun_thread *t,
                                               struct trun_node *n, int comp);
TRUN_HIDDEN void *trun_arena_alloc (struct trun_thread *t, size_t size);
TRUN_HIDDEN void trun_ctable_free (struct trun_ctable *t);
/* Growth (malloc): inside trun_busy_enter/leave.  */
TRUN_HIDDEN void trun_dstate_grow (struct trun_dstate *ds);
TRUN_HIDDEN void trun_dstate_init (struct trun_thread *t, int d,
                                   struct trun_node *attach);
TRUN_HIDDEN void trun_dstate_refresh_limit (struct trun_dstate *ds);
/* Make room for N more start samples.  */
TRUN_HIDDEN void trun_samples_reserve (struct trun_dstate *ds, uint32_t n);
/* Make (or reuse) a root of T in domain D attached under ATTACH, and
   make it current.  Only when T has no open frame in D.  */
TRUN_HIDDEN void trun_attach_root (struct trun_thread *t, int d,
                                   struct trun_node *attach);

/* ---- intern.c: name ids (1..n); id 0 is "none" ---- */
TRUN_HIDDEN uint32_t trun_intern (const char *name);
TRUN_HIDDEN uint32_t trun_intern_find (const char *name); /* 0: unknown */
TRUN_HIDDEN const char *trun_intern_name (uint32_t id);
TRUN_HIDDEN uint32_t trun_intern_count (void);
/* Returns 1 the first time it is called for (ID, WHAT); for warn-once.  */
TRUN_HIDDEN int trun_intern_first_warning (uint32_t id, unsigned what);
TRUN_HIDDEN void trun_intern_reset_locks (void);

/* ---- frames.c: the general enter and exit ---- */
enum trun_end_kind
{
  TRUN_END_QUIET,   /* function exit: mismatches only in verbose mode */
  TRUN_END_WARN     /* named end: mismatch warns once */
};
/* Enter ID in domain D on thread T, at stack pointer SP (0: not a
   function frame).  */
TRUN_HIDDEN void trun_enter_id_sp (struct trun_thread *t, int d, uint32_t id,
                                   uintptr_t sp);
/* The same for a call not measured (its descriptor DESC, whose id is
   ID, is disabled): counted in this thread's node of the call (in DESC
   when there is none: TRUN_MAX_NODES, TRUN_MAX_DEPTH), and a frame that
   records nothing, so the call's exit pops it.  */
TRUN_HIDDEN void trun_enter_unmeasured (struct trun_thread *t, int d,
                                        struct trun_desc *desc, uint32_t id,
                                        uintptr_t sp);
TRUN_HIDDEN struct trun_node *trun_child_lookup_cached (
    struct trun_thread *t, struct trun_node *parent, uint32_t id);
TRUN_HIDDEN void trun_exit_at (struct trun_thread *t, int d, uint32_t id,
                               uint64_t end, enum trun_end_kind k,
                               struct trun_desc *desc);
/* The same for a function's exit at stack pointer SP (0: unknown),
   which may be on another execution stack than the current one.  */
TRUN_HIDDEN void trun_exit_at_sp (struct trun_thread *t, int d, uint32_t id,
                                  uint64_t end, enum trun_end_kind k,
                                  struct trun_desc *desc, uintptr_t sp);
/* Pop the top frame of DS, recording it at END.  */
TRUN_HIDDEN void trun_frame_pop (struct trun_thread *t,
                                 struct trun_dstate *ds, uint64_t end);
/* Exit ID on the calling thread (nothing when it has no state).  */
TRUN_HIDDEN void trun_exit_id (int d, uint32_t id, enum trun_end_kind k,
                               struct trun_desc *desc);
/* Close every open frame of T (finalize).  */
TRUN_HIDDEN void trun_close_all (struct trun_thread *t, uint64_t now);

/* ---- stacks.c: execution stacks (makecontext, sigaltstack, fibers) ---- */
/* A function is entered in D at stack pointer SP, which is not 0 to
   TRUN_STACK_JUMP bytes below the top frame's: switch to the stack SP is on
   (a suspended one, or a new one attached under the current node),
   unwind the frames a longjmp abandoned, or adopt SP for a top frame
   that has none.  Returns 1 when the frame to push is the first of a
   new stack (its id then gets TRUN_FRAME_ID_BOTTOM).  */
TRUN_HIDDEN int trun_stack_enter (struct trun_thread *t, int d, uintptr_t sp);
/* An exit of ID at SP, tick END, found no frame of ID on top: make
   current the suspended stack whose top frame it is, if one is (1),
   else 0.  */
TRUN_HIDDEN int trun_stack_exit (struct trun_thread *t, int d, uint32_t id,
                                 uintptr_t sp, uint64_t end);
/* The current stack of T in D was emptied by an exit at tick END: back
   to the one it was entered from (no-op on the thread's own).  */
TRUN_HIDDEN void trun_stack_emptied (struct trun_thread *t, int d,
                                     uint64_t end);
/* A longjmp to stack pointer TARGET is about to happen: close the
   frames of the current stack in D it abandons.  */
TRUN_HIDDEN void trun_stack_longjmp (struct trun_thread *t, int d,
                                     uintptr_t target);
/* Call FN on every suspended stack of T in D, its frames as a dstate
   (finalize, thread end), and that stack's pause time (0: running).  */
TRUN_HIDDEN void trun_stacks_each (struct trun_thread *t, int d,
                                   void (*fn) (struct trun_thread *,
                                               struct trun_dstate *,
                                               uint64_t paused_at, void *),
                                   void *arg);
/* Free the stacks' arrays (the thread's state is being freed).  */
TRUN_HIDDEN void trun_stacks_free (struct trun_thread *t);

/* ---- timeline.c: TRUN_TIMELINE, every measured enter and exit as an
   8-byte word (core/timeline.h) in a per-thread buffer, written by its
   own thread to a raw file when full ---- */
struct trun_tl
{
  uint64_t n;       /* words claimed, ever: word J goes to slot J & MASK */
  uint64_t flushed; /* words written (or dropped) so far: a multiple of
                       CAP; slots of words from here to N are in memory */
  uint64_t limit;   /* FLUSHED + CAP: words from here wait for a flush */
  uint64_t cap, mask; /* words the buffer holds: a power of two */
  trun_tl_word *ev;
  uint64_t near;    /* the fast path's: REF_NEAR, or with name filters
                       REF_NEAR + 2^63, which no tick passes */
  uint64_t ref_near; /* the last long event's tick less TRUN_TL_NEAR:
                        short events are within 2 * TRUN_TL_NEAR above it */
  struct trun_tl **slot; /* the thread's TL: NULL once stopped */
  int fd;                /* raw file, opened on first flush; -1 */
  int flushing;          /* the owner is writing a block (finalize waits) */
  int stopped;
  int role;              /* enum trun_tl_role */
  unsigned index;
  long tid;
  size_t bytes;          /* of EV */
  uint64_t written;      /* bytes in the raw file: word J is at J * 8 */
  struct trun_tl *next;  /* every buffer made (timeline.c) */
};

/* Claim the next N words: one instruction, so a signal handler's events
   come wholly before or after it.  */
static inline uint64_t
trun_tl_claim (uint64_t *at, uint64_t n)
{
#if defined(__x86_64__)
  __asm__ volatile ("xaddq %0, %1" : "+r"(n), "+m"(*at) : : "memory");
  return n;
#else
  return __atomic_fetch_add (at, n, __ATOMIC_RELAXED);
#endif
}

/* Word J (claimed) when the buffer is full or a handler wrote J's block
   out meanwhile.  */
TRUN_HIDDEN void trun_tl_put_slow (struct trun_tl *b, uint64_t j,
                                   trun_tl_word w) TRUN_REALIGN;
/* Every event the fast test sends here: a name the filters may drop
   (TRUN_TIMELINE_INCLUDE, _EXCLUDE), a tick far from the reference, an
   id of 2^21 or more.  */
TRUN_HIDDEN void trun_tl_put_other (struct trun_tl *b, uint64_t tick,
                                    uint32_t id, uint32_t kind)
    TRUN_REALIGN;
/* An event as a long one (core/timeline.h): any tick, id and kind.  */
TRUN_HIDDEN void trun_tl_put_long (struct trun_tl *b, uint64_t tick,
                                   uint32_t id, uint32_t kind)
    TRUN_REALIGN;

/* Whether an event at TICK of name ID is one short word the fast path
   puts (trun_tl_put_word): TICK near the buffer's reference, ID small
   and no filter set (NEAR folds the filters in: one test).  */
static inline __attribute__ ((always_inline)) int
trun_tl_short_ok (const struct trun_tl *b, uint64_t tick, uint32_t id)
{
  return trun_likely (!(((tick - b->near) / (2 * TRUN_TL_NEAR))
                        | (id / TRUN_TL_SHORT_IDS)));
}

/* W into SLOT if it is empty (TRUN_TL_WORD_EMPTY): 1, or 0 when it
   holds another word (a later lap's, or an earlier word's late fill,
   core/timeline.c, put_word).  One instruction, so that no handler comes
   between the test and the store; without the lock prefix, since only
   the thread and its handlers write the buffer.  */
static inline __attribute__ ((always_inline)) int
trun_tl_fill (trun_tl_word *slot, trun_tl_word w)
{
  trun_tl_word empty = TRUN_TL_WORD_EMPTY;
  return trun_local_cas (slot, &empty, w);
}

/* Put one short word W: claim its number J (into *JP), fill its slot,
   then check that no signal handler wrote that slot's block out
   meanwhile: 1, or 0 when word J is for trun_tl_put_slow.  A handler's
   events come wholly before or after the claim.  One that filled the
   buffer and wrote it between our claim and our fill wrote this slot
   as it was (empty: readers skip it), and the slot is now word
   J + CAP's: the fill takes it only while that word has not come (and
   the slow path empties it again), and the slow path puts the word
   where the file has it.  The buffer full (J a whole buffer past what
   was written): the slow path writes it.  No lock, no allocation, no
   system call.  Inline in the markers, whose slow paths after it are
   tail calls.  */
/* LIMIT and FLUSHED as the fast path reads them (other threads never
   write them, a handler on the thread may): on x86-64 plain loads,
   which GCC folds into the compares (an atomic one it loads into a
   register first), each whole, the fence keeping FLUSHED's after the
   fill.  */
#if defined(__x86_64__)
#define trun_tl_fast_load(p) (*(const uint64_t *) (p))
#else
#define trun_tl_fast_load(p) __atomic_load_n (p, __ATOMIC_RELAXED)
#endif
static inline __attribute__ ((always_inline)) int
trun_tl_try_word (struct trun_tl *b, trun_tl_word w, uint64_t *jp)
{
  uint64_t j = trun_tl_claim (&b->n, 1);
  *jp = j;
  /* (J below FLUSHED, written out already, passes too: then the check
     after the fill sends it to the slow path.)  */
  if (trun_likely (j < trun_tl_fast_load (&b->limit))
      && trun_likely (trun_tl_fill (&b->ev[j & b->mask], w)))
    {
      trun_signal_fence ();
      if (trun_likely (trun_tl_fast_load (&b->flushed) <= j))
        return 1;
    }
  return 0; /* word J is for trun_tl_put_slow */
}

static inline __attribute__ ((always_inline)) void
trun_tl_put_word (struct trun_tl *b, trun_tl_word w)
{
  uint64_t j;
  if (!trun_tl_try_word (b, w, &j))
    trun_tl_put_slow (b, j, w);
}

/* Record one enter or exit (KIND below 4): one word, or through
   trun_tl_put_other.  */
static inline __attribute__ ((always_inline)) void
trun_tl_put (struct trun_tl *b, uint64_t tick, uint32_t id, uint32_t kind)
{
  if (!trun_tl_short_ok (b, tick, id))
    {
      trun_tl_put_other (b, tick, id, kind);
      return;
    }
  trun_tl_put_word (b, trun_tl_short_word (tick, id, kind));
}

/* The recording calls of frames.c: events of frames that are measured
   (the filters are tested on the way, in trun_tl_put_other).  */
static inline __attribute__ ((always_inline)) void
trun_tl_record (struct trun_tl *b, uint64_t tick, uint32_t id, int d,
                int exit)
{
  trun_tl_put (b, tick, id, TRUN_TL_KIND (exit, d));
}

/* The fast exit's event (entry/markers.c) out of line, with the rest
   of that exit: its node N's wall-clock sample (TICKS, ending at END)
   and the throttle's check, for a frame whose id is below
   TRUN_TL_SHORT_IDS.
   Inline, the fill's cmpxchg, which takes %rax, cost every exit a saved
   register and a move, the timeline on or not.  Six arguments: all in
   registers, a tail call; it calls nothing (its slow paths, in
   core/timeline.c, are its tail calls), so needs no realigned stack.
   DESC first, where the marker has it; END before TICKS, so that the
   sample's multiply (into %rdx) takes a register free by then.  */
TRUN_HIDDEN void trun_tl_exit_event (struct trun_desc *desc,
                                     struct trun_node *n, uint64_t end,
                                     uint64_t ticks, struct trun_tl *b,
                                     int d);

/* Start-up (lifecycle): TRUN_TIMELINE's settings; raw files go in a
   private directory made in OUTPUT_DIR on the first full buffer.  */
TRUN_HIDDEN void trun_tl_init (const char *output_dir);
TRUN_HIDDEN int trun_tl_on (void);
/* A new thread state (thread.c): its buffer.  */
TRUN_HIDDEN void trun_tl_thread_start (struct trun_thread *t);
/* T ended (its frames closed): the buffer's events to its file.  */
TRUN_HIDDEN void trun_tl_thread_end (struct trun_thread *t);
/* T runs OpenMP bodies of another thread's forks (inline: graph.c
   needs nothing else of timeline.c).  */
static inline void trun_tl_note_omp (struct trun_thread *t);
/* Finalize: no buffer is written any more; the model of every stream,
   open frames of live threads closed at NOW.  NULL when off.  */
TRUN_HIDDEN const struct trun_timeline *trun_tl_finish (uint64_t now);
/* After the report: the raw files are removed (KEEP: kept, and said).  */
TRUN_HIDDEN void trun_tl_cleanup (int keep);
/* One warning at finalize when recording stopped at the disk limit.  */
TRUN_HIDDEN void trun_tl_warn_stopped (void);
/* In a fork() child: the parent's buffers are not ours.  */
TRUN_HIDDEN void trun_tl_forget_all (void);
/* The MPI rank, for the raw files' index.  */
TRUN_HIDDEN void trun_tl_set_rank (int rank, int size);
/* The timeline's time 0, in ticks.  */
TRUN_HIDDEN uint64_t trun_tl_start_tick (void);
/* Where this timeline's clock meets the job's axis (mpi/, at
   MPI_Finalize): N (at most 2) sync points, into the model.  */
TRUN_HIDDEN void trun_tl_set_sync (const struct trun_tl_sync *sync, int n);

/* T entered (and recorded) an OpenMP body in domain D at depth 1 that
   thread FROM forked at FORK_TICK: the flow from the fork to it.  */
static inline void
trun_tl_note_fork_flow (struct trun_thread *t, int d, uint64_t fork_tick,
                        unsigned from)
{
  struct trun_tl *b = t->tl;
  if (b)
    trun_tl_put_long (b, fork_tick, from, TRUN_TL_FLOW_KIND (d));
}

static inline void
trun_tl_note_omp (struct trun_thread *t)
{
  if (t->tl && t->index != 0)
    t->tl->role = TRUN_TL_OMP;
}

/* ---- throttle.c ---- */
/* The markers' exit calls it at any stack alignment.  */
TRUN_HIDDEN void trun_throttle_check (struct trun_desc *d,
                                      struct trun_node *n) TRUN_REALIGN;
TRUN_HIDDEN void trun_throttle_setup (void);

/* One wall-clock sample of TICKS into N, the node of DESC, and the
   throttle's test once N has been counted often enough (one compare
   on the markers' path).  */
static inline __attribute__ ((always_inline)) void
trun_wall_sample (struct trun_desc *desc, struct trun_node *n,
                  uint64_t ticks)
{
  trun_tstat_add (&n->wall, ticks);
  if (trun_unlikely (n->wall.count > trun_throttle_count_limit))
    trun_throttle_check (desc, n);
}
/* After merge: mark throttled nodes in T.  */
TRUN_HIDDEN void trun_throttle_mark (struct trun_mtree *t);
/* The descriptors throttled so far.  */
TRUN_HIDDEN struct trun_desc *const *trun_throttled (size_t *n);
/* At exit: one warning when something was throttled.  */
TRUN_HIDDEN void trun_throttle_warn (void);
/* Descriptors in [BEGIN, END) now live at COPY (the object is unloaded);
   _forget drops them.  */
TRUN_HIDDEN void trun_throttle_retarget (struct trun_desc *begin,
                                         struct trun_desc *end,
                                         struct trun_desc *copy);
TRUN_HIDDEN void trun_throttle_forget (struct trun_desc *begin,
                                       struct trun_desc *end);

/* ---- descs.c: the descriptor ranges instrumented objects registered ---- */
#include <regex.h>
/* RE compiled from the setting VAR's VALUE (extended, no subexpressions):
   1; 0 when VALUE is empty, or bad (one warning naming VAR).  */
TRUN_HIDDEN int trun_regex_setting (regex_t *re, const char *value,
                                    const char *var);
/* Remember [BEGIN, END) and apply the run-time filters to it; a range
   seen before is ignored.  */
TRUN_HIDDEN void trun_descs_add (struct trun_desc *begin,
                                 struct trun_desc *end);
/* No marker is to run for D any more: TRUN_DESC_SKIPPED when no call
   has entered it yet (its id claimed), else only disabled.  */
TRUN_HIDDEN void trun_desc_skip (struct trun_desc *d);
/* The object holding [BEGIN, END) is being unloaded: keep a copy.  */
TRUN_HIDDEN void trun_descs_retire (struct trun_desc *begin,
                                    struct trun_desc *end);
TRUN_HIDDEN const struct trun_desc_range *trun_desc_ranges (size_t *n);
TRUN_HIDDEN int trun_coverage_mode (void);
TRUN_HIDDEN void trun_descs_disable_all (void);

/* ---- topology.c (found on first call, from TRUN_TOPOLOGY's source:
   sysfs, hwloc or none) ---- */
TRUN_HIDDEN const char *trun_topology_line (void); /* NULL when unknown */
TRUN_HIDDEN const char *trun_topology_json (void); /* NULL when unknown */
/* The PU and NUMA node (OS indices) of CPU, a sched_getcpu () number;
   -1 when unknown.  */
TRUN_HIDDEN void trun_topology_where (int cpu, int *pu, int *numa);

/* ---- across.c: a job node's data across ranks (mtree.h) ---- */
/* Rank RANK's node N of SRC folded into job node M of JOB: one sample
   per component, its run, with VALUES its per-rank values.  Ranks come
   in ascending order.  0, or -1 when out of memory.  */
TRUN_HIDDEN int trun_mjob_add_rank (struct trun_mtree *job,
                                    struct trun_mnode *m,
                                    const struct trun_mtree *src,
                                    const struct trun_mnode *n, int rank,
                                    int values);
/* Job node N of SRC (ranks above all of M's) folded into job node M.  */
TRUN_HIDDEN int trun_mjob_fold (struct trun_mtree *job, struct trun_mnode *m,
                                const struct trun_mtree *src,
                                const struct trun_mnode *n);
TRUN_HIDDEN void trun_mjob_free (struct trun_mjob *j);

/* ---- merge.c ---- */
/* T becomes every live thread's graph of domain D, frames threads other
   than SELF have open counted as closed at NOW, plus RETIRED (ended
   threads' tree, in ticks; may be NULL).  */
TRUN_HIDDEN void trun_merge_domain (struct trun_mtree *t, int d, uint64_t now,
                                    const struct trun_thread *self,
                                    const struct trun_mtree *retired);
/* Fold thread TH's graph of domain D into T, in ticks, by path (other
   threads may still record: none of their nodes is written).  */
TRUN_HIDDEN void trun_merge_thread (struct trun_mtree *t,
                                    struct trun_thread *th, int d);

#endif /* TRUN_RT_CORE_H */
