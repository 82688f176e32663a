/* rt/report/writers.h -- what the writer files of report/ share: their
 * registration, the output module (output.c), the table drawer
 * (table.c), JSON writing (json-write.c) and statistics across MPI ranks
 * (ranks.c).  Adding an output format is one new file here defining a
 * struct trun_writer, and its line in report.c's list.
 */
#ifndef TRUN_RT_REPORT_WRITERS_H
#define TRUN_RT_REPORT_WRITERS_H

#include <stdio.h>

#include "report/report.h"

/* ---- report.c: the writers, in the order they run ---- */
struct trun_writer
{
  const char *name;
  /* Write this writer's files; nonzero when one could not be written
     (its stdout copy is then printed even with cout_output off).  */
  int (*files) (const struct trun_report *r);
  /* The copy for stdout, or NULL.  */
  void (*console) (const struct trun_report *r, FILE *out);
};

/* One per writer file; report.c lists them (a static libtrun.a pulls
   in every writer through that list).  */
TRUN_HIDDEN extern const struct trun_writer trun_coverage_writer;
TRUN_HIDDEN extern const struct trun_writer trun_text_writer;
TRUN_HIDDEN extern const struct trun_writer trun_json_writer;
TRUN_HIDDEN extern const struct trun_writer trun_job_json_writer;
TRUN_HIDDEN extern const struct trun_writer trun_filter_writer;
TRUN_HIDDEN extern const struct trun_writer trun_timeline_writer;
/* Whether timeline.c wrote the timeline (its raw files may go).  */
TRUN_HIDDEN int trun_timeline_written (void);

/* ---- output.c: every file the runtime writes ---- */
struct trun_out;
/* A new file NAME ("wall.txt") in R's output directory, with R's mark
   before the extension.  Written to a temporary file that never follows
   a link or opens anything but a new regular file, then renamed into
   place by trun_out_close, so the file is complete or absent.  NULL (one
   message) when it cannot be made.  */
TRUN_HIDDEN struct trun_out *trun_out_open (const struct trun_report *r,
                                            const char *name);
TRUN_HIDDEN FILE *trun_out_stream (const struct trun_out *o);
/* The file's name in the output directory (as opened).  */
TRUN_HIDDEN const char *trun_out_name (const struct trun_out *o);
/* 0 when the file is complete under its name; else -1, one message
   naming it, and nothing left behind.  */
TRUN_HIDDEN int trun_out_close (struct trun_out *o);

/* ---- table.c: the one table drawer (timemory's layout) ---- */
enum trun_align
{
  TRUN_ALIGN_LEFT,
  TRUN_ALIGN_RIGHT,
  TRUN_ALIGN_CENTER /* extra space goes right when odd */
};

struct trun_column
{
  const char *header;
  enum trun_align header_align, value_align;
  int min_width; /* at least this wide; TRUN_WIDTH_SETTING: the table's */
};
#define TRUN_WIDTH_SETTING (-1)

#define TRUN_TABLE_MAXCOL 16

struct trun_cells
{
  const char *text[TRUN_TABLE_MAXCOL];
  size_t len[TRUN_TABLE_MAXCOL];
  int rule_before; /* a rule above this row (a new group) */
};

struct trun_table
{
  const char *title; /* upper-cased, centred above the columns */
  const struct trun_column *cols;
  int ncols;
  int min_width;  /* what TRUN_WIDTH_SETTING means (TRUN_WIDTH) */
  int rule_every; /* a rule every N rows (timemory: 10); 0: none */
  int full_rules; /* rules without column marks */
  /* Fill CELLS with the next row; FIRST restarts.  0 after the last.
     Called over all rows twice: to measure, then to print.  */
  int (*row) (void *ctx, struct trun_cells *cells, int first);
  void *ctx;
  /* Optional second copy (stdout's): the same lines, cut after
     COPY_MAX_ROWS rows (0: none cut) with one line saying how many more
     rows COPY_FILE holds (NULL: no file has them).  */
  FILE *copy;
  size_t copy_max_rows;
  const char *copy_file;
};

/* Draw T on OUT (NULL: only on T->copy).  Each row is asked for once
   (its cells kept until drawn, so no number is formatted twice).
   Returns the number of rows (nothing is drawn when there are none).  */
TRUN_HIDDEN size_t trun_table_draw (FILE *out, const struct trun_table *t);

/* ---- json-write.c: the one JSON escaper (call between flockfile and
   funlockfile: it writes unlocked) ---- */
/* S escaped as a JSON string (NULL: null); invalid UTF-8 becomes
   U+FFFD, control characters are escaped.  */
TRUN_HIDDEN void trun_json_string (FILE *out, const char *s);
/* V as a JSON number (non-finite: null).  */
TRUN_HIDDEN void trun_json_number (FILE *out, double v);
/* The same into BUF (TRUN_JSON_NUMBER_MAX bytes, no NUL); the length.  */
#define TRUN_JSON_NUMBER_MAX 48
TRUN_HIDDEN size_t trun_json_format_number (char *buf, double v);
/* MASK as an array of component names.  */
TRUN_HIDDEN void trun_json_mask (FILE *out, trun_mask_t mask);
/* The "metadata" object of INFO (S may be NULL: no settings).  */
TRUN_HIDDEN void trun_json_metadata (FILE *out,
                                     const struct trun_run_info *info,
                                     const struct trun_settings *s);

/* ---- json.c, coverage.c, text.c: each writer's document on one stream
   (exposed for the unit tests) ---- */
TRUN_HIDDEN void trun_report_json (FILE *out, const struct trun_mtree *region,
                                   const struct trun_mtree *trace,
                                   const struct trun_run_info *info,
                                   const struct trun_settings *s);
TRUN_HIDDEN void trun_report_coverage_text (FILE *out,
                                            const struct trun_desc_range *r,
                                            size_t nranges);
TRUN_HIDDEN void trun_report_coverage_json (FILE *out,
                                            const struct trun_desc_range *r,
                                            size_t nranges,
                                            const struct trun_run_info *info);
/* One table of component COMP of T.  TRACE: the title says trace mode.
   RANK >= 0 marks rows "|RANK>>> " as timemory marks MPI ranks.  */
TRUN_HIDDEN void trun_report_table (FILE *out, const struct trun_mtree *t,
                                    int comp, int trace, int rank,
                                    const struct trun_settings *s);
/* The JSON across the ranks of job report R (mpi.json).  */
TRUN_HIDDEN void trun_report_job_json (FILE *out, const struct trun_report *r);

/* ---- ranks.c: statistics across the ranks of a job tree's node ---- */
/* Node N's component COMP across its ranks (N's job part); 0 when no
   rank recorded it.  */
TRUN_HIDDEN int trun_across_ranks (const struct trun_mtree *t,
                                   const struct trun_mnode *n, int comp,
                                   struct trun_across *x);
/* (max - mean) / max over the ranks that recorded it, 0..1, as Scalasca
   and Score-P report load imbalance.  */
TRUN_HIDDEN double trun_across_imbalance (const struct trun_across *x);
/* "2,5-7": the ranks of job report R whose profile did not reach rank 0
   ("" when none), cut with "..." to SIZE.  */
TRUN_HIDDEN void trun_missing_ranks (const struct trun_report *r, char *out,
                                     size_t size);
/* "0-3,5": the ranks that have node N, cut with "..." to SIZE.  */
TRUN_HIDDEN void trun_rank_list (const struct trun_mnode *n, char *out,
                                 size_t size);

#endif /* TRUN_RT_REPORT_WRITERS_H */
