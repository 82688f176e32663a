/* rt/components/rusage.c -- resident-set and getrusage counters:
 * peak_rss (change of the process high-water mark, bytes), page_rss
 * (change of the current resident set, bytes), page faults and context
 * switches (counts, for the calling thread).
 */
#define _GNU_SOURCE /* RUSAGE_THREAD */
#include <fcntl.h>
#include <stdlib.h>
#include <sys/resource.h>
#include <unistd.h>

#include "components/family.h"

void
trun_sample_peak_rss (double *out)
{
  struct rusage ru;
  /* ru_maxrss is in kilobytes on Linux.  */
  out[0] = getrusage (RUSAGE_SELF, &ru) == 0 ? (double) ru.ru_maxrss * 1024.0
                                             : 0.0;
}

/* Current RSS from /proc/self/statm (second field, in pages).  Opened on
   every call, never cached: after fork() a cached descriptor would still
   describe the parent.  No stdio: this runs on the hot path.  */
void
trun_sample_page_rss (double *out)
{
  char buf[128];
  ssize_t n = -1;
  int fd = open ("/proc/self/statm", O_RDONLY | O_CLOEXEC);
  if (fd >= 0)
    {
      n = read (fd, buf, sizeof buf - 1);
      close (fd);
    }
  out[0] = 0.0;
  if (n <= 0)
    return;
  buf[n] = '\0';
  char *p = buf;
  strtoull (p, &p, 10); /* total program size: skipped */
  unsigned long long resident = strtoull (p, NULL, 10);
  out[0] = (double) resident * (double) sysconf (_SC_PAGESIZE);
}

/* Counts are per thread: each thread has its own graph.  */
static int
thread_usage (struct rusage *ru)
{
  return getrusage (RUSAGE_THREAD, ru);
}

void
trun_sample_minor_page_faults (double *out)
{
  struct rusage ru;
  out[0] = thread_usage (&ru) == 0 ? (double) ru.ru_minflt : 0.0;
}

void
trun_sample_major_page_faults (double *out)
{
  struct rusage ru;
  out[0] = thread_usage (&ru) == 0 ? (double) ru.ru_majflt : 0.0;
}

void
trun_sample_voluntary_context_switch (double *out)
{
  struct rusage ru;
  out[0] = thread_usage (&ru) == 0 ? (double) ru.ru_nvcsw : 0.0;
}

void
trun_sample_priority_context_switch (double *out)
{
  struct rusage ru;
  out[0] = thread_usage (&ru) == 0 ? (double) ru.ru_nivcsw : 0.0;
}
