/* rt/mpi/mpi.c -- trun under MPI: the PMPI wrappers for MPI_Init,
 * MPI_Init_thread, MPI_Finalize and MPI_Pcontrol, the gather of every
 * rank's profile to rank 0, and the helpers the generated MPI-P wrappers
 * (mpip_wrappers.c) call.
 *
 * At finalize (lifecycle.c) a rank hands its report to
 * trun_mpi_report_hook, where this file turns it into the rank's part of
 * the job (codec.c).  The MPI_Finalize wrapper, still inside MPI, then
 * merges the parts pairwise up a binomial tree: each rank folds in what
 * its children send and sends the result to its parent, so rank 0
 * receives log2(ranks) messages and no rank holds more than its own part
 * and one received part.  Rank 0 hands the job report to the same
 * writers.  By default a rank that takes part writes no files of its own
 * (the job's files do not grow with the number of ranks);
 * TRUN_MPI_PER_RANK=on keeps each rank's own files.  A rank that exits
 * without MPI_Finalize, calls MPI_Abort or dies by a signal writes its
 * own files, as a process without MPI does.
 */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <limits.h>
#include <mpi.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>

#include "core/core.h"
#include "mpi/mpi-libraries.h"
#include "mpi/mpip.h"
#include "trun/trun.h"

int trun_mpip_enabled = -1;

/* The MPI library MPICH's wrappers link, loaded when the program calls
   MPI without having loaded it (its link may have dropped it: libtrun's
   wrappers satisfy every MPI_ call).  */
static void *
load_mpi_library (const char *name)
{
  static const char *const libraries[] = { TRUN_MPI_LIBRARIES NULL };
  for (size_t i = 0; libraries[i]; i++)
    {
      void *h = dlopen (libraries[i], RTLD_NOW | RTLD_GLOBAL);
      void *fn = h ? dlsym (h, name) : NULL;
      if (fn)
        return fn;
    }
  return NULL;
}

void *
trun_pmpi_find (const char *name)
{
  void *fn = dlsym (RTLD_NEXT, name);
  if (!fn)
    fn = dlsym (RTLD_DEFAULT, name);
  if (!fn)
    fn = load_mpi_library (name);
  if (!fn)
    {
      trun_warn ("the program calls MPI, but no MPI library it loaded "
                 "defines %s", name);
      abort ();
    }
  return fn;
}

static struct trun_job_part own_part; /* this rank's, from the hook */
static int own_part_kept;              /* own_part holds it */
static int in_mpi_finalize;            /* finalizing inside MPI_Finalize */
static int job_size = 1;
static int init_seen; /* MPI_Init came through these wrappers */

int
trun_mpip_load (void)
{
  int on = trun_setting_bool ("MPIP", 0);
  trun_mpip_enabled = on;
  return on;
}

/* ------------------------------------------------------------------ */
/* MPI-P helpers                                                      */

void
trun_mpip_begin (const char *name)
{
  trun_region_begin (name);
}

void
trun_mpip_end (const char *name, uint64_t bytes)
{
  trun_comm_bytes += bytes;
  trun_region_end (name);
}

uint64_t
trun_mpip_type_bytes (MPI_Datatype type)
{
  MPI_Count size = 0;
  if (type == MPI_DATATYPE_NULL || TRUN_PMPI (PMPI_Type_size_c) (type, &size) != MPI_SUCCESS
      || size < 0)
    return 0;
  return (uint64_t) size;
}

uint64_t
trun_mpip_comm_size (MPI_Comm comm)
{
  int n = 0;
  if (comm == MPI_COMM_NULL || TRUN_PMPI (PMPI_Comm_size) (comm, &n) != MPI_SUCCESS || n < 0)
    return 0;
  return (uint64_t) n;
}

int
trun_mpip_comm_rank (MPI_Comm comm)
{
  int r = -1;
  if (comm == MPI_COMM_NULL || TRUN_PMPI (PMPI_Comm_rank) (comm, &r) != MPI_SUCCESS)
    return -1;
  return r;
}

uint64_t
trun_mpip_sum_int (const int *counts, uint64_t n)
{
  uint64_t s = 0;
  for (uint64_t i = 0; counts && i < n; i++)
    s += counts[i] > 0 ? (uint64_t) counts[i] : 0;
  return s;
}

uint64_t
trun_mpip_sum_count (const MPI_Count *counts, uint64_t n)
{
  uint64_t s = 0;
  for (uint64_t i = 0; counts && i < n; i++)
    s += counts[i] > 0 ? (uint64_t) counts[i] : 0;
  return s;
}

uint64_t
trun_mpip_sum_w_int (const int *counts, const MPI_Datatype *types, uint64_t n)
{
  uint64_t s = 0;
  for (uint64_t i = 0; counts && types && i < n; i++)
    if (counts[i] > 0)
      s += (uint64_t) counts[i] * trun_mpip_type_bytes (types[i]);
  return s;
}

uint64_t
trun_mpip_sum_w_count (const MPI_Count *counts, const MPI_Datatype *types,
                       uint64_t n)
{
  uint64_t s = 0;
  for (uint64_t i = 0; counts && types && i < n; i++)
    if (counts[i] > 0)
      s += (uint64_t) counts[i] * trun_mpip_type_bytes (types[i]);
  return s;
}

/* ------------------------------------------------------------------ */
/* The job's collective for the timeline writer (report.h), inside     */
/* MPI_Finalize: on a duplicate of MPI_COMM_WORLD, made on first use   */
/* (every rank makes the same calls in the same order).                */

static MPI_Comm tl_comm = MPI_COMM_NULL;

static MPI_Comm
tl_world (void)
{
  if (tl_comm == MPI_COMM_NULL
      && TRUN_PMPI (PMPI_Comm_dup) (MPI_COMM_WORLD, &tl_comm) != MPI_SUCCESS)
    tl_comm = MPI_COMM_NULL;
  return tl_comm;
}

#define TL_OK(call) ((call) == MPI_SUCCESS ? 0 : -1)

static int
tl_barrier (void)
{
  MPI_Comm c = tl_world ();
  return c == MPI_COMM_NULL ? -1 : TL_OK (TRUN_PMPI (PMPI_Barrier) (c));
}

static int
tl_bcast (void *buf, size_t n, int root)
{
  MPI_Comm c = tl_world ();
  return c == MPI_COMM_NULL || n > INT_MAX
             ? -1
             : TL_OK (TRUN_PMPI (PMPI_Bcast) (buf, (int) n, MPI_BYTE, root, c));
}

static int
tl_gather (const void *in, void *out, size_t n, int root)
{
  MPI_Comm c = tl_world ();
  return c == MPI_COMM_NULL || n > INT_MAX
             ? -1
             : TL_OK (TRUN_PMPI (PMPI_Gather) (in, (int) n, MPI_BYTE, out,
                                               (int) n, MPI_BYTE, root, c));
}

/* The communicator (MPI_COMM_NULL: none, -1), and at ROOT COUNTS and
   DISPLS as MPI's ints (-1 when they do not fit or out of memory).  */
static int
tl_layout (int root, const size_t *counts, const size_t *displs, MPI_Comm *c,
           int **ic, int **id)
{
  *ic = *id = NULL;
  *c = tl_world ();
  int rank = 0, size = job_size > 0 ? job_size : 1;
  if (*c == MPI_COMM_NULL)
    return -1;
  TRUN_PMPI (PMPI_Comm_rank) (*c, &rank);
  if (rank != root)
    return 0;
  *ic = calloc ((size_t) size, sizeof **ic);
  *id = calloc ((size_t) size, sizeof **id);
  if (!*ic || !*id || !counts || !displs)
    return -1;
  for (int i = 0; i < size; i++)
    {
      if (counts[i] > INT_MAX || displs[i] > INT_MAX)
        return -1;
      (*ic)[i] = (int) counts[i];
      (*id)[i] = (int) displs[i];
    }
  return 0;
}

/* (Every rank takes part in these two, even one that failed: it sends
   or receives nothing.)  */
static int
tl_gatherv (const void *in, size_t n, void *out, const size_t *counts,
            const size_t *displs, int root)
{
  MPI_Comm c;
  int *ic, *id, err = tl_layout (root, counts, displs, &c, &ic, &id);
  if (c != MPI_COMM_NULL)
    err |= TL_OK (TRUN_PMPI (PMPI_Gatherv) (
        in, err || n > INT_MAX ? 0 : (int) n, MPI_BYTE, out, ic, id, MPI_BYTE,
        root, c));
  free (ic);
  free (id);
  return err;
}

static int
tl_scatterv (const void *in, const size_t *counts, const size_t *displs,
             void *out, size_t n, int root)
{
  MPI_Comm c;
  int *ic, *id, err = tl_layout (root, counts, displs, &c, &ic, &id);
  if (c != MPI_COMM_NULL)
    err |= TL_OK (TRUN_PMPI (PMPI_Scatterv) (
        in, ic, id, MPI_BYTE, out, n > INT_MAX ? 0 : (int) n, MPI_BYTE, root,
        c));
  free (ic);
  free (id);
  return err || n > INT_MAX;
}

static int
tl_scatter (const void *in, void *out, size_t n, int root)
{
  MPI_Comm c = tl_world ();
  return c == MPI_COMM_NULL || n > INT_MAX
             ? -1
             : TL_OK (TRUN_PMPI (PMPI_Scatter) (in, (int) n, MPI_BYTE, out,
                                                (int) n, MPI_BYTE, root, c));
}

static struct trun_collective tl_collective
    = { 0, 1, tl_barrier, tl_bcast, tl_gather, tl_gatherv, tl_scatter,
        tl_scatterv };

/* Inside MPI_Finalize only: there every rank writes its timeline.  */
static const struct trun_collective *
timeline_collective (void)
{
  if (!in_mpi_finalize)
    return NULL;
  int rank = 0;
  TRUN_PMPI (PMPI_Comm_rank) (MPI_COMM_WORLD, &rank);
  tl_collective.rank = rank;
  tl_collective.size = job_size > 0 ? job_size : 1;
  return &tl_collective;
}

/* ------------------------------------------------------------------ */
/* Init and finalize                                                  */

/* TRUN_MPI_RANK_VALUES: keep each rank's own totals in the job report
   ("on", "off", or "auto": up to 64 ranks).  */
static int
keep_rank_values (void)
{
  const char *v = getenv ("TRUN_MPI_RANK_VALUES");
  if (!v || !*v || strcmp (v, "auto") == 0)
    return job_size <= 64;
  return trun_setting_bool ("MPI_RANK_VALUES", job_size <= 64);
}

/* A finalize before MPI_Finalize (trun_finalize, timemory's
   finalize_library): the rank's own report, kept to be written at exit
   if no job report takes it in by then.  Its trees are the lifecycle's,
   kept until exit; the run information and thread list are copied.  */
static struct trun_report deferred;
static struct trun_run_info deferred_info;
static struct trun_thread_info *deferred_threads;
static int deferred_pending;

static void
write_deferred (void)
{
  /* No MPI_Finalize came: the part kept for it goes nowhere.  */
  if (own_part_kept)
    trun_job_part_free (&own_part);
  own_part_kept = 0;
  if (!deferred_pending)
    return;
  deferred_pending = 0;
  trun_report_write (&deferred);
  free (deferred_threads);
  deferred_threads = NULL;
}

static int
defer_own_files (const struct trun_report *r)
{
  deferred_info = *r->info;
  size_t n = r->info->nthreads;
  deferred_threads = calloc (n ? n : 1, sizeof *deferred_threads);
  if (!deferred_threads)
    return 0;
  if (n)
    memcpy (deferred_threads, r->info->threads, n * sizeof *deferred_threads);
  deferred_info.threads = deferred_threads;
  deferred = *r;
  deferred.info = &deferred_info;
  if (atexit (write_deferred) != 0)
    return 0;
  deferred_pending = 1;
  return 1;
}

/* A process its launcher gave a rank (name_files_by_launcher_rank) whose
   MPI_Init did not come through these wrappers: libtrun is linked after
   the MPI library, so no reduction can follow.  Said once, by rank 0,
   when the program did use MPI (its library loaded and initialized).  */
static int
report_unrouted_mpi (const struct trun_report *r)
{
  int (*initialized) (int *) = (int (*) (int *)) dlsym (RTLD_DEFAULT, "PMPI_Initialized");
  int (*finalized) (int *) = (int (*) (int *)) dlsym (RTLD_DEFAULT, "PMPI_Finalized");
  int was_init = 0, was_fini = 0;
  if (initialized)
    initialized (&was_init);
  if (finalized)
    finalized (&was_fini);
  if ((was_init || was_fini) && r->info && r->info->rank == 0)
    trun_warn ("the program's MPI_Init and MPI_Finalize are the MPI library's, "
               "not trun's (libtrun is linked after it): each rank writes its "
               "own files and there is no job report; link -ltrun ahead of "
               "the MPI library");
  return 0;
}

/* Called by trun_finalize_all before this rank's own files: keep the
   rank's part for the reduction in MPI_Finalize.  Nonzero: the job's
   report will carry it, so the rank writes no files of its own (after a
   finalize before MPI_Finalize: none unless the process exits without
   it).  */
static int
keep_own_profile (const struct trun_report *r)
{
  if (!init_seen)
    return report_unrouted_mpi (r);
  int initialized = 0, finalized = 0;
  TRUN_PMPI (PMPI_Initialized) (&initialized);
  TRUN_PMPI (PMPI_Finalized) (&finalized);
  /* At exit, on a signal or in MPI_Abort no reduction follows.  */
  if (!in_mpi_finalize
      && (!initialized || finalized || !trun_finalize_is_requested ()
          || !r->info))
    return 0;
  int rank = r->info ? r->info->rank : 0;
  if (own_part_kept)
    trun_job_part_free (&own_part);
  own_part_kept = trun_job_part_own (&own_part, r, rank, keep_rank_values ())
                  == 0;
  if (!own_part_kept)
    {
      trun_warn ("rank %d: out of memory preparing the profile for rank 0; "
                 "this rank writes its own files", rank);
      return 0;
    }
  if (trun_setting_bool ("MPI_PER_RANK", 0)
      || !trun_setting_bool ("MPI_AGGREGATE", 1))
    return 0;
  return in_mpi_finalize ? 1 : defer_own_files (r);
}

/* The timeline hook: inside MPI_Finalize the rank's events go to rank
   0's file for the job.  */
static int
keep_own_timeline (const struct trun_report *r)
{
  return in_mpi_finalize
         && trun_mpi_tl_keep_part (r, trun_setting_bool ("MPI_PER_RANK", 0));
}

/* Under a process manager that exports the rank (MPICH's hydra: PMI_RANK
   and PMI_SIZE), name this process's files by it from the start, so that
   ranks never write the same files even when MPI_Init is not routed
   through these wrappers (libmpich linked ahead of libtrun) or is never
   called.  MPI_Init confirms it with the real rank.  */
static void
name_files_by_launcher_rank (void)
{
  const char *rank = getenv ("PMI_RANK"), *size = getenv ("PMI_SIZE");
  char *end;
  if (!rank || !*rank)
    return;
  long r = strtol (rank, &end, 10);
  if (*end || r < 0 || r > INT32_MAX)
    return;
  long n = size ? strtol (size, &end, 10) : 0;
  if (!size || *end || n <= r || n > INT32_MAX)
    n = r + 1;
  trun_ensure_init ();
  trun_set_rank ((int) r, (int) n);
  if (!trun_mpi_report_hook)
    trun_mpi_report_hook = keep_own_profile;
}

/* With MPI-P on, comm_data joins the region set before main runs, so
   the program's outer regions hold their MPI calls' bytes too.  The core
   starts first: its start-up sets the region set from TRUN_COMPONENTS.  */
__attribute__ ((constructor)) static void
mpip_at_load (void)
{
  if (trun_mpip_active ())
    {
      trun_ensure_init ();
      trun_add_components ("comm_data");
    }
  name_files_by_launcher_rank ();
}

static void
after_init (int rc)
{
  if (rc != MPI_SUCCESS)
    return;
  int rank = 0, size = 1;
  TRUN_PMPI (PMPI_Comm_rank) (MPI_COMM_WORLD, &rank);
  TRUN_PMPI (PMPI_Comm_size) (MPI_COMM_WORLD, &size);
  trun_set_rank (rank, size);
  job_size = size;
  init_seen = 1;
  trun_mpi_report_hook = keep_own_profile;
  trun_mpi_collective_hook = timeline_collective;
  trun_mpi_tl_init ();
  trun_mpi_timeline_hook = keep_own_timeline;
}

TRUN_MPIP_EXPORT int
MPI_Init (int *argc, char ***argv)
{
  trun_ensure_init ();
  int mpip = trun_mpip_active ();
  if (mpip)
    trun_mpip_begin ("MPI_Init");
  int rc = TRUN_PMPI (PMPI_Init) (argc, argv);
  after_init (rc);
  if (mpip)
    trun_mpip_end ("MPI_Init", 0);
  return rc;
}

TRUN_MPIP_EXPORT int
MPI_Init_thread (int *argc, char ***argv, int required, int *provided)
{
  trun_ensure_init ();
  int mpip = trun_mpip_active ();
  if (mpip)
    trun_mpip_begin ("MPI_Init_thread");
  int rc = TRUN_PMPI (PMPI_Init_thread) (argc, argv, required, provided);
  after_init (rc);
  if (mpip)
    trun_mpip_end ("MPI_Init_thread", 0);
  return rc;
}

TRUN_MPIP_EXPORT int
MPI_Pcontrol (const int level, ...)
{
  if (!trun_mpip_active ())
    return TRUN_PMPI (PMPI_Pcontrol) (level);
  trun_mpip_begin ("MPI_Pcontrol");
  int rc = TRUN_PMPI (PMPI_Pcontrol) (level);
  trun_mpip_end ("MPI_Pcontrol", 0);
  return rc;
}

/* ------------------------------------------------------------------ */
/* The reduction tree                                                 */

#define TAG_LENGTH 0x7472 /* on a duplicate of MPI_COMM_WORLD only */
#define TAG_DATA 0x7473
#define CHUNK ((size_t) 1 << 30)

static double
clock_seconds (clockid_t clock)
{
  struct timespec ts;
  clock_gettime (clock, &ts);
  return (double) ts.tv_sec + (double) ts.tv_nsec * 1e-9;
}

static double
now_seconds (void)
{
  return clock_seconds (CLOCK_MONOTONIC);
}

/* This thread's CPU time: the work of decoding and folding, without the
   time an oversubscribed rank waits to be scheduled.  */
static double
cpu_seconds (void)
{
  return clock_seconds (CLOCK_THREAD_CPUTIME_ID);
}

/* PART to rank TO: its length, then its bytes in chunks MPI's int counts
   can say.  Length 0: the part could not be encoded.  */
static void
send_part (const struct trun_job_part *part, int to, MPI_Comm comm)
{
  size_t len = 0;
  char *buf = trun_job_part_encode (part, &len);
  uint64_t n = buf ? len : 0;
  TRUN_PMPI (PMPI_Send) (&n, 1, MPI_UINT64_T, to, TAG_LENGTH, comm);
  for (size_t off = 0; off < n; off += CHUNK)
    {
      size_t k = n - off < CHUNK ? n - off : CHUNK;
      TRUN_PMPI (PMPI_Send) (buf + off, (int) k, MPI_BYTE, to, TAG_DATA, comm);
    }
  free (buf);
}

/* The part rank FROM sends, folded into ACC.  Ranks FROM..LAST are that
   part's: marked missing when it does not arrive whole.  *BYTES: what
   was received.  */
static void
receive_part (struct trun_job_part *acc, int from, int last, MPI_Comm comm,
              size_t *bytes, double *work)
{
  uint64_t n = 0;
  TRUN_PMPI (PMPI_Recv) (&n, 1, MPI_UINT64_T, from, TAG_LENGTH, comm,
                         MPI_STATUS_IGNORE);
  char *buf = n ? malloc (n) : NULL;
  for (size_t off = 0; off < n; off += CHUNK)
    {
      size_t k = n - off < CHUNK ? n - off : CHUNK;
      /* Out of memory: the bytes are still received, into one chunk.  */
      static char sink[1 << 16];
      if (buf)
        TRUN_PMPI (PMPI_Recv) (buf + off, (int) k, MPI_BYTE, from, TAG_DATA,
                               comm, MPI_STATUS_IGNORE);
      else
        {
          char *tmp = malloc (k);
          TRUN_PMPI (PMPI_Recv) (tmp ? tmp : sink, tmp ? (int) k : 0, MPI_BYTE,
                                 from, TAG_DATA, comm, MPI_STATUS_IGNORE);
          free (tmp);
        }
    }
  *bytes += (size_t) n;
  double t0 = cpu_seconds ();
  struct trun_job_part part;
  int ok = buf && trun_job_part_decode (buf, (size_t) n, &part) == 0;
  free (buf);
  if (ok && trun_job_part_fold (acc, &part) != 0)
    {
      trun_warn ("out of memory merging the profiles of ranks %d-%d", from,
                 last);
      ok = 0;
    }
  if (ok)
    trun_job_part_free (&part);
  else
    for (int r = from; r <= last; r++)
      {
        struct trun_job_part none;
        if (trun_job_part_own (&none, NULL, r, 0) == 0)
          {
            trun_job_part_fold (acc, &none);
            trun_job_part_free (&none);
          }
      }
  *work += cpu_seconds () - t0;
}

/* Rank 0: the job's report from the parts of every rank.  */
static void
report_job (const struct trun_job_part *job, int size, int aggregate)
{
  struct trun_rank_info *info = calloc ((size_t) size, sizeof *info);
  if (!info)
    return;
  for (int r = 0; r < size; r++)
    info[r] = (struct trun_rank_info){ r, 0, 0, -1 };
  int any = 0;
  for (int i = 0; i < job->nranks; i++)
    if (job->ranks[i].rank >= 0 && job->ranks[i].rank < size)
      {
        info[job->ranks[i].rank] = job->ranks[i];
        any |= job->ranks[i].present;
      }
  if (any)
    {
      struct trun_report rep;
      trun_job_report_init (&rep);
      rep.nranks = size;
      rep.ranks = info;
      rep.nhosts = job->nhosts;
      rep.hosts = job->hosts;
      rep.aggregate = aggregate;
      for (int d = 0; d < TRUN_NDOMAIN; d++)
        rep.tree[d] = &job->tree[d];
      trun_report_write (&rep);
    }
  free (info); /* profiling was off everywhere when !any */
}

/* The reduction; 0 when it could not start (this rank's part then goes
   nowhere).  */
static int
write_job_reports (int aggregate)
{
  int rank = 0, size = 1;
  MPI_Comm comm;
  if (TRUN_PMPI (PMPI_Comm_dup) (MPI_COMM_WORLD, &comm) != MPI_SUCCESS)
    {
      trun_warn ("cannot duplicate MPI_COMM_WORLD; no report across ranks");
      return 0;
    }
  TRUN_PMPI (PMPI_Comm_rank) (comm, &rank);
  TRUN_PMPI (PMPI_Comm_size) (comm, &size);
  double t0 = now_seconds ();
  /* The part is used where it is: its trees' nodes point at their roots. */
  struct trun_job_part *acc = &own_part;
  if (!own_part_kept && trun_job_part_own (acc, NULL, rank, 0) != 0)
    memset (acc, 0, sizeof *acc);
  own_part_kept = 1;
  size_t bytes = 0;
  double work = 0;
  int received = 0;
  for (int mask = 1; mask < size; mask <<= 1)
    {
      if (rank & mask)
        {
          send_part (acc, rank - mask, comm);
          break;
        }
      int child = rank + mask;
      if (child < size)
        {
          int last = child + mask - 1 < size - 1 ? child + mask - 1 : size - 1;
          receive_part (acc, child, last, comm, &bytes, &work);
          received++;
        }
    }
  if (rank == 0)
    {
      double t1 = now_seconds ();
      struct rusage ru;
      getrusage (RUSAGE_SELF, &ru);
      trun_verbose ("rank 0 merged %d ranks in %.6f s (%.6f s CPU decoding "
                    "and folding): %d messages, %zu bytes, peak RSS %ld KiB",
                    size, t1 - t0, work, received, bytes, ru.ru_maxrss);
      report_job (acc, size, aggregate);
    }
  trun_job_part_free (acc);
  own_part_kept = 0;
  TRUN_PMPI (PMPI_Comm_free) (&comm);
  return 1;
}

TRUN_MPIP_EXPORT int
MPI_Finalize (void)
{
  int initialized = 0, finalized = 0;
  TRUN_PMPI (PMPI_Initialized) (&initialized);
  TRUN_PMPI (PMPI_Finalized) (&finalized);
  /* No more MPI regions: the profile is being written.  */
  trun_mpip_enabled = 0;
  in_mpi_finalize = initialized && !finalized;
  if (in_mpi_finalize)
    trun_mpi_tl_finalize_sync ();
  trun_finalize_all ();
  in_mpi_finalize = 0;
  if (tl_comm != MPI_COMM_NULL)
    TRUN_PMPI (PMPI_Comm_free) (&tl_comm);
  if (initialized && !finalized && trun_setting_bool ("MPI_AGGREGATE", 1))
    {
      if (write_job_reports (1))
        deferred_pending = 0; /* the job's report took this rank in */
    }
  if (initialized && !finalized)
    trun_mpi_tl_gather ();
  if (own_part_kept)
    trun_job_part_free (&own_part);
  own_part_kept = 0;
  return TRUN_PMPI (PMPI_Finalize) ();
}

/* The job is being torn down: this rank's own files now (the job's
   report will not be written), then MPI's abort.  */
TRUN_MPIP_EXPORT int
MPI_Abort (MPI_Comm comm, int errorcode)
{
  if (trun_mpip_active ())
    trun_mpip_begin ("MPI_Abort"); /* open at finalize, as it is */
  trun_mpip_enabled = 0;
  trun_finalize_all ();
  return TRUN_PMPI (PMPI_Abort) (comm, errorcode);
}
