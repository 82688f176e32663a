/* rt/report/ranks.c -- statistics across the ranks of a job tree's node,
 * for the tables and the JSON across ranks.  A job node lists, for each
 * rank that had it, that rank's node (core/merge.c).
 */
#include "report/writers.h"

#include <string.h>

const struct trun_stat *
trun_rank_stat (const struct trun_mnode *n, unsigned i, int comp)
{
  return trun_mnode_stat (n->ranks[i].tree, n->ranks[i].node, comp);
}

int
trun_across_ranks (const struct trun_mnode *n, int comp, struct trun_across *x)
{
  memset (x, 0, sizeof *x);
  x->min_rank = x->max_rank = -1;
  for (unsigned i = 0; i < n->nranks; i++)
    {
      const struct trun_stat *st = trun_rank_stat (n, i, comp);
      if (st->count == 0)
        continue;
      double v = st->sum;
      int rank = n->ranks[i].rank;
      if (x->nranks == 0 || v < x->min)
        x->min = v, x->min_rank = rank;
      if (x->nranks == 0 || v > x->max)
        x->max = v, x->max_rank = rank;
      x->nranks++;
      x->count += st->count;
      x->sum += v;
    }
  return x->nranks > 0;
}

void
trun_rank_list (const struct trun_mnode *n, int comp, char *out, size_t size)
{
  size_t len = 0;
  out[0] = 0;
  for (unsigned i = 0; i < n->nranks && len + 1 < size; i++)
    {
      if (trun_rank_stat (n, i, comp)->count == 0)
        continue;
      int first = n->ranks[i].rank, last = first;
      while (i + 1 < n->nranks && n->ranks[i + 1].rank == last + 1
             && trun_rank_stat (n, i + 1, comp)->count > 0)
        last = n->ranks[++i].rank;
      int w = last > first
                  ? snprintf (out + len, size - len, "%s%d-%d", len ? "," : "",
                              first, last)
                  : snprintf (out + len, size - len, "%s%d", len ? "," : "",
                              first);
      if (w < 0 || (size_t) w >= size - len)
        {
          snprintf (out + (size > 4 ? size - 4 : 0), size > 4 ? 4 : size,
                    "...");
          return;
        }
      len += (size_t) w;
    }
}
