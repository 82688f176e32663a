/* throttle-threads.c -- THREADS threads each call tiny() CALLS times,
 * all at once, for inst-throttle.sh: once tiny is throttled, every
 * thread counts its calls in its own node of tiny, and no call may be
 * lost from measured + unmeasured.
 *
 * Usage: throttle-threads THREADS CALLS
 */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>

static long calls;
static pthread_barrier_t start;

__attribute__ ((noinline)) long
tiny (long x)
{
  return x * 3 + 1;
}

static void *
worker (void *arg)
{
  long sum = 0;
  (void) arg;
  pthread_barrier_wait (&start);
  for (long i = 0; i < calls; i++)
    sum += tiny (i);
  return (void *) sum;
}

int
main (int argc, char **argv)
{
  if (argc < 3)
    return 2;
  int nthreads = atoi (argv[1]);
  calls = atol (argv[2]);
  if (nthreads < 1 || nthreads > 64)
    return 2;
  pthread_t th[64];
  pthread_barrier_init (&start, NULL, (unsigned) nthreads);
  for (int t = 0; t < nthreads; t++)
    if (pthread_create (&th[t], NULL, worker, NULL) != 0)
      return 1;
  long total = 0;
  for (int t = 0; t < nthreads; t++)
    {
      void *r;
      pthread_join (th[t], &r);
      total += (long) r;
    }
  printf ("%ld\n", total);
  return 0;
}
