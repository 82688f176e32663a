/* rt/mpi/codec.c -- parts of a job (struct trun_job_part): made from a
 * rank's own report, folded together, and as bytes and back.
 *
 * A part travels as one buffer: a header, its ranks and hosts, the
 * labels once each, then each domain's job tree as its nodes in
 * pre-order, each naming its parent and its label by index, with the
 * statistics and the across-ranks summaries of the components it has
 * values for, its runs of ranks and any per-rank values.  The receiver
 * interns each label once, so decoded trees carry the core's own names
 * and fold by address.  All ranks of a job run the same libtrun, so
 * struct trun_stat and struct trun_across travel as they are.  No MPI
 * here: mpi.c moves the bytes.
 */
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/core.h"
#include "mpi/mpip.h"

#define TRUN_MPI_MAGIC 0x334d4e52u /* "RNM3" */

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
  put_u64 (b, label_id (ix, NULL, n->label));
  put_u64 (b, n->recorded);
  put_u64 (b, n->open_at_finalize);
  put_u64 (b, n->unmeasured);
  put_u64 (b, (uint64_t) n->throttled);
  /* Only the components the node has values for: most have few.  */
  uint64_t sent = 0;
  for (unsigned c = 0; c < t->nstat; c++)
    if (trun_mnode_stat (t, n, (int) c)->count
        || (n->job && n->job->across && n->job->across[c].nranks))
      sent |= 1ull << c;
  put_u64 (b, sent);
  for (unsigned c = 0; c < t->nstat; c++)
    if (sent & (1ull << c))
      {
        put (b, trun_mnode_stat (t, n, (int) c), sizeof (struct trun_stat));
        static const struct trun_across none = { 0, 0, 0, 0, 0, 0, -1, -1 };
        put (b, n->job && n->job->across ? &n->job->across[c] : &none,
             sizeof none);
      }
  const struct trun_mjob *j = n->job;
  put_u64 (b, j ? j->nruns : 0);
  for (unsigned i = 0; j && i < j->nruns; i++)
    put (b, &j->runs[i], sizeof j->runs[i]);
  put_u64 (b, j ? j->nvalues : 0);
  for (unsigned i = 0; j && i < j->nvalues; i++)
    put (b, &j->values[i], sizeof j->values[i]);
}

/* Pre-order walk without recursion (trees can be 100 000 deep); a
   node's parent is named by its position.  */
static void
put_tree (struct wbuf *b, const struct trun_mtree *t, struct label_index *ix)
{
  put_u64 (b, t->components);
  put_u64 (b, t->nstat);
  size_t count_at = b->len;
  put_u64 (b, 0); /* node count, patched below */
  int64_t *parents = NULL;
  size_t cap = 0;
  int64_t next = 0;
  const struct trun_mnode *root = &t->root;
  for (const struct trun_mnode *n = trun_mnode_next (root, root);
       n && !b->failed; n = trun_mnode_next (n, root))
    {
      size_t d = (size_t) n->depth;
      if (d >= cap)
        {
          size_t ncap = cap ? cap * 2 : 64;
          while (ncap <= d)
            ncap *= 2;
          int64_t *p = realloc (parents, ncap * sizeof *p);
          if (!p)
            {
              b->failed = 1;
              break;
            }
          parents = p;
          cap = ncap;
        }
      put_node (b, t, n, d ? parents[d - 1] : -1, ix);
      parents[d] = next++;
    }
  free (parents);
  if (!b->failed)
    memcpy (b->data + count_at, &next, sizeof next);
}

char *
trun_job_part_encode (const struct trun_job_part *p, size_t *len)
{
  struct wbuf b = { 0 };
  put_u64 (&b, TRUN_MPI_MAGIC);
  put_u64 (&b, TRUN_NCOMP);
  put_u64 (&b, (uint64_t) p->nhosts);
  for (int i = 0; i < p->nhosts; i++)
    {
      put_str (&b, p->hosts[i].name);
      put_str (&b, p->hosts[i].topology_json);
      put_u64 (&b, (uint64_t) p->hosts[i].first_rank);
      put_u64 (&b, (uint64_t) p->hosts[i].nranks);
    }
  put_u64 (&b, (uint64_t) p->nranks);
  for (int i = 0; i < p->nranks; i++)
    {
      put_u64 (&b, (uint64_t) p->ranks[i].rank);
      put_u64 (&b, (uint64_t) p->ranks[i].present);
      put_u64 (&b, (uint64_t) p->ranks[i].pid);
      put_u64 (&b, (uint64_t) (int64_t) p->ranks[i].host);
    }
  /* The labels first, once each; the nodes then name them by index.  */
  struct label_index ix = { 0 };
  size_t count_at = b.len;
  put_u64 (&b, 0);
  for (int d = 0; d < TRUN_NDOMAIN; d++)
    for (const struct trun_mnode *n = trun_mnode_next (&p->tree[d].root,
                                                       &p->tree[d].root);
         n; n = trun_mnode_next (n, &p->tree[d].root))
      label_id (&ix, &b, n->label);
  uint64_t nlabels = ix.n;
  if (!b.failed)
    memcpy (b.data + count_at, &nlabels, sizeof nlabels);
  for (int d = 0; d < TRUN_NDOMAIN; d++)
    put_tree (&b, &p->tree[d], &ix);
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

/* COUNT elements of SIZE bytes from R into a new array *OUT.  */
static int
get_array (struct rbuf *r, uint64_t count, size_t size, void **out)
{
  *out = NULL;
  if (count == 0)
    return 0;
  if (r->failed || count > r->left / size)
    return r->failed = 1, -1;
  *out = malloc (count * size);
  if (!*out)
    return r->failed = 1, -1;
  get (r, *out, count * size);
  return 0;
}

static int
get_tree (struct rbuf *r, struct trun_mtree *t, enum trun_domain d,
          struct trun_mnode **storage, const char *const *labels,
          uint64_t nlabels)
{
  memset (t, 0, sizeof *t);
  t->domain = d;
  t->root.depth = -1;
  t->components = (trun_mask_t) get_u64 (r);
  uint64_t nstat = get_u64 (r);
  uint64_t n = get_u64 (r);
  /* Each node takes at least its fixed fields: reject absurd counts.  */
  if (r->failed || nstat > TRUN_NCOMP || n > r->left / (9 * 8))
    return -1;
  t->nstat = (unsigned) nstat;
  size_t count = n ? (size_t) n : 1;
  struct trun_mnode *nodes
      = calloc (1, count * (sizeof *nodes + t->nstat * sizeof *nodes->stat));
  if (!nodes)
    return -1;
  struct trun_stat *stats = (struct trun_stat *) (nodes + count);
  *storage = nodes;
  for (uint64_t i = 0; i < n && !r->failed; i++)
    {
      struct trun_mnode *m = &nodes[i];
      m->stat = t->nstat ? stats + i * t->nstat : NULL;
      int64_t parent = (int64_t) get_u64 (r);
      uint64_t label = get_u64 (r);
      m->label = label < nlabels ? labels[label] : NULL;
      m->recorded = (trun_mask_t) get_u64 (r);
      m->open_at_finalize = get_u64 (r);
      m->unmeasured = get_u64 (r);
      m->throttled = (int) get_u64 (r);
      uint64_t sent = get_u64 (r);
      struct trun_mjob *j = r->failed ? NULL : trun_mnode_job (t, m);
      if (!j || (sent >> t->nstat) != 0 || parent < -1
          || parent >= (int64_t) i || !m->label)
        {
          r->failed = 1;
          break;
        }
      for (unsigned c = 0; c < t->nstat; c++)
        if (sent & (1ull << c))
          {
            get (r, &m->stat[c], sizeof m->stat[c]);
            get (r, &j->across[c], sizeof j->across[c]);
          }
      uint64_t nruns = get_u64 (r);
      get_array (r, nruns, sizeof *j->runs, (void **) &j->runs);
      j->nruns = j->runs ? (unsigned) nruns : 0;
      uint64_t nvalues = get_u64 (r);
      get_array (r, nvalues, sizeof *j->values, (void **) &j->values);
      j->nvalues = j->values ? (unsigned) nvalues : 0;
      for (unsigned k = 0; k < j->nvalues; k++)
        if (j->values[k].comp >= t->nstat)
          r->failed = 1;
      if (r->failed)
        break;
      append_child (parent < 0 ? &t->root : &nodes[parent], m);
      t->nnodes++;
    }
  return r->failed ? -1 : 0;
}

int
trun_job_part_decode (const char *buf, size_t len, struct trun_job_part *p)
{
  struct rbuf r = { buf, len, 0 };
  memset (p, 0, sizeof *p);
  for (int d = 0; d < TRUN_NDOMAIN; d++)
    p->tree[d].domain = (enum trun_domain) d, p->tree[d].root.depth = -1;
  if (get_u64 (&r) != TRUN_MPI_MAGIC || get_u64 (&r) != TRUN_NCOMP)
    return -1;
  uint64_t nhosts = get_u64 (&r);
  if (r.failed || nhosts > r.left / 32 || nhosts > INT32_MAX)
    return -1;
  p->hosts = calloc (nhosts ? nhosts : 1, sizeof *p->hosts);
  if (!p->hosts)
    return -1;
  for (uint64_t i = 0; i < nhosts && !r.failed; i++)
    {
      struct trun_host_info *h = &p->hosts[p->nhosts++];
      h->name = get_str (&r);
      char *topo = get_str (&r);
      if (topo && !*topo)
        free (topo), topo = NULL;
      h->topology_json = topo;
      h->first_rank = (int) get_u64 (&r);
      h->nranks = (int) get_u64 (&r);
    }
  uint64_t nranks = get_u64 (&r);
  if (r.failed || nranks > r.left / 32 || nranks > INT32_MAX)
    {
      trun_job_part_free (p);
      return -1;
    }
  p->ranks = calloc (nranks ? nranks : 1, sizeof *p->ranks);
  if (!p->ranks)
    {
      trun_job_part_free (p);
      return -1;
    }
  for (uint64_t i = 0; i < nranks && !r.failed; i++)
    {
      struct trun_rank_info *k = &p->ranks[p->nranks++];
      k->rank = (int) get_u64 (&r);
      k->present = (int) get_u64 (&r);
      k->pid = (long) get_u64 (&r);
      k->host = (int) (int64_t) get_u64 (&r);
      if (k->host < -1 || k->host >= p->nhosts)
        r.failed = 1;
    }
  /* Each label interned once: the core's copy is the tree's label.  */
  uint64_t nlabels = get_u64 (&r);
  if (r.failed || nlabels > r.left / 8)
    {
      trun_job_part_free (p);
      return -1;
    }
  const char **labels = malloc ((nlabels ? nlabels : 1) * sizeof *labels);
  if (!labels)
    {
      trun_job_part_free (p);
      return -1;
    }
  for (uint64_t i = 0; i < nlabels && !r.failed; i++)
    {
      char *s = get_str (&r);
      labels[i] = s ? trun_intern_name (trun_intern (s)) : NULL;
      free (s);
    }
  int rc = r.failed ? -1 : 0;
  for (int d = 0; rc == 0 && d < TRUN_NDOMAIN; d++)
    rc = get_tree (&r, &p->tree[d], (enum trun_domain) d, &p->storage[d],
                   labels, nlabels);
  free (labels);
  if (rc != 0)
    {
      trun_job_part_free (p);
      return -1;
    }
  return 0;
}

/* ------------------------------------------------------------------ */

static char *
copy_str (const char *s)
{
  return s ? strdup (s) : NULL;
}

int
trun_job_part_own (struct trun_job_part *p, const struct trun_report *r,
                   int rank, int values)
{
  memset (p, 0, sizeof *p);
  p->ranks = calloc (1, sizeof *p->ranks);
  p->hosts = calloc (1, sizeof *p->hosts);
  if (!p->ranks || !p->hosts)
    goto fail;
  p->nranks = 1;
  p->ranks[0].rank = rank;
  p->ranks[0].host = -1;
  for (int d = 0; d < TRUN_NDOMAIN; d++)
    trun_mtree_init (&p->tree[d], d,
                     r && r->tree[d] ? r->tree[d]->nstat : 0);
  if (!r)
    return 0;
  p->ranks[0].present = 1;
  p->ranks[0].pid = r->info ? r->info->pid : (long) getpid ();
  p->ranks[0].host = 0;
  p->nhosts = 1;
  p->hosts[0].name = copy_str (r->info ? r->info->host : "");
  p->hosts[0].topology_json = copy_str (r->info ? r->info->topology_json
                                                : NULL);
  p->hosts[0].first_rank = rank;
  p->hosts[0].nranks = 1;
  if (!p->hosts[0].name)
    goto fail;
  for (int d = 0; d < TRUN_NDOMAIN; d++)
    if (r->tree[d] && trun_mtree_fold_rank (&p->tree[d], r->tree[d], rank,
                                            values) != 0)
      goto fail;
  return 0;
fail:
  trun_job_part_free (p);
  return -1;
}

/* The index of host NAME in ACC, added when new; -1 when out of memory. */
static int
host_index (struct trun_job_part *acc, const struct trun_host_info *h)
{
  for (int i = 0; i < acc->nhosts; i++)
    if (strcmp (acc->hosts[i].name, h->name) == 0)
      {
        acc->hosts[i].nranks += h->nranks;
        if (!acc->hosts[i].topology_json && h->topology_json)
          acc->hosts[i].topology_json = copy_str (h->topology_json);
        return i;
      }
  struct trun_host_info *v
      = realloc (acc->hosts, ((size_t) acc->nhosts + 1) * sizeof *v);
  if (!v)
    return -1;
  acc->hosts = v;
  struct trun_host_info *n = &v[acc->nhosts];
  n->name = copy_str (h->name);
  n->topology_json = copy_str (h->topology_json);
  n->first_rank = h->first_rank;
  n->nranks = h->nranks;
  if (!n->name)
    return -1;
  return acc->nhosts++;
}

int
trun_job_part_fold (struct trun_job_part *acc, const struct trun_job_part *src)
{
  int *map = calloc ((size_t) src->nhosts + 1, sizeof *map);
  struct trun_rank_info *ranks
      = realloc (acc->ranks,
                 ((size_t) acc->nranks + (size_t) src->nranks + 1)
                     * sizeof *ranks);
  if (!map || !ranks)
    {
      free (map);
      if (ranks)
        acc->ranks = ranks;
      return -1;
    }
  acc->ranks = ranks;
  for (int i = 0; i < src->nhosts; i++)
    if ((map[i] = host_index (acc, &src->hosts[i])) < 0)
      {
        free (map);
        return -1;
      }
  for (int i = 0; i < src->nranks; i++)
    {
      struct trun_rank_info k = src->ranks[i];
      k.host = k.host >= 0 ? map[k.host] : -1;
      acc->ranks[acc->nranks++] = k;
    }
  free (map);
  for (int d = 0; d < TRUN_NDOMAIN; d++)
    {
      const struct trun_mtree *s = &src->tree[d];
      struct trun_mtree *t = &acc->tree[d];
      if (s->nstat > t->nstat)
        {
          /* A component this part has no column for: remake it wider.  */
          struct trun_mtree wider;
          trun_mtree_init (&wider, d, s->nstat);
          if (trun_mtree_fold_job (&wider, t) != 0)
            return -1;
          trun_mtree_free (t);
          trun_mtree_move (t, &wider);
        }
      if (trun_mtree_fold_job (t, s) != 0)
        return -1;
    }
  return 0;
}

void
trun_job_part_free (struct trun_job_part *p)
{
  for (int d = 0; d < TRUN_NDOMAIN; d++)
    {
      trun_mtree_free (&p->tree[d]); /* labels are the core's */
      free (p->storage[d]);
    }
  for (int i = 0; i < p->nhosts; i++)
    {
      free ((char *) p->hosts[i].name);
      free ((char *) p->hosts[i].topology_json);
    }
  free (p->hosts);
  free (p->ranks);
  memset (p, 0, sizeof *p);
}
