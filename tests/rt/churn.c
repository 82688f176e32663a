/* tests/rt/churn.c -- thread churn: ROUNDS rounds of THREADS threads
 * created and joined, each recording three regions; prints the peak RSS
 * (kB) at the end.
 */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/resource.h>

#ifdef WITH_TRUN
#include "trun/trun.h"
#else
#define trun_region_begin(n) ((void) 0)
#define trun_region_end(n) ((void) 0)
#endif

static void *
worker (void *arg)
{
  (void) arg;
  trun_region_begin ("worker");
  for (int i = 0; i < 3; i++)
    {
      trun_region_begin ("step");
      trun_region_end ("step");
    }
  trun_region_end ("worker");
  return NULL;
}

int
main (int argc, char **argv)
{
  int rounds = argc > 1 ? atoi (argv[1]) : 40;
  int nthreads = argc > 2 ? atoi (argv[2]) : 256;
  pthread_t *t = calloc ((size_t) nthreads, sizeof *t);
  trun_region_begin ("churn");
  for (int r = 0; r < rounds; r++)
    {
      for (int i = 0; i < nthreads; i++)
        if (pthread_create (&t[i], NULL, worker, NULL) != 0)
          return 2;
      for (int i = 0; i < nthreads; i++)
        pthread_join (t[i], NULL);
    }
  trun_region_end ("churn");
  struct rusage ru;
  getrusage (RUSAGE_SELF, &ru);
  printf ("%ld\n", ru.ru_maxrss);
  free (t);
  return 0;
}
