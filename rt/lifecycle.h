/* rt/lifecycle.h -- start once, finalize once (rt/lifecycle.c).  Above
 * the report layer and the core; called by entry/ and mpi/.
 */
#ifndef TRUN_RT_LIFECYCLE_H
#define TRUN_RT_LIFECYCLE_H

#include "report/report.h"

/* Start the runtime if it is not running (idempotent, thread-safe).  */
TRUN_HIDDEN void trun_ensure_init (void);
/* Merge every thread of both domains and write all reports, once.
   Later calls do nothing.  Called at exit, by trun_finalize, on
   SIGINT/SIGTERM, and by the MPI_Finalize wrapper.  */
TRUN_HIDDEN void trun_finalize_all (void);
/* The same, asked for by the program (trun_finalize, timemory's
   finalize_library) rather than at exit or on a signal.  */
TRUN_HIDDEN void trun_finalize_requested (void);
/* Whether the finalize under way is one the program asked for.  */
TRUN_HIDDEN int trun_finalize_is_requested (void);
/* MPI: this process's rank and the job size (mpi/ calls it after
   MPI_Init); file names then carry the rank.  */
TRUN_HIDDEN void trun_set_rank (int rank, int size);
/* Set by mpi/.  Called by trun_finalize_all with this process's report
   before its own files are written; nonzero: the job's report will carry
   it, so the process writes no files of its own.  NULL without MPI.  */
TRUN_HIDDEN extern int (*trun_mpi_report_hook) (const struct trun_report *r);
/* Set by mpi/: the job's collective while every rank finalizes inside
   MPI_Finalize (the timeline's archive is written together), else NULL.  */
TRUN_HIDDEN extern const struct trun_collective *(*trun_mpi_collective_hook) (
    void);
/* Set by mpi/ when the ranks' timelines go into one file.  Called by
   trun_finalize_all with this process's report, its timeline in it,
   before its own files; nonzero: the job's file will carry it, so the
   process writes no timeline file of its own.  */
TRUN_HIDDEN extern int (*trun_mpi_timeline_hook) (const struct trun_report *r);
/* A report of kind JOB for mpi/, filled with what the process's report
   has: settings, output directory, start time, descriptor ranges and
   what was throttled.  */
TRUN_HIDDEN void trun_job_report_init (struct trun_report *job);

#endif /* TRUN_RT_LIFECYCLE_H */
