/* throttle-threads.c -- THREADS threads each call tiny() CALLS times,
 * all at once, for inst-throttle.sh.  Once tiny is throttled its calls
 * call no marker: every thread's count of it stops at the throttle (one
 * call in flight at most), while leaf(), which tiny calls every 5000th
 * time and which is not throttled, keeps its exact count, attached
 * under worker from then on.  The pause first lets the throttle's limit
 * be known (some 100 us after the start) before any call.
 *
 * Usage: throttle-threads THREADS CALLS
 */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

static long calls;
static pthread_barrier_t start;

__attribute__ ((noinline)) long
leaf (long x)
{
  return x ^ 5;
}

__attribute__ ((noinline)) long
tiny (long x)
{
  return x % 5000 == 0 ? leaf (x) : x * 3 + 1;
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
  struct timespec pause = { 0, 5000000 };
  nanosleep (&pause, NULL);
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
