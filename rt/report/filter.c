/* rt/report/filter.c -- ${prefix}trun-filter.txt: the functions not
 * worth instrumenting, from this run (throttled, or never called), as
 * rules the plugin reads back (-fplugin-arg-trun-filter=FILE,
 * timemory-run --filter-from).  For an MPI job rank 0 writes it: its own
 * descriptors, less the functions another rank called, plus what any
 * rank throttled.
 */
#include "report/writers.h"

#include <stdlib.h>
#include <string.h>

/* A comment never ends early: a name holding a newline cannot add a
   rule.  */
static void
put_comment_text (FILE *f, const char *s)
{
  for (; s && *s; s++)
    fputc ((unsigned char) *s < 0x20 ? '?' : *s, f);
}

static void
put_regex_escaped (FILE *f, const char *s)
{
  for (; *s; s++)
    {
      if (strchr ("\\^$.|?*+()[]{}", *s))
        fputc ('\\', f);
      fputc (*s, f);
    }
}

static void
put_rule (FILE *f, const struct trun_desc *d, const char *why)
{
  fprintf (f, "# %s: ", why);
  put_comment_text (f, d->name);
  fputs (" (", f);
  put_comment_text (f, d->file ? d->file : "?");
  fprintf (f, ":%u)\nexclude function ^", d->line);
  put_regex_escaped (f, d->asm_name && *d->asm_name ? d->asm_name : d->name);
  fputs ("$\n", f);
}

static int
cmp_label (const void *a, const void *b)
{
  return strcmp (*(const char *const *) a, *(const char *const *) b);
}

/* A job's labels, sorted, to look names up in; THROTTLED: only those
   some rank throttled.  *N: how many.  NULL for a process report.  */
static const char **
job_labels (const struct trun_report *r, int throttled, size_t *n)
{
  *n = 0;
  if (r->kind != TRUN_REPORT_JOB)
    return NULL;
  size_t cap = 0;
  for (int d = 0; d < TRUN_NDOMAIN; d++)
    cap += r->tree[d] ? r->tree[d]->nnodes : 0;
  const char **v = malloc ((cap ? cap : 1) * sizeof *v);
  for (int d = 0; v && d < TRUN_NDOMAIN; d++)
    for (const struct trun_mnode *root = r->tree[d] ? &r->tree[d]->root : NULL,
                                 *m = root ? trun_mnode_next (root, root) : NULL;
         m && *n < cap; m = trun_mnode_next (m, root))
      if (!throttled || m->throttled)
        v[(*n)++] = m->label;
  if (v)
    qsort (v, *n, sizeof *v, cmp_label);
  return v;
}

static int
has_label (const char **v, size_t n, const char *name)
{
  return v && name && bsearch (&name, v, n, sizeof *v, cmp_label) != NULL;
}

static int
filter_files (const struct trun_report *r)
{
  if (r->coverage || (r->kind == TRUN_REPORT_JOB && !r->aggregate))
    return 0;
  size_t nfunctions = 0;
  for (size_t i = 0; i < r->nranges; i++)
    for (struct trun_desc *d = r->ranges[i].begin; d < r->ranges[i].end; d++)
      nfunctions += d->kind == TRUN_KIND_FUNCTION;
  if (nfunctions == 0)
    return 0;
  struct trun_out *o = trun_out_open (r, "trun-filter.txt");
  if (!o)
    return 0;
  FILE *f = trun_out_stream (o);
  fputs ("# trun filter: functions not worth instrumenting, from the last "
         "run\n# use with -fplugin-arg-trun-filter=THIS_FILE\n", f);
  size_t ncalled, nthrottled;
  const char **called = job_labels (r, 0, &ncalled);
  const char **throttled = job_labels (r, 1, &nthrottled);
  for (size_t i = 0; i < r->nthrottled; i++)
    put_rule (f, r->throttled[i], "throttled");
  for (size_t i = 0; i < r->nranges; i++)
    for (struct trun_desc *d = r->ranges[i].begin; d < r->ranges[i].end; d++)
      /* Never entered and not excluded by a run-time filter (whose
         functions' calls are not counted: TRUN_DESC_ID_SKIPPED): a
         function this run never called.  */
      if (d->kind == TRUN_KIND_FUNCTION
          && __atomic_load_n (&d->id, __ATOMIC_RELAXED) == 0
          && __atomic_load_n (&d->calls, __ATOMIC_RELAXED) == 0)
        {
          /* Of a job: throttled on another rank, or called there.  */
          if (has_label (throttled, nthrottled, d->name))
            put_rule (f, d, "throttled on another rank");
          else if (!has_label (called, ncalled, d->name))
            put_rule (f, d, r->kind == TRUN_REPORT_JOB
                                ? "never called on any rank"
                                : "never called");
        }
  free (called);
  free (throttled);
  trun_out_close (o);
  return 0;
}

const struct trun_writer trun_filter_writer = { "filter", filter_files, NULL };
