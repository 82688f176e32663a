/* recorder.c -- a tiny runtime implementing trun/abi.h for the plugin
 * tests.  Every event becomes one line in the file named by
 * $TRUN_RECORD:
 *
 *   register N                 descriptors in a registered range
 *   enter T KIND NAME          T: small per-thread number
 *   exit T KIND NAME
 *   omp_enter T CTX NAME       CTX: 'f<K>' for fork K, or 'null'
 *   fork T f<K>  /  join T f<K>
 *   region_begin T NAME / region_end T NAME
 *
 * At exit it lists every registered descriptor:
 *   desc KIND CALLS ENABLED FILE:LINE NAME | ASM_NAME
 * $TRUN_RECORD_DISABLE=NAME clears that descriptor's enabled flag at
 * registration, to exercise the disabled path.  Without $TRUN_RECORD
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

struct range
{
  struct trun_desc *begin, *end;
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
dump_descriptors (void)
{
  for (int r = 0; r < nranges; r++)
    for (struct trun_desc *d = ranges[r].begin; d < ranges[r].end; d++)
      record ("desc %s %llu %u %s:%u %s | %s", kind_name[d->kind & 3],
              (unsigned long long) d->calls, d->enabled, d->file, d->line,
              d->name, d->asm_name);
}

void
__trun_register_descs (struct trun_desc *begin, struct trun_desc *end)
{
  const char *off = getenv ("TRUN_RECORD_DISABLE");
  for (int r = 0; r < nranges; r++)
    if (ranges[r].begin == begin)
      return;
  if (nranges == 0)
    atexit (getenv ("TRUN_RECORD_SUMMARY") ? print_summary : dump_descriptors);
  if (nranges < 64)
    ranges[nranges++] = (struct range){ begin, end };
  for (struct trun_desc *d = begin; d < end; d++)
    if (off && strcmp (off, d->name) == 0)
      d->enabled = 0;
  record ("register %ld", (long) (end - begin));
}

void
__trun_trace_enter (struct trun_desc *d)
{
  count_enter ();
  record ("enter %d %s %s", thread_number (), kind_name[d->kind & 3], d->name);
}
void
__trun_trace_exit (struct trun_desc *d)
{
  count_exit ();
  record ("exit %d %s %s", thread_number (), kind_name[d->kind & 3], d->name);
}
void
__trun_region_enter (struct trun_desc *d)
{
  count_enter ();
  record ("enter %d %s %s", thread_number (), kind_name[d->kind & 3], d->name);
}
void
__trun_region_exit (struct trun_desc *d)
{
  count_exit ();
  record ("exit %d %s %s", thread_number (), kind_name[d->kind & 3], d->name);
}
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
