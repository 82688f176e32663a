/* fork: the child reports on its own (pid in its file names); signal:
   SIGTERM/SIGINT flush the report, then the default action happens.  */
#include <pthread.h>
#include <signal.h>
#include <stdlib.h>
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>
#include <trun/trun.h>

static void
busy (const char *name, int n)
{
  for (int i = 0; i < n; i++)
    {
      trun_region_begin (name);
      trun_region_end (name);
    }
}

static void *
exit_from_thread (void *arg)
{
  (void) arg;
  busy ("in-thread", 4);
  exit (3);
}

int
main (int argc, char **argv)
{
  const char *mode = argc > 1 ? argv[1] : "fork";
  trun_region_begin ("main");
  busy ("before", 3);
  if (strcmp (mode, "fork") == 0)
    {
      fflush (stdout);
      pid_t pid = fork ();
      if (pid == 0)
        {
          busy ("in-child", 5);
          trun_region_end ("main");
          printf ("child %ld\n", (long) getpid ());
          return 0;
        }
      int status;
      waitpid (pid, &status, 0);
      busy ("in-parent", 7);
    }
  else if (strcmp (mode, "thread-exit") == 0)
    {
      pthread_t t;
      trun_region_begin ("doomed");
      pthread_create (&t, NULL, exit_from_thread, NULL);
      pthread_join (t, NULL);
      printf ("not reached\n");
    }
  else
    {
      trun_region_begin ("doomed");
      busy ("inner", 2);
      raise (strcmp (mode, "int") == 0 ? SIGINT : SIGTERM);
      printf ("not reached\n");
    }
  trun_region_end ("main");
  return 0;
}
