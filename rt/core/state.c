/* rt/core/state.c -- the few process-wide values the hot path reads.  */
#include "core/core.h"

/* Aligned: the trace domain's word is an aligned load, the region's
   one within the same cache line.  */
struct trun_enter_words trun_enter_words __attribute__ ((aligned (16)))
    = { TRUN_WALL_BIT, TRUN_GATE_INIT, TRUN_WALL_BIT };
uint32_t trun_depth_limit = UINT32_MAX;
uint64_t trun_throttle_count_limit = UINT64_MAX;
int trun_initialized;

void
trun_signals_hold (sigset_t *old)
{
  sigset_t all;
  sigfillset (&all);
  pthread_sigmask (SIG_BLOCK, &all, old);
}

void
trun_signals_release (const sigset_t *old)
{
  pthread_sigmask (SIG_SETMASK, old, NULL);
}
