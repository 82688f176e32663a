/* tests/rt/sighandler.c -- a 20 us timer whose handler calls an
 * instrumented function while main calls top -> mid -> leaf N times.
 * Usage: sighandler [N [alt]]; with alt the handler runs on an alternate
 * signal stack (sigaltstack, SA_ONSTACK).  */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/time.h>

static volatile long handled;
static volatile long sink;

__attribute__ ((noinline)) void
handler_leaf (void)
{
  sink++;
}

__attribute__ ((noinline)) void
in_handler (void)
{
  sink++;
  handler_leaf ();
}

static void
on_alarm (int sig)
{
  (void) sig;
  handled++;
  in_handler ();
}

__attribute__ ((noinline)) void
leaf (long i)
{
  sink += i;
}

__attribute__ ((noinline)) void
mid (long i)
{
  leaf (i);
}

__attribute__ ((noinline)) void
top (long i)
{
  mid (i);
}

int
main (int argc, char **argv)
{
  long n = argc > 1 ? atol (argv[1]) : 200000;
  struct sigaction sa;
  memset (&sa, 0, sizeof sa);
  sa.sa_handler = on_alarm;
  sa.sa_flags = SA_RESTART;
  if (argc > 2 && !strcmp (argv[2], "alt"))
    {
      static char alt[64 * 1024];
      stack_t ss = { .ss_sp = alt, .ss_size = sizeof alt, .ss_flags = 0 };
      if (sigaltstack (&ss, NULL) != 0)
        return 2;
      sa.sa_flags |= SA_ONSTACK;
    }
  sigaction (SIGALRM, &sa, NULL);
  struct itimerval it = { { 0, 20 }, { 0, 20 } };
  setitimer (ITIMER_REAL, &it, NULL);
  for (long i = 0; i < n; i++)
    top (i);
  struct itimerval off = { { 0, 0 }, { 0, 0 } };
  setitimer (ITIMER_REAL, &off, NULL);
  printf ("%ld\n", handled);
  return 0;
}
