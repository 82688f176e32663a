/* Built with the plugin and inline=no: the OpenMP bodies of a skipped
   inline function are regions of their own, under the nearest
   instrumented ancestor of the forking thread.  */
#include <stdio.h>
#include <stdlib.h>

long
leaf (long i)
{
  return i * 3;
}

static inline long
kernel (int n, int t)
{
  long s = 0;
#pragma omp parallel for reduction(+:s) num_threads(t) schedule(static)
  for (int i = 0; i < n; i++)
    s += leaf (i);
  return s;
}

long
caller (int n, int t)
{
  return kernel (n, t);
}

int
main (int argc, char **argv)
{
  int t = argc > 1 ? atoi (argv[1]) : 3;
  long s = 0;
  for (int k = 0; k < 4; k++)
    s += caller (12, t);
  printf ("%ld\n", s);
  return 0;
}
