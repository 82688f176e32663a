/* tests/rt/sighandler.c -- a 20 us timer whose handler calls an
 * instrumented function while main calls top -> mid -> leaf N times.
 * Usage: sighandler [N [alt|step [same|storm]]]; with alt the handler
 * runs on an alternate signal stack (sigaltstack, SA_ONSTACK); with
 * step there is no timer: the loop is between two SIGSTOPs, for
 * tests/rt/sigstep.c to single-step and deliver SIGALRM at the points it
 * chooses.  With same the handler, itself not instrumented, calls leaf:
 * when it interrupts leaf's exit after the pop, its leaf attaches under
 * mid, in the node the interrupted exit is updating.  With storm the
 * handler calls in_handler 150 times: 600 timeline events, more than a
 * 4 KB buffer (512 words) holds, so one handler fills it and writes it
 * out.  */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "timer.h"

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

__attribute__ ((noinline, no_instrument_function)) static void
on_alarm_same (int sig)
{
  (void) sig;
  handled++;
  leaf (1);
}

static void
on_alarm_storm (int sig)
{
  (void) sig;
  handled++;
  for (int i = 0; i < 150; i++)
    in_handler ();
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
  int step = argc > 2 && !strcmp (argv[2], "step");
  const char *kind = argc > 3 ? argv[3] : "";
  void (*handler) (int) = !strcmp (kind, "same")    ? on_alarm_same
                          : !strcmp (kind, "storm") ? on_alarm_storm
                                                    : on_alarm;
  if (step)
    {
      if (handler_install (handler, 0) != 0)
        return 2;
      raise (SIGSTOP);
    }
  else if (timer_start (handler, argc > 2 && !strcmp (argv[2], "alt")) != 0)
    return 2;
  for (long i = 0; i < n; i++)
    top (i);
  if (step)
    raise (SIGSTOP);
  else
    timer_stop ();
  printf ("%ld\n", handled);
  return 0;
}
