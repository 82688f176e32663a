/* tools/timemory-run/jobs.c -- parallel compile steps (see jobs.h).  */
#define _GNU_SOURCE
#include "jobs.h"
#include "util/alloc.h"
#include "util/run.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

static pid_t
start (const char *dir, char *const *argv)
{
  fflush (NULL);
  pid_t pid = fork ();
  if (pid == 0)
    {
      if (dir && chdir (dir) != 0)
        {
          fprintf (stderr, "%s: cannot enter %s: %s\n", program_name, dir, strerror (errno));
          _exit (127);
        }
      execvp (argv[0], argv);
      fprintf (stderr, "%s: cannot run %s: %s\n", program_name, argv[0], strerror (errno));
      _exit (127);
    }
  return pid;
}

int
run_steps (const struct options *o, size_t n, const char *const *dirs, struct strv *cmds)
{
  size_t jobs = o->jobs > 1 ? (size_t) o->jobs : 1;
  pid_t *pids = xmalloc ((n + 1) * sizeof *pids);
  size_t next = 0, running = 0;
  int rc = 0;
  while (next < n || running)
    {
      while (next < n && running < jobs && rc == 0)
        {
          if (o->dry_run)
            {
              char *q = shell_quote (dirs[next]);
              printf ("cd %s && ", q);
              free (q);
              print_command (stdout, "", cmds[next].v);
              pids[next++] = 0;
              continue;
            }
          if (o->verbose)
            print_command (stderr, "timemory-run: ", cmds[next].v);
          pids[next] = start (dirs[next], cmds[next].v);
          if (pids[next] < 0)
            {
              print_command (stderr, "timemory-run: cannot start: ", cmds[next].v);
              rc = 127;
            }
          else
            running++;
          next++;
        }
      if (!running)
        {
          if (rc != 0 || next >= n)
            break;
          continue;
        }
      int status;
      pid_t done = wait (&status);
      if (done < 0)
        {
          if (errno == EINTR)
            continue;
          break;
        }
      for (size_t k = 0; k < next; k++)
        if (pids[k] == done)
          {
            running--;
            pids[k] = 0;
            int code = WIFEXITED (status) ? WEXITSTATUS (status) : 128 + WTERMSIG (status);
            if (code != 0)
              {
                print_command (stderr, "timemory-run: this command failed: ", cmds[k].v);
                if (rc == 0)
                  rc = code;
              }
          }
    }
  free (pids);
  return rc;
}
