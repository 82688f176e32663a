/* rt/core/graph.c -- per-thread call-graph nodes: arena allocation, child
 * lookup keyed by (parent, name id), lazily added component stats, and
 * the growable frame stacks.  Only the owning thread touches its graph.
 */
#include "core/core.h"

#include <math.h>

#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

#define ARENA_CHUNK (256 * 1024)

static void *
chunk_map (size_t size)
{
  void *p = mmap (NULL, size, PROT_READ | PROT_WRITE,
                  MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  if (p == MAP_FAILED)
    {
      trun_warn ("out of memory for the call graph");
      abort ();
    }
  return p;
}

/* A new chunk for at least SIZE bytes.  Signals held.  */
static void
arena_refill (struct trun_thread *t, size_t size)
{
  size_t chunk = ARENA_CHUNK;
  if (size + 64 > chunk)
    chunk = size + 64;
  struct trun_arena_chunk *c = chunk_map (chunk);
  c->size = chunk;
  c->next = t->chunks;
  t->chunks = c;
  t->arena_ptr = (char *) c + 64;
  t->arena_end = (char *) c + chunk;
}

/* A node is made with signals not held (node_new), so a signal
   handler's markers on this thread may allocate between any two
   instructions here: the bump is one compare-and-swap, retried; a new
   chunk is mapped with signals held.  */
void *
trun_arena_alloc (struct trun_thread *t, size_t size)
{
  size = (size + 7) & ~(size_t) 7;
  for (;;)
    {
      char *p = __atomic_load_n (&t->arena_ptr, __ATOMIC_RELAXED);
      if (trun_likely ((size_t) (t->arena_end - p) >= size))
        {
          if (__atomic_compare_exchange_n (&t->arena_ptr, &p, p + size, 0,
                                           __ATOMIC_RELAXED, __ATOMIC_RELAXED))
            return p; /* mmap'd memory is zeroed */
          continue;
        }
      sigset_t old;
      trun_signals_hold (&old);
      if ((size_t) (t->arena_end - t->arena_ptr) < size)
        arena_refill (t, size);
      trun_signals_release (&old);
    }
}

static inline size_t
slot_of (const struct trun_node *parent, uint32_t id, size_t mask)
{
  uint64_t h = ((uintptr_t) parent >> 4) * 0x9E3779B97F4A7C15ull;
  h ^= (uint64_t) id * 0xC2B2AE3D27D4EB4Full;
  h ^= h >> 29;
  return (size_t) h & mask;
}

static void
table_insert (struct trun_ctable *t, struct trun_node *n)
{
  size_t i = slot_of (n->parent, n->id, t->mask);
  while (t->slot[i])
    i = (i + 1) & t->mask;
  t->slot[i] = n;
}

void
trun_ctable_free (struct trun_ctable *t)
{
  if (t)
    trun_mem_free (t, sizeof *t + (t->mask + 1) * sizeof t->slot[0]);
}

static void
table_grow (struct trun_thread *t)
{
  struct trun_ctable *old = t->table;
  size_t nsize = old ? (old->mask + 1) * 2 : 1024;
  struct trun_ctable *nt = trun_mem_alloc (sizeof *nt + nsize * sizeof nt->slot[0]);
  if (!nt)
    {
      trun_warn ("out of memory for the call graph");
      abort ();
    }
  nt->mask = nsize - 1;
  for (size_t i = 0; old && i <= old->mask; i++)
    if (old->slot[i])
      table_insert (nt, old->slot[i]);
  t->node_bytes += nsize * sizeof nt->slot[0];
  __atomic_store_n (&t->table, nt, __ATOMIC_RELAXED);
  trun_signal_fence ();
  if (!old)
    return;
  /* A lookup this thread was making when a signal handler got here may
     still read the old table: it frees it when done.  */
  if (t->probing && !t->retired)
    t->retired = old;
  else if (!t->probing)
    {
      t->node_bytes -= (old->mask + 1) * sizeof old->slot[0];
      trun_ctable_free (old);
    }
}

/* Whether TAB holds N.  */
static int
table_has (const struct trun_ctable *tab, const struct trun_node *n)
{
  size_t i = slot_of (n->parent, n->id, tab->mask);
  const struct trun_node *e;
  while ((e = __atomic_load_n (&tab->slot[i], __ATOMIC_RELAXED)) != NULL)
    {
      if (e == n)
        return 1;
      i = (i + 1) & tab->mask;
    }
  return 0;
}

/* Put N in the thread's table, whatever a signal handler's markers on
   this thread do meanwhile: a slot is taken by compare-and-swap, and
   if the table was grown in between N goes into the new one unless
   the growth copied it there.  The table in hand is not freed while
   PROBING is set (table_grow retires it).  */
static void
table_publish (struct trun_thread *t, struct trun_node *n)
{
  int was = t->probing;
  t->probing = 1;
  trun_signal_fence ();
  for (;;)
    {
      struct trun_ctable *tab = __atomic_load_n (&t->table, __ATOMIC_RELAXED);
      if (!table_has (tab, n))
        {
          size_t i = slot_of (n->parent, n->id, tab->mask);
          struct trun_node *none = NULL;
          while (!__atomic_compare_exchange_n (&tab->slot[i], &none, n, 0,
                                               __ATOMIC_RELAXED,
                                               __ATOMIC_RELAXED))
            {
              i = (i + 1) & tab->mask;
              none = NULL;
            }
        }
      trun_signal_fence ();
      if (__atomic_load_n (&t->table, __ATOMIC_RELAXED) == tab)
        break;
    }
  trun_signal_fence ();
  t->probing = was;
}

/* A new node, with signals not held (two system calls for each of the
   16 000 nodes of a lua run).  A signal handler's markers on this
   thread may make nodes between any two instructions here, and run to
   their end before this goes on, so each step a handler could see half
   done is one atomic instruction: the arena's bump, the parent's last
   child (swapped, then linked: a handler's sibling made in between is
   linked after N), the table's slot, the counters.  Only growing the
   table holds signals (a few times a run).  */
struct trun_node *
trun_node_new (struct trun_thread *t, struct trun_node *parent, uint32_t id,
               uint32_t flags)
{
  struct trun_node *n = trun_arena_alloc (t, sizeof *n);
  n->parent = parent;
  n->id = id;
  n->flags = flags;
  n->wall = (struct trun_tstat) TRUN_TSTAT_EMPTY;
  __atomic_fetch_add (&t->nodes, 1, __ATOMIC_RELAXED);
  __atomic_fetch_add (&t->node_bytes, sizeof *n, __ATOMIC_RELAXED);
  if (flags & TRUN_NODE_ROOT)
    return n; /* roots are listed by their dstate, not by a parent */
  /* Append to the parent's children, keeping first-seen order.  */
  trun_signal_fence ();
  struct trun_node *last
      = __atomic_exchange_n (&parent->aux, (void *) n, __ATOMIC_RELAXED);
  if (last)
    last->next_sibling = n;
  else
    parent->first_child = n;
  size_t used = __atomic_add_fetch (&t->table_used, 1, __ATOMIC_RELAXED);
  struct trun_ctable *tab = __atomic_load_n (&t->table, __ATOMIC_RELAXED);
  if (trun_unlikely (used * 4 > (tab ? tab->mask + 1 : 0) * 3))
    {
      sigset_t old;
      trun_signals_hold (&old);
      tab = t->table;
      if (t->table_used * 4 > (tab ? tab->mask + 1 : 0) * 3)
        table_grow (t);
      trun_signals_release (&old);
    }
  table_publish (t, n);
  return n;
}

struct trun_node *
trun_child_lookup (struct trun_thread *t, struct trun_node *parent,
                   uint32_t id)
{
  struct trun_node *found = NULL;
  int was = t->probing; /* a handler's lookup inside another's */
  t->probing = 1;
  trun_signal_fence ();
  struct trun_ctable *tab = __atomic_load_n (&t->table, __ATOMIC_RELAXED);
  if (tab)
    {
      size_t i = slot_of (parent, id, tab->mask);
      struct trun_node *n;
      while ((n = tab->slot[i]) != NULL)
        {
          if (n->parent == parent && n->id == id)
            {
              found = n;
              break;
            }
          i = (i + 1) & tab->mask;
        }
    }
  trun_signal_fence ();
  t->probing = was;
  if (trun_unlikely (t->retired != NULL) && !was)
    {
      sigset_t old;
      trun_signals_hold (&old);
      struct trun_ctable *r = t->retired;
      t->retired = NULL;
      t->node_bytes -= (r->mask + 1) * sizeof r->slot[0];
      trun_ctable_free (r);
      trun_signals_release (&old);
    }
  /* A miss makes the node (a handler may have made it meanwhile: then
     there are two of that name under PARENT, which the merge adds up),
     unless the thread has made its TRUN_MAX_NODES.  */
  if (found)
    return found;
  if (trun_unlikely (trun_settings.max_nodes > 0
                     && t->nodes >= (size_t) trun_settings.max_nodes))
    return NULL;
  return trun_node_new (t, parent, id, 0);
}

struct trun_stat *
trun_node_xstat (struct trun_thread *t, struct trun_node *n, int comp)
{
  struct trun_xstat *x;
  for (x = n->extra; x; x = x->next)
    if (x->comp == (uint32_t) comp)
      return &x->s;
  sigset_t old;
  trun_signals_hold (&old);
  /* Again: a handler may have made it since the look.  */
  for (x = n->extra; x; x = x->next)
    if (x->comp == (uint32_t) comp)
      break;
  if (!x)
    {
      x = trun_arena_alloc (t, sizeof *x);
      x->comp = comp;
      x->s.min = HUGE_VAL;
      x->s.max = -HUGE_VAL;
      x->next = n->extra;
      trun_signal_fence ();
      n->extra = x;
      t->node_bytes += sizeof *x;
    }
  trun_signals_release (&old);
  return &x->s;
}

/* A larger copy of array P.  The old array is never freed: code this
   thread was running when a signal handler (or, at finalize, another
   thread) made the copy may still hold a pointer into it.  Growth is
   geometric, so what is kept is at most the size of the last array.  */
static void *
grow_array (void *p, size_t elem, uint32_t *cap, uint32_t want)
{
  size_t ncap = *cap ? *cap : 64;
  while (ncap < want)
    ncap *= 2;
  void *np = trun_mem_alloc (ncap * elem);
  if (!np)
    {
      trun_warn ("out of memory for the frame stack");
      abort ();
    }
  if (p)
    memcpy (np, p, (size_t) *cap * elem);
  *cap = ncap;
  return np;
}

void
trun_dstate_grow (struct trun_dstate *ds)
{
  ds->frames = grow_array (ds->frames, sizeof *ds->frames, &ds->cap,
                           ds->depth + 2);
}

void
trun_samples_reserve (struct trun_dstate *ds, uint32_t n)
{
  if (ds->nsamples + n > ds->samples_cap)
    ds->samples = grow_array (ds->samples, sizeof *ds->samples,
                              &ds->samples_cap, ds->nsamples + n);
}

/* Its own parent: no frame's node is it.  */
struct trun_node trun_ccache_empty = { .parent = &trun_ccache_empty };

void
trun_ccache_init (struct trun_thread *t)
{
  for (size_t i = 0; i < sizeof t->ccache / sizeof t->ccache[0]; i++)
    t->ccache[i] = &trun_ccache_empty;
}

void
trun_dstate_init (struct trun_thread *t, int d, struct trun_node *attach)
{
  struct trun_dstate *ds = &t->dom[d];
  memset (ds, 0, sizeof *ds);
  trun_dstate_grow (ds);
  ds->root = trun_node_new (t, attach, 0, TRUN_NODE_ROOT);
  ds->roots = ds->root;
  ds->frames[0].cur = ds->root;
  ds->frames[0].mask = TRUN_FRAME_SLOW; /* no exit's (core.h) */
  trun_dstate_refresh_limit (ds);
}

void
trun_dstate_refresh_limit (struct trun_dstate *ds)
{
  uint32_t lim = ds->cap - 2;
  if (trun_depth_limit < lim)
    lim = trun_depth_limit;
  ds->fast_limit = lim;
}

void
trun_attach_root (struct trun_thread *t, int d, struct trun_node *attach)
{
  trun_tl_note_omp (t); /* only OpenMP bodies attach: a worker */
  struct trun_dstate *ds = &t->dom[d];
  if (ds->root->parent == attach)
    return;
  struct trun_node *r;
  for (r = ds->roots; r; r = r->next_sibling)
    if (r->parent == attach)
      break;
  if (!r)
    {
      r = trun_node_new (t, attach, 0, TRUN_NODE_ROOT);
      struct trun_node **tail = &ds->roots;
      while (*tail)
        tail = &(*tail)->next_sibling;
      *tail = r; /* keep creation order for the merge */
    }
  ds->root = r;
  ds->frames[0].cur = r;
}
