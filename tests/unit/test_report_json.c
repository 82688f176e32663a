/* tests/unit/test_report_json.c -- the JSON document (parsed back with
 * python3's json module and checked field by field), string escaping,
 * the coverage report (text and JSON, deduplication), and the topology
 * summary against hwloc's own command-line tools.
 */
#define _GNU_SOURCE /* sched_getcpu */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "config.h"

#include <math.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

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

#define BIT(c) ((trun_mask_t) 1 << (c))

/* ------------------------------------------------------------------ */
/* Helpers                                                            */

/* Nodes hold T->nstat stats (set before the first node), as merged
   ones do.  */
static struct trun_mnode *
add_child (struct trun_mtree *t, struct trun_mnode *parent, const char *label)
{
  struct trun_mnode *n = calloc (1, sizeof *n);
  n->stat = calloc (t->nstat ? t->nstat : 1, sizeof *n->stat);
  n->label = label;
  n->depth = parent->depth + 1;
  n->parent = parent;
  if (parent->last_child)
    parent->last_child->next_sibling = n;
  else
    parent->first_child = n;
  parent->last_child = n;
  t->nnodes++;
  return n;
}

static void
record (struct trun_mtree *t, struct trun_mnode *n, int comp, double v)
{
  assert_true ((unsigned) comp < t->nstat);
  trun_stat_add (&n->stat[comp], v);
  n->recorded |= BIT (comp);
  t->components |= BIT (comp);
  if (n->parent && n->parent->depth >= 0)
    n->parent->stat[comp].child += v;
}

static struct trun_settings
settings (void)
{
  struct trun_settings s;
  memset (&s, 0, sizeof s);
  s.output_path = "out \"dir\"";
  s.cout_output = s.text_output = s.json_output = s.file_output = 1;
  s.precision = 3;
  s.width = 6;
  strcpy (s.memory_units, "KB");
  s.memory_scale = 1024;
  strcpy (s.timing_units, "msec");
  s.timing_scale = 1e-3;
  s.components = BIT (TRUN_WALL_CLOCK) | BIT (TRUN_PEAK_RSS);
  s.trace_components = BIT (TRUN_WALL_CLOCK);
  s.max_depth = 1000;
  s.enabled = 1;
  s.throttle_count = 10000;
  s.throttle_value = 10e-6;
  return s;
}

/* Write with WRITER into a temporary file; returns its path.  */
static char *
temp_path (void)
{
  static char path[64];
  snprintf (path, sizeof path, "/tmp/trun-unit-json-XXXXXX");
  int fd = mkstemp (path);
  assert_true (fd >= 0);
  close (fd);
  return path;
}

/* Run python3 on PATH with the checks in SCRIPT (argv[1] = the file);
   the script raises on a failed check.  */
static void
python_checks (const char *path, const char *script)
{
  char cmd[16384];
  char *dst = cmd;
  dst += snprintf (cmd, sizeof cmd, "python3 -c '");
  for (const char *p = script; *p; p++)
    {
      assert_true ((size_t) (dst - cmd) < sizeof cmd - 8);
      if (*p == '\'')
        dst += sprintf (dst, "'\\''");
      else
        *dst++ = *p;
    }
  snprintf (dst, sizeof cmd - (size_t) (dst - cmd), "' '%s'", path);
  int rc = system (cmd);
  if (rc != 0)
    {
      char show[4200];
      snprintf (show, sizeof show, "cat '%s' >&2", path);
      if (system (show) != 0)
        fprintf (stderr, "(could not show %s)\n", path);
    }
  assert_int_equal (rc, 0);
}

/* ------------------------------------------------------------------ */
/* The main JSON document                                             */

/* Python: RAW is the document as written, D the same with its nodes in
   the long form (tools/trun-json.py).  */
#define LOAD_LONG                                                            \
  "import json, sys, math, os, importlib.util\n"                             \
  "spec = importlib.util.spec_from_file_location('tj', "                     \
  "os.environ.get('TRUN_TOP_SRCDIR', '.') + '/tools/trun-json.py')\n"        \
  "tj = importlib.util.module_from_spec(spec); spec.loader.exec_module(tj)\n" \
  "raw = json.load(open(sys.argv[1], encoding='utf-8'))\n"                   \
  "d = tj.expand(raw)\n"

static const char tree_checks[] =
  LOAD_LONG
  "assert d['trun_schema_version'] == 2\n"
  "rn = raw['region']['nodes']\n"
  "assert all('id' not in x and 'depth' not in x and 'path' not in x for x in rn)\n"
  "assert [x['p'] for x in rn] == [-1, 0, 1, 0]\n"
  "assert raw['region']['stats'] == ['count', 'sum', 'min', 'max', 'stddev', 'self']\n"
  "assert raw['region']['components'][0] == {'name': 'wall_clock', 'label': 'wall', 'units': 'msec'}\n"
  "assert 'o' not in rn[0] and 'thr' not in rn[0] and 'u' not in rn[0]\n"
  "assert rn[1]['o'] == 1 and rn[1]['thr'] is True and rn[1]['u'] == 77\n"
  "assert rn[3]['s'] == [None, None]\n"
  "m = d['metadata']\n"
  "assert m['command_line'] == './prog --name=\"x y\" \\\\path', m['command_line']\n"
  "assert m['pid'] == 4242 and m['host'] == 'node-1' and m['rank'] == -1\n"
  "assert m['start_time'] == 1700000000.5 and m['end_time'] == 1700000002.25\n"
  "assert m['settings']['output_path'] == 'out \"dir\"'\n"
  "assert m['settings']['components'] == ['wall_clock', 'peak_rss']\n"
  "assert m['settings']['trace_components'] == ['wall_clock']\n"
  "assert m['settings']['timing_units'] == 'msec'\n"
  "assert m['node_memory'] == {'bytes': 123456, 'nodes': 5}\n"
  "assert m['topology'] == {'packages': 1, 'cores': 4}\n"
  "t = m['threads']\n"
  "assert [x['index'] for x in t] == [0, 1] and t[1]['parent'] == 0\n"
  "assert t[1]['pu'] == 3 and t[1]['numa'] == 0 and t[1]['moved'] is None\n"
  "assert t[0]['moved'] is False and t[0]['tid'] == 4242\n"
  "r = d['region']\n"
  "assert r['components'] == ['wall_clock', 'peak_rss']\n"
  "n = r['nodes']\n"
  "assert [x['label'] for x in n] == ['main', 'a \"quoted\" \\\\ name\\n\\ttab\\x01', 'leaf', 'second'], [x['label'] for x in n]\n"
  "assert [x['id'] for x in n] == [0, 1, 2, 3]\n"
  "assert [x['parent'] for x in n] == [-1, 0, 1, 0]\n"
  "assert [x['depth'] for x in n] == [0, 1, 2, 1]\n"
  "assert n[2]['path'] == ['main', n[1]['label'], 'leaf']\n"
  "w = n[0]['components']['wall_clock']\n"
  "assert w['label'] == 'wall' and w['units'] == 'msec' and w['count'] == 2\n"
  "assert abs(w['sum'] - 3000) < 1e-6 and abs(w['min'] - 1000) < 1e-6 and abs(w['max'] - 2000) < 1e-6\n"
  "assert abs(w['mean'] - 1500) < 1e-6 and abs(w['stddev'] - math.sqrt(500000)) < 1e-6\n"
  "assert abs(w['self'] - 2500) < 1e-6 and abs(w['self_percent'] - 250/3) < 1e-6\n"
  "p = n[0]['components']['peak_rss']\n"
  "assert p['units'] == 'KB' and abs(p['sum'] - 2) < 1e-9\n"
  "assert 'peak_rss' not in n[1]['components']\n"
  "assert n[1]['threads'] == [0, 1] and n[1]['open_at_finalize'] == 1\n"
  "assert n[1]['throttled'] is True and n[1]['unmeasured'] == 77\n"
  "assert n[3]['label'] == 'second' and n[3]['components'] == {}\n"
  "tr = d['trace']\n"
  "assert [x['label'] for x in tr['nodes']] == ['\\u00e9t\\u00e9 \\ufffd ok']\n"
  "assert tr['nodes'][0]['components']['wall_clock']['count'] == 1\n";

static void
test_json_document (void **state)
{
  (void) state;
  struct trun_settings s = settings ();
  struct trun_mtree region, trace;
  memset (&region, 0, sizeof region);
  memset (&trace, 0, sizeof trace);
  region.root.depth = trace.root.depth = -1;
  trace.domain = TRUN_DOMAIN_TRACE;
  /* Only what each tree records: the writer must not read past.  */
  region.nstat = TRUN_PEAK_RSS + 1;
  trace.nstat = TRUN_WALL_CLOCK + 1;

  struct trun_mnode *main_node = add_child (&region, &region.root, "main");
  struct trun_mnode *odd = add_child (&region, main_node,
                                      "a \"quoted\" \\ name\n\ttab\x01");
  struct trun_mnode *leaf = add_child (&region, odd, "leaf");
  add_child (&region, main_node, "second");
  record (&region, main_node, TRUN_WALL_CLOCK, 1.0);
  record (&region, main_node, TRUN_WALL_CLOCK, 2.0);
  record (&region, main_node, TRUN_PEAK_RSS, 2048.0);
  record (&region, odd, TRUN_WALL_CLOCK, 0.5);
  record (&region, leaf, TRUN_WALL_CLOCK, 0.25);
  static unsigned odd_threads[] = { 0, 1 };
  odd->threads = odd_threads;
  odd->nthreads = 2;
  odd->open_at_finalize = 1;
  odd->throttled = 1;
  odd->unmeasured = 77;

  /* "été", an invalid byte, "ok".  */
  struct trun_mnode *t0 = add_child (&trace, &trace.root,
                                     "\xc3\xa9t\xc3\xa9 \xff ok");
  record (&trace, t0, TRUN_WALL_CLOCK, 0.001);

  struct trun_thread_info threads[2] = {
    { 0, 4242, 0, 1, 0, 0 },
    { 1, 4243, 0, 3, 0, -1 },
  };
  struct trun_run_info info;
  memset (&info, 0, sizeof info);
  info.command_line = "./prog --name=\"x y\" \\path";
  info.pid = 4242;
  strcpy (info.host, "node-1");
  info.start_time = 1700000000.5;
  info.end_time = 1700000002.25;
  info.rank = -1;
  info.node_bytes = 123456;
  info.nodes = 5;
  info.nthreads = 2;
  info.threads = threads;
  info.topology_json = "{\"packages\": 1, \"cores\": 4}";

  char *path = temp_path ();
  FILE *f = fopen (path, "w");
  trun_report_json (f, &region, &trace, &info, &s);
  fclose (f);
  python_checks (path, tree_checks);
  unlink (path);
}

/* A recursion 5000 deep: flat node list, paths cut at depth 128,
   parents still link every node.  */
static void
test_json_deep_tree (void **state)
{
  (void) state;
  struct trun_settings s = settings ();
  struct trun_mtree region;
  memset (&region, 0, sizeof region);
  region.root.depth = -1;
  region.nstat = TRUN_WALL_CLOCK + 1;
  struct trun_mnode *n = &region.root;
  for (int i = 0; i < 5000; i++)
    {
      n = add_child (&region, n, "fib");
      record (&region, n, TRUN_WALL_CLOCK, 1e-6);
    }
  char *path = temp_path ();
  FILE *f = fopen (path, "w");
  trun_report_json (f, &region, NULL, NULL, &s);
  fclose (f);
  python_checks (path,
                 LOAD_LONG
                 "n = d['region']['nodes']\n"
                 "assert len(n) == 5000 and d['trace'] is None\n"
                 "assert all(x['parent'] == x['id'] - 1 for x in n)\n"
                 "assert all(x['depth'] == x['id'] for x in n)\n"
                 "assert n[127]['path'] == ['fib'] * 128\n"
                 "assert n[128]['path'] is None\n");
  unlink (path);
}

/* ------------------------------------------------------------------ */
/* Coverage                                                           */

static struct trun_desc range_a[] = {
  { 1, 0, 1, "main", "main", "a.c", 10, TRUN_KIND_FUNCTION },
  { 1, 0, 0, "helper", "helper", "a.c", 20, TRUN_KIND_FUNCTION },
  { 1, 0, 5, "main._omp_fn.0", "main._omp_fn.0", "a.c", 12,
    TRUN_KIND_OMP_PARALLEL },
  { 1, 0, 0, "shared_inline", "shared_inline", "a.c", 5, TRUN_KIND_FUNCTION },
  { 1, 0, 3, "b_func", "b_func", "b.c", 7, TRUN_KIND_FUNCTION },
  { 1, 0, 4, "\"region\"", "\"region\"", "b.c", 9, TRUN_KIND_REGION },
};
/* Another DSO's copy of the same inline function.  */
static struct trun_desc range_b[] = {
  { 1, 0, 2, "shared_inline", "shared_inline", "a.c", 5, TRUN_KIND_FUNCTION },
};

static void
coverage_ranges (struct trun_desc_range *r)
{
  r[0].begin = range_a;
  r[0].end = range_a + 6;
  r[1].begin = range_b;
  r[1].end = range_b + 1;
  /* The first range registered again: must not count twice.  */
  r[2] = r[0];
}

static void
test_coverage_text (void **state)
{
  (void) state;
  struct trun_desc_range r[3];
  coverage_ranges (r);
  char *buf = NULL;
  size_t len = 0;
  FILE *f = open_memstream (&buf, &len);
  trun_report_coverage_text (f, r, 3);
  fclose (f);
  assert_non_null (strstr (buf, "CODE COVERAGE: 3 OF 4 FUNCTIONS RAN (75.0%)"));
  assert_non_null (strstr (buf, "| a.c "));
  assert_non_null (strstr (buf, "| b.c "));
  assert_null (strstr (buf, "_omp_fn"));
  assert_null (strstr (buf, "region"));
  /* a.c: 2 of 3, in line order; calls of the two inline copies add.  */
  char *a = strstr (buf, "| a.c ");
  assert_non_null (strstr (a, "2/3"));
  assert_non_null (strstr (a, "66.7"));
  char *inl = strstr (buf, "|_shared_inline");
  char *mainf = strstr (buf, "|_main");
  char *helper = strstr (buf, "|_helper");
  assert_true (inl && mainf && helper && inl < mainf && mainf < helper);
  assert_non_null (strstr (inl, "| yes   |            2 |"));
  assert_non_null (strstr (mainf, "| yes   |            1 |"));
  assert_non_null (strstr (helper, "| no    |            0 |"));
  assert_non_null (strstr (buf, "| TOTAL"));
  free (buf);
}

static void
test_coverage_json (void **state)
{
  (void) state;
  struct trun_desc_range r[3];
  coverage_ranges (r);
  struct trun_run_info info;
  memset (&info, 0, sizeof info);
  info.command_line = "./cov";
  info.pid = 7;
  info.rank = -1;
  char *path = temp_path ();
  FILE *f = fopen (path, "w");
  trun_report_coverage_json (f, r, 3, &info);
  fclose (f);
  python_checks (path,
                 "import json, sys\n"
                 "d = json.load(open(sys.argv[1]))\n"
                 "assert d['metadata']['command_line'] == './cov'\n"
                 "c = d['coverage']\n"
                 "assert c['functions'] == 4 and c['covered'] == 3 and c['percent'] == 75\n"
                 "f = c['files']\n"
                 "assert [x['file'] for x in f] == ['a.c', 'b.c']\n"
                 "assert f[0]['functions'] == 3 and f[0]['covered'] == 2\n"
                 "assert abs(f[0]['percent'] - 200/3) < 1e-9\n"
                 "l = f[0]['list']\n"
                 "assert [x['name'] for x in l] == ['shared_inline', 'main', 'helper']\n"
                 "assert [x['calls'] for x in l] == [2, 1, 0]\n"
                 "assert [x['ran'] for x in l] == [True, True, False]\n"
                 "assert [x['line'] for x in l] == [5, 10, 20]\n"
                 "assert f[1]['list'][0]['calls'] == 3 and f[1]['percent'] == 100\n");
  unlink (path);

  /* No descriptors at all: still a valid document.  */
  path = temp_path ();
  f = fopen (path, "w");
  trun_report_coverage_json (f, NULL, 0, &info);
  fclose (f);
  python_checks (path,
                 "import json, sys\n"
                 "d = json.load(open(sys.argv[1]))\n"
                 "assert d['coverage']['functions'] == 0 and d['coverage']['files'] == []\n");
  unlink (path);
}

/* ------------------------------------------------------------------ */
/* Topology                                                           */

/* hwloc-calc's count of TYPE on this machine, or -1.  */
static int
hwloc_count (const char *type)
{
  char cmd[128];
  snprintf (cmd, sizeof cmd, "hwloc-calc -N %s all 2>/dev/null", type);
  FILE *p = popen (cmd, "r");
  if (!p)
    return -1;
  int n = -1;
  if (fscanf (p, "%d", &n) != 1)
    n = -1;
  pclose (p);
  return n;
}

/* Size in bytes of the first cache of TYPE as lstopo prints it
   ("L2 L#0 (1024KB)"); 0 when lstopo is missing.  */
static unsigned long long
lstopo_cache_size (const char *type)
{
  char cmd[128];
  snprintf (cmd, sizeof cmd, "lstopo-no-graphics --only %s 2>/dev/null", type);
  FILE *p = popen (cmd, "r");
  if (!p)
    return 0;
  char line[256] = "";
  unsigned long long size = 0;
  if (fgets (line, sizeof line, p))
    {
      char *open_paren = strchr (line, '(');
      char unit[3] = "";
      if (open_paren && sscanf (open_paren, "(%llu%2[KMG]B)", &size, unit) == 2)
        size <<= unit[0] == 'K' ? 10 : unit[0] == 'M' ? 20 : 30;
    }
  pclose (p);
  return size;
}

static void
test_topology (void **state)
{
  (void) state;
  int pu, numa;
  /* The default source, sysfs (a zeroed trun_settings), needs no
     hwloc: its answers are checked against hwloc's tools when they are
     installed.  */
  trun_topology_where (sched_getcpu (), &pu, &numa);
  const char *line = trun_topology_line ();
  const char *json = trun_topology_json ();
  assert_non_null (line);
  assert_non_null (json);
  assert_true (pu >= 0 && pu < sysconf (_SC_NPROCESSORS_CONF));
  assert_true (numa >= 0);
  int expect[4] = { hwloc_count ("package"), hwloc_count ("core"),
                    hwloc_count ("pu"), hwloc_count ("numanode") };
  if (expect[2] < 0)
    {
      /* hwloc's tools are not installed: compare with the kernel.  */
      assert_non_null (strstr (line, "PU"));
      return;
    }
  char text[256];
  snprintf (text, sizeof text,
            "topology: %d package%s, %d core%s, %d PU%s, %d NUMA node%s",
            expect[0], expect[0] == 1 ? "" : "s", expect[1],
            expect[1] == 1 ? "" : "s", expect[2], expect[2] == 1 ? "" : "s",
            expect[3], expect[3] == 1 ? "" : "s");
  assert_true (strncmp (line, text, strlen (text)) == 0);
  /* The JSON object parses and agrees with the line.  */
  char *path = temp_path ();
  FILE *f = fopen (path, "w");
  fputs (json, f);
  fclose (f);
  char script[1024];
  snprintf (script, sizeof script,
            "import json, sys\n"
            "t = json.load(open(sys.argv[1]))\n"
            "assert [t['packages'], t['cores'], t['pus'], t['numa_nodes']] == [%d, %d, %d, %d], t\n"
            "assert all(c['size'] > 0 and c['count'] > 0 for c in t['caches'].values())\n",
            expect[0], expect[1], expect[2], expect[3]);
  python_checks (path, script);
  unlink (path);
  /* Each cache level: the count hwloc-calc gives and the size lstopo
     prints for the first one.  */
  static const char *const kinds[][2] = {
    { "l1dcache", "L1d" }, { "l1icache", "L1i" }, { "l2cache", "L2" },
    { "l3cache", "L3" },
  };
  for (size_t k = 0; k < sizeof kinds / sizeof kinds[0]; k++)
    {
      int count = hwloc_count (kinds[k][0]);
      if (count <= 0)
        continue;
      unsigned long long size = lstopo_cache_size (kinds[k][0]);
      char want[128];
      snprintf (want, sizeof want, "\"%s\": {\"size\": %llu, \"count\": %d}",
                kinds[k][1], size, count);
      if (!strstr (json, want))
        fail_msg ("%s not in %s", want, json);
    }
}

/* ------------------------------------------------------------------ */
/* Numbers                                                            */

/* What trun_json_format_number must give: an integer below 10^15 in
   full, any other finite value as "%.12g", null for the rest.  */
static void
expect_number (double v)
{
  char want[64], got[TRUN_JSON_NUMBER_MAX + 1];
  if (v != v || v - v != 0)
    strcpy (want, "null");
  else if (v == 0)
    strcpy (want, "0");
  else if ((v < 0 ? -v : v) < 1e15 && v == (double) (long long) v)
    snprintf (want, sizeof want, "%lld", (long long) v);
  else
    snprintf (want, sizeof want, "%.12g", v);
  memset (got, 'X', sizeof got);
  size_t n = trun_json_format_number (got, v);
  got[n] = '\0';
  if (strcmp (got, want) != 0)
    fail_msg ("%a: \"%s\", not \"%s\"", v, got, want);
}

/* Every notation and digit count of the formatter, each sign, the
   powers of ten and their neighbours, near ties of the 12th digit, and
   random magnitudes from 1e-35 to 1e35.  */
static void
test_json_numbers (void **state)
{
  (void) state;
  static const double fixed[] = {
    0.5, 1.5, 0.1, 0.25, 1e-5, 9.99999999999e-5, 1e-4, 0.000123456789012,
    0.001, 0.0123, 123456.789, 1234567890.12, 99999999999.95, 1e11,
    123456789012.5, 1e12, 1.5e12, 1e15, 1e15 + 2, 1e16, 1e-300, 1e300,
    2.5e-31, 1e31, 12.0, 1e14, 999999999999999.0, 0.30000000000000004,
    1.33904753815e-06, 0.000982676131108, 2.7523807861e-07,
  };
  for (size_t i = 0; i < sizeof fixed / sizeof fixed[0]; i++)
    {
      expect_number (fixed[i]);
      expect_number (-fixed[i]);
    }
  expect_number (0.0);
  expect_number (-0.0);
  expect_number (INFINITY);
  expect_number (NAN);
  for (int e = -34; e <= 34; e++)
    {
      char t[16];
      snprintf (t, sizeof t, "1e%d", e);
      double p = strtod (t, NULL);
      expect_number (p);
      expect_number (nextafter (p, 0));
      expect_number (nextafter (p, INFINITY));
      expect_number (p * 1.0000000000005);
      expect_number (-p * 7.77777777777749);
    }
  uint64_t x = 88172645463325252ull; /* xorshift64 */
  for (int i = 0; i < 200000; i++)
    {
      x ^= x << 13;
      x ^= x >> 7;
      x ^= x << 17;
      double m = (double) (x >> 11) / 9007199254740992.0; /* [0, 1) */
      int e = (int) (x % 71) - 35;
      char t[16];
      snprintf (t, sizeof t, "1e%d", e);
      double v = (m + 0.1) * strtod (t, NULL);
      expect_number (i & 1 ? -v : v);
      if (i % 16 == 0)
        expect_number ((double) (long long) (v * 1e3) * (i & 2 ? -1 : 1));
    }
}

/* trun_digits_at: every length of a uint64_t.  */
static void
test_digits_at (void **state)
{
  (void) state;
  uint64_t v = 1;
  for (int len = 1; len <= 20; len++, v *= 10)
    for (int k = -1; k <= 1; k++)
      {
        uint64_t u = len == 1 && k < 0 ? 0 : v + (uint64_t) k;
        char want[32], got[32];
        snprintf (want, sizeof want, "%llu", (unsigned long long) u);
        memset (got, 'X', sizeof got);
        char *end = trun_digits_at (got, u);
        *end = '\0';
        assert_string_equal (got, want);
      }
  char got[32];
  *trun_digits_at (got, UINT64_MAX) = '\0';
  assert_string_equal (got, "18446744073709551615");
}

int
main (void)
{
  const struct CMUnitTest tests[] = {
    cmocka_unit_test (test_json_document),
    cmocka_unit_test (test_json_deep_tree),
    cmocka_unit_test (test_json_numbers),
    cmocka_unit_test (test_digits_at),
    cmocka_unit_test (test_coverage_text),
    cmocka_unit_test (test_coverage_json),
    cmocka_unit_test (test_topology),
  };
  return cmocka_run_group_tests (tests, NULL, NULL);
}
