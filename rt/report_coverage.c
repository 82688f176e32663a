/* rt/report_coverage.c -- the coverage report (text and JSON): every
 * FUNCTION descriptor of the registered ranges, grouped by source file
 * (files sorted by name, functions by line), whether it ran and how many
 * times, and per-file and total percentages of functions covered.
 *
 * The same descriptor seen in two ranges counts once; distinct
 * descriptors with the same assembler name and file (one per DSO, or
 * the copies of an inline function) are one function whose calls add.
 */
#include <stdlib.h>
#include <string.h>

#include "internal.h"
#include "report_json.h"

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
  /* Widths: function column holds "  name" and file names.  */
  size_t wname = strlen ("FILE / FUNCTION");
  for (size_t i = 0; i < cv.n; i++)
    {
      size_t w = strlen (fn_label (&cv.fn[i])) + 4;
      if (w > wname)
        wname = w;
      if (strlen (cv.fn[i].file) > wname)
        wname = strlen (cv.fn[i].file);
    }
  size_t wline = 6, wran = 5, wcalls = 12, wpct = 9;
  size_t total = wname + wline + wran + wcalls + wpct + 16;
  char rule[total + 1];
  memset (rule, '-', total);
  rule[total] = '\0';

  fprintf (out, "|%.*s|\n", (int) (total - 2), rule);
  char title[128];
  snprintf (title, sizeof title, "CODE COVERAGE: %zu OF %zu FUNCTIONS RAN (%.1f%%)",
            cv.covered, cv.n, percent (cv.covered, cv.n));
  size_t tl = strlen (title), pad = total - 2 > tl ? total - 2 - tl : 0;
  fprintf (out, "|%*s%s%*s|\n", (int) ((pad + 1) / 2), "", title,
           (int) (pad - (pad + 1) / 2), "");
  fprintf (out, "|%.*s|\n", (int) (total - 2), rule);
  fprintf (out, "| %-*s | %*s | %-*s | %*s | %*s |\n", (int) wname,
           "FILE / FUNCTION", (int) wline, "LINE", (int) wran, "RAN",
           (int) wcalls, "CALLS", (int) wpct, "% COVERED");
  for (size_t i = 0; i < cv.n;)
    {
      size_t covered;
      size_t end = file_group (&cv, i, &covered);
      fprintf (out, "|%.*s|\n", (int) (total - 2), rule);
      char count[64];
      snprintf (count, sizeof count, "%zu/%zu", covered, end - i);
      fprintf (out, "| %-*s | %*s | %-*s | %*s | %*.1f |\n", (int) wname,
               cv.fn[i].file, (int) wline, "", (int) wran, "", (int) wcalls,
               count, (int) wpct, percent (covered, end - i));
      for (; i < end; i++)
        {
          const struct cov_fn *f = &cv.fn[i];
          fprintf (out, "|   |_%-*s | %*u | %-*s | %*llu | %*s |\n",
                   (int) (wname - 4), fn_label (f), (int) wline,
                   (unsigned) f->desc->line, (int) wran,
                   f->calls ? "yes" : "no", (int) wcalls,
                   (unsigned long long) f->calls, (int) wpct, "");
        }
    }
  fprintf (out, "|%.*s|\n", (int) (total - 2), rule);
  char count[64];
  snprintf (count, sizeof count, "%zu/%zu", cv.covered, cv.n);
  fprintf (out, "| %-*s | %*s | %-*s | %*s | %*.1f |\n", (int) wname, "TOTAL",
           (int) wline, "", (int) wran, "", (int) wcalls, count, (int) wpct,
           percent (cv.covered, cv.n));
  fprintf (out, "|%.*s|\n", (int) (total - 2), rule);
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
