/* tests/rt/threads-unequal.c -- threads with unequal work under one
 * node: worker I runs chunk () I + 1 times, each chunk spinning CHUNK_MS
 * of wall-clock time.  "pthread N" has main create N pthreads and join
 * them; "omp N" has kernel () fork a team of N OpenMP threads, thread I
 * doing I + 1 chunks.  The chunk counts per thread are exact whatever
 * the load; the times follow them.  */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#ifdef _OPENMP
#include <omp.h>
#endif

#define CHUNK_MS 40

static volatile long spins;

/* Spin (not sleep: the thread is busy) until CHUNK_MS have passed.  */
__attribute__ ((noinline)) void
chunk (void)
{
  struct timespec t0, t;
  clock_gettime (CLOCK_MONOTONIC, &t0);
  do
    {
      for (int i = 0; i < 1000; i++)
        spins++;
      clock_gettime (CLOCK_MONOTONIC, &t);
    }
  while ((t.tv_sec - t0.tv_sec) * 1000.0 + (t.tv_nsec - t0.tv_nsec) / 1e6
         < CHUNK_MS);
}

__attribute__ ((noinline)) void *
worker (void *arg)
{
  long chunks = (long) arg;
  for (long i = 0; i < chunks; i++)
    chunk ();
  return NULL;
}

#ifdef _OPENMP
__attribute__ ((noinline)) void
kernel (int n)
{
#pragma omp parallel num_threads(n)
  {
    int chunks = omp_get_thread_num () + 1;
    for (int i = 0; i < chunks; i++)
      chunk ();
  }
}
#endif

int
main (int argc, char **argv)
{
  int n = argc > 2 ? atoi (argv[2]) : 4;
  if (n < 1 || n > 64)
    return 2;
  if (argc > 1 && strcmp (argv[1], "omp") == 0)
    {
#ifdef _OPENMP
      kernel (n);
#else
      return 2;
#endif
    }
  else
    {
      pthread_t th[64];
      for (long i = 0; i < n; i++)
        if (pthread_create (&th[i], NULL, worker, (void *) (i + 1)) != 0)
          return 1;
      for (int i = 0; i < n; i++)
        pthread_join (th[i], NULL);
    }
  printf ("%d threads done\n", n);
  return 0;
}
