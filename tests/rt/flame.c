/* The flame graph's fixture (tests/rt/out-flamegraph*.sh): main ->
   compute -> fib and spin, THREADS threads each running work -> spin;
   regions whose names XML must escape or cannot hold (markup, invalid
   UTF-8, control bytes), one in UTF-8, one 300 characters long; and
   FAN regions of about a microsecond under "fan", each too narrow to
   draw, which must merge into it.  Usage: flame [THREADS [FAN]].  */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <trun/trun.h>

static volatile double sink;

/* About US microseconds of work.  */
static void
spin (long us)
{
  struct timespec a, b;
  clock_gettime (CLOCK_MONOTONIC, &a);
  do
    {
      for (int i = 0; i < 100; i++)
        sink += i * 0.5;
      clock_gettime (CLOCK_MONOTONIC, &b);
    }
  while ((b.tv_sec - a.tv_sec) * 1000000L + (b.tv_nsec - a.tv_nsec) / 1000
         < us);
}

static long
fib (int n)
{
  return n < 2 ? n : fib (n - 1) + fib (n - 2);
}

static void *
work (void *arg)
{
  (void) arg;
  trun_region_begin ("<b>&amp;markup</b>");
  spin (20000);
  trun_region_end ("<b>&amp;markup</b>");
  return NULL;
}

static long
compute (void)
{
  long r = fib (22);
  trun_region_begin ("bad\xff\xfe utf8 \x01 ctl\ttab ]]> \xed\xa0\x80");
  spin (15000);
  trun_region_end ("bad\xff\xfe utf8 \x01 ctl\ttab ]]> \xed\xa0\x80");
  trun_region_begin ("na\xc3\xafve_\xcf\x80");
  spin (10000);
  trun_region_end ("na\xc3\xafve_\xcf\x80");
  return r;
}

int
main (int argc, char **argv)
{
  int nthreads = argc > 1 ? atoi (argv[1]) : 2;
  long fan = argc > 2 ? atol (argv[2]) : 2000;
  char longname[301];
  memset (longname, 'x', 300);
  memcpy (longname, "long_", 5);
  longname[300] = '\0';
  trun_region_begin (longname);
  long r = compute ();
  spin (30000);
  trun_region_end (longname);
  trun_region_begin ("fan");
  char name[32];
  for (long i = 0; i < fan; i++)
    {
      snprintf (name, sizeof name, "tiny_%ld", i);
      trun_region_begin (name);
      trun_region_end (name);
    }
  spin (5000);
  trun_region_end ("fan");
  pthread_t t[16];
  if (nthreads > 16)
    nthreads = 16;
  for (int i = 0; i < nthreads; i++)
    pthread_create (&t[i], NULL, work, NULL);
  for (int i = 0; i < nthreads; i++)
    pthread_join (t[i], NULL);
  printf ("%ld\n", r);
  return 0;
}
