/* rt/report/filter.c -- ${prefix}trun-filter.txt: the functions not
 * worth instrumenting, from this run (throttled, or never called), as
 * rules the plugin reads back (-fplugin-arg-trun-filter=FILE,
 * timemory-run --filter-from).
 */
#include "report/writers.h"

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
filter_files (const struct trun_report *r)
{
  if (r->kind != TRUN_REPORT_PROCESS || r->coverage)
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
  for (size_t i = 0; i < r->nthrottled; i++)
    put_rule (f, r->throttled[i], "throttled");
  for (size_t i = 0; i < r->nranges; i++)
    for (struct trun_desc *d = r->ranges[i].begin; d < r->ranges[i].end; d++)
      if (d->kind == TRUN_KIND_FUNCTION
          && (__atomic_load_n (&d->id, __ATOMIC_RELAXED) == 0
              || __atomic_load_n (&d->id, __ATOMIC_RELAXED)
                     == TRUN_DESC_ID_SKIPPED)
          && __atomic_load_n (&d->calls, __ATOMIC_RELAXED) == 0)
        put_rule (f, d, "never called");
  trun_out_close (o);
  return 0;
}

const struct trun_writer trun_filter_writer = { "filter", filter_files, NULL };
