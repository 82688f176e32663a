/* tests/e2e/trun-cmd.sh's fixture, built in region mode: main -> driver
   -> alpha (N calls) and beta or gamma, and THREADS threads each running
   worker -> alpha.  "a N": beta; "b N": gamma instead (a changed
   workload: beta gone, gamma new).  */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static volatile double sink;

static void
spin (long n)
{
  double x = 0;
  for (long i = 0; i < n; i++)
    x += (double) i * 0.5;
  sink = x;
}

static void alpha (void) { spin (20000); }
static void beta (void) { spin (50000); }
static void gamma_ (void) { spin (80000); }

static void *
worker (void *arg)
{
  (void) arg;
  for (int i = 0; i < 5; i++)
    alpha ();
  return NULL;
}

static void
driver (int b, int n)
{
  for (int i = 0; i < n; i++)
    alpha ();
  for (int i = 0; i < 3; i++)
    if (b)
      gamma_ ();
    else
      beta ();
}

int
main (int argc, char **argv)
{
  int b = argc > 1 && strcmp (argv[1], "b") == 0;
  int n = argc > 2 ? atoi (argv[2]) : 10;
  pthread_t t[2];
  for (int i = 0; i < 2; i++)
    pthread_create (&t[i], NULL, worker, NULL);
  driver (b, n);
  for (int i = 0; i < 2; i++)
    pthread_join (t[i], NULL);
  printf ("done\n");
  return 0;
}
