/* Naive Fibonacci through the public region API: every call is a
   "fib" region, so the count at each depth is known exactly.  Threads
   (argv[2] of them) each run the same recursion under "work".  */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <trun/trun.h>

static long
fib (int n)
{
  trun_region_begin ("fib");
  long r = n < 2 ? n : fib (n - 1) + fib (n - 2);
  trun_region_end ("fib");
  return r;
}

static int depth_n;

static void *
work (void *arg)
{
  (void) arg;
  TRUN_SCOPED_REGION ("work");
  fib (depth_n);
  return NULL;
}

int
main (int argc, char **argv)
{
  depth_n = argc > 1 ? atoi (argv[1]) : 12;
  int nthreads = argc > 2 ? atoi (argv[2]) : 0;
  trun_region_begin ("main");
  printf ("fib(%d) = %ld\n", depth_n, fib (depth_n));
  if (nthreads > 0)
    {
      pthread_t *t = calloc (nthreads, sizeof *t);
      trun_region_begin ("threads");
      for (int i = 0; i < nthreads; i++)
        pthread_create (&t[i], NULL, work, NULL);
      for (int i = 0; i < nthreads; i++)
        pthread_join (t[i], NULL);
      trun_region_end ("threads");
      free (t);
    }
  trun_region_end ("main");
  return 0;
}
