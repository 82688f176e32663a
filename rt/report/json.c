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

/* ------------------------------------------------------------------ */
/* Trees (schema version 2: doc/json-schema.md)                       */

/* The statistics of a component, in this order, in a node's "s".  */
static const char *const stat_names[] = { "count", "sum", "min", "max",
                                          "stddev", "self" };
#define NSTATS (sizeof stat_names / sizeof stat_names[0])

/* The nodes' lines are collected in a large block (report/block.c)
   and written a block at a time.  */
static void
line_str (struct trun_block *b, const char *s, size_t n)
{
  trun_block_write (b, s, n);
}

/* LABEL as a JSON string: plain printable ASCII is copied, anything
   else goes through the one escaper.  */
static void
line_label (struct trun_block *b, const char *label)
{
  size_t n = label ? strlen (label) : 0;
  int plain = label && trun_bytes_plain (label, n, '"', '\\', 1);
  char *o = plain ? trun_block_room (b, n + 2) : NULL;
  if (o)
    {
      o[0] = '"';
      memcpy (o + 1, label, n);
      o[n + 1] = '"';
      b->len += n + 2;
      return;
    }
  trun_block_flush (b);
  trun_json_string (b->out, label);
}

/* A node's numbers go straight into the block, in runs whose room is
   asked for once (not one test and copy per token: a million nodes'
   JSON is made of them).  Each run's most bytes: */
#define U64_ROOM 20 /* a uint64_t's digits */
#define STATS_ROOM (2 + U64_ROOM + (NSTATS - 1) * (1 + TRUN_JSON_NUMBER_MAX))

/* V's digits at O (U64_ROOM bytes of room); past them.  */
static char *
put_u64 (char *o, uint64_t v)
{
  if (v < 10) /* counts of 1, thread 0 */
    {
      *o = (char) ('0' + v);
      return o + 1;
    }
  return trun_digits_at (o, v);
}

/* The statistics of one component at O (STATS_ROOM bytes of room), each
   number formatted once: a value equal to an earlier one (count 1: sum
   = min = max, and a leaf's self) reuses its text.  Past them.  */
static char *
put_stats (char *o, const struct trun_stat *st, double scale)
{
  double v[NSTATS - 1] = { trun_in_units (st->sum, scale),
                           trun_in_units (st->min, scale),
                           trun_in_units (st->max, scale),
                           trun_in_units (trun_stat_stddev (st), scale),
                           trun_in_units (trun_stat_self (st), scale) };
  *o++ = '[';
  o = put_u64 (o, st->count);
  const char *text[NSTATS - 1];
  size_t len[NSTATS - 1];
  for (size_t i = 0; i < NSTATS - 1; i++)
    {
      *o++ = ',';
      size_t same = i;
      for (size_t j = 0; j < i && same == i; j++)
        if (v[j] == v[i] || (v[j] != v[j] && v[i] != v[i]))
          same = j;
      if (same == i)
        len[i] = trun_json_format_number (o, v[i]);
      else
        {
          len[i] = len[same];
          memcpy (o, text[same], len[i]); /* before O: no overlap */
        }
      text[i] = o;
      o += len[i];
    }
  *o++ = ']';
  return o;
}

struct tree_ctx
{
  const struct trun_mtree *t;
  int comp[TRUN_NCOMP]; /* the tree's components, in "components" order */
  double scale[TRUN_NCOMP];
  int ncomp;
};

/* Up to O is written: the block's length.  */
static void
done (struct trun_block *b, const char *o)
{
  b->len = (size_t) (o - b->buf);
}

/* The text of a node's parent id, made once for all its children.  */
struct parent_text
{
  long id;
  size_t len;
  char text[U64_ROOM];
};

static void
put_node (struct trun_block *b, const struct tree_ctx *c,
          const struct trun_mnode *n, struct parent_text *pt, long parent,
          int first)
{
  char *o = trun_block_room (b, 7 + U64_ROOM + 5);
  if (!o)
    return; /* no block at all: nothing can be written */
  if (!first)
    *o++ = ',';
  memcpy (o, "\n{\"p\":", 6);
  o += 6;
  if (parent != pt->id)
    {
      pt->id = parent;
      if (parent < 0)
        {
          memcpy (pt->text, "-1", 2);
          pt->len = 2;
        }
      else
        pt->len = (size_t) (put_u64 (pt->text, (uint64_t) parent) - pt->text);
    }
  memcpy (o, pt->text, U64_ROOM); /* fixed size: no call */
  o += pt->len;
  memcpy (o, ",\"l\":", 5);
  done (b, o + 5);
  line_label (b, n->label);
  line_str (b, ",\"t\":[", 6);
  for (unsigned i = 0; n->threads && i < n->nthreads; i++)
    {
      o = trun_block_room (b, 1 + U64_ROOM);
      if (!o)
        return;
      *o = ',';
      done (b, put_u64 (o + (i > 0), n->threads[i]));
    }
  line_str (b, "],\"s\":[", 7);
  for (int k = 0; k < c->ncomp; k++)
    {
      o = trun_block_room (b, 1 + STATS_ROOM);
      if (!o)
        return;
      if (k)
        *o++ = ',';
      const struct trun_stat *st = trun_mnode_stat (c->t, n, c->comp[k]);
      if (st->count > 0)
        o = put_stats (o, st, c->scale[k]);
      else
        {
          memcpy (o, "null", 4);
          o += 4;
        }
      done (b, o);
    }
  o = trun_block_room (b, 1 + 5 + U64_ROOM + 11 + 5 + U64_ROOM + 1);
  if (!o)
    return;
  *o++ = ']';
  if (n->open_at_finalize)
    {
      memcpy (o, ",\"o\":", 5);
      o = put_u64 (o + 5, n->open_at_finalize);
    }
  if (n->throttled)
    {
      memcpy (o, ",\"thr\":true", 11);
      o += 11;
    }
  if (n->unmeasured)
    {
      memcpy (o, ",\"u\":", 5);
      o = put_u64 (o + 5, n->unmeasured);
    }
  *o++ = '}';
  done (b, o);
}

static void
put_tree (FILE *out, const struct trun_mtree *t, const struct trun_settings *s)
{
  if (!t)
    {
      fputs ("null", out);
      return;
    }
  struct tree_ctx c;
  memset (&c, 0, sizeof c);
  c.t = t;
  fputs ("{\n    \"components\": [", out);
  for (int i = 0; i < TRUN_NCOMP; i++)
    if (t->components & ((trun_mask_t) 1 << i))
      {
        const char *units;
        c.scale[c.ncomp] = trun_component_scale (i, s, &units);
        if (c.ncomp)
          fputs (", ", out);
        fputs ("{\"name\": ", out);
        trun_json_string (out, trun_components[i].name);
        fputs (", \"label\": ", out);
        trun_json_string (out, trun_components[i].label);
        fputs (", \"units\": ", out);
        trun_json_string (out, units);
        putc ('}', out);
        c.comp[c.ncomp++] = i;
      }
  fputs ("],\n    \"stats\": [", out);
  for (size_t i = 0; i < NSTATS; i++)
    fprintf (out, "%s\"%s\"", i ? ", " : "", stat_names[i]);
  fprintf (out,
           "],\n    \"node_count\": %zu,\n    \"folded_calls\": %llu"
           ",\n    \"nodes\": [",
           t->nnodes, (unsigned long long) t->folded_calls);
  /* A node's id is its pre-order position; its parent's is the id last
     given at the depth above (the path from the top is a stack).  */
  size_t cap = 256, *at_depth = malloc (cap * sizeof *at_depth);
  size_t id = 0;
  struct trun_block b;
  trun_block_init (&b, out);
  struct parent_text pt = { .id = -2 };
  const struct trun_mnode *root = &t->root;
  for (const struct trun_mnode *n = trun_mnode_next (root, root); n;
       n = trun_mnode_next (n, root))
    {
      size_t d = n->depth < 0 ? 0 : (size_t) n->depth;
      if (at_depth && d >= cap)
        {
          while (cap <= d)
            cap *= 2;
          size_t *p = realloc (at_depth, cap * sizeof *p);
          if (!p)
            free (at_depth);
          at_depth = p;
        }
      long parent = -1;
      if (at_depth)
        {
          if (d > 0)
            parent = (long) at_depth[d - 1];
          at_depth[d] = id;
        }
      put_node (&b, &c, n, &pt, parent, id == 0);
      id++;
    }
  trun_block_end (&b);
  free (at_depth);
  fputs (id ? "\n    ]\n  }" : "]\n  }", out);
}

void
trun_report_json (FILE *out, const struct trun_mtree *region,
                  const struct trun_mtree *trace,
                  const struct trun_run_info *info,
                  const struct trun_settings *s)
{
  flockfile (out);
  fputs ("{\n  \"trun_schema_version\": 2,\n  \"metadata\": ", out);
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
