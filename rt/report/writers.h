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
TRUN_HIDDEN extern const struct trun_writer trun_tree_writer;
TRUN_HIDDEN extern const struct trun_writer trun_folded_writer;
TRUN_HIDDEN extern const struct trun_writer trun_csv_writer;
TRUN_HIDDEN extern const struct trun_writer trun_flamegraph_writer;
TRUN_HIDDEN extern const struct trun_writer trun_timeline_writer;
/* Whether timeline.c wrote the timeline (its raw files may go).  */
TRUN_HIDDEN int trun_timeline_written (void);
/* One process's part of a timeline file, as its metadata says it.  */
struct trun_tl_part
{
  long pid; /* in the file: the rank, else the process id */
  int rank; /* -1: none */
  uint64_t events, flows, raw_bytes;
  size_t threads;
  int stopped;
  uint64_t stopped_at_ns;
  long max_mb;
  int missing; /* a rank whose events did not come (its own file has them) */
  int nsync;   /* clock sync points: what was added there, its error */
  int64_t offset_ns[2];
  uint64_t error_ns[2];
};
/* R's timeline events (trace-event array elements, the first with no
   comma before it) into OUT, uncompressed: an MPI rank's part of the
   job's file.  0, or nonzero when OUT could not be written.  */
TRUN_HIDDEN int trun_timeline_part_write (const struct trun_report *r,
                                          FILE *out,
                                          struct trun_tl_part *part);
/* A timeline file of several processes: R's output directory, prefix
   and mark (timeline.json, timeline.json.gz when COMPRESS), each
   process's events in turn (its report, or the bytes of its part, FIRST
   at a part's start), then the metadata of every part.  Open: NULL after
   one message; close: 0 when the file is complete.  */
struct trun_tl_job;
TRUN_HIDDEN struct trun_tl_job *trun_timeline_job_open (
    const struct trun_report *r, int compress);
TRUN_HIDDEN void trun_timeline_job_process (struct trun_tl_job *j,
                                            const struct trun_report *r,
                                            struct trun_tl_part *part);
TRUN_HIDDEN void trun_timeline_job_bytes (struct trun_tl_job *j,
                                          const void *p, size_t n, int first);
TRUN_HIDDEN int trun_timeline_job_close (struct trun_tl_job *j,
                                         const struct trun_tl_part *parts,
                                         size_t n);

/* ---- timeline.c: one thread's events (its raw file, then its tail),
   repaired to nest, for the Chrome and the OTF2 writer ---- */
struct trun_tl_visitor
{
  void *ctx;
  /* Frame ID opened at NS (nanoseconds from the timeline's start) on
     the track of domain D; may be NULL.  */
  void (*enter) (void *ctx, int d, uint32_t id, uint64_t ns);
  /* The innermost open frame of D's track, opened at START, closes at
     NS.  */
  void (*leave) (void *ctx, int d, uint32_t id, uint64_t start, uint64_t ns);
  /* After LEAVE of an OpenMP body that thread FROM forked at FORK; may
     be NULL.  */
  void (*flow) (void *ctx, int d, unsigned from, uint64_t fork, uint64_t start,
                uint64_t ns);
};
/* Walk ST's events: times non-decreasing; an exit without its enter is
   dropped, one that skips frames closes them there, frames still open
   at the end (exit, a signal, the disk limit) close then.  Each track
   (domain) nests by itself.  Nonzero when an enter was lost (out of
   memory).  */
TRUN_HIDDEN int trun_tl_walk (const struct trun_timeline *tl,
                              const struct trun_tl_stream *st,
                              const struct trun_tl_visitor *v);
/* The domains ST has events in, a bit per domain.  */
TRUN_HIDDEN int trun_tl_stream_domains (const struct trun_tl_stream *st);
/* The timeline's name of R's process ("rank N", else the command's
   base name) and of ST's thread ("main", "pthread N", "OpenMP worker N").  */
TRUN_HIDDEN void trun_tl_process_name (const struct trun_report *r, char *buf,
                                       size_t size);
TRUN_HIDDEN void trun_tl_thread_name (const struct trun_tl_stream *st,
                                      char *buf, size_t size);

/* ---- otf2.c: the timeline as an OTF2 archive (TRUN_TIMELINE_FORMAT)
   ---- */
/* 0 when written, 1 when it could not be, -1 when OTF2 is not available
   here (nothing written, one warning: the caller writes the Chrome JSON
   instead).  Under R->collective every rank of the job calls it.  */
TRUN_HIDDEN int trun_timeline_otf2 (const struct trun_report *r);

/* Components of domain D with data: what the tree recorded (for a job,
   what any present rank recorded).  */
TRUN_HIDDEN trun_mask_t trun_report_components (const struct trun_report *r,
                                                int d);

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
/* NAME as R's files are named ("timeline.otf2" -> "timeline-rank1.otf2",
   with the prefix), malloc'ed; NULL when out of memory.  */
TRUN_HIDDEN char *trun_out_file_name (const struct trun_report *r,
                                      const char *name);
/* For a library that writes files itself (OTF2): a new private
   directory (0700, nothing can be planted in it) in R's output
   directory; its path, malloc'ed, or NULL (one message).  */
TRUN_HIDDEN char *trun_out_dir_open (const struct trun_report *r);
/* With COMMIT, TMP's entries NAMES (NULL-terminated; the last one the
   file readers open, put in place last) replace those of the output
   directory (a newer last one is another run's: kept, one message); then
   TMP goes with whatever is left in it, and is freed.  0 when every entry
   is in place; else -1, one message (none without COMMIT).  */
TRUN_HIDDEN int trun_out_dir_close (const struct trun_report *r, char *tmp,
                                    const char *const *names, int commit);
/* A file without a name in R's output directory, for reading and
   writing, gone when closed (an MPI rank's part of a job's file).  NULL
   after one message.  */
TRUN_HIDDEN FILE *trun_out_scratch (const struct trun_report *r);

/* ---- block.c: a writer's output block (call between flockfile and
   funlockfile: it writes unlocked) ---- */
struct trun_block
{
  FILE *out; /* NULL: the bytes are dropped when flushed */
  char *buf;
  size_t len, cap;
  char spare[4096]; /* the block when none could be allocated */
};
TRUN_HIDDEN void trun_block_init (struct trun_block *b, FILE *out);
/* Write what B holds to its stream.  */
TRUN_HIDDEN void trun_block_flush (struct trun_block *b);
TRUN_HIDDEN char *trun_block_room_slow (struct trun_block *b, size_t n);
/* Where the next N bytes go (then add N to B->len), or NULL when N is
   more than a block holds.  */
static inline char *
trun_block_room (struct trun_block *b, size_t n)
{
  return b->cap - b->len >= n ? b->buf + b->len : trun_block_room_slow (b, n);
}
TRUN_HIDDEN void trun_block_write_slow (struct trun_block *b, const void *p,
                                        size_t n);
/* N bytes at P after what B holds.  */
static inline void
trun_block_write (struct trun_block *b, const void *p, size_t n)
{
  if (b->cap - b->len >= n)
    {
      __builtin_memcpy (b->buf + b->len, p, n);
      b->len += n;
    }
  else
    trun_block_write_slow (b, p, n);
}
/* Flush and free the block.  */
TRUN_HIDDEN void trun_block_end (struct trun_block *b);

/* ---- byte classes of names, eight bytes at a time (a million labels
   are scanned by each writer; byte by byte that was a tenth of the text
   table) ---- */
#define TRUN_BYTES_ONES 0x0101010101010101ull
#define TRUN_BYTES_HIGH 0x8080808080808080ull
/* Whether some byte of X is below C (C <= 0x80).  */
static inline int
trun_bytes_below (uint64_t x, unsigned c)
{
  return ((x - TRUN_BYTES_ONES * c) & ~x & TRUN_BYTES_HIGH) != 0;
}
/* Whether some byte of X is C.  */
static inline int
trun_bytes_has (uint64_t x, unsigned c)
{
  return trun_bytes_below (x ^ (TRUN_BYTES_ONES * c), 1);
}
/* Whether some byte of X is a control byte (below 0x20 or 0x7f), EXTRA1,
   EXTRA2 or (HIGH) 0x80 or above.  */
static inline int
trun_bytes_special (uint64_t x, unsigned extra1, unsigned extra2, int high)
{
  return trun_bytes_below (x, 0x20) | trun_bytes_has (x, 0x7f)
         | trun_bytes_has (x, extra1) | trun_bytes_has (x, extra2)
         | (high && (x & TRUN_BYTES_HIGH) != 0);
}
/* Whether no byte of S[0 .. N) is special (above): words, the last one
   overlapping, as short names are most.  */
static inline int
trun_bytes_plain (const char *s, size_t n, unsigned extra1, unsigned extra2,
                  int high)
{
  uint64_t x;
  if (n >= 8)
    {
      int bad = 0;
      for (size_t i = 0; i + 8 <= n; i += 8)
        {
          __builtin_memcpy (&x, s + i, 8);
          bad |= trun_bytes_special (x, extra1, extra2, high);
        }
      __builtin_memcpy (&x, s + n - 8, 8);
      return !(bad | trun_bytes_special (x, extra1, extra2, high));
    }
  if (n >= 4)
    {
      uint32_t a, b;
      __builtin_memcpy (&a, s, 4);
      __builtin_memcpy (&b, s + n - 4, 4);
      x = a | (uint64_t) b << 32;
    }
  else
    {
      x = TRUN_BYTES_ONES * ' '; /* plain in every class */
      for (size_t i = 0; i < n; i++)
        x = (x << 8) | (unsigned char) s[i];
    }
  return !trun_bytes_special (x, extra1, extra2, high);
}

/* N bytes from S to D without a call to memcpy for the short texts of
   a table's cells (a million-row table copies some 20 million): the
   first and the last bytes of a word size, overlapping.  */
#define TRUN_COPY_ENDS(T, d, s, n)                                            \
  do                                                                          \
    {                                                                         \
      T first_, last_;                                                        \
      __builtin_memcpy (&first_, (s), sizeof first_);                         \
      __builtin_memcpy (&last_, (s) + (n) - sizeof last_, sizeof last_);      \
      __builtin_memcpy ((d), &first_, sizeof first_);                         \
      __builtin_memcpy ((d) + (n) - sizeof last_, &last_, sizeof last_);      \
    }                                                                         \
  while (0)
static inline void
trun_copy_short (char *d, const char *s, size_t n)
{
  if (n > 16)
    __builtin_memcpy (d, s, n);
  else if (n >= 8)
    TRUN_COPY_ENDS (uint64_t, d, s, n);
  else if (n >= 4)
    TRUN_COPY_ENDS (uint32_t, d, s, n);
  else
    for (size_t i = 0; i < n; i++)
      d[i] = s[i];
}

/* V base units in units of K base units.  A unit of 1 (seconds,
   counts) divides by nothing: the same value, without a division's
   latency in each number of a million-node report.  */
static inline double
trun_in_units (double v, double k)
{
  return k == 1.0 ? v : v / k;
}

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

/* Where a drawn row's cells go in its line: column I's padded text
   starts at AT[I] and is WIDTH[I] bytes (its text aligned in it).  */
struct trun_row_layout
{
  size_t at[TRUN_TABLE_MAXCOL];
  size_t width[TRUN_TABLE_MAXCOL];
  int ncols; /* the columns drawn */
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
     Called once a row (with MEASURE only for the rows drawn); NULL
     with MEASURE and DRAW.  */
  int (*row) (void *ctx, struct trun_cells *cells, int first);
  void *ctx;
  /* Optional second copy (stdout's): the same lines, cut after
     COPY_MAX_ROWS rows (0: none cut) with one line saying how many more
     rows COPY_FILE holds (NULL: no file has them).  */
  FILE *copy;
  size_t copy_max_rows;
  const char *copy_file;
  /* Optional: called once every row was asked for, how many of the
     first NCOLS columns are drawn (a last column that only some tables'
     rows call for, found on the way instead of by a walk of its own).  */
  int (*drawn_cols) (void *ctx);
  /* Optional: the number of rows, and in WIDTH the widest cell of each
     column, found without formatting the rows (from their values'
     extremes).  With it no row is kept: ROW is asked for each row as it
     is drawn (a table of a million rows keeps no 100 MB of cells, and
     the rows past the stdout copy's cut are never formatted for it).  */
  size_t (*measure) (void *ctx, size_t *width);
  /* Optional, with MEASURE, instead of ROW: draw the next row's cells
     straight into LINE, the row's line with every cell blank but those
     of FIXED, each cell within LAYOUT's place for it (no rule between
     groups: RULE_EVERY's only); FIRST restarts.  0 after the last.  No
     cell is formatted elsewhere and copied: numbers are written where
     they are shown.  */
  int (*draw) (void *ctx, char *line, const struct trun_row_layout *layout,
               int first);
  /* Optional: each column's text when it is the same in every row (NULL:
     it varies), drawn once into the line every row starts from.  */
  const char *const *fixed;
};

/* Draw T on OUT (NULL: only on T->copy).  Each row is asked for once
   (without MEASURE its cells are kept until drawn), so no number is
   formatted twice.  Returns the number of rows (nothing is drawn when
   there are none).  */
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
/* X (|X| < 2^63) rounded to the nearest integer, halves away from
   zero: llround without libm, which libtrun does not load.  */
TRUN_HIDDEN long long trun_round (double x);
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

/* ---- flamegraph.c: the flame graph of component COMP of T as one SVG
   document on OUT (call between flockfile and funlockfile), TITLE at its
   top; S gives the units and TRUN_FLAMEGRAPH_MIN_WIDTH.  Nonzero when
   out of memory (the document is then complete, with the root only).
   What `trun convert --to=flamegraph' calls too. ---- */
TRUN_HIDDEN int trun_report_flamegraph (FILE *out, const struct trun_mtree *t,
                                        int comp, const char *title,
                                        const struct trun_settings *s);

/* ---- text.c: decimal digits of V in BUF (21 bytes); the length ---- */
TRUN_HIDDEN size_t trun_fmt_u64 (char *buf, uint64_t v);
/* The same ending at END (no NUL); where they start.  */
TRUN_HIDDEN char *trun_digits_before (char *end, uint64_t v);
/* The same starting at O; where they end.  In place, not copied from
   a buffer: a copy's wide loads of the digits' narrow stores just made
   wait for them to reach the cache (a third of the JSON's time).  */
TRUN_HIDDEN char *trun_digits_at (char *o, uint64_t v);
/* "00" .. "99", two digits a step for the number formatters.  */
TRUN_HIDDEN extern const char trun_digit_pairs[200];

/* ---- ctree.c: one component's own tree, for the writers that nest or
   name call paths (tree.c, folded.c, csv.c, flamegraph.c) ---- */
/* The nodes of T that recorded COMP, in pre-order, each under its
   nearest ancestor that recorded COMP too (the text tables' nesting).  */
struct trun_cwalk
{
  const struct trun_mtree *tree;
  int comp;
  const struct trun_mnode *next; /* pre-order cursor */
  const struct trun_mnode **stack; /* shown ancestors, then the node */
  size_t n, cap;
};
TRUN_HIDDEN void trun_cwalk_init (struct trun_cwalk *w,
                                  const struct trun_mtree *t, int comp);
/* The next node (its shown depth is W->n - 1), or NULL after the last;
   *CLOSED: how many nodes of the stack were left since the last call.
   NULL with *CLOSED 0 and W->n 0 when out of memory too.  */
TRUN_HIDDEN const struct trun_mnode *trun_cwalk_next (struct trun_cwalk *w,
                                                      size_t *closed);
TRUN_HIDDEN void trun_cwalk_free (struct trun_cwalk *w);

/* N's first shown child (in the walk of COMP) after PREV, one of them
   (PREV NULL: the first); NULL after the last.  N may be the root.  */
TRUN_HIDDEN const struct trun_mnode *trun_cwalk_child (
    const struct trun_mtree *t, const struct trun_mnode *n,
    const struct trun_mnode *prev, int comp);
/* *A: what N's shown children (in the walk of COMP) add up to, merged
   as threads are (count, sum, sum of squares, min, max).  */
TRUN_HIDDEN void trun_cwalk_children (const struct trun_mtree *t,
                                      const struct trun_mnode *n, int comp,
                                      struct trun_stat *a);

/* Call paths as text: the shown ancestors' escaped names joined by ';'
   (a backslash doubled, ';' as \x3b, control bytes as \xNN: a name never
   splits a path or ends a line).  Paths stop growing at TRUN_PATH_MAX_DEPTH
   names (a deeper node's path is its ancestor's at that depth).  */
#define TRUN_PATH_MAX_DEPTH 512
struct trun_cpath
{
  char *buf;
  size_t len, cap;
  size_t *end; /* where each level's name ends in BUF */
  size_t nend, cap_end;
};
/* Make BUF the path of the node W last returned; -1 out of memory.
   The levels it shares with the path built before are kept.  */
TRUN_HIDDEN int trun_cpath_update (struct trun_cpath *p,
                                   const struct trun_cwalk *w);
/* For a writer that needs the paths of only some nodes: call this for
   every node W returns (the levels it replaces go), and
   trun_cpath_update for those whose path it needs.  */
TRUN_HIDDEN void trun_cpath_forget (struct trun_cpath *p,
                                    const struct trun_cwalk *w);
TRUN_HIDDEN void trun_cpath_free (struct trun_cpath *p);

/* A file [trace-]<label>EXT of a process report for each component with
   data (SKIP_PERCENT: not for percentages), written by FN between
   flockfile and funlockfile; FN returns nonzero when out of memory.
   Nonzero when a file could not be written.  */
typedef int (*trun_component_fn) (FILE *f, const struct trun_mtree *t,
                                  int comp, const struct trun_settings *s);
TRUN_HIDDEN int trun_component_files (const struct trun_report *r,
                                      const char *ext, int skip_percent,
                                      trun_component_fn fn);

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
