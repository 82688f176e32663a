/* tools/trun/diff.c -- `trun diff A B': two profiles of the same program
 * side by side, per function (per call path with --tree): the time and
 * count in each and the change, sorted by the largest change in time;
 * rows only in B are marked [new], rows only in A [gone].  The exit
 * status is 0 whatever changed (2 only for an error).
 */
#define _GNU_SOURCE
#include "trun.h"

#include <getopt.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char usage_text[] =
    "Usage: trun diff [OPTIONS] A B\n"
    "Compare two profiles (report directories or trun.json files): per\n"
    "function, or per call path with --tree, the time and count in A and B\n"
    "and the change, largest change first, then B's count (A's for a row\n"
    "gone) and its change; [new] and [gone] mark rows in only one of them.\n"
    "Exit status 0 whatever changed.\n"
    "\n"
    "  -n, --top=N          rows to show (default 20; 0: all)\n"
    "      --tree           per call path instead of per function\n"
    "  -m, --metric=M       self or incl (default: self per function, incl\n"
    "                       per call path)\n"
    "  -c, --component=NAME a component by name or label (default wall_clock)\n"
    "  -d, --domain=D       region or trace (default: the one with more nodes)\n"
    "  -w, --width=N        cut names to N columns in all\n"
    "  -h, --help           this text\n";

struct side
{
  char *key; /* a function name, or a call path */
  uint64_t count;
  double value;
};

struct drow
{
  const char *key;
  int in_a, in_b;
  uint64_t ca, cb;
  double va, vb;
};

static int
cmp_side (const void *pa, const void *pb)
{
  return strcmp (((const struct side *) pa)->key, ((const struct side *) pb)->key);
}

static int
cmp_drow (const void *pa, const void *pb)
{
  const struct drow *a = pa, *b = pb;
  double da = fabs (a->vb - a->va), db = fabs (b->vb - b->va);
  if (da != db)
    return da < db ? 1 : -1;
  double ka = fabs ((double) a->cb - (double) a->ca);
  double kb = fabs ((double) b->cb - (double) b->ca);
  if (ka != kb)
    return ka < kb ? 1 : -1;
  return strcmp (a->key, b->key);
}

/* V's rows keyed for the diff, sorted by key; *N their number.  */
static struct side *
sides (const struct view *v, int tree, int incl, size_t *n)
{
  struct side *s;
  if (tree)
    {
      s = calloc (v->n ? v->n : 1, sizeof *s);
      if (!s)
        exit (TRUN_EXIT_ERROR);
      for (size_t i = 0; i < v->n; i++)
        {
          s[i].key = view_path (v, i);
          s[i].count = v->rows[i].count;
          s[i].value = incl ? v->rows[i].incl : v->rows[i].self;
        }
      *n = v->n;
    }
  else
    {
      struct agg *a = flat_totals (v, n);
      s = calloc (*n ? *n : 1, sizeof *s);
      if (!s)
        exit (TRUN_EXIT_ERROR);
      for (size_t i = 0; i < *n; i++)
        {
          s[i].key = strdup (a[i].label);
          s[i].count = a[i].count;
          s[i].value = incl ? a[i].incl : a[i].self;
          free (a[i].threads);
        }
      free (a);
    }
  qsort (s, *n, sizeof *s, cmp_side);
  /* Paths are unique; a label is one entry.  Equal keys (two paths that
     escape alike) add up.  */
  size_t k = 0;
  for (size_t i = 0; i < *n; i++)
    if (k && strcmp (s[k - 1].key, s[i].key) == 0)
      {
        s[k - 1].count += s[i].count;
        s[k - 1].value += s[i].value;
        free (s[i].key);
      }
    else
      s[k++] = s[i];
  *n = k;
  return s;
}

int
cmd_diff (int argc, char **argv)
{
  static const struct option opts[]
      = { { "top", required_argument, 0, 'n' },
          { "tree", no_argument, 0, 'T' },
          { "metric", required_argument, 0, 'm' },
          { "component", required_argument, 0, 'c' },
          { "domain", required_argument, 0, 'd' },
          { "width", required_argument, 0, 'w' },
          { "help", no_argument, 0, 'h' },
          { 0, 0, 0, 0 } };
  long top = 20, width = 0;
  int tree = 0, incl = -1;
  const char *comp = NULL, *domain = NULL;
  int o;
  char *end;
  optind = 1;
  while ((o = getopt_long (argc, argv, "n:m:c:d:w:h", opts, NULL)) != -1)
    switch (o)
      {
      case 'n':
      case 'w':
        {
          long x = strtol (optarg, &end, 10);
          if (*end || end == optarg || x < 0)
            {
              tool_error ("diff: bad number \"%s\" for --%s", optarg,
                          o == 'n' ? "top" : "width");
              return TRUN_EXIT_ERROR;
            }
          *(o == 'n' ? &top : &width) = x;
          break;
        }
      case 'T': tree = 1; break;
      case 'm':
        incl = strcmp (optarg, "incl") == 0 ? 1
               : strcmp (optarg, "self") == 0 ? 0 : -2;
        if (incl == -2)
          {
            tool_error ("diff: --metric=%s: use self or incl", optarg);
            return TRUN_EXIT_ERROR;
          }
        break;
      case 'c': comp = optarg; break;
      case 'd': domain = optarg; break;
      case 'h': fputs (usage_text, stdout); return 0;
      default: fputs (usage_text, stderr); return TRUN_EXIT_ERROR;
      }
  if (optind + 2 != argc)
    {
      tool_error ("diff: name two reports, A and B");
      fputs (usage_text, stderr);
      return TRUN_EXIT_ERROR;
    }
  if (incl < 0)
    incl = tree;
  struct treport ra, rb;
  struct view va, vb;
  if (tool_load (argv[optind], 1, &ra) != 0
      || tool_load (argv[optind + 1], 1, &rb) != 0
      || view_make (&ra, domain, comp, -1, &va) != 0
      || view_make (&rb, domain ? domain : va.domain, va.comp_name, -1, &vb)
             != 0)
    return TRUN_EXIT_ERROR;
  size_t na, nb;
  struct side *a = sides (&va, tree, incl, &na);
  struct side *b = sides (&vb, tree, incl, &nb);
  struct drow *rows = calloc (na + nb + 1, sizeof *rows);
  if (!rows)
    exit (TRUN_EXIT_ERROR);
  size_t n = 0, i = 0, j = 0;
  while (i < na || j < nb)
    {
      int c = i == na ? 1 : j == nb ? -1 : strcmp (a[i].key, b[j].key);
      struct drow *r = &rows[n++];
      if (c <= 0)
        {
          r->key = a[i].key;
          r->in_a = 1;
          r->ca = a[i].count;
          r->va = a[i].value;
          i++;
        }
      if (c >= 0)
        {
          r->key = b[j].key;
          r->in_b = 1;
          r->cb = b[j].count;
          r->vb = b[j].value;
          j++;
        }
    }
  qsort (rows, n, sizeof *rows, cmp_drow);
  char ta[48], tb[48];
  fmt_value (ta, sizeof ta, va.total, va.cls);
  fmt_value (tb, sizeof tb, vb.total, vb.cls);
  printf ("A: %s (%s domain, %s, total %s)\nB: %s (total %s)\n",
          ra.prof ? ra.prof->path : ra.job->path, va.domain, va.comp_name, ta,
          rb.prof ? rb.prof->path : rb.job->path, tb);
  printf ("%10s %10s %11s %8s %9s %8s  %s %s\n", "A", "B", "DELTA", "DELTA%",
          "COUNT", "DELTA", incl ? "(incl)" : "(self)",
          tree ? "CALL PATH" : "FUNCTION");
  int w = term_width ((int) width);
  size_t shown = top > 0 && (size_t) top < n ? (size_t) top : n;
  for (size_t k = 0; k < shown; k++)
    {
      const struct drow *r = &rows[k];
      char sa[48], sb[48], sd[48], pct[16];
      fmt_value (sa, sizeof sa, r->va, va.cls);
      fmt_value (sb, sizeof sb, r->vb, va.cls);
      double d = r->vb - r->va;
      fmt_value (sd, sizeof sd, d, va.cls);
      if (d > 0 && sd[0] != '+')
        {
          memmove (sd + 1, sd, strlen (sd) + 1);
          sd[0] = '+';
        }
      if (r->in_a && r->in_b && r->va != 0)
        snprintf (pct, sizeof pct, "%+.1f%%", 100.0 * d / fabs (r->va));
      else
        snprintf (pct, sizeof pct, "-");
      if (!r->in_a)
        snprintf (sa, sizeof sa, "-");
      if (!r->in_b)
        snprintf (sb, sizeof sb, "-");
      const char *mark = !r->in_a ? " [new]" : !r->in_b ? " [gone]" : "";
      size_t cap = strlen (r->key) * 4 + 16;
      char *name = malloc (cap);
      if (!name)
        exit (TRUN_EXIT_ERROR);
      fmt_label (name, cap, r->key);
      int fixed = 10 + 1 + 10 + 1 + 11 + 1 + 8 + 1 + 9 + 1 + 8 + 2
                  + (int) strlen (mark);
      cut_to (name, w > fixed + 8 ? w - fixed : 8, tree);
      printf ("%10s %10s %11s %8s %9llu %+8lld  %s%s\n", sa, sb, sd, pct,
              (unsigned long long) (r->in_b ? r->cb : r->ca),
              (long long) r->cb - (long long) r->ca, name, mark);
      free (name);
    }
  if (shown < n)
    printf ("(%zu more rows; -n 0 shows all)\n", n - shown);
  for (size_t k = 0; k < na; k++)
    free (a[k].key);
  for (size_t k = 0; k < nb; k++)
    free (b[k].key);
  free (a);
  free (b);
  free (rows);
  view_free (&va);
  view_free (&vb);
  return 0;
}
