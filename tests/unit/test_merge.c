/* tests/unit/test_merge.c -- folding per-thread graphs into one tree
 * (rt/merge.c): same paths add, min/max combine, attach points resolve
 * through any number of threads, recursion merges at every depth; the
 * self rule for threads attached under a node; per-thread shares.  */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include <stdio.h>

#include "core/core.h"

double trun_tick_seconds = 1.0;

void
trun_warn (const char *fmt, ...)
{
  (void) fmt;
}

void
trun_verbose (const char *fmt, ...)
{
  (void) fmt;
}

/* The threads the merge sees: this test's own list.  */
static struct trun_thread *list;
static unsigned nlist;

struct trun_thread *
trun_thread_list (void)
{
  return list;
}

unsigned
trun_thread_count (void)
{
  return nlist;
}

static void
reset (void)
{
  list = NULL;
  nlist = 0;
}

static struct trun_thread *
thread_under (struct trun_node *attach)
{
  struct trun_thread *t = calloc (1, sizeof *t);
  t->index = nlist++;
  trun_dstate_init (t, TRUN_DOMAIN_REGION, attach);
  trun_dstate_init (t, TRUN_DOMAIN_TRACE, NULL);
  t->next = list;
  list = t;
  return t;
}

/* Node at PATH ("a/b/c") under N, made as needed.  */
static struct trun_node *
at (struct trun_thread *t, struct trun_node *n, const char *path)
{
  char buf[256];
  snprintf (buf, sizeof buf, "%s", path);
  for (char *s = strtok (buf, "/"); s; s = strtok (NULL, "/"))
    n = trun_child_lookup (t, n, trun_intern (s));
  return n;
}

static void
record (struct trun_node *n, int times, double v)
{
  for (int i = 0; i < times; i++)
    trun_tstat_add (&n->wall, (uint64_t) v);
}

static struct trun_mnode *
mfind (struct trun_mtree *t, const char *path)
{
  char buf[256];
  snprintf (buf, sizeof buf, "%s", path);
  struct trun_mnode *n = &t->root;
  for (char *s = strtok (buf, "/"); s && n; s = strtok (NULL, "/"))
    {
      struct trun_mnode *c = n->first_child;
      while (c && strcmp (c->label, s) != 0)
        c = c->next_sibling;
      n = c;
    }
  return n;
}

/* Wall-clock count of the merged node at PATH.  */
static uint64_t
wall_count (struct trun_mtree *t, const char *path)
{
  struct trun_mnode *n = mfind (t, path);
  assert_non_null (n);
  return trun_mnode_stat (t, n, TRUN_WALL_CLOCK)->count;
}

static struct trun_node *
root_of (struct trun_thread *t)
{
  return t->dom[TRUN_DOMAIN_REGION].root;
}

static void
test_same_paths_add (void **state)
{
  (void) state;
  reset ();
  struct trun_thread *a = thread_under (NULL), *b = thread_under (NULL);
  record (at (a, root_of (a), "main"), 1, 5.0);
  record (at (a, root_of (a), "main/f"), 3, 1.0);
  record (at (b, root_of (b), "main/f"), 2, 4.0);
  record (at (b, root_of (b), "main/g"), 1, 2.0);
  struct trun_mtree t;
  memset (&t, 0, sizeof t);
  trun_merge_domain (&t, TRUN_DOMAIN_REGION, 0, NULL, NULL);
  struct trun_mnode *f = mfind (&t, "main/f");
  assert_non_null (f);
  assert_int_equal (trun_mnode_stat (&t, f, TRUN_WALL_CLOCK)->count, 5);
  assert_true (trun_mnode_stat (&t, f, TRUN_WALL_CLOCK)->sum == 11.0);
  assert_true (trun_mnode_stat (&t, f, TRUN_WALL_CLOCK)->min == 1.0);
  assert_true (trun_mnode_stat (&t, f, TRUN_WALL_CLOCK)->max == 4.0);
  assert_int_equal (f->depth, 1);
  assert_int_equal (f->nthreads, 2);
  assert_int_equal (f->threads[0], 0);
  assert_int_equal (f->threads[1], 1);
  struct trun_mnode *g = mfind (&t, "main/g");
  assert_non_null (g);
  assert_int_equal (g->nthreads, 1);
  assert_int_equal (g->threads[0], 1);
  assert_ptr_equal (mfind (&t, "main")->first_child, f); /* first seen */
  assert_int_equal (t.nnodes, 3);
  assert_true (t.components == TRUN_WALL_BIT);
  /* Nodes keep the wall clock only; other components read as zero.  */
  assert_int_equal (t.nstat, TRUN_WALL_CLOCK + 1);
  assert_int_equal (trun_mnode_stat (&t, f, TRUN_PEAK_RSS)->count, 0);
  trun_mtree_free (&t);
}

static void
test_attach_points (void **state)
{
  (void) state;
  reset ();
  struct trun_thread *m = thread_under (NULL);
  struct trun_node *fork_a = at (m, root_of (m), "main/a");
  struct trun_node *fork_b = at (m, root_of (m), "main/b");
  record (at (m, root_of (m), "main"), 1, 1.0);
  record (fork_a, 1, 1.0);
  record (fork_b, 1, 1.0);
  /* Worker created at a; later reused at b (a second root).  */
  struct trun_thread *w = thread_under (fork_a);
  record (at (w, root_of (w), "body"), 1, 1.0);
  trun_attach_root (w, TRUN_DOMAIN_REGION, fork_b);
  record (at (w, root_of (w), "body"), 2, 1.0);
  /* A thread made by the worker, attached under the worker's body.  */
  struct trun_node *wb = at (w, root_of (w), "body");
  struct trun_thread *x = thread_under (wb);
  record (at (x, root_of (x), "leaf"), 4, 1.0);
  struct trun_mtree t;
  memset (&t, 0, sizeof t);
  trun_merge_domain (&t, TRUN_DOMAIN_REGION, 0, NULL, NULL);
  assert_int_equal (wall_count (&t, "main/a/body"), 1);
  assert_int_equal (wall_count (&t, "main/b/body"), 2);
  assert_int_equal (wall_count (&t, "main/b/body/leaf"), 4);
  assert_int_equal (mfind (&t, "main/b/body/leaf")->depth, 3);
  assert_null (mfind (&t, "body"));
  assert_null (mfind (&t, "leaf"));
  trun_mtree_free (&t);
}

static void
test_recursion_every_depth (void **state)
{
  (void) state;
  reset ();
  enum { DEPTH = 3000, THREADS = 3 };
  struct trun_thread *m = thread_under (NULL);
  struct trun_node *top = at (m, root_of (m), "main");
  record (top, 1, 1.0);
  for (int k = 0; k < THREADS; k++)
    {
      struct trun_thread *t = thread_under (top);
      struct trun_node *n = root_of (t);
      for (int d = 0; d < DEPTH; d++)
        {
          n = trun_child_lookup (t, n, trun_intern ("fib"));
          record (n, d + 1 + k, 1.0);
        }
    }
  struct trun_mtree t;
  memset (&t, 0, sizeof t);
  trun_merge_domain (&t, TRUN_DOMAIN_REGION, 0, NULL, NULL);
  struct trun_mnode *n = mfind (&t, "main");
  for (int d = 0; d < DEPTH; d++)
    {
      n = n->first_child;
      assert_non_null (n);
      assert_string_equal (n->label, "fib");
      assert_int_equal (n->depth, d + 1);
      /* sum over k of (d + 1 + k) */
      assert_int_equal (trun_mnode_stat (&t, n, TRUN_WALL_CLOCK)->count,
                        THREADS * (d + 1) + 3);
      assert_int_equal (n->nthreads, THREADS);
      assert_null (n->next_sibling);
    }
  assert_null (n->first_child);
  assert_int_equal (t.nnodes, DEPTH + 1);
  trun_mtree_free (&t);
}

static void
test_attach_to_later_thread (void **state)
{
  (void) state;
  reset ();
  /* Thread 0 attaches under a node of thread 1 (nested OpenMP teams can
     do this); resolution must not depend on thread order.  */
  struct trun_thread *early = thread_under (NULL);
  struct trun_thread *late = thread_under (NULL);
  struct trun_node *p = at (late, root_of (late), "outer/inner");
  record (p, 1, 1.0);
  trun_attach_root (early, TRUN_DOMAIN_REGION, p);
  record (at (early, root_of (early), "task"), 2, 1.0);
  struct trun_mtree t;
  memset (&t, 0, sizeof t);
  trun_merge_domain (&t, TRUN_DOMAIN_REGION, 0, NULL, NULL);
  assert_int_equal (wall_count (&t, "outer/inner/task"), 2);
  assert_int_equal (mfind (&t, "outer/inner/task")->threads[0], 0);
  assert_int_equal (wall_count (&t, "outer"), 0);
  assert_int_equal (mfind (&t, "outer")->recorded, 0);
  trun_mtree_free (&t);
}

static void
test_extra_components_and_open (void **state)
{
  (void) state;
  reset ();
  struct trun_thread *a = thread_under (NULL), *b = thread_under (NULL);
  struct trun_node *na = at (a, root_of (a), "r");
  struct trun_node *nb = at (b, root_of (b), "r");
  trun_stat_add (trun_node_xstat (a, na, TRUN_PEAK_RSS), 10.0);
  trun_stat_add (trun_node_xstat (b, nb, TRUN_PEAK_RSS), 30.0);
  record (nb, 1, 2.0);
  na->open_at_finalize = 1;
  nb->open_at_finalize = 2;
  struct trun_mtree t;
  memset (&t, 0, sizeof t);
  trun_merge_domain (&t, TRUN_DOMAIN_REGION, 0, NULL, NULL);
  struct trun_mnode *r = mfind (&t, "r");
  assert_int_equal (trun_mnode_stat (&t, r, TRUN_PEAK_RSS)->count, 2);
  assert_true (trun_mnode_stat (&t, r, TRUN_PEAK_RSS)->max == 30.0);
  assert_true (trun_mnode_stat (&t, r, TRUN_PEAK_RSS)->min == 10.0);
  assert_int_equal (trun_mnode_stat (&t, r, TRUN_WALL_CLOCK)->count, 1);
  assert_int_equal (r->open_at_finalize, 3);
  assert_true (r->recorded == (TRUN_WALL_BIT | (1u << TRUN_PEAK_RSS)));
  assert_true (t.components == r->recorded);
  assert_int_equal (t.nstat, TRUN_PEAK_RSS + 1);
  trun_mtree_free (&t);
}


/* Wall clock of the merged node at PATH.  */
static const struct trun_stat *
wall_of (struct trun_mtree *t, const char *path)
{
  struct trun_mnode *n = mfind (t, path);
  assert_non_null (n);
  return trun_mnode_stat (t, n, TRUN_WALL_CLOCK);
}

static void
merged (struct trun_mtree *t)
{
  memset (t, 0, sizeof *t);
  trun_merge_domain (t, TRUN_DOMAIN_REGION, 0, NULL, NULL);
}

/* An OpenMP fork: the master runs its share of the body as a child of
   the forking node, three workers theirs attached under it.  The
   forking node's child time is the slowest thread's (7), not the sum
   (17): the master's 2 plus the 5 it waited beyond its own share.  */
static void
test_self_team (void **state)
{
  (void) state;
  reset ();
  struct trun_thread *m = thread_under (NULL);
  struct trun_node *kernel = at (m, root_of (m), "main/kernel");
  record (at (m, root_of (m), "main"), 1, 10.0);
  record (kernel, 1, 8.0);
  record (at (m, root_of (m), "main/kernel/body"), 1, 2.0);
  double work[3] = { 3.0, 7.0, 5.0 };
  for (int i = 0; i < 3; i++)
    {
      struct trun_thread *w = thread_under (kernel);
      record (at (w, root_of (w), "body"), 1, work[i]);
    }
  struct trun_mtree t;
  merged (&t);
  const struct trun_stat *k = wall_of (&t, "main/kernel");
  assert_true (k->child == 7.0);
  assert_true (trun_stat_self (k) == 1.0);
  assert_true (wall_of (&t, "main/kernel/body")->sum == 17.0);
  assert_true (trun_stat_self (wall_of (&t, "main")) == 2.0);
  assert_int_equal (mfind (&t, "main/kernel/body")->nthreads, 4);
  trun_mtree_free (&t);
}

/* pthreads: the creator runs none of their work; the longest thread's
   total counts, over every top-level function it ran there (3 + 4 on
   one thread beats 5 on another); and threads that outlast the node
   (more than its time) leave a self of 0, never below.  */
static void
test_self_pthreads (void **state)
{
  (void) state;
  reset ();
  struct trun_thread *m = thread_under (NULL);
  struct trun_node *spawn = at (m, root_of (m), "spawn");
  struct trun_node *late = at (m, root_of (m), "late");
  record (spawn, 1, 10.0);
  record (late, 1, 1.0);
  struct trun_thread *a = thread_under (spawn);
  record (at (a, root_of (a), "x"), 1, 3.0);
  record (at (a, root_of (a), "y"), 1, 4.0);
  struct trun_thread *b = thread_under (spawn);
  record (at (b, root_of (b), "x"), 1, 5.0);
  struct trun_thread *c = thread_under (late);
  record (at (c, root_of (c), "z"), 1, 6.0);
  struct trun_mtree t;
  merged (&t);
  assert_true (wall_of (&t, "spawn")->child == 7.0);
  assert_true (trun_stat_self (wall_of (&t, "spawn")) == 3.0);
  assert_true (trun_stat_self (wall_of (&t, "late")) == 0.0);
  assert_true (trun_stat_self_percent (wall_of (&t, "late")) == 0.0);
  trun_mtree_free (&t);
}

/* Threads that ended first are folded into the retired tree one by
   one; the rule gives the same when that tree is folded in.  */
static void
test_self_retired (void **state)
{
  (void) state;
  reset ();
  struct trun_thread *m = thread_under (NULL);
  struct trun_node *spawn = at (m, root_of (m), "spawn");
  record (spawn, 1, 10.0);
  struct trun_thread *a = thread_under (spawn);
  record (at (a, root_of (a), "work"), 1, 8.0);
  struct trun_thread *b = thread_under (spawn);
  record (at (b, root_of (b), "work"), 2, 3.0);
  struct trun_mtree retired;
  trun_mtree_init (&retired, TRUN_DOMAIN_REGION, 1);
  trun_merge_thread (&retired, a, TRUN_DOMAIN_REGION);
  trun_merge_thread (&retired, b, TRUN_DOMAIN_REGION);
  m->next = NULL; /* a and b ended: only m is live */
  list = m;
  struct trun_mtree t;
  memset (&t, 0, sizeof t);
  trun_merge_domain (&t, TRUN_DOMAIN_REGION, 0, NULL, &retired);
  assert_true (wall_of (&t, "spawn/work")->sum == 14.0);
  assert_true (trun_stat_self (wall_of (&t, "spawn")) == 2.0);
  trun_mtree_free (&t);
  trun_mtree_free (&retired);
}

/* A node that did not record the wall clock: its child's time goes to
   its nearest ancestor that did, whose child it is in the table.  */
static void
test_self_skips_unrecorded (void **state)
{
  (void) state;
  reset ();
  struct trun_thread *m = thread_under (NULL);
  record (at (m, root_of (m), "a"), 1, 10.0);
  at (m, root_of (m), "a/b");
  record (at (m, root_of (m), "a/b/c"), 1, 4.0);
  struct trun_mtree t;
  merged (&t);
  assert_true (trun_stat_self (wall_of (&t, "a")) == 6.0);
  trun_mtree_free (&t);
}

/* TRUN_PER_THREAD: each node keeps each thread's share, its child time
   that thread's own children's.  */
static void
test_per_thread_shares (void **state)
{
  (void) state;
  reset ();
  trun_settings.per_thread = 1;
  struct trun_thread *m = thread_under (NULL);
  struct trun_node *spawn = at (m, root_of (m), "spawn");
  record (spawn, 1, 10.0);
  for (int i = 0; i < 3; i++)
    {
      struct trun_thread *w = thread_under (spawn);
      record (at (w, root_of (w), "work"), i + 1, 2.0);
      record (at (w, root_of (w), "work/leaf"), 1, 1.0);
    }
  struct trun_mtree t;
  merged (&t);
  trun_settings.per_thread = 0;
  struct trun_mnode *work = mfind (&t, "spawn/work");
  unsigned expect = 3;
  for (const struct trun_mthread *e = work->per_thread; e; e = e->next)
    {
      assert_int_equal (e->thread, expect);
      assert_int_equal (e->stat[TRUN_WALL_CLOCK].count, expect);
      assert_true (e->stat[TRUN_WALL_CLOCK].sum == 2.0 * expect);
      assert_true (e->stat[TRUN_WALL_CLOCK].child == 1.0);
      expect--;
    }
  assert_int_equal (expect, 0);
  assert_int_equal (mfind (&t, "spawn")->per_thread->thread, 0);
  assert_null (mfind (&t, "spawn")->per_thread->next);
  trun_mtree_free (&t);
}

int
main (void)
{
  const struct CMUnitTest tests[] = {
    cmocka_unit_test (test_same_paths_add),
    cmocka_unit_test (test_attach_points),
    cmocka_unit_test (test_recursion_every_depth),
    cmocka_unit_test (test_attach_to_later_thread),
    cmocka_unit_test (test_extra_components_and_open),
    cmocka_unit_test (test_self_team),
    cmocka_unit_test (test_self_pthreads),
    cmocka_unit_test (test_self_retired),
    cmocka_unit_test (test_self_skips_unrecorded),
    cmocka_unit_test (test_per_thread_shares),
  };
  return cmocka_run_group_tests (tests, NULL, NULL);
}
