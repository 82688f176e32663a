/* tests/rt/behave.c -- what a program must see the same with and
 * without trun: floating-point flags and rounding, signal dispositions,
 * exit statuses; and where its reports go.  Built plainly, with the
 * runtime only, and with the plugin (-DINSTRUMENTED adds work of its
 * own functions, which the plugin instruments).
 */
#define _GNU_SOURCE
#include <fenv.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#ifdef WITH_TRUN
#include "trun/trun.h"
#define REGION_BEGIN(n) trun_region_begin (n)
#define REGION_END(n) trun_region_end (n)
#else
#define REGION_BEGIN(n) ((void) 0)
#define REGION_END(n) ((void) 0)
#endif

__attribute__ ((noinline)) static long
leaf (long x)
{
  return x * 3 + 1;
}

__attribute__ ((noinline)) static long
work (long i)
{
  REGION_BEGIN ("region-work");
  long r = leaf (i) ^ leaf (i + 1);
  REGION_END ("region-work");
  return r;
}

static void
dispositions (void)
{
  for (int sig = 1; sig < 32; sig++)
    {
      struct sigaction sa;
      if (sigaction (sig, NULL, &sa) != 0)
        continue;
      const char *d = sa.sa_handler == SIG_DFL   ? "default"
                      : sa.sa_handler == SIG_IGN ? "ignore"
                                                 : "handler";
      printf ("%d %s\n", sig, d);
    }
}

int
main (int argc, char **argv)
{
  /* Before anything else: what the program starts with.  */
  int flags_at_start = fetestexcept (FE_ALL_EXCEPT);
  int round_at_start = fegetround ();
  const char *what = argc > 1 ? argv[1] : "";
  if (strcmp (what, "fenv") == 0)
    {
      fesetround (FE_DOWNWARD);
      feclearexcept (FE_ALL_EXCEPT);
      volatile long sum = 0;
      for (long i = 0; i < 100000; i++)
        sum += work (i);
      printf ("start flags %d round %d; after flags %d round %s\n",
              flags_at_start, round_at_start, fetestexcept (FE_ALL_EXCEPT),
              fegetround () == FE_DOWNWARD ? "downward" : "changed");
    }
  else if (strcmp (what, "signals") == 0)
    dispositions ();
  else if (strcmp (what, "sighup") == 0)
    raise (SIGHUP);
  else if (strcmp (what, "lines") == 0)
    {
      /* Enough regions that the tables overflow a pipe's buffer.  */
      for (int i = 0; i < 4000; i++)
        {
          char name[32];
          snprintf (name, sizeof name, "region-%d", i);
          (void) name;
          REGION_BEGIN (name);
          REGION_END (name);
        }
      for (int i = 0; i < 3; i++)
        printf ("line %d\n", i);
    }
  else if (strcmp (what, "chdir") == 0 && argc > 2)
    {
      work (1);
      if (chdir (argv[2]) != 0)
        return 2;
    }
  else if (strcmp (what, "barrier") == 0 && argc > 2)
    {
      /* Both runs start (each says so in GO.ready.PID: its runtime
         started before main), then both finish together.  */
      work (1);
      char ready[4096];
      snprintf (ready, sizeof ready, "%s.ready.%ld", argv[2], (long) getpid ());
      FILE *r = fopen (ready, "w");
      if (r)
        fclose (r);
      struct stat st;
      for (int i = 0; i < 2000 && stat (argv[2], &st) != 0; i++)
        usleep (1000);
    }
  return 0;
}
