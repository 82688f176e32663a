/* tools/trun/trun.h -- the `trun' command: what its files share.
 *
 * main.c dispatches the subcommands; load.c finds and reads a report
 * (a profile, trun.json, rebuilt as the runtime's merged trees; or an
 * MPI job's mpi.json); view.c turns one component of either into rows
 * and formats them; report.c, diff.c and write.c (convert, merge) are
 * the subcommands.  convert and merge hand the rebuilt trees to the
 * runtime's own writers (rt/report/), linked into this program.
 */
#ifndef TRUN_TOOL_TRUN_H
#define TRUN_TOOL_TRUN_H

#include <stddef.h>
#include <stdint.h>

#include "core/mtree.h"
#include "report/report.h"

/* Exit status of every error: a bad option, a missing or bad report.  */
#define TRUN_EXIT_ERROR 2

/* One message "trun: ..." to stderr.  */
void tool_error (const char *fmt, ...) __attribute__ ((format (printf, 1, 2)));

/* ---- load.c ---- */

/* A profile (trun.json, trun-rankN.json, ...): the runtime's report
   model rebuilt.  Stats are in base units, as the runtime keeps them.  */
struct tprof
{
  char *path;   /* the file read */
  char *prefix; /* TRUN_OUTPUT_PREFIX the file was named with */
  char *mark;   /* what stood between "trun" and ".json" ("-rank1") */
  struct trun_settings settings;
  struct trun_run_info info;
  struct trun_thread_info *threads;
  struct trun_mtree tree[TRUN_NDOMAIN];
  int present[TRUN_NDOMAIN]; /* the domain was not null */
};

/* One component of an MPI job document (mpi.json).  */
struct tjob_node
{
  const char *label;
  long parent; /* index in the component's nodes, -1 at the top */
  int depth;
  uint64_t count;
  double sum; /* base units, summed over ranks */
  unsigned nranks;
  size_t nvalues; /* per-rank values, or 0 */
  const int *rank;
  const uint64_t *rcount;
  const double *rsum;
};
struct tjob_comp
{
  int domain;
  int comp; /* trun's component index, -1 unknown */
  char *name, *units;
  struct tjob_node *nodes;
  size_t nnodes;
};
struct tjob
{
  char *path;
  int nranks;
  int has_values; /* some node has per_rank */
  struct tjob_comp *comps;
  size_t ncomps;
};

/* What a path names.  */
struct treport
{
  struct tprof *prof; /* or */
  struct tjob *job;
};

/* Find the report at PATH (a directory, a trun.json or an mpi.json) and
   read it.  ALLOW_JOB: an mpi.json is accepted.  0, or -1 after one
   message naming what was wrong.  */
int tool_load (const char *path, int allow_job, struct treport *out);
/* The profiles a directory holds (trun.json, or every trun*.json
   profile in it), or PATH itself when it is a file: a NULL-terminated
   list, or NULL after one message.  */
char **tool_profile_files (const char *path);
/* Read one profile file.  NULL after one message.  */
struct tprof *tool_load_profile (const char *file);
/* An interned copy of S: equal strings share one address (the core's
   merge compares labels by address).  */
const char *tool_intern (const char *s);

/* ---- view.c ---- */

struct vrow
{
  const char *label;
  long parent; /* row index, -1 at the top */
  int depth;
  uint64_t count;
  double incl, self; /* base units */
  unsigned nthreads; /* threads (or ranks) that ran it; 0 unknown */
  const unsigned *threads;
};

struct view
{
  struct vrow *rows; /* pre-order */
  size_t n;
  int comp;  /* trun's component index */
  int cls;   /* enum trun_comp_class */
  const char *comp_name;
  const char *domain;
  double total; /* inclusive of the top rows */
  unsigned nthreads;
};

/* Pick the domain (DOMAIN: "region", "trace" or NULL: the one with more
   nodes) and component (COMP: a name or label, or NULL: wall_clock, else
   the first) of a report and make its view.  RANK >= 0: that rank's own
   values (a job with per-rank values).  0, or -1 after one message.  */
int view_make (const struct treport *rep, const char *domain,
               const char *comp, int rank, struct view *v);
void view_free (struct view *v);

/* V in base units of class CLS, formatted for a column ("12.3 ms").  */
void fmt_value (char *buf, size_t size, double v, int cls);
/* The display width (--width, $COLUMNS, the terminal, else 80).  */
int term_width (int opt);
/* LABEL made printable (control bytes as \xNN) into BUF.  */
void fmt_label (char *buf, size_t size, const char *label);
/* S cut to at most W display columns: from the left ("...c;d") when
   LEFT, else from the right ("a;b..."), whole UTF-8 characters.  */
void cut_to (char *s, int w, int left);
/* The call path of row I ("main;compute;fib"), escaped, into a new
   string.  */
char *view_path (const struct view *v, size_t i);

/* ---- report.c ---- */

/* One function's totals over all its call paths (or one row).  */
struct agg
{
  const char *label;
  uint64_t count;
  double incl, self; /* incl: only the outermost calls of a recursion */
  unsigned nthreads; /* distinct threads (a job: the most ranks of a row) */
  long first;        /* the first row it came from */
  unsigned *threads;
  unsigned ncap;
};
/* Per-function totals of V, one entry per label in first-seen order;
   *N their number.  */
struct agg *flat_totals (const struct view *v, size_t *n);

/* ---- raw.c ---- */
/* convert --to=chrome: the timeline of every raw directory a killed run
   left in DIR, written to OUTDIR (NULL: DIR).  0, or the exit status
   after one message.  */
int tool_convert_raw (const char *dir, const char *outdir);

/* ---- the subcommands ---- */
int cmd_report (int argc, char **argv);
int cmd_diff (int argc, char **argv);
int cmd_convert (int argc, char **argv);
int cmd_merge (int argc, char **argv);

#endif /* TRUN_TOOL_TRUN_H */
