/* bench/startup.c -- a program of ten calls: what it costs is the
 * profiler's fixed start-up and exit, not its per-call overhead.
 *
 * Usage: startup
 * Calls made: 1 (main) + 9 (step).  The result is printed so the calls
 * cannot be dropped.
 */
#include <stdio.h>

__attribute__ ((noinline)) int
step (int x)
{
  return x * 3 + 1;
}

int
main (void)
{
  int v = 0;
  for (int i = 0; i < 9; i++)
    v = step (v);
  printf ("%d\n", v);
  return 0;
}
