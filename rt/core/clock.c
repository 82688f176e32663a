/* rt/core/clock.c -- the wall clock behind wall_clock.  Ticks come from the TSC
 * when the CPU says it is invariant (cpuid leaf 0x80000007, EDX bit 8),
 * else from CLOCK_MONOTONIC in nanoseconds.  Graph nodes keep raw ticks;
 * the merge converts with trun_tick_seconds.
 *
 * Nothing waits at start: trun_clock_init takes one (TSC, CLOCK_MONOTONIC)
 * pair, and finalize calibrates the TSC over the whole run from a second
 * one (trun_clock_calibrate).  A pair reads the TSC on both sides of
 * clock_gettime and keeps the narrowest of three tries, so the rate's
 * error is at most the two pairs' widths over the ticks between them
 * (plus a nanosecond of clock_gettime at each end).  A run too short for
 * 1/1000 (well under a millisecond: a pair is some 100 ticks wide) reads
 * pairs at finalize until it is long enough.  During the run,
 * trun_clock_elapsed gives the ticks and nanoseconds since the start, in
 * integers, once they are that good (the throttle's limit).
 */
#include "core/core.h"

#include <time.h>
#if defined(__x86_64__) || defined(__i386__)
#include <cpuid.h>
#include <x86intrin.h>
#if defined(__has_include) && __has_include(<sys/platform/x86.h>)
#include <sys/platform/x86.h> /* glibc's copy of the cpuid leaves */
#define TRUN_GLIBC_CPUID 1
#endif
#endif

double trun_tick_seconds = 1e-9;

/* One reading of both clocks.  WIDTH: the TSC ticks clock_gettime took
   (UINT64_MAX: no usable reading).  */
struct pair
{
  uint64_t tsc, ns, width;
};
static struct pair start = { 0, 0, UINT64_MAX };

#define TRUN_CLOCK_PRECISION 1000 /* the rate to 1/1000 */
#define TRUN_CLOCK_WAIT_NS 2000000 /* finalize waits at most 2 ms for it */

static uint64_t
mono_ns (void)
{
  struct timespec ts;
  clock_gettime (CLOCK_MONOTONIC, &ts);
  return (uint64_t) ts.tv_sec * 1000000000u + (uint64_t) ts.tv_nsec;
}

/* From the leaves glibc read at start when it kept them: a cpuid
   instruction is a trip to the hypervisor on a virtual machine (some
   7 us each).  */
static int
tsc_invariant (void)
{
#ifdef TRUN_GLIBC_CPUID
  return CPU_FEATURE_PRESENT (INVARIANT_TSC);
#elif defined(__x86_64__) || defined(__i386__)
  unsigned a, b, c, d;
  if (!__get_cpuid (0x80000000u, &a, &b, &c, &d) || a < 0x80000007u)
    return 0;
  __cpuid (0x80000007u, a, b, c, d);
  return (d >> 8) & 1;
#else
  return 0;
#endif
}

static struct pair
read_pair (void)
{
  struct pair best = { 0, 0, UINT64_MAX };
#if defined(__x86_64__) || defined(__i386__)
  /* The first clock_gettime of a process may fault its vDSO data in:
     three tries, the narrowest kept.  */
  for (int i = 0; i < 3; i++)
    {
      uint64_t before = __rdtsc ();
      uint64_t ns = mono_ns ();
      uint64_t after = __rdtsc ();
      if (after >= before && after - before < best.width)
        best = (struct pair){ before + (after - before) / 2, ns,
                              after - before };
    }
#endif
  return best;
}

/* Ticks and nanoseconds from FROM to TO, when they give the tick rate
   to 1/TRUN_CLOCK_PRECISION.  */
static int
span (const struct pair *from, const struct pair *to, uint64_t *ticks,
      uint64_t *ns)
{
  if (from->width == UINT64_MAX || to->width == UINT64_MAX
      || to->tsc <= from->tsc || to->ns <= from->ns)
    return 0;
  uint64_t dt = to->tsc - from->tsc, dn = to->ns - from->ns;
  /* width/2 at each end in ticks, 1 ns at each end in nanoseconds, each
     at most half the allowed error.  */
  if (dt / TRUN_CLOCK_PRECISION < from->width + to->width
      || dn / TRUN_CLOCK_PRECISION < 4)
    return 0;
  *ticks = dt;
  *ns = dn;
  return 1;
}

uint64_t
trun_ticks (void)
{
#if defined(__x86_64__) || defined(__i386__)
  if (trun_use_tsc)
    return __rdtsc ();
#endif
  return mono_ns ();
}

void
trun_clock_init (void)
{
  trun_use_tsc = tsc_invariant ();
#if defined(__x86_64__) || defined(__i386__)
  if (!trun_use_tsc)
    __atomic_or_fetch (&trun_gate, TRUN_GATE_NO_TSC, __ATOMIC_RELAXED);
#endif
  trun_tick_seconds = 1e-9;
  if (trun_use_tsc)
    start = read_pair ();
}

int
trun_clock_elapsed (uint64_t *ticks, uint64_t *ns)
{
  if (!trun_use_tsc)
    {
      *ticks = *ns = 1; /* ticks are nanoseconds */
      return 1;
    }
  struct pair now = read_pair ();
  return span (&start, &now, ticks, ns);
}

void
trun_clock_pair (uint64_t *tick, uint64_t *ns)
{
  if (!trun_use_tsc)
    {
      *tick = *ns = mono_ns ();
      return;
    }
  struct pair p = read_pair ();
  *tick = p.tsc;
  *ns = p.ns;
}

void
trun_clock_start_pair (uint64_t *tick, uint64_t *ns)
{
  if (trun_use_tsc && start.width != UINT64_MAX)
    {
      *tick = start.tsc;
      *ns = start.ns;
    }
  else
    trun_clock_pair (tick, ns);
}

void
trun_clock_calibrate (void)
{
  if (!trun_use_tsc)
    return;
  struct pair from = start;
  if (from.width == UINT64_MAX)
    from = read_pair (); /* no usable pair at start: from now on */
  uint64_t begin = mono_ns (), ticks, ns;
  struct pair to = read_pair ();
  while (!span (&from, &to, &ticks, &ns)
         && mono_ns () - begin < TRUN_CLOCK_WAIT_NS)
    to = read_pair ();
  if (to.tsc > from.tsc && to.ns > from.ns)
    trun_tick_seconds = (double) (to.ns - from.ns) * 1e-9
                        / (double) (to.tsc - from.tsc);
}
