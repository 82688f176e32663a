/* rt/report/json.c -- the profile as JSON (${prefix}trun.json): metadata
 * (command line, pid, host, times, rank, settings, graph memory,
 * topology, threads) and every node of both domains as a flat list with
 * parent ids.  The schema is in doc/json-schema.md.  A flat list (not
 * nested objects) keeps readers working at any recursion depth.
 */
#define _GNU_SOURCE /* unlocked stdio */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "report/writers.h"

/* The writers hold the stream's lock for the whole document
   (flockfile), so the per-call locking of stdio is skipped.  */
#define putc putc_unlocked
#define fputs fputs_unlocked
#define fwrite fwrite_unlocked

/* Labels of ancestors are listed in "path" up to this depth; deeper
   nodes give "path": null (follow "parent") so the file stays linear in
   the number of nodes.  */
#define PATH_MAX_DEPTH 128

/* ------------------------------------------------------------------ */
/* Trees                                                              */


static void
put_path (FILE *out, const struct trun_mnode *n)
{
  if (n->depth >= PATH_MAX_DEPTH)
    {
      fputs ("null", out);
      return;
    }
  const struct trun_mnode *chain[PATH_MAX_DEPTH + 1];
  int len = 0;
  for (const struct trun_mnode *p = n; p && p->parent && len <= PATH_MAX_DEPTH;
       p = p->parent)
    chain[len++] = p;
  putc ('[', out);
  for (int i = len - 1; i >= 0; i--)
    {
      trun_json_string (out, chain[i]->label);
      if (i)
        fputs (", ", out);
    }
  putc (']', out);
}

static void
put_component (FILE *out, int comp, const struct trun_stat *st,
               const struct trun_settings *s)
{
  const char *units;
  double scale = trun_component_scale (comp, s, &units);
  trun_json_string (out, trun_components[comp].name);
  fputs (": {\"label\": ", out);
  trun_json_string (out, trun_components[comp].label);
  fputs (", \"units\": ", out);
  trun_json_string (out, units);
  fprintf (out, ", \"count\": %llu, \"sum\": ", (unsigned long long) st->count);
  trun_json_number (out, st->sum / scale);
  fputs (", \"min\": ", out);
  trun_json_number (out, st->min / scale);
  fputs (", \"max\": ", out);
  trun_json_number (out, st->max / scale);
  fputs (", \"mean\": ", out);
  trun_json_number (out, trun_stat_mean (st) / scale);
  fputs (", \"stddev\": ", out);
  trun_json_number (out, trun_stat_stddev (st) / scale);
  fputs (", \"self\": ", out);
  trun_json_number (out, (st->sum - st->child) / scale);
  fputs (", \"self_percent\": ", out);
  trun_json_number (out, trun_stat_self_percent (st));
  putc ('}', out);
}

static void
put_node (FILE *out, const struct trun_mtree *t, const struct trun_mnode *n,
          size_t id, long parent, const struct trun_settings *s)
{
  fprintf (out, "\n      {\"id\": %zu, \"parent\": %ld, \"label\": ", id, parent);
  trun_json_string (out, n->label);
  fprintf (out, ", \"depth\": %d, \"path\": ", n->depth);
  put_path (out, n);
  fputs (", \"threads\": [", out);
  for (unsigned i = 0; n->threads && i < n->nthreads; i++)
    fprintf (out, "%s%u", i ? ", " : "", n->threads[i]);
  fprintf (out,
           "], \"open_at_finalize\": %llu, \"throttled\": %s"
           ", \"unmeasured\": %llu, \"components\": {",
           (unsigned long long) n->open_at_finalize,
           n->throttled ? "true" : "false",
           (unsigned long long) n->unmeasured);
  int first = 1;
  for (int c = 0; c < TRUN_NCOMP; c++)
    if (trun_mnode_stat (t, n, c)->count > 0)
      {
        if (!first)
          fputs (", ", out);
        put_component (out, c, trun_mnode_stat (t, n, c), s);
        first = 0;
      }
  fputs ("}}", out);
}

/* Node ids are pre-order positions; a parent's id is found through a
   side table keyed by the node's address so no node field is written.  */
struct id_map
{
  const struct trun_mnode **key;
  size_t *val;
  size_t mask;
};

static size_t
hash_ptr (const void *p)
{
  uintptr_t x = (uintptr_t) p;
  x ^= x >> 33;
  x *= 0xff51afd7ed558ccdULL;
  x ^= x >> 33;
  return (size_t) x;
}

static int
id_map_init (struct id_map *m, size_t n)
{
  size_t cap = 16;
  while (cap < 2 * n + 2)
    cap *= 2;
  m->key = calloc (cap, sizeof *m->key);
  m->val = malloc (cap * sizeof *m->val);
  m->mask = cap - 1;
  return m->key && m->val ? 0 : -1;
}

static void
id_map_put (struct id_map *m, const struct trun_mnode *k, size_t v)
{
  size_t i = hash_ptr (k) & m->mask;
  while (m->key[i] && m->key[i] != k)
    i = (i + 1) & m->mask;
  m->key[i] = k;
  m->val[i] = v;
}

static long
id_map_get (const struct id_map *m, const struct trun_mnode *k)
{
  size_t i = hash_ptr (k) & m->mask;
  while (m->key[i])
    {
      if (m->key[i] == k)
        return (long) m->val[i];
      i = (i + 1) & m->mask;
    }
  return -1;
}

static void
put_tree (FILE *out, const struct trun_mtree *t, const struct trun_settings *s)
{
  if (!t)
    {
      fputs ("null", out);
      return;
    }
  fputs ("{\n    \"components\": ", out);
  trun_json_mask (out, t->components);
  fprintf (out, ",\n    \"node_count\": %zu,\n    \"nodes\": [", t->nnodes);
  size_t count = 0;
  const struct trun_mnode *root = &t->root;
  for (const struct trun_mnode *n = trun_mnode_next (root, root); n;
       n = trun_mnode_next (n, root))
    count++;
  struct id_map map;
  int have_map = id_map_init (&map, count) == 0;
  size_t id = 0;
  for (const struct trun_mnode *n = trun_mnode_next (root, root); n;
       n = trun_mnode_next (n, root))
    {
      long parent = -1;
      if (have_map)
        {
          id_map_put (&map, n, id);
          if (n->parent && n->parent != root)
            parent = id_map_get (&map, n->parent);
        }
      if (id)
        putc (',', out);
      put_node (out, t, n, id, parent, s);
      id++;
    }
  free (map.key);
  free (map.val);
  fputs (id ? "\n    ]\n  }" : "]\n  }", out);
}

void
trun_report_json (FILE *out, const struct trun_mtree *region,
                  const struct trun_mtree *trace,
                  const struct trun_run_info *info,
                  const struct trun_settings *s)
{
  flockfile (out);
  fputs ("{\n  \"trun_schema_version\": 1,\n  \"metadata\": ", out);
  trun_json_metadata (out, info, s);
  fputs (",\n  \"region\": ", out);
  put_tree (out, region, s);
  fputs (",\n  \"trace\": ", out);
  put_tree (out, trace, s);
  fputs ("\n}\n", out);
  funlockfile (out);
}

static int
json_files (const struct trun_report *r)
{
  if (r->kind != TRUN_REPORT_PROCESS || !r->settings->json_output)
    return 0;
  /* A coverage build writes its own document unless regions were used.  */
  if (r->coverage && !r->tree[TRUN_DOMAIN_REGION]->nnodes
      && !r->tree[TRUN_DOMAIN_TRACE]->nnodes)
    return 0;
  struct trun_out *o = trun_out_open (r, "trun.json");
  if (!o)
    return 0;
  trun_report_json (trun_out_stream (o), r->tree[TRUN_DOMAIN_REGION],
                    r->tree[TRUN_DOMAIN_TRACE], r->info, r->settings);
  trun_out_close (o);
  return 0;
}

const struct trun_writer trun_json_writer = { "json", json_files, NULL };
