/* rt/report/tree.c -- timemory's hierarchical JSON, the layout hatchet's
 * GraphFrame.from_timemory reads: ${prefix}[trace-]<label>.tree.json per
 * component of each domain (TRUN_TREE_OUTPUT / TIMEMORY_TREE_OUTPUT).
 *
 *   {"timemory": {"<name>": {"properties": {...}, "type", "description",
 *     "unit_value", "unit_repr", "thread_scope_only", "thread_count",
 *     "mpi_size", "upcxx_size", "process_count", "num_ranks",
 *     "concurrency", "graph": [[ROOT]]}}}
 *
 * ROOT is a dummy node (hash 0) whose children are the component's top
 * nodes; every node is {"node": {"hash", "prefix", "tid", "pid",
 * "depth", "is_dummy", "inclusive": {"entry", "stats"}, "exclusive":
 * {"entry", "stats"}}, "children": [...]}.  Every file uses timemory's
 * "mpi" arrangement, [[ROOT of rank 0], [ROOT of rank 1], ...], instead of
 * "graph" (hatchet's reader fails on a "graph" of several threads): a
 * rank's own file puts its tree at its rank after empty entries; the job
 * report (MPI, rank 0) has one entry, the job tree, every rank's calls
 * folded (its ranks' own totals are in mpi.json; each rank's own tree
 * file with TRUN_MPI_PER_RANK=on).
 * Values are in the units the tables show; the entry has "laps" (the
 * count) and "value" in timemory's raw unit (nanoseconds, bytes),
 * "unit_value" of them per shown unit (timemory's other entry fields,
 * copies of these, are left out: the file is the largest trun writes).  The file is written compactly, one node a line, so its
 * size stays linear in the nodes at any depth.  doc/outputs.md has the
 * fields.
 */
#define _GNU_SOURCE /* unlocked stdio */
#include "report/writers.h"

#include <ctype.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

struct tree_ctx
{
  FILE *f;
  const struct trun_mtree *t;
  int comp;
  double scale; /* base units per shown unit */
  double raw;   /* raw units per base unit (timemory's "value") */
  char pid[24];
  size_t pidlen;
  struct trun_block b; /* what goes to F, a block at a time */
  /* The numbers of the node being written, each formatted once (a leaf's
     exclusive values are its inclusive ones), in place: their text is
     where it was written in the block, at B.buf + AT.  */
  struct
  {
    double v;
    size_t at, len;
  } num[8];
  int nnum;
};

static void
put (struct tree_ctx *c, const char *s, size_t n)
{
  trun_block_write (&c->b, s, n);
}

#define PUTS(c, lit) put ((c), lit, sizeof lit - 1)

/* F for a write of its own (stdio, the escaper): what the block holds
   goes first.  */
static FILE *
direct (struct tree_ctx *c)
{
  trun_block_flush (&c->b);
  return c->f;
}

/* V as JSON, formatted once per node, straight into the block.  */
static void
put_num (struct tree_ctx *c, double v)
{
  size_t before = c->b.len;
  char *o = trun_block_room (&c->b, TRUN_JSON_NUMBER_MAX);
  if (c->b.len != before) /* flushed: the texts kept went with it */
    c->nnum = 0;
  for (int i = 0; i < c->nnum; i++)
    if (c->num[i].v == v)
      {
        trun_copy_short (o, c->b.buf + c->num[i].at, c->num[i].len);
        c->b.len += c->num[i].len;
        return;
      }
  int i = c->nnum < 8 ? c->nnum++ : 7;
  size_t n = trun_json_format_number (o, v);
  c->num[i].v = v;
  c->num[i].at = (size_t) (o - c->b.buf);
  c->num[i].len = n;
  c->b.len += n;
}

/* V's digits, straight into the block.  */
static void
put_u64 (struct tree_ctx *c, uint64_t v)
{
  char *o = trun_block_room (&c->b, 20);
  c->b.len = (size_t) (trun_digits_at (o, v) - c->b.buf);
}

/* 64-bit FNV-1a of the name; never 0 (hatchet's mark of a dummy).  */
static uint64_t
name_hash (const char *s)
{
  uint64_t h = 0xcbf29ce484222325ULL;
  for (const unsigned char *p = (const unsigned char *) (s ? s : ""); *p; p++)
    h = (h ^ *p) * 0x100000001b3ULL;
  return h ? h : 1;
}

/* The most bytes put_entry writes: its names, two counts, seven
   numbers.  */
#define ENTRY_MAX (128 + 2 * 20 + 7 * TRUN_JSON_NUMBER_MAX)

/* One "inclusive" or "exclusive" object: COUNT, SUM and SQR in base
   units; COUNT_TXT already formatted (it is the same in both).  */
static void
put_entry (struct tree_ctx *c, const char *count_txt, size_t count_len,
           uint64_t count, double sum, double sumsq, double min, double max)
{
  double k = c->scale;
  PUTS (c, "{\"entry\":{\"laps\":");
  put (c, count_txt, count_len);
  PUTS (c, ",\"value\":");
  put_num (c, sum * c->raw);
  PUTS (c, "},\"stats\":{\"sum\":");
  put_num (c, sum / k);
  PUTS (c, ",\"count\":");
  put (c, count_txt, count_len);
  /* One call: min, max and mean are the sum.  */
  int one = count == 1 && min == sum && max == sum;
  PUTS (c, ",\"min\":");
  put_num (c, one ? sum / k : count ? min / k : 0);
  PUTS (c, ",\"max\":");
  put_num (c, one ? sum / k : count ? max / k : 0);
  PUTS (c, ",\"sqr\":");
  put_num (c, sumsq / (k * k));
  PUTS (c, ",\"mean\":");
  put_num (c, one ? sum / k : count ? sum / (double) count / k : 0);
  /* As trun_stat_stddev: the sample standard deviation.  */
  double var = 0;
  if (count > 1)
    {
      var = (sumsq - sum * sum / (double) count) / (double) (count - 1);
      if (var < 0)
        var = 0;
    }
  PUTS (c, ",\"stddev\":");
  put_num (c, sqrt (var) / k);
  PUTS (c, "}}");
}

/* LABEL as a JSON string: plain printable ASCII copied, anything else
   through the one escaper.  */
static void
put_label (struct tree_ctx *c, const char *label)
{
  size_t n = strlen (label);
  int plain = 1;
  for (size_t i = 0; plain && i < n; i++)
    {
      unsigned char ch = (unsigned char) label[i];
      plain = ch >= 0x20 && ch < 0x7f && ch != '"' && ch != '\\';
    }
  char *o = plain ? trun_block_room (&c->b, n + 2) : NULL;
  if (!o)
    {
      trun_json_string (direct (c), label);
      return;
    }
  o[0] = '"';
  memcpy (o + 1, label, n);
  o[n + 1] = '"';
  c->b.len += n + 2;
}

/* N's "node" object and the opening of its "children".  N NULL: the
   dummy root, with THREADS (NTHREADS of them).  */
static void
put_node (struct tree_ctx *c, const struct trun_mnode *n, int depth)
{
  c->nnum = 0;
  PUTS (c, "{\"node\":{\"hash\":");
  put_u64 (c, n ? name_hash (n->label) : 0);
  PUTS (c, ",\"prefix\":");
  put_label (c, n && n->label ? n->label : "");
  PUTS (c, ",\"tid\":[");
  if (n && n->threads)
    for (unsigned i = 0; i < n->nthreads; i++)
      {
        if (i)
          PUTS (c, ",");
        put_u64 (c, n->threads[i]);
      }
  else
    PUTS (c, "0");
  PUTS (c, "],\"pid\":[");
  put (c, c->pid, c->pidlen);
  PUTS (c, "],\"depth\":");
  if (depth < 0)
    PUTS (c, "-1");
  else
    put_u64 (c, (uint64_t) depth);
  if (!n)
    {
      PUTS (c, ",\"is_dummy\":true,\"inclusive\":");
      put_entry (c, "0", 1, 0, 0, 0, 0, 0);
      PUTS (c, ",\"exclusive\":");
      put_entry (c, "0", 1, 0, 0, 0, 0, 0);
      PUTS (c, "},\"children\":[");
      return;
    }
  const struct trun_stat *st = trun_mnode_stat (c->t, n, c->comp);
  struct trun_stat ch;
  trun_cwalk_children (c->t, n, c->comp, &ch);
  char count[24];
  size_t lc = trun_fmt_u64 (count, st->count);
  PUTS (c, ",\"is_dummy\":false,\"inclusive\":");
  /* Room for both entries: the inclusive one stays in the block for the
     exclusive one to copy.  */
  trun_block_room (&c->b, 2 * ENTRY_MAX);
  size_t inclusive = c->b.len;
  put_entry (c, count, lc, st->count, st->sum, st->sumsq, st->min, st->max);
  size_t inclusive_len = c->b.len - inclusive;
  /* Exclusive as timemory computes it: the children's sums taken off,
     min and max over the node and its children.  */
  double min = st->min, max = st->max;
  if (ch.count && ch.min < min)
    min = ch.min;
  if (ch.count && ch.max > max)
    max = ch.max;
  double self = trun_stat_self (st), sumsq = st->sumsq - ch.sumsq;
  if (!(sumsq > 0))
    sumsq = 0;
  PUTS (c, ",\"exclusive\":");
  /* A node without children (most of a large tree's): the same values,
     the same text (equal values format alike, -0 as 0).  */
  if (self == st->sum && sumsq == st->sumsq && min == st->min
      && max == st->max && c->b.len + inclusive_len <= c->b.cap)
    {
      memcpy (c->b.buf + c->b.len, c->b.buf + inclusive, inclusive_len);
      c->b.len += inclusive_len;
    }
  else
    put_entry (c, count, lc, st->count, self, sumsq, min, max);
  PUTS (c, "},\"children\":[");
}

/* The dummy root and the component's tree of T below it.  */
static int
put_tree (struct tree_ctx *c, const struct trun_mtree *t, long pid)
{
  c->t = t;
  c->pidlen = trun_fmt_u64 (c->pid, (uint64_t) (pid < 0 ? 0 : pid));
  put_node (c, NULL, -1);
  struct trun_cwalk w;
  trun_cwalk_init (&w, t, c->comp);
  /* Whether the node at each open level has a child written yet: the
     dummy root is level 0.  */
  char *any = NULL;
  size_t cap = 0;
  int err = 0;
  size_t open = 0; /* levels open below the root */
  size_t closed;
  const struct trun_mnode *n;
  char root_any = 0;
  while ((n = trun_cwalk_next (&w, &closed)))
    {
      for (; closed; closed--, open--)
        PUTS (c, "]}");
      if (w.n > cap)
        {
          size_t nc = cap ? 2 * cap : 256;
          char *a = realloc (any, nc);
          if (!a)
            {
              err = 1;
              break;
            }
          any = a;
          cap = nc;
        }
      char *parent_any = open ? &any[open - 1] : &root_any;
      if (*parent_any)
        PUTS (c, ",");
      *parent_any = 1;
      PUTS (c, "\n");
      put_node (c, n, (int) (w.n - 1));
      any[open++] = 0;
    }
  if (!err)
    for (; closed; closed--, open--)
      PUTS (c, "]}");
  else
    for (; open; open--)
      PUTS (c, "]}");
  PUTS (c, "]}");
  free (any);
  trun_cwalk_free (&w);
  return err;
}

/* Highest thread index in T's nodes, plus one.  */
static unsigned
thread_span (const struct trun_mtree *t)
{
  unsigned m = 1;
  for (const struct trun_mnode *n = trun_mnode_next (&t->root, &t->root); n;
       n = trun_mnode_next (n, &t->root))
    if (n->nthreads && n->threads[n->nthreads - 1] + 1 > m)
      m = n->threads[n->nthreads - 1] + 1;
  return m;
}

static void
put_header (struct tree_ctx *c, const struct trun_report *r, int comp)
{
  const struct trun_component *cm = &trun_components[comp];
  const char *units;
  c->scale = trun_component_scale (comp, r->settings, &units);
  c->raw = cm->cls == TRUN_CLASS_TIMING ? 1e9 : 1.0;
  char up[64];
  size_t i = 0;
  for (; cm->name[i] && i + 1 < sizeof up; i++)
    up[i] = (char) toupper ((unsigned char) cm->name[i]);
  up[i] = '\0';
  unsigned nthreads = 1;
  int nproc = 1;
  if (r->kind == TRUN_REPORT_PROCESS)
    {
      nthreads = r->info && r->info->nthreads ? r->info->nthreads : 1;
      if (r->info && r->info->rank > 0)
        nproc = r->info->rank + 1; /* the entries of "mpi" */
    }
  else
    for (int d = 0; d < TRUN_NDOMAIN; d++)
      if (r->tree[d])
        {
          unsigned s = thread_span (r->tree[d]);
          if (s > nthreads)
            nthreads = s;
        }
  fprintf (direct (c), "{\"timemory\":{\"%s\":{\"properties\":{\"value\":%d,\"enum\":",
           cm->name, comp);
  trun_json_string (direct (c), up);
  PUTS (c, ",\"id\":");
  trun_json_string (direct (c), cm->name);
  PUTS (c, ",\"ids\":[");
  trun_json_string (direct (c), cm->name);
  if (strcmp (cm->name, cm->label) != 0)
    {
      PUTS (c, ",");
      trun_json_string (direct (c), cm->label);
    }
  PUTS (c, "]},\n\"type\":");
  trun_json_string (direct (c), cm->label);
  PUTS (c, ",\"description\":");
  trun_json_string (direct (c), cm->description);
  PUTS (c, ",\"unit_value\":");
  put_num (c, c->scale * c->raw);
  PUTS (c, ",\"unit_repr\":");
  trun_json_string (direct (c), units);
  fprintf (direct (c),
           ",\"thread_scope_only\":false,\"thread_count\":%u,\"mpi_size\":%d"
           ",\"upcxx_size\":1,\"process_count\":%d,\"num_ranks\":%d"
           ",\"concurrency\":%u,\n",
           nthreads, r->kind == TRUN_REPORT_JOB ? r->nranks : nproc, nproc,
           r->kind == TRUN_REPORT_JOB ? r->nranks : nproc, nthreads);
}

/* One file: component COMP of domain D.  */
static int
tree_file (const struct trun_report *r, int d, int comp)
{
  char name[256];
  snprintf (name, sizeof name, "%s%s.tree.json",
            d == TRUN_DOMAIN_TRACE ? "trace-" : "",
            trun_components[comp].label);
  struct trun_out *o = trun_out_open (r, name);
  if (!o)
    return 1;
  struct tree_ctx c;
  memset (&c, 0, sizeof c);
  c.f = trun_out_stream (o);
  c.comp = comp;
  flockfile (c.f);
  trun_block_init (&c.b, c.f);
  put_header (&c, r, comp);
  int err = 0;
  PUTS (&c, "\"mpi\":[");
  if (r->kind == TRUN_REPORT_PROCESS)
    {
      /* This process's rank, after empty ranks before it.  */
      int rank = r->info && r->info->rank > 0 ? r->info->rank : 0;
      for (int k = 0; k < rank; k++)
        PUTS (&c, "\n[],");
      PUTS (&c, "\n[");
      err |= put_tree (&c, r->tree[d], r->info ? r->info->pid : (long) getpid ());
      PUTS (&c, "]]");
    }
  else
    {
      /* The job tree, as one entry: rank 0's pid.  */
      long pid = r->nranks > 0 && r->ranks[0].present ? r->ranks[0].pid
                                                      : (long) getpid ();
      PUTS (&c, "\n[");
      err |= put_tree (&c, r->tree[d], pid);
      PUTS (&c, "]]");
    }
  PUTS (&c, "}}}\n");
  trun_block_end (&c.b);
  funlockfile (c.f);
  if (err)
    {
      trun_warn ("out of memory writing %s", name);
      trun_out_close (o);
      return 1;
    }
  return trun_out_close (o) != 0;
}

static int
tree_files (const struct trun_report *r)
{
  if (!r->settings->tree_output || !r->settings->file_output)
    return 0;
  if (r->kind == TRUN_REPORT_JOB && !r->aggregate)
    return 0;
  int failed = 0;
  for (int d = 0; d < TRUN_NDOMAIN; d++)
    {
      /* A huge tree's JSON (some 540 bytes a node, nested per depth) costs
         more at exit than every other output together, and hatchet reads
         it slowly: past the limit, one warning; trun convert writes it
         from the profile later.  */
      long limit = r->settings->tree_max_nodes;
      if (r->tree[d] && limit > 0 && r->tree[d]->nnodes > (size_t) limit)
        {
          trun_warn ("no %stree JSON: the call tree has %zu nodes, more than "
                     "TRUN_TREE_MAX_NODES=%ld (0 = no limit; `trun convert "
                     "--to=tree-json` writes it from trun.json)",
                     d == TRUN_DOMAIN_TRACE ? "trace " : "", r->tree[d]->nnodes,
                     limit);
          continue;
        }
      trun_mask_t m = trun_report_components (r, d);
      for (int comp = 0; comp < TRUN_NCOMP; comp++)
        if (m & ((trun_mask_t) 1 << comp))
          failed |= tree_file (r, d, comp);
    }
  return failed;
}

const struct trun_writer trun_tree_writer = { "tree-json", tree_files, NULL };
