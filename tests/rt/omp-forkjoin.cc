/* A kernel whose parallel region is all fork and join: the bodies do
   next to nothing, but each fork's second thread spends SLEEP_US copying
   its firstprivate object before its body starts (as a team thread that
   is slow to wake up), so the forking thread waits that long at the
   join.  The copy is not instrumented, and runs outside both bodies.  */
#include <omp.h>
#include <cstdio>
#include <cstdlib>
#include <unistd.h>

enum { SLEEP_US = 20000 };

struct slow_copy
{
  int v;
  slow_copy () : v (1) {}
  __attribute__ ((no_instrument_function)) slow_copy (const slow_copy &o)
      : v (o.v)
  {
    if (omp_get_thread_num () != 0)
      usleep (SLEEP_US);
  }
};

__attribute__ ((noinline)) long
kernel ()
{
  slow_copy s;
  long sum = 0;
#pragma omp parallel num_threads(2) firstprivate(s) reduction(+:sum)
  sum += s.v;
  return sum;
}

int
main (int argc, char **argv)
{
  int forks = argc > 1 ? atoi (argv[1]) : 5;
  long total = 0;
  for (int k = 0; k < forks; k++)
    total += kernel ();
  printf ("%ld\n", total);
  return 0;
}
