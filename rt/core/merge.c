/* rt/core/merge.c -- fold every thread's graph of one domain into one tree.
 *
 * A thread node's merged position is its parent's merged position plus
 * its label; a virtual root's position is that of the foreign node it is
 * attached under (resolved the same way, through any number of threads).
 * Positions are memoised in node->aux, so the whole merge is linear in
 * the number of nodes and never recurses (depth 100000 is fine).
 *
 * A job tree (MPI) is made the same way from the ranks' merged trees:
 * each node keeps, besides the stats summed over ranks, where each rank's
 * node is, for the writers' statistics across ranks.
 */
#include "core/core.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

/* Merged nodes come from large zeroed blocks (huge pages where the
   kernel allows): a million nodes must merge in well under a second, and
   one calloc per node spends most of that in malloc and page faults.  */
#define MBLOCK ((size_t) 64 << 20)

struct mblock
{
  struct mblock *next;
  const struct trun_mtree *tree;
  size_t size;
};

static struct mblock *blocks;
static struct mblock *current[TRUN_NDOMAIN + 1];
static char *bump[TRUN_NDOMAIN + 1], *bump_end[TRUN_NDOMAIN + 1];

static void *
mzalloc (const struct trun_mtree *t, size_t size)
{
  int slot = t->domain >= 0 && t->domain < TRUN_NDOMAIN ? (int) t->domain
                                                      : TRUN_NDOMAIN;
  size = (size + 15) & ~(size_t) 15;
  if (!bump[slot] || current[slot]->tree != t
      || (size_t) (bump_end[slot] - bump[slot]) < size)
    {
      size_t bytes = size + 64 > MBLOCK ? size + 64 : MBLOCK;
      struct mblock *b = mmap (NULL, bytes, PROT_READ | PROT_WRITE,
                               MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
      if (b == MAP_FAILED)
        abort ();
#ifdef MADV_HUGEPAGE
      madvise (b, bytes, MADV_HUGEPAGE);
#endif
      b->tree = t;
      b->size = bytes;
      b->next = blocks;
      blocks = b;
      current[slot] = b;
      bump[slot] = (char *) b + 64;
      bump_end[slot] = (char *) b + bytes;
    }
  void *p = bump[slot];
  bump[slot] += size;
  return p;
}

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
  /* The node's stats follow it in the same block.  */
  n = mzalloc (t, sizeof *n + t->nstat * sizeof *n->stat);
  n->stat = t->nstat ? (struct trun_stat *) (n + 1) : NULL;
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

/* Thread lists hold powers of two; the first slot is in the node's
   block, later ones on the heap.  */
static void
add_thread (struct trun_mtree *t, struct trun_mnode *m, unsigned index)
{
  if (m->nthreads && m->threads[m->nthreads - 1] == index)
    return;
  for (unsigned i = 0; i < m->nthreads; i++)
    if (m->threads[i] == index)
      return;
  unsigned *nt = m->threads;
  if (m->nthreads == 0)
    nt = mzalloc (t, 2 * sizeof *nt);
  else if (m->nthreads >= 2 && (m->nthreads & (m->nthreads - 1)) == 0)
    {
      nt = malloc (2 * m->nthreads * sizeof *nt);
      if (!nt)
        abort ();
      memcpy (nt, m->threads, m->nthreads * sizeof *nt);
      if (m->nthreads > 2)
        free (m->threads);
    }
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

/* Ticks as seconds (the one place they become floating point).  */
static void
scaled (struct trun_stat *out, const struct trun_tstat *in, double k)
{
  out->count = in->count;
  out->sum = (double) in->sum * k;
  double sq = ldexp ((double) in->sumsq_hi, 64) + (double) in->sumsq_lo;
  out->sumsq = sq * k * k;
  out->min = in->count ? (double) in->min * k : 0.0;
  out->max = (double) in->max * k;
  out->child = 0.0;
}

static void
fold (struct trun_mtree *t, struct trun_mnode *m, const struct trun_node *n,
      unsigned index)
{
  int any = 0;
  if (n->wall.count && TRUN_WALL_CLOCK < t->nstat)
    {
      struct trun_stat w;
      scaled (&w, &n->wall, trun_tick_seconds);
      trun_stat_merge (&m->stat[TRUN_WALL_CLOCK], &w);
      any = 1;
      m->recorded |= TRUN_WALL_BIT;
      /* The parent's children's share, as the markers no longer keep it
         (a thread's top-level nodes hang under a virtual root: no share).  */
      if (!(n->parent->flags & TRUN_NODE_ROOT) && m->parent->stat)
        m->parent->stat[TRUN_WALL_CLOCK].child += w.sum;
    }
  for (const struct trun_xstat *x = n->extra; x; x = x->next)
    {
      if (x->comp >= t->nstat) /* cannot happen: nstat covers them all */
        continue;
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
    add_thread (t, m, index);
}

/* Pre-order successor of N among the nodes below thread root R, or NULL.
   Iterative: per-thread graphs can be 100 000 levels deep.  */
static struct trun_node *
next_in_root (struct trun_node *n, struct trun_node *r)
{
  if (n->first_child)
    return n->first_child;
  while (n && n != r && !n->next_sibling)
    n = n->parent;
  return n && n != r ? n->next_sibling : NULL;
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
      n = next_in_root (n, r);
    }
}

/* Components that fold () will merge from thread node N.  */
static trun_mask_t
node_components (const struct trun_node *n)
{
  trun_mask_t mask = 0;
  if (n->wall.count)
    mask |= TRUN_WALL_BIT;
  for (const struct trun_xstat *x = n->extra; x; x = x->next)
    if (x->comp < TRUN_NCOMP)
      mask |= (trun_mask_t) 1 << x->comp;
  return mask;
}

/* Highest set bit of MASK plus one (0 for an empty mask).  */
static unsigned
mask_span (trun_mask_t mask)
{
  return mask ? 32u - (unsigned) __builtin_clz ((uint32_t) mask) : 0;
}

void
trun_merge_domain (struct trun_mtree *t, int d)
{
  t->domain = d;
  t->root.depth = -1;
  struct mtable m = { 0 };
  struct trun_node **stack = NULL;
  size_t cap = 0;
  trun_mask_t used = 0;
  /* Clear memos (aux held "last child" while recording), and find the
     components any node holds: merged nodes are sized for them.  */
  for (struct trun_thread *th = trun_thread_list (); th; th = th->next)
    for (struct trun_node *r = th->dom[d].roots; r; r = r->next_sibling)
      {
        r->aux = NULL;
        for (struct trun_node *n = r->first_child; n;)
          {
            n->aux = NULL;
            used |= node_components (n);
            n = next_in_root (n, r);
          }
      }
  /* Each tree is merged once; a non-empty one keeps the size its nodes
     were made with.  */
  if (!t->root.first_child)
    t->nstat = mask_span (used);
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

void
trun_mtree_job_init (struct trun_mtree *job, int d, unsigned nstat)
{
  memset (job, 0, sizeof *job);
  job->domain = d;
  job->root.depth = -1;
  job->nstat = nstat;
  job->index = calloc (1, sizeof *job->index);
}

static int
add_rank (struct trun_mnode *m, int rank, const struct trun_mtree *tree,
          const struct trun_mnode *n)
{
  if ((m->nranks & (m->nranks - 1)) == 0) /* 0, 1, 2, 4, ...: grow */
    {
      size_t cap = m->nranks ? 2 * (size_t) m->nranks : 1;
      struct trun_mrank *r = realloc (m->ranks, cap * sizeof *r);
      if (!r)
        return -1;
      m->ranks = r;
    }
  m->ranks[m->nranks].rank = rank;
  m->ranks[m->nranks].tree = tree;
  m->ranks[m->nranks].node = n;
  m->nranks++;
  return 0;
}

int
trun_mtree_fold_rank (struct trun_mtree *job, const struct trun_mtree *src,
                      int rank)
{
  if (!job->index)
    return -1;
  const struct trun_mnode *root = &src->root;
  struct trun_mnode **path = NULL; /* job node at each depth of the walk */
  size_t cap = 0;
  int rc = 0;
  for (const struct trun_mnode *n = trun_mnode_next (root, root); n && !rc;
       n = trun_mnode_next (n, root))
    {
      size_t d = (size_t) n->depth;
      if (d >= cap)
        {
          size_t ncap = cap ? cap * 2 : 64;
          struct trun_mnode **p = realloc (path, ncap * sizeof *p);
          if (!p)
            {
              rc = -1;
              break;
            }
          path = p;
          cap = ncap;
        }
      struct trun_mnode *parent = d ? path[d - 1] : &job->root;
      struct trun_mnode *m = path[d] = mchild (job, job->index, parent,
                                               n->label);
      for (unsigned c = 0; n->stat && c < src->nstat && c < job->nstat; c++)
        trun_stat_merge (&m->stat[c], &n->stat[c]);
      m->recorded |= n->recorded;
      m->open_at_finalize += n->open_at_finalize;
      m->unmeasured += n->unmeasured;
      m->throttled |= n->throttled;
      job->components |= n->recorded;
      rc = add_rank (m, rank, src, n);
    }
  free (path);
  return rc;
}

void
trun_mtree_free (struct trun_mtree *t)
{
  /* Heap thread lists (more than two threads), then T's blocks.  */
  struct trun_mnode *n = t->root.first_child;
  while (n)
    {
      if (n->nthreads > 2)
        free (n->threads);
      free (n->ranks);
      n = trun_mnode_next (n, &t->root);
    }
  for (struct mblock **b = &blocks; *b;)
    if ((*b)->tree == t)
      {
        struct mblock *dead = *b;
        *b = dead->next;
        for (int i = 0; i <= TRUN_NDOMAIN; i++)
          if (current[i] == dead)
            current[i] = NULL, bump[i] = bump_end[i] = NULL;
        munmap (dead, dead->size);
      }
    else
      b = &(*b)->next;
  t->root.first_child = t->root.last_child = NULL;
  t->nnodes = 0;
  t->nstat = 0;
  if (t->index)
    free (t->index->slot);
  free (t->index);
  t->index = NULL;
}
