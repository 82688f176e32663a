/* rt/report/coverage.c -- the coverage report (text and JSON): every
 * FUNCTION descriptor of the registered ranges, grouped by source file
 * (files sorted by name, functions by line), whether it ran and how many
 * times, and per-file and total percentages of functions covered.
 *
 * The same descriptor seen in two ranges counts once; distinct
 * descriptors with the same assembler name and file (one per DSO, or
 * the copies of an inline function) are one function whose calls add.
 * Written, in a coverage build, to ${prefix}coverage.txt and .json and
 * to stdout.
 */
#include <stdlib.h>
#include <string.h>

#include "report/writers.h"

struct cov_fn
{
  const struct trun_desc *desc; /* first one seen: name, line */
  const char *file;
  const char *asm_name;
  uint64_t calls;
};

struct cov
{
  struct cov_fn *fn;
  size_t n;
  size_t covered;
};

static const char *
nonnull (const char *s)
{
  return s ? s : "";
}

static int
cmp_desc_ptr (const void *a, const void *b)
{
  const struct trun_desc *x = *(const struct trun_desc *const *) a;
  const struct trun_desc *y = *(const struct trun_desc *const *) b;
  return x < y ? -1 : x > y;
}

static int
cmp_identity (const struct cov_fn *x, const struct cov_fn *y)
{
  int c = strcmp (x->file, y->file);
  if (c)
    return c;
  return strcmp (x->asm_name, y->asm_name);
}

/* File, then line, then assembler name: the report order and the order
   in which duplicates become neighbours.  */
static int
cmp_fn (const void *a, const void *b)
{
  const struct cov_fn *x = a, *y = b;
  int c = strcmp (x->file, y->file);
  if (c)
    return c;
  if (x->desc->line != y->desc->line)
    return x->desc->line < y->desc->line ? -1 : 1;
  return strcmp (x->asm_name, y->asm_name);
}

static int
cmp_fn_identity (const void *a, const void *b)
{
  int c = cmp_identity (a, b);
  return c ? c : cmp_fn (a, b);
}

/* Collect, deduplicate and sort.  Returns 0, or -1 without memory.  */
static int
cov_build (struct cov *cv, const struct trun_desc_range *r, size_t nranges)
{
  memset (cv, 0, sizeof *cv);
  size_t total = 0;
  for (size_t i = 0; i < nranges; i++)
    if (r[i].begin && r[i].end > r[i].begin)
      total += (size_t) (r[i].end - r[i].begin);
  if (total == 0)
    return 0;

  /* Distinct descriptor addresses of kind FUNCTION.  */
  const struct trun_desc **ptrs = malloc (total * sizeof *ptrs);
  if (!ptrs)
    return -1;
  size_t np = 0;
  for (size_t i = 0; i < nranges; i++)
    for (const struct trun_desc *d = r[i].begin; d && d < r[i].end; d++)
      if (d->kind == TRUN_KIND_FUNCTION)
        ptrs[np++] = d;
  qsort (ptrs, np, sizeof *ptrs, cmp_desc_ptr);

  cv->fn = malloc ((np ? np : 1) * sizeof *cv->fn);
  if (!cv->fn)
    {
      free (ptrs);
      return -1;
    }
  for (size_t i = 0; i < np; i++)
    {
      if (i > 0 && ptrs[i] == ptrs[i - 1])
        continue;
      struct cov_fn *f = &cv->fn[cv->n++];
      f->desc = ptrs[i];
      f->file = nonnull (ptrs[i]->file);
      f->asm_name = ptrs[i]->asm_name ? ptrs[i]->asm_name : nonnull (ptrs[i]->name);
      f->calls = __atomic_load_n (&ptrs[i]->calls, __ATOMIC_RELAXED);
    }
  free (ptrs);

  /* Same assembler name and file: one function.  */
  qsort (cv->fn, cv->n, sizeof *cv->fn, cmp_fn_identity);
  size_t out = 0;
  for (size_t i = 0; i < cv->n; i++)
    {
      if (out > 0 && cmp_identity (&cv->fn[out - 1], &cv->fn[i]) == 0)
        cv->fn[out - 1].calls += cv->fn[i].calls;
      else
        cv->fn[out++] = cv->fn[i];
    }
  cv->n = out;
  qsort (cv->fn, cv->n, sizeof *cv->fn, cmp_fn);
  for (size_t i = 0; i < cv->n; i++)
    cv->covered += cv->fn[i].calls > 0;
  return 0;
}

static double
percent (size_t part, size_t whole)
{
  return whole ? 100.0 * (double) part / (double) whole : 0.0;
}

/* End (exclusive) of the file group starting at I, and its covered count.  */
static size_t
file_group (const struct cov *cv, size_t i, size_t *covered)
{
  size_t j = i;
  *covered = 0;
  while (j < cv->n && strcmp (cv->fn[j].file, cv->fn[i].file) == 0)
    *covered += cv->fn[j++].calls > 0;
  return j;
}

/* ------------------------------------------------------------------ */

static const char *
fn_label (const struct cov_fn *f)
{
  return f->desc->name ? f->desc->name : f->asm_name;
}

enum
{
  CCOL_NAME,
  CCOL_LINE,
  CCOL_RAN,
  CCOL_CALLS,
  CCOL_PERCENT,
  NCCOL
};

static const struct trun_column coverage_cols[NCCOL] = {
  { "FILE / FUNCTION", TRUN_ALIGN_LEFT, TRUN_ALIGN_LEFT, 0 },
  { "LINE", TRUN_ALIGN_RIGHT, TRUN_ALIGN_RIGHT, 6 },
  { "RAN", TRUN_ALIGN_LEFT, TRUN_ALIGN_LEFT, 5 },
  { "CALLS", TRUN_ALIGN_RIGHT, TRUN_ALIGN_RIGHT, 12 },
  { "% COVERED", TRUN_ALIGN_RIGHT, TRUN_ALIGN_RIGHT, 9 },
};

/* Rows: per file a row with its share, then its functions; then TOTAL. */
struct coverage_rows
{
  const struct cov *cv;
  size_t i, end, covered; /* next function; its file group's end */
  int done;
  char *name;
  size_t name_cap;
  char cell[NCCOL][64];
};

static void
set_cell (struct trun_cells *c, int col, const char *text)
{
  c->text[col] = text;
  c->len[col] = strlen (text);
}

static int
coverage_row (void *ctx, struct trun_cells *c, int first)
{
  struct coverage_rows *p = ctx;
  const struct cov *cv = p->cv;
  if (first)
    p->i = p->end = 0, p->done = 0;
  for (int i = 0; i < NCCOL; i++)
    set_cell (c, i, "");
  if (p->done)
    return 0;
  if (p->i == cv->n) /* the total */
    {
      snprintf (p->cell[CCOL_CALLS], 64, "%zu/%zu", cv->covered, cv->n);
      snprintf (p->cell[CCOL_PERCENT], 64, "%.1f", percent (cv->covered, cv->n));
      set_cell (c, CCOL_NAME, "TOTAL");
      set_cell (c, CCOL_CALLS, p->cell[CCOL_CALLS]);
      set_cell (c, CCOL_PERCENT, p->cell[CCOL_PERCENT]);
      c->rule_before = 1;
      p->done = 1;
      return 1;
    }
  if (p->i == p->end) /* a new file */
    {
      p->end = file_group (cv, p->i, &p->covered);
      snprintf (p->cell[CCOL_CALLS], 64, "%zu/%zu", p->covered, p->end - p->i);
      snprintf (p->cell[CCOL_PERCENT], 64, "%.1f",
                percent (p->covered, p->end - p->i));
      set_cell (c, CCOL_NAME, cv->fn[p->i].file);
      set_cell (c, CCOL_CALLS, p->cell[CCOL_CALLS]);
      set_cell (c, CCOL_PERCENT, p->cell[CCOL_PERCENT]);
      c->rule_before = 1;
      return 1;
    }
  const struct cov_fn *f = &cv->fn[p->i++];
  const char *label = fn_label (f);
  size_t n = strlen (label) + 5;
  if (n > p->name_cap)
    {
      char *b = realloc (p->name, n);
      if (!b)
        abort (); /* out of memory while reporting */
      p->name = b;
      p->name_cap = n;
    }
  snprintf (p->name, n, "  |_%s", label);
  snprintf (p->cell[CCOL_LINE], 64, "%u", (unsigned) f->desc->line);
  snprintf (p->cell[CCOL_CALLS], 64, "%llu", (unsigned long long) f->calls);
  set_cell (c, CCOL_NAME, p->name);
  set_cell (c, CCOL_LINE, p->cell[CCOL_LINE]);
  set_cell (c, CCOL_RAN, f->calls ? "yes" : "no");
  set_cell (c, CCOL_CALLS, p->cell[CCOL_CALLS]);
  return 1;
}

void
trun_report_coverage_text (FILE *out, const struct trun_desc_range *r,
                           size_t nranges)
{
  struct cov cv;
  if (cov_build (&cv, r, nranges) != 0)
    {
      trun_warn ("coverage report: out of memory");
      return;
    }
  char title[128];
  snprintf (title, sizeof title, "CODE COVERAGE: %zu OF %zu FUNCTIONS RAN (%.1f%%)",
            cv.covered, cv.n, percent (cv.covered, cv.n));
  struct coverage_rows p;
  memset (&p, 0, sizeof p);
  p.cv = &cv;
  struct trun_table tab = { title, coverage_cols, NCCOL, 0, 0, 1,
                            coverage_row, &p, NULL, 0, NULL, NULL, NULL,
                            NULL, NULL };
  trun_table_draw (out, &tab);
  free (p.name);
  free (cv.fn);
}

void
trun_report_coverage_json (FILE *out, const struct trun_desc_range *r,
                           size_t nranges, const struct trun_run_info *info)
{
  struct cov cv;
  if (cov_build (&cv, r, nranges) != 0)
    {
      trun_warn ("coverage report: out of memory");
      return;
    }
  flockfile (out); /* the JSON helpers write unlocked */
  fputs ("{\n  \"trun_schema_version\": 1,\n  \"metadata\": ", out);
  trun_json_metadata (out, info, NULL);
  fputs (",\n  \"coverage\": {\n    \"files\": [", out);
  for (size_t i = 0; i < cv.n;)
    {
      size_t covered;
      size_t end = file_group (&cv, i, &covered);
      fputs (i ? ",\n      {\"file\": " : "\n      {\"file\": ", out);
      trun_json_string (out, cv.fn[i].file);
      fprintf (out, ", \"functions\": %zu, \"covered\": %zu, \"percent\": ",
               end - i, covered);
      trun_json_number (out, percent (covered, end - i));
      fputs (",\n       \"list\": [", out);
      for (size_t k = i; k < end; k++)
        {
          const struct cov_fn *f = &cv.fn[k];
          fputs (k > i ? ",\n         {\"name\": " : "\n         {\"name\": ", out);
          trun_json_string (out, fn_label (f));
          fputs (", \"asm_name\": ", out);
          trun_json_string (out, f->asm_name);
          fprintf (out, ", \"line\": %u, \"ran\": %s, \"calls\": %llu}",
                   (unsigned) f->desc->line, f->calls ? "true" : "false",
                   (unsigned long long) f->calls);
        }
      fputs ("]}", out);
      i = end;
    }
  fprintf (out, "%s],\n    \"functions\": %zu, \"covered\": %zu, \"percent\": ",
           cv.n ? "\n    " : "", cv.n, cv.covered);
  trun_json_number (out, percent (cv.covered, cv.n));
  fputs ("\n  }\n}\n", out);
  funlockfile (out);
  free (cv.fn);
}

static int
coverage_files (const struct trun_report *r)
{
  if (r->kind != TRUN_REPORT_PROCESS || !r->coverage
      || !r->settings->file_output)
    return 0;
  int failed = 0;
  struct trun_out *o = r->settings->text_output
                           ? trun_out_open (r, "coverage.txt") : NULL;
  if (o)
    {
      trun_report_coverage_text (trun_out_stream (o), r->ranges, r->nranges);
      failed |= trun_out_close (o) != 0;
    }
  else if (r->settings->text_output)
    failed = 1;
  o = r->settings->json_output ? trun_out_open (r, "coverage.json") : NULL;
  if (o)
    {
      trun_report_coverage_json (trun_out_stream (o), r->ranges, r->nranges,
                                 r->info);
      trun_out_close (o);
    }
  return failed;
}

static void
coverage_console (const struct trun_report *r, FILE *out)
{
  if (r->kind == TRUN_REPORT_PROCESS && r->coverage)
    trun_report_coverage_text (out, r->ranges, r->nranges);
}

const struct trun_writer trun_coverage_writer = { "coverage", coverage_files,
                                                 coverage_console };
