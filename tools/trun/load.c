/* tools/trun/load.c -- find a report and read it: a profile (schema 2,
 * doc/json-schema.md) rebuilt as the runtime's merged trees, or an MPI
 * job document (mpi.json).  Every problem is one message naming the
 * file; the caller exits with status 2.
 */
#define _GNU_SOURCE
#include "trun.h"

#include <dirent.h>
#include <errno.h>
#include <json-c/json.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

static void *keep (void *p);

static void *
xcalloc (size_t n, size_t size)
{
  void *p = calloc (n ? n : 1, size ? size : 1);
  if (!p)
    {
      tool_error ("out of memory");
      exit (TRUN_EXIT_ERROR);
    }
  return p;
}

static char *
xstrdup (const char *s)
{
  char *p = strdup (s ? s : "");
  if (!p)
    {
      tool_error ("out of memory");
      exit (TRUN_EXIT_ERROR);
    }
  return p;
}

/* ------------------------------------------------------------------ */
/* Interned labels                                                    */

static char **itab;
static size_t imask, iused;

static uint64_t
ihash (const char *s)
{
  uint64_t h = 0xcbf29ce484222325ULL;
  for (; *s; s++)
    h = (h ^ (unsigned char) *s) * 0x100000001b3ULL;
  return h;
}

const char *
tool_intern (const char *s)
{
  if ((iused + 1) * 2 > (itab ? imask + 1 : 0))
    {
      size_t size = itab ? (imask + 1) * 2 : 1024;
      char **nt = xcalloc (size, sizeof *nt);
      for (size_t i = 0; itab && i <= imask; i++)
        if (itab[i])
          {
            size_t j = ihash (itab[i]) & (size - 1);
            while (nt[j])
              j = (j + 1) & (size - 1);
            nt[j] = itab[i];
          }
      free (itab);
      itab = nt;
      imask = size - 1;
    }
  size_t i = ihash (s) & imask;
  for (; itab[i]; i = (i + 1) & imask)
    if (strcmp (itab[i], s) == 0)
      return itab[i];
  itab[i] = xstrdup (s);
  iused++;
  return itab[i];
}

/* ------------------------------------------------------------------ */
/* Reading JSON                                                       */

/* FILE parsed, or NULL after one message.  */
static json_object *
read_json (const char *file)
{
  FILE *f = fopen (file, "rb");
  if (!f)
    {
      tool_error ("%s: %s", file, strerror (errno));
      return NULL;
    }
  size_t cap = 1 << 16, len = 0;
  char *buf = malloc (cap);
  size_t got;
  while (buf && (got = fread (buf + len, 1, cap - len, f)) > 0)
    {
      len += got;
      if (len == cap)
        {
          char *nb = realloc (buf, cap *= 2);
          if (!nb)
            free (buf);
          buf = nb;
        }
    }
  int err = ferror (f);
  fclose (f);
  if (!buf || err)
    {
      free (buf);
      tool_error ("%s: %s", file, buf ? "read error" : "out of memory");
      return NULL;
    }
  size_t start = 0;
  while (start < len && strchr (" \t\r\n", buf[start]))
    start++;
  if (start == len)
    {
      free (buf);
      tool_error ("%s: empty file, not a trun report", file);
      return NULL;
    }
  json_tokener *tok = json_tokener_new_ex (64);
  if (!tok)
    {
      free (buf);
      tool_error ("%s: out of memory", file);
      return NULL;
    }
  json_object *o = json_tokener_parse_ex (tok, buf, (int) len);
  enum json_tokener_error je = json_tokener_get_error (tok);
  size_t at = (size_t) tok->char_offset;
  json_tokener_free (tok);
  free (buf);
  if (je == json_tokener_continue)
    {
      json_object_put (o);
      tool_error ("%s: truncated (the JSON document ends after %zu bytes, "
                  "unfinished)", file, len);
      return NULL;
    }
  if (!o || je != json_tokener_success)
    {
      json_object_put (o);
      tool_error ("%s: not JSON (%s at byte %zu)", file,
                  json_tokener_error_desc (je), at);
      return NULL;
    }
  return o;
}

static json_object *
get (json_object *o, const char *key)
{
  json_object *v = NULL;
  if (o && json_object_is_type (o, json_type_object))
    json_object_object_get_ex (o, key, &v);
  return v;
}

static double
get_num (json_object *o, const char *key, double dflt)
{
  json_object *v = get (o, key);
  if (v && (json_object_is_type (v, json_type_double)
            || json_object_is_type (v, json_type_int)))
    return json_object_get_double (v);
  return dflt;
}

static long
get_int (json_object *o, const char *key, long dflt)
{
  json_object *v = get (o, key);
  return v && json_object_is_type (v, json_type_int)
             ? (long) json_object_get_int64 (v)
             : dflt;
}

static int
get_bool (json_object *o, const char *key, int dflt)
{
  json_object *v = get (o, key);
  return v && json_object_is_type (v, json_type_boolean)
             ? json_object_get_boolean (v)
             : dflt;
}

static const char *
get_str (json_object *o, const char *key, const char *dflt)
{
  json_object *v = get (o, key);
  return v && json_object_is_type (v, json_type_string)
             ? json_object_get_string (v)
             : dflt;
}

static json_object *
get_array (json_object *o, const char *key)
{
  json_object *v = get (o, key);
  return v && json_object_is_type (v, json_type_array) ? v : NULL;
}

static double
num_at (json_object *a, size_t i)
{
  json_object *v = json_object_array_get_idx (a, i);
  return v ? json_object_get_double (v) : 0.0;
}

/* ------------------------------------------------------------------ */
/* Profiles                                                           */

static trun_mask_t
mask_of (json_object *list)
{
  trun_mask_t m = 0;
  for (size_t i = 0; list && i < json_object_array_length (list); i++)
    {
      int c = trun_component_lookup (
          json_object_get_string (json_object_array_get_idx (list, i)));
      if (c >= 0)
        m |= (trun_mask_t) 1 << c;
    }
  return m;
}

static void
load_settings (struct trun_settings *s, json_object *j)
{
  memset (s, 0, sizeof *s);
  s->output_path = xstrdup (get_str (j, "output_path", "trun-output"));
  s->output_prefix = xstrdup (get_str (j, "output_prefix", ""));
  s->cout_output = get_bool (j, "cout_output", 1);
  s->text_output = get_bool (j, "text_output", 1);
  s->json_output = get_bool (j, "json_output", 1);
  s->file_output = get_bool (j, "file_output", 1);
  s->cout_max_rows = (int) get_int (j, "cout_max_rows", 1000);
  s->tree_output = get_bool (j, "tree_output", 1);
  s->folded_output = get_bool (j, "folded_output", 1);
  s->csv_output = get_bool (j, "csv_output", 0);
  s->flamegraph_output = get_bool (j, "flamegraph_output", 1);
  s->flamegraph_min_width = get_num (j, "flamegraph_min_width", 0.1);
  s->scientific = get_bool (j, "scientific", 0);
  s->max_width = (int) get_int (j, "max_width", 120);
  s->timing_precision = (int) get_int (j, "timing_precision", 0);
  s->timing_width = (int) get_int (j, "timing_width", 0);
  s->timing_scientific = (int) get_int (j, "timing_scientific", 0);
  s->memory_precision = (int) get_int (j, "memory_precision", 0);
  s->memory_width = (int) get_int (j, "memory_width", 0);
  s->memory_scientific = (int) get_int (j, "memory_scientific", 0);
  s->time_output = get_bool (j, "time_output", 0);
  s->collapse_threads = get_bool (j, "collapse_threads", 1);
  s->per_thread = get_bool (j, "per_thread", 0);
  s->tree_max_nodes = get_int (j, "tree_max_nodes", 250000);
  s->precision = (int) get_int (j, "precision", 3);
  s->width = (int) get_int (j, "width", 6);
  snprintf (s->memory_units, sizeof s->memory_units, "%s",
            get_str (j, "memory_units", "MB"));
  s->memory_scale = get_num (j, "memory_scale", 1048576.0);
  snprintf (s->timing_units, sizeof s->timing_units, "%s",
            get_str (j, "timing_units", "sec"));
  s->timing_scale = get_num (j, "timing_scale", 1.0);
  s->components = mask_of (get_array (j, "components"));
  s->trace_components = mask_of (get_array (j, "trace_components"));
  s->max_depth = (int) get_int (j, "max_depth", 2147483647);
  s->max_nodes = get_int (j, "max_nodes", 200000);
  s->flat_profile = get_bool (j, "flat_profile", 0);
  s->enabled = get_bool (j, "enabled", 1);
  s->verbose = (int) get_int (j, "verbose", 0);
  s->throttle_count = (uint64_t) get_int (j, "throttle_count", 10000);
  s->throttle_value = get_num (j, "throttle_value", 1e-5);
  s->signal_handlers = 1;
  s->signal_timeout = 10;
}

static void
load_info (struct tprof *p, json_object *m)
{
  struct trun_run_info *info = &p->info;
  const char *cmd = get_str (m, "command_line", NULL);
  info->command_line = cmd ? xstrdup (cmd) : NULL;
  info->pid = get_int (m, "pid", 0);
  snprintf (info->host, sizeof info->host, "%s", get_str (m, "host", ""));
  info->start_time = get_num (m, "start_time", 0);
  info->end_time = get_num (m, "end_time", 0);
  info->rank = (int) get_int (m, "rank", -1);
  json_object *mem = get (m, "node_memory");
  info->node_bytes = (size_t) get_int (mem, "bytes", 0);
  info->nodes = (size_t) get_int (mem, "nodes", 0);
  json_object *topo = get (m, "topology");
  if (topo && json_object_is_type (topo, json_type_object))
    info->topology_json = xstrdup (
        json_object_to_json_string_ext (topo, JSON_C_TO_STRING_PLAIN));
  json_object *th = get_array (m, "threads");
  size_t n = th ? json_object_array_length (th) : 0;
  p->threads = xcalloc (n, sizeof *p->threads);
  for (size_t i = 0; i < n; i++)
    {
      json_object *t = json_object_array_get_idx (th, i);
      struct trun_thread_info *ti = &p->threads[i];
      ti->index = (unsigned) get_int (t, "index", (long) i);
      ti->tid = get_int (t, "tid", 0);
      ti->parent = (unsigned) get_int (t, "parent", 0);
      ti->pu = (int) get_int (t, "pu", -1);
      ti->numa = (int) get_int (t, "numa", -1);
      json_object *mv = get (t, "moved");
      ti->moved = mv && json_object_is_type (mv, json_type_boolean)
                      ? json_object_get_boolean (mv)
                      : -1;
    }
  info->nthreads = (unsigned) n;
  info->threads = p->threads;
}

static const char *const stat_names[] = { "count", "sum", "min", "max",
                                          "stddev", "self" };

/* Domain D of a profile, J its object, into P->tree[D].  */
static int
load_tree (struct tprof *p, int d, json_object *j, const char *file)
{
  const char *dname = d == TRUN_DOMAIN_REGION ? "region" : "trace";
  struct trun_mtree *t = &p->tree[d];
  memset (t, 0, sizeof *t);
  t->domain = d;
  t->root.depth = -1;
  if (!j || json_object_is_type (j, json_type_null))
    return 0;
  p->present[d] = 1;
  json_object *comps = get_array (j, "components");
  json_object *stats = get_array (j, "stats");
  json_object *nodes = get_array (j, "nodes");
  if (!comps || !stats || !nodes)
    {
      tool_error ("%s: \"%s\" has no components, stats or nodes: not a "
                  "trun profile of schema version 2", file, dname);
      return -1;
    }
  size_t nstats = json_object_array_length (stats);
  for (size_t i = 0; i < 6; i++)
    if (nstats != 6
        || strcmp (json_object_get_string (json_object_array_get_idx (stats, i)),
                   stat_names[i]) != 0)
      {
        tool_error ("%s: \"%s\": stats are not [count, sum, min, max, "
                    "stddev, self]", file, dname);
        return -1;
      }
  size_t ncomp = json_object_array_length (comps);
  int comp[TRUN_NCOMP];
  double scale[TRUN_NCOMP];
  trun_mask_t declared = 0;
  if (ncomp > TRUN_NCOMP)
    ncomp = TRUN_NCOMP;
  for (size_t k = 0; k < ncomp; k++)
    {
      const char *name = get_str (json_object_array_get_idx (comps, k), "name", "");
      comp[k] = trun_component_lookup (name);
      if (comp[k] < 0)
        {
          tool_error ("%s: \"%s\": unknown component \"%s\"", file, dname, name);
          return -1;
        }
      scale[k] = trun_component_scale (comp[k], &p->settings, NULL);
      declared |= (trun_mask_t) 1 << comp[k];
    }
  t->nstat = trun_mask_span (declared);
  t->folded_calls = (uint64_t) get_int (j, "folded_calls", 0);
  size_t n = json_object_array_length (nodes);
  long count = get_int (j, "node_count", (long) n);
  if (count != (long) n)
    {
      tool_error ("%s: \"%s\": node_count is %ld but %zu nodes are listed",
                  file, dname, count, n);
      return -1;
    }
  /* Kept: a tree's nodes outlive any copy of the tree struct.  */
  struct trun_mnode *m = keep (xcalloc (n, sizeof *m));
  struct trun_stat *st = keep (xcalloc (n * (t->nstat ? t->nstat : 1), sizeof *st));
  for (size_t i = 0; i < n; i++)
    {
      json_object *o = json_object_array_get_idx (nodes, i);
      struct trun_mnode *x = &m[i];
      long par = get_int (o, "p", -2);
      const char *label = get_str (o, "l", NULL);
      json_object *s = get_array (o, "s");
      if (par < -1 || par >= (long) i || !label || !s)
        {
          tool_error ("%s: \"%s\": node %zu is not a node of schema version "
                      "2 (parent, label and stats)", file, dname, i);
          return -1;
        }
      struct trun_mnode *parent = par < 0 ? &t->root : &m[par];
      x->label = tool_intern (label);
      x->parent = parent;
      x->depth = parent->depth + 1;
      if (parent->last_child)
        parent->last_child->next_sibling = x;
      else
        parent->first_child = x;
      parent->last_child = x;
      x->stat = t->nstat ? &st[i * t->nstat] : NULL;
      json_object *th = get_array (o, "t");
      x->nthreads = th ? (unsigned) json_object_array_length (th) : 0;
      x->threads = xcalloc (x->nthreads, sizeof *x->threads);
      for (unsigned k = 0; k < x->nthreads; k++)
        x->threads[k] = (unsigned) num_at (th, k);
      for (size_t k = 0; k < ncomp && k < json_object_array_length (s); k++)
        {
          json_object *a = json_object_array_get_idx (s, k);
          if (!a || !json_object_is_type (a, json_type_array))
            continue;
          if (json_object_array_length (a) != 6)
            {
              tool_error ("%s: \"%s\": node %zu: a component's stats are not "
                          "6 numbers", file, dname, i);
              return -1;
            }
          double kk = scale[k];
          struct trun_stat *y = &x->stat[comp[k]];
          y->count = (uint64_t) json_object_get_int64 (json_object_array_get_idx (a, 0));
          y->sum = num_at (a, 1) * kk;
          y->min = num_at (a, 2) * kk;
          y->max = num_at (a, 3) * kk;
          double sd = num_at (a, 4) * kk;
          y->child = (num_at (a, 1) - num_at (a, 5)) * kk;
          y->sumsq = y->count
                         ? sd * sd * (double) (y->count - 1)
                               + y->sum * y->sum / (double) y->count
                         : 0;
          if (y->count)
            x->recorded |= (trun_mask_t) 1 << comp[k];
        }
      x->open_at_finalize = (uint64_t) get_int (o, "o", 0);
      x->throttled = get_bool (o, "thr", 0);
      x->unmeasured = (uint64_t) get_int (o, "u", 0);
      t->components |= x->recorded;
    }
  t->nnodes = n;
  return 0;
}

/* "PREFIXtrunMARK.json" -> PREFIX, MARK; 0 when NAME is such a name.  */
static int
split_name (const char *name, char **prefix, char **mark)
{
  size_t n = strlen (name);
  if (n < 9 || strcmp (name + n - 5, ".json") != 0
      || (n > 10 && strcmp (name + n - 10, ".tree.json") == 0))
    return -1;
  const char *t = NULL;
  for (const char *s = strstr (name, "trun"); s; s = strstr (s + 1, "trun"))
    if (s[4] == '.' || s[4] == '-')
      t = s;
  if (!t || (t[4] == '.' && t + 4 != name + n - 5))
    return -1;
  if (prefix)
    *prefix = strndup (name, (size_t) (t - name));
  if (mark)
    *mark = strndup (t + 4, (size_t) (name + n - 5 - (t + 4)));
  return 0;
}

/* Every report read stays reachable from here until exit: the commands
   read a few and end.  */
static void **kept;
static size_t nkept;

static void *
keep (void *p)
{
  void **k = realloc (kept, (nkept + 1) * sizeof *k);
  if (!k)
    {
      tool_error ("out of memory");
      exit (TRUN_EXIT_ERROR);
    }
  kept = k;
  kept[nkept++] = p;
  return p;
}

static struct tprof *
profile_from (json_object *o, const char *file)
{
  json_object *v = get (o, "trun_schema_version");
  if (!v || !json_object_is_type (v, json_type_int))
    {
      tool_error ("%s: not a trun profile (no trun_schema_version)", file);
      return NULL;
    }
  long version = (long) json_object_get_int64 (v);
  if (get (o, "coverage"))
    {
      tool_error ("%s: a coverage report, not a profile", file);
      return NULL;
    }
  if (version != 2)
    {
      tool_error ("%s: a profile of schema version %ld; this trun reads "
                  "version 2 (doc/json-schema.md)", file, version);
      return NULL;
    }
  struct tprof *p = keep (xcalloc (1, sizeof *p));
  p->path = xstrdup (file);
  json_object *meta = get (o, "metadata");
  load_settings (&p->settings, get (meta, "settings"));
  load_info (p, meta);
  const char *base = strrchr (file, '/');
  base = base ? base + 1 : file;
  if (split_name (base, &p->prefix, &p->mark) != 0)
    {
      p->prefix = xstrdup (p->settings.output_prefix);
      p->mark = xstrdup ("");
    }
  if (load_tree (p, TRUN_DOMAIN_REGION, get (o, "region"), file) != 0
      || load_tree (p, TRUN_DOMAIN_TRACE, get (o, "trace"), file) != 0)
    return NULL;
  return p;
}

static void
not_a_profile (const char *file)
{
  tool_error ("%s: an MPI job report (mpi.json), not a profile: this needs "
              "a process's trun.json (each rank's with TRUN_MPI_PER_RANK=on)",
              file);
}

struct tprof *
tool_load_profile (const char *file)
{
  json_object *o = read_json (file);
  if (!o)
    return NULL;
  if (get (o, "trun_mpi"))
    {
      not_a_profile (file);
      json_object_put (o);
      return NULL;
    }
  struct tprof *p = profile_from (o, file);
  json_object_put (o);
  return p;
}

/* ------------------------------------------------------------------ */
/* MPI job documents                                                  */

static struct tjob *
job_from (json_object *o, const char *file)
{
  json_object *m = get (o, "trun_mpi");
  long version = get_int (m, "schema_version", 1);
  if (version != 2)
    {
      tool_error ("%s: an MPI job report of schema version %ld; this trun "
                  "reads version 2 (doc/json-schema.md)", file, version);
      return NULL;
    }
  struct tjob *j = keep (xcalloc (1, sizeof *j));
  j->path = xstrdup (file);
  j->nranks = (int) get_int (m, "nranks", 0);
  size_t cap = 0;
  for (int d = 0; d < TRUN_NDOMAIN; d++)
    {
      json_object *list = get_array (m, d == TRUN_DOMAIN_REGION ? "region"
                                                                : "trace");
      cap += list ? json_object_array_length (list) : 0;
    }
  j->comps = xcalloc (cap, sizeof *j->comps);
  for (int d = 0; d < TRUN_NDOMAIN; d++)
    {
      json_object *list = get_array (m, d == TRUN_DOMAIN_REGION ? "region"
                                                                : "trace");
      for (size_t i = 0; list && i < json_object_array_length (list); i++)
        {
          json_object *c = json_object_array_get_idx (list, i);
          struct tjob_comp *tc = &j->comps[j->ncomps++];
          tc->domain = d;
          tc->name = xstrdup (get_str (c, "component", ""));
          tc->units = xstrdup (get_str (c, "units", ""));
          tc->comp = trun_component_lookup (tc->name);
          json_object *nodes = get_array (c, "nodes");
          if (!nodes)
            {
              tool_error ("%s: component %s has no nodes", file, tc->name);
              return NULL;
            }
          tc->nnodes = json_object_array_length (nodes);
          tc->nodes = xcalloc (tc->nnodes, sizeof *tc->nodes);
          for (size_t k = 0; k < tc->nnodes; k++)
            {
              json_object *n = json_object_array_get_idx (nodes, k);
              struct tjob_node *x = &tc->nodes[k];
              long par = get_int (n, "parent", -1) - 1;
              const char *label = get_str (n, "label", NULL);
              if (!label || par < -1 || par >= (long) k)
                {
                  tool_error ("%s: component %s: node %zu has no label or "
                              "parent", file, tc->name, k + 1);
                  return NULL;
                }
              x->label = tool_intern (label);
              x->parent = par;
              x->depth = (int) get_int (n, "depth", 0);
              x->count = (uint64_t) get_int (n, "count", 0);
              x->sum = get_num (n, "sum", 0);
              x->nranks = (unsigned) get_int (n, "nranks", 0);
              json_object *pr = get (n, "per_rank");
              json_object *rk = get_array (pr, "rank");
              json_object *ct = get_array (pr, "count");
              json_object *sm = get_array (pr, "sum");
              if (rk && ct && sm)
                {
                  size_t nv = json_object_array_length (rk);
                  int *r = xcalloc (nv, sizeof *r);
                  uint64_t *rc = xcalloc (nv, sizeof *rc);
                  double *rs = xcalloc (nv, sizeof *rs);
                  for (size_t q = 0; q < nv; q++)
                    {
                      r[q] = (int) num_at (rk, q);
                      rc[q] = (uint64_t) num_at (ct, q);
                      rs[q] = num_at (sm, q);
                    }
                  x->nvalues = nv;
                  x->rank = r;
                  x->rcount = rc;
                  x->rsum = rs;
                  j->has_values = 1;
                }
            }
        }
    }
  return j;
}

/* ------------------------------------------------------------------ */
/* Finding reports                                                    */

static int
is_file (const char *path)
{
  struct stat st;
  return stat (path, &st) == 0 && S_ISREG (st.st_mode);
}

static char *
join (const char *dir, const char *name)
{
  char *s = NULL;
  if (asprintf (&s, "%s/%s", dir, name) < 0)
    {
      tool_error ("out of memory");
      exit (TRUN_EXIT_ERROR);
    }
  return s;
}

static int
cmp_str (const void *a, const void *b)
{
  return strcmp (*(char *const *) a, *(char *const *) b);
}

char **
tool_profile_files (const char *path)
{
  struct stat st;
  if (stat (path, &st) != 0)
    {
      tool_error ("%s: %s", path, strerror (errno));
      return NULL;
    }
  char **list;
  if (!S_ISDIR (st.st_mode))
    {
      list = xcalloc (2, sizeof *list);
      list[0] = xstrdup (path);
      return list;
    }
  char *one = join (path, "trun.json");
  if (is_file (one))
    {
      list = xcalloc (2, sizeof *list);
      list[0] = one;
      return list;
    }
  free (one);
  DIR *dir = opendir (path);
  if (!dir)
    {
      tool_error ("%s: %s", path, strerror (errno));
      return NULL;
    }
  size_t n = 0, cap = 8;
  list = xcalloc (cap + 1, sizeof *list);
  struct dirent *e;
  while ((e = readdir (dir)))
    {
      if (e->d_name[0] == '.' || split_name (e->d_name, NULL, NULL) != 0)
        continue;
      char *f = join (path, e->d_name);
      if (!is_file (f))
        {
          free (f);
          continue;
        }
      if (n == cap)
        {
          char **nl = realloc (list, (2 * cap + 1) * sizeof *nl);
          if (!nl)
            {
              tool_error ("out of memory");
              exit (TRUN_EXIT_ERROR);
            }
          list = nl;
          cap *= 2;
        }
      list[n++] = f;
      list[n] = NULL;
    }
  closedir (dir);
  if (n == 0)
    {
      free (list);
      tool_error ("%s: no trun report here (no trun.json, trun-*.json or "
                  "mpi.json)", path);
      return NULL;
    }
  qsort (list, n, sizeof *list, cmp_str);
  return list;
}

int
tool_load (const char *path, int allow_job, struct treport *out)
{
  memset (out, 0, sizeof *out);
  struct stat st;
  if (stat (path, &st) != 0)
    {
      tool_error ("%s: %s", path, strerror (errno));
      return -1;
    }
  char *file = NULL;
  if (S_ISDIR (st.st_mode))
    {
      file = join (path, "trun.json");
      if (!is_file (file))
        {
          free (file);
          file = join (path, "mpi.json");
          if (!allow_job || !is_file (file))
            {
              free (file);
              file = NULL;
            }
        }
      if (!file)
        {
          char **list = tool_profile_files (path);
          if (!list)
            return -1;
          if (list[1])
            {
              size_t n = 0;
              while (list[n])
                n++;
              tool_error ("%s holds %zu profiles (%s, %s%s): name one", path,
                          n, list[0], list[1], n > 2 ? ", ..." : "");
              return -1;
            }
          file = list[0];
          free (list);
        }
    }
  else
    file = xstrdup (path);
  json_object *o = read_json (file);
  if (!o)
    {
      free (file);
      return -1;
    }
  int rc = -1;
  if (get (o, "trun_mpi"))
    {
      if (!allow_job)
        not_a_profile (file);
      else if ((out->job = job_from (o, file)))
        rc = 0;
    }
  else if ((out->prof = profile_from (o, file)))
    rc = 0;
  json_object_put (o);
  free (file);
  return rc;
}
