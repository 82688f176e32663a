/* tests/rt/alternate.c -- parents calling eight different children in
 * turn, for rel-alternate.sh: THREADS threads each call parent_a (child0
 * .. child7) and parent_b (child7 .. child0, and child0 once more) N
 * times; with "signal", a 20 us timer's handler calls in_handler, which
 * calls child0 and child1, between any two instructions of the markers.
 * Every (parent, child) count must stay exact.
 *
 * Usage: alternate THREADS N [signal]      prints the signals handled
 */
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/time.h>

static long handled;
static _Thread_local volatile long sink; /* per thread: no data race */
static long n_calls;

#define CHILD(k)                                                              \
  __attribute__ ((noinline)) void child##k (long i)                          \
  {                                                                           \
    sink += i + k;                                                            \
  }
CHILD (0)
CHILD (1)
CHILD (2)
CHILD (3)
CHILD (4)
CHILD (5)
CHILD (6)
CHILD (7)

__attribute__ ((noinline)) void
in_handler (void)
{
  child0 (-1);
  child1 (-1);
}

static void
on_alarm (int sig)
{
  (void) sig;
  __atomic_fetch_add (&handled, 1, __ATOMIC_RELAXED);
  in_handler ();
}

__attribute__ ((noinline)) void
parent_a (long i)
{
  child0 (i);
  child1 (i);
  child2 (i);
  child3 (i);
  child4 (i);
  child5 (i);
  child6 (i);
  child7 (i);
}

__attribute__ ((noinline)) void
parent_b (long i)
{
  child7 (i);
  child6 (i);
  child5 (i);
  child4 (i);
  child3 (i);
  child2 (i);
  child1 (i);
  child0 (i);
  child0 (i);
}

static void *
worker (void *arg)
{
  (void) arg;
  for (long i = 0; i < n_calls; i++)
    {
      parent_a (i);
      parent_b (i);
    }
  return NULL;
}

int
main (int argc, char **argv)
{
  if (argc < 3)
    return 2;
  int nthreads = atoi (argv[1]);
  n_calls = atol (argv[2]);
  int sig = argc > 3 && strcmp (argv[3], "signal") == 0;
  if (nthreads < 1 || nthreads > 64)
    return 2;
  if (sig)
    {
      struct sigaction sa;
      memset (&sa, 0, sizeof sa);
      sa.sa_handler = on_alarm;
      sa.sa_flags = SA_RESTART;
      sigaction (SIGALRM, &sa, NULL);
      struct itimerval it = { { 0, 20 }, { 0, 20 } };
      setitimer (ITIMER_REAL, &it, NULL);
    }
  pthread_t th[64];
  for (int t = 0; t < nthreads; t++)
    if (pthread_create (&th[t], NULL, worker, NULL) != 0)
      return 1;
  for (int t = 0; t < nthreads; t++)
    pthread_join (th[t], NULL);
  if (sig)
    {
      struct itimerval off = { { 0, 0 }, { 0, 0 } };
      setitimer (ITIMER_REAL, &off, NULL);
    }
  printf ("%ld\n", __atomic_load_n (&handled, __ATOMIC_RELAXED));
  return 0;
}
