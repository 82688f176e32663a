/* tests/unit/test_report_text.c -- the table writer against golden files:
 * the seed's two peak_rss tables rebuilt from hand-made merged trees must
 * come out byte for byte; plus trace titles, rank prefixes, units,
 * precision and width settings, skipped nodes.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/core.h"
#include "report/writers.h"

struct trun_settings trun_settings;

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

#define MB 1048576.0

static struct trun_settings
seed_settings (void)
{
  struct trun_settings s;
  memset (&s, 0, sizeof s);
  s.precision = 3;
  s.width = 6;
  strcpy (s.memory_units, "MB");
  s.memory_scale = MB;
  strcpy (s.timing_units, "sec");
  s.timing_scale = 1.0;
  return s;
}

/* ------------------------------------------------------------------ */
/* Building merged trees by hand                                      */

struct builder
{
  struct trun_mtree *t;
  struct trun_mnode *stack[64]; /* last node seen at each depth */
};

static struct trun_mtree *
tree_new (void)
{
  struct trun_mtree *t = calloc (1, sizeof *t);
  t->root.depth = -1;
  t->nstat = TRUN_NCOMP; /* a test may narrow it before adding nodes */
  return t;
}

/* A child of the last node at DEPTH - 1 (the root for depth 0).  */
static struct trun_mnode *
add_node (struct builder *b, int depth, const char *label)
{
  struct trun_mnode *parent = depth == 0 ? &b->t->root : b->stack[depth - 1];
  struct trun_mnode *n = calloc (1, sizeof *n);
  n->stat = calloc (b->t->nstat ? b->t->nstat : 1, sizeof *n->stat);
  n->label = label;
  n->depth = depth;
  n->parent = parent;
  if (parent->last_child)
    parent->last_child->next_sibling = n;
  else
    parent->first_child = n;
  parent->last_child = n;
  b->stack[depth] = n;
  b->t->nnodes++;
  return n;
}

/* COUNT values of COMP: one of FIRST and the rest zero.  */
static void
record (struct trun_mtree *t, struct trun_mnode *n, int comp, uint64_t count,
        double first)
{
  assert_true ((unsigned) comp < t->nstat);
  for (uint64_t i = 0; i < count; i++)
    trun_stat_add (&n->stat[comp], i == 0 ? first : 0.0);
  n->recorded |= (trun_mask_t) 1 << comp;
  t->components |= (trun_mask_t) 1 << comp;
}

static const struct trun_mnode *
preorder_next (const struct trun_mnode *n, const struct trun_mnode *root)
{
  if (n->first_child)
    return n->first_child;
  for (; n && n != root; n = n->parent)
    if (n->next_sibling)
      return n->next_sibling;
  return NULL;
}

/* What the runtime does at exit: each node's child = sum of children.  */
static void
fill_child_sums (struct trun_mtree *t, int comp)
{
  for (const struct trun_mnode *n = preorder_next (&t->root, &t->root); n;
       n = preorder_next (n, &t->root))
    if (n->parent != &t->root)
      ((struct trun_mnode *) n->parent)->stat[comp].child += n->stat[comp].sum;
}

struct seed_row
{
  int depth;
  const char *label;
  uint64_t count;
};

/* The tree of ROWS; FIRST_MB[i] is the one non-zero value (MB) of row
   i.  Nodes are never freed: each test is a short-lived process.  */
static struct trun_mtree *
build_rows (const struct seed_row *rows, size_t n, const double *first_mb)
{
  struct trun_mtree *t = tree_new ();
  struct builder b = { t, { 0 } };
  for (size_t i = 0; i < n; i++)
    {
      struct trun_mnode *node = add_node (&b, rows[i].depth, rows[i].label);
      record (t, node, TRUN_PEAK_RSS, rows[i].count, first_mb[i] * MB);
    }
  fill_child_sums (t, TRUN_PEAK_RSS);
  return t;
}

/* noinline: GCC 12 warns wrongly about open_memstream's buffer once
   this is inlined.  */
static __attribute__ ((noinline)) char *
render (const struct trun_mtree *t, int comp, int trace, int rank,
        const struct trun_settings *s)
{
  char *buf = NULL;
  size_t len = 0;
  FILE *f = open_memstream (&buf, &len);
  trun_report_table (f, t, comp, trace, rank, s);
  fclose (f);
  return buf;
}

static char *
read_golden (const char *name)
{
  const char *top = getenv ("TRUN_TOP_SRCDIR");
  char path[4096];
  snprintf (path, sizeof path, "%s/tests/unit/golden/%s", top ? top : ".",
            name);
  FILE *f = fopen (path, "r");
  if (!f)
    fail_msg ("cannot open golden file %s", path);
  char *buf = NULL;
  size_t len = 0;
  FILE *m = open_memstream (&buf, &len);
  int ch;
  while ((ch = getc (f)) != EOF)
    putc (ch, m);
  fclose (f);
  fclose (m);
  return buf;
}

/* Compare line by line so a failure names the first differing line.  */
static void
assert_same_text (const char *expected, const char *actual)
{
  int line = 1;
  const char *e = expected, *a = actual;
  while (*e && *a)
    {
      const char *ee = strchr (e, '\n'), *ae = strchr (a, '\n');
      size_t el = ee ? (size_t) (ee - e) : strlen (e);
      size_t al = ae ? (size_t) (ae - a) : strlen (a);
      if (el != al || memcmp (e, a, el) != 0)
        fail_msg ("line %d differs:\nexpected: %.*s\nactual:   %.*s", line,
                  (int) el, e, (int) al, a);
      e += el + (ee != NULL);
      a += al + (ae != NULL);
      line++;
    }
  assert_string_equal (expected, actual);
}

/* ------------------------------------------------------------------ */
/* The seed's trace-mode table                                        */

static const struct seed_row trace_rows[] = {
  { 0, "./13_trace.inst", 1 },        { 1, "generation-region", 1 },
  { 1, "thread-region", 1 },          { 2, "thread-parallel-region", 10 },
  { 3, "fibonacci", 10 },             { 1, "mpi-region", 1 },
  { 2, "fibonacci", 20 },
};
static const double trace_first[] = { 0.604, 0, 0.604, 0.400, 0, 0, 0 };

static void
test_seed_trace_table (void **state)
{
  (void) state;
  struct trun_settings s = seed_settings ();
  struct trun_mtree *t = build_rows (trace_rows, 7, trace_first);
  char *out = render (t, TRUN_PEAK_RSS, 0, -1, &s);
  char *golden = read_golden ("seed-trace-peak_rss.txt");
  assert_same_text (golden, out);
  free (out);
  free (golden);
}

/* ------------------------------------------------------------------ */
/* The seed's region-mode table: 64 rows, separators, wide labels     */

static const struct seed_row region_rows[] = {
  { 0, "./13_region.inst", 1 },
  { 1, "generation-region", 1 },
  { 1, "thread-region", 1 },
  { 2, "thread-parallel-region", 10 },
  { 3, "fibonacci", 10 },
  { 4, "fibonacci", 10 },
  { 5, "impl_fibonacci", 25 },
  { 6, "impl_fibonacci", 40 },
  { 7, "impl_fibonacci", 50 },
  { 8, "impl_fibonacci", 42 },
  { 9, "impl_fibonacci", 35 },
  { 10, "impl_fibonacci", 16 },
  { 11, "impl_fibonacci", 10 },
  { 12, "impl_fibonacci", 2 },
  { 13, "impl_fibonacci", 1 },
  { 1, "mpi-region", 1 },
  { 2, "fibonacci", 20 },
  { 3, "fibonacci", 20 },
  { 4, "impl_fibonacci", 100 },
  { 5, "impl_fibonacci", 330 },
  { 6, "impl_fibonacci", 825 },
  { 7, "impl_fibonacci", 1584 },
  { 8, "impl_fibonacci", 2640 },
  { 9, "impl_fibonacci", 3432 },
  { 10, "impl_fibonacci", 4290 },
  { 11, "impl_fibonacci", 4004 },
  { 12, "impl_fibonacci", 4004 },
  { 13, "impl_fibonacci", 2730 },
  { 14, "impl_fibonacci", 2275 },
  { 15, "impl_fibonacci", 1120 },
  { 16, "impl_fibonacci", 800 },
  { 17, "impl_fibonacci", 272 },
  { 18, "impl_fibonacci", 170 },
  { 19, "impl_fibonacci", 36 },
  { 20, "impl_fibonacci", 20 },
  { 21, "impl_fibonacci", 2 },
  { 22, "impl_fibonacci", 1 },
  { 2, "allreduce", 1 },
  { 2, "impl_fibonacci", 12 },
  { 3, "impl_fibonacci", 78 },
  { 4, "impl_fibonacci", 286 },
  { 5, "impl_fibonacci", 1001 },
  { 6, "impl_fibonacci", 2002 },
  { 7, "impl_fibonacci", 5005 },
  { 8, "impl_fibonacci", 6435 },
  { 9, "impl_fibonacci", 12870 },
  { 10, "impl_fibonacci", 11440 },
  { 11, "impl_fibonacci", 19448 },
  { 12, "impl_fibonacci", 12376 },
  { 13, "impl_fibonacci", 18564 },
  { 14, "impl_fibonacci", 8568 },
  { 15, "impl_fibonacci", 11628 },
  { 16, "impl_fibonacci", 3876 },
  { 17, "impl_fibonacci", 4845 },
  { 18, "impl_fibonacci", 1140 },
  { 19, "impl_fibonacci", 1330 },
  { 20, "impl_fibonacci", 210 },
  { 21, "impl_fibonacci", 231 },
  { 22, "impl_fibonacci", 22 },
  { 23, "impl_fibonacci", 23 },
  { 24, "impl_fibonacci", 1 },
  { 25, "impl_fibonacci", 1 },
  { 2, "scatter_gather", 10 },
  { 3, "create_rand_nums", 10 },
};
#define NREGION (sizeof region_rows / sizeof region_rows[0])

static void
test_seed_region_table (void **state)
{
  (void) state;
  double first[NREGION] = { 0 };
  first[0] = first[2] = 0.748;
  for (int i = 3; i <= 7; i++)
    first[i] = 0.096;
  struct trun_settings s = seed_settings ();
  struct trun_mtree *t = build_rows (region_rows, NREGION, first);
  char *out = render (t, TRUN_PEAK_RSS, 0, -1, &s);
  char *golden = read_golden ("seed-region-peak_rss.txt");
  assert_same_text (golden, out);
  free (out);
  free (golden);
}

/* ------------------------------------------------------------------ */
/* Variants                                                           */

static void
test_trace_title_and_rank_prefix (void **state)
{
  (void) state;
  struct trun_settings s = seed_settings ();
  struct trun_mtree *t = build_rows (trace_rows, 7, trace_first);
  char *out = render (t, TRUN_PEAK_RSS, 1, 3, &s);
  assert_non_null (strstr (out, "[TRACE] MEASURES CHANGES IN THE HIGH-WATER"));
  assert_non_null (strstr (out, "\n| |3>>> ./13_trace.inst "));
  assert_non_null (strstr (out, "\n| |3>>>   |_thread-parallel-region |"));
  /* Every line has the same width.  */
  size_t width = strchr (out, '\n') - out;
  for (char *p = out; *p; p = strchr (p, '\n') + 1)
    assert_int_equal (width, (size_t) (strchr (p, '\n') - p));
  free (out);
}

static void
test_nodes_without_data_are_skipped (void **state)
{
  (void) state;
  struct trun_settings s = seed_settings ();
  struct trun_mtree *t = tree_new ();
  struct builder b = { t, { 0 } };
  struct trun_mnode *main_node = add_node (&b, 0, "main");
  struct trun_mnode *quiet = add_node (&b, 1, "quiet");
  struct trun_mnode *busy = add_node (&b, 2, "busy");
  record (t, main_node, TRUN_WALL_CLOCK, 1, 2.0);
  record (t, busy, TRUN_WALL_CLOCK, 4, 1.0);
  record (t, quiet, TRUN_PEAK_RSS, 1, 0.0);
  char *out = render (t, TRUN_WALL_CLOCK, 0, -1, &s);
  assert_null (strstr (out, "quiet"));
  /* A component's table is its own tree (as in timemory): the parent
     that did not record it is not a level, so busy is at depth 1.  */
  assert_non_null (strstr (out, "| >>> |_busy "));
  assert_non_null (strstr (out, "|      4 |      1 | wall "));
  assert_non_null (strstr (out, "REAL-CLOCK TIMER (I.E. WALL-CLOCK TIMER)"));
  assert_non_null (strstr (out, "| wall   | sec    |"));
  free (out);
  /* A component nobody recorded prints nothing.  */
  out = render (t, TRUN_CPU_CLOCK, 0, -1, &s);
  assert_string_equal (out, "");
  free (out);
  /* Nor one beyond the stats a tree keeps (nodes hold wall clock only). */
  struct trun_mtree *w = tree_new ();
  w->nstat = TRUN_WALL_CLOCK + 1;
  struct builder wb = { w, { 0 } };
  record (w, add_node (&wb, 0, "main"), TRUN_WALL_CLOCK, 1, 2.0);
  out = render (w, TRUN_PEAK_RSS, 0, -1, &s);
  assert_string_equal (out, "");
  free (out);
  out = render (w, TRUN_WALL_CLOCK, 0, -1, &s);
  assert_non_null (strstr (out, "|      1 |      0 | wall "));
  free (out);
}

static void
test_units_precision_width (void **state)
{
  (void) state;
  struct trun_settings s = seed_settings ();
  s.precision = 1;
  s.width = 10;
  strcpy (s.timing_units, "msec");
  s.timing_scale = 1e-3;
  struct trun_mtree *t = tree_new ();
  struct builder b = { t, { 0 } };
  struct trun_mnode *n = add_node (&b, 0, "main");
  trun_stat_add (&n->stat[TRUN_WALL_CLOCK], 0.25);
  trun_stat_add (&n->stat[TRUN_WALL_CLOCK], 0.75);
  char *out = render (t, TRUN_WALL_CLOCK, 0, -1, &s);
  /* sum 1000 msec, mean 500, min 250, max 750, stddev 353.6 */
  assert_non_null (strstr (out, "| wall       | msec       |     1000.0 |      "
                                "500.0 |      250.0 |      750.0 |      353.6 "
                                "|      100.0 |"));
  assert_non_null (strstr (out, "|   COUNT    |   DEPTH    | METRIC     | "
                                "UNITS      |    SUM     | MEAN       |"));
  free (out);
}

static void
test_separator_every_ten_rows (void **state)
{
  (void) state;
  struct trun_settings s = seed_settings ();
  for (int nrows = 9; nrows <= 21; nrows++)
    {
      struct trun_mtree *t = tree_new ();
      struct builder b = { t, { 0 } };
      static const char *names[] = { "a", "b", "c", "d", "e", "f", "g",
                                     "h", "i", "j", "k", "l", "m", "n",
                                     "o", "p", "q", "r", "s", "t", "u" };
      for (int i = 0; i < nrows; i++)
        record (t, add_node (&b, 0, names[i]), TRUN_TRIP_COUNT, 1, 1.0);
      char *out = render (t, TRUN_TRIP_COUNT, 0, -1, &s);
      int separators = 0, lines = 0;
      for (char *p = out; *p; p = strchr (p, '\n') + 1, lines++)
        if (strncmp (p, "|------|", 8) == 0 || strncmp (p, "|-------|", 9) == 0)
          separators++;
      /* header rule + one per full ten rows that has more rows after it */
      assert_int_equal (separators, 1 + (nrows - 1) / 10);
      assert_int_equal (lines, 6 + nrows + (nrows - 1) / 10);
      free (out);
    }
}

/* A recursion 5000 deep: every row printed, the DEPTH column exact, the
   indentation capped so the table stays linear in size.  */
static void
test_deep_recursion (void **state)
{
  (void) state;
  struct trun_settings s = seed_settings ();
  struct trun_mtree *t = tree_new ();
  struct trun_mnode *n = &t->root;
  for (int d = 0; d < 5000; d++)
    {
      struct trun_mnode *c = calloc (1, sizeof *c);
      c->stat = calloc (t->nstat, sizeof *c->stat);
      c->label = "fib";
      c->depth = d;
      c->parent = n;
      n->first_child = n->last_child = c;
      trun_stat_add (&c->stat[TRUN_WALL_CLOCK], 1e-6);
      n = c;
    }
  char *out = render (t, TRUN_WALL_CLOCK, 0, -1, &s);
  size_t width = (size_t) (strchr (out, '\n') - out);
  assert_true (width < 400);
  int rows = 0;
  for (char *p = out; *p; p = strchr (p, '\n') + 1)
    {
      assert_int_equal ((size_t) (strchr (p, '\n') - p), width);
      rows += strncmp (p, "| >>> ", 6) == 0;
    }
  assert_int_equal (rows, 5000);
  assert_non_null (strstr (out, "|   4999 | wall   |"));
  /* Below the cap, two spaces per level as usual.  */
  assert_non_null (strstr (out, "| >>>     |_fib "));
  free (out);
}


/* The width pass measures each cell without formatting it: a measure
   off by one byte would cut a cell or pad it with one space too many.
   One-row tables of values at the edges of the integer formatting (near
   ties, a carry into a new digit, -0, huge and tiny values, precision 0
   and 9, scientific) must show exactly what printf gives, padded by one
   space each side; labels the same (escapes, the cut, the mark).  */
static void
test_measured_widths_exact (void **state)
{
  (void) state;
  static const double values[] = { 0.0005, 0.00049, 9.9996, 999.9995,
                                   -0.0, -1.25, 1e-12, 123456789.4,
                                   999999999.9996, 1e9, 2.5e15, 0.125,
                                   99999.99999, 1e-120, -2e-120 };
  static const int precs[] = { 0, 1, 3, 9 };
  for (int sci = 0; sci < 2; sci++)
    for (size_t pi = 0; pi < sizeof precs / sizeof precs[0]; pi++)
      for (size_t vi = 0; vi < sizeof values / sizeof values[0]; vi++)
        {
          struct trun_settings s = seed_settings ();
          s.precision = precs[pi];
          s.scientific = sci;
          s.width = 1;
          struct trun_mtree *t = tree_new ();
          struct builder b = { t, { 0 } };
          struct trun_mnode *n = add_node (&b, 0, "m");
          record (t, n, TRUN_WALL_CLOCK, 1, values[vi]);
          char *out = render (t, TRUN_WALL_CLOCK, 0, -1, &s);
          /* The MIN and MAX cells (the sum of -0 is 0): right-aligned, at
             least as wide as their headers.  */
          double v = n->stat[TRUN_WALL_CLOCK].min;
          char text[64], want[128];
          if (sci)
            snprintf (text, sizeof text, "%.*e", precs[pi], v);
          else
            snprintf (text, sizeof text, "%.*f", precs[pi], v);
          snprintf (want, sizeof want, "| %*s | %*s |", 3, text, 3, text);
          if (!strstr (out, want))
            fail_msg ("%s not in:\n%s", want, out);
          free (out);
        }
  /* All of them in one table: the column as wide as the widest text.  */
  for (int sci = 0; sci < 2; sci++)
    {
      struct trun_settings s = seed_settings ();
      s.scientific = sci;
      s.width = 1;
      struct trun_mtree *t = tree_new ();
      struct builder b = { t, { 0 } };
      const size_t nv = sizeof values / sizeof values[0];
      char text[sizeof values / sizeof values[0]][64];
      int widest = 3; /* "MIN" */
      for (size_t vi = 0; vi < nv; vi++)
        {
          static const char *names[] = { "a", "b", "c", "d", "e", "f", "g",
                                         "h", "i", "j", "k", "l", "m",
                                         "n", "o" };
          struct trun_mnode *n = add_node (&b, 0, names[vi]);
          record (t, n, TRUN_WALL_CLOCK, 1, values[vi]);
          double v = n->stat[TRUN_WALL_CLOCK].min;
          int len = sci ? snprintf (text[vi], sizeof text[vi], "%.*e", 3, v)
                        : snprintf (text[vi], sizeof text[vi], "%.*f", 3, v);
          if (len > widest)
            widest = len;
        }
      char *out = render (t, TRUN_WALL_CLOCK, 0, -1, &s);
      for (size_t vi = 0; vi < nv; vi++)
        {
          char want[160];
          snprintf (want, sizeof want, "| %*s | %*s |", widest, text[vi],
                    widest, text[vi]);
          if (!strstr (out, want))
            fail_msg ("%s not in:\n%s", want, out);
        }
      free (out);
    }
  static const struct
  {
    const char *label;
    int depth, throttled;
    const char *shown;
  } labels[] = {
    { "a|b", 0, 0, "| >>> a\\|b |" },
    { "tab\there", 0, 0, "| >>> tab\\x09here |" },
    { "\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9", 0, 0, "| >>> \xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9... |" },
    { "child", 1, 1, "| >>> |_child [throttled] |" },
    { "abcdefghijklmnop", 2, 1, "| >>>   |_abcde... [throttled] |" },
  };
  for (size_t i = 0; i < sizeof labels / sizeof labels[0]; i++)
    {
      struct trun_settings s = seed_settings ();
      s.max_width = 20;
      struct trun_mtree *t = tree_new ();
      struct builder b = { t, { 0 } };
      struct trun_mnode *n = NULL;
      for (int d = 0; d <= labels[i].depth; d++)
        {
          n = add_node (&b, d, d == labels[i].depth ? labels[i].label : "up");
          record (t, n, TRUN_WALL_CLOCK, 1, 1.0);
        }
      n->throttled = labels[i].throttled;
      char *out = render (t, TRUN_WALL_CLOCK, 0, -1, &s);
      if (!strstr (out, labels[i].shown))
        fail_msg ("%s not in:\n%s", labels[i].shown, out);
      free (out);
    }
}

int
main (void)
{
  const struct CMUnitTest tests[] = {
    cmocka_unit_test (test_seed_trace_table),
    cmocka_unit_test (test_seed_region_table),
    cmocka_unit_test (test_trace_title_and_rank_prefix),
    cmocka_unit_test (test_nodes_without_data_are_skipped),
    cmocka_unit_test (test_units_precision_width),
    cmocka_unit_test (test_separator_every_ten_rows),
    cmocka_unit_test (test_deep_recursion),
    cmocka_unit_test (test_measured_widths_exact),
  };
  return cmocka_run_group_tests (tests, NULL, NULL);
}
