/* bench/stack.c -- the stack a recursion's frame takes, for bench/run.py's
 * stack section: each shape recurses DEPTH deep, and a probe at the
 * bottom records the stack address it was called at; the bytes per
 * frame are the difference between two depths over their difference.
 *
 * Usage: stack SHAPE DEPTH [measure]
 *   prints the result, and with "measure" also "frame BYTES" (from
 *   DEPTH/2 to DEPTH).  bench/run.py also finds the deepest DEPTH that
 *   completes under an 8 MB stack.
 *
 * The shapes are small functions GCC cannot turn into loops; the probe
 * is noipa so no shape's code depends on what the probe clobbers.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static uintptr_t deepest;

__attribute__ ((noipa)) long
probe (void)
{
  uintptr_t here = (uintptr_t) __builtin_frame_address (0);
  if (!deepest || here < deepest)
    deepest = here;
  return 1;
}

/* one argument, the result computed after the call */
__attribute__ ((noinline)) long
down (long n)
{
  if (n == 0)
    return probe ();
  long r = down (n - 1);
  return r ^ (r >> 3) ^ n;
}

/* no result */
static volatile long sink;
__attribute__ ((noinline)) void
down_void (long n)
{
  if (n == 0)
    {
      probe ();
      return;
    }
  down_void (n - 1);
  sink = n;
}

/* four arguments passed on, one kept across the call */
__attribute__ ((noinline)) long
down4 (long n, long a, long b, long c)
{
  if (n == 0)
    return probe () + a + b + c;
  long r = down4 (n - 1, b, c, a ^ n);
  return (r ^ (r >> 3)) + a;
}

/* a floating-point argument and result */
__attribute__ ((noinline)) double
down_double (long n, double x)
{
  if (n == 0)
    return (double) probe ();
  double r = down_double (n - 1, x * 1.5);
  return r * x + 1.0;
}

/* a two-register struct result */
struct pair
{
  long a, b;
};
__attribute__ ((noinline)) struct pair
down_pair (long n, long k)
{
  if (n == 0)
    {
      struct pair p = { probe (), k };
      return p;
    }
  struct pair q = down_pair (n - 1, k ^ n);
  q.a += q.b >> 1;
  return q;
}

/* a local array on the stack */
__attribute__ ((noinline)) long
down_array (long n)
{
  volatile char buf[24];
  for (int i = 0; i < 24; i++)
    buf[i] = (char) i;
  buf[n % 24] = (char) n;
  if (n == 0)
    return probe ();
  return down_array (n - 1) * 5 + buf[(n * 7) % 24];
}

static long
run (const char *shape, long depth)
{
  if (strcmp (shape, "down") == 0)
    return down (depth);
  if (strcmp (shape, "void") == 0)
    {
      down_void (depth);
      return 0;
    }
  if (strcmp (shape, "down4") == 0)
    return down4 (depth, 1, 2, 3);
  if (strcmp (shape, "double") == 0)
    return (long) down_double (depth, 1.0000001);
  if (strcmp (shape, "pair") == 0)
    return down_pair (depth, 3).a;
  if (strcmp (shape, "array") == 0)
    return down_array (depth);
  fprintf (stderr, "stack: unknown shape %s\n", shape);
  exit (2);
}

int
main (int argc, char **argv)
{
  if (argc < 3)
    {
      fprintf (stderr, "usage: %s SHAPE DEPTH [measure]\n", argv[0]);
      return 2;
    }
  long depth = atol (argv[2]);
  if (argc > 3 && strcmp (argv[3], "measure") == 0)
    {
      run (argv[1], depth / 2);
      uintptr_t half = deepest;
      deepest = 0;
      long r = run (argv[1], depth);
      printf ("%ld\nframe %.2f\n", r,
              (double) (half - deepest) / (double) (depth - depth / 2));
      return 0;
    }
  printf ("%ld\n", run (argv[1], depth));
  return 0;
}
