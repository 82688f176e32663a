/* rt/components/clocks.c -- timing components: wall, process CPU, user,
 * system and thread CPU clocks (seconds), and the CPU utilisation ratios
 * (percent of wall time), sampled through clock_gettime/getrusage.
 */
#include <sys/resource.h>
#include <time.h>

#include "components/family.h"

static double
clock_seconds (clockid_t id)
{
  struct timespec ts;
  if (clock_gettime (id, &ts) != 0)
    return 0.0;
  return (double) ts.tv_sec + (double) ts.tv_nsec * 1e-9;
}

static double
timeval_seconds (const struct timeval *tv)
{
  return (double) tv->tv_sec + (double) tv->tv_usec * 1e-6;
}

double
trun_delta_difference (const double *start, const double *end)
{
  return end[0] - start[0];
}

/* Monotonic: a wall-clock interval must not jump with NTP adjustments.  */
void
trun_sample_wall_clock (double *out)
{
  out[0] = clock_seconds (CLOCK_MONOTONIC);
}

void
trun_sample_cpu_clock (double *out)
{
  out[0] = clock_seconds (CLOCK_PROCESS_CPUTIME_ID);
}

void
trun_sample_user_clock (double *out)
{
  struct rusage ru;
  out[0] = getrusage (RUSAGE_SELF, &ru) == 0 ? timeval_seconds (&ru.ru_utime)
                                             : 0.0;
}

void
trun_sample_system_clock (double *out)
{
  struct rusage ru;
  out[0] = getrusage (RUSAGE_SELF, &ru) == 0 ? timeval_seconds (&ru.ru_stime)
                                             : 0.0;
}

void
trun_sample_thread_cpu_clock (double *out)
{
  out[0] = clock_seconds (CLOCK_THREAD_CPUTIME_ID);
}

/* Utilisation samples: [0] CPU seconds, [1] wall seconds.  */
void
trun_sample_cpu_util (double *out)
{
  out[0] = clock_seconds (CLOCK_PROCESS_CPUTIME_ID);
  out[1] = clock_seconds (CLOCK_MONOTONIC);
}

void
trun_sample_thread_cpu_util (double *out)
{
  out[0] = clock_seconds (CLOCK_THREAD_CPUTIME_ID);
  out[1] = clock_seconds (CLOCK_MONOTONIC);
}

double
trun_delta_util (const double *start, const double *end)
{
  double wall = end[1] - start[1];
  if (wall <= 0.0)
    return 0.0;
  return 100.0 * (end[0] - start[0]) / wall;
}
