/* rt/mpi/mpip.h -- what trun's MPI files share (mpi.c, codec.c and the
 * generated mpip_wrappers.c).  Only the wrapper helpers need <mpi.h>;
 * the codec does not, so it can be unit-tested without an MPI job.  The
 * top layer, beside entry/: it may use every layer below.
 */
#ifndef TRUN_RT_MPIP_H
#define TRUN_RT_MPIP_H

#include <stddef.h>
#include <stdint.h>

#include "lifecycle.h"

/* ------------------------------------------------------------------ */
/* Part of a job: what the reduction tree moves (codec.c)              */

/* The job trees of a set of ranks, with those ranks and their hosts.
   A rank makes its own from its process report, folds in what its
   children in the reduction tree send, and sends the result to its
   parent; rank 0's is the job.  */
struct trun_job_part
{
  struct trun_mtree tree[TRUN_NDOMAIN]; /* job trees, by enum trun_domain */
  struct trun_mnode *storage[TRUN_NDOMAIN]; /* a decoded tree's nodes */
  int nranks;                   /* ascending rank */
  struct trun_rank_info *ranks;
  int nhosts;                   /* names and topologies owned */
  struct trun_host_info *hosts;
};

/* P becomes rank RANK's part: the process report R's trees (each node
   one sample; with VALUES each rank's totals kept too), its pid and
   host.  R NULL: a rank with no profile.  0, or -1 when out of memory. */
TRUN_HIDDEN int trun_job_part_own (struct trun_job_part *p,
                                   const struct trun_report *r, int rank,
                                   int values);
/* Fold SRC (ranks above all of ACC's) into ACC.  0, or -1.  */
TRUN_HIDDEN int trun_job_part_fold (struct trun_job_part *acc,
                                    const struct trun_job_part *src);
/* P as bytes (malloc'ed, length in *LEN), or NULL when out of memory.
   Labels travel once each.  */
TRUN_HIDDEN char *trun_job_part_encode (const struct trun_job_part *p,
                                        size_t *len);
/* P rebuilt from BUF; labels interned on this rank.  0, or -1 when BUF
   is malformed (P is then empty).  */
TRUN_HIDDEN int trun_job_part_decode (const char *buf, size_t len,
                                      struct trun_job_part *p);
TRUN_HIDDEN void trun_job_part_free (struct trun_job_part *p);

/* ------------------------------------------------------------------ */
/* MPI-P: helpers the generated wrappers call (mpi.c)                  */

#define TRUN_MPIP_EXPORT __attribute__ ((visibility ("default")))

/* libtrun links no MPI library: a program that is not an MPI program
   loads none (and none of its start-up code, signal handlers or
   floating-point flags).  Each PMPI_ function the wrappers call is found
   on first use in the MPI library the program itself is linked with.  */
TRUN_HIDDEN void *trun_pmpi_find (const char *name);
#define TRUN_PMPI(fn)                                                         \
  (*({                                                                        \
    static __typeof__ (&fn) trun_pmpi_fn;                                     \
    if (__builtin_expect (trun_pmpi_fn == NULL, 0))                           \
      trun_pmpi_fn = (__typeof__ (&fn)) trun_pmpi_find (#fn);                 \
    trun_pmpi_fn;                                                             \
  }))

/* -1 until TRUN_MPIP was read, then 0 or 1.  */
TRUN_HIDDEN extern int trun_mpip_enabled;
TRUN_HIDDEN int trun_mpip_load (void);

static inline int
trun_mpip_active (void)
{
  int on = trun_mpip_enabled;
  return trun_likely (on >= 0) ? on : trun_mpip_load ();
}

TRUN_HIDDEN void trun_mpip_begin (const char *name);
/* Adds BYTES to trun_comm_bytes, then ends the region NAME.  */
TRUN_HIDDEN void trun_mpip_end (const char *name, uint64_t bytes);

#ifdef MPI_VERSION
TRUN_HIDDEN uint64_t trun_mpip_type_bytes (MPI_Datatype type);
TRUN_HIDDEN uint64_t trun_mpip_comm_size (MPI_Comm comm);
TRUN_HIDDEN int trun_mpip_comm_rank (MPI_Comm comm);
TRUN_HIDDEN uint64_t trun_mpip_sum_int (const int *counts, uint64_t n);
TRUN_HIDDEN uint64_t trun_mpip_sum_count (const MPI_Count *counts, uint64_t n);
/* Alltoallw: sum of counts[i] * size of types[i].  */
TRUN_HIDDEN uint64_t trun_mpip_sum_w_int (const int *counts,
                                          const MPI_Datatype *types,
                                          uint64_t n);
TRUN_HIDDEN uint64_t trun_mpip_sum_w_count (const MPI_Count *counts,
                                            const MPI_Datatype *types,
                                            uint64_t n);
#endif

/* ------------------------------------------------------------------ */
/* The timeline of a job (timeline.c)                                  */

/* After MPI_Init: when every rank records a timeline, its clock against
   rank 0's (collective).  */
TRUN_HIDDEN void trun_mpi_tl_init (void);
/* In MPI_Finalize, before the finalize: the clocks again, and the sync
   points into this rank's timeline (collective).  */
TRUN_HIDDEN void trun_mpi_tl_finalize_sync (void);
/* The timeline hook's work (R: this rank's report): its events kept
   for rank 0; nonzero when the rank writes no timeline of its own
   (PER_RANK: it does).  */
TRUN_HIDDEN int trun_mpi_tl_keep_part (const struct trun_report *r,
                                       int per_rank);
/* After the finalize, in MPI_Finalize: rank 0 writes the job's file from
   every rank's part (collective).  */
TRUN_HIDDEN void trun_mpi_tl_gather (void);

#endif /* TRUN_RT_MPIP_H */
