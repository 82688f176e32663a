/* tests/rt/coro.c -- generators on makecontext stacks driven by
 * swapcontext, for rt-stacks.sh.  A generator yields from two calls
 * deep (generator -> step -> yield) and calls produce -> leaf.
 *
 * Usage: coro gen N        one generator yielding N values
 *        coro two N        two generators interleaved, N values each
 *        coro part N       take 10 of N values and exit: the generator
 *                          stays suspended inside yield
 */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <ucontext.h>

#define STACK_SIZE (64 * 1024)

struct gen
{
  ucontext_t self, caller;
  long value;
  int done;
  long n;
  char *stack;
};

__attribute__ ((noinline)) long
leaf (long x)
{
  return x * 3 + 1;
}

__attribute__ ((noinline)) long
produce (long i)
{
  return leaf (i) - leaf (i - 1);
}

__attribute__ ((noinline)) void
yield (struct gen *g, long v)
{
  g->value = v;
  swapcontext (&g->self, &g->caller);
}

static struct gen *starting;

__attribute__ ((noinline)) void
step (struct gen *g, long i)
{
  yield (g, produce (i));
}

__attribute__ ((noinline)) void
generator (void)
{
  struct gen *g = starting;
  for (long i = 0; i < g->n; i++)
    step (g, i);
  g->done = 1;
}

__attribute__ ((noinline)) void
gen_init (struct gen *g, long n)
{
  memset (g, 0, sizeof *g);
  g->n = n;
  g->stack = malloc (STACK_SIZE);
  getcontext (&g->self);
  g->self.uc_stack.ss_sp = g->stack;
  g->self.uc_stack.ss_size = STACK_SIZE;
  g->self.uc_link = &g->caller;
  makecontext (&g->self, generator, 0);
}

__attribute__ ((noinline)) int
next (struct gen *g, long *v)
{
  if (!g->self.uc_stack.ss_sp)
    return 0;
  starting = g;
  swapcontext (&g->caller, &g->self);
  if (g->done)
    return 0;
  *v = g->value;
  return 1;
}

__attribute__ ((noinline)) long
consume (long v)
{
  return leaf (v) & 0xff;
}

int
main (int argc, char **argv)
{
  const char *what = argc > 1 ? argv[1] : "gen";
  long n = argc > 2 ? atol (argv[2]) : 1000;
  long sum = 0, v;
  if (!strcmp (what, "gen"))
    {
      struct gen g;
      gen_init (&g, n);
      while (next (&g, &v))
        sum += consume (v);
      free (g.stack);
    }
  else if (!strcmp (what, "two"))
    {
      struct gen a, b;
      gen_init (&a, n);
      gen_init (&b, n);
      int more = 1;
      while (more)
        {
          more = 0;
          if (next (&a, &v))
            sum += consume (v), more = 1;
          if (next (&b, &v))
            sum += consume (v), more = 1;
        }
      free (a.stack);
      free (b.stack);
    }
  else if (!strcmp (what, "part"))
    {
      /* Left suspended at exit: static, so its stack stays reachable
         (leak checkers).  */
      static struct gen g;
      gen_init (&g, n);
      for (int k = 0; k < 10 && next (&g, &v); k++)
        sum += consume (v);
    }
  printf ("%ld\n", sum);
  return 0;
}
