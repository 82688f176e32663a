/* bench/work50.c -- a call that does about 50 iterations of real work.
 *
 * Usage: work50 CALLS
 * Calls made: 1 (main) + CALLS (work50).  Each call makes 50 table
 * lookups mixed into a sum (loads, xor, add per iteration), and each
 * call's argument depends on the previous result, so nothing can be
 * hoisted or folded away; the final sum is printed.  The iterations are
 * independent of each other, so the loop is bound by throughput, not by
 * one long dependency chain that would hide a profiler's instructions.
 */
#include <stdio.h>
#include <stdlib.h>

#define TABLE_SIZE 256u
#define ITERATIONS 50

static unsigned table[TABLE_SIZE];

__attribute__ ((noinline)) unsigned
work50 (unsigned x)
{
  unsigned sum = 0;
  for (int i = 0; i < ITERATIONS; i++)
    sum += table[(x + (unsigned) i * 7u) & (TABLE_SIZE - 1)] ^ (unsigned) i;
  return sum;
}

int
main (int argc, char **argv)
{
  if (argc < 2)
    {
      fprintf (stderr, "usage: %s CALLS\n", argv[0]);
      return 2;
    }
  long calls = atol (argv[1]);
  for (unsigned i = 0; i < TABLE_SIZE; i++)
    table[i] = i * 2654435761u;
  unsigned h = 0;
  for (long i = 0; i < calls; i++)
    h += work50 (h + (unsigned) i);
  printf ("work50 x %ld: %u\n", calls, h);
  return 0;
}
