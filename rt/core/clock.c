/* rt/core/clock.c -- the wall clock behind wall_clock.  Ticks come from the TSC
 * when the CPU says it is invariant (cpuid leaf 0x80000007, EDX bit 8),
 * else from CLOCK_MONOTONIC in nanoseconds.  Graph nodes keep raw ticks;
 * the merge converts with trun_tick_seconds, which is calibrated once at
 * start and refined over the whole run at finalize.
 */
#include "core/core.h"

#include <time.h>
#if defined(__x86_64__) || defined(__i386__)
#include <cpuid.h>
#include <x86intrin.h>
#endif

int trun_use_tsc;
double trun_tick_seconds = 1e-9;
static uint64_t base_ticks;
static double base_mono;

static double
mono_seconds (void)
{
  struct timespec ts;
  clock_gettime (CLOCK_MONOTONIC, &ts);
  return ts.tv_sec + ts.tv_nsec * 1e-9;
}

static int
tsc_invariant (void)
{
#if defined(__x86_64__) || defined(__i386__)
  unsigned a, b, c, d;
  if (!__get_cpuid (0x80000000u, &a, &b, &c, &d) || a < 0x80000007u)
    return 0;
  __cpuid (0x80000007u, a, b, c, d);
  return (d >> 8) & 1;
#else
  return 0;
#endif
}

uint64_t
trun_ticks (void)
{
#if defined(__x86_64__) || defined(__i386__)
  if (trun_use_tsc)
    return __rdtsc ();
#endif
  struct timespec ts;
  clock_gettime (CLOCK_MONOTONIC, &ts);
  return (uint64_t) ts.tv_sec * 1000000000u + ts.tv_nsec;
}

void
trun_clock_init (void)
{
  trun_use_tsc = tsc_invariant ();
  if (!trun_use_tsc)
    {
      trun_tick_seconds = 1e-9;
      return;
    }
  /* A short spin against CLOCK_MONOTONIC; refined at finalize.  */
  double m0 = mono_seconds ();
  uint64_t t0 = trun_ticks ();
  double m1;
  do
    m1 = mono_seconds ();
  while (m1 - m0 < 2e-3);
  uint64_t t1 = trun_ticks ();
  trun_tick_seconds = (m1 - m0) / (double) (t1 - t0);
  base_ticks = t0;
  base_mono = m0;
}

void
trun_clock_recalibrate (void)
{
  if (!trun_use_tsc)
    return;
  double m = mono_seconds ();
  uint64_t t = trun_ticks ();
  if (m - base_mono > 0.1 && t > base_ticks)
    trun_tick_seconds = (m - base_mono) / (double) (t - base_ticks);
}
