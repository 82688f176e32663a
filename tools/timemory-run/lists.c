/* tools/timemory-run/lists.c -- reading the plugin's list file (see
 * lists.h).
 */
#include "lists.h"
#include "util/alloc.h"
#include "util/buf.h"
#include "util/path.h"
#include "util/run.h"

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

int
write_function_lists (const struct options *o, const char *list_file,
                      const struct strv *objects)
{
  int rc = 0;
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
