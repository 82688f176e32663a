/* bench/alt8.c -- a parent calling 8 different children in turn.
 *
 * Usage: alt8 ROUNDS
 * Calls made: 1 (main) + 1 (alt_parent) + 8 * ROUNDS (child0 .. child7,
 * ROUNDS each).  Each round calls child0, child1, ..., child7 once, each
 * on the previous one's result, so nothing can be hoisted, reordered or
 * folded away; the final value is printed.  A profiler that remembers
 * one child per parent finds the wrong one on every call here; fib and
 * work50 always call the same child.
 */
#include <stdio.h>
#include <stdlib.h>

#define CHILD(k)                                                              \
  __attribute__ ((noinline)) unsigned child##k (unsigned x)                  \
  {                                                                           \
    return (x ^ (k * 0x9E3779B9u)) * (2u * k + 1u) + k;                       \
  }
CHILD (0)
CHILD (1)
CHILD (2)
CHILD (3)
CHILD (4)
CHILD (5)
CHILD (6)
CHILD (7)

__attribute__ ((noinline)) unsigned
alt_parent (unsigned x, long rounds)
{
  for (long r = 0; r < rounds; r++)
    {
      x = child0 (x);
      x = child1 (x);
      x = child2 (x);
      x = child3 (x);
      x = child4 (x);
      x = child5 (x);
      x = child6 (x);
      x = child7 (x);
    }
  return x;
}

int
main (int argc, char **argv)
{
  if (argc < 2)
    {
      fprintf (stderr, "usage: %s ROUNDS\n", argv[0]);
      return 2;
    }
  long rounds = atol (argv[1]);
  printf ("alt8 x %ld: %u\n", rounds, alt_parent ((unsigned) argc, rounds));
  return 0;
}
