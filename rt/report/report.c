/* rt/report/report.c -- hand a report to every writer, in the order of
 * the list below: first for their files, then for their copies on stdout.  The
 * stdout copies come last and with SIGPIPE held, so `prog | head -1`
 * keeps every file and the program's own exit status.
 */
#include "report/writers.h"

#include <errno.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* Every writer, in the order its files and its stdout copy come.  */
static const struct trun_writer *const writers[] = {
  &trun_coverage_writer, &trun_text_writer, &trun_json_writer,
  &trun_job_json_writer, &trun_tree_writer, &trun_folded_writer,
  &trun_csv_writer, &trun_flamegraph_writer, &trun_filter_writer, &trun_timeline_writer,
};
#define NWRITERS (sizeof writers / sizeof writers[0])

trun_mask_t
trun_report_components (const struct trun_report *r, int d)
{
  /* A job's trees hold what any rank recorded.  */
  return r->tree[d] ? r->tree[d]->components : 0;
}

/* Write to stdout without SIGPIPE: block it, and take back one that the
   writes raised before unblocking.  */
static void
console_pass (const struct trun_report *r, const int *failed)
{
  sigset_t pipe_set, old;
  sigemptyset (&pipe_set);
  sigaddset (&pipe_set, SIGPIPE);
  int blocked = pthread_sigmask (SIG_BLOCK, &pipe_set, &old) == 0;
  sigset_t pending;
  int was_pending = blocked && sigpending (&pending) == 0
                    && sigismember (&pending, SIGPIPE);
  for (size_t i = 0; i < NWRITERS; i++)
    if (writers[i]->console && (r->settings->cout_output || failed[i]))
      {
        writers[i]->console (r, stdout);
        fflush (stdout);
      }
  if (blocked)
    {
      if (!was_pending && sigpending (&pending) == 0
          && sigismember (&pending, SIGPIPE))
        {
          struct timespec zero = { 0, 0 };
          sigtimedwait (&pipe_set, NULL, &zero);
        }
      pthread_sigmask (SIG_SETMASK, &old, NULL);
    }
}

int
trun_report_write_named (const struct trun_report *r, const char *name)
{
  for (size_t i = 0; i < NWRITERS; i++)
    if (strcmp (writers[i]->name, name) == 0)
      return writers[i]->files ? writers[i]->files (r) != 0 : 0;
  return -1;
}

const char *
trun_report_writer_name (size_t i)
{
  return i < NWRITERS ? writers[i]->name : NULL;
}

void
trun_report_write (const struct trun_report *r)
{
  int failed[NWRITERS];
  int saved = errno;
  for (size_t i = 0; i < NWRITERS; i++)
    failed[i] = writers[i]->files ? writers[i]->files (r) : 0;
  console_pass (r, failed);
  errno = saved;
}
