/* rt/core/throttle.c -- stop measuring tiny, frequently called functions.
 *
 * At a function's exit, once its node has been counted more than
 * TRUN_THROTTLE_COUNT times (the hot path compares one integer), the mean
 * is checked here; below TRUN_THROTTLE_VALUE the descriptor's enabled
 * flag becomes TRUN_DESC_THROTTLED, so from its next call on the
 * emitted code calls no marker and writes nothing (trun/abi.h): its
 * count stops at the throttle, as timemory's throttle stops
 * instrumenting it.  Calls already open, or past the emitted test on
 * another thread, still exit normally (the emitted code tests the flag
 * it read at enter); one that reaches the enter marker after the flag
 * changed is counted as unmeasured in its thread's node of the call.
 * At exit report/filter.c writes the throttled and never-called
 * functions as a filter file for the next build, and
 * trun_throttle_warn says how many were throttled.
 */
#include "core/core.h"

#include <stdlib.h>
#include <string.h>

static struct trun_desc **throttled;
static size_t nthrottled, cap_throttled;
static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static uint64_t value_ps;    /* TRUN_THROTTLE_VALUE in picoseconds */
static uint64_t limit_ticks; /* the same in ticks, once limit_known */
static int limit_known;

void
trun_throttle_setup (void)
{
  if (trun_settings.throttle_count == 0)
    trun_throttle_count_limit = UINT64_MAX;
  else
    trun_throttle_count_limit = trun_settings.throttle_count;
  /* The tick rate is not known yet (the clock is calibrated at
     finalize): the limit in ticks comes at the first check.  */
  double ps = trun_settings.throttle_value * 1e12;
  value_ps = ps >= 1.8e19 ? UINT64_MAX : ps > 0 ? (uint64_t) ps : 0;
}

/* TRUN_THROTTLE_VALUE in ticks, from the ticks and nanoseconds elapsed
   since the start, in integers; 0 while the run is too short to tell
   the tick rate (some 100 microseconds): then no function is
   throttled yet.  */
static int
limit (uint64_t *out)
{
  if (__atomic_load_n (&limit_known, __ATOMIC_ACQUIRE))
    {
      *out = __atomic_load_n (&limit_ticks, __ATOMIC_RELAXED);
      return 1;
    }
  uint64_t ticks, ns;
  if (!trun_clock_elapsed (&ticks, &ns))
    return 0;
  unsigned __int128 l = (unsigned __int128) value_ps * ticks
                        / ((unsigned __int128) ns * 1000u);
  *out = l > UINT64_MAX ? UINT64_MAX : (uint64_t) l;
  __atomic_store_n (&limit_ticks, *out, __ATOMIC_RELAXED);
  __atomic_store_n (&limit_known, 1, __ATOMIC_RELEASE);
  return 1;
}

void
trun_throttle_check (struct trun_desc *d, struct trun_node *n)
{
  if (!d || d->kind != TRUN_KIND_FUNCTION || !trun_desc_measured (d))
    return;
  /* mean >= limit, in integers (no floating point in the program).  */
  uint64_t limit_now;
  if (!limit (&limit_now)
      || (unsigned __int128) n->wall.sum
             >= (unsigned __int128) limit_now * n->wall.count)
    return;
  /* Threads may find it worth throttling at once: one of them lists it,
     or its unmeasured calls would be counted once per thread.  */
  uint32_t on = 1;
  if (!__atomic_compare_exchange_n (&d->enabled, &on, TRUN_DESC_THROTTLED, 0,
                                    __ATOMIC_RELAXED, __ATOMIC_RELAXED))
    return;
  struct trun_thread *t = trun_self;
  sigset_t old;
  if (t)
    trun_busy_enter (t, &old);
  pthread_mutex_lock (&lock);
  if (nthrottled == cap_throttled)
    {
      size_t ncap = cap_throttled ? cap_throttled * 2 : 64;
      /* From the kernel, not malloc: a signal handler's exit may get
         here.  The old list is kept: a finalize may be reading it.  */
      struct trun_desc **nt = trun_mem_alloc (ncap * sizeof *nt);
      if (nt)
        {
          if (throttled)
            memcpy (nt, throttled, nthrottled * sizeof *nt);
          throttled = nt;
          cap_throttled = ncap;
        }
    }
  if (nthrottled < cap_throttled)
    throttled[nthrottled++] = d;
  pthread_mutex_unlock (&lock);
  if (t)
    trun_busy_leave (t, &old);
  trun_verbose ("throttled \"%s\" after %llu calls", d->name,
                (unsigned long long) n->wall.count);
}

/* A throttled function's label, and the node of it with the most
   calls so far.  */
struct throttled_label
{
  const char *label;
  struct trun_mnode *best;
};

static int
by_label (const void *a, const void *b)
{
  uintptr_t x = (uintptr_t) ((const struct throttled_label *) a)->label;
  uintptr_t y = (uintptr_t) ((const struct throttled_label *) b)->label;
  return x < y ? -1 : x > y;
}

/* The entry of LABEL in the N sorted LABELS, or NULL.  */
static struct throttled_label *
find_label (struct throttled_label *labels, size_t n, const char *label)
{
  size_t lo = 0, hi = n;
  while (lo < hi)
    {
      size_t mid = lo + (hi - lo) / 2;
      if ((uintptr_t) labels[mid].label < (uintptr_t) label)
        lo = mid + 1;
      else
        hi = mid;
    }
  return lo < n && labels[lo].label == label ? &labels[lo] : NULL;
}

/* Mark the merged nodes of throttled functions, in one walk of the
   tree (one per function was most of the finalize of a lua run with a
   hundred of them over 16 000 nodes).  The few calls that
   reached the enter marker after the throttle are unmeasured in the
   nodes of their call paths (each thread counts its own); those counted
   in the descriptor (no node: TRUN_MAX_NODES, TRUN_MAX_DEPTH, no thread
   state) cannot be told apart by caller, so they go to the function's
   busiest node.  */
void
trun_throttle_mark (struct trun_mtree *t)
{
  if (!nthrottled)
    return;
  size_t bytes = nthrottled * sizeof (struct throttled_label);
  struct throttled_label *labels = trun_mem_alloc (bytes);
  if (!labels)
    return;
  size_t n = 0;
  for (size_t i = 0; i < nthrottled; i++)
    labels[n++].label = trun_intern_name (throttled[i]->id);
  qsort (labels, n, sizeof *labels, by_label);
  for (struct trun_mnode *m = t->root.first_child; m;
       m = trun_mnode_next (m, &t->root))
    {
      struct throttled_label *l = find_label (labels, n, m->label);
      if (!l)
        continue;
      m->throttled = 1;
      if (!l->best
          || trun_mnode_stat (t, m, TRUN_WALL_CLOCK)->count
                 > trun_mnode_stat (t, l->best, TRUN_WALL_CLOCK)->count)
        l->best = m;
    }
  for (size_t i = 0; i < nthrottled; i++)
    {
      struct trun_desc *d = throttled[i];
      struct throttled_label *l
          = find_label (labels, n, trun_intern_name (d->id));
      if (l && l->best)
        l->best->unmeasured += __atomic_load_n (&d->calls, __ATOMIC_RELAXED);
    }
  trun_mem_free (labels, bytes);
}

struct trun_desc *const *
trun_throttled (size_t *n)
{
  *n = nthrottled;
  return throttled;
}

void
trun_throttle_retarget (struct trun_desc *begin, struct trun_desc *end,
                        struct trun_desc *copy)
{
  pthread_mutex_lock (&lock);
  for (size_t i = 0; i < nthrottled; i++)
    if (throttled[i] >= begin && throttled[i] < end)
      throttled[i] = copy + (throttled[i] - begin);
  pthread_mutex_unlock (&lock);
}

void
trun_throttle_forget (struct trun_desc *begin, struct trun_desc *end)
{
  pthread_mutex_lock (&lock);
  size_t k = 0;
  for (size_t i = 0; i < nthrottled; i++)
    if (throttled[i] < begin || throttled[i] >= end)
      throttled[k++] = throttled[i];
  nthrottled = k;
  pthread_mutex_unlock (&lock);
}

/* At exit, once: counts of throttled functions stopped at the throttle
   and say so.  */
void
trun_throttle_warn (void)
{
  if (nthrottled)
    trun_warn ("%zu function%s throttled (called more than "
               "TRUN_THROTTLE_COUNT=%llu times, shorter than "
               "TRUN_THROTTLE_VALUE on average): %s counted only up to "
               "the throttle, marked [throttled]; TRUN_THROTTLE_COUNT=0 "
               "(or TIMEMORY_THROTTLE_COUNT=0) gives exact counts",
               nthrottled, nthrottled == 1 ? " was" : "s were",
               (unsigned long long) trun_settings.throttle_count,
               nthrottled == 1 ? "its calls are" : "their calls are");
}
