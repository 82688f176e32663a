/* tests/rt/sigstep.c -- run PROGRAM under ptrace and deliver SIGALRM
 * between two of its instructions, many times, at points a timer would
 * hit once in millions of signals: a deterministic stand-in for
 * tests/rt/sighandler.c's 20 us timer.
 *
 * Usage: sigstep SEED EVERY PROGRAM [ARGS...]
 * PROGRAM stops itself (SIGSTOP) before and after the part to step
 * (sighandler's "step" mode).  Between the two, every instruction is
 * single-stepped; at a pseudo-random one in EVERY (from SEED) among
 * those inside libtrun's code, SIGALRM is delivered there (blocked, it
 * stays pending until the program unblocks it, as a timer's would).  A
 * handler runs to its sigreturn without stepping.  Says "sigstep: N
 * steps, M signals" on stderr; exit status PROGRAM's (2 for a tracing
 * error).  x86-64 Linux (its registers).
 */
#define _GNU_SOURCE
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ptrace.h>
#include <sys/syscall.h>
#include <sys/user.h>
#include <sys/wait.h>
#include <unistd.h>

#if !defined(__x86_64__)
#error "sigstep reads x86-64 registers"
#endif

/* The executable mappings of libtrun in PID.  */
static int
trun_text (pid_t pid, uintptr_t lo[8], uintptr_t hi[8])
{
  char path[64];
  snprintf (path, sizeof path, "/proc/%d/maps", (int) pid);
  FILE *f = fopen (path, "r");
  if (!f)
    return 0;
  char line[512];
  int n = 0;
  while (n < 8 && fgets (line, sizeof line, f))
    {
      unsigned long a, b;
      char perms[8];
      if (sscanf (line, "%lx-%lx %7s", &a, &b, perms) == 3
          && perms[2] == 'x' && strstr (line, "/libtrun.so"))
        {
          lo[n] = a;
          hi[n++] = b;
        }
    }
  fclose (f);
  return n;
}

/* Resume PID with SIG pending (REQ: PTRACE_CONT, _SINGLESTEP, _SYSCALL)
   and wait for its next stop: its status.  */
static int
resume (pid_t pid, int req, int sig)
{
  int st;
  if (ptrace (req, pid, 0, (void *) (long) sig) != 0
      || waitpid (pid, &st, 0) != pid)
    {
      perror ("sigstep: ptrace");
      exit (2);
    }
  return st;
}

/* Run PID (handing on the signals it gets) until it stops with SIGSTOP:
   1, or 0 when it exited (*ST its status).  */
static int
run_to_stop (pid_t pid, int *st)
{
  int sig = 0;
  for (;;)
    {
      *st = resume (pid, PTRACE_CONT, sig);
      if (WIFEXITED (*st) || WIFSIGNALED (*st))
        return 0;
      if (WSTOPSIG (*st) == SIGSTOP)
        return 1;
      sig = WSTOPSIG (*st);
    }
}

int
main (int argc, char **argv)
{
  if (argc < 4)
    {
      fprintf (stderr, "usage: sigstep SEED EVERY PROGRAM [ARGS...]\n");
      return 2;
    }
  uint64_t rng = strtoull (argv[1], NULL, 10) * 0x9E3779B97F4A7C15ull + 1;
  uint64_t every = strtoull (argv[2], NULL, 10);
  if (every == 0)
    every = 1;
  pid_t pid = fork ();
  if (pid == 0)
    {
      if (ptrace (PTRACE_TRACEME, 0, 0, 0) != 0)
        _exit (77); /* a container's seccomp policy, Yama */
      execv (argv[3], argv + 3);
      _exit (127);
    }
  int st;
  if (waitpid (pid, &st, 0) != pid)
    return 2;
  if (WIFEXITED (st) && WEXITSTATUS (st) == 77)
    {
      fprintf (stderr, "sigstep: ptrace not permitted here\n");
      return 77;
    }
  if (!WIFSTOPPED (st))
    return 2; /* the exec's stop */
  ptrace (PTRACE_SETOPTIONS, pid, 0,
          (void *) (long) (PTRACE_O_EXITKILL | PTRACE_O_TRACESYSGOOD));
  if (!run_to_stop (pid, &st))
    return WIFEXITED (st) ? WEXITSTATUS (st) : 2;
  uintptr_t lo[8], hi[8];
  int nmaps = trun_text (pid, lo, hi);
  if (!nmaps)
    {
      fprintf (stderr, "sigstep: no libtrun mapped\n");
      return 2;
    }
  long sent = 0, steps = 0;
  int pass = 0; /* a signal to hand on at the next step */
  for (;;)
    {
      st = resume (pid, PTRACE_SINGLESTEP, pass);
      pass = 0;
      if (WIFEXITED (st) || WIFSIGNALED (st))
        break;
      int sig = WSTOPSIG (st);
      if (sig == SIGSTOP)
        break; /* the end of the stepped part */
      steps++;
      if (sig != SIGTRAP)
        {
          pass = sig;
          continue;
        }
      struct user_regs_struct r;
      ptrace (PTRACE_GETREGS, pid, 0, &r);
      int in_trun = 0;
      for (int i = 0; i < nmaps; i++)
        in_trun |= r.rip >= lo[i] && r.rip < hi[i];
      if (!in_trun)
        continue;
      rng ^= rng << 13;
      rng ^= rng >> 7;
      rng ^= rng << 17;
      if (rng % every)
        continue;
      /* SIGALRM here; if it is blocked, the program runs on until it
         unblocks it.  The handler (once it runs) goes on unstepped to
         its sigreturn, then stepping resumes.  */
      sent++;
      st = resume (pid, PTRACE_SYSCALL, SIGALRM);
      for (;;)
        {
          if (WIFEXITED (st) || WIFSIGNALED (st))
            goto done;
          if (WSTOPSIG (st) == (SIGTRAP | 0x80))
            {
              ptrace (PTRACE_GETREGS, pid, 0, &r);
              if (r.orig_rax == SYS_rt_sigreturn)
                break;
            }
          else if (WSTOPSIG (st) != SIGTRAP)
            pass = WSTOPSIG (st);
          st = resume (pid, PTRACE_SYSCALL, pass);
          pass = 0;
        }
    }
done:
  fprintf (stderr, "sigstep: %ld steps, %ld signals\n", steps, sent);
  while (!WIFEXITED (st) && !WIFSIGNALED (st))
    {
      int sig = WSTOPSIG (st);
      st = resume (pid, PTRACE_CONT,
                   sig == SIGSTOP || sig == SIGTRAP || sig == (SIGTRAP | 0x80)
                       ? 0 : sig);
    }
  return WIFEXITED (st) ? WEXITSTATUS (st) : 2;
}
