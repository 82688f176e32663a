/* The outputs' fixture (tests/rt/out-*.sh), built in region mode: main
   -> compute -> fib recursion, and THREADS threads each running work ->
   fib, so nodes merge across threads; regions whose names hold a ';', a
   comma, quotes, a space and a line end, and one 300 characters long.  */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <trun/trun.h>

static long
fib (int n)
{
  return n < 2 ? n : fib (n - 1) + fib (n - 2);
}

static void *
work (void *arg)
{
  long *out = arg;
  trun_region_begin ("odd;name");
  *out = fib (12);
  trun_region_end ("odd;name");
  return NULL;
}

static long
compute (int n)
{
  long r = fib (n);
  trun_region_begin ("a \"quoted\", name\nwith a line end");
  r += fib (10);
  trun_region_end ("a \"quoted\", name\nwith a line end");
  return r;
}

int
main (int argc, char **argv)
{
  int nthreads = argc > 1 ? atoi (argv[1]) : 3;
  char longname[301];
  memset (longname, 'x', 300);
  memcpy (longname, "long_", 5);
  longname[300] = '\0';
  trun_region_begin (longname);
  long r = compute (15);
  trun_region_end (longname);
  pthread_t t[16];
  long res[16];
  if (nthreads > 16)
    nthreads = 16;
  for (int i = 0; i < nthreads; i++)
    pthread_create (&t[i], NULL, work, &res[i]);
  for (int i = 0; i < nthreads; i++)
    {
      pthread_join (t[i], NULL);
      r += res[i];
    }
  printf ("%ld\n", r);
  return 0;
}
