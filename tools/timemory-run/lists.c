/* tools/timemory-run/lists.c -- reading the plugin's list file (see
 * lists.h).
 */
#include "lists.h"
#include "util/alloc.h"
#include "util/buf.h"
#include "util/path.h"
#include "util/run.h"
#include "trun-cc.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The plugin's list file has one line per function: "FILE:LINE\tLABEL".  */
static char *
list_line_file (const char *line)
{
  const char *tab = strchr (line, '\t');
  const char *end = tab ? tab : line + strlen (line);
  const char *colon = end;
  while (colon > line && colon[-1] != ':')
    colon--;
  if (colon > line)
    end = colon - 1;
  return xstrndup (line, (size_t) (end - line));
}

static const char *
list_line_name (const char *line)
{
  const char *tab = strchr (line, '\t');
  return tab ? tab + 1 : line;
}

/* "N functions in M files".  */
static void
count_instrumented (const char *list_file, long *functions, long *files)
{
  *functions = *files = 0;
  char *text = list_file ? read_file_text (list_file, NULL) : NULL;
  struct strv lines = { 0 }, seen_files = { 0 }, seen = { 0 };
  strv_split (&lines, text ? text : "", '\n');
  for (size_t i = 0; i < lines.n; i++)
    {
      if (lines.v[i][0] == '#' || strv_contains (&seen, lines.v[i]))
        continue;
      strv_push (&seen, lines.v[i]);
      (*functions)++;
      char *file = list_line_file (lines.v[i]);
      if (!strv_contains (&seen_files, file))
        strv_push (&seen_files, file), (*files)++;
      free (file);
    }
  strv_free (&lines), strv_free (&seen_files), strv_free (&seen);
  free (text);
}

void
print_summary (const struct options *o, const char *list_file, const char *what)
{
  long functions, files;
  count_instrumented (list_file, &functions, &files);
  const char *out = getenv ("TRUN_OUTPUT_PATH");
  if (!out)
    out = getenv ("TIMEMORY_OUTPUT_PATH");
  fprintf (stderr, "%s: instrumented %ld function%s in %ld file%s (%s mode)%s%s\n",
           program_name, functions, functions == 1 ? "" : "s", files, files == 1 ? "" : "s",
           o->mode, what ? "; " : "", what ? what : "");
  fprintf (stderr, "%s: the instrumented program writes its report to %s/ "
           "(TRUN_OUTPUT_PATH) in its working directory, and its tables to stdout\n",
           program_name, out ? out : "trun-output");
}

void
print_skip_summary (const char *skip_file)
{
  char *text = read_file_text (skip_file, NULL);
  struct strv lines = { 0 }, reasons = { 0 };
  long counts[64] = { 0 }, total = 0, units = 0;
  strv_split (&lines, text ? text : "", '\n');
  for (size_t i = 0; i < lines.n; i++)
    {
      struct strv fields = { 0 };
      strv_split (&fields, lines.v[i], '\t');
      units += fields.n > 0;
      for (size_t k = 1; k < fields.n; k++)
        {
          char *eq = strchr (fields.v[k], '=');
          if (!eq)
            continue;
          *eq = 0;
          size_t r = 0;
          while (r < reasons.n && strcmp (reasons.v[r], fields.v[k]) != 0)
            r++;
          if (r == reasons.n && r < 64)
            strv_push (&reasons, fields.v[k]);
          if (r < 64)
            counts[r] += atol (eq + 1), total += atol (eq + 1);
        }
      strv_free (&fields);
    }
  struct buf b = { 0 };
  buf_printf (&b, "%s: skipped %ld function%s in %ld compiled unit%s", program_name, total,
              total == 1 ? "" : "s", units, units == 1 ? "" : "s");
  /* Largest first; a function compiled in several units counts in each.  */
  for (int first = 1;; first = 0)
    {
      size_t best = reasons.n;
      for (size_t r = 0; r < reasons.n; r++)
        if (counts[r] > 0 && (best == reasons.n || counts[r] > counts[best]))
          best = r;
      if (best == reasons.n)
        break;
      buf_printf (&b, "%s%ld %s", first ? ": " : ", ", counts[best], reasons.v[best]);
      counts[best] = 0;
    }
  fprintf (stderr, "%s\n", b.s);
  free (b.s);
  strv_free (&lines), strv_free (&reasons);
  free (text);
}

/* Function names of a list file.  */
static void
list_names (const char *list_file, struct strv *names)
{
  char *text = read_file_text (list_file, NULL);
  struct strv lines = { 0 };
  strv_split (&lines, text ? text : "", '\n');
  for (size_t i = 0; i < lines.n; i++)
    {
      const char *name = list_line_name (lines.v[i]);
      if (lines.v[i][0] != '#' && !strv_contains (names, name))
        strv_push (names, name);
    }
  strv_free (&lines);
  free (text);
}

/* Function symbols defined in OBJECTS (nm), for --print-excluded.  */
static void
defined_functions (const struct strv *objects, struct strv *names)
{
  for (size_t i = 0; i < objects->n; i++)
    {
      char *out = NULL;
      char *argv[] = { "nm", "--defined-only", "--demangle", objects->v[i], NULL };
      if (!is_file (objects->v[i]) || run_command (argv, &out, 1) != 0)
        {
          free (out);
          continue;
        }
      struct strv lines = { 0 };
      strv_split (&lines, out, '\n');
      for (size_t k = 0; k < lines.n; k++)
        {
          /* "ADDR T name": text symbols are functions.  */
          char *l = lines.v[k];
          char *sp = strchr (l, ' ');
          if (!sp || !strchr ("TtWw", sp[1]) || sp[2] != ' ')
            continue;
          const char *name = sp + 3;
          if (strchr (name, '.') || starts_with (name, "_GLOBAL__")
              || starts_with (name, "__trun"))
            continue;
          if (!strv_contains (names, name))
            strv_push (names, name);
        }
      strv_free (&lines);
      free (out);
    }
}

/* The name part a list entry and nm agree on: C++ labels carry a
   signature, nm's demangled names too; compare up to '('.  */
static int
name_listed (const struct strv *listed, const char *name)
{
  size_t len = strcspn (name, "(");
  for (size_t i = 0; i < listed->n; i++)
    {
      const char *l = listed->v[i];
      const char *paren = strchr (l, '(');
      const char *start = l;
      /* Skip a return type: the name starts after the last space before '('.  */
      if (paren)
        for (const char *p = l; p < paren; p++)
          if (*p == ' ')
            start = p + 1;
      size_t llen = paren ? (size_t) (paren - start) : strlen (start);
      if (llen == len && strncmp (start, name, len) == 0)
        return 1;
    }
  return 0;
}

/* ------------------------------------------------------------------ */
/* timemory's listings                                                */

/* The name of a label, without its return type, parameters and the
   " [FILE:LINE]" of --label: "int ns::f<int, 2>(int) const" -> "ns::f<int, 2>".  */
static char *
plain_name (const char *label)
{
  size_t len = strlen (label);
  if (len > 2 && label[len - 1] == ']')
    {
      const char *open = strrchr (label, '[');
      if (open && open > label && open[-1] == ' ')
        len = (size_t) (open - 1 - label);
    }
  int depth = 0;
  size_t paren = len, space = 0;
  for (size_t i = 0; i < len; i++)
    {
      char c = label[i];
      if (c == '<')
        depth++;
      else if (c == '>' && depth > 0)
        depth--;
      else if (c == ' ' && depth == 0)
        {
          /* "operator delete", "operator int": part of the name.  */
          if (!(i >= 8 && strncmp (label + i - 8, "operator", 8) == 0))
            space = i + 1;
        }
      else if (c == '(' && depth == 0)
        {
          if (i >= 8 && strncmp (label + i - 8, "operator", 8) == 0 && label[i + 1] == ')')
            {
              i++; /* operator() */
              continue;
            }
          paren = i;
          break;
        }
    }
  if (space > paren)
    space = 0;
  return xstrndup (label + space, paren - space);
}

/* One function of a list file: its module (source file), line, label.  */
struct listed
{
  char *module, *label;
  long line;
};

static void
read_listed (const char *list_file, struct listed **v, size_t *n)
{
  *v = NULL, *n = 0;
  char *text = list_file ? read_file_text (list_file, NULL) : NULL;
  struct strv lines = { 0 }, seen = { 0 };
  strv_split (&lines, text ? text : "", '\n');
  *v = xmalloc ((lines.n + 1) * sizeof **v);
  for (size_t i = 0; i < lines.n; i++)
    {
      const char *l = lines.v[i];
      if (l[0] == '#' || strv_contains (&seen, l) || !strchr (l, '\t'))
        continue;
      strv_push (&seen, l);
      struct listed *e = &(*v)[(*n)++];
      e->module = list_line_file (l);
      const char *tab = strchr (l, '\t');
      const char *colon = tab;
      while (colon > l && colon[-1] != ':')
        colon--;
      e->line = colon > l ? atol (colon) : 0;
      e->label = xstrdup (tab + 1);
    }
  strv_free (&lines), strv_free (&seen);
  free (text);
}

static void
free_listed (struct listed *v, size_t n)
{
  for (size_t i = 0; i < n; i++)
    free (v[i].module), free (v[i].label);
  free (v);
}

static int
cmp_listed (const void *a, const void *b)
{
  const struct listed *x = a, *y = b;
  int c = strcmp (x->module, y->module);
  return c ? c : strcmp (x->label, y->label);
}

static int
cmp_str (const void *a, const void *b)
{
  return strcmp (*(char *const *) a, *(char *const *) b);
}

/* V listed timemory's way into B: "modules": one indented line per
   module; otherwise a "MODULE:" heading per module (after an empty line)
   and one indented line per entry, each once, sorted.  */
static void
format_listing (struct buf *b, enum print_what what, struct listed *v, size_t n)
{
  if (n == 0)
    return; /* (qsort of no entries may not be given NULL) */
  qsort (v, n, sizeof *v, cmp_listed);
  for (size_t i = 0; i < n;)
    {
      size_t end = i;
      while (end < n && strcmp (v[end].module, v[i].module) == 0)
        end++;
      if (what == PRINT_MODULES)
        {
          buf_printf (b, "    %s\n", v[i].module);
          i = end;
          continue;
        }
      struct strv entries = { 0 };
      for (size_t k = i; k < end; k++)
        {
          char *name = what == PRINT_FUNCTIONS || what == PRINT_PAIRS
                         ? plain_name (v[k].label) : xstrdup (v[k].label);
          char *entry = what == PRINT_PAIRS || what == PRINT_PAIRS_SIG
                          ? xasprintf ("[%s] --> [ %ld ][%s]", v[k].module, v[k].line, name)
                          : xstrdup (name);
          if (!strv_contains (&entries, entry))
            strv_push (&entries, entry);
          free (name), free (entry);
        }
      qsort (entries.v, entries.n, sizeof *entries.v, cmp_str);
      buf_printf (b, "\n%s:\n", v[i].module);
      for (size_t k = 0; k < entries.n; k++)
        buf_printf (b, "    %s\n", entries.v[k]);
      strv_free (&entries);
      i = end;
    }
}

/* The entries of AVAIL not in INST (by module and label).  */
static struct listed *
excluded_entries (struct listed *avail, size_t na, struct listed *inst, size_t ni, size_t *n)
{
  struct listed *v = xmalloc ((na + 1) * sizeof *v);
  *n = 0;
  for (size_t i = 0; i < na; i++)
    {
      size_t k = 0;
      while (k < ni && !(strcmp (avail[i].label, inst[k].label) == 0
                         && strcmp (avail[i].module, inst[k].module) == 0))
        k++;
      if (k == ni)
        v[(*n)++] = avail[i];
    }
  return v;
}

/* timemory's listings on stdout, and --print-dir's files.  */
static int
print_listings (const struct options *o, const char *list_file)
{
  char *dir = dir_name (list_file);
  char *available_file = path_join (dir, TRUN_STATE_AVAILABLE);
  struct listed *inst, *avail, *excl;
  size_t ni, na, ne;
  read_listed (list_file, &inst, &ni);
  read_listed (is_file (available_file) ? available_file : NULL, &avail, &na);
  excl = excluded_entries (avail, na, inst, ni, &ne);
  struct { enum print_what what; struct listed *v; size_t n; const char *file; } shown[] = {
    { o->print_available_what, avail, na, "available-instr.txt" },
    { o->print_instrumented_what, inst, ni, "instrumented-instr.txt" },
    { o->print_excluded_what, excl, ne, "excluded-instr.txt" },
    { o->print_overlapping_what, NULL, 0, "overlapping-instr.txt" },
  };
  int rc = 0;
  for (size_t k = 0; k < 4; k++)
    {
      if (shown[k].what)
        {
          struct buf b = { 0 };
          buf_puts (&b, "");
          format_listing (&b, shown[k].what, shown[k].v, shown[k].n);
          fputs (b.s, stdout);
          free (b.s);
        }
      if (o->print_dir)
        {
          struct buf b = { 0 };
          buf_puts (&b, "");
          format_listing (&b, PRINT_PAIRS_SIG, shown[k].v, shown[k].n);
          char *path = path_join (o->print_dir, shown[k].file);
          if (mkdir_p (o->print_dir) != 0 || write_file_text (path, b.s) != 0)
            {
              fprintf (stderr, "%s: cannot write %s: %s\n", program_name, path,
                       strerror (errno));
              rc = 1;
            }
          free (path), free (b.s);
        }
    }
  fflush (stdout);
  free (excl);
  free_listed (inst, ni), free_listed (avail, na);
  free (available_file), free (dir);
  return rc;
}

int
write_function_lists (const struct options *o, const char *list_file,
                      const struct strv *objects)
{
  int rc = 0;
  if (print_and_exit (o) || o->print_dir)
    rc = print_listings (o, list_file);
  if (o->print_instrumented)
    {
      char *text = read_file_text (list_file, NULL);
      if (write_file_text (o->print_instrumented, text ? text : "") != 0)
        {
          fprintf (stderr, "%s: cannot write %s: %s\n", program_name, o->print_instrumented,
                   strerror (errno));
          rc = 1;
        }
      free (text);
    }
  if (o->print_excluded)
    {
      struct strv listed = { 0 }, defined = { 0 };
      list_names (list_file, &listed);
      defined_functions (objects, &defined);
      struct buf b = { 0 };
      buf_puts (&b, "");
      for (size_t i = 0; i < defined.n; i++)
        if (!name_listed (&listed, defined.v[i]))
          buf_printf (&b, "%s\n", defined.v[i]);
      if (write_file_text (o->print_excluded, b.s) != 0)
        {
          fprintf (stderr, "%s: cannot write %s: %s\n", program_name, o->print_excluded,
                   strerror (errno));
          rc = 1;
        }
      free (b.s);
      strv_free (&listed), strv_free (&defined);
    }
  return rc;
}
