/* rt/merge.c -- fold every thread's graph of one domain into one tree.
 *
 * A thread node's merged position is its parent's merged position plus
 * its label; a virtual root's position is that of the foreign node it is
 * attached under (resolved the same way, through any number of threads).
 * Positions are memoised in node->aux, so the whole merge is linear in
 * the number of nodes and never recurses (depth 100000 is fine).
 */
#include "core.h"

#include <stdlib.h>
#include <string.h>

struct mtable
{
  struct trun_mnode **slot;
  size_t mask, used;
};

static size_t
mslot (const struct trun_mnode *parent, const char *label, size_t mask)
{
  uint64_t h = ((uintptr_t) parent >> 4) * 0x9E3779B97F4A7C15ull;
  h ^= ((uintptr_t) label >> 3) * 0xC2B2AE3D27D4EB4Full;
  h ^= h >> 31;
  return (size_t) h & mask;
}

static void
mtable_put (struct mtable *m, struct trun_mnode *n)
{
  size_t i = mslot (n->parent, n->label, m->mask);
  while (m->slot[i])
    i = (i + 1) & m->mask;
  m->slot[i] = n;
  m->used++;
}

static void
mtable_grow (struct mtable *m)
{
  size_t size = m->slot ? (m->mask + 1) * 2 : 4096;
  struct mtable nm = { calloc (size, sizeof (struct trun_mnode *)), size - 1,
                       0 };
  if (!nm.slot)
    abort ();
  for (size_t i = 0; m->slot && i <= m->mask; i++)
    if (m->slot[i])
      mtable_put (&nm, m->slot[i]);
  free (m->slot);
  *m = nm;
}

/* Merged child of P labelled LABEL (an interned pointer).  */
static struct trun_mnode *
mchild (struct trun_mtree *t, struct mtable *m, struct trun_mnode *p,
        const char *label)
{
  if ((m->used + 1) * 2 > (m->slot ? m->mask + 1 : 0))
    mtable_grow (m);
  size_t i = mslot (p, label, m->mask);
  struct trun_mnode *n;
  while ((n = m->slot[i]) != NULL)
    {
      if (n->parent == p && n->label == label)
        return n;
      i = (i + 1) & m->mask;
    }
  n = calloc (1, sizeof *n);
  if (!n)
    abort ();
  n->label = label;
  n->parent = p;
  n->depth = p->depth + 1;
  if (p->last_child)
    p->last_child->next_sibling = n;
  else
    p->first_child = n;
  p->last_child = n;
  m->slot[i] = n;
  m->used++;
  t->nnodes++;
  return n;
}

/* Merged position of thread node N (a virtual root maps to where it is
   attached).  Walks up iteratively, then creates downwards.  */
static struct trun_mnode *
resolve (struct trun_mtree *t, struct mtable *m, struct trun_node *n,
         struct trun_node ***stack, size_t *cap)
{
  size_t sp = 0;
  struct trun_mnode *base = NULL;
  while (n && !n->aux)
    {
      if (sp == *cap)
        {
          *cap = *cap ? *cap * 2 : 1024;
          *stack = realloc (*stack, *cap * sizeof **stack);
          if (!*stack)
            abort ();
        }
      (*stack)[sp++] = n;
      n = n->parent; /* for a root: its attach point */
    }
  base = n ? n->aux : &t->root;
  while (sp > 0)
    {
      struct trun_node *x = (*stack)[--sp];
      if (x->flags & TRUN_NODE_ROOT)
        x->aux = base; /* a root stands for its attach point */
      else
        x->aux = base = mchild (t, m, base, trun_intern_name (x->id));
      base = x->aux;
    }
  return base;
}

static void
add_thread (struct trun_mnode *m, unsigned index)
{
  if (m->nthreads && m->threads[m->nthreads - 1] == index)
    return;
  for (unsigned i = 0; i < m->nthreads; i++)
    if (m->threads[i] == index)
      return;
  unsigned *nt = realloc (m->threads, (m->nthreads + 1) * sizeof *nt);
  if (!nt)
    abort ();
  unsigned i = m->nthreads;
  while (i > 0 && nt[i - 1] > index)
    {
      nt[i] = nt[i - 1];
      i--;
    }
  nt[i] = index;
  m->threads = nt;
  m->nthreads++;
}

static void
scaled (struct trun_stat *out, const struct trun_stat *in, double k)
{
  out->count = in->count;
  out->sum = in->sum * k;
  out->sumsq = in->sumsq * k * k;
  out->min = in->min * k;
  out->max = in->max * k;
  out->child = in->child * k;
}

static void
fold (struct trun_mtree *t, struct trun_mnode *m, const struct trun_node *n,
      unsigned index)
{
  int any = 0;
  if (n->wall.count || n->wall.child != 0)
    {
      struct trun_stat w;
      scaled (&w, &n->wall, trun_tick_seconds);
      trun_stat_merge (&m->stat[TRUN_WALL_CLOCK], &w);
      any |= n->wall.count != 0;
      if (n->wall.count)
        m->recorded |= TRUN_WALL_BIT;
    }
  for (const struct trun_xstat *x = n->extra; x; x = x->next)
    {
      trun_stat_merge (&m->stat[x->comp], &x->s);
      if (x->s.count)
        {
          m->recorded |= (trun_mask_t) 1 << x->comp;
          any = 1;
        }
    }
  m->open_at_finalize += n->open_at_finalize;
  t->components |= m->recorded;
  if (any)
    add_thread (m, index);
}

/* Preorder walk of one thread's root R; every child resolves under its
   parent's memo, so only roots need resolve().  */
static void
walk_root (struct trun_mtree *t, struct mtable *m, struct trun_node *r,
           unsigned index, struct trun_node ***stack, size_t *cap)
{
  resolve (t, m, r, stack, cap);
  struct trun_node *n = r->first_child;
  while (n)
    {
      struct trun_mnode *mp = n->parent->aux;
      n->aux = mchild (t, m, mp, trun_intern_name (n->id));
      fold (t, n->aux, n, index);
      if (n->first_child)
        n = n->first_child;
      else
        {
          while (n && n != r && !n->next_sibling)
            n = n->parent;
          if (!n || n == r)
            break;
          n = n->next_sibling;
        }
    }
}

void
trun_merge_domain (struct trun_mtree *t, int d)
{
  t->domain = d;
  t->root.depth = -1;
  struct mtable m = { 0 };
  struct trun_node **stack = NULL;
  size_t cap = 0;
  /* Clear memos (aux held "last child" while recording).  */
  for (struct trun_thread *th = trun_thread_list (); th; th = th->next)
    for (struct trun_node *r = th->dom[d].roots; r; r = r->next_sibling)
      {
        r->aux = NULL;
        for (struct trun_node *n = r->first_child; n;)
          {
            n->aux = NULL;
            if (n->first_child)
              n = n->first_child;
            else
              {
                while (n && n != r && !n->next_sibling)
                  n = n->parent;
                if (!n || n == r)
                  break;
                n = n->next_sibling;
              }
          }
      }
  /* Threads in ascending index so per-node thread lists come out sorted. */
  unsigned count = trun_thread_count ();
  struct trun_thread **order = calloc (count + 1, sizeof *order);
  for (struct trun_thread *th = trun_thread_list (); th; th = th->next)
    if (th->index < count)
      order[th->index] = th;
  for (unsigned i = 0; i < count; i++)
    if (order[i])
      for (struct trun_node *r = order[i]->dom[d].roots; r;
           r = r->next_sibling)
        walk_root (t, &m, r, i, &stack, &cap);
  free (order);
  free (stack);
  free (m.slot);
}

static void
free_children (struct trun_mnode *p)
{
  /* Iterative post-order free.  */
  struct trun_mnode *n = p->first_child;
  while (n)
    {
      if (n->first_child)
        {
          n = n->first_child;
          continue;
        }
      struct trun_mnode *next = n->next_sibling;
      struct trun_mnode *up = n->parent;
      if (up->first_child == n)
        up->first_child = next;
      free (n->threads);
      free (n);
      n = next ? next : (up == p ? NULL : up);
    }
  p->first_child = p->last_child = NULL;
}

void
trun_mtree_free (struct trun_mtree *t)
{
  free_children (&t->root);
  t->nnodes = 0;
}
