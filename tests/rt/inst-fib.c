/* Built with the plugin (trace or region mode): naive fib (fib-late:
   after a pause, for exact throttling), an in-source region, OpenMP
   teams forked under two different callers (libgomp reuses its
   workers), and a longjmp through instrumented frames.  */
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <trun/trun.h>

long
fib (int n)
{
  return n < 2 ? n : fib (n - 1) + fib (n - 2);
}

static void
team (int n, int nthreads)
{
#pragma omp parallel num_threads(nthreads)
  {
    fib (n);
  }
}

void
first_caller (int n, int t)
{
  team (n, t);
}

void
second_caller (int n, int t)
{
  team (n, t);
}

static jmp_buf env;

void
thrower (int depth)
{
  if (depth == 0)
    longjmp (env, 1);
  thrower (depth - 1);
}

/* The way Lua protects a call: setjmp here, longjmp from deep below.  */
void
protect (void)
{
  if (setjmp (env) == 0)
    thrower (5);
}

void
catcher (void)
{
  protect ();
  fib (3); /* recorded under catcher, not under the abandoned thrower */
}

int
main (int argc, char **argv)
{
  const char *what = argc > 1 ? argv[1] : "fib";
  int n = argc > 2 ? atoi (argv[2]) : 10;
  if (strcmp (what, "fib") == 0)
    {
      trun_region_begin ("compute");
      long r = fib (n);
      trun_region_end ("compute");
      printf ("fib(%d) = %ld\n", n, r);
    }
  else if (strcmp (what, "fib-late") == 0)
    {
      /* The throttle's limit is known once the clock's rate is, some
         100 us after the start: a function is then throttled exactly at
         the exit that takes a node's count past TRUN_THROTTLE_COUNT.  */
      struct timespec pause = { 0, 5000000 };
      nanosleep (&pause, NULL);
      printf ("fib(%d) = %ld\n", n, fib (n));
    }
  else if (strcmp (what, "omp") == 0)
    {
      int t = argc > 3 ? atoi (argv[3]) : 3;
      first_caller (n, t);
      second_caller (n, t);
      first_caller (n, t);
    }
  else if (strcmp (what, "longjmp") == 0)
    catcher ();
  return 0;
}
