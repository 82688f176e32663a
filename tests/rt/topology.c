/* Threads that record a region each; for the topology checks.  With an
   argument: say whether hwloc is loaded before finalize, finalize before
   exit and say whether the environment (`environ` and what getenv sees)
   came back as it was.  */
#define _GNU_SOURCE
#include <link.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <trun/trun.h>

static void *
work (void *arg)
{
  (void) arg;
  trun_region_begin ("worker");
  volatile double x = 0;
  for (int i = 0; i < 100000; i++)
    x += i * 0.5;
  trun_region_end ("worker");
  return NULL;
}

static int
find_hwloc (struct dl_phdr_info *info, size_t size, void *found)
{
  (void) size;
  if (info->dlpi_name && strstr (info->dlpi_name, "libhwloc"))
    *(int *) found = 1;
  return 0;
}

int
main (int argc, char **argv)
{
  (void) argv;
  char **env = environ;
  const char *path = getenv ("HWLOC_PLUGINS_PATH");
  pthread_t th[3];
  for (int i = 0; i < 3; i++)
    pthread_create (&th[i], NULL, work, NULL);
  for (int i = 0; i < 3; i++)
    pthread_join (th[i], NULL);
  puts ("done");
  if (argc > 1)
    {
      int hwloc = 0;
      dl_iterate_phdr (find_hwloc, &hwloc);
      printf ("hwloc before finalize: %s\n", hwloc ? "loaded" : "no");
      fflush (stdout);
      trun_finalize ();
      printf ("environment %s\n",
              environ == env && getenv ("HWLOC_PLUGINS_PATH") == path
                  ? "kept" : "changed");
    }
  return 0;
}
