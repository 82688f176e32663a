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
 * callback, twice (measure, print), so a million-row table needs no
 * per-row memory.  Each line is built whole and written once.
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

static void
line_flush (struct line *l, FILE *out)
{
  line_put (l, "\n", 1);
  fwrite_unlocked (l->buf, 1, l->len, out); /* caller holds the lock */
  l->len = 0;
}

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

static void
put_full_rule (struct line *l, FILE *out, const size_t *width, int ncols)
{
  line_put (l, "|", 1);
  line_fill (l, '-', table_width (width, ncols) - 2);
  line_put (l, "|", 1);
  line_flush (l, out);
}

static void
put_column_rule (struct line *l, FILE *out, const size_t *width, int ncols)
{
  line_put (l, "|", 1);
  for (int i = 0; i < ncols; i++)
    {
      line_fill (l, '-', width[i] + 2);
      line_put (l, "|", 1);
    }
  line_flush (l, out);
}

/* A title wider than the table overflows it, as timemory's does.  */
static void
put_title (struct line *l, FILE *out, const size_t *width, int ncols,
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
  line_flush (l, out);
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
  /* Pass 1: widths and row count.  */
  struct trun_cells c;
  size_t nrows = 0;
  c.rule_before = 0;
  for (int first = 1; t->row (t->ctx, &c, first); first = 0)
    {
      nrows++;
      for (int i = 0; i < ncols; i++)
        if (c.len[i] > width[i])
          width[i] = c.len[i];
    }
  if (nrows == 0)
    return 0;

  /* Pass 2: print.  */
  flockfile (out);
  struct line l = { NULL, 0, 0 };
  put_full_rule (&l, out, width, ncols);
  put_title (&l, out, width, ncols, t->title);
  put_full_rule (&l, out, width, ncols);
  line_put (&l, "|", 1);
  for (int i = 0; i < ncols; i++)
    put_cell (&l, t->cols[i].header, strlen (t->cols[i].header), width[i],
              t->cols[i].header_align);
  line_flush (&l, out);
  void (*rule) (struct line *, FILE *, const size_t *, int)
      = t->full_rules ? put_full_rule : put_column_rule;
  rule (&l, out, width, ncols);
  size_t printed = 0;
  c.rule_before = 0;
  for (int first = 1; t->row (t->ctx, &c, first); first = 0, c.rule_before = 0)
    {
      if (printed > 0
          && (c.rule_before
              || (t->rule_every > 0 && printed % (size_t) t->rule_every == 0)))
        rule (&l, out, width, ncols);
      line_put (&l, "|", 1);
      for (int i = 0; i < ncols; i++)
        put_cell (&l, c.text[i], c.len[i], width[i], t->cols[i].value_align);
      line_flush (&l, out);
      printed++;
    }
  put_full_rule (&l, out, width, ncols);
  funlockfile (out);
  free (l.buf);
  return nrows;
}
