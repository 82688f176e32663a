/* rt/core/stacks.c -- execution stacks: a thread that switches stacks
 * (swapcontext onto a makecontext stack, a signal handler on an
 * alternate stack, fibers) keeps one frame stack per execution stack.
 *
 * Every frame records the stack pointer of its function's enter marker,
 * and a child's is below its parent's by at most TRUN_STACK_JUMP (equal
 * when the child was inlined into the parent's function): that
 * one difference is all the markers' fast path checks.  Anything else
 * comes here (out of line, only then):
 *
 *  - an enter whose stack pointer is that distance below the top frame
 *    of a suspended stack: that stack is made current (a coroutine
 *    resumed, or a fiber switched back to);
 *  - one above the top frame but not above another frame of the same
 *    stack: a longjmp abandoned the frames in between, which are closed
 *    (what push_frame used to do alone; a function inlined into its
 *    caller enters at the caller's stack pointer, so equal is a child);
 *  - any other: a stack not seen yet.  It gets a frame stack of its own
 *    whose sentinel is the node current at the switch: its functions are
 *    attached under the frame that switched to it, whichever frame
 *    resumes it later;
 *  - an exit whose frame is not on top of the current stack but on top
 *    of a suspended one, at the same stack pointer: that one is made
 *    current (a coroutine yielded back to its caller, or was resumed
 *    inside a function that switched away).
 *
 * A stack entered from another (a coroutine resumed by its caller, a
 * signal handler on sigaltstack) leaves the one it was entered from
 * running: that one's open frames, waiting for it, include its time.
 * Any other switch stops the clocks of the stack left (a generator
 * yields: its frames do not count the time its caller runs) until it is
 * current again.  A stack other than the thread's own that is emptied
 * (the exit of its first frame, which carries TRUN_FRAME_ID_BOTTOM so
 * that it misses the fast path) gives way at once to the one it was
 * entered from, and is kept for reuse: a signal handler on an alternate
 * stack thus leaves the thread's frame stack exactly as it found it,
 * whatever marker it interrupted.
 *
 * All of it runs with signals held (but closing the frames a longjmp
 * abandons, which pops them as an exit does), allocates only from the
 * thread's arena and trun_mem_alloc, and reads no clock but the TSC.
 */
#include "core/core.h"

#include <string.h>

#define HALF (TRUN_STACK_JUMP / 2)

static struct trun_estack *
current (struct trun_thread *t, int d)
{
  return t->stack_cur[d] ? t->stack_cur[d] : &t->own_stack[d];
}

static void
save (struct trun_estack *e, const struct trun_dstate *ds)
{
  e->frames = ds->frames;
  e->depth = ds->depth;
  e->cap = ds->cap;
  e->samples = ds->samples;
  e->nsamples = ds->nsamples;
  e->samples_cap = ds->samples_cap;
  e->fast_limit = ds->fast_limit;
}

static void
load (struct trun_dstate *ds, const struct trun_estack *e)
{
  ds->frames = e->frames;
  ds->cap = e->cap;
  ds->samples = e->samples;
  ds->nsamples = e->nsamples;
  ds->samples_cap = e->samples_cap;
  ds->fast_limit = e->fast_limit;
  ds->depth = e->depth;
}

/* Whether Y was entered from X, directly or not.  */
static int
descends (const struct trun_estack *y, const struct trun_estack *x)
{
  for (const struct trun_estack *p = y->parent; p; p = p->parent)
    if (p == x)
      return 1;
  return 0;
}

static void
unlink_suspended (struct trun_thread *t, int d, struct trun_estack *e)
{
  for (struct trun_estack **p = &t->stacks_suspended[d]; *p; p = &(*p)->next)
    if (*p == e)
      {
        *p = e->next;
        e->next = NULL;
        return;
      }
}

/* E (not the thread's own, empty, not listed) goes to the free list;
   stacks entered from it now count as entered from its parent.  */
static void
release_stack (struct trun_thread *t, struct trun_estack *e)
{
  for (struct trun_estack *o = t->stacks_all; o; o = o->all)
    if (o->parent == e)
      o->parent = e->parent;
  e->parent = NULL;
  e->next = t->stacks_free;
  t->stacks_free = e;
}

/* Make Y (suspended or new) current in D at tick NOW (an exit's: the
   tick its frame ends at, so the resumed stack's clocks go on from
   there).  Signals held.  */
static void
switch_to (struct trun_thread *t, int d, struct trun_estack *y, uint64_t now)
{
  struct trun_dstate *ds = &t->dom[d];
  struct trun_estack *x = current (t, d);
  int waits = descends (y, x);
  save (x, ds);
  if (x != &t->own_stack[d] && x->depth == 0)
    release_stack (t, x);
  else
    {
      if (!waits && !x->paused_at)
        x->paused_at = now ? now : 1;
      x->next = t->stacks_suspended[d];
      t->stacks_suspended[d] = x;
    }
  unlink_suspended (t, d, y);
  if (y->paused_at)
    {
      /* Its frames did not run meanwhile.  */
      uint64_t shift = now > y->paused_at ? now - y->paused_at : 0;
      for (uint32_t i = 1; i <= y->depth; i++)
        y->frames[i].start += shift;
      y->paused_at = 0;
    }
  load (ds, y);
  t->stack_cur[d] = y == &t->own_stack[d] ? NULL : y;
  t->stack_switches[d]++;
}

/* A new stack in D, entered from the current one, its sentinel's
   children attached under ATTACH.  Signals held.  */
static struct trun_estack *
new_stack (struct trun_thread *t, int d, struct trun_node *attach)
{
  struct trun_estack *e = t->stacks_free;
  if (e)
    t->stacks_free = e->next;
  else
    {
      e = trun_arena_alloc (t, sizeof *e); /* zeroed */
      e->all = t->stacks_all;
      t->stacks_all = e;
    }
  struct trun_dstate tmp;
  memset (&tmp, 0, sizeof tmp);
  tmp.frames = e->frames;
  tmp.cap = e->cap;
  if (!tmp.frames)
    trun_dstate_grow (&tmp);
  trun_dstate_refresh_limit (&tmp);
  e->frames = tmp.frames;
  e->cap = tmp.cap;
  e->fast_limit = tmp.fast_limit;
  e->depth = 0;
  e->nsamples = 0;
  e->paused_at = 0;
  e->next = NULL;
  e->parent = current (t, d);
  memset (&e->frames[0], 0, sizeof e->frames[0]);
  e->frames[0].cur = attach;
  e->frames[0].mask = TRUN_FRAME_SLOW; /* no exit's (core.h) */
  return e;
}

/* How far SP is below the top frame of E in D when it can be that
   frame's child (a guessed stack pointer may be a little below SP), or
   (uintptr_t) -1.  */
static uintptr_t
nest_gap (const struct trun_estack *e, uintptr_t sp)
{
  const struct trun_frame *top = &e->frames[e->depth];
  if (!top->sp)
    return (uintptr_t) -1;
  uintptr_t gap = top->sp - sp;
  if (gap <= TRUN_STACK_JUMP)
    return gap;
  if ((top->flags & TRUN_FRAME_SP_GUESS) && sp - top->sp <= TRUN_STACK_JUMP)
    return TRUN_STACK_JUMP + (sp - top->sp); /* after every real gap */
  return (uintptr_t) -1;
}

/* A frame that has no stack pointer, or a guessed one below SP, takes
   one a little above SP.  */
static void
adopt (struct trun_frame *top, uintptr_t sp)
{
  if (!top->sp || ((top->flags & TRUN_FRAME_SP_GUESS) && top->sp <= sp))
    {
      top->sp = sp + HALF;
      top->flags |= TRUN_FRAME_SP_GUESS;
    }
}

int
trun_stack_enter (struct trun_thread *t, int d, uintptr_t sp)
{
  struct trun_dstate *ds = &t->dom[d];
  struct trun_frame *top = &ds->frames[ds->depth];
  /* A child's stack pointer is below its parent's, or the same when the
     child was inlined into it.  */
  uintptr_t x = top->sp - sp;
  if (top->sp && x <= TRUN_STACK_JUMP)
    return 0; /* a child of the top frame */
  if (!top->sp && !t->stacks_suspended[d])
    {
      adopt (top, sp);
      return 0;
    }
  int bottom = 0;
  sigset_t old;
  trun_signals_hold (&old);
  /* A suspended stack SP nests in: the nearest.  */
  struct trun_estack *best = NULL;
  uintptr_t best_gap = (uintptr_t) -1;
  for (struct trun_estack *e = t->stacks_suspended[d]; e; e = e->next)
    {
      uintptr_t g = nest_gap (e, sp);
      if (g < best_gap)
        best = e, best_gap = g;
    }
  if (!top->sp
      || ((top->flags & TRUN_FRAME_SP_GUESS) && sp - top->sp <= TRUN_STACK_JUMP))
    {
      /* The top frame's stack pointer is unknown or a guess: SP is on
         this stack unless a suspended one has a real frame right above
         it.  */
      if (best && best_gap <= TRUN_STACK_JUMP)
        switch_to (t, d, best, trun_now ());
      adopt (&ds->frames[ds->depth], sp);
      goto out;
    }
  if (best)
    {
      switch_to (t, d, best, trun_now ());
      adopt (&ds->frames[ds->depth], sp);
      goto out;
    }
  if (sp > top->sp)
    {
      /* Above the top frame: a longjmp abandoned frames of this
         stack, down to the first one still above SP (its parent), if SP
         lies within this stack's frames; or, on the thread's own stack,
         every frame when SP is not far above the first.  */
      uint32_t i = ds->depth;
      while (i > 0 && !(ds->frames[i].flags & TRUN_FRAME_SP_GUESS)
             && ds->frames[i].sp < sp)
        i--;
      struct trun_frame *p = &ds->frames[i];
      int own = !t->stack_cur[d];
      int below = 1;
      if (p->sp < sp)
        {
          uintptr_t lowest = i < ds->depth ? ds->frames[i + 1].sp : p->sp;
          below = (own || i > 0) && p->sp
                  && ((p->flags & TRUN_FRAME_SP_GUESS) || i == 0)
                  && sp - lowest <= TRUN_STACK_JUMP;
        }
      if (below)
        {
          if (i < ds->depth)
            {
              uint64_t end = trun_now ();
              trun_verbose ("frames above \"%s\" were left without an exit "
                            "(longjmp): closed",
                            trun_intern_name (trun_frame_id (&ds->frames[ds->depth])));
              while (ds->depth > i)
                trun_frame_pop (t, ds, end);
            }
          adopt (&ds->frames[ds->depth], sp);
          if (ds->depth == 0 && t->stack_cur[d])
            {
              /* All of a coroutine's frames were abandoned.  */
              trun_stack_emptied (t, d, trun_now ());
              adopt (&ds->frames[ds->depth], sp);
            }
          goto out;
        }
    }
  /* Another stack, not seen yet: attached under the frame that switched
     to it.  */
  switch_to (t, d, new_stack (t, d, top->cur), trun_now ());
  bottom = 1;
out:
  trun_signals_release (&old);
  return bottom;
}

int
trun_stack_exit (struct trun_thread *t, int d, uint32_t id, uintptr_t sp,
                 uint64_t end)
{
  struct trun_dstate *ds = &t->dom[d];
  /* The deepest frame of ID on the current stack.  */
  uint32_t i = ds->depth;
  while (i > 0 && trun_frame_id (&ds->frames[i]) != id)
    i--;
  if (i > 0 && (!sp || ds->frames[i].sp == sp))
    return 0;
  struct trun_estack *best = NULL;
  uintptr_t best_diff = (uintptr_t) -1;
  for (struct trun_estack *e = t->stacks_suspended[d]; e; e = e->next)
    {
      const struct trun_frame *top = &e->frames[e->depth];
      if (!e->depth || trun_frame_id (top) != id)
        continue;
      uintptr_t diff = top->sp > sp ? top->sp - sp : sp - top->sp;
      if (!sp)
        diff = 1;
      if (diff < best_diff)
        best = e, best_diff = diff;
    }
  /* A frame of ID on the current stack wins unless the suspended one is
     at exactly this stack pointer.  */
  if (!best || (i > 0 && best_diff != 0))
    return 0;
  sigset_t old;
  trun_signals_hold (&old);
  switch_to (t, d, best, end);
  trun_signals_release (&old);
  return 1;
}

void
trun_stack_emptied (struct trun_thread *t, int d, uint64_t end)
{
  struct trun_estack *e = t->stack_cur[d];
  if (!e || t->dom[d].depth > 0)
    return;
  sigset_t old;
  trun_signals_hold (&old);
  switch_to (t, d, e->parent ? e->parent : &t->own_stack[d], end);
  trun_signals_release (&old);
}

void
trun_stacks_each (struct trun_thread *t, int d,
                  void (*fn) (struct trun_thread *, struct trun_dstate *,
                              uint64_t, void *),
                  void *arg)
{
  for (struct trun_estack *e = t->stacks_suspended[d]; e; e = e->next)
    {
      struct trun_dstate tmp;
      memset (&tmp, 0, sizeof tmp);
      load (&tmp, e);
      fn (t, &tmp, e->paused_at, arg);
      save (e, &tmp);
    }
}

void
trun_stacks_free (struct trun_thread *t)
{
  for (int d = 0; d < TRUN_NDOMAIN; d++)
    if (t->stack_cur[d])
      {
        /* The thread's own arrays back into its dstate, which its
           owner frees.  */
        save (t->stack_cur[d], &t->dom[d]);
        load (&t->dom[d], &t->own_stack[d]);
        t->stack_cur[d] = NULL;
      }
  for (struct trun_estack *e = t->stacks_all; e; e = e->all)
    {
      trun_mem_free (e->frames, e->cap * sizeof (struct trun_frame));
      trun_mem_free (e->samples, e->samples_cap * sizeof (double));
      e->frames = NULL;
      e->samples = NULL;
    }
}

void
trun_stack_longjmp (struct trun_thread *t, int d, uintptr_t target)
{
  struct trun_dstate *ds = &t->dom[d];
  if (!ds->depth || !target)
    return;
  struct trun_frame *top = &ds->frames[ds->depth];
  if (!top->sp || top->sp >= target)
    return; /* the jump abandons no frame of ours */
  /* Signals are not held (two system calls on every jump that abandons
     frames: lua yields a coroutine with one): the scan only reads, and
     the frames are popped as a mismatched exit pops them
     (trun_exit_at_sp); a handler's markers in between leave the stack
     as they found it.  */
  /* Abandoned: the frames below the target's (the setjmp caller's own
     frame has its stack pointer, or one above it).  Only if the target
     is on this stack: a frame at or above it, or on the thread's own
     stack, not far above its first frame (a setjmp in code that is not
     instrumented).  Else it is a switch of stacks: the next marker
     sees it.  */
  uint32_t i = ds->depth;
  while (i > 0 && !(ds->frames[i].flags & TRUN_FRAME_SP_GUESS)
         && ds->frames[i].sp && ds->frames[i].sp < target)
    i--;
  const struct trun_frame *p = &ds->frames[i];
  int here = p->sp >= target
             || (!t->stack_cur[d] && (i == 0 || (p->flags & TRUN_FRAME_SP_GUESS))
                 && target - ds->frames[i + 1].sp <= TRUN_STACK_JUMP);
  if (here && i < ds->depth)
    {
      uint64_t end = trun_now ();
      while (ds->depth > i)
        trun_frame_pop (t, ds, end);
      if (!ds->depth && t->stack_cur[d])
        trun_stack_emptied (t, d, end);
    }
}
