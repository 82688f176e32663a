/* tests/rt/crash.c -- a program that dies: by a fault, abort(), a
 * signal from outside while it waits or while it allocates,
 * quick_exit(), or its own SIGTERM handler.  Five "work" regions first,
 * inside an open "outer" region.
 */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "trun/trun.h"

static void
own_handler (int sig)
{
  (void) sig;
  static const char msg[] = "own handler\n";
  if (write (1, msg, sizeof msg - 1) < 0)
    _exit (4);
  _exit (3);
}

int
main (int argc, char **argv)
{
  const char *what = argc > 1 ? argv[1] : "";
  trun_region_begin ("outer");
  for (int i = 0; i < 5; i++)
    {
      trun_region_begin ("work");
      trun_region_end ("work");
    }
  if (strcmp (what, "segv") == 0)
    {
      volatile int *p = NULL;
      *p = 1;
    }
  else if (strcmp (what, "abort") == 0)
    abort ();
  else if (strcmp (what, "fpe") == 0)
    raise (SIGFPE);
  else if (strcmp (what, "quick") == 0)
    quick_exit (7);
  else if (strcmp (what, "own") == 0)
    {
      signal (SIGTERM, own_handler);
      raise (SIGTERM);
    }
  else if (strcmp (what, "wait") == 0)
    {
      puts ("ready");
      fflush (stdout);
      puts ("never flushed"); /* dies with the program */
      for (;;)
        pause ();
    }
  else if (strcmp (what, "malloc") == 0)
    {
      puts ("ready");
      fflush (stdout);
      for (unsigned i = 0;; i++)
        {
          void *p = malloc (1 + (i * 2654435761u) % 65536);
          trun_region_begin ("alloc");
          trun_region_end ("alloc");
          free (p);
        }
    }
  trun_region_end ("outer");
  return 0;
}
