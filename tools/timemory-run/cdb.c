/* tools/timemory-run/cdb.c -- compile commands on disk (see cdb.h).  */
#include "cdb.h"
#include "ccargs.h"
#include "cmake-tree.h"
#include "options.h"
#include "trun-cc.h"
#include "util/alloc.h"
#include "util/buf.h"
#include "util/json-write.h"
#include "util/path.h"
#include "util/run.h"

#include <errno.h>
#include <json.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ------------------------------------------------------------------ */
/* JSON through json-c                                                */

/* Why json-c refused a text, in the words timemory-run has always used
   where it had them.  */
static const char *
parse_error (enum json_tokener_error e)
{
  switch (e)
    {
    case json_tokener_error_depth:
      return "nested too deeply";
    case json_tokener_error_parse_object_key_name:
      return "expected a key";
    case json_tokener_error_parse_object_key_sep:
      return "expected ':'";
    case json_tokener_error_parse_array:
    case json_tokener_error_parse_object_value_sep:
      return "expected ',' or a closing bracket";
    case json_tokener_error_parse_string:
    case json_tokener_error_parse_utf8_string:
      return "bad escape in string";
    case json_tokener_error_parse_unexpected:
    case json_tokener_error_parse_null:
    case json_tokener_error_parse_boolean:
    case json_tokener_error_parse_number:
    case json_tokener_error_parse_comment:
      return "unexpected character";
    default:
      return json_tokener_error_desc (e);
    }
}

/* TEXT as one JSON value; NULL with *ERR set (NULL for a bare "null")
   when it is not exactly one.  */
static struct json_object *
parse_json (const char *text, const char **err)
{
  struct json_tokener *tok = json_tokener_new_ex (64);
  if (!tok)
    {
      *err = "out of memory";
      return NULL;
    }
  size_t len = strlen (text);
  /* The terminating NUL ends a bare number or literal too.  */
  struct json_object *j = json_tokener_parse_ex (tok, text, (int) len + 1);
  enum json_tokener_error e = json_tokener_get_error (tok);
  size_t end = json_tokener_get_parse_end (tok);
  json_tokener_free (tok);
  *err = NULL;
  if (e != json_tokener_success)
    {
      *err = parse_error (e);
      json_object_put (j);
      return NULL;
    }
  end += strspn (text + (end < len ? end : len), " \t\n\r");
  if (end < len)
    {
      *err = "trailing text";
      json_object_put (j);
      return NULL;
    }
  return j;
}

/* OBJ's member KEY when it is a string, else NULL.  */
static const char *
member_string (struct json_object *obj, const char *key)
{
  struct json_object *v;
  if (!json_object_is_type (obj, json_type_object) || !json_object_object_get_ex (obj, key, &v)
      || !json_object_is_type (v, json_type_string))
    return NULL;
  return json_object_get_string (v);
}

/* OBJ's "arguments" array as strings (numbers and literals as written,
   arrays and objects as ""); 0 when it has no such array.  */
static int
member_arguments (struct json_object *obj, struct strv *args)
{
  struct json_object *v;
  if (!json_object_is_type (obj, json_type_object)
      || !json_object_object_get_ex (obj, "arguments", &v)
      || !json_object_is_type (v, json_type_array))
    return 0;
  for (size_t i = 0; i < json_object_array_length (v); i++)
    {
      struct json_object *item = json_object_array_get_idx (v, i);
      const char *s = !item ? "null"
                      : json_object_is_type (item, json_type_array)
                            || json_object_is_type (item, json_type_object)
                          ? ""
                          : json_object_get_string (item);
      strv_push (args, s);
    }
  return 1;
}

/* ------------------------------------------------------------------ */
/* Loading for -o                                                     */

static void
push_command (struct database *db, struct command *c)
{
  db->cmds = xrealloc (db->cmds, (db->n + 1) * sizeof *db->cmds);
  db->cmds[db->n++] = *c;
}

/* C's output when the entry names none: CMake's database before 3.20
   has no "output", so take -o.  */
static void
default_output (struct command *c, const char *file)
{
  struct cc_args ca;
  cc_parse (c->args.v, &ca);
  char *obj = ca.output ? xstrdup (ca.output) : cc_default_object (file);
  c->output = path_absolute (c->dir, obj);
  free (obj);
  cc_free (&ca);
}

void
database_add_compile (struct database *db, const char *dir, struct strv *args,
                      const char *file)
{
  struct command c = { 0 };
  c.args = *args;
  memset (args, 0, sizeof *args);
  c.dir = xstrdup (dir);
  c.file = path_canonical (dir, file);
  default_output (&c, file);
  push_command (db, &c);
}

static void
add_command (struct database *db, struct json_object *j)
{
  const char *dir = member_string (j, "directory");
  const char *kind = member_string (j, "kind");
  const char *file = member_string (j, "file");
  const char *output = member_string (j, "output");
  const char *command = member_string (j, "command");
  int is_link = kind && strcmp (kind, "link") == 0;
  if (!dir || (!file && !is_link))
    return;
  struct command c = { 0 };
  if (!member_arguments (j, &c.args))
    {
      if (!command)
        return;
      shell_split (&c.args, command);
    }
  if (!c.args.n)
    return;
  c.dir = xstrdup (dir);
  c.is_link = is_link;
  c.file = file ? path_canonical (dir, file) : NULL;
  if (output)
    c.output = path_absolute (dir, output);
  else if (!is_link)
    default_output (&c, file);
  push_command (db, &c);
}

void
free_database (struct database *db)
{
  for (size_t i = 0; i < db->n; i++)
    {
      free (db->cmds[i].dir), free (db->cmds[i].file), free (db->cmds[i].output);
      strv_free (&db->cmds[i].args);
    }
  free (db->cmds);
  free (db->path);
  memset (db, 0, sizeof *db);
}

int
load_database (struct database *db, const char *path)
{
  memset (db, 0, sizeof *db);
  db->path = xstrdup (path);
  if (is_cmake_tree_marker (path))
    {
      load_cmake_tree (db, path);
      return 0;
    }
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
          struct json_object *j = parse_json (lines.v[i], &err);
          if (j)
            add_command (db, j);
          json_object_put (j);
        }
      strv_free (&lines);
    }
  else
    {
      struct json_object *j = parse_json (text, &err);
      if (!json_object_is_type (j, json_type_array))
        {
          fprintf (stderr, "%s: %s is not a compilation database (%s)\n", program_name, path,
                   err ? err : "not an array");
          json_object_put (j);
          free (text);
          return -1;
        }
      for (size_t i = 0; i < json_object_array_length (j); i++)
        add_command (db, json_object_array_get_idx (j, i));
      json_object_put (j);
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
      const char *err;
      struct json_object *j = parse_json (lines.v[i], &err);
      const char *kind = member_string (j, "kind");
      const char *dir = member_string (j, "directory");
      const char *file = member_string (j, "file");
      const char *out = member_string (j, "output");
      if (kind && strcmp (kind, "compile") == 0 && dir && file && out)
        {
          struct strv args = { 0 };
          member_arguments (j, &args);
          buf_printf (&b, "%s\n  {\"directory\": ", first ? "" : ",");
          buf_json_string (&b, dir);
          buf_puts (&b, ", \"arguments\": ");
          buf_json_strv (&b, args.v, args.n);
          buf_puts (&b, ", \"file\": ");
          buf_json_string (&b, file);
          buf_puts (&b, ", \"output\": ");
          buf_json_string (&b, out);
          buf_puts (&b, "}");
          first = 0;
          strv_free (&args);
          char *obj = path_absolute (dir, out);
          if (!strv_contains (objects, obj))
            strv_push (objects, obj);
          free (obj);
        }
      json_object_put (j);
    }
  buf_puts (&b, "\n]\n");
  char *cdb = path_join (state, TRUN_STATE_CDB);
  write_file_text (cdb, b.s);
  free (cdb), free (b.s), free (text), free (log);
  strv_free (&lines);
}
