/* rt/core/state.c -- the few process-wide values the hot path reads.  */
#include "core/core.h"

/* Aligned to a cache line: the markers read it on every call, and the
   trace domain's word is an aligned load.  */
struct trun_marker_words trun_marker_words __attribute__ ((aligned (64)))
    = { .trace_mask = TRUN_WALL_BIT,
        .gate = TRUN_GATE_INIT,
        .region_mask = TRUN_WALL_BIT,
        .throttle_count_limit = UINT64_MAX };
uint32_t trun_depth_limit = UINT32_MAX;
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
