/* tests/rt/dl-main.c -- dlopen, call, dlclose a library N times; also
 * the same library open twice at once, and a second copy of it.  */
#include <dlfcn.h>
#include <stdio.h>
#include <stdlib.h>

static int
call (const char *path, int x)
{
  void *h = dlopen (path, RTLD_NOW);
  if (!h)
    {
      fprintf (stderr, "%s\n", dlerror ());
      exit (2);
    }
  int (*fn) (int) = (int (*) (int)) dlsym (h, "lib_work");
  int r = fn (x);
  dlclose (h);
  return r;
}

int
main (int argc, char **argv)
{
  int n = atoi (argv[1]);
  long sum = 0;
  for (int i = 0; i < n; i++)
    sum += call (argv[2], i);
  /* Open twice at once, then a second copy under another name.  */
  void *a = dlopen (argv[2], RTLD_NOW), *b = dlopen (argv[2], RTLD_NOW);
  void *c = dlopen (argv[3], RTLD_NOW);
  if (!a || !b || !c)
    return 3;
  int (*fa) (int) = (int (*) (int)) dlsym (a, "lib_work");
  int (*fc) (int) = (int (*) (int)) dlsym (c, "lib_work");
  sum += fa (1) + fc (2);
  dlclose (a);
  sum += fa (3); /* still open through B */
  dlclose (b);
  dlclose (c);
  printf ("%ld\n", sum);
  return 0;
}
