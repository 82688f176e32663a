/* bench/nodes.c -- one million distinct call-graph nodes through the
 * public region API, then an explicit trun_finalize () timed here.
 *
 * Usage: nodes OUTER INNER [THREADS]
 * The OUTER top-level regions (split between THREADS threads) each get
 * INNER child regions; every region has its own name, so the merged
 * tree has OUTER * (INNER + 1) distinct nodes.  Prints "nodes_made N",
 * "record_s S", "finalize_s S" and "finalize_cpu_s S" (the process's CPU
 * time in the call: on a loaded machine the steadier figure) for
 * bench/run.py.
 */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "trun/trun.h"

struct share
{
  long first, count, inner;
  char **names; /* (OUTER * (INNER + 1)) names, row per outer region */
};

static double
clock_s (clockid_t clock)
{
  struct timespec ts;
  clock_gettime (clock, &ts);
  return (double) ts.tv_sec + 1e-9 * (double) ts.tv_nsec;
}

static double
now_s (void)
{
  return clock_s (CLOCK_MONOTONIC);
}

static void *
record (void *arg)
{
  struct share *s = arg;
  for (long o = s->first; o < s->first + s->count; o++)
    {
      char **row = s->names + o * (s->inner + 1);
      trun_region_begin (row[0]);
      for (long i = 1; i <= s->inner; i++)
        {
          trun_region_begin (row[i]);
          trun_region_end (row[i]);
        }
      trun_region_end (row[0]);
    }
  return NULL;
}

int
main (int argc, char **argv)
{
  if (argc < 3)
    {
      fprintf (stderr, "usage: %s OUTER INNER [THREADS]\n", argv[0]);
      return 2;
    }
  long outer = atol (argv[1]), inner = atol (argv[2]);
  int nthreads = argc > 3 ? atoi (argv[3]) : 1;
  if (outer < 1 || inner < 0 || nthreads < 1 || nthreads > 64)
    return 2;

  long total = outer * (inner + 1);
  char **names = malloc ((size_t) total * sizeof *names);
  char *pool = malloc ((size_t) total * 24);
  if (!names || !pool)
    return 1;
  for (long k = 0; k < total; k++)
    {
      names[k] = pool + k * 24;
      snprintf (names[k], 24, "r%ld_%ld", k / (inner + 1), k % (inner + 1));
    }

  struct share shares[64];
  pthread_t threads[64];
  double t0 = now_s ();
  for (int t = 0; t < nthreads; t++)
    {
      long lo = outer * t / nthreads, hi = outer * (t + 1) / nthreads;
      shares[t] = (struct share){ lo, hi - lo, inner, names };
    }
  if (nthreads == 1)
    record (&shares[0]);
  else
    {
      for (int t = 0; t < nthreads; t++)
        if (pthread_create (&threads[t], NULL, record, &shares[t]) != 0)
          return 1;
      for (int t = 0; t < nthreads; t++)
        pthread_join (threads[t], NULL);
    }
  double t1 = now_s (), c1 = clock_s (CLOCK_PROCESS_CPUTIME_ID);
  trun_finalize ();
  double t2 = now_s (), c2 = clock_s (CLOCK_PROCESS_CPUTIME_ID);
  printf ("nodes_made %ld\nrecord_s %.6f\nfinalize_s %.6f\n"
          "finalize_cpu_s %.6f\n", total, t1 - t0, t2 - t1, c2 - c1);
  return 0;
}
