/* rt/core/across.c -- what a job tree keeps per node across MPI ranks:
 * each component's summary over the ranks' totals, the runs of ranks
 * that have the node, and (optionally) each rank's own totals.
 *
 * Every part folds exactly and in any grouping, so two job trees of
 * disjoint rank sets merge into the job tree of their union: that is
 * what lets mpi/ reduce the ranks' trees pairwise up a binomial tree
 * instead of gathering them all on rank 0.  In that tree a rank always
 * receives ranks above all it holds, in ascending blocks, so runs and
 * values stay sorted by appending.
 */
#include "core/core.h"

#include <stdlib.h>
#include <string.h>

void
trun_across_add (struct trun_across *x, double v, uint64_t count, int rank)
{
  if (x->nranks == 0 || v < x->min)
    x->min = v, x->min_rank = rank;
  if (x->nranks == 0 || v > x->max)
    x->max = v, x->max_rank = rank;
  x->nranks++;
  x->count += count;
  x->sum += v;
  x->sumsq += v * v;
}

void
trun_across_merge (struct trun_across *a, const struct trun_across *b)
{
  if (b->nranks == 0)
    return;
  /* Ties keep the lower rank, as one pass over ascending ranks would.  */
  if (a->nranks == 0 || b->min < a->min
      || (b->min == a->min && b->min_rank < a->min_rank))
    a->min = b->min, a->min_rank = b->min_rank;
  if (a->nranks == 0 || b->max > a->max
      || (b->max == a->max && b->max_rank < a->max_rank))
    a->max = b->max, a->max_rank = b->max_rank;
  a->nranks += b->nranks;
  a->count += b->count;
  a->sum += b->sum;
  a->sumsq += b->sumsq;
}

struct trun_mjob *
trun_mnode_job (const struct trun_mtree *t, struct trun_mnode *n)
{
  if (n->job)
    return n->job;
  struct trun_mjob *j = calloc (1, sizeof *j);
  if (!j)
    return NULL;
  if (t->nstat)
    {
      j->across = calloc (t->nstat, sizeof *j->across);
      if (!j->across)
        {
          free (j);
          return NULL;
        }
    }
  n->job = j;
  return j;
}

/* Grow *V (N used) by one element of SIZE bytes at powers of two.  */
static int
grow (void **v, unsigned n, size_t size)
{
  if (n & (n - 1))
    return 0;
  void *p = realloc (*v, (n ? 2 * (size_t) n : 1) * size);
  if (!p)
    return -1;
  *v = p;
  return 0;
}

static int
add_run (struct trun_mjob *j, int first, int last)
{
  if (j->nruns && j->runs[j->nruns - 1].last + 1 >= first)
    {
      if (last > j->runs[j->nruns - 1].last)
        j->runs[j->nruns - 1].last = last;
      return 0;
    }
  if (grow ((void **) &j->runs, j->nruns, sizeof *j->runs) != 0)
    return -1;
  j->runs[j->nruns++] = (struct trun_rank_run){ first, last };
  return 0;
}

static int
add_value (struct trun_mjob *j, const struct trun_mrank_value *v)
{
  if (grow ((void **) &j->values, j->nvalues, sizeof *j->values) != 0)
    return -1;
  j->values[j->nvalues++] = *v;
  return 0;
}

int
trun_mjob_add_rank (struct trun_mtree *job, struct trun_mnode *m,
                    const struct trun_mtree *src, const struct trun_mnode *n,
                    int rank, int values)
{
  struct trun_mjob *j = trun_mnode_job (job, m);
  if (!j || add_run (j, rank, rank) != 0)
    return -1;
  for (unsigned c = 0; c < job->nstat; c++)
    {
      const struct trun_stat *st = trun_mnode_stat (src, n, (int) c);
      if (!st->count)
        continue;
      trun_across_add (&j->across[c], st->sum, st->count, rank);
      struct trun_mrank_value v = { rank, c, st->count, st->sum };
      if (values && add_value (j, &v) != 0)
        return -1;
    }
  return 0;
}

int
trun_mjob_fold (struct trun_mtree *job, struct trun_mnode *m,
                const struct trun_mtree *src, const struct trun_mnode *n)
{
  const struct trun_mjob *from = n->job;
  if (!from)
    return 0;
  struct trun_mjob *j = trun_mnode_job (job, m);
  if (!j)
    return -1;
  for (unsigned c = 0; c < job->nstat && c < src->nstat && from->across; c++)
    trun_across_merge (&j->across[c], &from->across[c]);
  for (unsigned i = 0; i < from->nruns; i++)
    if (add_run (j, from->runs[i].first, from->runs[i].last) != 0)
      return -1;
  for (unsigned i = 0; i < from->nvalues; i++)
    if (from->values[i].comp < job->nstat
        && add_value (j, &from->values[i]) != 0)
      return -1;
  return 0;
}

void
trun_mjob_free (struct trun_mjob *j)
{
  if (!j)
    return;
  free (j->across);
  free (j->runs);
  free (j->values);
  free (j);
}
