/* rt/core/mtree.h -- what the core hands to the layers above: statistics,
 * merged trees (core/merge.c, core/stat.c) and descriptor ranges.  At finalize the core
 * folds every thread's graph of a domain into one struct trun_mtree; an
 * MPI job folds the ranks' trees the same way.  The report layer reads
 * only these (never core/core.h).
 */
#ifndef TRUN_RT_CORE_MTREE_H
#define TRUN_RT_CORE_MTREE_H

#include <stddef.h>
#include <stdint.h>

#include "components/components.h"
#include "trun/abi.h"

/* Descriptors registered by one instrumented object (core/descs.c).  */
struct trun_desc_range
{
  struct trun_desc *begin, *end;
  int retired; /* a heap copy: the object was unloaded */
};

/* ------------------------------------------------------------------ */
/* Statistics kept per node per component                             */

struct trun_stat
{
  uint64_t count;
  double sum;   /* in the component's base unit (wall: see below) */
  double sumsq;
  double min;
  double max;
  double child; /* what the node's self value leaves out: its children's
                   values on its own threads and, for the wall clock, the
                   wait for other threads' subtrees attached under it
                   (trun_mtree_finish); self = sum - child */
};

/* Fold one value into S.  */
static inline void
trun_stat_add (struct trun_stat *s, double v)
{
  if (s->count == 0 || v < s->min)
    s->min = v;
  if (s->count == 0 || v > s->max)
    s->max = v;
  s->count++;
  s->sum += v;
  s->sumsq += v * v;
}

/* Fold B into A (merge of threads/ranks).  */
TRUN_HIDDEN void trun_stat_merge (struct trun_stat *a, const struct trun_stat *b);
TRUN_HIDDEN double trun_stat_mean (const struct trun_stat *s);
TRUN_HIDDEN double trun_stat_stddev (const struct trun_stat *s);
/* The node's self (exclusive) value: SUM less CHILD, never below 0 nor
   (a positive SUM) above SUM.  Every writer's self value is this one.  */
TRUN_HIDDEN double trun_stat_self (const struct trun_stat *s);
/* 0..100: share of SUM not spent in children (trun_stat_self).  */
TRUN_HIDDEN double trun_stat_self_percent (const struct trun_stat *s);

/* ------------------------------------------------------------------ */
/* Merged trees: what reports read                                    */

enum trun_domain
{
  TRUN_DOMAIN_REGION = 0,
  TRUN_DOMAIN_TRACE = 1,
  TRUN_NDOMAIN
};

/* One thread's share of a merged node (TRUN_PER_THREAD): that thread's
   statistics of the tree's nstat components, CHILD being its own
   children's on that thread only.  */
struct trun_mthread
{
  struct trun_mthread *next; /* descending thread index */
  unsigned thread;
  struct trun_stat *stat;
};

struct mattach; /* core/merge.c's: other threads' subtrees under a node */

struct trun_mnode
{
  const char *label;
  int depth; /* root's children are depth 0 */
  struct trun_mnode *parent;
  struct trun_mnode *first_child, *last_child, *next_sibling; /* first-seen order */
  trun_mask_t recorded;      /* components with count > 0 */
  /* The tree's nstat components, in base units (NULL when nstat is 0
     or for the virtual root).  Read through trun_mnode_stat ().  */
  struct trun_stat *stat;
  uint64_t open_at_finalize; /* frames closed by finalize, not by an end */
  uint64_t unmeasured;       /* calls not measured (in flight at a
                                throttle, or filtered while entered): each
                                thread's at their call path, plus those
                                that had no node at its busiest node */
  int throttled;             /* the function was throttled */
  unsigned nthreads;         /* threads that contributed ... */
  unsigned *threads;         /* ... their trun thread indices, ascending */
  struct trun_mthread *per_thread; /* TRUN_PER_THREAD: each thread's share */
  struct mattach *attach;    /* the merge's own (core/merge.c) */
  struct trun_mjob *job;     /* job trees (merged across MPI ranks), else NULL */
};

/* One rank's total of one component at a job node (kept with
   TRUN_MPI_RANK_VALUES): what `per_rank' lists.  */
struct trun_mrank_value
{
  int rank;
  unsigned comp;
  uint64_t count;
  double sum;
};

/* A run of ranks FIRST..LAST.  */
struct trun_rank_run
{
  int first, last;
};

/* A component at a job node across the ranks that recorded it, each
   rank's total (its stat's sum) one sample.  Summaries of two sets of
   ranks fold exactly, so the ranks' trees can be merged pairwise up a
   reduction tree.  */
struct trun_across
{
  uint64_t count;  /* calls, summed over ranks */
  unsigned nranks; /* ranks that recorded it */
  double sum, sumsq;
  double min, max;
  int min_rank, max_rank;
};

/* What a job tree keeps per node besides the stats folded over ranks.  */
struct trun_mjob
{
  struct trun_across *across; /* the tree's nstat components */
  unsigned nruns;             /* ranks that have the node, ascending */
  struct trun_rank_run *runs;
  unsigned nvalues;           /* per rank and component, ascending rank */
  struct trun_mrank_value *values;
};

struct trun_mtree
{
  enum trun_domain domain;
  struct trun_mnode root; /* virtual: label NULL, depth -1 */
  trun_mask_t components; /* union of what any node recorded */
  size_t nnodes;
  /* Highest component a node may hold, plus one; fixed before the first
     node is made.  Nodes keep only this many stats: most trees record
     one or two components of TRUN_NCOMP.  */
  unsigned nstat;
  /* The merge's own: (parent, label) -> node, and the blocks nodes come
     from (core/merge.c).  */
  struct mtable *index;
  struct mblock *blocks;
  char *bump, *bump_end;
  int small_blocks; /* a tree that grows slowly (retired threads) */
  int per_thread;   /* nodes keep each thread's share (TRUN_PER_THREAD) */
  /* Calls on new call paths that TRUN_MAX_NODES folded into their
     nearest recorded caller (all threads).  */
  uint64_t folded_calls;
};

/* All-zero stat standing in for components a tree does not keep.  */
TRUN_HIDDEN extern const struct trun_stat trun_stat_zero;

/* Node N's stat for COMP; the zero stat when T keeps no such column.  */
static inline const struct trun_stat *
trun_mnode_stat (const struct trun_mtree *t, const struct trun_mnode *n,
                 int comp)
{
  if (comp < 0 || (unsigned) comp >= t->nstat || !n->stat)
    return &trun_stat_zero;
  return &n->stat[comp];
}

/* Pre-order successor of N below ROOT, or NULL after the last node.
   Iterative: trees can be 100 000 levels deep.  */
static inline struct trun_mnode *
trun_mnode_next (const struct trun_mnode *n, const struct trun_mnode *root)
{
  if (n->first_child)
    return n->first_child;
  while (n && n != root)
    {
      if (n->next_sibling)
        return n->next_sibling;
      n = n->parent;
    }
  return NULL;
}

/* The self rule, once a process's tree is complete (trun_merge_domain
   calls it): a node's wall-clock CHILD gains, beyond its children on
   its own threads, the longest time any one other thread spent in the
   subtrees attached under it, less the node's own threads' share of
   those subtrees (an OpenMP master's body); and a node that did not
   record a component hands its CHILD to its nearest ancestor that did,
   whose child it is in that component's tree.  */
TRUN_HIDDEN void trun_mtree_finish (struct trun_mtree *t);

/* Free what T's nodes hold and T's blocks; T is left empty.  */
TRUN_HIDDEN void trun_mtree_free (struct trun_mtree *t);

/* DST becomes SRC (a struct copy would leave the top level pointing at
   SRC's root); SRC is left empty.  */
TRUN_HIDDEN void trun_mtree_move (struct trun_mtree *dst,
                                  struct trun_mtree *src);
/* Make T an empty tree of domain D whose nodes keep NSTAT stats.  */
TRUN_HIDDEN void trun_mtree_init (struct trun_mtree *t, int d, unsigned nstat);
/* Highest set bit of MASK plus one: the stats a node needs for MASK.  */
TRUN_HIDDEN unsigned trun_mask_span (trun_mask_t mask);
/* Fold rank RANK's tree SRC into JOB by call path: labels must be the
   core's interned names (trun_intern_name), compared by address.  Each
   node of JOB gains RANK's totals as one sample of its across-ranks
   summary, and with VALUES also as a per-rank value.  Returns 0, or -1
   when out of memory.  */
TRUN_HIDDEN int trun_mtree_fold_rank (struct trun_mtree *job,
                                      const struct trun_mtree *src, int rank,
                                      int values);
/* Fold job tree SRC (other ranks, all above JOB's) into job tree JOB:
   statistics, across-ranks summaries, rank runs and per-rank values.
   Returns 0, or -1 when out of memory.  */
TRUN_HIDDEN int trun_mtree_fold_job (struct trun_mtree *job,
                                     const struct trun_mtree *src);
/* Add the across-ranks sample V (rank RANK, COUNT calls) to X.  */
TRUN_HIDDEN void trun_across_add (struct trun_across *x, double v,
                                  uint64_t count, int rank);
/* Fold summary B into A.  */
TRUN_HIDDEN void trun_across_merge (struct trun_across *a,
                                    const struct trun_across *b);
/* A job node's part for T (made on first use); NULL when out of memory.  */
TRUN_HIDDEN struct trun_mjob *trun_mnode_job (const struct trun_mtree *t,
                                              struct trun_mnode *n);

#endif /* TRUN_RT_CORE_MTREE_H */
