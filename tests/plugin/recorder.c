/* recorder.c -- a tiny runtime implementing trun/abi.h for the plugin
 * tests.  Every event becomes one line in the file named by
 * $TRUN_RECORD:
 *
 *   register N SOURCE          a unit's constructor; N: descriptors in its
 *                              DSO's range, SOURCE: the unit's main file
 *   unregister N SOURCE        the unit's destructor (exit or dlclose)
 *   bad_unit SOURCE WHAT       a unit field that is not as trun/abi.h says
 *   enter T KIND NAME          T: small per-thread number
 *   exit T KIND NAME
 *   omp_enter T CTX NAME       CTX: 'f<K>' for fork K, or 'null'
 *   fork T f<K>  /  join T f<K>
 *   task_create T c<K>         a task's creation context K, in thread T
 *   task_enter T c<K> O NAME   its body entered, created by thread O
 *   region_begin T NAME / region_end T NAME
 *
 * Units of one DSO share its range, which is forgotten when the last of
 * them unregisters.  A range's descriptors are listed then, or at exit
 * for the ranges still registered (destructors may run either side of
 * the atexit handler):
 *   desc KIND CALLS ENABLED FILE:LINE NAME | ASM_NAME
 * $TRUN_RECORD_DISABLE=NAME clears that descriptor's enabled flag at
 * registration, to exercise the disabled path: like the real runtime,
 * the recorder then counts the call in CALLS and logs neither its enter
 * nor its exit (a per-thread stack says which enters were logged).
 * $TRUN_RECORD_SKIP=NAME sets it TRUN_DESC_SKIPPED (and its id
 * TRUN_DESC_ID_SKIPPED), as the run-time filters do: the emitted code
 * then writes nothing and calls no marker, which a marker call for it
 * shows as a "bad_skip" line.  $TRUN_RECORD_THROTTLE=NAME sets
 * it TRUN_DESC_THROTTLED inside its first call, as throttling does:
 * that call's exit marker is still called (the emitted code tests the
 * flag it read at enter), no later call calls a marker (a "bad_throttle"
 * line) or counts itself.  Without $TRUN_RECORD
 * nothing is logged; with $TRUN_RECORD_SUMMARY set, one line
 * "recorder: enters=N exits=N open=N" goes to stderr at exit instead
 * (for long-running generated programs).
 */
#include "trun/abi.h"

#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static FILE *out;
static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static int next_thread = 1;
static __thread int thread_no;
static int fork_count;
static long enters, exits;
static __thread long open_frames;
/* Per thread, one bit per open marker frame: 1 logged, 0 disabled.  */
#define LOGGED_MAX (64 * 8192)
static __thread uint64_t logged[LOGGED_MAX / 64];
static __thread size_t nlogged;

struct range
{
  struct trun_desc *begin, *end;
  int units; /* registered units using this range */
};
static struct range ranges[64];
static int nranges;

static const char *kind_name[] = { "function", "parallel", "task", "region" };

static int
thread_number (void)
{
  if (!thread_no)
    thread_no = __atomic_fetch_add (&next_thread, 1, __ATOMIC_RELAXED);
  return thread_no;
}

static int
logging (void)
{
  static int on = -1;
  if (on < 0)
    on = getenv ("TRUN_RECORD") != NULL;
  return on;
}

static void
print_summary (void)
{
  fprintf (stderr, "recorder: enters=%ld exits=%ld open=%ld\n", enters, exits,
           open_frames);
}

static void
count_enter (void)
{
  __atomic_fetch_add (&enters, 1, __ATOMIC_RELAXED);
  open_frames++;
}

static void
count_exit (void)
{
  __atomic_fetch_add (&exits, 1, __ATOMIC_RELAXED);
  open_frames--;
}

static void
record (const char *fmt, ...)
{
  va_list ap;
  if (!logging ())
    return;
  pthread_mutex_lock (&lock);
  if (!out)
    {
      const char *path = getenv ("TRUN_RECORD");
      out = fopen (path ? path : "/dev/null", "a");
      if (!out)
        abort ();
    }
  va_start (ap, fmt);
  vfprintf (out, fmt, ap);
  va_end (ap);
  fputc ('\n', out);
  fflush (out);
  pthread_mutex_unlock (&lock);
}

static void
dump_range (const struct range *r)
{
  for (struct trun_desc *d = r->begin; d < r->end; d++)
    record ("desc %s %llu %u %s:%u %s | %s", kind_name[d->kind & 3],
            (unsigned long long) d->calls, d->enabled, d->file, d->line,
            d->name, d->asm_name);
}

/* At exit: the ranges still registered, which are then forgotten, so
   destructors running after this list nothing twice.  */
static void
dump_descriptors (void)
{
  for (int r = 0; r < nranges; r++)
    dump_range (&ranges[r]);
  nranges = 0;
}

/* Each field of U as trun/abi.h says; a "bad_unit" line for each other.  */
static int
unit_ok (const struct trun_unit *u)
{
  const char *src = u->source && *u->source ? u->source : "(none)";
  int ok = 1;
  if (u->abi_version != TRUN_ABI_VERSION)
    {
      record ("bad_unit %s abi_version %u, not %d", src,
              (unsigned) u->abi_version, TRUN_ABI_VERSION);
      ok = 0;
    }
  if (u->desc_size != sizeof (struct trun_desc))
    {
      record ("bad_unit %s desc_size %u, not %u", src, (unsigned) u->desc_size,
              (unsigned) sizeof (struct trun_desc));
      ok = 0;
    }
  if (!u->source || !*u->source)
    {
      record ("bad_unit %s no source", src);
      ok = 0;
    }
  if (!u->begin || u->end <= u->begin)
    {
      record ("bad_unit %s empty range", src);
      ok = 0;
    }
  return ok;
}

static struct range *
find_range (const struct trun_desc *begin)
{
  for (int r = 0; r < nranges; r++)
    if (ranges[r].begin == begin)
      return &ranges[r];
  return NULL;
}

void
__trun_register_unit (struct trun_unit *u)
{
  const char *off = getenv ("TRUN_RECORD_DISABLE");
  const char *skip = getenv ("TRUN_RECORD_SKIP");
  if (!unit_ok (u))
    return;
  record ("register %ld %s", (long) (u->end - u->begin), u->source);
  struct range *seen = find_range (u->begin);
  if (seen)
    {
      seen->units++;
      return;
    }
  if (nranges == 0)
    atexit (getenv ("TRUN_RECORD_SUMMARY") ? print_summary : dump_descriptors);
  if (nranges < 64)
    ranges[nranges++] = (struct range){ u->begin, u->end, 1 };
  for (struct trun_desc *d = u->begin; d < u->end; d++)
    if (off && strcmp (off, d->name) == 0)
      d->enabled = 0;
    else if (skip && strcmp (skip, d->name) == 0)
      {
        d->id = TRUN_DESC_ID_SKIPPED;
        d->enabled = TRUN_DESC_SKIPPED;
      }
}

void
__trun_unregister_unit (struct trun_unit *u)
{
  if (!unit_ok (u))
    return;
  record ("unregister %ld %s", (long) (u->end - u->begin), u->source);
  struct range *r = find_range (u->begin);
  if (r && --r->units == 0)
    {
      dump_range (r);
      *r = ranges[--nranges];
    }
}

/* The markers are called whatever the flag says (trun/abi.h): a
   disabled call is counted, and its exit logs nothing either.  */
static int
marker_enter (struct trun_desc *d)
{
  if (d->id == TRUN_DESC_ID_SKIPPED)
    record ("bad_skip %d enter %s", thread_number (), d->name);
  if (__atomic_load_n (&d->enabled, __ATOMIC_RELAXED) == TRUN_DESC_THROTTLED)
    record ("bad_throttle %d enter %s", thread_number (), d->name);
  int on = __atomic_load_n (&d->enabled, __ATOMIC_RELAXED) == 1;
  if (nlogged == LOGGED_MAX)
    {
      fprintf (stderr, "recorder: more than %d frames open\n", LOGGED_MAX);
      abort ();
    }
  if (on)
    logged[nlogged / 64] |= (uint64_t) 1 << (nlogged % 64);
  else
    logged[nlogged / 64] &= ~((uint64_t) 1 << (nlogged % 64));
  nlogged++;
  if (!on)
    __atomic_fetch_add (&d->calls, 1, __ATOMIC_RELAXED);
  return on;
}
static int
marker_exit (void)
{
  if (nlogged == 0)
    {
      record ("bad_exit %d without enter", thread_number ());
      return 0;
    }
  nlogged--;
  return (logged[nlogged / 64] >> (nlogged % 64)) & 1;
}

static void
enter (struct trun_desc *d)
{
  if (!marker_enter (d))
    return;
  count_enter ();
  record ("enter %d %s %s", thread_number (), kind_name[d->kind & 3], d->name);
  const char *throttle = getenv ("TRUN_RECORD_THROTTLE");
  if (throttle && strcmp (throttle, d->name) == 0)
    __atomic_store_n (&d->enabled, TRUN_DESC_THROTTLED, __ATOMIC_RELAXED);
}
static void
leave (struct trun_desc *d)
{
  if (d->id == TRUN_DESC_ID_SKIPPED)
    record ("bad_skip %d exit %s", thread_number (), d->name);
  if (!marker_exit ())
    return;
  count_exit ();
  record ("exit %d %s %s", thread_number (), kind_name[d->kind & 3], d->name);
}

void
__trun_trace_enter (struct trun_desc *d)
{
  enter (d);
}
void
__trun_trace_exit (struct trun_desc *d)
{
  leave (d);
}
void
__trun_region_enter (struct trun_desc *d)
{
  enter (d);
}
void
__trun_region_exit (struct trun_desc *d)
{
  leave (d);
}

#if defined(__x86_64__) && defined(__LP64__)
/* The register-preserving entries the plugin emits on x86-64.  The
   recorder cannot tell them apart from the C ones: both log the same.  */
void recorder_preserve_enter (struct trun_desc *d, uintptr_t sp);
void recorder_preserve_exit (struct trun_desc *d, uintptr_t sp);
void
recorder_preserve_enter (struct trun_desc *d, uintptr_t sp)
{
  (void) sp;
  enter (d);
}
void
recorder_preserve_exit (struct trun_desc *d, uintptr_t sp)
{
  (void) sp;
  leave (d);
}
__asm__ (TRUN_ABI_PRESERVE_ENTRY ("__trun_trace_enter_preserve",
                                  "recorder_preserve_enter")
         TRUN_ABI_PRESERVE_ENTRY ("__trun_trace_exit_preserve",
                                  "recorder_preserve_exit")
         TRUN_ABI_PRESERVE_ENTRY ("__trun_region_enter_preserve",
                                  "recorder_preserve_enter")
         TRUN_ABI_PRESERVE_ENTRY ("__trun_region_exit_preserve",
                                  "recorder_preserve_exit"));
#endif
void
__trun_region_begin_desc (struct trun_desc *d)
{
  record ("region_begin %d %s", thread_number (), d->name);
}
void
__trun_region_end_desc (struct trun_desc *d)
{
  record ("region_end %d %s", thread_number (), d->name);
}

void *
__trun_omp_fork (void)
{
  long k = __atomic_add_fetch (&fork_count, 1, __ATOMIC_RELAXED);
  record ("fork %d f%ld", thread_number (), k);
  return (void *) k;
}
void
__trun_omp_join (void *ctx)
{
  record ("join %d f%ld", thread_number (), (long) ctx);
}

static void
omp_enter (struct trun_desc *d, void *ctx)
{
  if (!marker_enter (d))
    return;
  count_enter ();
  if (ctx)
    record ("omp_enter %d f%ld %s", thread_number (), (long) ctx, d->name);
  else
    record ("omp_enter %d null %s", thread_number (), d->name);
  record ("enter %d %s %s", thread_number (), kind_name[d->kind & 3], d->name);
}
void
__trun_trace_omp_enter (struct trun_desc *d, void *ctx)
{
  omp_enter (d, ctx);
}
void
__trun_region_omp_enter (struct trun_desc *d, void *ctx)
{
  omp_enter (d, ctx);
}

static long task_count;

static void *
task_context (void)
{
  long k = __atomic_add_fetch (&task_count, 1, __ATOMIC_RELAXED);
  record ("task_create %d c%ld", thread_number (), k);
  return (void *) k;
}
void *
__trun_trace_omp_task (void)
{
  return task_context ();
}
void *
__trun_region_omp_task (void)
{
  return task_context ();
}
void *
__trun_omp_self (void)
{
  return (void *) (long) thread_number ();
}
static void
task_enter (struct trun_desc *d, void *node, void *owner)
{
  if (!marker_enter (d))
    return;
  count_enter ();
  record ("task_enter %d c%ld %ld %s", thread_number (), (long) node,
          (long) owner, d->name);
  record ("enter %d %s %s", thread_number (), kind_name[d->kind & 3], d->name);
}
void
__trun_trace_task_enter (struct trun_desc *d, void *node, void *owner)
{
  task_enter (d, node, owner);
}
void
__trun_region_task_enter (struct trun_desc *d, void *node, void *owner)
{
  task_enter (d, node, owner);
}

/* The public region API, for programs that call it with non-literal
   names (which the plugin leaves alone).  */
void
trun_region_begin (const char *name)
{
  record ("api_begin %d %s", thread_number (), name);
}
void
trun_region_end (const char *name)
{
  record ("api_end %d %s", thread_number (), name);
}
void
timemory_push_region (const char *name)
{
  record ("api_begin %d %s", thread_number (), name);
}
void
timemory_pop_region (const char *name)
{
  record ("api_end %d %s", thread_number (), name);
}
