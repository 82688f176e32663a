/* rt/entry/markers.c -- the markers the plugin inserts: enter and exit.
 *
 * The emitted code calls them while a descriptor's enabled flag, read
 * once per call, is below TRUN_DESC_SKIPPED (trun/abi.h): a throttled
 * function's later calls never get here.  The flag is read again here,
 * at enter: a call made while it is not 1 (a run-time filter disabled
 * an entered descriptor, or the function was throttled after the
 * emitted code read the flag) is counted in the thread's node of the
 * call (its UNMEASURED; the descriptor's CALLS only when there is no
 * node) and gets a frame that records nothing, which its exit pops.
 *
 * Fast path (wall_clock only, frame stack has room, descriptor already
 * has an id): one TLS load, a few compares, a cached child lookup, a
 * frame push and one TSC read; no lock, no allocation, no errno change.
 * A disabled call's fast path is the same lookup, one add to the
 * thread's own node and the frame push: nothing written is shared with
 * another thread.
 * Everything else goes out of line: to entry/slow.c before the thread
 * has a state or the descriptor an id, else to core/frames.c.
 *
 * Each marker has two ways in: the C entry points, and on x86-64 the
 * register-preserving _preserve entries the plugin emits there (stubs
 * of four instructions at the end of this file).  Both hand
 * over the caller's stack pointer at the marker, so frames entered
 * either way compare alike when a longjmp or a switch of execution
 * stacks is detected: an enter whose stack pointer is not below the
 * top frame's by 0 to TRUN_STACK_JUMP bytes (one subtraction and one
 * compare, SP_ODD below) goes out of line to core/stacks.c, and so does
 * an exit that does not match the top frame, with its stack pointer.
 */
#include "entry/entry.h"

/* The stack pointer of the function calling the C entry point, as it
   was at the call (its CFA): what the _preserve stubs pass too.  */
#define CALLER_SP() ((uintptr_t) __builtin_dwarf_cfa ())

/* The clock (see enter and leave below): TSC nonzero, the TSC read
   inline; else trun_ticks.  */
static inline __attribute__ ((always_inline)) uint64_t
marker_now (int tsc)
{
#if defined(__x86_64__) || defined(__i386__)
  if (tsc)
    return __rdtsc ();
#endif
  (void) tsc;
  return trun_ticks ();
}

/* Whether a function entered at SP is not a child of TOP on the same
   stack (a child's is below TOP's, or equal when it was inlined into
   TOP's function): a longjmp abandoned TOP, the thread switched stacks,
   or TOP has no stack pointer yet (core/stacks.c sorts them out).  */
#define SP_ODD(top, sp) ((top)->sp - (sp) > TRUN_STACK_JUMP)

/* Domain D's component set with the gate, in one load
   (struct trun_marker_words), and its value when the set is the wall
   clock alone and the gate open.  Other threads change either half
   meanwhile: each is read as some value it had.  */
static inline __attribute__ ((always_inline)) uint64_t
enter_word (int d)
{
  uint64_t w;
  __builtin_memcpy (&w,
                    (const char *) &trun_marker_words
                        + (d == TRUN_DOMAIN_TRACE ? 0 : 4),
                    sizeof w);
  return w;
}
#define ENTER_WORD_FAST(d)                                                    \
  ((d) == TRUN_DOMAIN_TRACE ? (uint64_t) TRUN_WALL_BIT                        \
                            : (uint64_t) TRUN_WALL_BIT << 32)

/* The out-of-line part of the enter: a disabled call's frame, and
   everything the fast path below does not take (growth, depth limit,
   other components, a frame a longjmp abandoned or a switch of stacks,
   a child not cached, a descriptor without an id or claimed by the
   filters, no thread state, BUSY, the gate closed).  The _preserve
   entries reach the markers at any stack alignment (see there), so
   every call the markers make out of line realigns the stack
   (MARKER_CALLEE), never their fast paths, which use no stack.  */
#define MARKER_CALLEE __attribute__ ((noinline)) TRUN_REALIGN
static MARKER_CALLEE void
enter_other (struct trun_desc *desc, uintptr_t sp, int d)
{
  /* Read again here: passed in, it took the fast path two moves.  */
  struct trun_thread *t = trun_marker_self;
  uint32_t id = trun_desc_id (desc);
  if (t->busy || enter_word (d) != ENTER_WORD_FAST (d)
      || id - 1 >= TRUN_DESC_ID_SKIPPED - 1)
    {
      trun_enter_desc_slow (d, desc, sp);
      return;
    }
  struct trun_dstate *ds = &t->dom[d];
  struct trun_frame *top = ds->frames + ds->depth, *f = top + 1;
  struct trun_node *parent = top->cur;
  if (trun_desc_measured (desc))
    {
      trun_enter_id_sp (t, d, id, sp);
      return;
    }
  /* Not measured: a frame that records nothing, children attach to the
     parent's node, the call counted in this thread's node of it
     (exactly: the merge adds the threads' counts up).  */
  struct trun_node *c = trun_ccache_get (t, parent, id);
  if (trun_unlikely (ds->depth >= ds->fast_limit || SP_ODD (top, sp) || !c))
    {
      trun_enter_unmeasured (t, d, desc, id, sp);
      return;
    }
  trun_local_add (&c->unmeasured, 1);
  struct trun_frame fill = { .cur = parent, .id = id,
                             .mask = TRUN_FRAME_SLOW,
                             .sample_off = ds->nsamples, .sp = sp };
  *f = fill; /* then published, then again: see enter_with */
  trun_signal_fence ();
  ds->depth++;
  trun_signal_fence ();
  *f = fill;
}

/* trun_desc_measured for the fast path: on x86-64 a plain load, which
   GCC folds into the compare (a volatile or atomic one it loads into a
   register first); an aligned 4-byte load is whole there, and its one
   use leaves the compiler nothing to read twice.  */
static inline __attribute__ ((always_inline)) int
desc_measured_fast (struct trun_desc *desc)
{
#if defined(__x86_64__)
  return *(const uint32_t *) &desc->enabled == 1;
#else
  return trun_desc_measured (desc);
#endif
}

static inline __attribute__ ((always_inline)) void
enter_with (int d, struct trun_desc *desc, uintptr_t sp, int tsc)
{
  /* trun_no_thread while the thread has no state or is BUSY: its depth
     limit sends every call to enter_other, which tests BUSY.  */
  struct trun_thread *t = trun_marker_self;
  /* Components other than wall_clock go out of line, measured or not
     (tested here, where it keeps no register busy), and so does every
     call while the gate is closed: one compare for both.  */
  struct trun_dstate *ds = &t->dom[d];
  uint32_t depth = ds->depth;
  /* The depth limit too, before DEPTH becomes an offset.  */
  if (trun_unlikely (enter_word (d) != ENTER_WORD_FAST (d)
                     || depth >= ds->fast_limit))
    {
      enter_other (desc, sp, d);
      return;
    }
  uint32_t id = trun_desc_id (desc);
  struct trun_frame *top = ds->frames + depth, *f = top + 1;
  struct trun_node *parent = top->cur;
  /* The child cache (core/core.h): one slot of the thread's table,
     checked against the node's own parent and id.  An id of 0 (none
     yet) or TRUN_DESC_ID_SKIPPED is no cached node's, so the probe
     tests it too; enter_other sorts such calls out, and disabled ones
     (not tested before the probe, which keeps that path straight).  */
  struct trun_node *n = trun_ccache_get (t, parent, id);
  if (trun_unlikely (!n || !desc_measured_fast (desc) || SP_ODD (top, sp)))
    {
      enter_other (desc, sp, d);
      return;
    }
  /* A signal handler may run between any two instructions here, and
     its markers use the same stack.  What a handler's frames read of
     the frame below theirs is CUR and SP, so those are filled before
     the publish, with NODE NULL: until the publish a handler takes this
     slot for its own frames (and pops them), after it the slot is a
     frame that records nothing (a handler that finalizes skips it)
     whose children attach to N.  The publish is followed by every field
     again (a handler before it left its own there), NODE last: from
     then on the frame is whole.  */
  f->node = NULL;
  f->cur = n;
  f->sp = sp;
  trun_signal_fence ();
  ds->depth++;
  trun_signal_fence ();
  f->cur = n;
  f->sp = sp;
  f->id = id;
  f->mask = TRUN_WALL_BIT;
  uint64_t tick = marker_now (tsc);
  f->start = tick;
  trun_signal_fence ();
  f->node = n;
  /* TRUN_TIMELINE (core/timeline.c): one test of a field beside BUSY
     when off; with it, the event is put here, after the frame is whole
     (its slow paths are tail calls: nothing here lives across them).  */
  if (trun_unlikely (t->tl != NULL))
    {
      struct trun_tl *b = __atomic_load_n (&t->tl, __ATOMIC_RELAXED);
      if (!trun_tl_short_ok (b, tick, id))
        {
          /* An id no short word holds: the exit out of line, whose fast
             path tests none (core/core.h, TRUN_FRAME_SLOW).  */
          if (id >= TRUN_TL_SHORT_IDS)
            f->mask = TRUN_WALL_BIT | TRUN_FRAME_SLOW;
          trun_tl_put_other (b, tick, id, TRUN_TL_KIND (0, d));
          return;
        }
      trun_tl_put_word (b, trun_tl_short_word (tick, id, TRUN_TL_KIND (0, d)));
    }
}

/* Every exit but a measured one on top (below): a tail call, so the
   markers' own path needs no stack frame.  It reads the clock itself,
   whichever it is: the fast path's reading may be the TSC's where the
   frames' starts are not (TRUN_FRAME_SLOW).  */
static MARKER_CALLEE void
leave_other (struct trun_desc *desc, uintptr_t sp, int d)
{
  struct trun_thread *t = trun_marker_self; /* as in enter_other */
  if (t->busy)
    return; /* no frame of ours can be open */
  trun_exit_at_sp (t, d, trun_desc_id (desc), trun_now (), TRUN_END_QUIET,
                   desc, sp);
}

/* Whether F is a measured frame of DESC that records the wall clock
   alone from a TSC reading, DESC still measured.  On x86-64 one compare
   of two 64-bit words, F's MASK and ID with DESC's ENABLED and ID (a
   plain load, as in desc_measured_fast, aligned and so whole; nothing
   read after it depends on the id's acquire): ENABLED 1 is
   TRUN_WALL_BIT, and every other frame's mask has TRUN_FRAME_SLOW,
   which no ENABLED has (core/core.h).  A measured frame of a descriptor
   disabled since goes out of line.  */
#if defined(__x86_64__)
typedef uint64_t __attribute__ ((may_alias)) marker_word;
_Static_assert (TRUN_WALL_BIT == 1
                    && __builtin_offsetof (struct trun_desc, id) == 4,
                "a measured descriptor's first word is a frame's mask and id");
#endif
static inline __attribute__ ((always_inline)) int
frame_is_fast (const struct trun_frame *f, struct trun_desc *desc)
{
#if defined(__x86_64__)
  return *(const marker_word *) (const void *) &f->mask
         == *(const marker_word *) (const void *) desc;
#else
  return f->id == trun_desc_id (desc) && f->mask == TRUN_WALL_BIT
         && trun_desc_measured (desc);
#endif
}

static inline __attribute__ ((always_inline)) void
leave_with (int d, struct trun_desc *desc, uintptr_t sp, int tsc)
{
  /* trun_no_thread while the thread has no state or is BUSY: its one
     frame, a sentinel, sends every exit to leave_other.  */
  struct trun_thread *t = trun_marker_self;
  struct trun_dstate *ds = &t->dom[d];
  struct trun_frame *f = &ds->frames[ds->depth];
  /* Our own measured frame on top (first: the common case).  No other
     frame matches: the sentinel (depth 0), a frame that records nothing
     or more than the wall clock, one whose start is not a TSC reading
     have TRUN_FRAME_SLOW in their mask, the first frame
     of a stack other than the thread's own has TRUN_FRAME_ID_BOTTOM in
     its id (its exit goes out of line), and TRUN_DESC_ID_SKIPPED is no
     frame's id.  */
  if (trun_likely (frame_is_fast (f, desc)))
    {
      uint64_t end = marker_now (tsc);
      /* Read the frame, then pop it: from here a handler's frames may
         reuse the slot.  */
      struct trun_node *n = f->node;
      uint64_t start = f->start;
      trun_signal_fence ();
      ds->depth--;
      trun_signal_fence ();
      /* TRUN_TIMELINE (core/timeline.c): the event, then the sample,
         out of line (a tail call; core/core.h says why).  */
      if (trun_unlikely (t->tl != NULL))
        {
          trun_tl_exit_event (desc, n, end, end - start,
                              __atomic_load_n (&t->tl, __ATOMIC_RELAXED), d);
          return;
        }
      trun_wall_sample (desc, n, end - start);
      return;
    }
  uint32_t id = trun_desc_id (desc);
  if (trun_unlikely (id == TRUN_DESC_ID_SKIPPED))
    return; /* claimed by the run-time filters: its enter pushed nothing */
  /* Our own frame recording nothing (the descriptor was disabled at
     enter, or paused, or too deep): pop it without reading the clock.
     The sentinel (depth 0) has id 0, which no descriptor's frame has;
     the first frame of a stack other than the thread's own has
     TRUN_FRAME_ID_BOTTOM in its id, so its exit goes out of line.  */
  if (!f->node && f->id == id && id
      && __atomic_load_n (&ds->depth, __ATOMIC_RELAXED) > 0)
    {
      trun_signal_fence ();
      ds->depth--;
      trun_signal_fence ();
      return;
    }
  leave_other (desc, sp, d);
}

/* On x86 neither marker tests for the TSC: without one,
   TRUN_GATE_NO_TSC sends every enter to the general path, whose frames
   then carry TRUN_FRAME_SLOW, so that their exits miss the fast path
   and read trun_ticks out of line (leave_other).  The exit's TSC
   version calls nothing but tail calls, so it saves no register (a
   call to trun_ticks in its middle made it save three).  Elsewhere the
   whole exit is the out-of-line copy reading trun_ticks.  */
#if defined(__x86_64__) || defined(__i386__)
#define MARKER_TSC 1
#else
#define MARKER_TSC 0
static __attribute__ ((noinline)) void
leave_ticks (int d, struct trun_desc *desc, uintptr_t sp)
{
  leave_with (d, desc, sp, 0);
}
#endif

static inline __attribute__ ((always_inline)) void
enter (int d, struct trun_desc *desc, uintptr_t sp)
{
  enter_with (d, desc, sp, MARKER_TSC);
}

static inline __attribute__ ((always_inline)) void
leave (int d, struct trun_desc *desc, uintptr_t sp)
{
#if MARKER_TSC
  leave_with (d, desc, sp, 1);
#else
  leave_ticks (d, desc, sp);
#endif
}

void
__trun_trace_enter (struct trun_desc *d)
{
  enter (TRUN_DOMAIN_TRACE, d, CALLER_SP ());
}

void
__trun_trace_exit (struct trun_desc *d)
{
  leave (TRUN_DOMAIN_TRACE, d, CALLER_SP ());
}

void
__trun_region_enter (struct trun_desc *d)
{
  enter (TRUN_DOMAIN_REGION, d, CALLER_SP ());
}

void
__trun_region_exit (struct trun_desc *d)
{
  leave (TRUN_DOMAIN_REGION, d, CALLER_SP ());
}

/* OpenMP bodies (entry/omp.c) enter at their own caller's stack
   pointer.  */
void
trun_marker_enter_sp (int d, struct trun_desc *desc, uintptr_t sp)
{
  if (d == TRUN_DOMAIN_TRACE)
    enter (TRUN_DOMAIN_TRACE, desc, sp);
  else
    enter (TRUN_DOMAIN_REGION, desc, sp);
}

#if defined(__x86_64__) && defined(__LP64__)
/* The _preserve entries.  The sequence (trun/abi.h) calls them with the
   descriptor in r10 and the caller's stack pointer TRUN_ABI_PRESERVE_DROP
   above the return address; the stubs hand both to these as arguments
   (the enters' in the other order: GCC then moves one register fewer)
   and call them (a call, not a jump: the stub's unwind information puts
   the caller's stack pointer where the sequence found it, which these
   functions' own, CFA = the stub's stack pointer, does not).  Four
   instructions, where TRUN_ABI_PRESERVE_ENTRY's nine also align the
   stack: these are entered at any alignment, their fast paths use no
   stack, and what they call out of line realigns it (MARKER_CALLEE,
   and trun_throttle_check).  */
#define PRESERVE_TARGET TRUN_HIDDEN void
PRESERVE_TARGET trun_preserve_trace_enter (uintptr_t sp,
                                           struct trun_desc *d);
PRESERVE_TARGET trun_preserve_trace_exit (struct trun_desc *d,
                                          uintptr_t sp);
PRESERVE_TARGET trun_preserve_region_enter (uintptr_t sp,
                                            struct trun_desc *d);
PRESERVE_TARGET trun_preserve_region_exit (struct trun_desc *d,
                                           uintptr_t sp);

void
trun_preserve_trace_enter (uintptr_t sp, struct trun_desc *d)
{
  enter (TRUN_DOMAIN_TRACE, d, sp);
}

void
trun_preserve_trace_exit (struct trun_desc *d, uintptr_t sp)
{
  leave (TRUN_DOMAIN_TRACE, d, sp);
}

void
trun_preserve_region_enter (uintptr_t sp, struct trun_desc *d)
{
  enter (TRUN_DOMAIN_REGION, d, sp);
}

void
trun_preserve_region_exit (struct trun_desc *d, uintptr_t sp)
{
  leave (TRUN_DOMAIN_REGION, d, sp);
}

/* endbr64 only where the library is built for indirect branch tracking
   (the sequence's call is indirect, through the GOT): elsewhere it is
   one more instruction a call.  */
#if defined(__CET__) && (__CET__ & 1)
#define PRESERVE_ENDBR "\tendbr64\n"
#else
#define PRESERVE_ENDBR ""
#endif
#define PRESERVE_STR_(x) #x
#define PRESERVE_STR(x) PRESERVE_STR_ (x)
#define PRESERVE_CFA PRESERVE_STR (TRUN_ABI_PRESERVE_DROP + 8)
#define PRESERVE_STUB(NAME, TARGET, DESC, SP)                                 \
  "\t.pushsection .text\n"                                                   \
  "\t.p2align 4\n"                                                           \
  "\t.globl " NAME "\n"                                                      \
  "\t.type " NAME ", @function\n" NAME ":\n"                                 \
  "\t.cfi_startproc\n"                                                       \
  "\t.cfi_def_cfa_offset (" PRESERVE_CFA ")\n"                               \
  "\t.cfi_offset %rip, -(" PRESERVE_CFA ")\n" PRESERVE_ENDBR                 \
  "\tmovq %r10, " DESC "\n"                                                  \
  "\tleaq (" PRESERVE_CFA ")(%rsp), " SP "\n"                                \
  "\tcall " TARGET "\n"                                                      \
  "\tret\n"                                                                  \
  "\t.cfi_endproc\n"                                                         \
  "\t.size " NAME ", .-" NAME "\n"                                            \
  "\t.popsection\n"

__asm__ (PRESERVE_STUB ("__trun_trace_enter_preserve",
                        "trun_preserve_trace_enter", "%rsi", "%rdi")
         PRESERVE_STUB ("__trun_trace_exit_preserve",
                        "trun_preserve_trace_exit", "%rdi", "%rsi")
         PRESERVE_STUB ("__trun_region_enter_preserve",
                        "trun_preserve_region_enter", "%rsi", "%rdi")
         PRESERVE_STUB ("__trun_region_exit_preserve",
                        "trun_preserve_region_exit", "%rdi", "%rsi"));
#endif
