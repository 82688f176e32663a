/* tests/rt/node-signal.c -- new nodes made while a signal handler makes
 * its own, for rel-node-signal.sh: main walks every call path of DEPTH
 * levels over b0..b3 (each path new the first time), REPEATS times,
 * while a 20 us timer's handler calls h_outer -> h_inner under whatever
 * frame it interrupts (mostly a new path too).  Prints the number of
 * signals handled.
 *
 * Usage: node-signal DEPTH REPEATS [alt]; with alt the handler runs on
 * an alternate signal stack.  */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "timer.h"

static volatile long handled;
static volatile long sink;

__attribute__ ((noinline)) void
h_inner (void)
{
  sink++;
}

__attribute__ ((noinline)) void
h_outer (void)
{
  sink++;
  h_inner ();
}

static void
on_alarm (int sig)
{
  (void) sig;
  handled++;
  h_outer ();
}

__attribute__ ((noinline)) void
leaf (void)
{
  sink++;
}

void b0 (int d);
void b1 (int d);
void b2 (int d);
void b3 (int d);

static void
walk (int d)
{
  if (d == 0)
    {
      leaf ();
      return;
    }
  b0 (d - 1);
  b1 (d - 1);
  b2 (d - 1);
  b3 (d - 1);
}

__attribute__ ((noinline)) void
b0 (int d)
{
  walk (d);
}

__attribute__ ((noinline)) void
b1 (int d)
{
  walk (d);
}

__attribute__ ((noinline)) void
b2 (int d)
{
  walk (d);
}

__attribute__ ((noinline)) void
b3 (int d)
{
  walk (d);
}

int
main (int argc, char **argv)
{
  int depth = argc > 1 ? atoi (argv[1]) : 6;
  long repeats = argc > 2 ? atol (argv[2]) : 2;
  if (timer_start (on_alarm, argc > 3 && !strcmp (argv[3], "alt")) != 0)
    return 2;
  for (long r = 0; r < repeats; r++)
    walk (depth);
  timer_stop ();
  printf ("%ld\n", handled);
  return 0;
}
