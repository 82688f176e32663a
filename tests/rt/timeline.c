/* tests/rt/timeline.c -- programs for tests/rt/rt-timeline.sh, built
 * with the plugin:
 *   timeline deep N          recursion N deep, twice
 *   timeline threads T N R   T pthreads, each fib(N) R times
 *   timeline loop N          fib(N) in a loop until killed; prints
 *                            "running" once the loop started
 */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <trun/trun.h>

static volatile long sink;

long
fib (int n)
{
  return n < 2 ? n : fib (n - 1) + fib (n - 2);
}

long
down (int n)
{
  if (n == 0)
    return sink;
  long r = down (n - 1) + 1;
  sink += r & 1;
  return r;
}

struct job
{
  int n, reps;
};

void *
worker (void *arg)
{
  struct job *j = arg;
  long s = 0;
  for (int i = 0; i < j->reps; i++)
    s += fib (j->n);
  sink += s;
  return NULL;
}

int
main (int argc, char **argv)
{
  const char *what = argc > 1 ? argv[1] : "deep";
  if (strcmp (what, "deep") == 0)
    {
      int n = argc > 2 ? atoi (argv[2]) : 10000;
      trun_region_begin ("deep-region");
      long r = down (n) + down (n);
      trun_region_end ("deep-region");
      printf ("%ld\n", r);
    }
  else if (strcmp (what, "threads") == 0)
    {
      int t = argc > 2 ? atoi (argv[2]) : 2;
      struct job j = { argc > 3 ? atoi (argv[3]) : 15,
                       argc > 4 ? atoi (argv[4]) : 10 };
      pthread_t th[64];
      if (t > 64)
        t = 64;
      for (int i = 0; i < t; i++)
        pthread_create (&th[i], NULL, worker, &j);
      for (int i = 0; i < t; i++)
        pthread_join (th[i], NULL);
      printf ("%ld\n", sink);
    }
  else if (strcmp (what, "loop") == 0)
    {
      int n = argc > 2 ? atoi (argv[2]) : 15;
      printf ("running\n");
      fflush (stdout);
      for (;;)
        {
          trun_region_begin ("iteration");
          sink += fib (n);
          trun_region_end ("iteration");
        }
    }
  return 0;
}
