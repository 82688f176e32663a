/* bench/hooks_const.c -- the TSC floor's bookkeeping alone: hooks_table.h
 * with a constant for the clock, so that the floor's cost splits into
 * its clock reads and the rest.  Built without instrumentation.  */
#include <stdint.h>
static inline uint64_t
bench_now (void)
{
  uint64_t v;
  /* opaque: the compiler keeps the table's arithmetic */
  __asm__ volatile ("" : "=r"(v) : "0"((uint64_t) 1000));
  return v;
}
#include "hooks_table.h"
