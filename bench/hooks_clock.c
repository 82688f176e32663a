/* bench/hooks_clock.c -- the clock_gettime floor: hooks_table.h timed with
 * clock_gettime (CLOCK_MONOTONIC).  Built without instrumentation. */
#include <stdint.h>
#include <time.h>
static inline uint64_t
bench_now (void)
{
  struct timespec ts;
  clock_gettime (CLOCK_MONOTONIC, &ts);
  return (uint64_t) ts.tv_sec * 1000000000u + (uint64_t) ts.tv_nsec;
}
#include "hooks_table.h"
