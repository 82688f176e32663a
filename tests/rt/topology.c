/* Threads that record a region each; for the topology checks.  */
#include <pthread.h>
#include <stdio.h>
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

int
main (void)
{
  pthread_t th[3];
  for (int i = 0; i < 3; i++)
    pthread_create (&th[i], NULL, work, NULL);
  for (int i = 0; i < 3; i++)
    pthread_join (th[i], NULL);
  puts ("done");
  return 0;
}
