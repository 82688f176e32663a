/* rt/internal.h -- what the runtime's subsystems share.  Not installed.
 *
 * Flow: markers (hot.c) feed per-thread graphs (graph.c, thread.c); at
 * finalize (lifecycle.c) merge.c folds every thread's graph of a domain
 * into one struct trun_mtree; the writers (report_text.c, report_json.c,
 * report_coverage.c) only read merged trees.  Components live in
 * components/ behind the table declared here.
 */
#ifndef TRUN_RT_INTERNAL_H
#define TRUN_RT_INTERNAL_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "trun/abi.h"

#define TRUN_HIDDEN __attribute__ ((visibility ("hidden")))
#define trun_likely(x) __builtin_expect (!!(x), 1)
#define trun_unlikely(x) __builtin_expect (!!(x), 0)

/* ------------------------------------------------------------------ */
/* Components                                                         */

enum trun_comp_id
{
  TRUN_WALL_CLOCK,
  TRUN_CPU_CLOCK,
  TRUN_USER_CLOCK,
  TRUN_SYSTEM_CLOCK,
  TRUN_THREAD_CPU_CLOCK,
  TRUN_CPU_UTIL,
  TRUN_THREAD_CPU_UTIL,
  TRUN_PEAK_RSS,
  TRUN_PAGE_RSS,
  TRUN_NUM_MINOR_PAGE_FAULTS,
  TRUN_NUM_MAJOR_PAGE_FAULTS,
  TRUN_VOLUNTARY_CONTEXT_SWITCH,
  TRUN_PRIORITY_CONTEXT_SWITCH,
  TRUN_READ_BYTES,
  TRUN_WRITTEN_BYTES,
  TRUN_TRIP_COUNT,
  TRUN_HW_CPU_CYCLES,
  TRUN_HW_INSTRUCTIONS,
  TRUN_HW_CACHE_MISSES,
  TRUN_HW_BRANCH_MISSES,
  TRUN_COMM_DATA, /* bytes sent+received by MPI calls (mpi.c counts) */
  TRUN_NCOMP
};

/* What kind of quantity a component measures: decides display units.  */
enum trun_comp_class
{
  TRUN_CLASS_TIMING, /* recorded in seconds; shown in TRUN_TIMING_UNITS */
  TRUN_CLASS_MEMORY, /* recorded in bytes; shown in TRUN_MEMORY_UNITS */
  TRUN_CLASS_COUNT,  /* plain count, no unit scaling */
  TRUN_CLASS_PERCENT /* percent, no unit scaling */
};

#define TRUN_SAMPLE_MAX 2

struct trun_component
{
  const char *name;        /* "wall_clock": what users put in lists */
  const char *label;       /* "wall": metric column and file name */
  const char *units;       /* units shown when the class has no setting */
  const char *description; /* table title (printed upper-case) */
  enum trun_comp_class cls;
  /* Returns 0 when usable on this machine; else the component is
     dropped from sets with one notice.  May be NULL (always usable).  */
  int (*available) (void);
  /* Read the current value(s): up to TRUN_SAMPLE_MAX doubles.  */
  void (*sample) (double *out);
  /* The value recorded for one begin/end pair, in the class's base unit
     (seconds, bytes, count, percent).  */
  double (*delta) (const double *start, const double *end);
};

TRUN_HIDDEN extern const struct trun_component trun_components[TRUN_NCOMP];

typedef uint32_t trun_mask_t; /* bit i: component i */

/* -1 when NAME is not a component.  */
TRUN_HIDDEN int trun_component_lookup (const char *name);

/* Parse a comma/space separated list into a mask.  Unknown names and
   unavailable components give one warning (naming CONTEXT and listing the
   valid names); the valid ones are kept.  */
TRUN_HIDDEN trun_mask_t trun_parse_components (const char *list,
                                               const char *context);

/* How component COMP is displayed under settings S: returns the number
   of base units (seconds, bytes, ...) per displayed unit and sets *UNITS
   to the unit's name (e.g. 1048576 and "MB").  (components.c)  */
struct trun_settings;
TRUN_HIDDEN double trun_component_scale (int comp,
                                         const struct trun_settings *s,
                                         const char **units);

/* ------------------------------------------------------------------ */
/* Statistics kept per node per component                             */

struct trun_stat
{
  uint64_t count;
  double sum;   /* in the component's base unit (wall: see below) */
  double sumsq;
  double min;
  double max;
  double child; /* sum of children's values, for % SELF */
};

/* Fold one value into S.  */
static inline void
trun_stat_add (struct trun_stat *s, double v)
{
  if (s->count == 0 || v < s->min)
    s->min = v;
  if (s->count == 0 || v > s->max)
    s->max = v;
  s->count++;
  s->sum += v;
  s->sumsq += v * v;
}

/* Fold B into A (merge of threads/ranks).  */
TRUN_HIDDEN void trun_stat_merge (struct trun_stat *a, const struct trun_stat *b);
TRUN_HIDDEN double trun_stat_mean (const struct trun_stat *s);
TRUN_HIDDEN double trun_stat_stddev (const struct trun_stat *s);
/* 0..100: share of SUM not spent in children.  */
TRUN_HIDDEN double trun_stat_self_percent (const struct trun_stat *s);

/* ------------------------------------------------------------------ */
/* Merged trees: what reports read                                    */

enum trun_domain
{
  TRUN_DOMAIN_REGION = 0,
  TRUN_DOMAIN_TRACE = 1,
  TRUN_NDOMAIN
};

struct trun_mnode
{
  const char *label;
  int depth; /* root's children are depth 0 */
  struct trun_mnode *parent;
  struct trun_mnode *first_child, *last_child, *next_sibling; /* first-seen order */
  trun_mask_t recorded;      /* components with count > 0 */
  /* The tree's nstat components, in base units (NULL when nstat is 0
     or for the virtual root).  Read through trun_mnode_stat ().  */
  struct trun_stat *stat;
  uint64_t open_at_finalize; /* frames closed by finalize, not by an end */
  uint64_t unmeasured;       /* calls skipped after throttling */
  int throttled;             /* the function was throttled */
  unsigned nthreads;         /* threads that contributed ... */
  unsigned *threads;         /* ... their trun thread indices, ascending */
};

struct trun_mtree
{
  enum trun_domain domain;
  struct trun_mnode root; /* virtual: label NULL, depth -1 */
  trun_mask_t components; /* union of what any node recorded */
  size_t nnodes;
  /* Highest component a node may hold, plus one; fixed before the first
     node is made.  Nodes keep only this many stats: most trees record
     one or two components of TRUN_NCOMP.  */
  unsigned nstat;
};

/* All-zero stat standing in for components a tree does not keep.  */
TRUN_HIDDEN extern const struct trun_stat trun_stat_zero;

/* Node N's stat for COMP; the zero stat when T keeps no such column.  */
static inline const struct trun_stat *
trun_mnode_stat (const struct trun_mtree *t, const struct trun_mnode *n,
                 int comp)
{
  if (comp < 0 || (unsigned) comp >= t->nstat || !n->stat)
    return &trun_stat_zero;
  return &n->stat[comp];
}

/* Pre-order successor of N below ROOT, or NULL after the last node.
   Iterative: trees can be 100 000 levels deep.  */
static inline struct trun_mnode *
trun_mnode_next (const struct trun_mnode *n, const struct trun_mnode *root)
{
  if (n->first_child)
    return n->first_child;
  while (n && n != root)
    {
      if (n->next_sibling)
        return n->next_sibling;
      n = n->parent;
    }
  return NULL;
}

/* ------------------------------------------------------------------ */
/* Settings (settings.c): TRUN_* then TIMEMORY_* from the environment   */

struct trun_settings
{
  char output_path[4096];  /* TRUN_OUTPUT_PATH, default "trun-output" */
  char output_prefix[256]; /* TRUN_OUTPUT_PREFIX, default "" */
  int cout_output;         /* TRUN_COUT_OUTPUT, default 1 */
  int text_output;         /* TRUN_TEXT_OUTPUT, default 1 */
  int json_output;         /* TRUN_JSON_OUTPUT, default 1 */
  int file_output;         /* TRUN_FILE_OUTPUT, default 1 */
  int precision;           /* TRUN_PRECISION, default 3 */
  int width;               /* TRUN_WIDTH, minimum numeric column width, default 6 */
  char memory_units[16];   /* TRUN_MEMORY_UNITS, default "MB" */
  double memory_scale;     /* bytes per shown unit */
  char timing_units[16];   /* TRUN_TIMING_UNITS, default "sec" */
  double timing_scale;     /* seconds per shown unit */
  trun_mask_t components;  /* TRUN_COMPONENTS, default wall_clock */
  trun_mask_t trace_components; /* TRUN_TRACE_COMPONENTS, default wall_clock */
  int max_depth;           /* TRUN_MAX_DEPTH, default INT_MAX */
  int flat_profile;        /* TRUN_FLAT_PROFILE, default 0 */
  int enabled;             /* TRUN_ENABLED, default 1 */
  int verbose;             /* TRUN_VERBOSE, default 0 */
  uint64_t throttle_count; /* TRUN_THROTTLE_COUNT, default 10000; 0 = off */
  double throttle_value;   /* TRUN_THROTTLE_VALUE seconds, default 10e-6 */
  int thread_binding;      /* TRUN_THREAD_BINDING: report threads that moved */
};

TRUN_HIDDEN extern struct trun_settings trun_settings;

/* Read the environment (idempotent).  Bad values: one warning each,
   then the default.  */
TRUN_HIDDEN void trun_settings_load (void);

/* Parse helpers, exposed for unit tests.  Return 0 on success.  */
TRUN_HIDDEN int trun_parse_bool (const char *s, int *out);
TRUN_HIDDEN int trun_parse_int (const char *s, long lo, long hi, long *out);
TRUN_HIDDEN int trun_parse_double (const char *s, double *out);
TRUN_HIDDEN int trun_parse_memory_units (const char *s, double *scale);
TRUN_HIDDEN int trun_parse_timing_units (const char *s, double *scale);

/* Diagnostics: always to stderr, prefixed "trun: ".  */
TRUN_HIDDEN void trun_warn (const char *fmt, ...)
    __attribute__ ((format (printf, 1, 2)));
/* Only when TRUN_VERBOSE > 0.  */
TRUN_HIDDEN void trun_verbose (const char *fmt, ...)
    __attribute__ ((format (printf, 1, 2)));

/* ------------------------------------------------------------------ */
/* Reports (report_*.c): read-only on merged trees                    */

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

struct trun_thread_info
{
  unsigned index;   /* trun's thread index: 0 = main */
  long tid;         /* gettid() */
  unsigned parent;  /* index of the creating thread */
  int pu, numa;     /* where it first recorded; -1 unknown */
  int moved;        /* -1 unknown, 0/1 with TRUN_THREAD_BINDING=on */
};

/* One table for component COMP of tree T, laid out as timemory does.
   TRACE: title says the data are from trace mode.  RANK >= 0 prefixes
   rows "|RANK>>> " the way timemory marks MPI ranks; -1 gives ">>> ".  */
TRUN_HIDDEN void trun_report_table (FILE *out, const struct trun_mtree *t,
                                    int comp, int trace, int rank,
                                    const struct trun_settings *s);

/* Every node of both trees plus metadata.  */
TRUN_HIDDEN void trun_report_json (FILE *out, const struct trun_mtree *region,
                                   const struct trun_mtree *trace,
                                   const struct trun_run_info *info,
                                   const struct trun_settings *s);

/* Descriptors known to the runtime (registered sections).  */
struct trun_desc_range
{
  struct trun_desc *begin, *end;
};

/* Coverage: every descriptor of kind FUNCTION, grouped by file.  */
TRUN_HIDDEN void trun_report_coverage_text (FILE *out,
                                            const struct trun_desc_range *r,
                                            size_t nranges);
TRUN_HIDDEN void trun_report_coverage_json (FILE *out,
                                            const struct trun_desc_range *r,
                                            size_t nranges,
                                            const struct trun_run_info *info);

/* ------------------------------------------------------------------ */
/* Lifecycle (lifecycle.c)                                            */

/* Start the runtime if it is not running (idempotent, thread-safe).  */
TRUN_HIDDEN void trun_ensure_init (void);
/* Merge every thread of both domains and write all reports, once.
   Later calls do nothing.  Called at exit, by trun_finalize, on
   SIGINT/SIGTERM, and by the MPI_Finalize wrapper.  */
TRUN_HIDDEN void trun_finalize_all (void);
/* Make TRUN_OUTPUT_PATH once; 0 when files cannot be written there (one
   message naming it, the first time) or file output is off.  */
TRUN_HIDDEN int trun_output_dir_ok (void);
/* MPI: this process's rank and the job size (mpi.c calls it after
   MPI_Init); file names then carry the rank.  */
TRUN_HIDDEN void trun_set_rank (int rank, int size);
/* Set by mpi.c.  Called by trun_finalize_all with the merged trees after
   this rank's own files are written; rank 0 writes the per-rank and
   aggregated tables from it.  NULL without MPI.  */
TRUN_HIDDEN extern void (*trun_mpi_report_hook) (
    const struct trun_mtree *region, const struct trun_mtree *trace,
    const struct trun_run_info *info);

/* ------------------------------------------------------------------ */
/* Topology (topology.c; hwloc when built with it, else all unknown)  */

TRUN_HIDDEN const char *trun_topology_line (void); /* NULL when unknown */
TRUN_HIDDEN const char *trun_topology_json (void); /* NULL when unknown */
TRUN_HIDDEN void trun_topology_where (int *pu, int *numa);

/* MPI (mpi.c; only with MPI).  The comm_data component reads this
   per-thread byte counter, which the MPI wrappers add to.  */
TRUN_HIDDEN extern __thread uint64_t trun_comm_bytes;

#endif /* TRUN_RT_INTERNAL_H */
