/* rt/report/table.c -- the one table drawer, in timemory's layout:
 *
 *   |---------------------------|    full rule
 *   |      TITLE (UPPER CASE)   |    centred, extra space left when odd
 *   |---------------------------|
 *   | LABEL | COUNT | ...       |    headers aligned per column
 *   |-------|-------|-----------|    column rule, again every 10 rows
 *   | >>> f |     1 | ...       |
 *   |---------------------------|    full rule
 *
 * (Tables of groups, such as the coverage report, ask for full rules
 * above each group instead of a column rule every 10 rows.)
 *
 * Column width = max(header, widest cell, the settings width for numeric
 * columns); cells are padded by one space each side.  Rows come from a
 * callback, once: their cells are kept in large blocks while the widths
 * are measured, then drawn (and freed), so no cell is formatted twice.
 * A table that measures its columns without its rows instead draws each
 * row straight into the output block, on a copy of the row's blank line
 * (its constant cells in it): nothing is formatted elsewhere and copied.
 * Each line is built whole and written once, to the file and to the
 * (capped) copy for stdout.
 */
#define _GNU_SOURCE /* unlocked stdio */
#include "report/writers.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

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

struct sink;
static void sink_line (struct line *l, struct sink *k);

/* " TEXT " padded to WIDTH inside, then "|".  */
static void
put_cell (struct line *l, const char *s, size_t n, size_t width,
          enum trun_align a)
{
  size_t pad = width > n ? width - n : 0;
  size_t left = a == TRUN_ALIGN_RIGHT ? pad : a == TRUN_ALIGN_CENTER ? pad / 2 : 0;
  line_put (l, " ", 1);
  line_fill (l, ' ', left);
  line_put (l, s, n);
  line_fill (l, ' ', pad - left);
  line_put (l, " |", 2);
}

static size_t
table_width (const size_t *width, int ncols)
{
  size_t total = 1;
  for (int i = 0; i < ncols; i++)
    total += width[i] + 3;
  return total;
}

/* A rule without column marks, after what L holds.  */
static void
full_rule (struct line *l, const size_t *width, int ncols)
{
  line_put (l, "|", 1);
  line_fill (l, '-', table_width (width, ncols) - 2);
  line_put (l, "|", 1);
}

/* A rule with a mark at each column's edge.  */
static void
column_rule (struct line *l, const size_t *width, int ncols)
{
  line_put (l, "|", 1);
  for (int i = 0; i < ncols; i++)
    {
      line_fill (l, '-', width[i] + 2);
      line_put (l, "|", 1);
    }
}

static void
put_full_rule (struct line *l, struct sink *out, const size_t *width, int ncols)
{
  full_rule (l, width, ncols);
  sink_line (l, out);
}

/* A title wider than the table overflows it, as timemory's does.  */
static void
put_title (struct line *l, struct sink *out, const size_t *width, int ncols,
           const char *title)
{
  size_t inner = table_width (width, ncols) - 2;
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
  sink_line (l, out);
}

/* ---- the rows, kept between measuring and drawing ---- */

/* A row in a block: rule_before, then per column its length (uint32_t)
   and its bytes.  */
struct row_block
{
  struct row_block *next;
  size_t used, cap;
  char data[];
};

#define ROW_BLOCK (4u << 20)
/* The first block: a short run's table has a few rows (4 MB was an mmap
   and a munmap of its own).  */
#define ROW_FIRST_BLOCK (64u << 10)

struct rows
{
  struct row_block *first, *last;
};

static void *
rows_take (struct rows *r, size_t n)
{
  if (!r->last || r->last->cap - r->last->used < n)
    {
      size_t block = r->last ? ROW_BLOCK : ROW_FIRST_BLOCK;
      size_t cap = n > block ? n : block;
      struct row_block *b = malloc (sizeof *b + cap);
      if (!b)
        abort (); /* out of memory while reporting */
      b->next = NULL;
      b->used = 0;
      b->cap = cap;
      if (r->last)
        r->last->next = b;
      else
        r->first = b;
      r->last = b;
    }
  void *p = r->last->data + r->last->used;
  r->last->used += n;
  return p;
}

static void
rows_keep (struct rows *r, const struct trun_cells *c, int ncols)
{
  size_t n = sizeof (uint32_t);
  for (int i = 0; i < ncols; i++)
    n += sizeof (uint32_t) + c->len[i];
  char *p = rows_take (r, n);
  uint32_t v = (uint32_t) c->rule_before;
  memcpy (p, &v, sizeof v);
  p += sizeof v;
  for (int i = 0; i < ncols; i++)
    {
      v = (uint32_t) c->len[i];
      memcpy (p, &v, sizeof v);
      trun_copy_short (p + sizeof v, c->text[i], c->len[i]);
      p += sizeof v + c->len[i];
    }
}

/* The next kept row into C (pointing into the block); 0 after the last. */
struct rows_pos
{
  struct row_block *b;
  size_t at;
};

static int
rows_next (struct rows_pos *pos, struct trun_cells *c, int ncols)
{
  while (pos->b && pos->at >= pos->b->used)
    {
      pos->b = pos->b->next;
      pos->at = 0;
    }
  if (!pos->b)
    return 0;
  const char *p = pos->b->data + pos->at;
  uint32_t v;
  memcpy (&v, p, sizeof v);
  c->rule_before = (int) v;
  p += sizeof v;
  for (int i = 0; i < ncols; i++)
    {
      memcpy (&v, p, sizeof v);
      c->len[i] = v;
      c->text[i] = p + sizeof v;
      p += sizeof v + v;
    }
  pos->at = (size_t) (p - pos->b->data);
  return 1;
}

static void
rows_free (struct rows *r)
{
  for (struct row_block *b = r->first, *next; b; b = next)
    {
      next = b->next;
      free (b);
    }
  r->first = r->last = NULL;
}

/* ---- two streams: the file, and the copy that stops at its cap ---- */
struct sink
{
  struct trun_block file; /* the file's lines (no stream: only the copy's) */
  FILE *copy;
  int copy_on; /* still writing to COPY */
};

/* The N bytes just put at the block's end are a line: the file keeps
   them, the copy gets them while it is on.  */
static void
sink_commit (struct sink *k, const char *p, size_t n)
{
  /* Callers hold both streams' locks.  */
  if (k->copy && k->copy_on)
    fwrite_unlocked (p, 1, n, k->copy);
  if (k->file.out)
    k->file.len += n;
}

/* N bytes at P, a line or more: to the file and the copy.  */
static void
sink_text (struct sink *k, const char *p, size_t n)
{
  char *o = trun_block_room (&k->file, n);
  if (o)
    {
      memcpy (o, p, n);
      sink_commit (k, o, n);
      return;
    }
  /* Longer than a block (a title of megabytes).  */
  if (k->file.out)
    fwrite_unlocked (p, 1, n, k->file.out);
  if (k->copy && k->copy_on)
    fwrite_unlocked (p, 1, n, k->copy);
}

static void
sink_line (struct line *l, struct sink *k)
{
  line_put (l, "\n", 1);
  sink_text (k, l->buf, l->len);
  l->len = 0;
}

/* The copy ends here: its closing rule and how many rows it left out.  */
static void
end_copy (struct line *l, struct sink *k, const struct trun_table *t,
          const size_t *width, int ncols, size_t more)
{
  struct sink only = { .copy = k->copy, .copy_on = 1 };
  trun_block_init (&only.file, NULL);
  put_full_rule (l, &only, width, ncols);
  char note[512];
  if (t->copy_file)
    snprintf (note, sizeof note,
              "... %zu more row%s in %s (TRUN_COUT_MAX_ROWS=0 prints every "
              "row)", more, more == 1 ? "" : "s", t->copy_file);
  else
    snprintf (note, sizeof note,
              "... %zu more row%s not shown (TRUN_COUT_MAX_ROWS=0 prints "
              "every row)", more, more == 1 ? "" : "s");
  line_put (l, note, strlen (note));
  sink_line (l, &only);
  trun_block_end (&only.file);
  k->copy_on = 0;
}

/* A row's line with every cell blank but those of FIXED (NULL: none),
   "| " WIDTH spaces " |" ... and the newline; each row is this template
   with its cells put in.  The cells' places into LAY.  */
static void
row_template (struct line *l, const size_t *width, int ncols,
              const struct trun_column *cols, const char *const *fixed,
              struct trun_row_layout *lay)
{
  line_put (l, "|", 1);
  for (int i = 0; i < ncols; i++)
    {
      line_put (l, " ", 1);
      lay->at[i] = l->len;
      lay->width[i] = width[i];
      line_fill (l, ' ', width[i]);
      line_put (l, " |", 2);
    }
  line_put (l, "\n", 1);
  lay->ncols = ncols;
  for (int i = 0; fixed && i < ncols; i++)
    if (fixed[i])
      {
        /* Cut to the width, placed as put_row places a cell.  */
        size_t n = strlen (fixed[i]);
        n = n < width[i] ? n : width[i];
        size_t pad = width[i] - n;
        size_t left = cols[i].value_align == TRUN_ALIGN_RIGHT    ? pad
                      : cols[i].value_align == TRUN_ALIGN_CENTER ? pad / 2
                                                                 : 0;
        memcpy (l->buf + lay->at[i] + left, fixed[i], n);
      }
}

/* The next row drawn by T->draw straight into the file's block; 0 after
   the last.  */
static int
draw_row (struct sink *k, const struct line *tmpl,
          const struct trun_row_layout *lay, const struct trun_table *t,
          int first)
{
  char *o = trun_block_room (&k->file, tmpl->len);
  if (o)
    {
      memcpy (o, tmpl->buf, tmpl->len);
      if (!t->draw (t->ctx, o, lay, first))
        return 0;
      sink_commit (k, o, tmpl->len);
      return 1;
    }
  /* Wider than a block.  */
  struct line big = { NULL, 0, 0 };
  line_put (&big, tmpl->buf, tmpl->len);
  int more = t->draw (t->ctx, big.buf, lay, first);
  if (more)
    sink_text (k, big.buf, tmpl->len);
  free (big.buf);
  return more;
}

/* Row C drawn on the template: each cell placed by its alignment.  */
static void
put_row (struct sink *k, const struct line *tmpl,
         const struct trun_row_layout *lay, const unsigned char *shift,
         const struct trun_cells *c)
{
  const size_t *at = lay->at, *width = lay->width;
  int ncols = lay->ncols;
  char *o = trun_block_room (&k->file, tmpl->len);
  struct line big = { NULL, 0, 0 };
  if (!o) /* wider than a block */
    {
      line_put (&big, tmpl->buf, tmpl->len);
      o = big.buf;
    }
  memcpy (o, tmpl->buf, tmpl->len);
  for (int i = 0; i < ncols; i++)
    {
      /* The widths are the widest (a row longer than its measure, a bug,
         is cut to the width rather than drawn past the line).  */
      size_t n = c->len[i] < width[i] ? c->len[i] : width[i];
      size_t pad = width[i] - n;
      trun_copy_short (o + at[i] + ((pad * shift[i]) >> 1), c->text[i], n);
    }
  if (big.buf)
    {
      sink_text (k, big.buf, tmpl->len);
      free (big.buf);
    }
  else
    sink_commit (k, o, tmpl->len);
}

size_t
trun_table_draw (FILE *out, const struct trun_table *t)
{
  int ncols = t->ncols < TRUN_TABLE_MAXCOL ? t->ncols : TRUN_TABLE_MAXCOL;
  size_t width[TRUN_TABLE_MAXCOL];
  for (int i = 0; i < ncols; i++)
    {
      width[i] = strlen (t->cols[i].header);
      int min = t->cols[i].min_width == TRUN_WIDTH_SETTING
                    ? t->min_width
                    : t->cols[i].min_width;
      if (min > 0 && (size_t) min > width[i])
        width[i] = (size_t) min;
    }
  /* Pass 1: widths and row count, from MEASURE, or from every row once,
     kept.  */
  struct trun_cells c;
  struct rows kept = { NULL, NULL };
  size_t nrows = 0;
  c.rule_before = 0;
  if (t->measure)
    {
      size_t widest[TRUN_TABLE_MAXCOL];
      nrows = t->measure (t->ctx, widest);
      for (int i = 0; i < ncols; i++)
        if (widest[i] > width[i])
          width[i] = widest[i];
    }
  else
    for (int first = 1; t->row (t->ctx, &c, first);
         first = 0, c.rule_before = 0)
      {
        nrows++;
        for (int i = 0; i < ncols; i++)
          if (c.len[i] > width[i])
            width[i] = c.len[i];
        /* Only the copy is drawn: rows past its cut are only measured.  */
        if (out || !t->copy_max_rows || nrows <= t->copy_max_rows)
          rows_keep (&kept, &c, ncols);
      }
  if (nrows == 0)
    return 0;
  int kept_cols = ncols; /* what each kept row holds */
  if (t->drawn_cols)
    {
      int n = t->drawn_cols (t->ctx);
      if (n >= 0 && n < ncols)
        ncols = n;
    }

  /* Pass 2: draw the kept rows, each on a template of its line.  */
  struct sink k = { .copy = t->copy, .copy_on = t->copy != NULL };
  trun_block_init (&k.file, out);
  if (out)
    flockfile (out);
  if (k.copy && k.copy != out)
    flockfile (k.copy);
  if (k.copy == out)
    k.copy = NULL;
  k.copy_on = k.copy != NULL;
  struct line l = { NULL, 0, 0 }, tmpl = { NULL, 0, 0 };
  struct trun_row_layout lay;
  row_template (&tmpl, width, ncols, t->cols, t->fixed, &lay);
  /* A cell's padding on its left, in halves of the column's padding
     (no branch per cell of a million rows).  */
  unsigned char shift[TRUN_TABLE_MAXCOL];
  for (int i = 0; i < ncols; i++)
    shift[i] = t->cols[i].value_align == TRUN_ALIGN_RIGHT    ? 2
               : t->cols[i].value_align == TRUN_ALIGN_CENTER ? 1
                                                             : 0;
  put_full_rule (&l, &k, width, ncols);
  put_title (&l, &k, width, ncols, t->title);
  put_full_rule (&l, &k, width, ncols);
  line_put (&l, "|", 1);
  for (int i = 0; i < ncols; i++)
    put_cell (&l, t->cols[i].header, strlen (t->cols[i].header), width[i],
              t->cols[i].header_align);
  sink_line (&l, &k);
  /* The rule between rows, drawn once, copied each time.  */
  struct line rule = { NULL, 0, 0 };
  (t->full_rules ? full_rule : column_rule) (&rule, width, ncols);
  line_put (&rule, "\n", 1);
  sink_text (&k, rule.buf, rule.len);
  size_t printed = 0;
  /* PRINTED % RULE_EVERY, counted: a 64-bit division a row was a tenth
     of the drawing's time.  */
  size_t every = t->rule_every > 0 ? (size_t) t->rule_every : 0, phase = 0;
  struct rows_pos pos = { kept.first, 0 };
  c.rule_before = 0;
  int direct = t->measure && t->draw;
  for (int first = 1;; first = 0, c.rule_before = 0)
    {
      if (k.copy_on && t->copy_max_rows && printed == t->copy_max_rows)
        {
          end_copy (&l, &k, t, width, ncols, nrows - printed);
          if (!k.file.out)
            break;
        }
      if (direct)
        {
          /* The rule goes before the row: it is known without it.  */
          if (printed == nrows)
            break;
          if (printed > 0 && every && phase == 0)
            sink_text (&k, rule.buf, rule.len);
          if (!draw_row (&k, &tmpl, &lay, t, first))
            break;
        }
      else
        {
          if (!(t->measure ? t->row (t->ctx, &c, first)
                           : rows_next (&pos, &c, kept_cols)))
            break;
          if (printed > 0 && (c.rule_before || (every && phase == 0)))
            sink_text (&k, rule.buf, rule.len);
          put_row (&k, &tmpl, &lay, shift, &c);
        }
      printed++;
      if (++phase == every)
        phase = 0;
    }
  if (k.copy_on && printed < nrows)
    end_copy (&l, &k, t, width, ncols, nrows - printed);
  if (k.file.out || k.copy_on)
    put_full_rule (&l, &k, width, ncols);
  trun_block_end (&k.file);
  if (t->copy && t->copy != out)
    funlockfile (t->copy);
  if (out)
    funlockfile (out);
  free (l.buf);
  free (tmpl.buf);
  free (rule.buf);
  rows_free (&kept);
  return nrows;
}
