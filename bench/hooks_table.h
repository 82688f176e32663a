/* bench/hooks_table.h -- the smallest timer-based profiler worth the name,
 * as -finstrument-functions hooks: read a clock on enter and on exit and
 * add the difference and a count into a per-thread table keyed by the
 * function's address.  That is the floor any timer-based profiler pays.
 *
 * The including file defines `static inline uint64_t bench_now (void)`
 * first.  At exit the total number of recorded calls goes to stderr as
 * "bench-hooks: calls N" so bench/run.py can check its call counts.
 * Built without instrumentation.
 */
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#define BENCH_SLOTS 4096  /* power of two; distinct functions per thread */
#define BENCH_STACK 65536 /* deeper frames are counted, not timed */

struct bench_slot
{
  void *fn;
  uint64_t calls;
  uint64_t elapsed;
};

struct bench_table
{
  struct bench_slot slots[BENCH_SLOTS];
  uint64_t start[BENCH_STACK];
  unsigned depth;
  uint64_t lost; /* calls that found the table full */
  struct bench_table *next;
};

static __thread struct bench_table *bench_self;
static struct bench_table *bench_all;
static pthread_mutex_t bench_lock = PTHREAD_MUTEX_INITIALIZER;

void __cyg_profile_func_enter (void *fn, void *site);
void __cyg_profile_func_exit (void *fn, void *site);

__attribute__ ((noinline)) static struct bench_table *
bench_table_new (void)
{
  struct bench_table *t = calloc (1, sizeof *t);
  if (!t)
    abort ();
  pthread_mutex_lock (&bench_lock);
  t->next = bench_all;
  bench_all = t;
  pthread_mutex_unlock (&bench_lock);
  bench_self = t;
  return t;
}

static inline struct bench_slot *
bench_slot_of (struct bench_table *t, void *fn)
{
  uintptr_t h = ((uintptr_t) fn >> 4) * UINT64_C (0x9E3779B97F4A7C15);
  unsigned i = (unsigned) (h >> 52) & (BENCH_SLOTS - 1);
  for (unsigned probe = 0; probe < BENCH_SLOTS; probe++)
    {
      struct bench_slot *s = &t->slots[(i + probe) & (BENCH_SLOTS - 1)];
      if (s->fn == fn)
        return s;
      if (!s->fn)
        {
          s->fn = fn;
          return s;
        }
    }
  return NULL;
}

void
__cyg_profile_func_enter (void *fn, void *site)
{
  (void) fn;
  (void) site;
  struct bench_table *t = bench_self;
  if (__builtin_expect (!t, 0))
    t = bench_table_new ();
  if (t->depth < BENCH_STACK)
    t->start[t->depth] = bench_now ();
  t->depth++;
}

void
__cyg_profile_func_exit (void *fn, void *site)
{
  (void) site;
  uint64_t now = bench_now ();
  struct bench_table *t = bench_self;
  if (__builtin_expect (!t || t->depth == 0, 0))
    return;
  t->depth--;
  struct bench_slot *s = bench_slot_of (t, fn);
  if (__builtin_expect (!s, 0))
    {
      t->lost++;
      return;
    }
  s->calls++;
  if (t->depth < BENCH_STACK)
    s->elapsed += now - t->start[t->depth];
}

__attribute__ ((destructor)) static void
bench_report (void)
{
  uint64_t calls = 0, lost = 0, elapsed = 0;
  pthread_mutex_lock (&bench_lock);
  for (struct bench_table *t = bench_all; t; t = t->next)
    {
      lost += t->lost;
      for (unsigned i = 0; i < BENCH_SLOTS; i++)
        {
          calls += t->slots[i].calls;
          elapsed += t->slots[i].elapsed;
        }
    }
  pthread_mutex_unlock (&bench_lock);
  fprintf (stderr, "bench-hooks: calls %llu lost %llu elapsed %llu\n",
           (unsigned long long) calls, (unsigned long long) lost,
           (unsigned long long) elapsed);
}
