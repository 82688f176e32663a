/* rt/report/text.c -- the text tables, drawn by report/table.c.
 *
 * A process report gives one table per component of each domain, as
 * timemory lays it out: LABEL COUNT DEPTH METRIC UNITS SUM MEAN MIN MAX
 * STDDEV % SELF, one row per node that recorded the component
 * (depth-first, children in first-seen order), to
 * ${TRUN_OUTPUT_PATH}/${prefix}[trace-]<label>.txt and to stdout.  A
 * process whose threads ran its nodes (any but the main thread alone)
 * adds THREADS, how many threads ran each node; with TRUN_PER_THREAD
 * each node that several threads ran is followed by one row per thread
 * (ascending index), that thread's share.
 *
 * An MPI rank's own tables mark their rows "|RANK>>> " as timemory does.
 * A job report (MPI, rank 0) gives the tables across ranks
 * ([trace-]<label>-mpi.txt): per node how many ranks ran it and which,
 * the summed count, and sum, mean, min and max across ranks of each
 * rank's total, with the ranks of the min and the max, and the load
 * imbalance (max - mean) / max.
 */
#include "report/writers.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define CELL_MAX 64 /* longest formatted number, with room */

/* Indentation stops growing at this depth (the DEPTH column still says
   the truth): without a cap a recursion 100 000 deep would give rows
   200 000 characters wide, gigabytes of table.  */
#define INDENT_MAX_DEPTH 128

/* Spaces before "|_" for a node at DEPTH (> 0).  */
static size_t
indent_of (int depth)
{
  int d = depth > INDENT_MAX_DEPTH ? INDENT_MAX_DEPTH : depth;
  return 2 * (size_t) (d - 1);
}

/* ------------------------------------------------------------------ */
/* Number formatting                                                  */

/* "00" .. "99": two digits per division, half the divisions.  */
const char trun_digit_pairs[200] = "00010203040506070809101112131415161718192021222324"
                                  "25262728293031323334353637383940414243444546474849"
                                  "50515253545556575859606162636465666768697071727374"
                                  "75767778798081828384858687888990919293949596979899";

char *
trun_digits_before (char *end, uint64_t v)
{
  char *q = end;
  while (v >= 100)
    {
      q -= 2;
      memcpy (q, trun_digit_pairs + 2 * (v % 100), 2);
      v /= 100;
    }
  if (v >= 10)
    {
      q -= 2;
      memcpy (q, trun_digit_pairs + 2 * v, 2);
    }
  else
    *--q = (char) ('0' + v);
  return q;
}

/* "%.*f" of X by integer arithmetic (printf is the cost of a big
   table): |X| 10^PREC rounded, whose digits with the point put in and
   X's sign are printf's text.  FIXED_NONE where that could be wrong or
   is not the format: a near tie, |X| 10^PREC from 2^32 on (where the
   product may be off by more than the tie test's margin), a non-finite
   X, PREC outside 0 .. 9 or scientific; snprintf does those.  */
#define FIXED_NONE UINT64_MAX
static inline uint64_t
fixed_scaled (double x, int prec)
{
  static const double pow10[] = { 1e0, 1e1, 1e2, 1e3, 1e4,
                                   1e5, 1e6, 1e7, 1e8, 1e9 };
  if ((unsigned) prec > 9) /* TRUN_FMT_SCIENTIFIC is above */
    return FIXED_NONE;
  double y = fabs (x) * pow10[prec];
  if (!(y < 4294967296.0)) /* NaN and infinities too */
    return FIXED_NONE;
  uint64_t whole = (uint64_t) y; /* floor (y) */
  double frac = y - (double) whole;
  if (!(fabs (frac - 0.5) > 1e-6))
    return FIXED_NONE;
  return whole + (frac > 0.5);
}

/* The text of fixed_scaled's SCALED with PREC decimals (a minus first
   when NEG) ending at END: where it starts.  */
static char *
fixed_before (char *end, uint64_t scaled, int prec, int neg)
{
  char *q = end;
  if (prec > 0)
    {
      int i = prec;
      for (; i >= 2; i -= 2)
        {
          q -= 2;
          memcpy (q, trun_digit_pairs + 2 * (scaled % 100), 2);
          scaled /= 100;
        }
      if (i)
        {
          *--q = (char) ('0' + scaled % 10);
          scaled /= 10;
        }
      *--q = '.';
    }
  q = trun_digits_before (q, scaled);
  if (neg)
    *--q = '-';
  return q;
}

/* "%.*f" (PREC with TRUN_FMT_SCIENTIFIC: "%.*e") of X in CELL
   (CELL_MAX bytes, no NUL): where its text starts, and *LEN; always the
   text printf gives.  */
static const char *
fmt_fixed_at (char *cell, double x, int prec, size_t *len)
{
  int n;
  if (prec & TRUN_FMT_SCIENTIFIC) /* TRUN_SCIENTIFIC and friends */
    n = snprintf (cell, CELL_MAX, "%.*e", prec & ~TRUN_FMT_SCIENTIFIC, x);
  else
    {
      uint64_t scaled = fixed_scaled (x, prec);
      if (scaled != FIXED_NONE)
        {
          char *end = cell + CELL_MAX;
          char *q = fixed_before (end, scaled, prec, signbit (x) != 0);
          *len = (size_t) (end - q);
          return q;
        }
      n = snprintf (cell, CELL_MAX, "%.*f", prec < 0 ? 0 : prec, x);
    }
  *len = n < 0 ? 0 : n >= CELL_MAX ? CELL_MAX - 1 : (size_t) n;
  return cell;
}

/* Decimal digits of V.  */
static size_t
digits_of (uint64_t v)
{
  size_t n = 1;
  for (; v >= 10000; v /= 10000)
    n += 4;
  return n + (v >= 10) + (v >= 100) + (v >= 1000);
}

char *
trun_digits_at (char *o, uint64_t v)
{
  char *end = o + digits_of (v);
  trun_digits_before (end, v);
  return end;
}

size_t
trun_fmt_u64 (char *buf, uint64_t v)
{
  char *end = trun_digits_at (buf, v);
  *end = '\0';
  return (size_t) (end - buf);
}

/* The same at the start of BUF (CELL_MAX bytes), NUL-terminated.  */
static size_t
fmt_fixed (char *buf, double x, int prec)
{
  size_t n;
  const char *q = fmt_fixed_at (buf, x, prec, &n);
  memmove (buf, q, n);
  buf[n] = '\0';
  return n;
}

/* A component's table is its own tree, as in timemory: a node's depth
   counts only the ancestors that recorded the component (a region opened
   before the component was switched on is not a level of that table).
   Tracked along the current pre-order path so it costs O(1) per node.  */
struct depth_track
{
  const struct trun_mtree *tree;
  int comp;
  int job;        /* a job tree: recorded on some rank */
  int *shown;     /* shown depth of the path node at each tree depth */
  char *recorded; /* whether that path node recorded COMP */
  size_t cap;
};

static int
track_depth (struct depth_track *t, const struct trun_mnode *n)
{
  size_t d = n->depth < 0 ? 0 : (size_t) n->depth;
  if (d >= t->cap)
    {
      size_t cap = t->cap ? t->cap * 2 : 256;
      while (cap <= d)
        cap *= 2;
      int *shown = realloc (t->shown, cap * sizeof *shown);
      char *rec = shown ? realloc (t->recorded, cap) : NULL;
      if (shown)
        t->shown = shown;
      if (!shown || !rec)
        return (int) d; /* out of memory: fall back to the tree depth */
      t->recorded = rec;
      t->cap = cap;
    }
  int shown = d == 0 ? 0 : t->shown[d - 1] + (t->recorded[d - 1] ? 1 : 0);
  t->shown[d] = shown;
  struct trun_across x;
  t->recorded[d] = t->job ? trun_across_ranks (t->tree, n, t->comp, &x) && x.count > 0
                          : trun_mnode_stat (t->tree, n, t->comp)->count > 0;
  return shown;
}


/* ------------------------------------------------------------------ */
/* Labels: PREFIX, two spaces per depth beyond 1, "|_" below depth 0    */

struct label_buf
{
  char *buf;
  size_t cap;
  size_t max; /* TRUN_MAX_WIDTH: longer labels end in "..."; 0: never */
  const char *prefix; /* the prefix BUF starts with (NULL: none yet) */
  const char *measured; /* the prefix PREFIX_LEN is of (NULL: none) */
  size_t prefix_len;
};

/* PREFIX's length, and whether BUF already starts with it (a table's
   rows all have the same: it is copied once, not per row, and measured
   once, not per row of the width pass).  */
static size_t
label_prefix (struct label_buf *b, const char *prefix, int *in_buf)
{
  *in_buf = prefix == b->prefix;
  if (!*in_buf)
    b->prefix = NULL;
  if (prefix != b->measured)
    {
      b->measured = prefix;
      b->prefix_len = strlen (prefix);
    }
  return b->prefix_len;
}

/* Shown after the label of a throttled function: its count stopped
   when it was throttled (its later calls called no marker).  */
#define THROTTLED_MARK " [throttled]"

/* PREFIX, the indentation of DEPTH and LABEL as shown in a table: a
   control byte as \xNN and "|" as "\|", so a label can never end a row
   or fake a column; cut to the width with "...".  */
static size_t
make_label (struct label_buf *b, const char *prefix, int depth,
            const char *label, int throttled)
{
  if (!label)
    label = "";
  size_t mark = throttled ? strlen (THROTTLED_MARK) : 0;
  int in_buf;
  size_t pl = label_prefix (b, prefix, &in_buf), ll = strlen (label);
  size_t ind = depth > 0 ? indent_of (depth) + 2 : 0;
  size_t most = pl + ind + 4 * ll + mark + 1; /* every byte escaped */
  if (most > b->cap)
    {
      size_t cap = b->cap ? b->cap : 256;
      while (cap < most)
        cap *= 2;
      char *p = realloc (b->buf, cap);
      if (!p)
        abort (); /* out of memory while reporting */
      b->buf = p;
      b->cap = cap;
    }
  if (!in_buf)
    {
      memcpy (b->buf, prefix, pl);
      b->prefix = prefix;
    }
  if (depth > 0)
    {
      memset (b->buf + pl, ' ', ind - 2);
      memcpy (b->buf + pl + ind - 2, "|_", 2);
    }
  static const char hex[] = "0123456789abcdef";
  char *o = b->buf + pl + ind;
  const unsigned char *p = (const unsigned char *) label;
  if (trun_bytes_plain (label, ll, '|', '|', 0))
    {
      memcpy (o, label, ll); /* nothing to escape: most names */
      o += ll;
      p += ll;
    }
  for (; *p; p++)
    if (*p < 0x20 || *p == 0x7f)
      {
        *o++ = '\\';
        *o++ = 'x';
        *o++ = hex[*p >> 4];
        *o++ = hex[*p & 15];
      }
    else
      {
        if (*p == '|')
          *o++ = '\\';
        *o++ = (char) *p;
      }
  size_t n = (size_t) (o - b->buf) + mark;
  /* The name (with its mark) is cut to the width, never the indentation
     (a deep row keeps its name), and not inside a UTF-8 character; the
     mark stays.  */
  size_t name_at = pl + ind;
  if (b->max > mark + 3 && n - name_at > b->max)
    {
      size_t keep = name_at + b->max - mark - 3;
      while (keep > name_at && ((unsigned char) b->buf[keep] & 0xc0) == 0x80)
        keep--;
      o = b->buf + keep;
      memcpy (o, "...", 3);
      o += 3;
      n = keep + 3 + mark;
    }
  memcpy (o, THROTTLED_MARK, mark);
  b->buf[n] = '\0';
  return n;
}

/* The length make_label gives, without building the label (the width
   pass of a table); a label that is cut is built to measure it.  */
static size_t
label_len (struct label_buf *b, const char *prefix, int depth,
           const char *label, int throttled)
{
  size_t mark = throttled ? strlen (THROTTLED_MARK) : 0;
  if (!label)
    label = "";
  size_t name = strlen (label);
  if (!trun_bytes_plain (label, name, '|', '|', 0))
    {
      name = 0;
      for (const unsigned char *p = (const unsigned char *) label; *p; p++)
        name += *p < 0x20 || *p == 0x7f ? 4 : *p == '|' ? 2 : 1;
    }
  if (b->max > mark + 3 && name + mark > b->max)
    return make_label (b, prefix, depth, label, throttled);
  int in_buf;
  return label_prefix (b, prefix, &in_buf)
         + (depth > 0 ? indent_of (depth) + 2 : 0) + name + mark;
}

/* The width of a column of numbers, from its extremes: the text of
   "%.*f" (and of "%.*e") is longest at the largest or the smallest
   non-zero magnitude of either sign, or at zero ("0.000e+00" is shorter
   than "1.000e-100"), so a table's width pass formats at most six values
   a column instead of every row's.  */
struct extent
{
  double most[2], least[2]; /* |value| by sign bit (least: non-zero) */
  int seen[2], zero[2];
  size_t special; /* widest non-finite value's text */
};

static void
extent_init (struct extent *e)
{
  memset (e, 0, sizeof *e);
  e->least[0] = e->least[1] = INFINITY;
}

static inline void
extent_add (struct extent *e, double v, int prec)
{
  if (!isfinite (v))
    {
      char cell[CELL_MAX];
      size_t n;
      fmt_fixed_at (cell, v, prec, &n);
      if (n > e->special)
        e->special = n;
      return;
    }
  int neg = signbit (v) != 0;
  double a = fabs (v);
  e->seen[neg] = 1;
  if (a > e->most[neg])
    e->most[neg] = a;
  if (a == 0.0)
    e->zero[neg] = 1;
  else if (a < e->least[neg])
    e->least[neg] = a;
}

static size_t
extent_width (const struct extent *e, int prec)
{
  size_t w = e->special;
  for (int neg = 0; neg < 2; neg++)
    for (int k = 0; e->seen[neg] && k < 3; k++)
      {
        double a = k == 0 ? e->most[neg] : k == 1 ? e->least[neg] : 0.0;
        if ((k == 1 && a == INFINITY) || (k == 2 && !e->zero[neg]))
          continue;
        char cell[CELL_MAX];
        size_t n;
        fmt_fixed_at (cell, neg ? -a : a, prec, &n);
        if (n > w)
          w = n;
      }
  return w;
}

/* ------------------------------------------------------------------ */
/* A process table                                                    */

enum
{
  COL_LABEL,
  COL_COUNT,
  COL_DEPTH,
  COL_METRIC,
  COL_UNITS,
  COL_SUM,
  COL_MEAN,
  COL_MIN,
  COL_MAX,
  COL_STDDEV,
  COL_SELF,
  COL_THREADS, /* only in a table of a process with threads */
  NCOL
};

/* Header text and alignment exactly as timemory lays them out.  */
static const struct trun_column process_cols[NCOL] = {
  { "LABEL", TRUN_ALIGN_CENTER, TRUN_ALIGN_LEFT, 0 },
  { "COUNT", TRUN_ALIGN_CENTER, TRUN_ALIGN_RIGHT, TRUN_WIDTH_SETTING },
  { "DEPTH", TRUN_ALIGN_CENTER, TRUN_ALIGN_RIGHT, TRUN_WIDTH_SETTING },
  { "METRIC", TRUN_ALIGN_LEFT, TRUN_ALIGN_LEFT, TRUN_WIDTH_SETTING },
  { "UNITS", TRUN_ALIGN_LEFT, TRUN_ALIGN_LEFT, TRUN_WIDTH_SETTING },
  { "SUM", TRUN_ALIGN_CENTER, TRUN_ALIGN_RIGHT, TRUN_WIDTH_SETTING },
  { "MEAN", TRUN_ALIGN_LEFT, TRUN_ALIGN_RIGHT, TRUN_WIDTH_SETTING },
  { "MIN", TRUN_ALIGN_CENTER, TRUN_ALIGN_RIGHT, TRUN_WIDTH_SETTING },
  { "MAX", TRUN_ALIGN_CENTER, TRUN_ALIGN_RIGHT, TRUN_WIDTH_SETTING },
  { "STDDEV", TRUN_ALIGN_CENTER, TRUN_ALIGN_RIGHT, TRUN_WIDTH_SETTING },
  { "% SELF", TRUN_ALIGN_CENTER, TRUN_ALIGN_RIGHT, TRUN_WIDTH_SETTING },
  { "THREADS", TRUN_ALIGN_CENTER, TRUN_ALIGN_RIGHT, TRUN_WIDTH_SETTING },
};

struct process_rows
{
  const struct trun_mtree *tree;
  int comp;
  int precision;
  double scale; /* base units per displayed unit */
  const char *metric;
  const char *units;
  size_t metric_len, units_len;
  char prefix[32]; /* ">>> " or "|N>>> " */
  size_t prefix_len;
  struct depth_track dt;
  const struct trun_mnode *next;
  struct label_buf label;
  /* TRUN_PER_THREAD: the shares of the node just shown, ascending
     thread index, each a row after it.  */
  const struct trun_mthread **shares;
  size_t nshares, next_share, cap_shares;
  int share_depth;
  /* Whether a node of the tree (shown or not) ran on a thread other
     than the main one: the table then has THREADS (a single-threaded
     program's keeps timemory's columns).  */
  int threads_seen;
  /* The width pass: rows add to their columns' extremes, not text.  */
  int measuring;
  uint64_t largest[NCOL]; /* integer columns */
  struct extent extent[NCOL]; /* SUM .. % SELF */
  /* The rows of one value (count 1, min = max = sum: SUM, MEAN, MIN and
     MAX show it, STDDEV zero), measured once for the four columns: a
     column's widest text is its widest in either set.  */
  struct extent one;
  int one_seen;
  size_t widest_label;
  /* Drawing.  FITS[COL][NEG]: the values below which a number's text
     fits its column (an integer; a fixed_scaled value of that sign), so
     that it is written in place from the column's end; the width pass
     makes every row's fit, the test keeps a wrong width from drawing
     into another column.  */
  uint64_t fits[NCOL][2];
  /* What the width pass found of each row, for the drawing: its shown
     depth, and its name's length plus one when the name is drawn as it
     is (nothing to escape or cut; 0: through make_label).  NULL when
     out of memory: the drawing finds them again.  */
  struct row_note
  {
    uint32_t depth, name;
  } *notes;
  size_t row, cap_notes; /* the row being measured or drawn */
  int notes_lost;
  /* The last text each number column drew (KEY: its fixed_scaled value
     and sign): a column repeats its text row after row ("0.000" of short
     calls, STDDEV of single calls, "100.0" of leaves), copied instead of
     formatted again.  */
  struct
  {
    uint64_t key; /* FIXED_NONE: none */
    size_t len;
    char text[CELL_MAX];
  } memo[NCOL];
};

/* One row: a node's, or (NODE NULL) a share of the node before.  */
struct process_item
{
  const struct trun_mnode *node;
  const struct trun_mthread *share;
  const struct trun_stat *st;
  int depth;
};

/* What ST's columns SUM .. STDDEV show, in display units.  */
static void
stat_values (const struct process_rows *p, const struct trun_stat *st,
             double *v)
{
  double k = p->scale;
  v[0] = trun_in_units (st->sum, k);
  v[2] = trun_in_units (st->min, k);
  v[3] = trun_in_units (st->max, k);
  if (st->count == 1) /* most nodes of a large tree: sum / 1, no spread */
    {
      v[1] = v[0];
      v[4] = trun_in_units (0.0, k);
      return;
    }
  v[1] = trun_in_units (trun_stat_mean (st), k);
  v[4] = trun_in_units (trun_stat_stddev (st), k);
}

/* N's shares that recorded the component, ascending; none when fewer
   than two threads did (the node's row says it all).  */
static void
collect_shares (struct process_rows *p, const struct trun_mnode *n, int depth)
{
  p->nshares = p->next_share = 0;
  p->share_depth = depth;
  size_t k = 0;
  for (const struct trun_mthread *e = n->per_thread; e; e = e->next)
    if ((unsigned) p->comp < p->tree->nstat && e->stat[p->comp].count)
      k++;
  if (k < 2)
    return;
  if (k > p->cap_shares)
    {
      const struct trun_mthread **a = realloc (p->shares, k * sizeof *a);
      if (!a)
        return; /* out of memory: the node's row alone */
      p->shares = a;
      p->cap_shares = k;
    }
  p->nshares = k;
  /* The list is descending: fill from the end.  */
  for (const struct trun_mthread *e = n->per_thread; e; e = e->next)
    if (e->stat[p->comp].count)
      p->shares[--k] = e;
}

/* The next row of the table into *IT; 0 after the last.  */
static int
next_process_item (struct process_rows *p, struct process_item *it, int first)
{
  const struct trun_mnode *root = &p->tree->root;
  if (first)
    p->nshares = p->next_share = p->row = 0;
  if (p->next_share < p->nshares)
    {
      it->node = NULL;
      it->share = p->shares[p->next_share++];
      it->st = &it->share->stat[p->comp];
      it->depth = p->share_depth;
      p->row++;
      return 1;
    }
  /* The drawing has each row's depth from the width pass.  */
  int noted = !p->measuring && p->notes;
  const struct trun_mnode *n = first ? trun_mnode_next (root, root) : p->next;
  for (; n; n = trun_mnode_next (n, root))
    {
      int depth = noted ? 0 : track_depth (&p->dt, n);
      /* Known after the width pass (the columns are drawn by then); it
         reads another block of memory a node.  */
      if (p->measuring && !p->threads_seen)
        p->threads_seen = n->nthreads > 1
                          || (n->nthreads == 1 && n->threads[0] != 0);
      const struct trun_stat *st = trun_mnode_stat (p->tree, n, p->comp);
      if (st->count == 0)
        continue;
      if (noted)
        depth = (int) p->notes[p->row].depth;
      if (p->tree->per_thread)
        collect_shares (p, n, depth);
      p->next = trun_mnode_next (n, root);
      it->node = n;
      it->share = NULL;
      it->st = st;
      it->depth = depth;
      p->row++;
      return 1;
    }
  p->next = NULL;
  return 0;
}

/* A share's label: "[thread N]" indented as a child would be, without
   the "|_" of one (it is the node's own).  */
static size_t
share_label (struct process_rows *p, const struct process_item *it)
{
  char name[40];
  snprintf (name, sizeof name, "[thread %u]", it->share->thread);
  if (p->measuring)
    return label_len (&p->label, p->prefix, it->depth + 1, name, 0);
  size_t len = make_label (&p->label, p->prefix, it->depth + 1, name, 0);
  memcpy (p->label.buf + p->prefix_len + indent_of (it->depth + 1), "  ", 2);
  return len;
}

/* The note of the row just measured (its index P->row - 1).  */
static void
note_row (struct process_rows *p, int depth, size_t name)
{
  size_t i = p->row - 1;
  if (i == 0)
    p->notes_lost = 0;
  if (p->notes_lost)
    return;
  if (i >= p->cap_notes)
    {
      size_t cap = p->cap_notes ? 2 * p->cap_notes : 1024;
      struct row_note *a = realloc (p->notes, cap * sizeof *a);
      if (!a)
        {
          /* Out of memory: the drawing finds them again.  */
          free (p->notes);
          p->notes = NULL;
          p->cap_notes = 0;
          p->notes_lost = 1;
          return;
        }
      p->notes = a;
      p->cap_notes = cap;
    }
  p->notes[i].depth = (uint32_t) depth;
  p->notes[i].name = (uint32_t) name;
}

static void
measure_largest (struct process_rows *p, int col, uint64_t v)
{
  if (v > p->largest[col])
    p->largest[col] = v;
}

/* Row IT's extremes into its columns'.  */
static void
measure_item (struct process_rows *p, const struct process_item *it)
{
  const struct trun_mnode *n = it->node;
  size_t len, drawn_as_is = 0;
  if (n)
    {
      const char *label = n->label ? n->label : "";
      size_t name = strlen (label), max = p->label.max;
      size_t mark = n->throttled ? strlen (THROTTLED_MARK) : 0;
      if (!(max > mark + 3 && name + mark > max) && name < UINT32_MAX
          && trun_bytes_plain (label, name, '|', '|', 0))
        {
          len = p->prefix_len
                + (it->depth > 0 ? indent_of (it->depth) + 2 : 0) + name
                + mark;
          drawn_as_is = name + 1;
        }
      else
        len = label_len (&p->label, p->prefix, it->depth, label,
                         n->throttled);
    }
  else
    len = share_label (p, it);
  if (len > p->widest_label)
    p->widest_label = len;
  note_row (p, it->depth, drawn_as_is);
  const struct trun_stat *st = it->st;
  int prec = p->precision;
  double v[COL_STDDEV - COL_SUM + 1];
  stat_values (p, st, v);
  measure_largest (p, COL_COUNT, st->count);
  if (st->count == 1 && v[2] == v[0] && v[3] == v[0]
      && signbit (v[2]) == signbit (v[0]) && signbit (v[3]) == signbit (v[0]))
    {
      extent_add (&p->one, v[0], prec);
      extent_add (&p->extent[COL_STDDEV], v[4], prec);
      p->one_seen = 1;
    }
  else
    for (int i = 0; i <= COL_STDDEV - COL_SUM; i++)
      extent_add (&p->extent[COL_SUM + i], v[i], prec);
  extent_add (&p->extent[COL_SELF], trun_stat_self_percent (st), 1);
  measure_largest (p, COL_DEPTH, (uint64_t) it->depth);
  measure_largest (p, COL_THREADS, n ? n->nthreads : 1);
}

/* Every row's extremes: how many rows, and each column's width.  */
static size_t
process_measure (void *ctx, size_t *width)
{
  struct process_rows *p = ctx;
  p->measuring = 1;
  memset (p->largest, 0, sizeof p->largest);
  for (int i = 0; i < NCOL; i++)
    extent_init (&p->extent[i]);
  extent_init (&p->one);
  p->one_seen = 0;
  p->widest_label = 0;
  struct process_item it;
  size_t rows = 0;
  for (int first = 1; next_process_item (p, &it, first); first = 0)
    {
      measure_item (p, &it);
      rows++;
    }
  p->measuring = 0;
  width[COL_LABEL] = p->widest_label;
  width[COL_METRIC] = p->metric_len;
  width[COL_UNITS] = p->units_len;
  for (int i = COL_SUM; i <= COL_SELF; i++)
    width[i] = extent_width (&p->extent[i], i == COL_SELF ? 1 : p->precision);
  size_t one = p->one_seen ? extent_width (&p->one, p->precision) : 0;
  for (int i = COL_SUM; i <= COL_MAX; i++)
    if (one > width[i])
      width[i] = one;
  width[COL_COUNT] = digits_of (p->largest[COL_COUNT]);
  width[COL_DEPTH] = digits_of (p->largest[COL_DEPTH]);
  width[COL_THREADS] = digits_of (p->largest[COL_THREADS]);
  return rows;
}

static int
process_cols_drawn (void *ctx)
{
  const struct process_rows *p = ctx;
  return p->threads_seen ? NCOL : NCOL - 1;
}

/* 10^N, N < 20.  */
static const uint64_t pow10_u64[20] = {
  1ull, 10ull, 100ull, 1000ull, 10000ull, 100000ull, 1000000ull,
  10000000ull, 100000000ull, 1000000000ull, 10000000000ull,
  100000000000ull, 1000000000000ull, 10000000000000ull,
  100000000000000ull, 1000000000000000ull, 10000000000000000ull,
  100000000000000000ull, 1000000000000000000ull, 10000000000000000000ull
};

/* The values whose text fits WIDTH: integers (NEG 0), or fixed_scaled
   values of that sign with PREC decimals.  */
static uint64_t
fits_below (size_t width, int prec, int neg)
{
  size_t fixed = (size_t) neg + (prec > 0 ? (size_t) prec + 1 : 0);
  if (width < fixed + 1)
    return 0; /* not even "0" */
  size_t digits = width - fixed + (size_t) prec;
  return digits >= 20 ? UINT64_MAX : pow10_u64[digits];
}

static void
draw_setup (struct process_rows *p, const struct trun_row_layout *lay)
{
  int prec = p->precision;
  for (int col = 0; col < lay->ncols; col++)
    {
      int fixed = col >= COL_SUM && col <= COL_SELF;
      int pc = !fixed ? 0 : col == COL_SELF ? 1 : prec;
      for (int neg = 0; neg < 2; neg++)
        p->fits[col][neg] = (unsigned) pc > 9 ? 0
                            : fits_below (lay->width[col], pc, fixed && neg);
      p->memo[col].key = FIXED_NONE;
    }
}

/* Text S (N bytes) right-aligned in the WIDTH bytes that end at END; a
   text wider (a width pass's bug) is cut to the width, as the drawer
   cuts any cell.  */
static void
put_right (char *end, size_t width, const char *s, size_t n)
{
  if (n > width)
    n = width;
  trun_copy_short (end - n, s, n);
}

static void
draw_u64 (const struct process_rows *p, char *line,
          const struct trun_row_layout *lay, int col, uint64_t v)
{
  char *end = line + lay->at[col] + lay->width[col];
  if (v < p->fits[col][0])
    {
      trun_digits_before (end, v);
      return;
    }
  char cell[24];
  const char *q = trun_digits_before (cell + sizeof cell, v);
  put_right (end, lay->width[col], q, (size_t) (cell + sizeof cell - q));
}

/* "%.*f" of V in column COL, written where it is shown, when it is
   not the column's last text; SCALED: fixed_scaled (V, PREC).  */
static __attribute__ ((noinline)) void
draw_fixed_new (struct process_rows *p, char *line,
                const struct trun_row_layout *lay, int col, double v,
                int prec, uint64_t scaled)
{
  char *end = line + lay->at[col] + lay->width[col];
  int neg = signbit (v) != 0;
  if (scaled != FIXED_NONE && scaled < p->fits[col][neg])
    {
      uint64_t key = scaled << 1 | (uint64_t) neg;
      size_t n;
      /* SUM, MEAN, MIN and MAX of a single call: the text just drawn to
         the left.  */
      if (col > COL_SUM && col <= COL_STDDEV && key == p->memo[col - 1].key)
        {
          n = p->memo[col - 1].len;
          trun_copy_short (end - n, p->memo[col - 1].text, n);
          trun_copy_short (p->memo[col].text, p->memo[col - 1].text, n);
        }
      else
        {
          char *q = fixed_before (end, scaled, prec, neg);
          n = (size_t) (end - q);
          trun_copy_short (p->memo[col].text, q, n);
        }
      p->memo[col].len = n;
      p->memo[col].key = key;
      return;
    }
  char cell[CELL_MAX];
  size_t n;
  const char *q = fmt_fixed_at (cell, v, prec, &n);
  put_right (end, lay->width[col], q, n);
}

/* The same, the column's last text copied when it is V's.  */
static inline void
draw_fixed (struct process_rows *p, char *line,
            const struct trun_row_layout *lay, int col, double v, int prec,
            uint64_t scaled)
{
  uint64_t key = scaled << 1 | (uint64_t) (signbit (v) != 0);
  if (__builtin_expect (scaled != FIXED_NONE && key == p->memo[col].key, 1))
    {
      size_t n = p->memo[col].len;
      trun_copy_short (line + lay->at[col] + lay->width[col] - n,
                       p->memo[col].text, n);
      return;
    }
  draw_fixed_new (p, line, lay, col, v, prec, scaled);
}

/* Row IT's label, left-aligned in its column: a name with nothing to
   escape or cut copied once, straight into the line (the indentation's
   spaces are the blank line's); any other through make_label.  */
static void
draw_label (struct process_rows *p, char *line,
            const struct trun_row_layout *lay, const struct process_item *it)
{
  char *o = line + lay->at[COL_LABEL];
  size_t width = lay->width[COL_LABEL], len;
  const struct trun_mnode *n = it->node;
  if (n)
    {
      const char *label = n->label ? n->label : "";
      const struct row_note *note = p->notes ? &p->notes[p->row - 1] : NULL;
      size_t name = note ? (size_t) note->name - 1 : strlen (label);
      size_t pl = p->prefix_len;
      size_t mark = n->throttled ? strlen (THROTTLED_MARK) : 0;
      size_t ind = it->depth > 0 ? indent_of (it->depth) + 2 : 0;
      size_t max = p->label.max;
      if ((note ? note->name != 0
                : !(max > mark + 3 && name + mark > max)
                      && trun_bytes_plain (label, name, '|', '|', 0))
          && pl + ind + name + mark <= width)
        {
          trun_copy_short (o, p->prefix, pl);
          if (ind)
            memcpy (o + pl + ind - 2, "|_", 2);
          trun_copy_short (o + pl + ind, label, name);
          memcpy (o + pl + ind + name, THROTTLED_MARK, mark);
          return;
        }
      len = make_label (&p->label, p->prefix, it->depth, label, n->throttled);
    }
  else
    len = share_label (p, it);
  memcpy (o, p->label.buf, len < width ? len : width);
}

/* The next row, drawn into LINE.  */
static int
process_draw (void *ctx, char *line, const struct trun_row_layout *lay,
              int first)
{
  struct process_rows *p = ctx;
  struct process_item it;
  if (first)
    draw_setup (p, lay);
  if (!next_process_item (p, &it, first))
    return 0;
  draw_label (p, line, lay, &it);
  const struct trun_stat *st = it.st;
  draw_u64 (p, line, lay, COL_COUNT, st->count);
  draw_u64 (p, line, lay, COL_DEPTH, (uint64_t) it.depth);
  double v[COL_STDDEV - COL_SUM + 1];
  stat_values (p, st, v);
  int prec = p->precision;
  uint64_t scaled = FIXED_NONE;
  for (int i = 0; i <= COL_STDDEV - COL_SUM; i++)
    {
      /* A value equal to the one before it in the row (a single call's
         sum, mean, min and max) is rounded once.  */
      if (i == 0 || v[i] != v[i - 1] || signbit (v[i]) != signbit (v[i - 1]))
        scaled = fixed_scaled (v[i], prec);
      draw_fixed (p, line, lay, COL_SUM + i, v[i], prec, scaled);
    }
  double self = trun_stat_self_percent (st);
  draw_fixed (p, line, lay, COL_SELF, self, 1, fixed_scaled (self, 1));
  if (lay->ncols > COL_THREADS)
    draw_u64 (p, line, lay, COL_THREADS, it.node ? it.node->nthreads : 1);
  return 1;
}

static const struct trun_settings default_settings = {
  .precision = 3, .width = 6, .memory_units = "MB",
  .memory_scale = 1048576.0, .timing_units = "sec", .timing_scale = 1.0,
  .max_width = 120
};

/* Where a table's stdout copy goes (report/table.c's copy fields).  */
struct copy_to
{
  FILE *f;
  size_t max_rows;
  const char *file;
};

static void
table_copy (struct trun_table *tab, const struct copy_to *cp)
{
  if (!cp)
    return;
  tab->copy = cp->f;
  tab->copy_max_rows = cp->max_rows;
  tab->copy_file = cp->file;
}

static void
process_table (FILE *out, const struct copy_to *cp, const struct trun_mtree *t,
               int comp, int trace, int rank, const struct trun_settings *s)
{
  if ((!out && !(cp && cp->f)) || !t || comp < 0 || comp >= TRUN_NCOMP)
    return;
  if ((unsigned) comp >= t->nstat)
    return; /* no node can hold it: the table would have no rows */
  if (!s)
    s = &default_settings;
  const struct trun_component *cm = &trun_components[comp];
  struct process_rows p;
  memset (&p, 0, sizeof p);
  p.tree = t;
  p.comp = comp;
  int width;
  p.precision = trun_component_format (comp, s, &width);
  p.label.max = (size_t) s->max_width;
  p.scale = trun_component_scale (comp, s, &p.units);
  p.metric = cm->label;
  p.metric_len = strlen (p.metric);
  p.units_len = strlen (p.units);
  if (rank >= 0)
    snprintf (p.prefix, sizeof p.prefix, "|%d>>> ", rank);
  else
    snprintf (p.prefix, sizeof p.prefix, ">>> ");
  p.prefix_len = strlen (p.prefix);
  p.dt.tree = t;
  p.dt.comp = comp;
  char title[1024];
  snprintf (title, sizeof title, "%s%s", trace ? "[TRACE] " : "",
            cm->description);
  const char *fixed[NCOL] = { [COL_METRIC] = p.metric, [COL_UNITS] = p.units };
  struct trun_table tab = { title, process_cols, NCOL, width, 10, 0,
                            NULL, &p, NULL, 0, NULL,
                            process_cols_drawn, process_measure,
                            process_draw, fixed };
  table_copy (&tab, cp);
  trun_table_draw (out, &tab);
  free (p.shares);
  free (p.notes);
  free (p.dt.shown);
  free (p.dt.recorded);
  free (p.label.buf);
}

void
trun_report_table (FILE *out, const struct trun_mtree *t, int comp, int trace,
                   int rank, const struct trun_settings *s)
{
  if (out)
    process_table (out, NULL, t, comp, trace, rank, s);
}

/* ------------------------------------------------------------------ */
/* The table across ranks                                             */

enum
{
  JCOL_LABEL,
  JCOL_COUNT,
  JCOL_DEPTH,
  JCOL_METRIC,
  JCOL_UNITS,
  JCOL_NRANKS,
  JCOL_RANKS,
  JCOL_SUM,
  JCOL_MEAN,
  JCOL_MIN,
  JCOL_MIN_RANK,
  JCOL_MAX,
  JCOL_MAX_RANK,
  JCOL_IMBALANCE,
  NJCOL
};

#define JCOL(h, left)                                                         \
  {                                                                           \
    h, TRUN_ALIGN_CENTER, (left) ? TRUN_ALIGN_LEFT : TRUN_ALIGN_RIGHT,        \
        (left) ? 0 : TRUN_WIDTH_SETTING                                       \
  }
static const struct trun_column job_cols[NJCOL] = {
  JCOL ("LABEL", 1), JCOL ("COUNT", 0),    JCOL ("DEPTH", 0),
  JCOL ("METRIC", 1), JCOL ("UNITS", 1),   JCOL ("NRANKS", 0),
  JCOL ("RANKS", 1),  JCOL ("SUM", 0),     JCOL ("MEAN", 0),
  JCOL ("MIN", 0),    JCOL ("MIN RANK", 0), JCOL ("MAX", 0),
  JCOL ("MAX RANK", 0), JCOL ("IMBALANCE %", 0),
};

struct job_rows
{
  const struct trun_mtree *tree;
  int comp;
  int precision;
  double scale;
  const char *metric, *units;
  const struct trun_mnode *next;
  struct depth_track dt;
  struct label_buf label;
  char cell[NJCOL][CELL_MAX];
};

static size_t
fmt_int (char *buf, long v)
{
  if (v < 0)
    {
      buf[0] = '-';
      return 1 + trun_fmt_u64 (buf + 1, (uint64_t) -v);
    }
  return trun_fmt_u64 (buf, (uint64_t) v);
}

static int
job_row (void *ctx, struct trun_cells *c, int first)
{
  struct job_rows *p = ctx;
  const struct trun_mnode *root = &p->tree->root;
  const struct trun_mnode *n = first ? trun_mnode_next (root, root) : p->next;
  for (; n; n = trun_mnode_next (n, root))
    {
      /* Every node of the path, shown or not: its depth in this
         component's own tree.  */
      int depth = track_depth (&p->dt, n);
      struct trun_across x;
      if (!trun_across_ranks (p->tree, n, p->comp, &x))
        continue;
      double k = p->scale;
      int prec = p->precision;
      c->len[JCOL_LABEL] = make_label (&p->label, ">>> ", depth, n->label,
                                      n->throttled);
      c->text[JCOL_LABEL] = p->label.buf;
      c->len[JCOL_COUNT] = trun_fmt_u64 (p->cell[JCOL_COUNT], x.count);
      c->len[JCOL_DEPTH] = fmt_int (p->cell[JCOL_DEPTH], depth);
      c->text[JCOL_METRIC] = p->metric;
      c->len[JCOL_METRIC] = strlen (p->metric);
      c->text[JCOL_UNITS] = p->units;
      c->len[JCOL_UNITS] = strlen (p->units);
      c->len[JCOL_NRANKS] = trun_fmt_u64 (p->cell[JCOL_NRANKS], x.nranks);
      trun_rank_list (n, p->cell[JCOL_RANKS], CELL_MAX);
      c->len[JCOL_RANKS] = strlen (p->cell[JCOL_RANKS]);
      c->len[JCOL_SUM] = fmt_fixed (p->cell[JCOL_SUM], x.sum / k, prec);
      c->len[JCOL_MEAN] = fmt_fixed (p->cell[JCOL_MEAN],
                                     x.sum / x.nranks / k, prec);
      c->len[JCOL_MIN] = fmt_fixed (p->cell[JCOL_MIN], x.min / k, prec);
      c->len[JCOL_MIN_RANK] = fmt_int (p->cell[JCOL_MIN_RANK], x.min_rank);
      c->len[JCOL_MAX] = fmt_fixed (p->cell[JCOL_MAX], x.max / k, prec);
      c->len[JCOL_MAX_RANK] = fmt_int (p->cell[JCOL_MAX_RANK], x.max_rank);
      c->len[JCOL_IMBALANCE] = fmt_fixed (p->cell[JCOL_IMBALANCE],
                                          100.0 * trun_across_imbalance (&x),
                                          1);
      for (int i = 0; i < NJCOL; i++)
        if (i != JCOL_LABEL && i != JCOL_METRIC && i != JCOL_UNITS)
          c->text[i] = p->cell[i];
      p->next = trun_mnode_next (n, root);
      return 1;
    }
  p->next = NULL;
  return 0;
}

static void
job_table (FILE *out, const struct copy_to *cp, const struct trun_report *r,
           int d, int comp)
{
  const struct trun_settings *s = r->settings;
  const struct trun_component *cm = &trun_components[comp];
  struct job_rows p;
  memset (&p, 0, sizeof p);
  p.tree = r->tree[d];
  p.comp = comp;
  p.dt.tree = p.tree;
  p.dt.comp = comp;
  p.dt.job = 1;
  int width;
  p.precision = trun_component_format (comp, s, &width);
  p.label.max = (size_t) s->max_width;
  p.scale = trun_component_scale (comp, s, &p.units);
  p.metric = cm->label;
  char title[1024], missing[256];
  trun_missing_ranks (r, missing, sizeof missing);
  snprintf (title, sizeof title, "%s (%sACROSS %d MPI RANKS%s%s)",
            cm->description, d == TRUN_DOMAIN_TRACE ? "TRACE MODE, " : "",
            r->nranks, *missing ? ", NO REPORT FROM RANKS " : "", missing);
  struct trun_table tab = { title,  job_cols, NJCOL, width, 10, 0,
                            job_row, &p, NULL, 0, NULL, NULL, NULL, NULL,
                            NULL };
  table_copy (&tab, cp);
  trun_table_draw (out, &tab);
  free (p.label.buf);
  free (p.dt.shown);
  free (p.dt.recorded);
}

/* ------------------------------------------------------------------ */
/* The writer                                                         */

static int
has (trun_mask_t m, int comp)
{
  return (m & ((trun_mask_t) 1 << comp)) != 0;
}

static void
put_topology_line (const struct trun_report *r, FILE *f)
{
  const char *line = r->info ? r->info->topology_line : NULL;
  if (line)
    fprintf (f, "# %s\n", line);
}

/* Everything for domain D and component COMP, on OUT; KIND 0: the
   process table (an MPI rank's rows marked with its rank), 1: the table
   across ranks.  */
static void
tables (FILE *out, const struct copy_to *cp, const struct trun_report *r,
        int d, int comp, int kind)
{
  if (kind == 0)
    process_table (out, cp, r->tree[d], comp, d == TRUN_DOMAIN_TRACE,
                   r->info ? r->info->rank : -1, r->settings);
  else
    job_table (out, cp, r, d, comp);
}

/* One table of the report: its domain, component and kind (0: process
   table, 1: across ranks).  */
struct table_ref
{
  int d, comp, kind;
};

/* Every table the report has, in the order they are written.  Returns
   how many (at most MAX).  */
static size_t
list_tables (const struct trun_report *r, struct table_ref *t, size_t max)
{
  int kind = r->kind == TRUN_REPORT_PROCESS ? 0 : 1;
  if (kind == 1 && !r->aggregate)
    return 0;
  size_t n = 0;
  for (int d = 0; d < TRUN_NDOMAIN; d++)
    {
      trun_mask_t m = trun_report_components (r, d);
      for (int c = 0; c < TRUN_NCOMP && n < max; c++)
        if (has (m, c))
          t[n++] = (struct table_ref){ d, c, kind };
    }
  return n;
}

#define MAX_TABLES (TRUN_NDOMAIN * TRUN_NCOMP)

/* The stdout copies, drawn with the files (so no row is formatted twice)
   and printed by text_console after every writer's files.  */
static struct
{
  char *buf[MAX_TABLES];
  size_t len[MAX_TABLES];
  size_t n;
  int valid;  /* the copies of this report are all here */
  int failed; /* a file could not be written: print every row */
} copies;

static void
copies_free (void)
{
  for (size_t i = 0; i < copies.n; i++)
    free (copies.buf[i]);
  copies.n = 0;
  copies.valid = 0;
}

static int
text_files (const struct trun_report *r)
{
  static const char *const suffix[] = { "", "-mpi" };
  copies_free ();
  copies.failed = 0;
  if (!r->settings->text_output || !r->settings->file_output)
    return 0;
  struct table_ref t[MAX_TABLES];
  size_t n = list_tables (r, t, MAX_TABLES);
  int failed = 0, keep = r->settings->cout_output;
  for (size_t i = 0; i < n; i++)
    {
      char name[256];
      snprintf (name, sizeof name, "%s%s%s.txt",
                t[i].d == TRUN_DOMAIN_TRACE ? "trace-" : "",
                trun_components[t[i].comp].label, suffix[t[i].kind]);
      struct trun_out *o = trun_out_open (r, name);
      if (!o)
        {
          failed = 1;
          continue;
        }
      if (t[i].kind == 0)
        put_topology_line (r, trun_out_stream (o));
      char *path = NULL;
      struct copy_to cp = { NULL, (size_t) r->settings->cout_max_rows, NULL };
      if (keep)
        {
          copies.buf[copies.n] = NULL;
          copies.len[copies.n] = 0;
          cp.f = open_memstream (&copies.buf[copies.n], &copies.len[copies.n]);
          size_t pn = strlen (r->output_dir) + strlen (trun_out_name (o)) + 2;
          path = malloc (pn);
          if (path)
            snprintf (path, pn, "%s/%s", r->output_dir, trun_out_name (o));
          cp.file = path;
          keep = cp.f != NULL;
        }
      tables (trun_out_stream (o), keep ? &cp : NULL, r, t[i].d, t[i].comp,
              t[i].kind);
      if (keep)
        {
          keep = fclose (cp.f) == 0;
          copies.n++;
        }
      free (path);
      failed |= trun_out_close (o) != 0;
    }
  copies.valid = keep && !failed && r->settings->cout_output;
  copies.failed = failed;
  return failed;
}

/* On stdout the machine summary comes once, above the first table.
   Each table is cut after TRUN_COUT_MAX_ROWS rows, unless its file could
   not be written.  */
static void
text_console (const struct trun_report *r, FILE *out)
{
  if (copies.valid)
    {
      put_topology_line (r, out);
      for (size_t i = 0; i < copies.n; i++)
        {
          fwrite (copies.buf[i], 1, copies.len[i], out);
          fflush (out);
        }
      copies_free ();
      return;
    }
  copies_free ();
  struct table_ref t[MAX_TABLES];
  size_t n = list_tables (r, t, MAX_TABLES);
  struct copy_to cp = { out,
                        copies.failed ? 0
                                      : (size_t) r->settings->cout_max_rows,
                        NULL };
  int topology_done = 0;
  for (size_t i = 0; i < n; i++)
    {
      if (t[i].kind == 0 && !topology_done++)
        put_topology_line (r, out);
      tables (NULL, &cp, r, t[i].d, t[i].comp, t[i].kind);
      fflush (out);
    }
}

const struct trun_writer trun_text_writer = { "text", text_files, text_console };
