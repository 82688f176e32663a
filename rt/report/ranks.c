/* rt/report/ranks.c -- statistics across the ranks of a job tree's node,
 * for the tables and the JSON across ranks.  A job node keeps a summary
 * per component and the runs of ranks that have it (core/across.c).
 */
#include "report/writers.h"

#include <stdio.h>
#include <string.h>

int
trun_across_ranks (const struct trun_mtree *t, const struct trun_mnode *n,
                   int comp, struct trun_across *x)
{
  memset (x, 0, sizeof *x);
  x->min_rank = x->max_rank = -1;
  if (!n->job || !n->job->across || comp < 0 || (unsigned) comp >= t->nstat)
    return 0;
  *x = n->job->across[comp];
  return x->nranks > 0;
}

double
trun_across_imbalance (const struct trun_across *x)
{
  if (x->nranks == 0 || x->max <= 0)
    return 0;
  double mean = x->sum / x->nranks;
  double v = (x->max - mean) / x->max;
  return v < 0 ? 0 : v;
}

/* RUNS as "a-b,c" into OUT of SIZE, cut with "...".  */
static void
put_runs (const struct trun_rank_run *runs, unsigned nruns, char *out,
          size_t size)
{
  size_t len = 0;
  out[0] = 0;
  for (unsigned i = 0; i < nruns && len + 1 < size; i++)
    {
      const struct trun_rank_run *r = &runs[i];
      int w = r->last > r->first
                  ? snprintf (out + len, size - len, "%s%d-%d", len ? "," : "",
                              r->first, r->last)
                  : snprintf (out + len, size - len, "%s%d", len ? "," : "",
                              r->first);
      if (w < 0 || (size_t) w >= size - len)
        {
          snprintf (out + (size > 4 ? size - 4 : 0), size > 4 ? 4 : size,
                    "...");
          return;
        }
      len += (size_t) w;
    }
}

void
trun_rank_list (const struct trun_mnode *n, char *out, size_t size)
{
  if (n->job)
    put_runs (n->job->runs, n->job->nruns, out, size);
  else if (size)
    out[0] = 0;
}

void
trun_missing_ranks (const struct trun_report *r, char *out, size_t size)
{
  struct trun_rank_run runs[64];
  unsigned n = 0;
  for (int i = 0; i < r->nranks && n < 64; i++)
    if (!r->ranks[i].present)
      {
        if (n && runs[n - 1].last + 1 == r->ranks[i].rank)
          runs[n - 1].last = r->ranks[i].rank;
        else
          runs[n++] = (struct trun_rank_run){ r->ranks[i].rank,
                                              r->ranks[i].rank };
      }
  put_runs (runs, n, out, size);
}
