/* rt/report/report.h -- the report layer's interface: one model of a
 * merged tree plus run information, built once at finalize (lifecycle.c)
 * or for a whole MPI job on rank 0 (mpi/), and the call that hands it to
 * every writer.  Writers (one file each in report/) read only the model;
 * report/output.c opens every file they write.
 */
#ifndef TRUN_RT_REPORT_H
#define TRUN_RT_REPORT_H

#include <stddef.h>

#include "core/mtree.h"
#include "core/timeline.h"

struct trun_thread_info
{
  unsigned index;   /* trun's thread index: 0 = main */
  long tid;         /* gettid() */
  unsigned parent;  /* index of the creating thread */
  int pu, numa;     /* where it first recorded; -1 unknown */
  int moved;        /* -1 unknown, 0/1 with TRUN_THREAD_BINDING=on */
};

struct trun_run_info
{
  const char *command_line; /* argv joined by spaces */
  long pid;
  char host[256];
  double start_time;        /* seconds since the epoch */
  double end_time;
  int rank;                 /* MPI rank, -1 without MPI */
  size_t node_bytes;        /* graph memory actually used (all threads) */
  size_t nodes;             /* graph nodes (all threads, both domains) */
  unsigned nthreads;
  const struct trun_thread_info *threads; /* nthreads entries */
  const char *topology_line; /* one line above text tables, or NULL */
  const char *topology_json; /* a JSON object, or NULL */
};

/* One rank of a job, as rank 0 received it.  */
struct trun_rank_info
{
  int rank;
  int present; /* 0: no profile of this rank reached rank 0 */
  long pid;
  int host;    /* index into the report's hosts; -1 unknown */
};

/* One host of a job, once however many ranks ran there.  */
struct trun_host_info
{
  const char *name;
  const char *topology_json; /* a JSON object, or NULL */
  int first_rank;            /* the lowest rank that ran there */
  int nranks;
};

enum trun_report_kind
{
  TRUN_REPORT_PROCESS, /* one process: its threads merged */
  TRUN_REPORT_JOB      /* an MPI job: its ranks merged (rank 0 writes) */
};

/* The ranks of an MPI job writing one timeline archive together, inside
   MPI_Finalize (mpi/mpi.c provides it; every rank calls the timeline
   writer).  Each call is collective over the job and returns 0 when it
   worked everywhere it was seen to.  Buffers are bytes; in gatherv and
   scatterv COUNTS and DISPLS (per rank) matter at the root only.  */
struct trun_collective
{
  int rank, size;
  int (*barrier) (void);
  int (*bcast) (void *buf, size_t n, int root);
  int (*gather) (const void *in, void *out, size_t n, int root);
  int (*gatherv) (const void *in, size_t n, void *out, const size_t *counts,
                  const size_t *displs, int root);
  int (*scatter) (const void *in, void *out, size_t n, int root);
  int (*scatterv) (const void *in, const size_t *counts,
                   const size_t *displs, void *out, size_t n, int root);
};

struct trun_report
{
  enum trun_report_kind kind;
  const struct trun_settings *settings;
  const struct trun_mtree *tree[TRUN_NDOMAIN]; /* indexed by enum trun_domain */
  const struct trun_run_info *info;
  /* Where files go: the output directory resolved at start-up, and the
     mark put before each file name's extension ("-rank3", "-pid42", ""). */
  const char *output_dir;
  const char *file_mark;
  double start_time; /* files newer than this were written by another run */
  /* PROCESS: the registered descriptors and what was throttled.  */
  const struct trun_desc_range *ranges;
  size_t nranges;
  struct trun_desc *const *throttled;
  size_t nthrottled;
  int coverage; /* a coverage build: entries counted, nothing timed */
  /* JOB: every rank (indexed by rank), every host, and what to write.  */
  int nranks;
  const struct trun_rank_info *ranks;
  int nhosts;
  const struct trun_host_info *hosts;
  int aggregate; /* TRUN_MPI_AGGREGATE: tables and JSON across ranks */
  /* PROCESS with TRUN_TIMELINE: every thread's events (else NULL).  */
  const struct trun_timeline *timeline;
  /* PROCESS of an MPI rank inside MPI_Finalize: the job's ranks, to
     write one OTF2 archive together (else NULL: the process alone).  */
  const struct trun_collective *collective;
};

/* Every writer's files, then the copies meant for stdout (with SIGPIPE
   held: a closed pipe never kills the program or loses a file).  */
TRUN_HIDDEN void trun_report_write (const struct trun_report *r);

/* For tools that run writers on a report rebuilt from files (`trun
   convert`, `trun merge`): the files of the one writer named NAME
   ("text", "json", "tree-json", "folded", "csv", ...), under R's
   settings as at run time (each writer's own switch still applies).
   0 when written, 1 when a file could not be, -1 when no writer has
   that name.  */
TRUN_HIDDEN int trun_report_write_named (const struct trun_report *r,
                                         const char *name);
/* The name of the I-th writer (in the order they run), NULL past the
   last.  */
TRUN_HIDDEN const char *trun_report_writer_name (size_t i);

/* Whether the output directory can be written (made on first use; one
   message naming it when it cannot).  */
TRUN_HIDDEN int trun_output_dir_ok (const struct trun_report *r);

#endif /* TRUN_RT_REPORT_H */
