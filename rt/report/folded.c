/* rt/report/folded.c -- folded stacks, the input of flamegraph.pl,
 * inferno and speedscope: ${prefix}[trace-]<label>.folded per component
 * of each domain of a process report (TRUN_FOLDED_OUTPUT), one line per
 * call path with its self value:
 *
 *   main;compute;fib 1234
 *
 * in integer microseconds for time, bytes for memory, units for counts
 * (percentages are not additive: no file).  Names are whole, escaped as
 * report/ctree.c says, so ';' and line ends never split a frame.  The
 * values are rounded with the error carried from line to line, so they
 * add up exactly to the rounded sum of the roots' inclusive values (a
 * negative self value, which a clock can give, counts as 0).  Lines whose
 * value rounds to 0 are left out; a node deeper than TRUN_PATH_MAX_DEPTH
 * is folded into its ancestor at that depth, which then carries its
 * whole inclusive value, so a 100 000-deep recursion gives a file of
 * bounded size.
 */
#include "report/writers.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

/* Base units (seconds, bytes, counts) per unit written.  */
static double
folded_unit (int comp)
{
  return trun_components[comp].cls == TRUN_CLASS_TIMING ? 1e-6 : 1.0;
}

static int
write_folded (FILE *f, const struct trun_mtree *t, int comp,
              const struct trun_settings *s)
{
  (void) s;
  struct trun_cwalk w;
  struct trun_cpath p;
  memset (&p, 0, sizeof p);
  trun_cwalk_init (&w, t, comp);
  struct trun_block b;
  trun_block_init (&b, f);
  double unit = folded_unit (comp);
  double exact = 0; /* exact values so far, in written units */
  int64_t written = 0;
  int err = 0;
  size_t closed;
  const struct trun_mnode *n;
  while ((n = trun_cwalk_next (&w, &closed)))
    {
      size_t level = w.n - 1;
      if (level >= TRUN_PATH_MAX_DEPTH)
        continue; /* in its ancestor's inclusive value */
      /* Every node's, even one left out: its path is built only for a
         line (most nodes of a big tree round to no line).  */
      trun_cpath_forget (&p, &w);
      const struct trun_stat *st = trun_mnode_stat (t, n, comp);
      double v = level + 1 < TRUN_PATH_MAX_DEPTH ? trun_stat_self (st) : st->sum;
      if (!(v > 0))
        continue;
      exact += v / unit;
      int64_t now = (int64_t) trun_round (exact);
      int64_t value = now - written;
      if (value <= 0)
        continue;
      written = now;
      if (trun_cpath_update (&p, &w) != 0)
        {
          err = 1;
          break;
        }
      char num[24];
      num[sizeof num - 1] = '\n';
      char *q = trun_digits_before (num + sizeof num - 1, (uint64_t) value);
      *--q = ' ';
      trun_block_write (&b, p.buf, p.len);
      trun_block_write (&b, q, (size_t) (num + sizeof num - q));
    }
  trun_block_end (&b);
  trun_cwalk_free (&w);
  trun_cpath_free (&p);
  return err;
}

static int
folded_files (const struct trun_report *r)
{
  /* A job's: the job tree, every rank's calls folded (rank 0).  */
  if (!r->settings->folded_output
      || (r->kind == TRUN_REPORT_JOB && !r->aggregate))
    return 0;
  return trun_component_files (r, ".folded", 1, write_folded);
}

const struct trun_writer trun_folded_writer = { "folded", folded_files, NULL };
