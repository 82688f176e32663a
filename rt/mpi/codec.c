/* rt/mpi/codec.c -- a rank's merged trees as bytes, and back.
 *
 * Each rank sends rank 0 one buffer: a header (magic, pid, host), the
 * labels once each, then each domain's tree as its nodes in pre-order,
 * each naming its parent and its label by index, with the statistics of
 * the components it has values for.  Rank 0 interns each label once, so
 * decoded trees carry the core's own names and fold by address.  All
 * ranks of a job run the same libtrun, so struct trun_stat travels as is.
 * No MPI here: mpi.c moves the bytes.
 */
#include <stdlib.h>
#include <string.h>

#include "core/core.h"
#include "mpi/mpip.h"

#define TRUN_MPI_MAGIC 0x324d4e52u /* "RNM2" */

struct wbuf
{
  char *data;
  size_t len, cap;
  int failed;
};

static void
put (struct wbuf *b, const void *p, size_t n)
{
  if (b->failed)
    return;
  if (b->len + n > b->cap)
    {
      size_t cap = b->cap ? b->cap : 4096;
      while (cap < b->len + n)
        cap *= 2;
      char *d = realloc (b->data, cap);
      if (!d)
        {
          b->failed = 1;
          return;
        }
      b->data = d;
      b->cap = cap;
    }
  memcpy (b->data + b->len, p, n);
  b->len += n;
}

static void
put_u64 (struct wbuf *b, uint64_t v)
{
  put (b, &v, sizeof v);
}

static void
put_str (struct wbuf *b, const char *s)
{
  uint64_t n = s ? strlen (s) : 0;
  put_u64 (b, n);
  put (b, s ? s : "", n);
}

/* Labels by address (the core's interned names): each gets an index.  */
struct label_index
{
  const char **key;
  uint64_t *val;
  size_t mask, n;
  int failed;
};

static size_t
hash_label (const char *p)
{
  uint64_t x = (uint64_t) (uintptr_t) p;
  x ^= x >> 33;
  x *= 0xff51afd7ed558ccdULL;
  x ^= x >> 33;
  return (size_t) x;
}

static int
index_grow (struct label_index *ix)
{
  size_t cap = ix->key ? (ix->mask + 1) * 2 : 1024;
  struct label_index nx = { calloc (cap, sizeof *nx.key),
                            malloc (cap * sizeof *nx.val), cap - 1, ix->n, 0 };
  if (!nx.key || !nx.val)
    {
      free (nx.key);
      free (nx.val);
      return -1;
    }
  for (size_t i = 0; ix->key && i <= ix->mask; i++)
    if (ix->key[i])
      {
        size_t k = hash_label (ix->key[i]) & nx.mask;
        while (nx.key[k])
          k = (k + 1) & nx.mask;
        nx.key[k] = ix->key[i];
        nx.val[k] = ix->val[i];
      }
  free (ix->key);
  free (ix->val);
  *ix = nx;
  return 0;
}

/* Index of LABEL, adding it (and its text to B) when new.  */
static uint64_t
label_id (struct label_index *ix, struct wbuf *b, const char *label)
{
  if (!label)
    label = "";
  if ((ix->n + 1) * 2 > (ix->key ? ix->mask + 1 : 0) && index_grow (ix) != 0)
    {
      ix->failed = 1;
      return 0;
    }
  size_t k = hash_label (label) & ix->mask;
  for (; ix->key[k]; k = (k + 1) & ix->mask)
    if (ix->key[k] == label)
      return ix->val[k];
  ix->key[k] = label;
  ix->val[k] = ix->n;
  if (b)
    put_str (b, label);
  return ix->n++;
}

static void
put_node (struct wbuf *b, const struct trun_mtree *t,
          const struct trun_mnode *n, int64_t parent, struct label_index *ix)
{
  put_u64 (b, (uint64_t) parent);
  put_u64 (b, n->recorded);
  put_u64 (b, n->open_at_finalize);
  put_u64 (b, n->unmeasured);
  put_u64 (b, (uint64_t) n->throttled);
  put_u64 (b, n->nthreads);
  for (unsigned i = 0; i < n->nthreads && n->threads; i++)
    put_u64 (b, n->threads[i]);
  /* Only the components the node has values for: most have few.  */
  uint64_t sent = n->recorded;
  for (int c = 0; c < TRUN_NCOMP; c++)
    if (trun_mnode_stat (t, n, c)->count)
      sent |= 1ull << c;
  put_u64 (b, sent);
  for (int c = 0; c < TRUN_NCOMP; c++)
    if (sent & (1ull << c))
      put (b, trun_mnode_stat (t, n, c), sizeof (struct trun_stat));
  put_u64 (b, label_id (ix, NULL, n->label));
}

/* Pre-order walk without recursion (trees can be 100 000 deep).  */
static void
put_tree (struct wbuf *b, const struct trun_mtree *t, struct label_index *ix)
{
  put_u64 (b, t ? t->components : 0);
  put_u64 (b, t ? t->nnodes : 0);
  if (!t)
    {
      put_u64 (b, 0);
      return;
    }
  size_t count_at = b->len;
  put_u64 (b, 0); /* node count, patched below */
  int64_t *parents = NULL;
  size_t depth = 0, cap = 0;
  int64_t next = 0;
  const struct trun_mnode *n = t->root.first_child;
  while (n && !b->failed)
    {
      put_node (b, t, n, depth ? parents[depth - 1] : -1, ix);
      int64_t mine = next++;
      if (n->first_child)
        {
          if (depth == cap)
            {
              cap = cap ? cap * 2 : 64;
              int64_t *p = realloc (parents, cap * sizeof *p);
              if (!p)
                {
                  b->failed = 1;
                  break;
                }
              parents = p;
            }
          parents[depth++] = mine;
          n = n->first_child;
          continue;
        }
      while (n && !n->next_sibling)
        {
          n = n->parent;
          if (!n || n == &t->root)
            n = NULL;
          else
            depth--;
        }
      if (n)
        n = n->next_sibling;
    }
  free (parents);
  if (!b->failed)
    memcpy (b->data + count_at, &next, sizeof next);
}

char *
trun_mpi_encode (const struct trun_mtree *region,
                 const struct trun_mtree *trace,
                 const struct trun_run_info *info, size_t *len)
{
  struct wbuf b = { 0 };
  put_u64 (&b, TRUN_MPI_MAGIC);
  put_u64 (&b, TRUN_NCOMP);
  put_u64 (&b, (uint64_t) (info ? info->pid : 0));
  put_str (&b, info ? info->host : "");
  /* The labels first, once each; the nodes then name them by index.  */
  struct label_index ix = { 0 };
  size_t count_at = b.len;
  put_u64 (&b, 0);
  const struct trun_mtree *trees[2] = { region, trace };
  for (int d = 0; d < 2; d++)
    for (const struct trun_mnode *n
         = trees[d] ? trun_mnode_next (&trees[d]->root, &trees[d]->root) : NULL;
         n; n = trun_mnode_next (n, &trees[d]->root))
      label_id (&ix, &b, n->label);
  uint64_t nlabels = ix.n;
  if (!b.failed)
    memcpy (b.data + count_at, &nlabels, sizeof nlabels);
  put_tree (&b, region, &ix);
  put_tree (&b, trace, &ix);
  free (ix.key);
  free (ix.val);
  if (b.failed || ix.failed)
    {
      free (b.data);
      return NULL;
    }
  *len = b.len;
  return b.data;
}

/* ------------------------------------------------------------------ */

struct rbuf
{
  const char *p;
  size_t left;
  int failed;
};

static void
get (struct rbuf *r, void *out, size_t n)
{
  if (r->failed || n > r->left)
    {
      r->failed = 1;
      memset (out, 0, n);
      return;
    }
  memcpy (out, r->p, n);
  r->p += n;
  r->left -= n;
}

static uint64_t
get_u64 (struct rbuf *r)
{
  uint64_t v;
  get (r, &v, sizeof v);
  return v;
}

/* A string copied out of the buffer (NUL-terminated), or NULL.  */
static char *
get_str (struct rbuf *r)
{
  uint64_t n = get_u64 (r);
  if (r->failed || n > r->left)
    {
      r->failed = 1;
      return NULL;
    }
  char *s = malloc (n + 1);
  if (!s)
    {
      r->failed = 1;
      return NULL;
    }
  memcpy (s, r->p, n);
  s[n] = 0;
  r->p += n;
  r->left -= n;
  return s;
}

static void
append_child (struct trun_mnode *parent, struct trun_mnode *child)
{
  child->parent = parent;
  child->depth = parent->depth + 1;
  if (parent->last_child)
    parent->last_child->next_sibling = child;
  else
    parent->first_child = child;
  parent->last_child = child;
}

static int
get_tree (struct rbuf *r, struct trun_mtree *t, enum trun_domain d,
          struct trun_mnode **storage, unsigned **threads,
          const char *const *labels, uint64_t nlabels)
{
  memset (t, 0, sizeof *t);
  t->domain = d;
  t->root.depth = -1;
  t->components = (trun_mask_t) get_u64 (r);
  t->nnodes = (size_t) get_u64 (r);
  uint64_t n = get_u64 (r);
  /* Each node takes at least its fixed fields: reject absurd counts.  */
  if (r->failed || n > r->left / (8 * 8))
    return -1;
  /* Nodes keep stats up to the highest component the tree recorded
     (every stat sent has a count, so it is among t->components); the
     stat arrays follow the nodes in the same allocation.  */
  trun_mask_t comps = t->components;
  t->nstat = comps ? 32u - (unsigned) __builtin_clz ((uint32_t) comps) : 0;
  if (t->nstat > TRUN_NCOMP)
    t->nstat = TRUN_NCOMP;
  size_t count = n ? (size_t) n : 1;
  struct trun_mnode *nodes
      = calloc (1, count * (sizeof *nodes + t->nstat * sizeof *nodes->stat));
  if (!nodes)
    return -1;
  struct trun_stat *stats = (struct trun_stat *) (nodes + count);
  *storage = nodes;
  size_t nthreads_total = 0, threads_cap = 0;
  unsigned *tlist = NULL;
  for (uint64_t i = 0; i < n && !r->failed; i++)
    {
      struct trun_mnode *m = &nodes[i];
      m->stat = t->nstat ? stats + i * t->nstat : NULL;
      int64_t parent = (int64_t) get_u64 (r);
      m->recorded = (trun_mask_t) get_u64 (r);
      m->open_at_finalize = get_u64 (r);
      m->unmeasured = get_u64 (r);
      m->throttled = (int) get_u64 (r);
      uint64_t nt = get_u64 (r);
      if (nt > r->left / 8)
        {
          r->failed = 1;
          break;
        }
      if (nthreads_total + nt > threads_cap)
        {
          size_t cap = threads_cap ? threads_cap : 256;
          while (cap < nthreads_total + nt)
            cap *= 2;
          unsigned *p = realloc (tlist, cap * sizeof *p);
          if (!p)
            {
              r->failed = 1;
              break;
            }
          tlist = p;
          threads_cap = cap;
        }
      m->nthreads = (unsigned) nt;
      for (uint64_t k = 0; k < nt; k++)
        tlist[nthreads_total + k] = (unsigned) get_u64 (r);
      /* Offsets for now: the list may still move in realloc.  */
      m->threads = (unsigned *) (uintptr_t) nthreads_total;
      nthreads_total += nt;
      uint64_t sent = get_u64 (r);
      for (int c = 0; c < TRUN_NCOMP; c++)
        if (sent & (1ull << c))
          {
            /* A stat beyond the tree's components (only in a malformed
               buffer) is read past and dropped.  */
            struct trun_stat dropped;
            get (r, (unsigned) c < t->nstat ? &m->stat[c] : &dropped,
                 sizeof dropped);
          }
      uint64_t label = get_u64 (r);
      m->label = label < nlabels ? labels[label] : NULL;
      if (parent < -1 || parent >= (int64_t) i || !m->label)
        r->failed = 1;
      if (r->failed)
        break;
      append_child (parent < 0 ? &t->root : &nodes[parent], m);
    }
  for (uint64_t i = 0; i < n; i++)
    nodes[i].threads = nodes[i].nthreads
                           ? tlist + (uintptr_t) nodes[i].threads
                           : NULL;
  *threads = tlist;
  t->nnodes = (size_t) n;
  return r->failed ? -1 : 0;
}

int
trun_mpi_decode (const char *buf, size_t len, struct trun_rank_profile *p)
{
  struct rbuf r = { buf, len, 0 };
  int rank = p->rank;
  memset (p, 0, sizeof *p);
  p->rank = rank;
  if (get_u64 (&r) != TRUN_MPI_MAGIC || get_u64 (&r) != TRUN_NCOMP)
    return -1;
  p->pid = (long) get_u64 (&r);
  char *host = get_str (&r);
  if (host)
    {
      strncpy (p->host, host, sizeof p->host - 1);
      free (host);
    }
  /* Each label interned once: the core's copy is the tree's label.  */
  uint64_t nlabels = get_u64 (&r);
  if (r.failed || nlabels > r.left / 8)
    return -1;
  const char **labels = malloc ((nlabels ? nlabels : 1) * sizeof *labels);
  if (!labels)
    return -1;
  for (uint64_t i = 0; i < nlabels && !r.failed; i++)
    {
      char *s = get_str (&r);
      labels[i] = s ? trun_intern_name (trun_intern (s)) : NULL;
      free (s);
    }
  int rc = r.failed ? -1 : 0;
  for (int d = 0; rc == 0 && d < TRUN_NDOMAIN; d++)
    rc = get_tree (&r, &p->tree[d], (enum trun_domain) d, &p->nodes[d],
                   &p->threads[d], labels, nlabels);
  free (labels);
  if (rc != 0)
    {
      trun_mpi_profile_free (p);
      p->rank = rank;
      return -1;
    }
  p->present = 1;
  return 0;
}

void
trun_mpi_profile_free (struct trun_rank_profile *p)
{
  for (int d = 0; d < TRUN_NDOMAIN; d++)
    {
      free (p->nodes[d]); /* labels are the core's */
      free (p->threads[d]);
    }
  memset (p, 0, sizeof *p);
}
