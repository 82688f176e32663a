/* rt/report/json-job.c -- an MPI job's profile across ranks as JSON
 * (${prefix}mpi.json, written by rank 0): the ranks that reported, then
 * per domain and component every node of the job tree that some rank
 * recorded, with its id and its parent's id (0: top level) rather than
 * its whole path, so the file stays linear in the tree's size.  Each
 * host appears once, with its topology; ranks name their host by index.
 * doc/json-schema.md describes the layout.
 */
#define _GNU_SOURCE /* unlocked stdio */
#include "report/writers.h"

#include <math.h>
#include <stdlib.h>

#define fputs fputs_unlocked
#define fputc fputc_unlocked

/* Units of the values in the file: the component's base unit.  */
static const char *
base_units (int comp)
{
  const struct trun_component *c = &trun_components[comp];
  switch (c->cls)
    {
    case TRUN_CLASS_TIMING:
      return "sec";
    case TRUN_CLASS_MEMORY:
      return "bytes";
    default:
      return c->units ? c->units : "";
    }
}

static void
put_node (FILE *f, const struct trun_mnode *n, size_t id, size_t parent,
          int comp, const struct trun_across *x)
{
  fputs ("        {\"label\": ", f);
  trun_json_string (f, n->label);
  fprintf (f, ", \"depth\": %d, \"id\": %zu, \"parent\": %zu", n->depth, id,
           parent);
  fprintf (f, ",\n         \"count\": %llu, \"nranks\": %u, \"rank_runs\": [",
           (unsigned long long) x->count, x->nranks);
  for (unsigned i = 0; i < n->job->nruns; i++)
    fprintf (f, "%s[%d, %d]", i ? ", " : "", n->job->runs[i].first,
             n->job->runs[i].last);
  double mean = x->sum / x->nranks;
  double var = x->sumsq / x->nranks - mean * mean;
  fputs ("],\n         \"sum\": ", f);
  trun_json_number (f, x->sum);
  fputs (", \"mean\": ", f);
  trun_json_number (f, mean);
  fputs (", \"stddev\": ", f);
  trun_json_number (f, var > 0 ? sqrt (var) : 0);
  fputs (", \"min\": ", f);
  trun_json_number (f, x->min);
  fprintf (f, ", \"min_rank\": %d, \"max\": ", x->min_rank);
  trun_json_number (f, x->max);
  fprintf (f, ", \"max_rank\": %d, \"imbalance\": ", x->max_rank);
  trun_json_number (f, trun_across_imbalance (x));
  /* Each rank's own total, as three arrays, when the run kept them.  */
  const struct trun_mjob *j = n->job;
  unsigned nv = 0;
  for (unsigned i = 0; i < j->nvalues; i++)
    nv += j->values[i].comp == (unsigned) comp;
  if (nv)
    {
      fputs (",\n         \"per_rank\": {\"rank\": [", f);
      int first = 1;
      for (unsigned i = 0; i < j->nvalues; i++)
        if (j->values[i].comp == (unsigned) comp)
          {
            fprintf (f, "%s%d", first ? "" : ", ", j->values[i].rank);
            first = 0;
          }
      fputs ("], \"count\": [", f);
      first = 1;
      for (unsigned i = 0; i < j->nvalues; i++)
        if (j->values[i].comp == (unsigned) comp)
          {
            fprintf (f, "%s%llu", first ? "" : ", ",
                     (unsigned long long) j->values[i].count);
            first = 0;
          }
      fputs ("], \"sum\": [", f);
      first = 1;
      for (unsigned i = 0; i < j->nvalues; i++)
        if (j->values[i].comp == (unsigned) comp)
          {
            if (!first)
              fputs (", ", f);
            trun_json_number (f, j->values[i].sum);
            first = 0;
          }
      fputs ("]}", f);
    }
  fputc ('}', f);
}

/* Node ids are pre-order positions, 1-based; a parent's id is kept along
   the current path.  */
static void
put_component (FILE *f, const struct trun_mtree *t, int comp, int first)
{
  fprintf (f, "%s      {\"component\": ", first ? "" : ",\n");
  trun_json_string (f, trun_components[comp].name);
  fputs (", \"metric\": ", f);
  trun_json_string (f, trun_components[comp].label);
  fputs (", \"units\": ", f);
  trun_json_string (f, base_units (comp));
  fputs (",\n       \"nodes\": [\n", f);
  size_t *path = NULL, cap = 0, id = 0;
  int any = 0;
  const struct trun_mnode *root = &t->root;
  for (const struct trun_mnode *n = trun_mnode_next (root, root); n;
       n = trun_mnode_next (n, root))
    {
      size_t d = (size_t) n->depth;
      if (d >= cap)
        {
          size_t ncap = cap ? cap * 2 : 64;
          size_t *p = realloc (path, ncap * sizeof *p);
          if (!p)
            break;
          path = p;
          cap = ncap;
        }
      path[d] = ++id;
      struct trun_across x;
      if (!trun_across_ranks (t, n, comp, &x))
        continue;
      if (any)
        fputs (",\n", f);
      put_node (f, n, id, d ? path[d - 1] : 0, comp, &x);
      any = 1;
    }
  free (path);
  fputs ("\n       ]}", f);
}

void
trun_report_job_json (FILE *f, const struct trun_report *r)
{
  flockfile (f);
  fprintf (f, "{\n  \"trun_mpi\": {\n    \"schema_version\": 2,\n"
              "    \"nranks\": %d,\n    \"missing_ranks\": [",
           r->nranks);
  int nmissing = 0;
  for (int i = 0; i < r->nranks; i++)
    if (!r->ranks[i].present)
      fprintf (f, "%s%d", nmissing++ ? ", " : "", r->ranks[i].rank);
  fputs ("],\n    \"hosts\": [", f);
  for (int i = 0; i < r->nhosts; i++)
    {
      const struct trun_host_info *h = &r->hosts[i];
      fprintf (f, "%s\n      {\"host\": ", i ? "," : "");
      trun_json_string (f, h->name);
      fprintf (f, ", \"nranks\": %d, \"first_rank\": %d, \"topology\": %s}",
               h->nranks, h->first_rank,
               h->topology_json ? h->topology_json : "null");
    }
  fputs ("\n    ],\n    \"ranks\": [", f);
  for (int i = 0; i < r->nranks; i++)
    {
      const struct trun_rank_info *k = &r->ranks[i];
      fprintf (f, "%s\n      {\"rank\": %d, \"reported\": %s", i ? "," : "",
               k->rank, k->present ? "true" : "false");
      if (k->present)
        fprintf (f, ", \"pid\": %ld, \"host\": %d", k->pid, k->host);
      fputc ('}', f);
    }
  fputs ("\n    ]", f);
  for (int d = 0; d < TRUN_NDOMAIN; d++)
    {
      fprintf (f, ",\n    \"%s\": [\n",
               d == TRUN_DOMAIN_TRACE ? "trace" : "region");
      const struct trun_mtree *t = r->tree[d];
      int first = 1;
      for (int c = 0; t && c < TRUN_NCOMP; c++)
        if (t->components & ((trun_mask_t) 1 << c))
          {
            put_component (f, t, c, first);
            first = 0;
          }
      fputs ("\n    ]", f);
    }
  fputs ("\n  }\n}\n", f);
  funlockfile (f);
}

static int
job_json_files (const struct trun_report *r)
{
  if (r->kind != TRUN_REPORT_JOB || !r->aggregate
      || !r->settings->json_output)
    return 0;
  struct trun_out *o = trun_out_open (r, "mpi.json");
  if (o)
    {
      trun_report_job_json (trun_out_stream (o), r);
      trun_out_close (o);
    }
  return 0;
}

const struct trun_writer trun_job_json_writer = { "mpi-json", job_json_files, NULL };
