/* fork: the child reports on its own (pid in its file names); signal:
   SIGTERM/SIGINT flush the report, then the default action happens.  */
#include <signal.h>
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
