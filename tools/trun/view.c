/* tools/trun/view.c -- one component of a report as rows (pre-order, the
 * text tables' nesting: each node under its nearest ancestor that
 * recorded the component), and what formats them for a terminal.
 */
#define _GNU_SOURCE
#include "trun.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include "report/writers.h"

static int
comp_matches (int c, const char *want)
{
  return strcmp (trun_components[c].name, want) == 0
         || strcmp (trun_components[c].label, want) == 0;
}

static int
pick_domain (const char *domain, const trun_mask_t mask[TRUN_NDOMAIN],
             const size_t nodes[TRUN_NDOMAIN], const char *file)
{
  if (!domain)
    return nodes[TRUN_DOMAIN_TRACE] > nodes[TRUN_DOMAIN_REGION]
               ? TRUN_DOMAIN_TRACE
               : TRUN_DOMAIN_REGION;
  int d = strcmp (domain, "trace") == 0 ? TRUN_DOMAIN_TRACE
          : strcmp (domain, "region") == 0 ? TRUN_DOMAIN_REGION
                                           : -1;
  if (d < 0)
    tool_error ("--domain=%s: not region or trace", domain);
  else if (!mask[d])
    {
      tool_error ("%s: the %s domain recorded nothing", file, domain);
      d = -1;
    }
  return d;
}

/* The component of MASK that COMP names (NULL: wall_clock, else the
   first), or -1 after a message.  */
static int
pick_comp (const char *comp, trun_mask_t mask, const char *file,
           const char *domain)
{
  if (!mask)
    {
      tool_error ("%s: the %s domain recorded nothing", file, domain);
      return -1;
    }
  for (int c = 0; c < TRUN_NCOMP; c++)
    if (mask & ((trun_mask_t) 1 << c))
      if (comp ? comp_matches (c, comp) : 1)
        return comp || !(mask & TRUN_WALL_BIT) ? c : TRUN_WALL_CLOCK;
  char have[512] = "";
  for (int c = 0; c < TRUN_NCOMP; c++)
    if (mask & ((trun_mask_t) 1 << c))
      snprintf (have + strlen (have), sizeof have - strlen (have), "%s%s",
                *have ? ", " : "", trun_components[c].name);
  tool_error ("%s: no component \"%s\" in the %s domain (it has %s)", file,
              comp, domain, have);
  return -1;
}

static void
grow (struct view *v, size_t *cap)
{
  if (v->n < *cap)
    return;
  *cap = *cap ? 2 * *cap : 256;
  struct vrow *r = realloc (v->rows, *cap * sizeof *r);
  if (!r)
    {
      tool_error ("out of memory");
      exit (TRUN_EXIT_ERROR);
    }
  v->rows = r;
}

static int
view_of_profile (const struct tprof *p, const char *domain, const char *comp,
                 struct view *v)
{
  trun_mask_t mask[TRUN_NDOMAIN];
  size_t nodes[TRUN_NDOMAIN];
  for (int d = 0; d < TRUN_NDOMAIN; d++)
    {
      mask[d] = p->tree[d].components;
      nodes[d] = p->tree[d].nnodes;
    }
  int d = pick_domain (domain, mask, nodes, p->path);
  if (d < 0)
    return -1;
  v->domain = d == TRUN_DOMAIN_TRACE ? "trace" : "region";
  int c = pick_comp (comp, mask[d], p->path, v->domain);
  if (c < 0)
    return -1;
  const struct trun_mtree *t = &p->tree[d];
  v->comp = c;
  v->cls = trun_components[c].cls;
  v->comp_name = trun_components[c].name;
  v->nthreads = p->info.nthreads;
  struct trun_cwalk w;
  trun_cwalk_init (&w, t, c);
  size_t cap = 0, closed;
  long *at = NULL; /* row index at each shown depth */
  size_t atcap = 0;
  const struct trun_mnode *n;
  while ((n = trun_cwalk_next (&w, &closed)))
    {
      size_t level = w.n - 1;
      if (level >= atcap)
        {
          atcap = atcap ? 2 * atcap : 256;
          while (atcap <= level)
            atcap *= 2;
          at = realloc (at, atcap * sizeof *at);
          if (!at)
            {
              tool_error ("out of memory");
              exit (TRUN_EXIT_ERROR);
            }
        }
      grow (v, &cap);
      const struct trun_stat *st = trun_mnode_stat (t, n, c);
      struct vrow *r = &v->rows[v->n];
      r->label = n->label;
      r->parent = level ? at[level - 1] : -1;
      r->depth = (int) level;
      r->count = st->count;
      r->incl = st->sum;
      r->self = trun_stat_self (st); /* the runtime's rule (core/mtree.h) */
      r->nthreads = n->nthreads;
      r->threads = n->threads;
      if (!level)
        v->total += st->sum;
      at[level] = (long) v->n++;
    }
  free (at);
  trun_cwalk_free (&w);
  return 0;
}

static int
view_of_job (const struct tjob *j, const char *domain, const char *comp,
             int rank, struct view *v)
{
  trun_mask_t mask[TRUN_NDOMAIN] = { 0 };
  size_t nodes[TRUN_NDOMAIN] = { 0 };
  for (size_t i = 0; i < j->ncomps; i++)
    if (j->comps[i].comp >= 0)
      {
        mask[j->comps[i].domain] |= (trun_mask_t) 1 << j->comps[i].comp;
        nodes[j->comps[i].domain] += j->comps[i].nnodes;
      }
  int d = pick_domain (domain, mask, nodes, j->path);
  if (d < 0)
    return -1;
  v->domain = d == TRUN_DOMAIN_TRACE ? "trace" : "region";
  int c = pick_comp (comp, mask[d], j->path, v->domain);
  if (c < 0)
    return -1;
  if (rank >= 0 && !j->has_values)
    {
      tool_error ("%s: no per-rank values (the job ran with more ranks than "
                  "TRUN_MPI_RANK_VALUES=auto keeps, or with it off): "
                  "--rank needs them", j->path);
      return -1;
    }
  if (rank >= j->nranks)
    {
      tool_error ("%s: --rank=%d: the job had %d ranks", j->path, rank,
                  j->nranks);
      return -1;
    }
  const struct tjob_comp *tc = NULL;
  for (size_t i = 0; i < j->ncomps; i++)
    if (j->comps[i].domain == d && j->comps[i].comp == c)
      tc = &j->comps[i];
  v->comp = c;
  v->cls = trun_components[c].cls;
  v->comp_name = trun_components[c].name;
  v->nthreads = 0;
  long *row_of = calloc (tc->nnodes ? tc->nnodes : 1, sizeof *row_of);
  size_t cap = 0;
  for (size_t k = 0; k < tc->nnodes; k++)
    {
      const struct tjob_node *x = &tc->nodes[k];
      row_of[k] = -1;
      uint64_t count = x->count;
      double sum = x->sum;
      if (rank >= 0)
        {
          size_t q = 0;
          while (q < x->nvalues && x->rank[q] != rank)
            q++;
          if (q == x->nvalues)
            continue;
          count = x->rcount[q];
          sum = x->rsum[q];
        }
      long parent = x->parent >= 0 ? row_of[x->parent] : -1;
      if (x->parent >= 0 && parent < 0)
        continue;
      grow (v, &cap);
      struct vrow *r = &v->rows[v->n];
      memset (r, 0, sizeof *r);
      r->label = x->label;
      r->parent = parent;
      r->depth = parent >= 0 ? v->rows[parent].depth + 1 : 0;
      r->count = count;
      r->incl = sum;
      r->self = sum;
      r->nthreads = rank >= 0 ? 1 : x->nranks;
      if (parent >= 0)
        v->rows[parent].self -= sum;
      else
        v->total += sum;
      row_of[k] = (long) v->n++;
    }
  free (row_of);
  for (size_t k = 0; k < v->n; k++)
    if (v->rows[k].self < 0)
      v->rows[k].self = 0; /* as for a process: see above */
  return 0;
}

int
view_make (const struct treport *rep, const char *domain, const char *comp,
           int rank, struct view *v)
{
  memset (v, 0, sizeof *v);
  if (rep->job)
    return view_of_job (rep->job, domain, comp, rank, v);
  if (rank >= 0)
    {
      tool_error ("%s: --rank needs an MPI job's directory (mpi.json); "
                  "this is one process's profile", rep->prof->path);
      return -1;
    }
  return view_of_profile (rep->prof, domain, comp, v);
}

void
view_free (struct view *v)
{
  free (v->rows);
  memset (v, 0, sizeof *v);
}

char *
view_path (const struct view *v, size_t i)
{
  size_t depth = (size_t) v->rows[i].depth + 1, len = 0;
  const char **names = calloc (depth, sizeof *names);
  long k = (long) i;
  for (size_t d = depth; d > 0 && k >= 0; d--, k = v->rows[k].parent)
    {
      names[d - 1] = v->rows[k].label;
      len += 4 * strlen (v->rows[k].label) + 1;
    }
  char *s = malloc (len + 1), *o = s;
  if (!s || !names)
    {
      tool_error ("out of memory");
      exit (TRUN_EXIT_ERROR);
    }
  static const char hex[] = "0123456789abcdef";
  for (size_t d = 0; d < depth; d++)
    {
      if (d)
        *o++ = ';';
      for (const unsigned char *p = (const unsigned char *) names[d]; *p; p++)
        if (*p == '\\')
          {
            *o++ = '\\';
            *o++ = '\\';
          }
        else if (*p == ';' || *p < 0x20 || *p == 0x7f)
          {
            *o++ = '\\';
            *o++ = 'x';
            *o++ = hex[*p >> 4];
            *o++ = hex[*p & 15];
          }
        else
          *o++ = (char) *p;
    }
  *o = '\0';
  free (names);
  return s;
}

/* ------------------------------------------------------------------ */
/* Formatting                                                         */

void
fmt_value (char *buf, size_t size, double v, int cls)
{
  double a = v < 0 ? -v : v;
  if (cls == TRUN_CLASS_TIMING)
    {
      if (a == 0)
        snprintf (buf, size, "0");
      else if (a >= 1)
        snprintf (buf, size, "%.3f s", v);
      else if (a >= 1e-3)
        snprintf (buf, size, "%.3f ms", v * 1e3);
      else if (a >= 1e-6)
        snprintf (buf, size, "%.3f us", v * 1e6);
      else
        snprintf (buf, size, "%.0f ns", v * 1e9);
    }
  else if (cls == TRUN_CLASS_MEMORY)
    {
      if (a >= 1073741824.0)
        snprintf (buf, size, "%.2f GB", v / 1073741824.0);
      else if (a >= 1048576.0)
        snprintf (buf, size, "%.2f MB", v / 1048576.0);
      else if (a >= 1024.0)
        snprintf (buf, size, "%.2f KB", v / 1024.0);
      else
        snprintf (buf, size, "%.0f B", v);
    }
  else if (cls == TRUN_CLASS_PERCENT)
    snprintf (buf, size, "%.2f %%", v);
  else
    snprintf (buf, size, "%.6g", v);
}

int
term_width (int opt)
{
  if (opt > 0)
    return opt;
  const char *cols = getenv ("COLUMNS");
  if (cols && *cols)
    {
      char *end;
      long n = strtol (cols, &end, 10);
      if (!*end && n > 0 && n < 100000)
        return (int) n;
    }
  struct winsize ws;
  if (isatty (STDOUT_FILENO) && ioctl (STDOUT_FILENO, TIOCGWINSZ, &ws) == 0
      && ws.ws_col > 0)
    return ws.ws_col;
  return 80;
}

void
fmt_label (char *buf, size_t size, const char *label)
{
  size_t o = 0;
  for (const unsigned char *p = (const unsigned char *) label;
       *p && o + 5 < size; p++)
    if (*p < 0x20 || *p == 0x7f)
      o += (size_t) snprintf (buf + o, size - o, "\\x%02x", *p);
    else
      buf[o++] = (char) *p;
  buf[o] = '\0';
}

/* Display columns of S (UTF-8: continuation bytes take none).  */
static int
columns (const char *s)
{
  int n = 0;
  for (; *s; s++)
    if (((unsigned char) *s & 0xc0) != 0x80)
      n++;
  return n;
}

void
cut_to (char *s, int w, int left)
{
  int n = columns (s);
  if (w <= 0 || n <= w)
    return;
  if (w < 4)
    w = 4;
  int keep = w - 3;
  size_t len = strlen (s);
  if (left)
    {
      /* The last KEEP characters.  */
      size_t i = len;
      for (int c = 0; i > 0 && c < keep;)
        {
          i--;
          if (((unsigned char) s[i] & 0xc0) != 0x80)
            c++;
        }
      memmove (s + 3, s + i, len - i + 1);
      memcpy (s, "...", 3);
    }
  else
    {
      size_t i = 0;
      for (int c = 0; s[i]; i++)
        if (((unsigned char) s[i] & 0xc0) != 0x80 && c++ == keep)
          break;
      memcpy (s + i, "...", 4);
    }
}
