/* bench/hooks_tsc.c -- the TSC floor: hooks_table.h timed with rdtsc
 * (clock_gettime where there is no TSC).  Built without instrumentation. */
#include <stdint.h>
#include <time.h>
#if defined(__x86_64__) || defined(__i386__)
#include <x86intrin.h>
static inline uint64_t
bench_now (void)
{
  return __rdtsc ();
}
#else
static inline uint64_t
bench_now (void)
{
  struct timespec ts;
  clock_gettime (CLOCK_MONOTONIC, &ts);
  return (uint64_t) ts.tv_sec * 1000000000u + (uint64_t) ts.tv_nsec;
}
#endif
#include "hooks_table.h"
