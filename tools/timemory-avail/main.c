/* tools/timemory-avail/main.c -- timemory's timemory-avail for trun: the
 * components (name, availability on this machine, and on request the
 * value type, enumeration, string identifiers, file label, units,
 * description), the settings (environment variable, current value, type,
 * description) and the hardware counters.  Everything comes from the
 * runtime's own tables, linked in: the component table
 * (rt/components/table.c) and the settings table
 * (rt/config/settings-table.c).  Options follow timemory's tool.
 */
#include "config.h"

#include <ctype.h>
#include <getopt.h>
#include <regex.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "components/components.h"
#include "config/settings.h"

/* ---- a table of strings, drawn as text, markdown or CSV ---- */

enum style { STYLE_TEXT, STYLE_MARKDOWN, STYLE_CSV };

#define MAX_COLS 8

struct table
{
  int ncols;
  const char *head[MAX_COLS];
  int mark[MAX_COLS];   /* markdown: `code` */
  int center[MAX_COLS];
  size_t nrows, cap;
  char **cells;         /* nrows * ncols, owned */
};

static enum style style = STYLE_TEXT;
static regex_t filter;
static int have_filter, highlight;

static void *
xmalloc (size_t n)
{
  void *p = malloc (n ? n : 1);
  if (!p)
    {
      fputs ("timemory-avail: out of memory\n", stderr);
      exit (1);
    }
  return p;
}

static char *
xstrdup (const char *s)
{
  size_t n = strlen (s) + 1;
  return memcpy (xmalloc (n), s, n);
}

static void
add_col (struct table *t, const char *head, int mark, int center)
{
  t->head[t->ncols] = head;
  t->mark[t->ncols] = mark;
  t->center[t->ncols] = center;
  t->ncols++;
}

/* Append a row of NCOLS strings.  */
static void
add_row (struct table *t, const char *const *cells)
{
  if (t->nrows == t->cap)
    {
      t->cap = t->cap ? 2 * t->cap : 64;
      char **c = xmalloc (t->cap * MAX_COLS * sizeof *c);
      if (t->cells)
        memcpy (c, t->cells, t->nrows * MAX_COLS * sizeof *c);
      free (t->cells);
      t->cells = c;
    }
  for (int i = 0; i < t->ncols; i++)
    t->cells[t->nrows * MAX_COLS + i] = xstrdup (cells[i] ? cells[i] : "");
  t->nrows++;
}

static const char *
cell (const struct table *t, size_t r, int c)
{
  return t->cells[r * MAX_COLS + c];
}

static int
by_first_cell (const void *a, const void *b)
{
  return strcmp (*(char *const *) a, *(char *const *) b);
}

static void
sort_rows (struct table *t)
{
  qsort (t->cells, t->nrows, MAX_COLS * sizeof *t->cells, by_first_cell);
}

/* A cell as drawn: markdown code marks around marked, non-empty cells.  */
static void
format_cell (const struct table *t, int c, const char *s, char *out, size_t n)
{
  if (style == STYLE_MARKDOWN && t->mark[c] && *s)
    snprintf (out, n, "`%s`", s);
  else
    snprintf (out, n, "%s", s);
}

static void
csv_field (FILE *f, const char *s)
{
  if (!strpbrk (s, ",\"\n"))
    {
      fputs (s, f);
      return;
    }
  fputc ('"', f);
  for (; *s; s++)
    {
      if (*s == '"')
        fputc ('"', f);
      fputc (*s, f);
    }
  fputc ('"', f);
}

/* LINE with the filter's matches highlighted (--hl).  */
static void
put_line (FILE *f, const char *line)
{
  if (!have_filter || !highlight)
    {
      fputs (line, f);
      return;
    }
  regmatch_t m;
  int flags = 0;
  while (*line && regexec (&filter, line, 1, &m, flags) == 0 && m.rm_eo > m.rm_so)
    {
      fwrite (line, 1, (size_t) m.rm_so, f);
      fputs ("\033[01;04;36;40m", f);
      fwrite (line + m.rm_so, 1, (size_t) (m.rm_eo - m.rm_so), f);
      fputs ("\033[0m", f);
      line += m.rm_eo;
      flags = REG_NOTBOL;
    }
  fputs (line, f);
}

/* One row drawn into BUF: "| a | b |" (text, markdown) or "a,b" (CSV).  */
static void
draw_row (const struct table *t, const char *const *cells, const size_t *w,
          char *buf, size_t n)
{
  size_t used = 0;
  buf[0] = 0;
#define PUT(...) \
  do { int k_ = snprintf (buf + used, used < n ? n - used : 0, __VA_ARGS__); \
       if (k_ > 0) used += (size_t) k_; } while (0)
  for (int c = 0; c < t->ncols; c++)
    {
      char v[4096];
      format_cell (t, c, cells[c], v, sizeof v);
      if (style == STYLE_CSV)
        {
          PUT ("%s", c ? "," : "");
          if (!strpbrk (v, ",\"\n"))
            PUT ("%s", v);
          else
            {
              PUT ("\"");
              for (const char *p = v; *p; p++)
                PUT (*p == '"' ? "\"\"" : "%c", *p);
              PUT ("\"");
            }
          continue;
        }
      size_t len = strlen (v), pad = w[c] > len ? w[c] - len : 0;
      size_t left = t->center[c] ? pad / 2 : 0;
      PUT ("%s %*s%s%*s ", c ? "" : "|", (int) left, "", v, (int) (pad - left), "");
      PUT ("|");
    }
#undef PUT
}

static void
rule (FILE *f, const struct table *t, const size_t *w)
{
  fputc ('|', f);
  for (int c = 0; c < t->ncols; c++)
    {
      if (style == STYLE_MARKDOWN)
        fputs (" ", f);
      for (size_t i = 0; i < w[c] + (style == STYLE_MARKDOWN ? 0 : 2); i++)
        fputc ('-', f);
      fputs (style == STYLE_MARKDOWN ? " |" : "|", f);
    }
  fputc ('\n', f);
}

static void
print_table (FILE *f, struct table *t)
{
  size_t w[MAX_COLS];
  char line[16384];
  char *shown = xmalloc (t->nrows ? t->nrows : 1);
  for (int c = 0; c < t->ncols; c++)
    w[c] = strlen (t->head[c]);
  /* Which rows the filter keeps (matched against the row as drawn).  */
  for (size_t r = 0; r < t->nrows; r++)
    {
      const char *cells[MAX_COLS];
      size_t none[MAX_COLS] = { 0 };
      for (int c = 0; c < t->ncols; c++)
        cells[c] = cell (t, r, c);
      draw_row (t, cells, none, line, sizeof line);
      shown[r] = !have_filter || regexec (&filter, line, 0, NULL, 0) == 0;
      if (!shown[r])
        continue;
      for (int c = 0; c < t->ncols; c++)
        {
          char v[4096];
          format_cell (t, c, cells[c], v, sizeof v);
          if (strlen (v) > w[c])
            w[c] = strlen (v);
        }
    }
  if (style == STYLE_CSV)
    {
      for (int c = 0; c < t->ncols; c++)
        {
          if (c)
            fputc (',', f);
          csv_field (f, t->head[c]);
        }
      fputc ('\n', f);
    }
  else
    {
      if (style == STYLE_TEXT)
        rule (f, t, w);
      struct table h = *t;
      for (int c = 0; c < t->ncols; c++)
        h.mark[c] = 0, h.center[c] = 1;
      draw_row (&h, t->head, w, line, sizeof line);
      fprintf (f, "%s\n", line);
      rule (f, t, w);
    }
  for (size_t r = 0; r < t->nrows; r++)
    {
      if (!shown[r])
        continue;
      const char *cells[MAX_COLS];
      for (int c = 0; c < t->ncols; c++)
        cells[c] = cell (t, r, c);
      draw_row (t, cells, w, line, sizeof line);
      put_line (f, line);
      fputc ('\n', f);
    }
  if (style == STYLE_TEXT)
    rule (f, t, w);
  fputc ('\n', f);
  free (shown);
  for (size_t i = 0; i < t->nrows; i++)
    for (int c = 0; c < t->ncols; c++)
      free (t->cells[i * MAX_COLS + c]);
  free (t->cells);
}

/* ---- what is listed ---- */

enum
{
  OPT_VALUE, OPT_ENUM, OPT_STRING, OPT_FILENAME, OPT_UNITS, OPT_DESC, OPT_N
};
static int opt[OPT_N];
static int brief, alphabetical;

static void
upper (const char *s, char *out, size_t n)
{
  size_t i = 0;
  for (; s[i] && i + 1 < n; i++)
    out[i] = (char) toupper ((unsigned char) s[i]);
  out[i] = 0;
}

static int
component_available (const struct trun_component *c)
{
  /* The table says it: no runtime notice on stderr as well.  */
  trun_components_quiet ();
  return !c->available || c->available () == 0;
}

static void
list_components (FILE *f)
{
  struct table t = { 0 };
  add_col (&t, "COMPONENT", 1, 0);
  if (!brief)
    add_col (&t, "AVAILABLE", 0, 1);
  if (opt[OPT_VALUE])
    add_col (&t, "VALUE_TYPE", 1, 1);
  if (opt[OPT_ENUM])
    add_col (&t, "ENUMERATION", 1, 1);
  if (opt[OPT_STRING])
    add_col (&t, "STRING_IDS", 0, 0);
  if (opt[OPT_FILENAME])
    add_col (&t, "FILENAME", 0, 0);
  if (opt[OPT_UNITS])
    add_col (&t, "UNITS", 0, 1);
  if (opt[OPT_DESC])
    add_col (&t, "DESCRIPTION", 0, 0);
  for (int i = 0; i < TRUN_NCOMP; i++)
    {
      const struct trun_component *c = &trun_components[i];
      const char *cells[MAX_COLS];
      char en[64], ids[256], q = style == STYLE_MARKDOWN ? '`' : '"';
      const char *units;
      int n = 0;
      cells[n++] = c->name;
      if (!brief)
        cells[n++] = component_available (c) ? "true" : "false";
      if (opt[OPT_VALUE])
        cells[n++] = "double";
      if (opt[OPT_ENUM])
        {
          upper (c->name, en, sizeof en);
          cells[n++] = en;
        }
      if (opt[OPT_STRING])
        {
          if (strcmp (c->name, c->label) != 0)
            snprintf (ids, sizeof ids, "%c%s%c  %c%s%c", q, c->name, q, q, c->label, q);
          else
            snprintf (ids, sizeof ids, "%c%s%c", q, c->name, q);
          cells[n++] = ids;
        }
      if (opt[OPT_FILENAME])
        cells[n++] = c->label;
      if (opt[OPT_UNITS])
        {
          trun_component_scale (i, &trun_settings, &units);
          cells[n++] = units;
        }
      if (opt[OPT_DESC])
        cells[n++] = c->description;
      add_row (&t, cells);
    }
  if (alphabetical)
    sort_rows (&t);
  print_table (f, &t);
}

static void
list_settings (FILE *f)
{
  struct table t = { 0 };
  add_col (&t, "ENVIRONMENT VARIABLE", 0, 0);
  if (!brief)
    add_col (&t, "VALUE", 0, 1);
  if (opt[OPT_VALUE])
    add_col (&t, "DATA TYPE", 0, 1);
  if (opt[OPT_DESC])
    add_col (&t, "DESCRIPTION", 0, 0);
  for (unsigned i = 0; i < trun_setting_count; i++)
    {
      const struct trun_setting *s = &trun_setting_table[i];
      char env[160], var[160];
      const char *cells[MAX_COLS];
      int n = 0;
      snprintf (env, sizeof env, "TIMEMORY_%s", s->name);
      cells[n++] = env;
      if (!brief)
        {
          const char *v = trun_setting_lookup (s->name, var, sizeof var);
          cells[n++] = v ? v : s->dflt;
        }
      if (opt[OPT_VALUE])
        cells[n++] = trun_setting_type_name (s->type);
      if (opt[OPT_DESC])
        cells[n++] = s->description;
      add_row (&t, cells);
    }
  if (alphabetical)
    sort_rows (&t);
  print_table (f, &t);
  if (style == STYLE_TEXT)
    fputs ("Each TIMEMORY_X is also read as TRUN_X, which wins when both are set.\n\n",
           f);
}

static void
list_hw_counters (FILE *f)
{
  struct table t = { 0 };
  add_col (&t, "HARDWARE COUNTER", 1, 0);
  if (!brief)
    add_col (&t, "AVAILABLE", 0, 1);
  if (opt[OPT_DESC])
    add_col (&t, "DESCRIPTION", 0, 0);
  for (int i = 0; i < TRUN_NCOMP; i++)
    {
      const struct trun_component *c = &trun_components[i];
      const char *cells[MAX_COLS];
      int n = 0;
      if (strncmp (c->name, "hw_", 3) != 0)
        continue;
      cells[n++] = c->name;
      if (!brief)
        cells[n++] = component_available (c) ? "true" : "false";
      if (opt[OPT_DESC])
        cells[n++] = c->description;
      add_row (&t, cells);
    }
  if (alphabetical)
    sort_rows (&t);
  if (style != STYLE_CSV)
    fputs ("trun has no PAPI or CUPTI hardware counters (no PAPI_* or CUPTI events);\n"
           "the counters below are its own components, read with perf_event_open.\n\n",
           f);
  print_table (f, &t);
}

static void
usage (FILE *f)
{
  fputs ("Usage: timemory-avail [OPTION]...\n"
         "List trun's components, settings and hardware counters (timemory's tool).\n"
         "\n"
         "What to list (default: the components):\n"
         "  -C, --components      the components\n"
         "  -S, --settings        the settings (environment variables)\n"
         "  -H, --hw-counters     the hardware counters\n"
         "  -a, --all             all three, with every column\n"
         "Columns:\n"
         "  -d, --description     the description\n"
         "  -e, --enum            the enumeration ID (timemory/library.h)\n"
         "  -f, --filename        the metric label (the reports' file names)\n"
         "  -s, --string          the accepted string identifiers\n"
         "  -u, --units           the units the reports show (trun's addition)\n"
         "  -v, --value           the value type (settings: the data type)\n"
         "  -b, --brief           no AVAILABLE / VALUE column\n"
         "  -l, --language-types  accepted; trun has no C++ or Python types\n"
         "Output:\n"
         "  -A, --alphabetical    sorted by name\n"
         "  -M, --markdown        markdown tables\n"
         "      --csv             comma-separated values, one header line\n"
         "  -O, --output FILE     write to FILE instead of stdout\n"
         "  -r, --filter REGEX    only the rows matching REGEX (extended, case-sensitive)\n"
         "      --hl, --highlight highlight the matches\n"
         "  -h, --help            this help\n"
         "      --version         the version\n"
         "\n"
         "See timemory-avail(1) and trun(7).\n", f);
}

int
main (int argc, char **argv)
{
  enum { OPT_CSV = 256, OPT_HL, OPT_VERSION };
  static const struct option longs[] = {
    { "all", no_argument, NULL, 'a' },
    { "alphabetical", no_argument, NULL, 'A' },
    { "description", no_argument, NULL, 'd' },
    { "enum", no_argument, NULL, 'e' },
    { "filename", no_argument, NULL, 'f' },
    { "language-types", no_argument, NULL, 'l' },
    { "string", no_argument, NULL, 's' },
    { "units", no_argument, NULL, 'u' },
    { "value", no_argument, NULL, 'v' },
    { "brief", no_argument, NULL, 'b' },
    { "settings", no_argument, NULL, 'S' },
    { "components", no_argument, NULL, 'C' },
    { "markdown", no_argument, NULL, 'M' },
    { "csv", no_argument, NULL, OPT_CSV },
    { "hw-counters", no_argument, NULL, 'H' },
    { "output", required_argument, NULL, 'O' },
    { "filter", required_argument, NULL, 'r' },
    { "hl", no_argument, NULL, OPT_HL },
    { "highlight", no_argument, NULL, OPT_HL },
    { "help", no_argument, NULL, 'h' },
    { "version", no_argument, NULL, OPT_VERSION },
    { NULL, 0, NULL, 0 }
  };
  int all = 0, comps = 0, settings = 0, hw = 0, c;
  const char *output = NULL, *regex = NULL;
  while ((c = getopt_long (argc, argv, "aAdeflsuvbSCMHO:r:h", longs, NULL)) != -1)
    switch (c)
      {
      case 'a': all = 1; break;
      case 'A': alphabetical = 1; break;
      case 'd': opt[OPT_DESC] = !opt[OPT_DESC]; break;
      case 'e': opt[OPT_ENUM] = !opt[OPT_ENUM]; break;
      case 'f': opt[OPT_FILENAME] = !opt[OPT_FILENAME]; break;
      case 's': opt[OPT_STRING] = !opt[OPT_STRING]; break;
      case 'u': opt[OPT_UNITS] = !opt[OPT_UNITS]; break;
      case 'v': opt[OPT_VALUE] = !opt[OPT_VALUE]; break;
      case 'l': break;
      case 'b': brief = 1; break;
      case 'S': settings = 1; break;
      case 'C': comps = 1; break;
      case 'H': hw = 1; break;
      case 'M': style = STYLE_MARKDOWN; break;
      case OPT_CSV: style = STYLE_CSV; break;
      case 'O': output = optarg; break;
      case 'r': regex = optarg; break;
      case OPT_HL: highlight = 1; break;
      case 'h': usage (stdout); return 0;
      case OPT_VERSION:
        printf ("timemory-avail (%s) %s\n", PACKAGE_NAME, PACKAGE_VERSION);
        return 0;
      default:
        usage (stderr);
        return 2;
      }
  if (optind < argc)
    {
      fprintf (stderr, "timemory-avail: unexpected argument '%s'\n", argv[optind]);
      usage (stderr);
      return 2;
    }
  if (regex)
    {
      int rc = regcomp (&filter, regex, REG_EXTENDED);
      if (rc != 0)
        {
          char msg[256];
          regerror (rc, &filter, msg, sizeof msg);
          fprintf (stderr, "timemory-avail: bad regex '%s': %s\n", regex, msg);
          return 2;
        }
      have_filter = 1;
    }
  if (all)
    {
      comps = settings = hw = 1;
      for (int i = 0; i < OPT_N; i++)
        opt[i] = 1;
    }
  if (!comps && !settings && !hw)
    comps = 1;
  /* The settings as the runtime reads them (a config file's too); bad
     values warn here as they would in a run.  */
  trun_settings_load ();
  FILE *f = stdout;
  if (output && !(f = fopen (output, "w")))
    {
      fprintf (stderr, "timemory-avail: cannot write %s: ", output);
      perror (NULL);
      return 1;
    }
  if (comps)
    list_components (f);
  if (settings)
    list_settings (f);
  if (hw)
    list_hw_counters (f);
  if (fflush (f) != 0 || ferror (f) || (f != stdout && fclose (f) != 0))
    {
      fprintf (stderr, "timemory-avail: write error\n");
      return 1;
    }
  return 0;
}
