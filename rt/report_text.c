/* rt/report_text.c -- the timemory-layout text table for one component of
 * one merged tree: bordered title with the upper-cased description, the
 * LABEL COUNT DEPTH METRIC UNITS SUM MEAN MIN MAX STDDEV % SELF header,
 * one row per node that recorded the component (depth-first, children in
 * first-seen order), a separator after every 10 rows.
 *
 * Column width = max(header, widest cell, settings width); the LABEL
 * column ignores the settings width.  Cells are padded by one space on
 * each side.  Numbers are formatted twice (once to measure, once to
 * print) instead of being stored, so a million-row table needs no
 * per-row memory.
 */
#define _GNU_SOURCE /* unlocked stdio */
#include <ctype.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"

enum col
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
  NCOL
};

enum align
{
  ALIGN_LEFT,
  ALIGN_RIGHT,
  ALIGN_CENTER /* extra space goes right when odd */
};

/* Header text and alignment exactly as timemory lays them out.  */
static const char *const col_header[NCOL] = {
  "LABEL", "COUNT", "DEPTH", "METRIC", "UNITS", "SUM",
  "MEAN",  "MIN",   "MAX",   "STDDEV", "% SELF"
};
static const enum align col_header_align[NCOL] = {
  ALIGN_CENTER, ALIGN_CENTER, ALIGN_CENTER, ALIGN_LEFT,
  ALIGN_LEFT,   ALIGN_CENTER, ALIGN_LEFT,   ALIGN_CENTER,
  ALIGN_CENTER, ALIGN_CENTER, ALIGN_CENTER
};
static const enum align col_value_align[NCOL] = {
  ALIGN_LEFT,  ALIGN_RIGHT, ALIGN_RIGHT, ALIGN_LEFT,
  ALIGN_LEFT,  ALIGN_RIGHT, ALIGN_RIGHT, ALIGN_RIGHT,
  ALIGN_RIGHT, ALIGN_RIGHT, ALIGN_RIGHT
};

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

static size_t
fmt_u64 (char *buf, uint64_t v)
{
  char tmp[24];
  size_t n = 0;
  do
    {
      tmp[n++] = (char) ('0' + v % 10);
      v /= 10;
    }
  while (v);
  for (size_t i = 0; i < n; i++)
    buf[i] = tmp[n - 1 - i];
  buf[n] = '\0';
  return n;
}

/* "%.*f" of X.  The common case is done by integer arithmetic (printf is
   the cost of a big table); values whose rounding is a near tie, huge
   values and non-finite ones go through snprintf so the text is always
   what printf gives.  */
static size_t
fmt_fixed (char *buf, double x, int prec)
{
  static const double pow10[] = { 1e0, 1e1, 1e2, 1e3, 1e4, 1e5,
                                   1e6, 1e7, 1e8, 1e9 };
  if (prec >= 0 && prec <= 9 && isfinite (x) && fabs (x) < 1e9)
    {
      double y = fabs (x) * pow10[prec];
      double fl = floor (y);
      double frac = y - fl;
      if (fabs (frac - 0.5) > 1e-6)
        {
          uint64_t scaled = (uint64_t) fl + (frac > 0.5);
          uint64_t unit = (uint64_t) pow10[prec];
          size_t n = 0;
          if (signbit (x))
            buf[n++] = '-';
          n += fmt_u64 (buf + n, scaled / unit);
          if (prec > 0)
            {
              uint64_t fracpart = scaled % unit;
              buf[n++] = '.';
              for (int i = prec - 1; i >= 0; i--)
                {
                  buf[n + (size_t) i] = (char) ('0' + fracpart % 10);
                  fracpart /= 10;
                }
              n += (size_t) prec;
            }
          buf[n] = '\0';
          return n;
        }
    }
  int n = snprintf (buf, CELL_MAX, "%.*f", prec < 0 ? 0 : prec, x);
  if (n < 0)
    n = 0;
  if (n >= CELL_MAX)
    n = CELL_MAX - 1;
  return (size_t) n;
}

/* ------------------------------------------------------------------ */
/* Rows                                                               */


/* The cells of one row except LABEL.  */
struct row
{
  char cell[NCOL][CELL_MAX];
  size_t len[NCOL];
};

struct table_ctx
{
  const struct trun_mtree *tree;
  int comp;
  int precision;
  double scale; /* base units per displayed unit */
  const char *metric;
  const char *units;
  char prefix[32]; /* ">>> " or "|N>>> " */
  size_t prefix_len;
};

static void
set_text (struct row *r, int col, const char *s)
{
  size_t n = strlen (s);
  if (n >= CELL_MAX)
    n = CELL_MAX - 1;
  memcpy (r->cell[col], s, n);
  r->cell[col][n] = '\0';
  r->len[col] = n;
}

/* A component's table is its own tree, as in timemory: a node's depth
   counts only the ancestors that recorded the component (a region opened
   before the component was switched on is not a level of that table).
   Tracked along the current pre-order path so it costs O(1) per node.  */
struct depth_track
{
  const struct trun_mtree *tree;
  int comp;
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
  t->recorded[d] = trun_mnode_stat (t->tree, n, t->comp)->count > 0;
  return shown;
}

static void
fill_row (struct row *r, const struct table_ctx *c, const struct trun_mnode *n,
          int depth)
{
  const struct trun_stat *st = trun_mnode_stat (c->tree, n, c->comp);
  r->len[COL_LABEL] = 0;
  r->len[COL_COUNT] = fmt_u64 (r->cell[COL_COUNT], st->count);
  r->len[COL_DEPTH] = fmt_u64 (r->cell[COL_DEPTH], (uint64_t) depth);
  set_text (r, COL_METRIC, c->metric);
  set_text (r, COL_UNITS, c->units);
  r->len[COL_SUM] = fmt_fixed (r->cell[COL_SUM], st->sum / c->scale, c->precision);
  r->len[COL_MEAN] = fmt_fixed (r->cell[COL_MEAN], trun_stat_mean (st) / c->scale,
                                c->precision);
  r->len[COL_MIN] = fmt_fixed (r->cell[COL_MIN], st->min / c->scale, c->precision);
  r->len[COL_MAX] = fmt_fixed (r->cell[COL_MAX], st->max / c->scale, c->precision);
  r->len[COL_STDDEV] = fmt_fixed (r->cell[COL_STDDEV],
                                  trun_stat_stddev (st) / c->scale, c->precision);
  r->len[COL_SELF] = fmt_fixed (r->cell[COL_SELF], trun_stat_self_percent (st), 1);
}

/* Width of the LABEL cell of N: prefix, two spaces per depth beyond 1,
   "|_" below depth 0, the label.  */
static size_t
label_width (const struct table_ctx *c, const struct trun_mnode *n, int depth)
{
  size_t w = c->prefix_len + strlen (n->label ? n->label : "");
  if (depth > 0)
    w += indent_of (depth) + 2;
  return w;
}

/* ------------------------------------------------------------------ */
/* Output                                                             */

/* A growable line buffer: each line is built whole, then written once.  */
struct line
{
  char *buf;
  size_t len, cap;
};

static void
line_reserve (struct line *l, size_t extra)
{
  if (l->len + extra + 1 <= l->cap)
    return;
  size_t cap = l->cap ? l->cap : 256;
  while (cap < l->len + extra + 1)
    cap *= 2;
  char *p = realloc (l->buf, cap);
  if (!p)
    abort (); /* out of memory while reporting: nothing sensible left */
  l->buf = p;
  l->cap = cap;
}

static void
line_put (struct line *l, const char *s, size_t n)
{
  line_reserve (l, n);
  memcpy (l->buf + l->len, s, n);
  l->len += n;
}

static void
line_fill (struct line *l, char ch, size_t n)
{
  line_reserve (l, n);
  memset (l->buf + l->len, ch, n);
  l->len += n;
}

static void
line_flush (struct line *l, FILE *out)
{
  line_put (l, "\n", 1);
  fwrite_unlocked (l->buf, 1, l->len, out); /* caller holds the lock */
  l->len = 0;
}

/* " TEXT " padded to WIDTH inside, then "|".  */
static void
put_cell (struct line *l, const char *s, size_t n, size_t width, enum align a)
{
  size_t pad = width > n ? width - n : 0;
  size_t left = a == ALIGN_RIGHT ? pad : a == ALIGN_CENTER ? pad / 2 : 0;
  line_put (l, " ", 1);
  line_fill (l, ' ', left);
  line_put (l, s, n);
  line_fill (l, ' ', pad - left);
  line_put (l, " |", 2);
}

static size_t
table_width (const size_t *width)
{
  size_t total = 1;
  for (int i = 0; i < NCOL; i++)
    total += width[i] + 3;
  return total;
}

static void
put_full_rule (struct line *l, FILE *out, const size_t *width)
{
  line_put (l, "|", 1);
  line_fill (l, '-', table_width (width) - 2);
  line_put (l, "|", 1);
  line_flush (l, out);
}

static void
put_column_rule (struct line *l, FILE *out, const size_t *width)
{
  line_put (l, "|", 1);
  for (int i = 0; i < NCOL; i++)
    {
      line_fill (l, '-', width[i] + 2);
      line_put (l, "|", 1);
    }
  line_flush (l, out);
}

/* The title centred (extra space left when odd); a title wider than the
   table overflows it the way timemory's does.  */
static void
put_title (struct line *l, FILE *out, const size_t *width, const char *title)
{
  size_t inner = table_width (width) - 2;
  size_t n = strlen (title);
  size_t pad = inner > n ? inner - n : 0;
  size_t left = (pad + 1) / 2;
  line_put (l, "|", 1);
  line_fill (l, ' ', left);
  for (size_t i = 0; i < n; i++)
    {
      char ch = (char) toupper ((unsigned char) title[i]);
      line_put (l, &ch, 1);
    }
  line_fill (l, ' ', pad - left);
  line_put (l, "|", 1);
  line_flush (l, out);
}

static void
put_label_cell (struct line *l, const struct table_ctx *c,
                const struct trun_mnode *n, int depth, size_t width)
{
  size_t start = l->len;
  line_put (l, " ", 1);
  line_put (l, c->prefix, c->prefix_len);
  if (depth > 0)
    {
      line_fill (l, ' ', indent_of (depth));
      line_put (l, "|_", 2);
    }
  const char *label = n->label ? n->label : "";
  line_put (l, label, strlen (label));
  size_t used = l->len - start - 1;
  line_fill (l, ' ', width > used ? width - used : 0);
  line_put (l, " |", 2);
}

/* ------------------------------------------------------------------ */

void
trun_report_table (FILE *out, const struct trun_mtree *t, int comp, int trace,
                   int rank, const struct trun_settings *s)
{
  static const struct trun_settings defaults = {
    .precision = 3, .width = 6, .memory_units = "MB",
    .memory_scale = 1048576.0, .timing_units = "sec", .timing_scale = 1.0
  };
  if (!out || !t || comp < 0 || comp >= TRUN_NCOMP)
    return;
  if ((unsigned) comp >= t->nstat)
    return; /* no node can hold it: the table would have no rows */
  if (!s)
    s = &defaults;
  const struct trun_component *cm = &trun_components[comp];

  struct table_ctx c;
  c.tree = t;
  c.comp = comp;
  c.precision = s->precision;
  c.scale = trun_component_scale (comp, s, &c.units);
  c.metric = cm->label;
  if (rank >= 0)
    snprintf (c.prefix, sizeof c.prefix, "|%d>>> ", rank);
  else
    snprintf (c.prefix, sizeof c.prefix, ">>> ");
  c.prefix_len = strlen (c.prefix);

  /* Pass 1: widths and row count.  */
  size_t width[NCOL];
  for (int i = 0; i < NCOL; i++)
    {
      width[i] = strlen (col_header[i]);
      if (i != COL_LABEL && s->width > 0 && (size_t) s->width > width[i])
        width[i] = (size_t) s->width;
    }
  struct row r;
  size_t nrows = 0;
  struct depth_track dt = { t, comp, NULL, NULL, 0 };
  const struct trun_mnode *root = &t->root;
  for (const struct trun_mnode *n = trun_mnode_next (root, root); n;
       n = trun_mnode_next (n, root))
    {
      int depth = track_depth (&dt, n);
      if (trun_mnode_stat (t, n, comp)->count == 0)
        continue;
      nrows++;
      fill_row (&r, &c, n, depth);
      size_t lw = label_width (&c, n, depth);
      if (lw > width[COL_LABEL])
        width[COL_LABEL] = lw;
      for (int i = 1; i < NCOL; i++)
        if (r.len[i] > width[i])
          width[i] = r.len[i];
    }
  if (nrows == 0)
    {
      free (dt.shown);
      free (dt.recorded);
      return;
    }

  /* Pass 2: print.  */
  flockfile (out);
  struct line l = { NULL, 0, 0 };
  char title[1024];
  snprintf (title, sizeof title, "%s%s", trace ? "[TRACE] " : "",
            cm->description);
  put_full_rule (&l, out, width);
  put_title (&l, out, width, title);
  put_full_rule (&l, out, width);
  line_put (&l, "|", 1);
  for (int i = 0; i < NCOL; i++)
    put_cell (&l, col_header[i], strlen (col_header[i]), width[i],
              col_header_align[i]);
  line_flush (&l, out);
  put_column_rule (&l, out, width);

  size_t printed = 0;
  for (const struct trun_mnode *n = trun_mnode_next (root, root); n;
       n = trun_mnode_next (n, root))
    {
      int depth = track_depth (&dt, n);
      if (trun_mnode_stat (t, n, comp)->count == 0)
        continue;
      if (printed > 0 && printed % 10 == 0)
        put_column_rule (&l, out, width);
      fill_row (&r, &c, n, depth);
      line_put (&l, "|", 1);
      put_label_cell (&l, &c, n, depth, width[COL_LABEL]);
      for (int i = 1; i < NCOL; i++)
        put_cell (&l, r.cell[i], r.len[i], width[i], col_value_align[i]);
      line_flush (&l, out);
      printed++;
    }
  put_full_rule (&l, out, width);
  funlockfile (out);
  free (l.buf);
  free (dt.shown);
  free (dt.recorded);
}
