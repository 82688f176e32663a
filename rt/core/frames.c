/* rt/core/frames.c -- the general (out-of-line) enter and exit: pause,
 * TRUN_MAX_DEPTH, flat profiles, components other than wall_clock, the
 * frames of calls not measured (disabled descriptors), stack repair on
 * mismatched or skipped exits (longjmp; switches of execution stacks in
 * core/stacks.c), and closing frames still open at finalize.
 */
#include "core/core.h"

#include <errno.h>
#include <stdlib.h>

struct trun_node *
trun_child_lookup_cached (struct trun_thread *t, struct trun_node *parent,
                          uint32_t id)
{
  int saved = errno;
  struct trun_node *n = trun_child_lookup (t, parent, id);
  if (n) /* a handler may have filled the slot meanwhile: ours wins */
    __atomic_store_n (&t->ccache[trun_ccache_slot (parent, id)], n,
                      __ATOMIC_RELAXED);
  errno = saved;
  return n;
}

/* Samples of the non-wall components in MASK, in bit order.  */
static void
sample_components (trun_mask_t mask, double *out)
{
  for (int c = 0; c < TRUN_NCOMP; c++)
    if (c != TRUN_WALL_CLOCK && (mask & ((trun_mask_t) 1 << c)))
      {
        trun_components[c].sample (out);
        out += TRUN_SAMPLE_MAX;
      }
}

/* Push a frame for ID; it records (MASK) only when MEASURED, else the
   call is counted in its node's UNMEASURED (in DESC's calls when it
   has none).  */
static void
push_frame (struct trun_thread *t, int d, uint32_t id, trun_mask_t mask,
            uintptr_t sp, int measured, struct trun_desc *desc)
{
  struct trun_dstate *ds = &t->dom[d];
  /* A longjmp or a switch of stacks (core/stacks.c); DS then holds the
     frames of the stack SP is on.  */
  int bottom = sp ? trun_stack_enter (t, d, sp) : 0;
  if (ds->depth + 2 >= ds->cap)
    {
      sigset_t old;
      trun_busy_enter (t, &old);
      trun_dstate_grow (ds);
      trun_dstate_refresh_limit (ds);
      trun_busy_leave (t, &old);
    }
  struct trun_frame *top = &ds->frames[ds->depth];
  struct trun_frame *f = top + 1;
  struct trun_node *n = NULL, *cur = top->cur;
  if (!measured)
    {
      struct trun_node *parent = trun_settings.flat_profile ? ds->root : cur;
      struct trun_node *c = NULL;
      if (parent != &t->fold && ds->depth < (uint32_t) trun_settings.max_depth)
        {
          c = trun_ccache_get (t, parent, id);
          if (!c)
            c = trun_child_lookup_cached (t, parent, id);
        }
      if (c)
        trun_local_add (&c->unmeasured, 1);
      else
        __atomic_fetch_add (&desc->calls, 1, __ATOMIC_RELAXED);
    }
  else if (!(trun_gate_now () & TRUN_GATE_PAUSED)
           && ds->depth < (uint32_t) trun_settings.max_depth)
    {
      struct trun_node *parent = trun_settings.flat_profile ? ds->root
                                                            : top->cur;
      if (parent != &t->fold)
        {
          n = trun_ccache_get (t, parent, id);
          if (!n)
            n = trun_child_lookup_cached (t, parent, id);
        }
      if (!n)
        {
          /* TRUN_MAX_NODES: counted in the nearest recorded caller (whose
             time includes it), and so is every call below it.  */
          cur = &t->fold;
          __atomic_store_n (&t->folded[d], t->folded[d] + 1,
                            __ATOMIC_RELAXED);
        }
    }
  /* A frame that is not a function's takes the stack pointer of the
     frame below it: functions called inside a named region stay on the
     markers' fast path.  */
  struct trun_frame fill = {
    .node = n,
    .cur = n ? n : cur,
    .id = bottom ? id | TRUN_FRAME_ID_BOTTOM : id,
    /* (An id the timeline's short words cannot hold: core.h.)  */
    .mask = trun_frame_mask (n ? mask : 0)
            | (t->tl && id >= TRUN_TL_SHORT_IDS ? TRUN_FRAME_SLOW : 0),
    .sample_off = ds->nsamples,
    .flags = sp ? 0 : top->flags & TRUN_FRAME_SP_GUESS,
    .sp = sp ? sp : top->sp,
  };
  *f = fill; /* then published, then again: see entry/markers.c */
  trun_signal_fence ();
  ds->depth++;
  trun_signal_fence ();
  *f = fill;
  trun_mask_t others = n ? mask & ~TRUN_WALL_BIT : 0;
  if (others)
    {
      uint32_t k = (uint32_t) __builtin_popcount (others) * TRUN_SAMPLE_MAX;
      if (ds->nsamples + k > ds->samples_cap)
        {
          sigset_t old;
          trun_busy_enter (t, &old);
          trun_samples_reserve (ds, k);
          trun_busy_leave (t, &old);
        }
      /* Claimed before they are read: a handler's frames go above.  */
      uint32_t off = ds->nsamples;
      ds->nsamples += k;
      trun_signal_fence ();
      struct trun_fpenv env;
      trun_fpenv_save (&env);
      sample_components (others, ds->samples + off);
      trun_fpenv_restore (&env);
    }
  f->start = trun_now ();
  if (trun_unlikely (t->tl != NULL) && n)
    trun_tl_record (t->tl, f->start, id, d, 0);
}

void
trun_enter_id_sp (struct trun_thread *t, int d, uint32_t id, uintptr_t sp)
{
  int saved = errno;
  if (!t->busy && !(trun_gate_now () & (TRUN_GATE_FINAL | TRUN_GATE_OFF)))
    {
      trun_mask_t mask = d == TRUN_DOMAIN_TRACE ? trun_trace_mask
                                                : trun_region_mask;
      push_frame (t, d, id, mask, sp, 1, NULL);
      if (trun_unlikely (trun_settings.thread_binding))
        trun_thread_check_moved (t);
    }
  errno = saved;
}

void
trun_enter_unmeasured (struct trun_thread *t, int d, struct trun_desc *desc,
                       uint32_t id, uintptr_t sp)
{
  int saved = errno;
  if (!t->busy && !(trun_gate_now () & (TRUN_GATE_FINAL | TRUN_GATE_OFF)))
    push_frame (t, d, id, 0, sp, 0, desc);
  else
    __atomic_fetch_add (&desc->calls, 1, __ATOMIC_RELAXED);
  errno = saved;
}

/* Record frame F (just popped) with end tick END.  */
static void
record_frame (struct trun_thread *t, struct trun_dstate *ds,
              struct trun_frame *f, uint64_t end)
{
  struct trun_node *n = f->node;
  if (!n)
    return;
  if (f->mask & TRUN_WALL_BIT)
    trun_tstat_add (&n->wall, end - f->start);
  trun_mask_t others = f->mask & ~(TRUN_WALL_BIT | TRUN_FRAME_SLOW);
  if (others)
    {
      /* Components count in floating point: the program's flags and
         rounding mode are put back as they were.  */
      struct trun_fpenv env;
      trun_fpenv_save (&env);
      double now[TRUN_SAMPLE_MAX];
      const double *start = ds->samples + f->sample_off;
      for (int c = 0; c < TRUN_NCOMP; c++)
        if (others & ((trun_mask_t) 1 << c))
          {
            trun_components[c].sample (now);
            double v = trun_components[c].delta (start, now);
            trun_xstat_add (trun_node_xstat (t, n, c), v);
            trun_local_fop (&trun_node_xstat (t, n->parent, c)->child, v, 0);
            start += TRUN_SAMPLE_MAX;
          }
      ds->nsamples = f->sample_off;
      trun_fpenv_restore (&env);
    }
}

void
trun_frame_pop (struct trun_thread *t, struct trun_dstate *ds, uint64_t end)
{
  struct trun_frame f = ds->frames[ds->depth];
  trun_signal_fence ();
  ds->depth--;
  trun_signal_fence ();
  if (trun_unlikely (t->tl != NULL) && f.node)
    trun_tl_record (t->tl, end, f.id, (int) (ds - t->dom), 1);
  record_frame (t, ds, &f, end);
}

static void
report_mismatch (uint32_t top_id, uint32_t id, enum trun_end_kind k,
                 int found)
{
  top_id &= ~TRUN_FRAME_ID_BOTTOM;
  const char *top = top_id ? trun_intern_name (top_id) : "(nothing)";
  const char *name = trun_intern_name (id);
  if (!found)
    {
      if (k == TRUN_END_WARN && trun_intern_first_warning (id, 0))
        trun_warn ("end of region \"%s\" with no matching begin: ignored",
                   name);
      else
        trun_verbose ("exit of \"%s\" with no open frame: ignored", name);
    }
  else if (k == TRUN_END_WARN && trun_intern_first_warning (id, 1))
    trun_warn ("end of region \"%s\" while \"%s\" is open: \"%s\" and "
               "everything above it closed here",
               name, top, name);
  else
    trun_verbose ("exit of \"%s\" while \"%s\" is open (longjmp or "
                  "missing exit): frames above closed",
                  name, top);
}

void
trun_exit_at (struct trun_thread *t, int d, uint32_t id, uint64_t end,
              enum trun_end_kind k, struct trun_desc *desc)
{
  trun_exit_at_sp (t, d, id, end, k, desc, 0);
}

void
trun_exit_at_sp (struct trun_thread *t, int d, uint32_t id, uint64_t end,
                 enum trun_end_kind k, struct trun_desc *desc, uintptr_t sp)
{
  int saved = errno;
  struct trun_dstate *ds = &t->dom[d];
  /* Not on top: it may be on top of a suspended execution stack.  */
  if ((trun_frame_id (&ds->frames[ds->depth]) != id || !ds->depth)
      && (t->stacks_suspended[d] || t->stack_cur[d]))
    trun_stack_exit (t, d, id, sp, end);
  uint32_t i = ds->depth;
  while (i > 0 && trun_frame_id (&ds->frames[i]) != id)
    i--;
  if (i != ds->depth || i == 0)
    {
      if (!(trun_gate_now () & (TRUN_GATE_FINAL | TRUN_GATE_OFF)))
        report_mismatch (ds->frames[ds->depth].id, id, k, i > 0);
    }
  if (i > 0)
    {
      while (ds->depth > i)
        trun_frame_pop (t, ds, end);
      struct trun_node *n = ds->frames[i].node;
      int wall = ds->frames[i].mask & TRUN_WALL_BIT;
      trun_frame_pop (t, ds, end);
      if (desc && n && wall && n->wall.count > trun_throttle_count_limit)
        trun_throttle_check (desc, n);
      if (!ds->depth && t->stack_cur[d])
        trun_stack_emptied (t, d, end);
    }
  errno = saved;
}

void
trun_exit_id (int d, uint32_t id, enum trun_end_kind k,
              struct trun_desc *desc)
{
  uint64_t end = trun_now ();
  struct trun_thread *t = trun_self;
  if (!t || t->busy)
    {
      if (!t && k == TRUN_END_WARN && id
          && !(trun_gate_now () & TRUN_GATE_FINAL)
          && trun_intern_first_warning (id, 0))
        trun_warn ("end of region \"%s\" with no matching begin: ignored",
                   trun_intern_name (id));
      return;
    }
  trun_exit_at (t, d, id, end, k, desc);
}

static void
close_frames (struct trun_thread *t, struct trun_dstate *ds, uint64_t paused,
              void *arg)
{
  uint64_t end = *(const uint64_t *) arg;
  if (paused && paused < end)
    end = paused; /* a suspended stack's clocks stopped then */
  while (ds->depth > 0)
    {
      struct trun_node *n = ds->frames[ds->depth].node;
      if (n && n->open_at_finalize < UINT16_MAX)
        n->open_at_finalize++;
      trun_frame_pop (t, ds, end);
    }
}

void
trun_close_all (struct trun_thread *t, uint64_t end)
{
  for (int d = 0; d < TRUN_NDOMAIN; d++)
    {
      close_frames (t, &t->dom[d], 0, &end);
      trun_stacks_each (t, d, close_frames, &end);
    }
}
