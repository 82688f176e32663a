/* rt/report_mpi.c -- rank 0's reports for a whole MPI job.
 *
 * Input: every rank's merged trees (decoded by mpi_codec.c).  Output:
 *  - per-rank tables (TRUN_MPI_PER_RANK): each rank's tree printed by the
 *    ordinary table writer with rows marked "|RANK>>> ", to stdout and
 *    ${TRUN_OUTPUT_PATH}/${prefix}[trace-]<label>-mpi-ranks.txt;
 *  - aggregated tables (TRUN_MPI_AGGREGATE): the ranks' trees folded by
 *    call path; per node the ranks that ran it, the summed count, and
 *    sum/mean/min/max across ranks of each rank's total, with the ranks
 *    of the min and the max; to stdout and
 *    ${TRUN_OUTPUT_PATH}/${prefix}[trace-]<label>-mpi.txt;
 *  - the aggregate as JSON: ${TRUN_OUTPUT_PATH}/${prefix}mpi.json; nodes
 *    carry an id and their parent's id (0: top level) rather than their
 *    whole path, so the file stays linear in the tree's size.
 * No MPI here, so the unit tests can feed it hand-made trees.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "mpip.h"

/* ------------------------------------------------------------------ */
/* The job tree: nodes matched across ranks by their call path        */

struct agg_source
{
  int rank;
  const struct trun_mtree *tree; /* the rank's tree holding NODE */
  const struct trun_mnode *node;
};

/* Source S's stat for COMP.  */
static const struct trun_stat *
src_stat (const struct agg_source *s, int comp)
{
  return trun_mnode_stat (s->tree, s->node, comp);
}

struct agg_node
{
  const char *label;
  int depth;
  size_t id; /* creation order, 1-based; the JSON's node id */
  struct agg_node *parent, *first_child, *last_child, *next_sibling;
  size_t nsrc, cap;
  struct agg_source *src; /* ascending rank */
};

struct agg_tree
{
  struct agg_node root;
  struct agg_node **slots; /* hash of (parent, label) -> child */
  size_t nslots, nnodes;
  int failed;
};

static size_t
slot_of (const struct agg_node *parent, const char *label, size_t nslots)
{
  size_t h = (size_t) (uintptr_t) parent * 0x9e3779b97f4a7c15ull;
  for (const unsigned char *p = (const unsigned char *) label; *p; p++)
    h = (h ^ *p) * 0x100000001b3ull;
  return h & (nslots - 1);
}

static int
grow_slots (struct agg_tree *t)
{
  size_t n = t->nslots ? t->nslots * 2 : 1024;
  struct agg_node **s = calloc (n, sizeof *s);
  if (!s)
    return -1;
  for (size_t i = 0; i < t->nslots; i++)
    {
      struct agg_node *a = t->slots[i];
      if (!a)
        continue;
      size_t k = slot_of (a->parent, a->label, n);
      while (s[k])
        k = (k + 1) & (n - 1);
      s[k] = a;
    }
  free (t->slots);
  t->slots = s;
  t->nslots = n;
  return 0;
}

static struct agg_node *
child_for (struct agg_tree *t, struct agg_node *parent, const char *label)
{
  if (!label)
    label = "";
  if ((t->nnodes + 1) * 2 > t->nslots && grow_slots (t) != 0)
    return NULL;
  size_t k = slot_of (parent, label, t->nslots);
  for (; t->slots[k]; k = (k + 1) & (t->nslots - 1))
    if (t->slots[k]->parent == parent && strcmp (t->slots[k]->label, label) == 0)
      return t->slots[k];
  struct agg_node *a = calloc (1, sizeof *a);
  if (!a)
    return NULL;
  a->label = label;
  a->depth = parent->depth + 1;
  a->parent = parent;
  if (parent->last_child)
    parent->last_child->next_sibling = a;
  else
    parent->first_child = a;
  parent->last_child = a;
  t->slots[k] = a;
  a->id = ++t->nnodes;
  return a;
}

static int
add_source (struct agg_node *a, int rank, const struct trun_mtree *tree,
            const struct trun_mnode *n)
{
  if (a->nsrc == a->cap)
    {
      size_t cap = a->cap ? a->cap * 2 : 2;
      struct agg_source *s = realloc (a->src, cap * sizeof *s);
      if (!s)
        return -1;
      a->src = s;
      a->cap = cap;
    }
  a->src[a->nsrc].rank = rank;
  a->src[a->nsrc].tree = tree;
  a->src[a->nsrc].node = n;
  a->nsrc++;
  return 0;
}

/* Next node in pre-order after N within the tree rooted at ROOT.
   *LEVEL follows the depth (root's children: 0).  */
#define PREORDER_NEXT(n, root, level)                                         \
  do                                                                          \
    {                                                                         \
      if ((n)->first_child)                                                   \
        {                                                                     \
          (n) = (n)->first_child;                                             \
          (level)++;                                                          \
          break;                                                              \
        }                                                                     \
      while ((n) && !(n)->next_sibling)                                       \
        {                                                                     \
          (n) = (n)->parent;                                                  \
          (level)--;                                                          \
          if ((n) == (root))                                                  \
            (n) = NULL;                                                       \
        }                                                                     \
      if (n)                                                                  \
        (n) = (n)->next_sibling;                                              \
    }                                                                         \
  while (0)

static void
fold_rank (struct agg_tree *t, const struct trun_mtree *tree, int rank)
{
  struct agg_node **at_level = NULL; /* agg node per level on the path */
  size_t cap = 0;
  long level = 0;
  const struct trun_mnode *n = tree->root.first_child;
  while (n && !t->failed)
    {
      if ((size_t) level >= cap)
        {
          cap = cap ? cap * 2 : 64;
          struct agg_node **p = realloc (at_level, cap * sizeof *p);
          if (!p)
            {
              t->failed = 1;
              break;
            }
          at_level = p;
        }
      struct agg_node *parent = level ? at_level[level - 1] : &t->root;
      struct agg_node *a = child_for (t, parent, n->label);
      if (!a || add_source (a, rank, tree, n) != 0)
        {
          t->failed = 1;
          break;
        }
      at_level[level] = a;
      PREORDER_NEXT (n, &tree->root, level);
    }
  free (at_level);
}

static void
agg_free (struct agg_tree *t)
{
  /* Every node sits in the hash exactly once.  */
  for (size_t i = 0; i < t->nslots; i++)
    if (t->slots[i])
      {
        free (t->slots[i]->src);
        free (t->slots[i]);
      }
  free (t->slots);
  memset (t, 0, sizeof *t);
}

static int
agg_build (struct agg_tree *t, const struct trun_rank_profile *ranks,
           int nranks, enum trun_domain d)
{
  memset (t, 0, sizeof *t);
  t->root.depth = -1;
  for (int r = 0; r < nranks && !t->failed; r++)
    if (ranks[r].present)
      fold_rank (t, &ranks[r].tree[d], ranks[r].rank);
  return t->failed ? -1 : 0;
}

/* ------------------------------------------------------------------ */
/* Statistics across ranks for one node and one component              */

struct across
{
  uint64_t count;  /* summed over ranks */
  unsigned nranks; /* ranks that recorded it */
  double sum, min, max;
  int min_rank, max_rank;
};

static int
across_ranks (const struct agg_node *a, int comp, struct across *x)
{
  memset (x, 0, sizeof *x);
  x->min_rank = x->max_rank = -1;
  for (size_t i = 0; i < a->nsrc; i++)
    {
      const struct trun_stat *st = src_stat (&a->src[i], comp);
      if (st->count == 0)
        continue;
      double v = st->sum;
      if (x->nranks == 0 || v < x->min)
        x->min = v, x->min_rank = a->src[i].rank;
      if (x->nranks == 0 || v > x->max)
        x->max = v, x->max_rank = a->src[i].rank;
      x->nranks++;
      x->count += st->count;
      x->sum += v;
    }
  return x->nranks > 0;
}

/* "0-3,5": the ranks of A that recorded COMP.  */
static void
rank_list (const struct agg_node *a, int comp, char *out, size_t size)
{
  size_t len = 0;
  out[0] = 0;
  for (size_t i = 0; i < a->nsrc && len + 1 < size; i++)
    {
      if (src_stat (&a->src[i], comp)->count == 0)
        continue;
      int first = a->src[i].rank, last = first;
      while (i + 1 < a->nsrc && a->src[i + 1].rank == last + 1
             && src_stat (&a->src[i + 1], comp)->count > 0)
        last = a->src[++i].rank;
      int w = last > first
                  ? snprintf (out + len, size - len, "%s%d-%d", len ? "," : "",
                              first, last)
                  : snprintf (out + len, size - len, "%s%d", len ? "," : "",
                              first);
      if (w < 0 || (size_t) w >= size - len)
        {
          snprintf (out + (size > 4 ? size - 4 : 0), size > 4 ? 4 : size,
                    "...");
          return;
        }
      len += (size_t) w;
    }
}

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

/* ------------------------------------------------------------------ */
/* The aggregated table                                               */

enum
{
  COL_LABEL,
  COL_COUNT,
  COL_DEPTH,
  COL_METRIC,
  COL_UNITS,
  COL_RANKS,
  COL_SUM,
  COL_MEAN,
  COL_MIN,
  COL_MIN_RANK,
  COL_MAX,
  COL_MAX_RANK,
  NCOLS
};

static const char *const col_titles[NCOLS]
    = { "LABEL", "COUNT", "DEPTH",    "METRIC", "UNITS", "RANKS",
        "SUM",   "MEAN",  "MIN",      "MIN RANK", "MAX", "MAX RANK" };

#define CELL 64

struct row
{
  char cell[NCOLS][CELL];
  char *label; /* may be long: kept apart */
};

static char *
row_label (const struct agg_node *a)
{
  size_t indent = (size_t) (a->depth > 1 ? 2 * (a->depth - 1) : 0);
  size_t n = strlen (a->label) + indent + 8;
  char *s = malloc (n);
  if (!s)
    return NULL;
  snprintf (s, n, ">>> %*s%s%s", (int) indent, "", a->depth > 0 ? "|_" : "",
            a->label);
  return s;
}

static void
fill_row (struct row *r, const struct agg_node *a, int comp,
          const struct across *x, const struct trun_settings *s)
{
  const char *units;
  double scale = trun_component_scale (comp, s, &units);
  int p = s->precision;
  snprintf (r->cell[COL_COUNT], CELL, "%llu", (unsigned long long) x->count);
  snprintf (r->cell[COL_DEPTH], CELL, "%d", a->depth);
  snprintf (r->cell[COL_METRIC], CELL, "%s", trun_components[comp].label);
  snprintf (r->cell[COL_UNITS], CELL, "%s", units);
  rank_list (a, comp, r->cell[COL_RANKS], CELL);
  snprintf (r->cell[COL_SUM], CELL, "%.*f", p, x->sum / scale);
  snprintf (r->cell[COL_MEAN], CELL, "%.*f", p, x->sum / x->nranks / scale);
  snprintf (r->cell[COL_MIN], CELL, "%.*f", p, x->min / scale);
  snprintf (r->cell[COL_MIN_RANK], CELL, "%d", x->min_rank);
  snprintf (r->cell[COL_MAX], CELL, "%.*f", p, x->max / scale);
  snprintf (r->cell[COL_MAX_RANK], CELL, "%d", x->max_rank);
}

static void
dashes (FILE *out, size_t n)
{
  for (size_t i = 0; i < n; i++)
    fputc ('-', out);
}

static void
rule (FILE *out, const size_t *w, int with_columns)
{
  size_t total = 0;
  for (int c = 0; c < NCOLS; c++)
    total += w[c] + 2;
  total += NCOLS - 1;
  fputc ('|', out);
  if (!with_columns)
    dashes (out, total);
  else
    for (int c = 0; c < NCOLS; c++)
      {
        dashes (out, w[c] + 2);
        fputc ('|', out);
      }
  fputs (with_columns ? "\n" : "|\n", out);
}

static void
centred (FILE *out, const char *text, size_t width)
{
  size_t n = strlen (text);
  size_t left = n < width ? (width - n) / 2 : 0;
  size_t right = n < width ? width - n - left : 0;
  fprintf (out, "%*s%s%*s", (int) left, "", text, (int) right, "");
}

static void
print_table (FILE *out, const char *title, struct row *rows, size_t nrows,
             const struct trun_settings *s)
{
  size_t w[NCOLS];
  for (int c = 0; c < NCOLS; c++)
    {
      w[c] = strlen (col_titles[c]);
      if (c != COL_LABEL && c != COL_METRIC && c != COL_UNITS && c != COL_RANKS
          && w[c] < (size_t) s->width)
        w[c] = (size_t) s->width;
    }
  for (size_t i = 0; i < nrows; i++)
    for (int c = 0; c < NCOLS; c++)
      {
        size_t n = strlen (c == COL_LABEL ? rows[i].label : rows[i].cell[c]);
        if (n > w[c])
          w[c] = n;
      }
  size_t total = NCOLS - 1;
  for (int c = 0; c < NCOLS; c++)
    total += w[c] + 2;

  rule (out, w, 0);
  fputc ('|', out);
  centred (out, title, total);
  fputs ("|\n", out);
  rule (out, w, 0);
  fputc ('|', out);
  for (int c = 0; c < NCOLS; c++)
    {
      fputc (' ', out);
      centred (out, col_titles[c], w[c]);
      fputs (" |", out);
    }
  fputc ('\n', out);
  rule (out, w, 1);
  for (size_t i = 0; i < nrows; i++)
    {
      if (i > 0 && i % 10 == 0)
        rule (out, w, 1);
      fputc ('|', out);
      for (int c = 0; c < NCOLS; c++)
        {
          const char *v = c == COL_LABEL ? rows[i].label : rows[i].cell[c];
          int left = c == COL_LABEL || c == COL_METRIC || c == COL_UNITS
                     || c == COL_RANKS;
          fprintf (out, left ? " %-*s |" : " %*s |", (int) w[c], v);
        }
      fputc ('\n', out);
    }
  rule (out, w, 0);
}

/* Rows of the aggregated table of COMP, in pre-order.  */
static struct row *
aggregated_rows (const struct agg_tree *t, int comp,
                 const struct trun_settings *s, size_t *nrows)
{
  struct row *rows = calloc (t->nnodes ? t->nnodes : 1, sizeof *rows);
  size_t n = 0;
  long level = 0;
  const struct agg_node *a = t->root.first_child;
  while (a && rows)
    {
      struct across x;
      if (across_ranks (a, comp, &x))
        {
          rows[n].label = row_label (a);
          if (!rows[n].label)
            break;
          fill_row (&rows[n], a, comp, &x, s);
          n++;
        }
      PREORDER_NEXT (a, &t->root, level);
    }
  *nrows = n;
  return rows;
}

static void
free_rows (struct row *rows, size_t n)
{
  for (size_t i = 0; rows && i < n; i++)
    free (rows[i].label);
  free (rows);
}

/* ------------------------------------------------------------------ */
/* Files                                                              */

/* ${TRUN_OUTPUT_PATH}/${prefix}NAME opened for writing, or NULL (one
   warning naming the file).  */
static FILE *
open_output (const struct trun_settings *s, const char *fmt, ...)
    __attribute__ ((format (printf, 2, 3)));

static FILE *
open_output (const struct trun_settings *s, const char *fmt, ...)
{
  if (!s->file_output || !trun_output_dir_ok ())
    return NULL;
  char name[512], path[4096 + 1024];
  va_list ap;
  va_start (ap, fmt);
  vsnprintf (name, sizeof name, fmt, ap);
  va_end (ap);
  snprintf (path, sizeof path, "%s/%s%s", s->output_path, s->output_prefix,
            name);
  FILE *f = fopen (path, "w");
  if (!f)
    trun_warn ("cannot write %s: %s", path, strerror (errno));
  else
    trun_verbose ("writing %s", path);
  return f;
}

static const char *
domain_file_prefix (int d)
{
  return d == TRUN_DOMAIN_TRACE ? "trace-" : "";
}

/* Components any present rank recorded in domain D.  */
static trun_mask_t
job_components (const struct trun_rank_profile *ranks, int nranks, int d)
{
  trun_mask_t m = 0;
  for (int r = 0; r < nranks; r++)
    if (ranks[r].present)
      m |= ranks[r].tree[d].components;
  return m;
}

static void
write_per_rank (const struct trun_rank_profile *ranks, int nranks, int d,
                int comp, const struct trun_settings *s)
{
  FILE *f = s->text_output ? open_output (s, "%s%s-mpi-ranks.txt",
                                          domain_file_prefix (d),
                                          trun_components[comp].label)
                           : NULL;
  for (int r = 0; r < nranks; r++)
    {
      const struct trun_mtree *t = &ranks[r].tree[d];
      if (!ranks[r].present || !(t->components & (1u << comp)))
        continue;
      if (s->cout_output)
        trun_report_table (stdout, t, comp, d == TRUN_DOMAIN_TRACE,
                           ranks[r].rank, s);
      if (f)
        trun_report_table (f, t, comp, d == TRUN_DOMAIN_TRACE, ranks[r].rank,
                           s);
    }
  if (f)
    fclose (f);
}

static void
write_aggregated_table (const struct agg_tree *t, int nranks, int d, int comp,
                        const struct trun_settings *s)
{
  size_t nrows;
  struct row *rows = aggregated_rows (t, comp, s, &nrows);
  if (!rows)
    return;
  char title[512];
  size_t n = 0;
  for (const char *p = trun_components[comp].description; p && *p
                                                           && n + 1 < 256;
       p++)
    title[n++] = (char) (*p >= 'a' && *p <= 'z' ? *p - 'a' + 'A' : *p);
  while (n > 0 && title[n - 1] == ' ')
    n--;
  title[n] = 0;
  snprintf (title + n, sizeof title - n, "%s(%sACROSS %d MPI RANKS)",
            n ? " " : "", d == TRUN_DOMAIN_TRACE ? "TRACE MODE, " : "",
            nranks);
  if (s->cout_output)
    print_table (stdout, title, rows, nrows, s);
  FILE *f = s->text_output ? open_output (s, "%s%s-mpi.txt",
                                          domain_file_prefix (d),
                                          trun_components[comp].label)
                           : NULL;
  if (f)
    {
      print_table (f, title, rows, nrows, s);
      fclose (f);
    }
  free_rows (rows, nrows);
}

/* ------------------------------------------------------------------ */
/* JSON                                                               */

static void
json_string (FILE *f, const char *s)
{
  fputc ('"', f);
  for (const unsigned char *p = (const unsigned char *) (s ? s : ""); *p; p++)
    {
      if (*p == '"' || *p == '\\')
        fprintf (f, "\\%c", *p);
      else if (*p < 0x20)
        fprintf (f, "\\u%04x", *p);
      else
        fputc (*p, f);
    }
  fputc ('"', f);
}

static void
json_node (FILE *f, const struct agg_node *a, int comp, const struct across *x)
{
  fputs ("        {\"label\": ", f);
  json_string (f, a->label);
  fprintf (f, ", \"depth\": %d, \"id\": %zu, \"parent\": %zu", a->depth,
           a->id, a->parent ? a->parent->id : 0);
  fprintf (f, ",\n         \"count\": %llu, \"nranks\": %u, \"ranks\": [",
           (unsigned long long) x->count, x->nranks);
  int first = 1;
  for (size_t i = 0; i < a->nsrc; i++)
    if (src_stat (&a->src[i], comp)->count)
      {
        fprintf (f, "%s%d", first ? "" : ", ", a->src[i].rank);
        first = 0;
      }
  fprintf (f,
           "],\n         \"sum\": %.17g, \"mean\": %.17g, \"min\": %.17g, "
           "\"min_rank\": %d, \"max\": %.17g, \"max_rank\": %d,\n"
           "         \"per_rank\": [",
           x->sum, x->sum / x->nranks, x->min, x->min_rank, x->max,
           x->max_rank);
  first = 1;
  for (size_t i = 0; i < a->nsrc; i++)
    {
      const struct trun_stat *st = src_stat (&a->src[i], comp);
      if (!st->count)
        continue;
      fprintf (f, "%s{\"rank\": %d, \"count\": %llu, \"sum\": %.17g}",
               first ? "" : ", ", a->src[i].rank,
               (unsigned long long) st->count, st->sum);
      first = 0;
    }
  fputs ("]}", f);
}

static void
json_component (FILE *f, const struct agg_tree *t, int comp, int first)
{
  fprintf (f, "%s      {\"component\": ", first ? "" : ",\n");
  json_string (f, trun_components[comp].name);
  fputs (", \"metric\": ", f);
  json_string (f, trun_components[comp].label);
  fputs (", \"units\": ", f);
  json_string (f, base_units (comp));
  fputs (",\n       \"nodes\": [\n", f);
  long level = 0;
  int any = 0;
  for (const struct agg_node *a = t->root.first_child; a;)
    {
      struct across x;
      if (across_ranks (a, comp, &x))
        {
          if (any)
            fputs (",\n", f);
          json_node (f, a, comp, &x);
          any = 1;
        }
      PREORDER_NEXT (a, &t->root, level);
    }
  fputs ("\n       ]}", f);
}

static void
json_begin (FILE *f, const struct trun_rank_profile *ranks, int nranks)
{
  fprintf (f, "{\n  \"trun_mpi\": {\n    \"nranks\": %d,\n    \"ranks\": [",
           nranks);
  for (int r = 0; r < nranks; r++)
    {
      fprintf (f, "%s\n      {\"rank\": %d, \"reported\": %s", r ? "," : "",
               ranks[r].rank, ranks[r].present ? "true" : "false");
      if (ranks[r].present)
        {
          fprintf (f, ", \"pid\": %ld, \"host\": ", ranks[r].pid);
          json_string (f, ranks[r].host);
        }
      fputc ('}', f);
    }
  fputs ("\n    ]", f);
}

/* ------------------------------------------------------------------ */

void
trun_mpi_write_reports (const struct trun_rank_profile *ranks, int nranks,
                        int per_rank, int aggregate,
                        const struct trun_settings *s)
{
  int any = 0;
  for (int r = 0; r < nranks; r++)
    any |= ranks[r].present;
  if (!any)
    return; /* profiling was off everywhere */
  FILE *json = NULL;
  if (aggregate && s->json_output)
    json = open_output (s, "mpi.json");
  if (json)
    json_begin (json, ranks, nranks);
  for (int d = 0; d < TRUN_NDOMAIN; d++)
    {
      trun_mask_t comps = job_components (ranks, nranks, d);
      if (per_rank)
        for (int c = 0; c < TRUN_NCOMP; c++)
          if (comps & (1u << c))
            write_per_rank (ranks, nranks, d, c, s);
      if (!aggregate)
        continue;
      struct agg_tree t;
      if (agg_build (&t, ranks, nranks, (enum trun_domain) d) != 0)
        {
          trun_warn ("out of memory aggregating the MPI ranks' profiles");
          agg_free (&t);
          continue;
        }
      if (json)
        fprintf (json, ",\n    \"%s\": [\n",
                 d == TRUN_DOMAIN_TRACE ? "trace" : "region");
      int first = 1;
      for (int c = 0; c < TRUN_NCOMP; c++)
        {
          if (!(comps & (1u << c)))
            continue;
          if (s->text_output || s->cout_output)
            write_aggregated_table (&t, nranks, d, c, s);
          if (json)
            json_component (json, &t, c, first);
          first = 0;
        }
      if (json)
        fputs ("\n    ]", json);
      agg_free (&t);
    }
  if (json)
    {
      fputs ("\n  }\n}\n", json);
      fclose (json);
    }
  fflush (stdout);
}
