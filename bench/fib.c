/* bench/fib.c -- naive Fibonacci: the smallest call a profiler can see.
 *
 * Usage: fib N REPS [THREADS]
 * Each of THREADS threads (default 1: the main thread itself) computes
 * fib(N) REPS times.  Calls made: 1 (main) + THREADS (run_reps) +
 * THREADS * REPS * (2 * F(N+1) - 1) (fib); bench/run.py counts them
 * the same way.  The sum is printed so the work cannot be dropped.
 */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>

struct job
{
  int n;
  long reps;
  long result;
};

__attribute__ ((noinline)) long
fib (int n)
{
  return n < 2 ? n : fib (n - 1) + fib (n - 2);
}

static void *
run_reps (void *arg)
{
  struct job *job = arg;
  long sum = 0;
  for (long r = 0; r < job->reps; r++)
    sum += fib (job->n);
  job->result = sum;
  return NULL;
}

int
main (int argc, char **argv)
{
  if (argc < 3)
    {
      fprintf (stderr, "usage: %s N REPS [THREADS]\n", argv[0]);
      return 2;
    }
  int n = atoi (argv[1]);
  long reps = atol (argv[2]);
  int nthreads = argc > 3 ? atoi (argv[3]) : 1;
  if (nthreads < 1 || nthreads > 64)
    return 2;

  struct job jobs[64];
  pthread_t threads[64];
  for (int t = 0; t < nthreads; t++)
    jobs[t] = (struct job){ n, reps, 0 };
  if (nthreads == 1)
    run_reps (&jobs[0]);
  else
    {
      for (int t = 0; t < nthreads; t++)
        if (pthread_create (&threads[t], NULL, run_reps, &jobs[t]) != 0)
          return 1;
      for (int t = 0; t < nthreads; t++)
        pthread_join (threads[t], NULL);
    }
  long total = 0;
  for (int t = 0; t < nthreads; t++)
    total += jobs[t].result;
  printf ("fib %d x %ld x %d threads: %ld\n", n, reps, nthreads, total);
  return 0;
}
