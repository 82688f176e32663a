/* tools/trun/write.c -- `trun convert' and `trun merge': profiles read
 * back into the runtime's merged trees (load.c), folded with the core's
 * merge (merge), and written by the runtime's own writers (rt/report/,
 * trun_report_write_named): one implementation of each format.
 */
#define _GNU_SOURCE
#include "trun.h"

#include <getopt.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/time.h>

/* Writers that need what only a running program has: descriptors
   (filter, coverage) or a job's ranks (mpi-json).  */
static int
from_profile (const char *name)
{
  return strcmp (name, "filter") != 0 && strcmp (name, "coverage") != 0
         && strcmp (name, "mpi-json") != 0 && strcmp (name, "timeline") != 0;
}

/* The timeline's names in --to: chrome, and timeline (its writer's).  */
static int
is_chrome (const char *f)
{
  return strcmp (f, "chrome") == 0 || strcmp (f, "timeline") == 0;
}

static void
list_formats (char *buf, size_t size)
{
  buf[0] = '\0';
  const char *name;
  for (size_t i = 0; (name = trun_report_writer_name (i)); i++)
    if (from_profile (name))
      snprintf (buf + strlen (buf), size - strlen (buf), "%s%s",
                *buf ? ", " : "", name);
}

/* Check the comma-separated LIST of formats; 0, or -1 after a message.
   CHROME: the timeline from raw files is one (convert).  */
static int
check_formats (const char *cmd, const char *list, int chrome)
{
  char *copy = strdup (list), *save = NULL;
  int rc = 0;
  for (char *f = strtok_r (copy, ",", &save); f && !rc;
       f = strtok_r (NULL, ",", &save))
    {
      int known = chrome && is_chrome (f);
      const char *name;
      for (size_t i = 0; (name = trun_report_writer_name (i)); i++)
        if (strcmp (name, f) == 0 && from_profile (name))
          known = 1;
      if (known)
        continue;
      char have[256];
      list_formats (have, sizeof have);
      if (is_chrome (f))
        tool_error ("%s: --to=%s is convert's (the timeline from a "
                    "killed run's raw files); %s writes %s", cmd, f, cmd, have);
      else
        tool_error ("%s: --to=%s: no such format (this trun writes %s)", cmd,
                    f, have);
      rc = -1;
    }
  free (copy);
  return rc;
}

static double
now_seconds (void)
{
  struct timeval tv;
  gettimeofday (&tv, NULL);
  return (double) tv.tv_sec + tv.tv_usec * 1e-6;
}

/* The setting that switches writer NAME on, in S (NULL: none known
   here; the run's setting then applies).  */
static int *
writer_switch (struct trun_settings *s, const char *name)
{
  static const struct
  {
    const char *name;
    size_t offset;
  } map[] = {
    { "text", offsetof (struct trun_settings, text_output) },
    { "json", offsetof (struct trun_settings, json_output) },
    { "tree-json", offsetof (struct trun_settings, tree_output) },
    { "folded", offsetof (struct trun_settings, folded_output) },
    { "csv", offsetof (struct trun_settings, csv_output) },
    { "flamegraph", offsetof (struct trun_settings, flamegraph_output) },
  };
  for (size_t i = 0; i < sizeof map / sizeof map[0]; i++)
    if (strcmp (map[i].name, name) == 0)
      return (int *) ((char *) s + map[i].offset);
  return NULL;
}

/* Run each writer of LIST on the report of P (its trees, or TREES) in
   directory DIR, under the run's settings with that writer switched on
   (so a trun.json written again says what the run had).  0 when every
   file was written, else 1.  */
static int
write_formats (const struct tprof *p, struct trun_mtree *trees,
               const char *dir, const char *prefix, const char *mark,
               const char *list)
{
  struct trun_report r;
  memset (&r, 0, sizeof r);
  r.kind = TRUN_REPORT_PROCESS;
  for (int d = 0; d < TRUN_NDOMAIN; d++)
    r.tree[d] = p->present[d] ? &trees[d] : NULL;
  r.info = &p->info;
  r.output_dir = dir;
  r.file_mark = mark;
  r.start_time = now_seconds ();
  char *copy = strdup (list), *save = NULL;
  int failed = 0;
  for (char *f = strtok_r (copy, ",", &save); f;
       f = strtok_r (NULL, ",", &save))
    {
      struct trun_settings s = p->settings;
      s.file_output = 1;
      s.cout_output = 0;
      s.output_prefix = prefix;
      int *on = writer_switch (&s, f);
      if (on)
        *on = 1;
      if (strcmp (f, "tree-json") == 0)
        s.tree_max_nodes = 0; /* asked for: whatever the tree's size */
      r.settings = &s;
      failed |= trun_report_write_named (&r, f) != 0;
    }
  free (copy);
  return failed;
}

static char *
dir_of (const char *file)
{
  const char *slash = strrchr (file, '/');
  return slash ? strndup (file, (size_t) (slash - file) + (slash == file))
               : strdup (".");
}

/* convert's and merge's options: --to, --output, --help.  0 to go on,
   else 1 + the exit status.  */
static int
write_options (int argc, char **argv, const char *usage, const char **to,
               const char **out)
{
  static const struct option opts[] = { { "to", required_argument, 0, 't' },
                                         { "output", required_argument, 0, 'o' },
                                         { "help", no_argument, 0, 'h' },
                                         { 0, 0, 0, 0 } };
  int o;
  optind = 1;
  while ((o = getopt_long (argc, argv, "t:o:h", opts, NULL)) != -1)
    switch (o)
      {
      case 't': *to = optarg; break;
      case 'o': *out = optarg; break;
      case 'h': fputs (usage, stdout); return 1;
      default: fputs (usage, stderr); return 1 + TRUN_EXIT_ERROR;
      }
  return 0;
}

static const char convert_usage[] =
    "Usage: trun convert DIR|FILE --to=FORMAT[,FORMAT...] [-o OUTDIR]\n"
    "Write other formats of an existing report with the runtime's own\n"
    "writers, as if the run had had them on: every profile in DIR\n"
    "(trun.json, or each trun-*.json), each under its own name.\n"
    "\n"
    "  -t, --to=LIST      tree-json, folded, csv, flamegraph, text, json (and\n"
    "                     any other writer this trun has); chrome (or\n"
    "                     timeline): the timeline.json of a run killed\n"
    "                     before writing it, from the raw files it left\n"
    "  -o, --output=DIR   where the files go (default: beside the profile)\n"
    "  -h, --help         this text\n";

int
cmd_convert (int argc, char **argv)
{
  const char *to = NULL, *out = NULL;
  int stop = write_options (argc, argv, convert_usage, &to, &out);
  if (stop)
    return stop - 1;
  if (optind + 1 != argc || !to)
    {
      tool_error ("convert: name one report and --to=FORMAT");
      fputs (convert_usage, stderr);
      return TRUN_EXIT_ERROR;
    }
  if (check_formats ("convert", to, 1) != 0)
    return TRUN_EXIT_ERROR;
  /* chrome from the raw files; the other formats from the profiles.  */
  char *rest = strdup (to), *scan = strdup (to), *save = NULL;
  if (!rest || !scan)
    return TRUN_EXIT_ERROR;
  size_t at = 0;
  int chrome = 0;
  for (char *f = strtok_r (scan, ",", &save); f;
       f = strtok_r (NULL, ",", &save))
    if (is_chrome (f))
      chrome = 1;
    else
      at += (size_t) sprintf (rest + at, "%s%s", at ? "," : "", f);
  free (scan);
  /* The timeline first; the other formats are written whatever came of
     it, and the status is the worse of both.  */
  int rc = chrome ? tool_convert_raw (argv[optind], out) : 0;
  if (at == 0)
    {
      free (rest);
      return rc;
    }
  to = rest;
  char **files = tool_profile_files (argv[optind]);
  if (!files)
    return TRUN_EXIT_ERROR;
  struct tprof **profs = calloc (1, sizeof *profs);
  size_t n = 0;
  for (; files[n]; n++)
    {
      profs = realloc (profs, (n + 1) * sizeof *profs);
      if (!profs || !(profs[n] = tool_load_profile (files[n])))
        return TRUN_EXIT_ERROR;
    }
  int failed = 0;
  for (size_t i = 0; i < n; i++)
    {
      char *dir = out ? strdup (out) : dir_of (files[i]);
      failed |= write_formats (profs[i], profs[i]->tree, dir, profs[i]->prefix,
                               profs[i]->mark, to);
      free (dir);
      free (files[i]);
    }
  free (files);
  free (profs);
  free (rest);
  return failed ? failed : rc;
}

static const char merge_usage[] =
    "Usage: trun merge DIR|FILE... -o OUTDIR [--to=FORMAT[,FORMAT...]]\n"
    "Fold several profiles (runs, or each rank's trun-rankN.json) into one\n"
    "profile by call path, as the runtime merges threads: counts, sums and\n"
    "sums of squares add, min and max over all; thread N of every run is\n"
    "thread N.  A directory stands for every profile in it.\n"
    "\n"
    "  -o, --output=DIR   where the merged report goes (required)\n"
    "  -t, --to=LIST      formats (default json,text,tree-json,folded)\n"
    "  -h, --help         this text\n";

int
cmd_merge (int argc, char **argv)
{
  const char *to = "json,text,tree-json,folded", *out = NULL;
  int stop = write_options (argc, argv, merge_usage, &to, &out);
  if (stop)
    return stop - 1;
  if (optind >= argc || !out)
    {
      tool_error ("merge: name the reports and -o OUTDIR");
      fputs (merge_usage, stderr);
      return TRUN_EXIT_ERROR;
    }
  if (check_formats ("merge", to, 0) != 0)
    return TRUN_EXIT_ERROR;
  struct tprof **profs = NULL;
  size_t n = 0;
  for (int a = optind; a < argc; a++)
    {
      char **files = tool_profile_files (argv[a]);
      if (!files)
        return TRUN_EXIT_ERROR;
      for (size_t i = 0; files[i]; i++)
        {
          profs = realloc (profs, (n + 1) * sizeof *profs);
          if (!profs || !(profs[n++] = tool_load_profile (files[i])))
            return TRUN_EXIT_ERROR;
          free (files[i]);
        }
      free (files);
    }
  /* The first profile's settings (units) and run information, the
     times and node counts of all, the longest thread list.  */
  struct tprof m = *profs[0];
  m.info.rank = -1;
  for (size_t i = 1; i < n; i++)
    {
      const struct trun_run_info *x = &profs[i]->info;
      if (x->start_time < m.info.start_time)
        m.info.start_time = x->start_time;
      if (x->end_time > m.info.end_time)
        m.info.end_time = x->end_time;
      m.info.nodes += x->nodes;
      m.info.node_bytes += x->node_bytes;
      if (x->nthreads > m.info.nthreads)
        {
          m.info.nthreads = x->nthreads;
          m.info.threads = x->threads;
        }
    }
  struct trun_mtree trees[TRUN_NDOMAIN];
  for (int d = 0; d < TRUN_NDOMAIN; d++)
    {
      unsigned nstat = 0;
      m.present[d] = 0;
      for (size_t i = 0; i < n; i++)
        {
          if (profs[i]->tree[d].nstat > nstat)
            nstat = profs[i]->tree[d].nstat;
          m.present[d] |= profs[i]->present[d];
        }
      trun_mtree_init (&trees[d], d, nstat);
      for (size_t i = 0; i < n; i++)
        {
          /* Process trees have no job parts: the job fold is the plain
             fold by call path.  */
          if (trun_mtree_fold_job (&trees[d], &profs[i]->tree[d]) != 0)
            {
              tool_error ("merge: out of memory");
              return TRUN_EXIT_ERROR;
            }
          trees[d].folded_calls += profs[i]->tree[d].folded_calls;
        }
    }
  int failed = write_formats (&m, trees, out, "", "", to);
  for (int d = 0; d < TRUN_NDOMAIN; d++)
    trun_mtree_free (&trees[d]);
  free (profs);
  return failed;
}
