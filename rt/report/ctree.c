/* rt/report/ctree.c -- one component's own tree of a merged tree, for
 * the writers that nest nodes (tree.c) or name call paths (folded.c,
 * csv.c).  As in the text tables, a component's tree holds the nodes
 * that recorded it, each under its nearest ancestor that recorded it
 * too.  Everything is iterative (trees can be 100 000 levels deep) and
 * allocates only when a stack or a path outgrows its buffer.
 */
#include "report/writers.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int
recorded (const struct trun_mtree *t, const struct trun_mnode *n, int comp)
{
  return trun_mnode_stat (t, n, comp)->count > 0;
}

void
trun_cwalk_init (struct trun_cwalk *w, const struct trun_mtree *t, int comp)
{
  memset (w, 0, sizeof *w);
  w->tree = t;
  w->comp = comp;
  w->next = t ? trun_mnode_next (&t->root, &t->root) : NULL;
}

void
trun_cwalk_free (struct trun_cwalk *w)
{
  free (w->stack);
  w->stack = NULL;
  w->n = w->cap = 0;
}

static int
push (struct trun_cwalk *w, const struct trun_mnode *n)
{
  if (w->n == w->cap)
    {
      size_t cap = w->cap ? 2 * w->cap : 256;
      const struct trun_mnode **s = realloc (w->stack, cap * sizeof *s);
      if (!s)
        return -1;
      w->stack = s;
      w->cap = cap;
    }
  w->stack[w->n++] = n;
  return 0;
}

/* A node at tree depth D ends every stacked node at depth D or deeper:
   in pre-order, those are no longer its ancestors.  */
const struct trun_mnode *
trun_cwalk_next (struct trun_cwalk *w, size_t *closed)
{
  const struct trun_mnode *root = &w->tree->root;
  size_t popped = 0;
  for (const struct trun_mnode *n = w->next; n; n = trun_mnode_next (n, root))
    {
      while (w->n && w->stack[w->n - 1]->depth >= n->depth)
        {
          w->n--;
          popped++;
        }
      if (!recorded (w->tree, n, w->comp))
        continue;
      if (push (w, n) != 0)
        break; /* out of memory: end the walk */
      w->next = trun_mnode_next (n, root);
      *closed = popped;
      return n;
    }
  *closed = popped + w->n;
  w->n = 0;
  w->next = NULL;
  return NULL;
}

/* After C (below N), the next node of N's subtree that is not below C,
   or NULL.  */
static const struct trun_mnode *
skip_subtree (const struct trun_mnode *c, const struct trun_mnode *n)
{
  while (c != n && !c->next_sibling)
    c = c->parent;
  return c == n ? NULL : c->next_sibling;
}

const struct trun_mnode *
trun_cwalk_child (const struct trun_mtree *t, const struct trun_mnode *n,
                  const struct trun_mnode *prev, int comp)
{
  const struct trun_mnode *c = prev ? skip_subtree (prev, n) : n->first_child;
  while (c)
    {
      if (recorded (t, c, comp))
        return c;
      if (c->first_child)
        c = c->first_child; /* its recorded descendants are N's shown children */
      else
        c = skip_subtree (c, n);
    }
  return NULL;
}

void
trun_cwalk_children (const struct trun_mtree *t, const struct trun_mnode *n,
                     int comp, struct trun_stat *a)
{
  memset (a, 0, sizeof *a);
  for (const struct trun_mnode *c = trun_cwalk_child (t, n, NULL, comp); c;
       c = trun_cwalk_child (t, n, c, comp))
    trun_stat_merge (a, trun_mnode_stat (t, c, comp));
}

/* ------------------------------------------------------------------ */
/* Paths                                                              */

static int
reserve (char **buf, size_t *cap, size_t need)
{
  if (need <= *cap)
    return 0;
  size_t c = *cap ? *cap : 4096;
  while (c < need)
    c *= 2;
  char *b = realloc (*buf, c);
  if (!b)
    return -1;
  *buf = b;
  *cap = c;
  return 0;
}

void
trun_cpath_forget (struct trun_cpath *p, const struct trun_cwalk *w)
{
  size_t level = w->n - 1;
  if (p->nend > level)
    p->nend = level;
}

/* Level LEVEL's name (W's stack) after the levels before it.  */
static int
cpath_append (struct trun_cpath *p, const struct trun_cwalk *w, size_t level)
{
  p->len = level ? p->end[level - 1] : 0;
  const unsigned char *s = (const unsigned char *) w->stack[level]->label;
  if (!s)
    s = (const unsigned char *) "";
  size_t n = strlen ((const char *) s);
  /* At most 4 bytes per byte of name, a ';' and a NUL.  */
  if (reserve (&p->buf, &p->cap, p->len + 4 * n + 2) != 0)
    return -1;
  char *o = p->buf + p->len;
  if (level)
    *o++ = ';';
  static const char hex[] = "0123456789abcdef";
  for (; *s; s++)
    if (*s == '\\')
      {
        *o++ = '\\';
        *o++ = '\\';
      }
    else if (*s == ';' || *s < 0x20 || *s == 0x7f)
      {
        *o++ = '\\';
        *o++ = 'x';
        *o++ = hex[*s >> 4];
        *o++ = hex[*s & 15];
      }
    else
      *o++ = (char) *s;
  *o = '\0';
  p->len = (size_t) (o - p->buf);
  p->end[level] = p->len;
  return 0;
}

int
trun_cpath_update (struct trun_cpath *p, const struct trun_cwalk *w)
{
  size_t level = w->n - 1;
  if (level >= TRUN_PATH_MAX_DEPTH)
    level = TRUN_PATH_MAX_DEPTH - 1; /* its ancestor's path at that depth */
  if (level >= p->cap_end)
    {
      size_t cap = p->cap_end ? 2 * p->cap_end : 64;
      while (cap <= level)
        cap *= 2;
      size_t *e = realloc (p->end, cap * sizeof *e);
      if (!e)
        return -1;
      p->end = e;
      p->cap_end = cap;
    }
  trun_cpath_forget (p, w);
  for (size_t l = p->nend; l <= level; l++)
    if (cpath_append (p, w, l) != 0)
      {
        p->nend = l;
        return -1;
      }
  p->nend = level + 1;
  p->len = p->end[level];
  return 0;
}

void
trun_cpath_free (struct trun_cpath *p)
{
  free (p->buf);
  free (p->end);
  memset (p, 0, sizeof *p);
}

/* ------------------------------------------------------------------ */
/* One file per component                                             */

int
trun_component_files (const struct trun_report *r, const char *ext,
                      int skip_percent, trun_component_fn fn)
{
  if (!r->settings->file_output)
    return 0;
  int failed = 0;
  for (int d = 0; d < TRUN_NDOMAIN; d++)
    {
      trun_mask_t m = trun_report_components (r, d);
      for (int comp = 0; comp < TRUN_NCOMP; comp++)
        {
          if (!(m & ((trun_mask_t) 1 << comp))
              || (skip_percent
                  && trun_components[comp].cls == TRUN_CLASS_PERCENT))
            continue;
          char name[256];
          snprintf (name, sizeof name, "%s%s%s",
                    d == TRUN_DOMAIN_TRACE ? "trace-" : "",
                    trun_components[comp].label, ext);
          struct trun_out *o = trun_out_open (r, name);
          if (!o)
            {
              failed = 1;
              continue;
            }
          FILE *f = trun_out_stream (o);
          flockfile (f);
          int err = fn (f, r->tree[d], comp, r->settings);
          funlockfile (f);
          if (err)
            trun_warn ("out of memory writing %s", name);
          failed |= trun_out_close (o) != 0 || err;
        }
    }
  return failed;
}
