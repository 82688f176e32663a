/* tests/unit/test_report_job.c -- the report layer end to end: an MPI
 * job's parts made from the ranks' trees, sent through the codec, folded
 * in the reduction tree's order and written by the same writers as a
 * process (mpi.json valid for labels with invalid UTF-8, control bytes,
 * quotes and "|"; the statistics across ranks), and the output module
 * (files complete, never through a planted link or FIFO, never over
 * another run's report).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <unistd.h>

#include "core/core.h"
#include "mpi/mpip.h"
#include "report/writers.h"

/* A label as merged trees hold it: the core's interned copy.  */
static const char *
label (const char *s)
{
  return trun_intern_name (trun_intern (s));
}

static struct trun_mtree *
tree_new (void)
{
  struct trun_mtree *t = calloc (1, sizeof *t);
  t->root.depth = -1;
  t->nstat = TRUN_WALL_CLOCK + 1;
  return t;
}

static struct trun_mnode *
add (struct trun_mtree *t, struct trun_mnode *parent, const char *name,
     uint64_t count, double sum)
{
  struct trun_mnode *n = calloc (1, sizeof *n);
  n->stat = calloc (t->nstat, sizeof *n->stat);
  n->label = label (name);
  n->parent = parent ? parent : &t->root;
  n->depth = n->parent->depth + 1;
  if (n->parent->last_child)
    n->parent->last_child->next_sibling = n;
  else
    n->parent->first_child = n;
  n->parent->last_child = n;
  for (uint64_t i = 0; i < count; i++)
    trun_stat_add (&n->stat[TRUN_WALL_CLOCK], i ? 0.0 : sum);
  n->recorded = TRUN_WALL_BIT;
  t->components |= TRUN_WALL_BIT;
  t->nnodes++;
  return n;
}

static struct trun_settings
settings (void)
{
  struct trun_settings s;
  memset (&s, 0, sizeof s);
  s.precision = 3;
  s.width = 6;
  strcpy (s.memory_units, "MB");
  s.memory_scale = 1048576.0;
  strcpy (s.timing_units, "sec");
  s.timing_scale = 1.0;
  s.text_output = s.json_output = s.file_output = 1;
  return s;
}

static char *
scratch_dir (void)
{
  char tmpl[] = "/tmp/trun-unit-XXXXXX";
  char *d = mkdtemp (tmpl);
  assert_non_null (d);
  return strdup (d);
}

static int
run_python (const char *dir, const char *script)
{
  char path[4096], cmd[8192];
  snprintf (path, sizeof path, "%s/check.py", dir);
  FILE *f = fopen (path, "w");
  assert_non_null (f);
  fputs (script, f);
  fclose (f);
  snprintf (cmd, sizeof cmd, "cd '%s' && python3 check.py", dir);
  return system (cmd);
}

#define WEIRD "bad\xff\xfe \x01" "ctl \"q\"\n|fake"

/* Rank RANK's part of a job from tree T, as mpi.c makes it.  */
static void
own_part (struct trun_job_part *p, struct trun_mtree *t, int rank,
          const char *host)
{
  static struct trun_mtree empty;
  empty.root.depth = -1;
  struct trun_run_info info;
  memset (&info, 0, sizeof info);
  info.pid = 100 + rank;
  snprintf (info.host, sizeof info.host, "%s", host);
  info.topology_json = rank == 0 ? "{\"pus\": 2}" : NULL;
  struct trun_report r;
  memset (&r, 0, sizeof r);
  r.tree[TRUN_DOMAIN_REGION] = t;
  r.tree[TRUN_DOMAIN_TRACE] = &empty;
  r.info = &info;
  assert_int_equal (trun_job_part_own (p, &r, rank, 1), 0);
}

/* SRC through the codec (as MPI moves it), folded into ACC.  */
static void
send_and_fold (struct trun_job_part *acc, struct trun_job_part *src)
{
  size_t len;
  char *buf = trun_job_part_encode (src, &len);
  assert_non_null (buf);
  struct trun_job_part got;
  assert_int_equal (trun_job_part_decode (buf, len, &got), 0);
  /* A cut buffer is refused, never read past.  */
  struct trun_job_part cut;
  for (size_t k = 0; k < len; k += 1 + len / 97)
    assert_int_equal (trun_job_part_decode (buf, k, &cut), -1);
  free (buf);
  assert_int_equal (trun_job_part_fold (acc, &got), 0);
  trun_job_part_free (&got);
  trun_job_part_free (src);
}

static void
test_job_report (void **state)
{
  (void) state;
  /* Four ranks; rank 3 sent nothing.  The reduction tree of four:
     1 -> 0, then 3 -> 2, then 2 -> 0.  */
  struct trun_mtree *t[3] = { tree_new (), tree_new (), tree_new () };
  struct trun_mnode *m0 = add (t[0], NULL, "main", 1, 2.0);
  add (t[0], m0, WEIRD, 3, 1.0);
  struct trun_mnode *m1 = add (t[1], NULL, "main", 1, 4.0);
  add (t[1], m1, WEIRD, 5, 0.5);
  add (t[1], m1, "work", 2, 0.25);
  struct trun_mnode *m2 = add (t[2], NULL, "main", 1, 3.0);
  add (t[2], m2, "work", 1, 0.75);
  struct trun_job_part p0, p1, p2, p3;
  own_part (&p0, t[0], 0, "host-a");
  own_part (&p1, t[1], 1, "host-\x02");
  own_part (&p2, t[2], 2, "host-a");
  assert_int_equal (trun_job_part_own (&p3, NULL, 3, 1), 0);
  send_and_fold (&p0, &p1);
  send_and_fold (&p2, &p3);
  send_and_fold (&p0, &p2);
  assert_int_equal (p0.nranks, 4);
  assert_int_equal (p0.nhosts, 2);
  assert_int_equal (p0.tree[TRUN_DOMAIN_REGION].nnodes, 3);

  struct trun_settings s = settings ();
  char *dir = scratch_dir ();
  struct trun_report r;
  memset (&r, 0, sizeof r);
  r.kind = TRUN_REPORT_JOB;
  r.settings = &s;
  r.tree[0] = &p0.tree[0];
  r.tree[1] = &p0.tree[1];
  r.output_dir = dir;
  r.file_mark = "";
  r.nranks = p0.nranks;
  r.ranks = p0.ranks;
  r.nhosts = p0.nhosts;
  r.hosts = p0.hosts;
  r.aggregate = 1;
  trun_report_write (&r);

  int rc = run_python (dir,
    "import json, os\n"
    "j = json.load(open('mpi.json'))['trun_mpi']\n"
    "assert j['schema_version'] == 2 and j['nranks'] == 4\n"
    "assert j['missing_ranks'] == [3], j['missing_ranks']\n"
    "h = j['hosts']\n"
    "assert [x['host'] for x in h] == ['host-a', 'host-\\x02'], h\n"
    "assert [x['nranks'] for x in h] == [2, 1] and h[0]['topology'] == {'pus': 2}\n"
    "assert [k.get('host') for k in j['ranks']] == [0, 1, 0, None]\n"
    "assert [k['pid'] for k in j['ranks'][:3]] == [100, 101, 102]\n"
    "nodes = {n['label']: n for n in j['region'][0]['nodes']}\n"
    "w = 'bad\\ufffd\\ufffd \\x01ctl \"q\"\\n|fake'\n"
    "assert set(nodes) == {'main', w, 'work'}, nodes.keys()\n"
    "m = nodes['main']\n"
    "assert m['count'] == 3 and m['sum'] == 9 and m['mean'] == 3 and m['nranks'] == 3\n"
    "assert (m['min'], m['min_rank'], m['max'], m['max_rank']) == (2, 0, 4, 1)\n"
    "assert abs(m['stddev'] - (2/3) ** 0.5) < 1e-9, m['stddev']\n"
    "assert abs(m['imbalance'] - 0.25) < 1e-9\n"
    "assert m['per_rank'] == {'rank': [0, 1, 2], 'count': [1, 1, 1], 'sum': [2, 4, 3]}\n"
    "assert nodes[w]['count'] == 8 and nodes[w]['rank_runs'] == [[0, 1]]\n"
    "assert nodes[w]['parent'] == m['id'] and m['parent'] == 0\n"
    "k = nodes['work']\n"
    "assert k['rank_runs'] == [[1, 2]] and k['nranks'] == 2 and k['count'] == 3\n"
    "assert (k['min_rank'], k['max_rank']) == (1, 2)\n"
    "assert j['trace'] == []\n"
    "t = open('wall-mpi.txt', errors='replace').read()\n"
    "assert 'ACROSS 4 MPI RANKS, NO REPORT FROM RANKS 3' in t, t\n"
    "rows = [l for l in t.splitlines() if '>>>' in l]\n"
    "assert len(rows) == 3, rows\n"
    "assert all(l.count('|') - l.count('\\\\|') - l.count('|_') == 15 for l in rows), rows\n"
    "assert '\\\\x01ctl' in t and '\\\\x0a\\\\|fake' in t\n"
    "main = [c.strip() for c in rows[0].split('|')]\n"
    "assert main[6:8] == ['3', '0-2'] and main[-2] == '25.0', main\n"
    "left = sorted(f for f in os.listdir('.') if f != 'check.py')\n"
    "assert left == ['mpi.json', 'wall-mpi.txt'], left\n");
  assert_int_equal (rc, 0);
  trun_job_part_free (&p0);
}

/* A process report of one node into DIR, START: when this "run" began.  */
static void
write_process (const char *dir, double start)
{
  static struct trun_mtree *t;
  static struct trun_mtree empty;
  if (!t)
    {
      t = tree_new ();
      add (t, NULL, "main", 1, 1.0);
      empty.root.depth = -1;
    }
  static struct trun_settings s;
  s = settings ();
  struct trun_run_info info;
  memset (&info, 0, sizeof info);
  info.command_line = "prog";
  struct trun_report r;
  memset (&r, 0, sizeof r);
  r.kind = TRUN_REPORT_PROCESS;
  r.settings = &s;
  r.tree[0] = t;
  r.tree[1] = &empty;
  r.info = &info;
  r.output_dir = dir;
  r.file_mark = "";
  r.start_time = start;
  trun_report_write (&r);
}

static void
test_planted_links (void **state)
{
  (void) state;
  char *dir = scratch_dir ();
  char path[4096];
  /* Another user's file, a link to it planted as wall.txt, a dangling
     link as trun.json, a FIFO as the temporary name's neighbour.  */
  snprintf (path, sizeof path, "%s/victim", dir);
  FILE *f = fopen (path, "w");
  fputs ("precious\n", f);
  fclose (f);
  snprintf (path, sizeof path, "%s/wall.txt", dir);
  assert_int_equal (symlink ("victim", path), 0);
  snprintf (path, sizeof path, "%s/trun.json", dir);
  assert_int_equal (mkfifo (path, 0600), 0); /* opening it would block */
  write_process (dir, 1e18); /* what is planted is older than this run */
  /* Then a dangling link: its target must not be created.  */
  snprintf (path, sizeof path, "%s/wall.txt", dir);
  unlink (path);
  assert_int_equal (symlink ("created-by-trun", path), 0);
  write_process (dir, 1e18);
  int rc = run_python (dir,
    "import os, json\n"
    "assert open('victim').read() == 'precious\\n'\n"
    "assert not os.path.exists('created-by-trun')\n"
    "assert not os.path.islink('wall.txt') and os.path.isfile('wall.txt')\n"
    "assert os.path.isfile('trun.json')\n"
    "assert '>>> main' in open('wall.txt').read()\n"
    "json.load(open('trun.json'))\n"
    "assert not [f for f in os.listdir('.') if f.startswith('.')]\n");
  (void) rc;
  /* start 1e18 means every file counts as older: replaced.  */
  assert_int_equal (rc, 0);
}

static void
test_other_run_kept (void **state)
{
  (void) state;
  char *dir = scratch_dir ();
  char path[4096];
  snprintf (path, sizeof path, "%s/wall.txt", dir);
  FILE *f = fopen (path, "w");
  fputs ("the other run's table\n", f);
  fclose (f);
  /* This run started before the other's file was written.  */
  write_process (dir, 0.0);
  char expect[64];
  snprintf (expect, sizeof expect, "wall-pid%ld.txt", (long) getpid ());
  char script[2048];
  snprintf (script, sizeof script,
            "import os\n"
            "assert open('wall.txt').read() == \"the other run's table\\n\"\n"
            "assert '>>> main' in open('%s').read()\n", expect);
  assert_int_equal (run_python (dir, script), 0);
}

int
main (void)
{
  const struct CMUnitTest tests[] = {
    cmocka_unit_test (test_job_report),
    cmocka_unit_test (test_planted_links),
    cmocka_unit_test (test_other_run_kept),
  };
  return cmocka_run_group_tests (tests, NULL, NULL);
}
