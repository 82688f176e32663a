/* rt/core/stat.c -- statistics over a node's values: merging (threads, ranks),
 * mean, sample standard deviation and the share not spent in children.
 */
#include <math.h>

#include "core/mtree.h"

const struct trun_stat trun_stat_zero;

void
trun_stat_merge (struct trun_stat *a, const struct trun_stat *b)
{
  if (b->count == 0)
    {
      a->child += b->child;
      return;
    }
  if (a->count == 0 || b->min < a->min)
    a->min = b->min;
  if (a->count == 0 || b->max > a->max)
    a->max = b->max;
  a->count += b->count;
  a->sum += b->sum;
  a->sumsq += b->sumsq;
  a->child += b->child;
}

double
trun_stat_mean (const struct trun_stat *s)
{
  return s->count ? s->sum / (double) s->count : 0.0;
}

/* Sample standard deviation (n - 1), as timemory prints it.  */
double
trun_stat_stddev (const struct trun_stat *s)
{
  if (s->count < 2)
    return 0.0;
  double n = (double) s->count;
  double var = (s->sumsq - s->sum * s->sum / n) / (n - 1.0);
  /* sumsq - sum^2/n cancels: a variance at the rounding noise of the
     mean square (or negative) is zero, not a tiny spurious spread.  */
  if (!(var > 1e-13 * (s->sumsq / n)))
    return 0.0;
  return sqrt (var);
}

double
trun_stat_self (const struct trun_stat *s)
{
  double self = s->sum - s->child;
  if (!(s->sum > 0.0))
    return self; /* a memory delta can be negative: nothing to bound */
  if (!(self > 0.0))
    return 0.0;
  return self > s->sum ? s->sum : self;
}

double
trun_stat_self_percent (const struct trun_stat *s)
{
  if (s->count == 0 || !(s->sum > 0.0))
    return 0.0;
  return 100.0 * trun_stat_self (s) / s->sum;
}
