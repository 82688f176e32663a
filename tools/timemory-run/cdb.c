/* tools/timemory-run/cdb.c -- compile commands on disk (see cdb.h).  */
#include "cdb.h"
#include "ccargs.h"
#include "options.h"
#include "trun-cc.h"
#include "util/alloc.h"
#include "util/buf.h"
#include "util/json-read.h"
#include "util/json-write.h"
#include "util/path.h"
#include "util/run.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ------------------------------------------------------------------ */
/* Loading for -o                                                     */

static void
add_command (struct database *db, const struct json *j)
{
  const char *dir = json_get_string (j, "directory");
  const char *kind = json_get_string (j, "kind");
  const char *file = json_get_string (j, "file");
  const char *output = json_get_string (j, "output");
  const struct json *args = json_get (j, "arguments");
  const char *command = json_get_string (j, "command");
  int is_link = kind && strcmp (kind, "link") == 0;
  if (!dir || (!file && !is_link) || (!args && !command))
    return;
  struct command c = { 0 };
  c.dir = xstrdup (dir);
  if (args && args->type == JSON_ARRAY)
    for (size_t i = 0; i < args->n; i++)
      strv_push (&c.args, args->items[i]->str ? args->items[i]->str : "");
  else
    shell_split (&c.args, command);
  if (!c.args.n)
    {
      free (c.dir);
      return;
    }
  c.is_link = is_link;
  c.file = file ? path_canonical (dir, file) : NULL;
  if (output)
    c.output = path_absolute (dir, output);
  else if (!is_link)
    {
      /* CMake's database before 3.20 has no "output": take -o.  */
      struct cc_args ca;
      cc_parse (c.args.v, &ca);
      char *obj = ca.output ? xstrdup (ca.output) : cc_default_object (file);
      c.output = path_absolute (dir, obj);
      free (obj);
      cc_free (&ca);
    }
  db->cmds = xrealloc (db->cmds, (db->n + 1) * sizeof *db->cmds);
  db->cmds[db->n++] = c;
}

int
load_database (struct database *db, const char *path)
{
  memset (db, 0, sizeof *db);
  db->path = xstrdup (path);
  char *text = read_file_text (path, NULL);
  if (!text)
    {
      fprintf (stderr, "%s: cannot read %s: %s\n", program_name, path, strerror (errno));
      return -1;
    }
  const char *err = NULL;
  if (ends_with (path, ".jsonl"))
    {
      struct strv lines = { 0 };
      strv_split (&lines, text, '\n');
      for (size_t i = 0; i < lines.n; i++)
        {
          struct json *j = json_parse (lines.v[i], &err);
          if (j)
            add_command (db, j);
          json_free (j);
        }
      strv_free (&lines);
    }
  else
    {
      struct json *j = json_parse (text, &err);
      if (!j || j->type != JSON_ARRAY)
        {
          fprintf (stderr, "%s: %s is not a compilation database (%s)\n", program_name, path,
                   err ? err : "not an array");
          json_free (j);
          free (text);
          return -1;
        }
      for (size_t i = 0; i < j->n; i++)
        add_command (db, j->items[i]);
      json_free (j);
    }
  free (text);
  return 0;
}

/* ------------------------------------------------------------------ */
/* compile_commands.json for users and other tools                    */

void
write_compile_database (const char *state, struct strv *objects)
{
  char *log = path_join (state, TRUN_STATE_LOG);
  char *text = read_file_text (log, NULL);
  struct strv lines = { 0 };
  strv_split (&lines, text ? text : "", '\n');
  struct buf b = { 0 };
  buf_puts (&b, "[");
  int first = 1;
  for (size_t i = 0; i < lines.n; i++)
    {
      struct json *j = json_parse (lines.v[i], NULL);
      const char *kind = json_get_string (j, "kind");
      if (kind && strcmp (kind, "compile") == 0)
        {
          const struct json *args = json_get (j, "arguments");
          const char *dir = json_get_string (j, "directory");
          const char *out = json_get_string (j, "output");
          buf_printf (&b, "%s\n  {\"directory\": ", first ? "" : ",");
          buf_json_string (&b, dir);
          buf_puts (&b, ", \"arguments\": [");
          for (size_t k = 0; args && k < args->n; k++)
            {
              buf_puts (&b, k ? ", " : "");
              buf_json_string (&b, args->items[k]->str ? args->items[k]->str : "");
            }
          buf_puts (&b, "], \"file\": ");
          buf_json_string (&b, json_get_string (j, "file"));
          buf_puts (&b, ", \"output\": ");
          buf_json_string (&b, out);
          buf_puts (&b, "}");
          first = 0;
          char *obj = path_absolute (dir, out);
          if (!strv_contains (objects, obj))
            strv_push (objects, obj);
          free (obj);
        }
      json_free (j);
    }
  buf_puts (&b, "\n]\n");
  char *cdb = path_join (state, TRUN_STATE_CDB);
  write_file_text (cdb, b.s);
  free (cdb), free (b.s), free (text), free (log);
  strv_free (&lines);
}
