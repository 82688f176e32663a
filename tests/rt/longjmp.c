/* tests/rt/longjmp.c -- repeated longjmps out of deep recursion, for
 * rt-longjmp.sh: catcher sets a jump buffer and dives DEPTH calls deep,
 * the deepest jumps back (plain: longjmp; sig: siglongjmp out of a
 * signal handler raised there), then catcher calls after (a larger
 * frame than dive's: its stack pointer is below the first abandoned
 * dive frames') and leaf.
 *
 * Usage: longjmp REPS DEPTH [plain|sig]
 */
#include <setjmp.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static sigjmp_buf env;
static volatile long sink;
static int use_signal;

__attribute__ ((noinline)) void
leaf (long i)
{
  sink += i;
}

__attribute__ ((noinline)) void
on_signal (int sig)
{
  leaf (sig);
  siglongjmp (env, 1);
}

__attribute__ ((noinline)) void
dive (int n)
{
  volatile char pad[16];
  pad[0] = (char) n;
  if (n == 0)
    {
      if (use_signal)
        raise (SIGUSR1);
      longjmp (env, 1);
    }
  dive (n - 1);
  sink += pad[0];
}

__attribute__ ((noinline)) void
after (long i)
{
  volatile char big[512];
  big[0] = (char) i;
  leaf (big[0]);
}

__attribute__ ((noinline)) void
catcher (int depth)
{
  if (!sigsetjmp (env, 1))
    dive (depth);
  after (depth);
  leaf (depth);
}

int
main (int argc, char **argv)
{
  int reps = argc > 1 ? atoi (argv[1]) : 100;
  int depth = argc > 2 ? atoi (argv[2]) : 50;
  use_signal = argc > 3 && !strcmp (argv[3], "sig");
  signal (SIGUSR1, on_signal);
  for (int r = 0; r < reps; r++)
    catcher (depth);
  printf ("%ld\n", sink);
  return 0;
}
