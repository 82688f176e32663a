/* bench/omp-calls.c -- an OpenMP parallel loop calling instrumented
 * functions.
 *
 * Usage: omp-calls N REPS        (threads: OMP_NUM_THREADS)
 * REPS times, a `#pragma omp parallel for` over N iterations, each
 * calling omp_kern_a and omp_kern_b (small, each on the previous
 * result).  Calls made: 1 (main) + REPS x the team's size (the
 * parallel body) + 2 x N x REPS (omp_kern_a, omp_kern_b: N x REPS
 * each); bench/run.py counts the last.  The sum is printed; it does
 * not depend on the number of threads.
 */
#include <stdio.h>
#include <stdlib.h>

__attribute__ ((noinline)) unsigned
omp_kern_a (unsigned x)
{
  return (x ^ 0x9E3779B9u) * 2654435761u + 7u;
}

__attribute__ ((noinline)) unsigned
omp_kern_b (unsigned x)
{
  return (x >> 3) * 40503u ^ x;
}

int
main (int argc, char **argv)
{
  if (argc < 3)
    {
      fprintf (stderr, "usage: %s N REPS\n", argv[0]);
      return 2;
    }
  long n = atol (argv[1]);
  long reps = atol (argv[2]);
  unsigned long sum = 0;
  for (long r = 0; r < reps; r++)
    {
#pragma omp parallel for schedule(static) reduction(+ : sum)
      for (long i = 0; i < n; i++)
        sum += omp_kern_b (omp_kern_a ((unsigned) (i + r)));
    }
  printf ("omp-calls %ld x %ld: %lu\n", n, reps, sum);
  return 0;
}
