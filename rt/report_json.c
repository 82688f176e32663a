/* rt/report_json.c -- the JSON document: metadata (command line, pid,
 * host, times, rank, settings, graph memory, topology, threads) and every
 * node of both domains as a flat list with parent ids.  The schema is in
 * doc/json-schema.md.  A flat list (not nested objects) keeps readers
 * working at any recursion depth.
 */
#define _GNU_SOURCE /* unlocked stdio */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"
#include "report_json.h"

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
/* Writing helpers (shared with report_coverage.c)                    */

/* Length of the valid UTF-8 sequence at P (at most N bytes), or 0.  */
static size_t
utf8_len (const unsigned char *p, size_t n)
{
  size_t len;
  unsigned min;
  unsigned cp;
  if (p[0] < 0x80)
    return 1;
  else if ((p[0] & 0xe0) == 0xc0)
    len = 2, cp = p[0] & 0x1f, min = 0x80;
  else if ((p[0] & 0xf0) == 0xe0)
    len = 3, cp = p[0] & 0x0f, min = 0x800;
  else if ((p[0] & 0xf8) == 0xf0)
    len = 4, cp = p[0] & 0x07, min = 0x10000;
  else
    return 0;
  if (len > n)
    return 0;
  for (size_t i = 1; i < len; i++)
    {
      if ((p[i] & 0xc0) != 0x80)
        return 0;
      cp = (cp << 6) | (p[i] & 0x3f);
    }
  if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff))
    return 0;
  return len;
}

/* S as a JSON string; NULL gives null.  Control characters are escaped;
   bytes that are not valid UTF-8 become U+FFFD.  */
void
trun_json_string (FILE *out, const char *s)
{
  if (!s)
    {
      fputs ("null", out);
      return;
    }
  const unsigned char *p = (const unsigned char *) s;
  size_t n = strlen (s);
  putc ('"', out);
  for (size_t i = 0; i < n;)
    {
      unsigned char ch = p[i];
      if (ch == '"' || ch == '\\')
        {
          putc ('\\', out);
          putc (ch, out);
          i++;
        }
      else if (ch < 0x20)
        {
          switch (ch)
            {
            case '\n': fputs ("\\n", out); break;
            case '\t': fputs ("\\t", out); break;
            case '\r': fputs ("\\r", out); break;
            case '\b': fputs ("\\b", out); break;
            case '\f': fputs ("\\f", out); break;
            default: fprintf (out, "\\u%04x", ch); break;
            }
          i++;
        }
      else
        {
          size_t len = utf8_len (p + i, n - i);
          if (len == 0)
            {
              fputs ("\\ufffd", out);
              i++;
            }
          else
            {
              fwrite (p + i, 1, len, out);
              i += len;
            }
        }
    }
  putc ('"', out);
}

/* V (finite, non-zero) with 12 significant digits, trailing zeros
   dropped, in plain or exponent notation: what "%.12g" gives, done with
   integer arithmetic because printf's float path dominates writing a
   large tree.  Returns the length.  */
static size_t
format_significant (char *buf, double v)
{
  double a = fabs (v);
  int e = (int) floor (log10 (a));
  if (e < -30 || e > 30)
    return (size_t) snprintf (buf, 40, "%.12g", v);
  uint64_t digits = (uint64_t) llround (a * pow (10.0, 11 - e));
  if (digits >= 1000000000000ULL) /* rounded up to 10^12 */
    {
      digits /= 10;
      e++;
    }
  else if (digits < 100000000000ULL) /* log10 rounded down too far */
    {
      digits = (uint64_t) llround (a * pow (10.0, 12 - e));
      e--;
    }
  char d[13];
  for (int i = 11; i >= 0; i--)
    {
      d[i] = (char) ('0' + digits % 10);
      digits /= 10;
    }
  int nd = 12;
  while (nd > 1 && d[nd - 1] == '0')
    nd--;
  size_t n = 0;
  if (v < 0)
    buf[n++] = '-';
  if (e < -4 || e >= 12)
    {
      buf[n++] = d[0];
      if (nd > 1)
        {
          buf[n++] = '.';
          memcpy (buf + n, d + 1, (size_t) nd - 1);
          n += (size_t) nd - 1;
        }
      n += (size_t) sprintf (buf + n, "e%c%02d", e < 0 ? '-' : '+', abs (e));
    }
  else if (e < 0)
    {
      buf[n++] = '0';
      buf[n++] = '.';
      for (int i = -1; i > e; i--)
        buf[n++] = '0';
      memcpy (buf + n, d, (size_t) nd);
      n += (size_t) nd;
    }
  else
    {
      for (int i = 0; i < nd || i <= e; i++)
        {
          if (i == e + 1)
            buf[n++] = '.';
          buf[n++] = i < nd ? d[i] : '0';
        }
    }
  buf[n] = '\0';
  return n;
}

/* A finite number, or null (JSON has no NaN/Infinity).  */
void
trun_json_number (FILE *out, double v)
{
  if (!isfinite (v))
    fputs ("null", out);
  else if (v == 0.0)
    fputs ("0", out);
  else if (fabs (v) < 1e15 && v == floor (v))
    {
      /* Integers (counts, bytes) without printf's float machinery.  */
      char buf[24];
      size_t n = sizeof buf;
      unsigned long long u = (unsigned long long) fabs (v);
      do
        buf[--n] = (char) ('0' + u % 10);
      while (u /= 10);
      if (v < 0)
        buf[--n] = '-';
      fwrite (buf + n, 1, sizeof buf - n, out);
    }
  else
    {
      char buf[40];
      fwrite (buf, 1, format_significant (buf, v), out);
    }
}

/* ------------------------------------------------------------------ */
/* Metadata                                                           */

static void
put_mask (FILE *out, trun_mask_t mask)
{
  putc ('[', out);
  int first = 1;
  for (int i = 0; i < TRUN_NCOMP; i++)
    if (mask & ((trun_mask_t) 1 << i))
      {
        if (!first)
          fputs (", ", out);
        trun_json_string (out, trun_components[i].name);
        first = 0;
      }
  putc (']', out);
}

static void
put_settings (FILE *out, const struct trun_settings *s)
{
  fputs ("{\"output_path\": ", out);
  trun_json_string (out, s->output_path);
  fputs (", \"output_prefix\": ", out);
  trun_json_string (out, s->output_prefix);
  fprintf (out,
           ", \"cout_output\": %s, \"text_output\": %s, \"json_output\": %s"
           ", \"file_output\": %s, \"precision\": %d, \"width\": %d",
           s->cout_output ? "true" : "false", s->text_output ? "true" : "false",
           s->json_output ? "true" : "false", s->file_output ? "true" : "false",
           s->precision, s->width);
  fputs (", \"memory_units\": ", out);
  trun_json_string (out, s->memory_units);
  fputs (", \"memory_scale\": ", out);
  trun_json_number (out, s->memory_scale);
  fputs (", \"timing_units\": ", out);
  trun_json_string (out, s->timing_units);
  fputs (", \"timing_scale\": ", out);
  trun_json_number (out, s->timing_scale);
  fputs (", \"components\": ", out);
  put_mask (out, s->components);
  fputs (", \"trace_components\": ", out);
  put_mask (out, s->trace_components);
  fprintf (out,
           ", \"max_depth\": %d, \"flat_profile\": %s, \"enabled\": %s"
           ", \"verbose\": %d, \"throttle_count\": %llu, \"throttle_value\": ",
           s->max_depth, s->flat_profile ? "true" : "false",
           s->enabled ? "true" : "false", s->verbose,
           (unsigned long long) s->throttle_count);
  trun_json_number (out, s->throttle_value);
  putc ('}', out);
}

static void
put_threads (FILE *out, const struct trun_run_info *info)
{
  fputs ("[", out);
  for (unsigned i = 0; info->threads && i < info->nthreads; i++)
    {
      const struct trun_thread_info *t = &info->threads[i];
      fprintf (out,
               "%s\n      {\"index\": %u, \"tid\": %ld, \"parent\": %u"
               ", \"pu\": %d, \"numa\": %d, \"moved\": %s}",
               i ? "," : "", t->index, t->tid, t->parent, t->pu, t->numa,
               t->moved < 0 ? "null" : t->moved ? "true" : "false");
    }
  fputs (info->nthreads ? "\n    ]" : "]", out);
}

void
trun_json_metadata (FILE *out, const struct trun_run_info *info,
                    const struct trun_settings *s)
{
  fputs ("{\n    \"command_line\": ", out);
  trun_json_string (out, info ? info->command_line : NULL);
  if (!info)
    {
      fputs ("\n  }", out);
      return;
    }
  fprintf (out, ",\n    \"pid\": %ld,\n    \"host\": ", info->pid);
  trun_json_string (out, info->host);
  fputs (",\n    \"start_time\": ", out);
  trun_json_number (out, info->start_time);
  fputs (",\n    \"end_time\": ", out);
  trun_json_number (out, info->end_time);
  fprintf (out, ",\n    \"rank\": %d", info->rank);
  if (s)
    {
      fputs (",\n    \"settings\": ", out);
      put_settings (out, s);
    }
  fprintf (out,
           ",\n    \"node_memory\": {\"bytes\": %zu, \"nodes\": %zu}"
           ",\n    \"topology\": %s,\n    \"threads\": ",
           info->node_bytes, info->nodes,
           info->topology_json ? info->topology_json : "null");
  put_threads (out, info);
  fputs ("\n  }", out);
}

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
  put_mask (out, t->components);
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
