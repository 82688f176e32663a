/* Built with the plugin: naive fib with OpenMP tasks, each call making
   its two recursive calls as tasks and waiting for them.  Every task
   must be attached under the fib call that created it, whichever thread
   runs it.  -DTASK_CLAUSES=untied: the same with untied tasks (OpenMP
   pragmas are macro-expanded).  */
#include <stdio.h>
#include <stdlib.h>

#ifndef TASK_CLAUSES
#define TASK_CLAUSES
#endif

long
fib (int n)
{
  long a, b;
  if (n < 2)
    return n;
#pragma omp task shared(a) firstprivate(n) TASK_CLAUSES
  a = fib (n - 1);
#pragma omp task shared(b) firstprivate(n) TASK_CLAUSES
  b = fib (n - 2);
#pragma omp taskwait
  return a + b;
}

int
main (int argc, char **argv)
{
  int n = argc > 1 ? atoi (argv[1]) : 10;
  int t = argc > 2 ? atoi (argv[2]) : 3;
  long r = 0;
#pragma omp parallel num_threads(t) shared(r)
#pragma omp single
  r = fib (n);
  printf ("fib(%d) = %ld\n", n, r);
  return 0;
}
