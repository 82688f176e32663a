/* tests/rt/unwind.c -- a call chain whose every function is instrumented,
 * for rt-unwind.sh: a debugger stopped inside a marker must unwind
 * through the sequence and its stub to main, and so must libgcc's
 * unwinder (C++ exceptions, glibc's backtrace) from a signal handler
 * that interrupted a marker (the debugger sends SIGUSR1 there).  leaf ()
 * makes no call but the markers' (its red zone is free to use), middle ()
 * one.  Link with -rdynamic: the handler's frames are named by dladdr.  */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <execinfo.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>

static void *frames[64];
static volatile sig_atomic_t nframes = -1;

__attribute__ ((no_instrument_function)) static void
on_usr1 (int sig)
{
  (void) sig;
  nframes = backtrace (frames, 64);
}

__attribute__ ((noinline)) int
leaf (int x)
{
  volatile int v[4] = { x, x + 1, x + 2, x + 3 };
  return v[0] + v[3];
}

__attribute__ ((noinline)) int
middle (int x)
{
  return leaf (x) * 2;
}

int
main (void)
{
  void *warm[4];
  backtrace (warm, 4); /* loads libgcc's unwinder outside the handler */
  signal (SIGUSR1, on_usr1);
  printf ("%d\n", middle (20));
  /* The signal's backtrace, by name: the functions of this program it
     went through, innermost first.  */
  if (nframes >= 0)
    {
      printf ("signal backtrace:");
      for (int i = 0; i < nframes; i++)
        {
          Dl_info info;
          if (dladdr (frames[i], &info) && info.dli_sname
              && (strcmp (info.dli_sname, "leaf") == 0
                  || strcmp (info.dli_sname, "middle") == 0
                  || strcmp (info.dli_sname, "main") == 0))
            printf (" %s", info.dli_sname);
        }
      printf ("\n");
    }
  return 0;
}
