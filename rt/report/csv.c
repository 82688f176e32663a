/* rt/report/csv.c -- one row per node, for spreadsheets and pandas:
 * ${prefix}[trace-]<label>.csv per component of each domain of a process
 * report (TRUN_CSV_OUTPUT, off by default).  The text table's columns
 * (label whole, values in the table's units at full precision), then the
 * node's pre-order id and its parent's (0: none), its call path (names
 * escaped and joined by ';' as in the folded stacks; empty below
 * TRUN_PATH_MAX_DEPTH levels: follow the parents) and the trun thread
 * indices that ran it, space-separated.  Quoting and line ends as RFC
 * 4180 says: a field with a comma, a quote or a line end is quoted, its
 * quotes doubled; rows end in CRLF.
 */
#define _GNU_SOURCE /* unlocked stdio */
#include "report/writers.h"

#include <stdlib.h>
#include <string.h>

#define fputs fputs_unlocked
#define fwrite fwrite_unlocked
#define putc putc_unlocked

static void
put_field (FILE *f, const char *s, size_t n)
{
  if (!memchr (s, ',', n) && !memchr (s, '"', n) && !memchr (s, '\n', n)
      && !memchr (s, '\r', n))
    {
      fwrite (s, 1, n, f);
      return;
    }
  putc ('"', f);
  for (const char *q; n && (q = memchr (s, '"', n)); n -= (size_t) (q + 1 - s),
                                                     s = q + 1)
    {
      fwrite (s, 1, (size_t) (q + 1 - s), f);
      putc ('"', f);
    }
  fwrite (s, 1, n, f);
  putc ('"', f);
}

static void
put_num (FILE *f, double v)
{
  char b[TRUN_JSON_NUMBER_MAX];
  size_t n = trun_json_format_number (b, v);
  if (n == 4 && memcmp (b, "null", 4) == 0)
    n = 0; /* not finite: an empty cell */
  putc (',', f);
  fwrite (b, 1, n, f);
}

static void
put_u64 (FILE *f, uint64_t v)
{
  char b[24];
  putc (',', f);
  fwrite (b, 1, trun_fmt_u64 (b, v), f);
}

static int
write_csv (FILE *f, const struct trun_mtree *t, int comp,
           const struct trun_settings *s)
{
  const struct trun_component *cm = &trun_components[comp];
  const char *units;
  double k = trun_component_scale (comp, s, &units);
  fputs ("label,count,depth,metric,units,sum,mean,min,max,stddev,"
         "self_percent,id,parent,path,threads\r\n", f);
  struct trun_cwalk w;
  struct trun_cpath p;
  memset (&p, 0, sizeof p);
  trun_cwalk_init (&w, t, comp);
  /* Ids of the open levels: a node's parent is the one below it.  */
  uint64_t *ids = NULL, id = 0;
  size_t cap = 0;
  int err = 0;
  size_t closed;
  const struct trun_mnode *n;
  size_t metric_len = strlen (cm->label), units_len = strlen (units);
  while ((n = trun_cwalk_next (&w, &closed)))
    {
      size_t level = w.n - 1;
      if (w.n > cap)
        {
          size_t nc = cap ? 2 * cap : 256;
          uint64_t *a = realloc (ids, nc * sizeof *a);
          if (!a)
            {
              err = 1;
              break;
            }
          ids = a;
          cap = nc;
        }
      ids[level] = ++id;
      if (trun_cpath_update (&p, &w) != 0)
        {
          err = 1;
          break;
        }
      const struct trun_stat *st = trun_mnode_stat (t, n, comp);
      const char *label = n->label ? n->label : "";
      put_field (f, label, strlen (label));
      put_u64 (f, st->count);
      put_u64 (f, level);
      putc (',', f);
      put_field (f, cm->label, metric_len);
      putc (',', f);
      put_field (f, units, units_len);
      put_num (f, st->sum / k);
      put_num (f, trun_stat_mean (st) / k);
      put_num (f, st->min / k);
      put_num (f, st->max / k);
      put_num (f, trun_stat_stddev (st) / k);
      put_num (f, trun_stat_self_percent (st));
      put_u64 (f, id);
      put_u64 (f, level ? ids[level - 1] : 0);
      putc (',', f);
      if (level < TRUN_PATH_MAX_DEPTH)
        put_field (f, p.buf, p.len);
      putc (',', f);
      for (unsigned i = 0; n->threads && i < n->nthreads; i++)
        {
          char b[24];
          if (i)
            putc (' ', f);
          fwrite (b, 1, trun_fmt_u64 (b, n->threads[i]), f);
        }
      fputs ("\r\n", f);
    }
  free (ids);
  trun_cwalk_free (&w);
  trun_cpath_free (&p);
  return err;
}

static int
csv_files (const struct trun_report *r)
{
  /* A job's: the job tree, every rank's calls folded (rank 0).  */
  if (!r->settings->csv_output
      || (r->kind == TRUN_REPORT_JOB && !r->aggregate))
    return 0;
  return trun_component_files (r, ".csv", 0, write_csv);
}

const struct trun_writer trun_csv_writer = { "csv", csv_files, NULL };
