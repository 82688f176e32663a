/* tests/unit/test_graph.c -- call-graph nodes, child lookup, lazily
 * added component stats, name ids and frame stacks (rt/graph.c,
 * rt/intern.c).  */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include <stdio.h>

#include "core/core.h"

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

static struct trun_thread *
new_thread (void)
{
  struct trun_thread *t = calloc (1, sizeof *t);
  trun_ccache_init (t);
  trun_dstate_init (t, TRUN_DOMAIN_REGION, NULL);
  trun_dstate_init (t, TRUN_DOMAIN_TRACE, NULL);
  return t;
}

static void
test_intern_ids (void **state)
{
  (void) state;
  uint32_t a = trun_intern ("alpha");
  uint32_t b = trun_intern ("beta");
  char copy[] = "alpha";
  assert_int_not_equal (a, 0);
  assert_int_not_equal (a, b);
  assert_int_equal (trun_intern (copy), a); /* same text, same id */
  assert_string_equal (trun_intern_name (a), "alpha");
  assert_int_equal (trun_intern_find ("beta"), b);
  assert_int_equal (trun_intern_find ("never-seen"), 0);
  /* Many names force the table to grow; ids stay stable.  */
  char name[32];
  for (int i = 0; i < 20000; i++)
    {
      snprintf (name, sizeof name, "n%d", i);
      trun_intern (name);
    }
  assert_int_equal (trun_intern ("alpha"), a);
  assert_string_equal (trun_intern_name (trun_intern_find ("n12345")),
                       "n12345");
  assert_int_equal (trun_intern_first_warning (a, 0), 1);
  assert_int_equal (trun_intern_first_warning (a, 0), 0);
  assert_int_equal (trun_intern_first_warning (a, 1), 1);
}

static void
test_child_lookup (void **state)
{
  (void) state;
  struct trun_thread *t = new_thread ();
  struct trun_node *root = t->dom[TRUN_DOMAIN_REGION].root;
  uint32_t f = trun_intern ("f"), g = trun_intern ("g");
  struct trun_node *nf = trun_child_lookup (t, root, f);
  struct trun_node *ng = trun_child_lookup (t, root, g);
  assert_ptr_not_equal (nf, ng);
  assert_ptr_equal (trun_child_lookup (t, root, f), nf);
  assert_ptr_equal (nf->parent, root);
  /* Same id under another parent is another node (recursion nests).  */
  struct trun_node *ff = trun_child_lookup (t, nf, f);
  assert_ptr_not_equal (ff, nf);
  assert_ptr_equal (ff->parent, nf);
  assert_ptr_equal (trun_child_lookup (t, nf, f), ff);
  /* Children keep first-seen order.  */
  assert_ptr_equal (root->first_child, nf);
  assert_ptr_equal (nf->next_sibling, ng);
  assert_null (ng->next_sibling);
  assert_int_equal (t->nodes, 2 + 3); /* two roots + three nodes */
}

static void
test_many_children (void **state)
{
  (void) state;
  struct trun_thread *t = new_thread ();
  struct trun_node *root = t->dom[TRUN_DOMAIN_TRACE].root;
  enum { N = 50000 };
  static struct trun_node *made[N];
  char name[32];
  for (int i = 0; i < N; i++)
    {
      snprintf (name, sizeof name, "c%d", i);
      made[i] = trun_child_lookup (t, root, trun_intern (name));
    }
  for (int i = 0; i < N; i += 7)
    {
      snprintf (name, sizeof name, "c%d", i);
      assert_ptr_equal (trun_child_lookup (t, root, trun_intern (name)),
                        made[i]);
    }
  int count = 0;
  for (struct trun_node *n = root->first_child; n; n = n->next_sibling)
    assert_ptr_equal (n, made[count++]);
  assert_int_equal (count, N);
  /* At most 128 bytes per node with wall_clock, table included.  */
  assert_true (t->node_bytes <= (size_t) 128 * t->nodes);
}

/* The child cache: a slot holds one node, checked against its own
   parent and id, so two children (or two parents) sharing a slot
   evict each other and never return the other's node.  */
static void
test_child_cache (void **state)
{
  (void) state;
  struct trun_thread *t = new_thread ();
  struct trun_node *root = t->dom[TRUN_DOMAIN_TRACE].root;
  uint32_t a = trun_intern ("cache-a"), b = 0;
  char name[32];
  for (int i = 0; !b; i++)
    {
      snprintf (name, sizeof name, "cache-b%d", i);
      uint32_t id = trun_intern (name);
      if (trun_ccache_slot (root, id) == trun_ccache_slot (root, a))
        b = id;
    }
  assert_null (trun_ccache_get (t, root, a));
  struct trun_node *na = trun_child_lookup_cached (t, root, a);
  assert_ptr_equal (trun_ccache_get (t, root, a), na);
  struct trun_node *nb = trun_child_lookup_cached (t, root, b);
  assert_ptr_not_equal (na, nb);
  assert_ptr_equal (trun_ccache_get (t, root, b), nb);
  assert_null (trun_ccache_get (t, root, a)); /* evicted, not wrong */
  assert_ptr_equal (trun_child_lookup_cached (t, root, a), na);
  assert_ptr_equal (trun_ccache_get (t, root, a), na);
  /* The same id under another parent sharing the slot.  */
  struct trun_node *other = NULL;
  for (int i = 0; !other; i++)
    {
      snprintf (name, sizeof name, "cache-p%d", i);
      struct trun_node *p = trun_child_lookup (t, root, trun_intern (name));
      if (trun_ccache_slot (p, a) == trun_ccache_slot (root, a))
        other = p;
    }
  assert_null (trun_ccache_get (t, other, a));
  struct trun_node *oa = trun_child_lookup_cached (t, other, a);
  assert_ptr_equal (oa->parent, other);
  assert_ptr_equal (trun_ccache_get (t, other, a), oa);
  assert_null (trun_ccache_get (t, root, a));
  /* Eight children of one parent, in turn: all cached at once (their
     slots differ here; a collision would only cost a lookup).  */
  struct trun_node *kid[8];
  for (int k = 0; k < 8; k++)
    {
      snprintf (name, sizeof name, "kid%d", k);
      kid[k] = trun_child_lookup_cached (t, na, trun_intern (name));
    }
  int cached = 0;
  for (int k = 0; k < 8; k++)
    cached += trun_ccache_get (t, na, kid[k]->id) == kid[k];
  assert_true (cached >= 7);
}

/* A chain of one name, each node the child of the last (a recursion,
   as fib's): the cache holds the whole chain at once, since the slots
   of nodes made one after another differ.  */
static void
test_child_cache_chain (void **state)
{
  (void) state;
  struct trun_thread *t = new_thread ();
  uint32_t id = trun_intern ("chain");
  enum { DEPTH = 64 };
  struct trun_node *parent[DEPTH], *n = t->dom[TRUN_DOMAIN_TRACE].root;
  for (int i = 0; i < DEPTH; i++)
    {
      parent[i] = n;
      n = trun_child_lookup_cached (t, n, id);
      assert_ptr_equal (n->parent, parent[i]);
    }
  int cached = 0;
  for (int i = 0; i < DEPTH; i++)
    {
      struct trun_node *c = trun_ccache_get (t, parent[i], id);
      assert_true (c == NULL || (c->parent == parent[i] && c->id == id));
      cached += c != NULL;
    }
  assert_int_equal (cached, DEPTH);
  /* Ids whose low bits agree, under one parent, are cached at once.  */
  struct trun_node *p = parent[DEPTH / 2], *c[4];
  for (uint32_t k = 0; k < 4; k++)
    c[k] = trun_child_lookup_cached (t, p, id + k * 2048);
  for (uint32_t k = 0; k < 4; k++)
    assert_ptr_equal (trun_ccache_get (t, p, id + k * 2048), c[k]);
}

/* A node's wall clock: exact integer count, sum, min, max and the
   128-bit sum of squares, from the first value on (no count test).  */
static void
test_tstat (void **state)
{
  (void) state;
  struct trun_thread *t = new_thread ();
  struct trun_node *n
      = trun_child_lookup (t, t->dom[0].root, trun_intern ("timed"));
  assert_int_equal (n->wall.count, 0);
  trun_tstat_add (&n->wall, 5);
  assert_int_equal (n->wall.min, 5);
  assert_int_equal (n->wall.max, 5);
  trun_tstat_add (&n->wall, 3);
  trun_tstat_add (&n->wall, 9);
  assert_int_equal (n->wall.count, 3);
  assert_int_equal (n->wall.sum, 17);
  assert_int_equal (n->wall.min, 3);
  assert_int_equal (n->wall.max, 9);
  assert_int_equal (n->wall.sumsq_lo, 25 + 9 + 81);
  assert_int_equal (n->wall.sumsq_hi, 0);
  /* The first value 0 is the minimum; squares carry into the high
     word.  */
  struct trun_tstat s = TRUN_TSTAT_EMPTY;
  trun_tstat_add (&s, 0);
  assert_int_equal (s.min, 0);
  trun_tstat_add (&s, (uint64_t) 1 << 40);
  trun_tstat_add (&s, (uint64_t) 1 << 40);
  assert_int_equal (s.min, 0);
  assert_int_equal (s.max, (uint64_t) 1 << 40);
  assert_int_equal (s.sumsq_lo, 0);
  assert_int_equal (s.sumsq_hi, (uint64_t) 1 << 17); /* 2 * 2^80 */
  trun_tstat_add (&s, UINT64_MAX);
  assert_int_equal (s.max, UINT64_MAX);
  /* (2^64 - 1)^2 = 2^128 - 2^65 + 1  */
  assert_int_equal (s.sumsq_lo, 1);
  assert_int_equal (s.sumsq_hi, ((uint64_t) 1 << 17) - 2);
}

static void
test_xstat_lazy (void **state)
{
  (void) state;
  struct trun_thread *t = new_thread ();
  struct trun_node *n
      = trun_child_lookup (t, t->dom[0].root, trun_intern ("x"));
  assert_null (n->extra);
  size_t before = t->node_bytes;
  struct trun_stat *s = trun_node_xstat (t, n, TRUN_PEAK_RSS);
  assert_non_null (s);
  assert_int_equal (s->count, 0);
  trun_stat_add (s, 2.0);
  assert_ptr_equal (trun_node_xstat (t, n, TRUN_PEAK_RSS), s);
  struct trun_stat *c = trun_node_xstat (t, n, TRUN_CPU_CLOCK);
  assert_ptr_not_equal (c, s);
  assert_int_equal (trun_node_xstat (t, n, TRUN_PEAK_RSS)->count, 1);
  assert_true (t->node_bytes - before <= 2 * 128);
}

static void
test_frame_stack_grows (void **state)
{
  (void) state;
  struct trun_thread *t = new_thread ();
  struct trun_dstate *ds = &t->dom[0];
  for (uint32_t i = 0; i < 100000; i++)
    {
      if (ds->depth + 2 >= ds->cap)
        {
          trun_dstate_grow (ds);
          trun_dstate_refresh_limit (ds);
        }
      ds->frames[++ds->depth].id = i + 1;
      assert_true (ds->fast_limit < ds->cap);
    }
  assert_true (ds->cap >= 100001);
  assert_int_equal (ds->frames[1].id, 1);
  assert_int_equal (ds->frames[100000].id, 100000);
  assert_ptr_equal (ds->frames[0].cur, ds->root);
}

static void
test_arena_blocks (void **state)
{
  (void) state;
  struct trun_thread *t = new_thread ();
  char *a = trun_arena_alloc (t, 24);
  char *b = trun_arena_alloc (t, 24);
  assert_true (b - a >= 24);
  assert_int_equal (((uintptr_t) a) % 8, 0);
  char *big = trun_arena_alloc (t, 1 << 20); /* larger than a chunk */
  memset (big, 1, 1 << 20);
  char *after = trun_arena_alloc (t, 8);
  assert_int_equal (after[0], 0); /* zeroed */
}

int
main (void)
{
  const struct CMUnitTest tests[] = {
    cmocka_unit_test (test_intern_ids),
    cmocka_unit_test (test_child_lookup),
    cmocka_unit_test (test_many_children),
    cmocka_unit_test (test_child_cache),
    cmocka_unit_test (test_child_cache_chain),
    cmocka_unit_test (test_tstat),
    cmocka_unit_test (test_xstat_lazy),
    cmocka_unit_test (test_frame_stack_grows),
    cmocka_unit_test (test_arena_blocks),
  };
  return cmocka_run_group_tests (tests, NULL, NULL);
}
