/* rt/entry/omp.c -- OpenMP parallel regions.  The plugin passes the
 * context made by __trun_omp_fork in the forking thread into each team
 * thread through a firstprivate clause, so a worker's data is attached
 * under the node that was current in the forking thread at *this* fork
 * (libgomp reuses its threads across regions).  A NULL context (the fork
 * could not be recorded) attaches the worker's data at the top level.
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
  return c;
}

void
__trun_omp_join (void *ctx)
{
  struct trun_thread *t = trun_self;
  (void) ctx;
  if (t && t->omp_level > 0)
    t->omp_level--;
}

static inline __attribute__ ((always_inline)) void
omp_enter (int d, struct trun_desc *desc, void *ctx, uintptr_t sp)
{
  int saved = errno;
  struct trun_thread *t = trun_entry_thread ();
  errno = saved;
  struct trun_omp_ctx *c = ctx;
  if (t && c && c->owner != t && t->dom[d].depth == 0 && !t->busy)
    {
      trun_thread_pin (t, c->owner);
      trun_attach_root (t, d, c->node[d]);
    }
  trun_marker_enter_sp (d, desc, sp);
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

