/* rt/mpi/mpi.c -- trun under MPI: the PMPI wrappers for MPI_Init,
 * MPI_Init_thread, MPI_Finalize and MPI_Pcontrol, the gather of every
 * rank's profile to rank 0, and the helpers the generated MPI-P wrappers
 * (mpip_wrappers.c) call.
 *
 * A rank's own reports are written at its finalize (lifecycle.c); it then
 * calls trun_mpi_report_hook, where this file keeps an encoded copy of
 * the rank's trees.  The MPI_Finalize wrapper, still inside MPI, then
 * gathers the copies on rank 0, which folds them into one job tree per
 * domain and hands that report to the same writers.  A rank that exits
 * without MPI_Finalize never joins the gather and keeps only its own
 * reports.
 */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <mpi.h>
#include <stdlib.h>
#include <string.h>

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

static char *own_profile;      /* this rank's encoded trees, from the hook */
static size_t own_profile_len;
static int own_profile_failed; /* the hook ran but could not encode */

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
/* Init and finalize                                                  */

/* Called by trun_finalize_all after this rank's own files: keep a copy
   for the gather in MPI_Finalize.  */
static void
keep_own_profile (const struct trun_report *r)
{
  free (own_profile);
  own_profile = trun_mpi_encode (r->tree[TRUN_DOMAIN_REGION],
                                 r->tree[TRUN_DOMAIN_TRACE], r->info,
                                 &own_profile_len);
  own_profile_failed = own_profile == NULL;
  if (!own_profile)
    own_profile_len = 0;
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
  trun_mpi_report_hook = keep_own_profile;
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

/* Every rank's encoded profile on rank 0 (NULL elsewhere); *LENS and
   *OFFSETS index it.  Collective over MPI_COMM_WORLD.  */
static char *
gather_profiles (int rank, int size, int **lens, int **offsets)
{
  int mine = own_profile_len <= (size_t) INT32_MAX ? (int) own_profile_len : 0;
  if (own_profile_len > (size_t) INT32_MAX)
    trun_warn ("rank %d: profile of %zu bytes too large to send to rank 0",
               rank, own_profile_len);
  int *l = NULL, *o = NULL;
  char *all = NULL;
  if (rank == 0)
    {
      l = calloc ((size_t) size, sizeof *l);
      o = calloc ((size_t) size, sizeof *o);
    }
  TRUN_PMPI (PMPI_Gather) (&mine, 1, MPI_INT, l, 1, MPI_INT, 0, MPI_COMM_WORLD);
  size_t total = 0;
  if (rank == 0)
    {
      for (int r = 0; r < size; r++)
        {
          if (total + (size_t) l[r] > (size_t) INT32_MAX)
            {
              trun_warn ("rank %d's profile dropped: all profiles together "
                         "exceed 2 GiB", r);
              l[r] = 0;
            }
          o[r] = (int) total;
          total += (size_t) l[r];
        }
      all = malloc (total ? total : 1);
    }
  TRUN_PMPI (PMPI_Gatherv) (own_profile, mine, MPI_BYTE, all, l, o, MPI_BYTE, 0,
                MPI_COMM_WORLD);
  *lens = l;
  *offsets = o;
  return all;
}

/* Rank 0: every rank's trees folded into one tree per domain, handed to
   the writers as a job report.  */
static void
report_job (struct trun_rank_profile *ranks, int size, int per_rank,
            int aggregate)
{
  struct trun_rank_info *info = calloc ((size_t) size, sizeof *info);
  struct trun_mtree job[TRUN_NDOMAIN];
  if (!info)
    return;
  int any = 0;
  unsigned nstat[TRUN_NDOMAIN] = { 0 };
  for (int r = 0; r < size; r++)
    {
      info[r].rank = r;
      info[r].present = ranks[r].present;
      info[r].pid = ranks[r].pid;
      info[r].host = ranks[r].host;
      any |= ranks[r].present;
      for (int d = 0; d < TRUN_NDOMAIN; d++)
        {
          info[r].tree[d] = ranks[r].present ? &ranks[r].tree[d] : NULL;
          if (ranks[r].present && ranks[r].tree[d].nstat > nstat[d])
            nstat[d] = ranks[r].tree[d].nstat;
        }
    }
  if (!any)
    {
      free (info); /* profiling was off everywhere */
      return;
    }
  struct trun_report rep;
  trun_job_report_init (&rep);
  rep.nranks = size;
  rep.ranks = info;
  rep.per_rank = per_rank;
  rep.aggregate = aggregate;
  for (int d = 0; d < TRUN_NDOMAIN; d++)
    {
      trun_mtree_init (&job[d], d, nstat[d]);
      int failed = 0;
      for (int r = 0; r < size && !failed; r++)
        if (ranks[r].present)
          failed = trun_mtree_fold_rank (&job[d], &ranks[r].tree[d], r) != 0;
      if (failed)
        {
          trun_warn ("out of memory aggregating the MPI ranks' profiles");
          trun_mtree_free (&job[d]);
          trun_mtree_init (&job[d], d, 0);
        }
      rep.tree[d] = &job[d];
    }
  trun_report_write (&rep);
  for (int d = 0; d < TRUN_NDOMAIN; d++)
    trun_mtree_free (&job[d]);
  free (info);
}

static void
write_job_reports (int per_rank, int aggregate)
{
  int rank = 0, size = 1;
  TRUN_PMPI (PMPI_Comm_rank) (MPI_COMM_WORLD, &rank);
  TRUN_PMPI (PMPI_Comm_size) (MPI_COMM_WORLD, &size);
  if (own_profile_failed)
    trun_warn ("rank %d: out of memory encoding the profile for rank 0", rank);
  int *lens = NULL, *offsets = NULL;
  char *all = gather_profiles (rank, size, &lens, &offsets);
  if (rank == 0 && all && lens && offsets)
    {
      struct trun_rank_profile *ranks = calloc ((size_t) size, sizeof *ranks);
      for (int r = 0; ranks && r < size; r++)
        {
          ranks[r].rank = r;
          if (lens[r] > 0
              && trun_mpi_decode (all + offsets[r], (size_t) lens[r], &ranks[r])
                     != 0)
            trun_warn ("rank %d's profile is malformed; left out", r);
        }
      if (ranks)
        report_job (ranks, size, per_rank, aggregate);
      for (int r = 0; ranks && r < size; r++)
        trun_mpi_profile_free (&ranks[r]);
      free (ranks);
    }
  free (all);
  free (lens);
  free (offsets);
}

TRUN_MPIP_EXPORT int
MPI_Finalize (void)
{
  int initialized = 0, finalized = 0;
  TRUN_PMPI (PMPI_Initialized) (&initialized);
  TRUN_PMPI (PMPI_Finalized) (&finalized);
  /* No more MPI regions: the profile is being written.  */
  trun_mpip_enabled = 0;
  trun_finalize_all ();
  if (initialized && !finalized)
    {
      int per_rank = trun_setting_bool ("MPI_PER_RANK", 0);
      int aggregate = trun_setting_bool ("MPI_AGGREGATE", 1);
      if (per_rank || aggregate)
        write_job_reports (per_rank, aggregate);
    }
  free (own_profile);
  own_profile = NULL;
  own_profile_len = 0;
  return TRUN_PMPI (PMPI_Finalize) ();
}
