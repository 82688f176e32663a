/* rt/core/merge.c -- fold threads' graphs, and merged trees, into trees.
 *
 * A thread node's merged position is its parent's merged position plus
 * its label; a virtual root's position is that of the foreign node it is
 * attached under (resolved the same way, through any number of threads).
 * Each root is resolved by the labels of its path once, then its nodes
 * in one pre-order walk, so the merge is linear in the number of nodes
 * and never recurses (depth 100000 is fine); it writes nothing into the
 * threads' graphs, which may still be recording.  Frames other threads
 * still have open are counted as closed now, without touching them.
 *
 * A thread that ends while the program runs is folded into the retired
 * tree of its domain (core/thread.c): by the labels of its attach
 * point's path, since other threads' nodes must not be written.  A job
 * tree (MPI) is made from the ranks' merged trees; each of its nodes
 * keeps where each rank's node is, for statistics across ranks.
 *
 * Threads under a node.  A thread's subtree attached under another's
 * node (an OpenMP team's bodies under the forking node, a pthread's
 * under its creator's, a task under its creation point) runs beside
 * that node's own thread, so its time cannot be taken off the node's
 * self time as a child's is: four workers busy for 1 s under a node of
 * 1 s would leave -3 s.  The merge keeps, per node, the most wall-clock
 * time any one thread spent in the subtrees attached under it (the
 * critical path of its workers, as far as a merged tree can tell: over
 * many forks the slowest thread's total, which is never more than the
 * sum of each fork's slowest), and trun_mtree_finish takes off the
 * node's self time that much beyond what its own threads spent in the
 * same children (an OpenMP master runs its share of the team's body as
 * a child of the forking node).  So the forking node's self time is
 * its time outside its workers' span (the wait at the join or barrier
 * counts as theirs), never below 0.  Only the wall clock: the other
 * time components are per thread (a thread's CPU time never holds
 * another's), and memory is per process.
 */
#include "core/core.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

/* Merged nodes come from large zeroed blocks (huge pages where the
   kernel allows), each tree its own: a million nodes must merge in well
   under a second, and one calloc per node spends most of that in malloc
   and page faults.  A tree's first block is a small one without huge
   pages: most trees are small, and the first touch of a huge page
   zeroes 2 MB (a tenth of a small program's run).  */
#define MBLOCK ((size_t) 64 << 20)
#define RBLOCK ((size_t) 1 << 20) /* trees that grow slowly: retired */

struct mblock
{
  struct mblock *next;
  size_t size;
};

static void *
mzalloc (struct trun_mtree *t, size_t size)
{
  size = (size + 15) & ~(size_t) 15;
  if (!t->bump || (size_t) (t->bump_end - t->bump) < size)
    {
      size_t block = t->small_blocks || !t->blocks ? RBLOCK : MBLOCK;
      size_t bytes = size + 64 > block ? size + 64 : block;
      struct mblock *b = mmap (NULL, bytes, PROT_READ | PROT_WRITE,
                               MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
      if (b == MAP_FAILED)
        abort ();
#ifdef MADV_HUGEPAGE
      if (block == MBLOCK)
        madvise (b, bytes, MADV_HUGEPAGE);
#endif
      b->size = bytes;
      b->next = t->blocks;
      t->blocks = b;
      t->bump = (char *) b + 64;
      t->bump_end = (char *) b + bytes;
    }
  void *p = t->bump;
  t->bump += size;
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
  /* Small at first: a short run's tree has a few nodes, and a 32 KB
     table was eight page faults to zero.  */
  size_t size = m->slot ? (m->mask + 1) * 2 : 256;
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

/* What the self rule needs of a node (allocated for the few nodes that
   have or are attached subtrees), in the wall clock's base unit.  */
struct mattach
{
  double attached;   /* of the node's wall clock: from other threads'
                        subtrees attached under its parent */
  double thread_max; /* the most any one thread spent in subtrees
                        attached under the node */
  double thread_cur; /* that of THREAD, whose subtrees come now */
  unsigned thread;
  int current;       /* THREAD and THREAD_CUR are set */
};

static struct mattach *
mattach (struct trun_mtree *t, struct trun_mnode *n)
{
  if (!n->attach)
    n->attach = mzalloc (t, sizeof *n->attach);
  return n->attach;
}

/* Thread THREAD spent V of wall-clock time in C, a top-level node of its
   subtree attached under N.  A thread's subtrees come one after another
   (threads are merged in turn), so its running total is its total.  */
static void
note_attached (struct trun_mtree *t, struct trun_mnode *n,
               struct trun_mnode *c, unsigned thread, double v)
{
  if (n == &t->root)
    return; /* a thread's own top level: attached under nothing */
  mattach (t, c)->attached += v;
  struct mattach *a = mattach (t, n);
  if (!a->current || a->thread != thread)
    {
      a->thread = thread;
      a->thread_cur = 0;
      a->current = 1;
    }
  a->thread_cur += v;
  if (a->thread_cur > a->thread_max)
    a->thread_max = a->thread_cur;
}

/* Thread THREAD's share of N (T->per_thread), made on first use: threads
   mostly come in ascending order, so the list is kept descending.  */
static struct trun_mthread *
node_thread (struct trun_mtree *t, struct trun_mnode *n, unsigned thread)
{
  struct trun_mthread **at = &n->per_thread;
  while (*at && (*at)->thread > thread)
    at = &(*at)->next;
  if (*at && (*at)->thread == thread)
    return *at;
  struct trun_mthread *e = mzalloc (t, sizeof *e + t->nstat * sizeof *e->stat);
  e->stat = (struct trun_stat *) (e + 1);
  e->thread = thread;
  e->next = *at;
  *at = e;
  return e;
}

/* Merged child of P labelled LABEL (an interned pointer).  */
static struct trun_mnode *
mchild (struct trun_mtree *t, struct trun_mnode *p, const char *label)
{
  struct mtable *m = t->index;
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

void
trun_mtree_move (struct trun_mtree *dst, struct trun_mtree *src)
{
  *dst = *src;
  memset (src, 0, sizeof *src);
  src->root.depth = -1;
  for (struct trun_mnode *c = dst->root.first_child; c; c = c->next_sibling)
    c->parent = &dst->root;
  /* The index hashes each node's parent: the top level moved.  */
  struct mtable *m = dst->index;
  if (!m || !m->slot)
    return;
  memset (m->slot, 0, (m->mask + 1) * sizeof *m->slot);
  m->used = 0;
  for (struct trun_mnode *n = trun_mnode_next (&dst->root, &dst->root); n;
       n = trun_mnode_next (n, &dst->root))
    mtable_put (m, n);
}

void
trun_mtree_init (struct trun_mtree *t, int d, unsigned nstat)
{
  memset (t, 0, sizeof *t);
  t->domain = d;
  t->root.depth = -1;
  t->nstat = nstat;
  t->index = calloc (1, sizeof *t->index);
  if (!t->index)
    abort ();
}

/* Where the merge goes: a growable stack of thread nodes or ids.  */
struct path
{
  void **v;
  size_t n, cap;
};

static void
path_push (struct path *p, void *x)
{
  if (p->n == p->cap)
    {
      p->cap = p->cap ? p->cap * 2 : 256;
      p->v = realloc (p->v, p->cap * sizeof *p->v);
      if (!p->v)
        abort ();
    }
  p->v[p->n++] = x;
}

/* Merged position of thread node N (a virtual root maps to where it is
   attached), by the labels on its path.  Nothing is written into the
   nodes (other threads may still be recording: the merge never touches
   their state); nodes never move or change their parent, so the walk up
   reads only what stays fixed.  */
static struct trun_mnode *
resolve_by_path (struct trun_mtree *t, struct trun_node *n,
                 struct path *stack)
{
  stack->n = 0;
  for (; n; n = n->parent)
    if (!(n->flags & TRUN_NODE_ROOT))
      path_push (stack, n);
  struct trun_mnode *base = &t->root;
  while (stack->n > 0)
    {
      struct trun_node *x = stack->v[--stack->n];
      base = mchild (t, base, trun_intern_name (x->id));
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

/* Ticks times K (seconds per tick; 1 keeps ticks, as retired trees do).  */
static void
scaled (struct trun_stat *out, const struct trun_tstat *in, double k)
{
  out->count = in->count;
  out->sum = (double) in->sum * k;
  double sq = (double) in->sumsq_hi * 18446744073709551616.0 /* 2^64 */
              + (double) in->sumsq_lo;
  out->sumsq = sq * k * k;
  out->min = in->count ? (double) in->min * k : 0.0;
  out->max = (double) in->max * k;
  out->child = 0.0;
}

/* Thread INDEX's wall clock W at M.  A node under a virtual root (the
   top of a thread's subtree attached under a foreign node, or of its
   own top level) is no child of its merged parent on this thread.  */
static void
add_wall (struct trun_mtree *t, struct trun_mnode *m, const struct trun_stat *w,
          const struct trun_node *n, unsigned index)
{
  trun_stat_merge (&m->stat[TRUN_WALL_CLOCK], w);
  m->recorded |= TRUN_WALL_BIT;
  t->components |= TRUN_WALL_BIT;
  int attached = (n->parent->flags & TRUN_NODE_ROOT) != 0;
  if (t->per_thread)
    {
      trun_stat_merge (&node_thread (t, m, index)->stat[TRUN_WALL_CLOCK], w);
      if (!attached && m->parent->stat)
        node_thread (t, m->parent, index)->stat[TRUN_WALL_CLOCK].child
            += w->sum;
    }
  /* The parent's children's share, as the markers do not keep it.  */
  if (!attached && m->parent->stat)
    m->parent->stat[TRUN_WALL_CLOCK].child += w->sum;
  else if (attached && n->parent->parent)
    note_attached (t, m->parent, m, index, w->sum);
}

static void
fold (struct trun_mtree *t, struct trun_mnode *m, const struct trun_node *n,
      unsigned index, double k)
{
  int any = 0;
  if (n->wall.count && TRUN_WALL_CLOCK < t->nstat)
    {
      struct trun_stat w;
      scaled (&w, &n->wall, k);
      add_wall (t, m, &w, n, index);
      any = 1;
    }
  for (const struct trun_xstat *x = n->extra; x; x = x->next)
    {
      if (x->comp >= t->nstat) /* cannot happen: nstat covers them all */
        continue;
      trun_stat_merge (&m->stat[x->comp], &x->s);
      if (t->per_thread && x->s.count)
        trun_stat_merge (&node_thread (t, m, index)->stat[x->comp], &x->s);
      if (x->s.count)
        {
          m->recorded |= (trun_mask_t) 1 << x->comp;
          any = 1;
        }
    }
  m->open_at_finalize += n->open_at_finalize;
  m->unmeasured += n->unmeasured; /* the thread's calls not measured */
  any |= n->unmeasured != 0;
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

/* One thread's root R into T under BASE, in pre-order; AT holds T's
   node at each depth of the walk.  */
static void
walk_root (struct trun_mtree *t, struct trun_node *r, unsigned index,
           double k, struct trun_mnode *base, struct path *at)
{
  size_t depth = 0; /* of N below R: 0 for R's children */
  struct trun_node *n = r->first_child;
  while (n)
    {
      while (at->n <= depth)
        path_push (at, NULL);
      struct trun_mnode *m
          = mchild (t, depth ? at->v[depth - 1] : base, trun_intern_name (n->id));
      at->v[depth] = m;
      fold (t, m, n, index, k);
      if (n->first_child)
        {
          n = n->first_child;
          depth++;
          continue;
        }
      while (!n->next_sibling)
        {
          n = n->parent;
          if (n == r)
            break;
          depth--;
        }
      n = n == r ? NULL : n->next_sibling;
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
unsigned
trun_mask_span (trun_mask_t mask)
{
  return mask ? 32u - (unsigned) __builtin_clz ((uint32_t) mask) : 0;
}

/* Components a thread's graph of domain D holds.  */
static trun_mask_t
thread_components (struct trun_thread *th, int d)
{
  trun_mask_t used = 0;
  for (struct trun_node *r = th->dom[d].roots; r; r = r->next_sibling)
    for (struct trun_node *n = r->first_child; n; n = next_in_root (n, r))
      used |= node_components (n);
  return used;
}

/* Frames thread TH still has open, counted as closed at NOW (one call
   each, marked open at finalize), without changing TH's own state: it may
   still be running.  */
static void
add_open_frames (struct trun_mtree *t, struct trun_thread *th, int d,
                 uint64_t now, struct path *stack)
{
  struct trun_dstate *ds = &th->dom[d];
  uint32_t depth = __atomic_load_n (&ds->depth, __ATOMIC_RELAXED);
  uint32_t cap = __atomic_load_n (&ds->cap, __ATOMIC_RELAXED);
  struct trun_frame *frames = __atomic_load_n (&ds->frames, __ATOMIC_RELAXED);
  struct trun_node *prev = NULL;
  struct trun_mnode *prev_m = NULL;
  for (uint32_t i = 1; i <= depth && i < cap; i++)
    {
      struct trun_frame f = frames[i];
      if (!f.node)
        continue;
      /* Open frames are usually a chain: each the child of the last.  */
      struct trun_mnode *m
          = prev && f.node->parent == prev
                ? mchild (t, prev_m, trun_intern_name (f.node->id))
                : resolve_by_path (t, f.node, stack);
      prev = f.node;
      prev_m = m;
      if (!(f.mask & TRUN_WALL_BIT) || TRUN_WALL_CLOCK >= t->nstat)
        continue;
      struct trun_tstat one = TRUN_TSTAT_EMPTY;
      trun_tstat_add (&one, now > f.start ? now - f.start : 0);
      struct trun_stat w;
      scaled (&w, &one, trun_tick_seconds);
      add_wall (t, m, &w, f.node, th->index);
      m->open_at_finalize++;
      add_thread (t, m, th->index);
    }
}

/* S times K (a retired tree's wall clock is in ticks).  */
static void
scale_stat (struct trun_stat *s, double k)
{
  if (k == 1.0)
    return;
  s->sum *= k;
  s->sumsq *= k * k;
  s->min *= k;
  s->max *= k;
  s->child *= k;
}

/* What merging threads left at N of SRC (its attached subtrees, each
   thread's share), into M of DST: the same process, other threads.  */
static void
fold_threads (struct trun_mtree *dst, struct trun_mnode *m,
              const struct trun_mtree *src, const struct trun_mnode *n,
              double wall_scale)
{
  if (n->attach)
    {
      struct mattach *a = mattach (dst, m);
      a->attached += n->attach->attached * wall_scale;
      double most = n->attach->thread_max * wall_scale;
      if (most > a->thread_max)
        a->thread_max = most;
      a->current = 0; /* SRC's threads are not DST's */
    }
  if (!dst->per_thread)
    return;
  for (const struct trun_mthread *e = n->per_thread; e; e = e->next)
    {
      struct trun_mthread *x = node_thread (dst, m, e->thread);
      for (unsigned c = 0; c < src->nstat && c < dst->nstat; c++)
        {
          struct trun_stat st = e->stat[c];
          if (c == TRUN_WALL_CLOCK)
            scale_stat (&st, wall_scale);
          trun_stat_merge (&x->stat[c], &st);
        }
    }
}

/* RANK of fold_tree when SRC is a job tree too.  */
#define FOLD_JOB (-2)

/* Fold SRC into DST by call path.  WALL_SCALE multiplies SRC's wall
   clock (a retired tree keeps ticks).  RANK >= 0: DST is a job tree and
   each node gains rank RANK's totals (and with VALUES its per-rank
   values); FOLD_JOB: both are job trees.  */
static int
fold_tree (struct trun_mtree *dst, const struct trun_mtree *src, int rank,
           int values, double wall_scale)
{
  const struct trun_mnode *root = &src->root;
  struct path path = { 0 }; /* DST's node at each depth of the walk */
  for (const struct trun_mnode *n = trun_mnode_next (root, root); n;
       n = trun_mnode_next (n, root))
    {
      size_t d = (size_t) n->depth;
      while (path.n <= d)
        path_push (&path, NULL);
      struct trun_mnode *parent = d ? path.v[d - 1] : &dst->root;
      struct trun_mnode *m = mchild (dst, parent, n->label);
      path.v[d] = m;
      for (unsigned c = 0; n->stat && c < src->nstat && c < dst->nstat; c++)
        {
          struct trun_stat s = n->stat[c];
          if (c == TRUN_WALL_CLOCK)
            scale_stat (&s, wall_scale);
          trun_stat_merge (&m->stat[c], &s);
        }
      m->recorded |= n->recorded;
      m->open_at_finalize += n->open_at_finalize;
      m->unmeasured += n->unmeasured;
      m->throttled |= n->throttled;
      dst->components |= n->recorded;
      for (unsigned i = 0; i < n->nthreads; i++)
        add_thread (dst, m, n->threads[i]);
      if (rank == -1)
        fold_threads (dst, m, src, n, wall_scale);
      if (rank >= 0 && trun_mjob_add_rank (dst, m, src, n, rank, values) != 0)
        {
          free (path.v);
          return -1;
        }
      if (rank == FOLD_JOB && trun_mjob_fold (dst, m, src, n) != 0)
        {
          free (path.v);
          return -1;
        }
    }
  free (path.v);
  return 0;
}

void
trun_merge_domain (struct trun_mtree *t, int d, uint64_t now,
                   const struct trun_thread *self,
                   const struct trun_mtree *retired)
{
  /* Components any node holds: merged nodes are sized for them.  */
  trun_mask_t used = 0;
  for (struct trun_thread *th = trun_thread_list (); th; th = th->next)
    used |= thread_components (th, d);
  unsigned nstat = trun_mask_span (used);
  if (retired && retired->nstat > nstat)
    nstat = retired->nstat;
  trun_mtree_init (t, d, nstat);
  t->per_thread = trun_settings.per_thread;
  /* Threads in ascending index so per-node thread lists come out sorted. */
  unsigned count = trun_thread_count ();
  struct trun_thread **order = calloc (count + 1, sizeof *order);
  if (!order)
    abort ();
  for (struct trun_thread *th = trun_thread_list (); th; th = th->next)
    if (th->index < count)
      order[th->index] = th;
  struct path stack = { 0 }, at = { 0 };
  for (unsigned i = 0; i < count; i++)
    if (order[i])
      for (struct trun_node *r = order[i]->dom[d].roots; r;
           r = r->next_sibling)
        walk_root (t, r, i, trun_tick_seconds,
                   resolve_by_path (t, r->parent, &stack), &at);
  for (unsigned i = 0; i < count; i++)
    if (order[i] && order[i] != self)
      add_open_frames (t, order[i], d, now, &stack);
  free (order);
  free (stack.v);
  free (at.v);
  if (retired && retired->nnodes)
    fold_tree (t, retired, -1, 0, trun_tick_seconds);
  trun_mtree_finish (t);
}

/* The wait of N beyond its own threads' share (the rule above).  */
static double
attached_wait (const struct trun_mnode *n)
{
  double own = 0; /* N's threads' time in the children others ran too */
  for (const struct trun_mnode *c = n->first_child; c; c = c->next_sibling)
    if (c->attach && c->attach->attached > 0 && c->stat)
      {
        double seq = c->stat[TRUN_WALL_CLOCK].sum - c->attach->attached;
        own += seq > 0 ? seq : 0;
      }
  double wait = n->attach->thread_max - own;
  return wait > 0 ? wait : 0;
}

void
trun_mtree_finish (struct trun_mtree *t)
{
  const struct trun_mnode *root = &t->root;
  for (struct trun_mnode *n = trun_mnode_next (root, root); n;
       n = trun_mnode_next (n, root))
    if (n->attach && n->attach->thread_max > 0 && TRUN_WALL_CLOCK < t->nstat)
      n->stat[TRUN_WALL_CLOCK].child += attached_wait (n);
  /* A node that did not record a component: its children in that
     component's tree are its nearest recording ancestor's.  */
  for (struct trun_mnode *n = trun_mnode_next (root, root); n;
       n = trun_mnode_next (n, root))
    for (unsigned c = 0; n->stat && c < t->nstat; c++)
      {
        struct trun_stat *s = &n->stat[c];
        if (s->count || s->child == 0)
          continue;
        struct trun_mnode *a = n->parent;
        while (a != &t->root && a->stat[c].count == 0)
          a = a->parent;
        if (a != &t->root)
          a->stat[c].child += s->child;
        s->child = 0;
      }
}

void
trun_merge_thread (struct trun_mtree *t, struct trun_thread *th, int d)
{
  trun_mask_t used = thread_components (th, d);
  t->per_thread = trun_settings.per_thread;
  if (trun_mask_span (used) > t->nstat)
    {
      /* A component this tree has no column for: remake it wider.  */
      struct trun_mtree wider;
      trun_mtree_init (&wider, d, trun_mask_span (used));
      wider.small_blocks = 1;
      wider.per_thread = t->per_thread;
      fold_tree (&wider, t, -1, 0, 1.0);
      trun_mtree_free (t);
      trun_mtree_move (t, &wider);
    }
  struct path stack = { 0 }, at = { 0 };
  for (struct trun_node *r = th->dom[d].roots; r; r = r->next_sibling)
    walk_root (t, r, th->index, 1.0, resolve_by_path (t, r->parent, &stack),
               &at);
  free (stack.v);
  free (at.v);
}

int
trun_mtree_fold_rank (struct trun_mtree *job, const struct trun_mtree *src,
                      int rank, int values)
{
  if (!job->index || rank < 0)
    return -1;
  return fold_tree (job, src, rank, values, 1.0);
}

int
trun_mtree_fold_job (struct trun_mtree *job, const struct trun_mtree *src)
{
  if (!job->index)
    return -1;
  return fold_tree (job, src, FOLD_JOB, 0, 1.0);
}

void
trun_mtree_free (struct trun_mtree *t)
{
  /* Heap thread and rank lists, then T's blocks.  */
  for (struct trun_mnode *n = t->root.first_child; n;
       n = trun_mnode_next (n, &t->root))
    {
      if (n->nthreads > 2)
        free (n->threads);
      trun_mjob_free (n->job);
    }
  for (struct mblock *b = t->blocks, *next; b; b = next)
    {
      next = b->next;
      munmap (b, b->size);
    }
  if (t->index)
    free (t->index->slot);
  free (t->index);
  int d = t->domain;
  memset (t, 0, sizeof *t);
  t->domain = d;
  t->root.depth = -1;
}
