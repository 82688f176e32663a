/* rt/lifecycle.c -- start once (lazily or from a constructor), finalize
 * once (atexit/destructor, exit() from any thread, trun_finalize,
 * SIGINT/SIGTERM, MPI_Finalize), write every report, and start over with
 * an empty profile in a fork() child.
 */
#define _GNU_SOURCE
#include "core.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/time.h>
#include <unistd.h>

int trun_initialized;
void (*trun_mpi_report_hook) (const struct trun_mtree *,
                              const struct trun_mtree *,
                              const struct trun_run_info *);

static pthread_once_t once = PTHREAD_ONCE_INIT;
static __thread int in_init __attribute__ ((tls_model ("initial-exec")));
static int finalized;
static int my_rank = -1, job_size = 1;
static long child_pid; /* nonzero in a fork() child */
static double start_time;
static char *command_line;

static double
epoch_seconds (void)
{
  struct timeval tv;
  gettimeofday (&tv, NULL);
  return tv.tv_sec + tv.tv_usec * 1e-6;
}

static char *
read_command_line (void)
{
  int fd = open ("/proc/self/cmdline", O_RDONLY | O_CLOEXEC);
  if (fd < 0)
    return strdup ("");
  size_t cap = 4096, len = 0;
  char *buf = malloc (cap + 1);
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

/* ---- signals: flush, then the default action ---- */

static void
on_signal (int sig)
{
  trun_finalize_all ();
  signal (sig, SIG_DFL);
  raise (sig);
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
  sigaction (sig, &sa, NULL);
}

static void
at_exit (void)
{
  trun_finalize_all ();
}

static void
init_once (void)
{
  in_init = 1;
  trun_settings_load ();
  trun_clock_init ();
  trun_region_mask = trun_settings.components;
  trun_trace_mask = trun_settings.trace_components;
  trun_depth_limit = trun_settings.flat_profile
                         ? 0
                         : (uint32_t) trun_settings.max_depth;
  trun_throttle_setup ();
  start_time = epoch_seconds ();
  command_line = read_command_line ();
  trun_thread_init_hooks ();
  atexit (at_exit);
  install_signal (SIGINT);
  install_signal (SIGTERM);
  __atomic_store_n (&trun_initialized, 1, __ATOMIC_RELEASE);
  if (!trun_settings.enabled)
    {
      trun_gate = TRUN_GATE_OFF;
      trun_descs_disable_all ();
    }
  else
    __atomic_and_fetch (&trun_gate, ~TRUN_GATE_INIT, __ATOMIC_RELEASE);
  trun_thread_get ();
  in_init = 0;
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
trun_constructor (void)
{
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
  job_size = size;
}

/* ${TRUN_OUTPUT_PATH}/${TRUN_OUTPUT_PREFIX}NAME, with -rank<R> (MPI) or
   -pid<PID> (fork child) before NAME's extension.  */
void
trun_output_file (char *buf, size_t n, const char *name)
{
  char mark[64] = "";
  if (child_pid)
    snprintf (mark, sizeof mark, "-pid%ld", child_pid);
  else if (my_rank >= 0)
    snprintf (mark, sizeof mark, "-rank%d", my_rank);
  const char *dot = strrchr (name, '.');
  int stem = dot ? (int) (dot - name) : (int) strlen (name);
  snprintf (buf, n, "%s/%s%.*s%s%s", trun_settings.output_path,
            trun_settings.output_prefix, stem, name, mark, dot ? dot : "");
}

static int
make_dirs (const char *path)
{
  char tmp[4096];
  snprintf (tmp, sizeof tmp, "%s", path);
  for (char *p = tmp + 1; *p; p++)
    if (*p == '/')
      {
        *p = '\0';
        if (mkdir (tmp, 0777) != 0 && errno != EEXIST)
          return -1;
        *p = '/';
      }
  if (mkdir (tmp, 0777) != 0 && errno != EEXIST)
    return -1;
  struct stat st;
  return stat (tmp, &st) == 0 && S_ISDIR (st.st_mode)
                 && access (tmp, W_OK) == 0
             ? 0
             : -1;
}

/* The output directory, made once; 0 when files cannot be written (one
   message naming it).  */
int
trun_output_dir_ok (void)
{
  static int state; /* 0 unknown, 1 ok, -1 not writable */
  if (!trun_settings.file_output)
    return 0;
  if (state == 0)
    {
      state = make_dirs (trun_settings.output_path) == 0 ? 1 : -1;
      if (state < 0)
        trun_warn ("cannot write to output directory \"%s\" (%s): reports "
                   "go to stdout only",
                   trun_settings.output_path, strerror (errno));
    }
  return state > 0;
}

static FILE *
open_report (const char *name)
{
  char path[8192];
  if (!trun_output_dir_ok ())
    return NULL;
  trun_output_file (path, sizeof path, name);
  FILE *f = fopen (path, "w");
  if (!f)
    trun_warn ("cannot write %s: %s", path, strerror (errno));
  else
    trun_verbose ("writing %s", path);
  return f;
}

/* The machine summary goes once above the tables on stdout and at the
   top of each table file.  */
static void
put_topology_line (FILE *f)
{
  const char *line = trun_topology_line ();
  if (line)
    fprintf (f, "# %s\n", line);
}

static void
write_tables (const struct trun_mtree *t)
{
  static int topology_on_stdout;
  int trace = t->domain == TRUN_DOMAIN_TRACE;
  for (int c = 0; c < TRUN_NCOMP; c++)
    {
      if (!(t->components & ((trun_mask_t) 1 << c)))
        continue;
      if (trun_settings.cout_output)
        {
          if (!topology_on_stdout++)
            put_topology_line (stdout);
          trun_report_table (stdout, t, c, trace, -1, &trun_settings);
          fflush (stdout);
        }
      if (trun_settings.text_output)
        {
          char name[256];
          snprintf (name, sizeof name, "%s%s.txt", trace ? "trace-" : "",
                    trun_components[c].label);
          FILE *f = open_report (name);
          if (f)
            {
              put_topology_line (f);
              trun_report_table (f, t, c, trace, -1, &trun_settings);
              fclose (f);
            }
        }
    }
}

static void
write_coverage (const struct trun_run_info *info)
{
  size_t n;
  const struct trun_desc_range *r = trun_desc_ranges (&n);
  if (trun_settings.cout_output)
    {
      trun_report_coverage_text (stdout, r, n);
      fflush (stdout);
    }
  FILE *f = trun_settings.text_output ? open_report ("coverage.txt") : NULL;
  if (f)
    {
      trun_report_coverage_text (f, r, n);
      fclose (f);
    }
  f = trun_settings.json_output ? open_report ("coverage.json") : NULL;
  if (f)
    {
      trun_report_coverage_json (f, r, n, info);
      fclose (f);
    }
}

static struct trun_thread_info *
thread_infos (unsigned *count, size_t *nodes, size_t *bytes)
{
  unsigned n = trun_thread_count ();
  struct trun_thread_info *ti = calloc (n ? n : 1, sizeof *ti);
  *count = 0;
  *nodes = *bytes = 0;
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
      x->pu = t->pu;
      x->numa = t->numa;
      if (t == trun_self)
        trun_thread_check_moved (t);
      x->moved = trun_settings.thread_binding ? t->moved : -1;
      (*count)++;
    }
  *count = n;
  return ti;
}

static void
write_reports (void)
{
  uint64_t now = trun_now ();
  for (struct trun_thread *t = trun_thread_list (); t; t = t->next)
    trun_close_all (t, now);
  trun_clock_recalibrate ();

  struct trun_mtree *trees = calloc (TRUN_NDOMAIN, sizeof *trees);
  if (!trees)
    return;
  for (int d = 0; d < TRUN_NDOMAIN; d++)
    {
      trun_merge_domain (&trees[d], d);
      trun_throttle_mark (&trees[d]);
    }

  struct trun_run_info info;
  memset (&info, 0, sizeof info);
  info.command_line = command_line ? command_line : "";
  info.pid = (long) getpid ();
  gethostname (info.host, sizeof info.host - 1);
  info.start_time = start_time;
  info.end_time = epoch_seconds ();
  info.rank = my_rank;
  struct trun_thread_info *ti
      = thread_infos (&info.nthreads, &info.nodes, &info.node_bytes);
  info.threads = ti;
  info.topology_line = trun_topology_line ();
  info.topology_json = trun_topology_json ();

  int coverage = trun_coverage_mode ();
  if (coverage)
    write_coverage (&info);
  /* Coverage builds may still use the region API: its tables follow.  */
  write_tables (&trees[TRUN_DOMAIN_REGION]);
  write_tables (&trees[TRUN_DOMAIN_TRACE]);
  if (!coverage || trees[TRUN_DOMAIN_REGION].nnodes
      || trees[TRUN_DOMAIN_TRACE].nnodes)
    {
      FILE *f = trun_settings.json_output ? open_report ("trun.json") : NULL;
      if (f)
        {
          trun_report_json (f, &trees[TRUN_DOMAIN_REGION],
                            &trees[TRUN_DOMAIN_TRACE], &info, &trun_settings);
          fclose (f);
        }
    }
  if (!coverage && trun_output_dir_ok ())
    {
      char path[8192];
      trun_output_file (path, sizeof path, "trun-filter.txt");
      trun_write_filter (path);
    }
  if (trun_mpi_report_hook)
    trun_mpi_report_hook (&trees[TRUN_DOMAIN_REGION],
                          &trees[TRUN_DOMAIN_TRACE], &info);
  /* The trees stay allocated: the process is ending, and freeing a
     million nodes would only add to the exit time.  */
  free (ti);
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
    self->busy++;
  if (!(trun_gate & TRUN_GATE_OFF))
    write_reports ();
  if (self)
    self->busy--;
  errno = saved;
}

void
trun_lifecycle_after_fork_child (void)
{
  if (finalized)
    return; /* the parent had already reported: the child stays quiet */
  child_pid = (long) getpid ();
  start_time = epoch_seconds ();
}
