/* tools/trun/report.c -- `trun report DIR': the profile as a user reads
 * it first.  By default the top N call paths by self time; --flat the
 * same per function (totals over all its paths; a recursive function's
 * inclusive value counts only its outermost calls); --tree the call
 * tree, cut at --depth or below --threshold percent of the total.
 */
#define _GNU_SOURCE
#include "trun.h"

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "report/writers.h"

static const char usage_text[] =
    "Usage: trun report [OPTIONS] DIR|FILE\n"
    "Show a profile (trun.json) or an MPI job (mpi.json): the top call\n"
    "paths by self time, per function with --flat, or the call tree.\n"
    "\n"
    "  -n, --top=N          rows to show (default 20; 0: all)\n"
    "  -s, --sort=KEY       self (default), incl, count or name\n"
    "  -c, --component=NAME a component by name or label (default wall_clock)\n"
    "  -d, --domain=D       region or trace (default: the one with more nodes)\n"
    "      --flat           per-function totals over all call paths\n"
    "      --tree           the call tree, in call order\n"
    "      --depth=N        with --tree: down to depth N (0: the top nodes)\n"
    "      --threshold=P    with --tree: hide nodes below P%% of the total\n"
    "                       (default 1; 0: none)\n"
    "  -r, --rank=N         an MPI job's rank N (from mpi.json's per-rank values)\n"
    "  -w, --width=N        cut names to N columns in all (default: the\n"
    "                       terminal's, $COLUMNS, else 80)\n"
    "  -h, --help           this text\n";

static int sort_key; /* 0 self, 1 incl, 2 count, 3 name */

static int
cmp_rows (const void *pa, const void *pb)
{
  const struct agg *a = pa, *b = pb;
  int c = 0;
  switch (sort_key)
    {
    case 0: c = (a->self < b->self) - (a->self > b->self); break;
    case 1: c = (a->incl < b->incl) - (a->incl > b->incl); break;
    case 2: c = (a->count < b->count) - (a->count > b->count); break;
    default: c = strcmp (a->label, b->label); break;
    }
  return c ? c : (a->first > b->first) - (a->first < b->first);
}

static void
add_threads (struct agg *a, const struct vrow *r)
{
  for (unsigned i = 0; i < r->nthreads && r->threads; i++)
    {
      unsigned t = r->threads[i], k = 0;
      while (k < a->nthreads && a->threads[k] != t)
        k++;
      if (k < a->nthreads)
        continue;
      if (a->nthreads == a->ncap)
        {
          a->ncap = a->ncap ? 2 * a->ncap : 4;
          a->threads = realloc (a->threads, a->ncap * sizeof *a->threads);
          if (!a->threads)
            exit (TRUN_EXIT_ERROR);
        }
      a->threads[a->nthreads++] = t;
    }
  if (!r->threads && r->nthreads > a->nthreads)
    a->nthreads = r->nthreads; /* ranks: no list, the most of any row */
}

struct agg *
flat_totals (const struct view *v, size_t *nout)
{
  struct agg *out = calloc (v->n ? v->n : 1, sizeof *out);
  size_t mask = 1;
  while (mask < 2 * v->n + 2)
    mask <<= 1;
  long *slot = malloc (mask * sizeof *slot);        /* label -> entry */
  unsigned *active = calloc (v->n ? v->n : 1, sizeof *active);
  long *stack = malloc ((v->n ? v->n : 1) * sizeof *stack); /* open rows */
  long *entry_of = malloc ((v->n ? v->n : 1) * sizeof *entry_of);
  if (!out || !slot || !active || !stack || !entry_of)
    exit (TRUN_EXIT_ERROR);
  mask--;
  for (size_t i = 0; i <= mask; i++)
    slot[i] = -1;
  size_t n = 0, sp = 0;
  for (size_t i = 0; i < v->n; i++)
    {
      const struct vrow *r = &v->rows[i];
      while (sp > 0 && v->rows[stack[sp - 1]].depth >= r->depth)
        active[entry_of[stack[--sp]]]--;
      size_t h = (size_t) (((uintptr_t) r->label >> 3) * 0x9E3779B97F4A7C15ull)
                 & mask;
      while (slot[h] >= 0 && out[slot[h]].label != r->label)
        h = (h + 1) & mask;
      if (slot[h] < 0)
        {
          slot[h] = (long) n;
          out[n].label = r->label;
          out[n].first = (long) i;
          n++;
        }
      struct agg *a = &out[slot[h]];
      a->count += r->count;
      a->self += r->self;
      if (!active[slot[h]])
        a->incl += r->incl;
      add_threads (a, r);
      entry_of[i] = slot[h];
      active[slot[h]]++;
      stack[sp++] = (long) i;
    }
  free (slot);
  free (active);
  free (stack);
  free (entry_of);
  *nout = n;
  return out;
}

#define NUMW 10

static void
put_header (const char *per)
{
  printf ("%*s %*s %7s %*s %*s  %s\n", NUMW, "SELF", NUMW, "INCL", "SELF%",
          NUMW, "COUNT", NUMW, per, "NAME");
}

static void
put_row (const struct view *v, double self, double incl, uint64_t count,
         unsigned nthreads, const char *name, int width, int left)
{
  char s[48], in[48], calls[48];
  fmt_value (s, sizeof s, self, v->cls);
  fmt_value (in, sizeof in, incl, v->cls);
  /* Whole when it divides evenly, else one decimal (a mean).  */
  if (nthreads && count % nthreads == 0)
    snprintf (calls, sizeof calls, "%llu", (unsigned long long) (count / nthreads));
  else if (nthreads)
    snprintf (calls, sizeof calls, "%.1f", (double) count / nthreads);
  else
    snprintf (calls, sizeof calls, "-");
  double pct = v->total > 0 ? 100.0 * self / v->total : 0.0;
  int fixed = 4 * (NUMW + 1) + 8 + 2;
  size_t cap = strlen (name) * 4 + 8;
  char *label = malloc (cap);
  if (!label)
    exit (TRUN_EXIT_ERROR);
  fmt_label (label, cap, name);
  cut_to (label, width > fixed + 8 ? width - fixed : 8, left);
  printf ("%*s %*s %6.2f%% %*llu %*s  %s\n", NUMW, s, NUMW, in, pct, NUMW,
          (unsigned long long) count, NUMW, calls, label);
  free (label);
}

/* PATH with each run of one name shown once with its length
   ("main;fib;fib;fib" -> "main;fib*3"): recursions stay readable.  */
static char *
squeeze_runs (char *path)
{
  char *o = path, *p = path;
  while (*p)
    {
      char *end = strchr (p, ';');
      size_t len = end ? (size_t) (end - p) : strlen (p);
      unsigned long run = 1;
      char *q = p + len;
      while (*q == ';' && strncmp (q + 1, p, len) == 0
             && (q[1 + len] == ';' || q[1 + len] == '\0'))
        {
          run++;
          q += 1 + len;
        }
      memmove (o, p, len);
      o += len;
      if (run > 1)
        o += sprintf (o, "*%lu", run); /* never longer than the run */
      if (*q == ';')
        *o++ = *q++;
      p = q;
    }
  *o = '\0';
  return path;
}

int
cmd_report (int argc, char **argv)
{
  static const struct option opts[]
      = { { "top", required_argument, 0, 'n' },
          { "sort", required_argument, 0, 's' },
          { "component", required_argument, 0, 'c' },
          { "domain", required_argument, 0, 'd' },
          { "flat", no_argument, 0, 'F' },
          { "tree", no_argument, 0, 'T' },
          { "depth", required_argument, 0, 'D' },
          { "threshold", required_argument, 0, 'P' },
          { "rank", required_argument, 0, 'r' },
          { "width", required_argument, 0, 'w' },
          { "help", no_argument, 0, 'h' },
          { 0, 0, 0, 0 } };
  long top = 20, depth = -1, rank = -1, width = 0;
  double threshold = 1.0;
  int flat = 0, tree = 0;
  const char *comp = NULL, *domain = NULL;
  int o;
  char *end;
  optind = 1;
  while ((o = getopt_long (argc, argv, "n:s:c:d:r:w:h", opts, NULL)) != -1)
    switch (o)
      {
      case 'n':
      case 'D':
      case 'r':
      case 'w':
        {
          long x = strtol (optarg, &end, 10);
          if (*end || end == optarg || x < 0)
            {
              tool_error ("report: bad number \"%s\" for --%s", optarg,
                          o == 'n' ? "top" : o == 'D' ? "depth"
                          : o == 'r' ? "rank" : "width");
              return TRUN_EXIT_ERROR;
            }
          *(o == 'n' ? &top : o == 'D' ? &depth : o == 'r' ? &rank : &width) = x;
          break;
        }
      case 's':
        sort_key = strcmp (optarg, "self") == 0    ? 0
                   : strcmp (optarg, "incl") == 0  ? 1
                   : strcmp (optarg, "count") == 0 ? 2
                   : strcmp (optarg, "name") == 0  ? 3
                                                   : -1;
        if (sort_key < 0)
          {
            tool_error ("report: --sort=%s: use self, incl, count or name",
                        optarg);
            return TRUN_EXIT_ERROR;
          }
        break;
      case 'c': comp = optarg; break;
      case 'd': domain = optarg; break;
      case 'F': flat = 1; break;
      case 'T': tree = 1; break;
      case 'P':
        threshold = strtod (optarg, &end);
        if (*end == '%')
          end++;
        if (*end || end == optarg || !(threshold >= 0 && threshold <= 100))
          {
            tool_error ("report: bad percentage \"%s\" for --threshold", optarg);
            return TRUN_EXIT_ERROR;
          }
        break;
      case 'h': fputs (usage_text, stdout); return 0;
      default: fputs (usage_text, stderr); return TRUN_EXIT_ERROR;
      }
  if (optind + 1 != argc)
    {
      tool_error ("report: name one report directory or file");
      fputs (usage_text, stderr);
      return TRUN_EXIT_ERROR;
    }
  if (flat && tree)
    {
      tool_error ("report: --flat and --tree exclude each other");
      return TRUN_EXIT_ERROR;
    }
  struct treport rep;
  struct view v;
  if (tool_load (argv[optind], 1, &rep) != 0
      || view_make (&rep, domain, comp, (int) rank, &v) != 0)
    return TRUN_EXIT_ERROR;
  int w = term_width ((int) width);
  const char *file = rep.prof ? rep.prof->path : rep.job->path;
  char total[48];
  fmt_value (total, sizeof total, v.total, v.cls);
  if (rep.job)
    printf ("%s: MPI job of %d ranks, %s domain, %s: %zu nodes, total %s\n",
            file, rep.job->nranks, v.domain, v.comp_name, v.n, total);
  else
    printf ("%s: %s domain, %s: %zu nodes, %u threads, total %s\n", file,
            v.domain, v.comp_name, v.n, v.nthreads, total);
  if (rank >= 0)
    printf ("rank %ld only\n", rank);
  const char *per = rep.job ? "CALLS/RANK" : "CALLS/THR";
  put_header (per);
  if (tree)
    {
      long skip_below = -1; /* skipping the subtree of a row at this depth */
      for (size_t i = 0; i < v.n; i++)
        {
          const struct vrow *r = &v.rows[i];
          if (skip_below >= 0 && r->depth > skip_below)
            continue;
          skip_below = -1;
          if ((depth >= 0 && r->depth > depth)
              || (threshold > 0 && v.total > 0
                  && r->incl < threshold / 100.0 * v.total))
            {
              skip_below = r->depth;
              continue;
            }
          size_t len = strlen (r->label) * 4 + 2 * (size_t) r->depth + 8;
          char *name = malloc (len), *lab = malloc (len);
          if (!name || !lab)
            exit (TRUN_EXIT_ERROR);
          fmt_label (lab, len, r->label);
          snprintf (name, len, "%*s%s", 2 * r->depth, "", lab);
          put_row (&v, r->self, r->incl, r->count, r->nthreads, name, w, 0);
          free (name);
          free (lab);
        }
      view_free (&v);
      return 0;
    }
  size_t n;
  struct agg *rows;
  if (flat)
    rows = flat_totals (&v, &n);
  else
    {
      n = v.n;
      rows = calloc (n ? n : 1, sizeof *rows);
      if (!rows)
        exit (TRUN_EXIT_ERROR);
      for (size_t i = 0; i < n; i++)
        {
          rows[i].label = v.rows[i].label;
          rows[i].count = v.rows[i].count;
          rows[i].incl = v.rows[i].incl;
          rows[i].self = v.rows[i].self;
          rows[i].nthreads = v.rows[i].nthreads;
          rows[i].first = (long) i;
        }
    }
  qsort (rows, n, sizeof *rows, cmp_rows);
  size_t shown = top > 0 && (size_t) top < n ? (size_t) top : n;
  for (size_t i = 0; i < shown; i++)
    {
      if (flat)
        put_row (&v, rows[i].self, rows[i].incl, rows[i].count,
                 rows[i].nthreads, rows[i].label, w, 0);
      else
        {
          char *path = squeeze_runs (view_path (&v, (size_t) rows[i].first));
          put_row (&v, rows[i].self, rows[i].incl, rows[i].count,
                   rows[i].nthreads, path, w, 1);
          free (path);
        }
    }
  if (shown < n)
    printf ("(%zu more %s; -n 0 shows all)\n", n - shown,
            flat ? "functions" : "call paths");
  for (size_t i = 0; i < n; i++)
    free (rows[i].threads);
  free (rows);
  view_free (&v);
  return 0;
}
