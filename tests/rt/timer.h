/* tests/rt/timer.h -- a 20 us timer whose SIGALRM runs HANDLER, on an
 * alternate signal stack when ALT (sigaltstack, SA_ONSTACK), for the
 * tests of handlers that call instrumented code.  */
#include <signal.h>
#include <string.h>
#include <sys/time.h>

/* HANDLER for SIGALRM (on the alternate stack when ALT), no timer.  */
static int
handler_install (void (*handler) (int), int alt)
{
  struct sigaction sa;
  memset (&sa, 0, sizeof sa);
  sa.sa_handler = handler;
  sa.sa_flags = SA_RESTART;
  if (alt)
    {
      static char stack[64 * 1024];
      stack_t ss = { .ss_sp = stack, .ss_size = sizeof stack, .ss_flags = 0 };
      if (sigaltstack (&ss, NULL) != 0)
        return -1;
      sa.sa_flags |= SA_ONSTACK;
    }
  return sigaction (SIGALRM, &sa, NULL);
}

static int
timer_start (void (*handler) (int), int alt)
{
  if (handler_install (handler, alt) != 0)
    return -1;
  struct itimerval it = { { 0, 20 }, { 0, 20 } };
  return setitimer (ITIMER_REAL, &it, NULL);
}

static void
timer_stop (void)
{
  struct itimerval off = { { 0, 0 }, { 0, 0 } };
  setitimer (ITIMER_REAL, &off, NULL);
}
