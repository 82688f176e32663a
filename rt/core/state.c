/* rt/core/state.c -- the few process-wide values the hot path reads.  */
#include "core/core.h"

volatile int trun_gate = TRUN_GATE_INIT;
uint32_t trun_depth_limit = UINT32_MAX;
trun_mask_t trun_region_mask = TRUN_WALL_BIT;
trun_mask_t trun_trace_mask = TRUN_WALL_BIT;
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
