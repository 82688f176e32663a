/* rt/entry/markers.c -- the markers the plugin inserts: enter and exit.
 *
 * Fast path (wall_clock only, frame stack has room, descriptor already
 * has an id): one TLS load, a few compares, a cached child lookup, a
 * frame push and one TSC read; no lock, no allocation, no errno change.
 * Everything else goes out of line: to entry/slow.c before the thread
 * has a state or the descriptor an id, else to core/frames.c.
 */
#include "entry/entry.h"

static inline __attribute__ ((always_inline)) uintptr_t
stack_pointer (void)
{
#if defined(__x86_64__)
  uintptr_t sp;
  __asm__ volatile ("mov %%rsp, %0" : "=r"(sp));
  return sp;
#else
  return (uintptr_t) __builtin_frame_address (0);
#endif
}

static inline __attribute__ ((always_inline)) void
enter (int d, struct trun_desc *desc, trun_mask_t mask)
{
  struct trun_thread *t = trun_self;
  uint32_t id = trun_desc_id (desc);
  uintptr_t sp = stack_pointer ();
  if (trun_unlikely (!t || t->busy || trun_gate_now () || !id))
    {
      trun_enter_desc_slow (d, desc, sp);
      return;
    }
  struct trun_dstate *ds = &t->dom[d];
  struct trun_frame *f = &ds->frames[ds->depth + 1];
  struct trun_node *parent = f[-1].cur;
  struct trun_node *n = parent->hit;
  /* Every other case (growth, depth limit, other components, a frame a
     longjmp abandoned, a child not cached) is a tail call, so this path
     saves no registers.  */
  if (trun_unlikely (ds->depth >= ds->fast_limit || mask != TRUN_WALL_BIT
                     || (f[-1].sp && f[-1].sp < sp) || !n || n->id != id))
    {
      trun_enter_id_sp (t, d, id, sp);
      return;
    }
  /* A signal handler may run between any two instructions here, and
     its markers use the same stack: fill the frame, publish it, then
     fill it again (a handler that ran before the publish used this slot
     for its own frame, and has popped it since).  */
  f->node = n;
  f->cur = n;
  f->id = id;
  f->mask = TRUN_WALL_BIT;
  f->sp = sp;
  trun_signal_fence ();
  ds->depth++;
  trun_signal_fence ();
  f->node = n;
  f->cur = n;
  f->id = id;
  f->mask = TRUN_WALL_BIT;
  f->sp = sp;
  f->start = trun_now ();
}

static inline __attribute__ ((always_inline)) void
leave (int d, struct trun_desc *desc)
{
  uint64_t end = trun_now ();
  struct trun_thread *t = trun_self;
  if (trun_unlikely (!t || t->busy))
    return; /* no frame of ours can be open */
  struct trun_dstate *ds = &t->dom[d];
  struct trun_frame *f = &ds->frames[ds->depth];
  uint32_t id = trun_desc_id (desc);
  /* Sentinel id 0 never matches; null frames have mask 0.  */
  if (trun_unlikely (f->id != id || f->mask != TRUN_WALL_BIT))
    {
      trun_exit_at (t, d, id, end, TRUN_END_QUIET, desc);
      return;
    }
  /* Read the frame, then pop it: from here a handler's frames may
     reuse the slot.  */
  struct trun_node *n = f->node;
  uint64_t start = f->start;
  trun_signal_fence ();
  ds->depth--;
  trun_signal_fence ();
  trun_tstat_add (&n->wall, end - start);
  if (trun_unlikely (n->wall.count > trun_throttle_count_limit))
    trun_throttle_check (desc, n);
}

void
__trun_trace_enter (struct trun_desc *d)
{
  enter (TRUN_DOMAIN_TRACE, d, trun_trace_mask);
}

void
__trun_trace_exit (struct trun_desc *d)
{
  leave (TRUN_DOMAIN_TRACE, d);
}

void
__trun_region_enter (struct trun_desc *d)
{
  enter (TRUN_DOMAIN_REGION, d, trun_region_mask);
}

void
__trun_region_exit (struct trun_desc *d)
{
  leave (TRUN_DOMAIN_REGION, d);
}
