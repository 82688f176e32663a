/* rt/entry/omp.c -- OpenMP parallel regions.  The plugin passes the
 * context made by __trun_omp_fork in the forking thread into each team
 * thread through a firstprivate clause, so a worker's data is attached
 * under the node that was current in the forking thread at *this* fork
 * (libgomp reuses its threads across regions).  A NULL context (the fork
 * could not be recorded) attaches the worker's data at the top level.
 *
 * Fork to join.  The forking thread's row of a region spans the whole
 * construct, as Score-P's parallel region on the master does: its one
 * sample a fork starts at __trun_omp_fork and ends at __trun_omp_join,
 * so the team's start, the wake-up of its threads and the wait at the
 * join are the region's time, not the kernel's self time.  The forking
 * thread's own body still pushes its frame (its calls are the region's
 * children), but one that records nothing: its exit pops it, and the
 * join adds the sample.  The workers' rows are their bodies; a region's
 * count stays one per thread per fork.  With TRUN_TIMELINE, or with
 * components other than the wall clock, the forking thread's row is its
 * body as the workers' are (an event, or a sample of every component,
 * needs the frame's own exit).
 *
 * Tasks: the creating thread's current node and its state go to the
 * task through two firstprivate values, and the task's frame is pushed
 * under that node, as Score-P and OMPT tools attach a task to its
 * creation point: on the running thread a virtual root attached under
 * the creation node (found or made without switching the thread's
 * current root) becomes, for the one push, the parent of the frame; the
 * frame below keeps its own children.  The frame pops as any other, so
 * the running thread goes on where it was (a task run at a taskwait or
 * a barrier, inside other work).
 */
#include "entry/entry.h"

#include <errno.h>

void *
__trun_omp_fork (void)
{
  struct trun_thread *t = trun_entry_thread ();
  if (!t)
    return NULL;
  if (t->omp_level >= TRUN_OMP_NEST)
    {
      t->omp_level++;
      return NULL;
    }
  struct trun_omp_ctx *c = &t->omp[t->omp_level++];
  for (int d = 0; d < TRUN_NDOMAIN; d++)
    c->node[d] = trun_settings.flat_profile ? NULL : trun_current_node (t, d);
  c->owner = t;
  c->span = NULL;
  c->span_start = trun_now ();
  /* The fork point of the timeline's flows to the team's bodies.  */
  c->fork_tick = t->tl ? c->span_start : 0;
  return c;
}

void
__trun_omp_join (void *ctx)
{
  struct trun_thread *t = trun_self;
  struct trun_omp_ctx *c = ctx;
  if (t && c && c->owner == t && c->span)
    {
      struct trun_node *n = c->span;
      c->span = NULL;
      trun_wall_sample (c->span_desc, n, trun_now () - c->span_start);
    }
  if (t && t->omp_level > 0)
    t->omp_level--;
}

/* The forking thread's body has entered: if its frame records the wall
   clock alone, it records nothing from here, and the join adds the row's
   fork-to-join sample (above).  */
static void
span_from_fork (struct trun_thread *t, int d, struct trun_desc *desc,
                struct trun_omp_ctx *c)
{
  struct trun_dstate *ds = &t->dom[d];
  struct trun_frame *f = &ds->frames[ds->depth];
  if (t->tl || c->span || ds->depth == 0 || !f->node
      || trun_frame_id (f) != trun_desc_id (desc) || (f->mask & ~TRUN_FRAME_SLOW) != TRUN_WALL_BIT)
    return;
  c->span = f->node;
  c->span_desc = desc;
  /* A frame that records nothing, as an unmeasured call's: no node and
     no components (the exit marker tells a measured frame by its mask);
     its cur stays the region's node.  */
  f->node = NULL;
  f->mask = TRUN_FRAME_SLOW;
}

static inline __attribute__ ((always_inline)) void
omp_enter (int d, struct trun_desc *desc, void *ctx, uintptr_t sp)
{
  int saved = errno;
  struct trun_thread *t = trun_entry_thread ();
  errno = saved;
  struct trun_omp_ctx *c = ctx;
  int worker = t && c && c->owner != t && t->dom[d].depth == 0 && !t->busy;
  if (worker)
    {
      trun_thread_pin (t, c->owner);
      trun_attach_root (t, d, c->node[d]);
    }
  trun_marker_enter_sp (d, desc, sp);
  if (t && c && c->owner == t && !t->busy)
    span_from_fork (t, d, desc, c);
  /* After the body's enter: the timeline ties the flow to the frame on
     top if the enter was recorded.  */
  if (worker && c->fork_tick && t->tl)
    trun_tl_note_fork_flow (t, d, c->fork_tick, c->owner->index);
}

void
__trun_trace_omp_enter (struct trun_desc *desc, void *ctx)
{
  omp_enter (TRUN_DOMAIN_TRACE, desc, ctx, (uintptr_t) __builtin_dwarf_cfa ());
}

void
__trun_region_omp_enter (struct trun_desc *desc, void *ctx)
{
  omp_enter (TRUN_DOMAIN_REGION, desc, ctx,
             (uintptr_t) __builtin_dwarf_cfa ());
}


/* The node current in the calling thread in domain D, for a task it is
   creating (NULL: no state, or a flat profile).  */
static void *
task_node (int d)
{
  struct trun_thread *t = trun_self;
  if (!t || trun_settings.flat_profile)
    return NULL;
  return trun_current_node (t, d);
}

void *
__trun_trace_omp_task (void)
{
  return task_node (TRUN_DOMAIN_TRACE);
}

void *
__trun_region_omp_task (void)
{
  return task_node (TRUN_DOMAIN_REGION);
}

void *
__trun_omp_self (void)
{
  return trun_self;
}

static inline __attribute__ ((always_inline)) void
task_enter (int d, struct trun_desc *desc, void *node, void *owner,
            uintptr_t sp)
{
  int saved = errno;
  struct trun_thread *t = trun_entry_thread ();
  errno = saved;
  struct trun_node *at = node;
  if (!t || !at || t->busy || !owner)
    {
      trun_marker_enter_sp (d, desc, sp);
      return;
    }
  struct trun_dstate *ds = &t->dom[d];
  uint32_t depth = ds->depth;
  struct trun_node *cur = ds->frames[depth].cur;
  if (((cur->flags & TRUN_NODE_ROOT) ? cur->parent : cur) == at)
    {
      /* Run where it was created (undeferred, or at its creator's
         taskwait): nothing to redirect.  */
      trun_marker_enter_sp (d, desc, sp);
      return;
    }
  trun_thread_pin (t, owner);
  /* The root of T under AT, made current only for the lookup.  */
  struct trun_node *root = ds->root, *base = ds->frames[0].cur;
  trun_attach_root (t, d, at);
  struct trun_node *r = ds->root;
  ds->root = root;
  ds->frames[0].cur = base;
  ds->frames[depth].cur = r;
  trun_marker_enter_sp (d, desc, sp);
  /* The frame below (frames may have moved while growing) keeps its own
     children again.  */
  ds->frames[depth].cur = cur;
}

void
__trun_trace_task_enter (struct trun_desc *desc, void *node, void *owner)
{
  task_enter (TRUN_DOMAIN_TRACE, desc, node, owner,
              (uintptr_t) __builtin_dwarf_cfa ());
}

void
__trun_region_task_enter (struct trun_desc *desc, void *node, void *owner)
{
  task_enter (TRUN_DOMAIN_REGION, desc, node, owner,
              (uintptr_t) __builtin_dwarf_cfa ());
}
