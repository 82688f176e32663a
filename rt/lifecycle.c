/* rt/lifecycle.c -- start once (lazily from entry/ or from a
 * constructor), finalize once (atexit/destructor, exit() from any thread,
 * trun_finalize, SIGINT/SIGTERM, MPI_Finalize): merge every thread's
 * graphs, build the report model and hand it to the report layer; start
 * over with an empty profile in a fork() child.
 */
#define _GNU_SOURCE
#include "config.h"

#include "lifecycle.h"

#include "core/core.h"
#include "report/writers.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <stdio_ext.h>
#include <sys/syscall.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

int (*trun_mpi_report_hook) (const struct trun_report *);
const struct trun_collective *(*trun_mpi_collective_hook) (void);
int (*trun_mpi_timeline_hook) (const struct trun_report *);

static pthread_once_t once = PTHREAD_ONCE_INIT;
static __thread int in_init __attribute__ ((tls_model ("initial-exec")));
static int finalized;
static int my_rank = -1;
static long child_pid; /* nonzero in a fork() child */
static double start_time;
static char *command_line;
static char *output_dir; /* TRUN_OUTPUT_PATH made absolute at start-up */
static char file_mark[64];
/* The merged trees of the report, kept for the rest of the process (see
   write_reports) and reachable from here, so that a leak checker does
   not count them as lost.  */
static struct trun_mtree *volatile kept_trees; /* volatile: written only */

static double
epoch_seconds (void)
{
  struct timeval tv;
  gettimeofday (&tv, NULL);
  return tv.tv_sec + tv.tv_usec * 1e-6;
}

/* The program's argument strings, argv[0]'s first byte to the last
   one's NUL, as the kernel laid them out one after the other: what
   /proc/self/cmdline reads (this memory, then as now), without opening
   the process's first /proc entry at finalize (some 40 us).  NULL when
   the constructor was not handed them.  */
static const char *args_start;
static size_t args_len;

static void
keep_args (int argc, char **argv)
{
#ifdef __GLIBC__ /* glibc hands constructors (argc, argv, envp) */
  if (argc <= 0 || !argv || !argv[0] || !argv[argc - 1]
      || argv[argc - 1] < argv[0])
    return;
  size_t len = (size_t) (argv[argc - 1] - argv[0]) + strlen (argv[argc - 1])
               + 1;
  if (len <= (1u << 24))
    {
      args_start = argv[0];
      args_len = len;
    }
#else
  (void) argc;
  (void) argv;
#endif
}

static char *
read_command_line (void)
{
  size_t cap = 4096, len = 0;
  char *buf = NULL;
  if (args_start)
    {
      buf = malloc (args_len + 1);
      if (buf)
        memcpy (buf, args_start, len = args_len);
    }
  else
    {
      int fd = open ("/proc/self/cmdline", O_RDONLY | O_CLOEXEC);
      if (fd < 0)
        return strdup ("");
      buf = malloc (cap + 1);
      ssize_t r;
      while (buf && (r = read (fd, buf + len, cap - len)) > 0)
        {
          len += r;
          if (len == cap)
            {
              char *nb = realloc (buf, cap * 2 + 1);
              if (!nb)
                break;
              buf = nb;
              cap *= 2;
            }
        }
      close (fd);
    }
  if (!buf)
    return strdup ("");
  while (len > 0 && buf[len - 1] == '\0')
    len--;
  for (size_t i = 0; i < len; i++)
    if (buf[i] == '\0')
      buf[i] = ' ';
  buf[len] = '\0';
  return buf;
}

/* ---- signals: flush, then the default action ----
 *
 * A signal may arrive anywhere, inside malloc or with a lock held, and
 * other threads keep running: the handler itself only does what is
 * async-signal-safe.  It forks (_Fork: no atfork handlers); the child, a
 * frozen single-threaded copy of the process, merges and writes the
 * report as at exit and leaves with _exit; the handler waits for it at
 * most TRUN_SIGNAL_TIMEOUT seconds (a child that cannot finish, e.g. on a
 * lock the interrupted code held, is killed), then restores the default
 * action and raises the signal again: the process dies by it, with the
 * same core dump.  A program's own handler or SIG_IGN is never replaced.
 */

static const int flush_signals[] = { SIGINT,  SIGTERM, SIGQUIT, SIGABRT,
                                     SIGSEGV, SIGBUS,  SIGFPE,  SIGILL };
static int flush_state;  /* 0 none, 1 flushing, 2 done */
static int frozen;       /* in the forked copy: one thread, nothing moves */
static long report_pid;  /* the process the report is of (a child's parent) */

static pid_t
fork_for_signal (void)
{
#ifdef HAVE__FORK
  return _Fork ();
#else
  return (pid_t) syscall (SYS_fork);
#endif
}

static void write_reports (void);

/* In the child: the report as at exit, of the frozen copy.  */
static void
flush_in_child (void)
{
  __atomic_store_n (&finalized, 1, __ATOMIC_RELAXED);
  __atomic_or_fetch (&trun_gate, TRUN_GATE_FINAL, __ATOMIC_RELAXED);
  frozen = 1; /* a lock another thread held at the fork stays held */
  /* What the program had buffered for stdout dies with it: the child
     must not print it.  */
  __fpurge (stdout);
  write_reports ();
  fflush (stdout);
  _exit (0);
}

/* Wait for CHILD at most SECONDS; kill it past that.  */
static void
wait_for_flush (pid_t child, int seconds)
{
  struct timespec tick = { 0, 10 * 1000 * 1000 };
  for (long waited = 0; waited < seconds * 100L; waited++)
    {
      int status;
      pid_t r = waitpid (child, &status, WNOHANG);
      if (r == child || (r < 0 && errno != EINTR))
        return;
      nanosleep (&tick, NULL);
    }
  kill (child, SIGKILL);
  waitpid (child, NULL, 0);
  trun_say ("trun: the report could not be written in time "
       "(TRUN_SIGNAL_TIMEOUT): lost\n");
}

static void
on_signal (int sig)
{
  int saved = errno;
  int expected = 0;
  if (__atomic_compare_exchange_n (&flush_state, &expected, 1, 0,
                                   __ATOMIC_ACQ_REL, __ATOMIC_ACQUIRE))
    {
      if (!__atomic_load_n (&finalized, __ATOMIC_ACQUIRE)
          && !(trun_gate_now () & TRUN_GATE_OFF))
        {
          report_pid = (long) getpid ();
          pid_t child = fork_for_signal ();
          if (child == 0)
            flush_in_child ();
          else if (child > 0)
            wait_for_flush (child, trun_settings.signal_timeout);
        }
      __atomic_store_n (&flush_state, 2, __ATOMIC_RELEASE);
    }
  else
    {
      /* Another thread is flushing: let it finish first.  */
      struct timespec tick = { 0, 10 * 1000 * 1000 };
      for (long i = 0; __atomic_load_n (&flush_state, __ATOMIC_ACQUIRE) == 1
                       && i < trun_settings.signal_timeout * 100L + 100;
           i++)
        nanosleep (&tick, NULL);
    }
  struct sigaction dfl;
  memset (&dfl, 0, sizeof dfl);
  dfl.sa_handler = SIG_DFL;
  sigemptyset (&dfl.sa_mask);
  sigaction (sig, &dfl, NULL);
  sigset_t only;
  sigemptyset (&only);
  sigaddset (&only, sig);
  pthread_sigmask (SIG_UNBLOCK, &only, NULL);
  raise (sig);
  errno = saved; /* the signal was blocked elsewhere: carry on */
}

static void
install_signal (int sig)
{
  struct sigaction old;
  if (sigaction (sig, NULL, &old) != 0 || old.sa_handler != SIG_DFL)
    return; /* the program's own handler (or ignore) wins */
  struct sigaction sa;
  memset (&sa, 0, sizeof sa);
  sa.sa_handler = on_signal;
  sigemptyset (&sa.sa_mask);
  sa.sa_flags = SA_RESTART;
  sigaction (sig, &sa, NULL);
}

static void
at_exit (void)
{
  trun_finalize_all ();
}

/* ---- fork(): the child starts an empty profile ---- */

static void
atfork_prepare (void)
{
  trun_thread_lock ();
}

static void
atfork_parent (void)
{
  trun_thread_unlock ();
}

static void
atfork_child (void)
{
  trun_intern_reset_locks ();
  struct trun_thread *old = trun_thread_forget_all ();
  trun_tl_forget_all ();
  if (finalized)
    return; /* the parent had already reported: the child stays quiet */
  child_pid = (long) getpid ();
  snprintf (file_mark, sizeof file_mark, "-pid%ld", child_pid);
  start_time = epoch_seconds ();
  if (!old || (trun_gate_now () & (TRUN_GATE_FINAL | TRUN_GATE_OFF)))
    return;
  /* Replay the open frames so the child's graph has the path it was
     forked at, timed from the fork.  */
  struct trun_thread *t = trun_thread_get ();
  for (int d = 0; t && d < TRUN_NDOMAIN; d++)
    for (uint32_t i = 1; i <= old->dom[d].depth; i++)
      trun_enter_id_sp (t, d, trun_frame_id (&old->dom[d].frames[i]), 0);
}

/* The output directory as an absolute path, fixed now: a later chdir of
   the program must not move the reports.  */
static char *
resolve_output_dir (const char *path)
{
  if (path[0] == '/')
    return strdup (path);
  char *cwd = getcwd (NULL, 0);
  if (!cwd)
    return strdup (path);
  size_t n = strlen (cwd) + strlen (path) + 2;
  char *abs = malloc (n);
  if (abs)
    snprintf (abs, n, "%s/%s", strcmp (cwd, "/") ? cwd : "", path);
  free (cwd);
  return abs;
}

/* Start-up: only what cannot wait.  The clock takes one reading (it is
   calibrated at finalize); the command line and the topology are read
   when the report is written; with TRUN_ENABLED=off neither the signal
   handlers nor the thread's state nor the output directory are set up:
   nothing will be reported.  The output directory is fixed now (a chdir must not move
   the reports).  */
static void
init_once (void)
{
  /* Parsing settings uses floating point: the program's flags and
     rounding mode are put back as they were.  */
  struct trun_fpenv env;
  trun_fpenv_save (&env);
  in_init = 1;
  trun_settings_load ();
  int enabled = trun_settings.enabled;
  trun_components_from_settings (&trun_settings);
  trun_clock_init ();
  trun_region_mask = trun_settings.components;
  trun_trace_mask = trun_settings.trace_components;
  trun_depth_limit = trun_settings.flat_profile
                         ? 0
                         : (uint32_t) trun_settings.max_depth;
  trun_throttle_setup ();
  start_time = epoch_seconds ();
  /* Off for good: no report, so no directory to fix (not even getcwd).  */
  output_dir = enabled ? resolve_output_dir (trun_settings.output_path) : NULL;
  trun_tl_init (output_dir);
  pthread_atfork (atfork_prepare, atfork_parent, atfork_child);
  atexit (at_exit);
  at_quick_exit (at_exit);
  if (enabled && trun_settings.signal_handlers)
    for (size_t i = 0; i < sizeof flush_signals / sizeof *flush_signals; i++)
      install_signal (flush_signals[i]);
  __atomic_store_n (&trun_initialized, 1, __ATOMIC_RELEASE);
  if (!enabled)
    {
      __atomic_store_n (&trun_gate, TRUN_GATE_OFF, __ATOMIC_RELEASE);
      trun_descs_disable_all ();
    }
  else
    {
      __atomic_and_fetch (&trun_gate, ~TRUN_GATE_INIT, __ATOMIC_RELEASE);
      trun_thread_get ();
    }
  in_init = 0;
  trun_fpenv_restore (&env);
}

void
trun_ensure_init (void)
{
  if (trun_likely (__atomic_load_n (&trun_initialized, __ATOMIC_ACQUIRE)))
    return;
  if (in_init)
    return; /* something init calls came back here */
  pthread_once (&once, init_once);
}

__attribute__ ((constructor)) static void
trun_constructor (int argc, char **argv, char **envp)
{
  (void) envp;
  keep_args (argc, argv);
  trun_ensure_init ();
}

__attribute__ ((destructor)) static void
trun_destructor (void)
{
  trun_finalize_all ();
}

void
trun_set_rank (int rank, int size)
{
  my_rank = rank;
  trun_tl_set_rank (rank, size);
  if (!child_pid)
    snprintf (file_mark, sizeof file_mark, "-rank%d", rank);
}

/* Whether the report goes anywhere: else nothing is read for it (the
   topology).  */
static int
report_written (void)
{
  return trun_settings.file_output || trun_settings.cout_output;
}

/* The PU and NUMA node of CPU, when the report is written.  */
static void
thread_place (int cpu, int *pu, int *numa)
{
  *pu = *numa = -1;
  if (report_written ())
    trun_topology_where (cpu, pu, numa);
}

/* Every thread the process had, live or ended, indexed by trun's index;
   and the graph nodes and memory they used.  */
static struct trun_thread_info *
thread_infos (unsigned *count, size_t *nodes, size_t *bytes)
{
  unsigned n = trun_thread_count ();
  struct trun_thread_info *ti = calloc (n ? n : 1, sizeof *ti);
  size_t nrec;
  const struct trun_thread_record *rec
      = trun_retired_threads (&nrec, nodes, bytes);
  for (size_t i = 0; ti && i < nrec; i++)
    if (rec[i].index < n)
      {
        struct trun_thread_info *x = &ti[rec[i].index];
        *x = (struct trun_thread_info){
          rec[i].index, rec[i].tid, rec[i].parent, -1, -1,
          trun_settings.thread_binding ? rec[i].moved : -1
        };
        thread_place (rec[i].cpu, &x->pu, &x->numa);
      }
  for (struct trun_thread *t = trun_thread_list (); t; t = t->next)
    {
      *nodes += t->nodes;
      *bytes += t->node_bytes;
      if (!ti || t->index >= n)
        continue;
      struct trun_thread_info *x = &ti[t->index];
      x->index = t->index;
      x->tid = t->tid;
      x->parent = t->parent;
      thread_place (t->first_cpu, &x->pu, &x->numa);
      if (t == trun_self)
        trun_thread_check_moved (t);
      x->moved = trun_settings.thread_binding ? t->moved : -1;
    }
  *count = n;
  return ti;
}

static void
write_reports (void)
{
  /* Only this thread's own frames are closed; others may still run:
     the merge counts their open frames without touching them.  No
     thread starts or ends (and frees its state) meanwhile.  */
  uint64_t now = trun_now ();
  if (trun_self)
    trun_close_all (trun_self, now);
  trun_clock_calibrate ();
  /* No thread writes its timeline buffer from here on.  */
  const struct trun_timeline *timeline = trun_tl_finish (now);

  struct trun_mtree *trees = calloc (TRUN_NDOMAIN, sizeof *trees);
  if (!trees)
    return;
  kept_trees = trees;
  /* The topology (read on this first use, and only when something is
     written to show it) and the command line now, before the lock
     below, which holds up threads starting and ending.  */
  const char *topology_line = report_written () ? trun_topology_line () : NULL;
  const char *topology_json = report_written () ? trun_topology_json () : NULL;
  if (!command_line)
    command_line = read_command_line ();
  if (!frozen)
    trun_thread_lock ();
  for (int d = 0; d < TRUN_NDOMAIN; d++)
    {
      trun_merge_domain (&trees[d], d, now, trun_self,
                         trun_retired_tree (d));
      trun_throttle_mark (&trees[d]);
      trees[d].folded_calls = trun_folded_calls (d);
    }

  struct trun_run_info info;
  memset (&info, 0, sizeof info);
  info.command_line = command_line ? command_line : "";
  info.pid = report_pid ? report_pid : (long) getpid ();
  gethostname (info.host, sizeof info.host - 1);
  info.start_time = start_time;
  info.end_time = epoch_seconds ();
  info.rank = my_rank;
  struct trun_thread_info *ti
      = thread_infos (&info.nthreads, &info.nodes, &info.node_bytes);
  info.threads = ti;
  if (!frozen)
    trun_thread_unlock ();
  info.topology_line = topology_line;
  info.topology_json = topology_json;
  uint64_t folded = trees[0].folded_calls + trees[1].folded_calls;
  if (folded)
    trun_warn ("%llu call%s on new call paths were counted in their "
               "nearest recorded caller: a thread reached TRUN_MAX_NODES=%ld "
               "call-graph nodes (set TRUN_MAX_NODES higher, or 0 for no "
               "limit, to keep every path)",
               (unsigned long long) folded, folded == 1 ? "" : "s",
               trun_settings.max_nodes);
  trun_throttle_warn ();

  struct trun_report r;
  memset (&r, 0, sizeof r);
  r.kind = TRUN_REPORT_PROCESS;
  r.settings = &trun_settings;
  for (int d = 0; d < TRUN_NDOMAIN; d++)
    r.tree[d] = &trees[d];
  r.info = &info;
  r.output_dir = output_dir ? output_dir : trun_settings.output_path;
  r.file_mark = file_mark;
  r.start_time = start_time;
  r.ranges = trun_desc_ranges (&r.nranges);
  r.throttled = trun_throttled (&r.nthrottled);
  r.coverage = trun_coverage_mode ();
  r.timeline = timeline;
  if (timeline && trun_mpi_collective_hook)
    r.collective = trun_mpi_collective_hook ();
  /* A job's Chrome JSON goes into one file (OTF2's archive has the
     collective above).  */
  if (timeline && trun_settings.timeline_format == TRUN_TIMELINE_CHROME
      && trun_mpi_timeline_hook && trun_mpi_timeline_hook (&r))
    r.timeline = NULL; /* in the job's timeline file */
  if (!trun_mpi_report_hook || !trun_mpi_report_hook (&r))
    trun_report_write (&r);
  else if (r.timeline)
    trun_timeline_writer.files (&r); /* each rank its own timeline */
  trun_tl_warn_stopped ();
  trun_tl_cleanup (timeline && !trun_timeline_written ());
  /* The trees stay allocated: the process is ending, and freeing a
     million nodes would only add to the exit time.  */
  free (ti);
}

void
trun_job_report_init (struct trun_report *job)
{
  memset (job, 0, sizeof *job);
  job->kind = TRUN_REPORT_JOB;
  job->settings = &trun_settings;
  job->output_dir = output_dir ? output_dir : trun_settings.output_path;
  job->file_mark = "";
  job->start_time = start_time;
  job->ranges = trun_desc_ranges (&job->nranges);
  job->throttled = trun_throttled (&job->nthrottled);
  job->coverage = trun_coverage_mode ();
}

static int requested; /* the finalize under way was asked for */

void
trun_finalize_requested (void)
{
  requested = !__atomic_load_n (&finalized, __ATOMIC_ACQUIRE);
  trun_finalize_all ();
  requested = 0;
}

int
trun_finalize_is_requested (void)
{
  return requested;
}

void
trun_finalize_all (void)
{
  if (!__atomic_load_n (&trun_initialized, __ATOMIC_ACQUIRE))
    return;
  if (__atomic_exchange_n (&finalized, 1, __ATOMIC_ACQ_REL))
    return;
  int saved = errno;
  __atomic_or_fetch (&trun_gate, TRUN_GATE_FINAL, __ATOMIC_ACQ_REL);
  struct trun_thread *self = trun_self;
  if (self)
    trun_busy_inc (self);
  struct trun_fpenv env;
  trun_fpenv_save (&env);
  if (!(trun_gate_now () & TRUN_GATE_OFF))
    write_reports ();
  trun_fpenv_restore (&env);
  if (self)
    trun_busy_dec (self);
  errno = saved;
}
