/* tools/timemory-run/cmake-tree.c -- the compile commands of a CMake
 * build tree made by the "Unix Makefiles" generator without
 * CMAKE_EXPORT_COMPILE_COMMANDS (see cmake-tree.h).
 *
 * Each target's directory (CMakeFiles/TARGET.dir/) holds the recipe of
 * every object in build.make and the variables the recipe uses in
 * flags.make:
 *
 *   flags.make:  CXX_DEFINES = -DUSE_MPI -DUSE_TIMEMORY
 *                CXX_INCLUDES = -isystem /usr/include/x86_64-linux-gnu/mpich
 *                CXX_FLAGS = -O2 -g -DNDEBUG -std=gnu++14
 *   build.make:  <TAB>[cd DIR && ]/usr/bin/c++ $(CXX_DEFINES) $(CXX_INCLUDES)
 *                  $(CXX_FLAGS) -MD ... -o OBJ -c SOURCE
 *
 * The recipe with its variables expanded is the command, run from DIR or
 * else from the top of the tree (where CMake's makefiles run it).  This
 * is what a copied binary's DWARF cannot give: the -D macros.  Nothing in
 * the tree is written.
 */
#include "cmake-tree.h"
#include "ccargs.h"
#include "util/alloc.h"
#include "util/buf.h"
#include "util/path.h"
#include "util/run.h"

#include <stdlib.h>
#include <string.h>

/* NAME = VALUE lines of a flags.make, as NAMES[i] / VALUES[i].  */
struct make_vars
{
  struct strv names, values;
};

static void
read_flags (const char *path, struct make_vars *mv)
{
  char *text = read_file_text (path, NULL);
  struct strv lines = { 0 };
  strv_split (&lines, text ? text : "", '\n');
  for (size_t i = 0; i < lines.n; i++)
    {
      const char *l = lines.v[i];
      const char *eq = strstr (l, " = ");
      if (l[0] == '#' || !eq)
        continue;
      char *name = xstrndup (l, (size_t) (eq - l));
      strv_push_own (&mv->names, name);
      strv_push (&mv->values, eq + 3);
    }
  strv_free (&lines);
  free (text);
}

/* LINE with every $(NAME) of MV replaced by its value; NULL when it uses
   a variable flags.make does not set (CMake's own commands).  */
static char *
expand (const char *line, const struct make_vars *mv)
{
  struct buf out = { 0 };
  buf_puts (&out, "");
  for (const char *s = line; *s;)
    {
      const char *close = s[0] == '$' && s[1] == '(' ? strchr (s, ')') : NULL;
      if (!close)
        {
          buf_add (&out, s++, 1);
          continue;
        }
      size_t len = (size_t) (close - s - 2), k;
      for (k = 0; k < mv->names.n; k++)
        if (strlen (mv->names.v[k]) == len && strncmp (mv->names.v[k], s + 2, len) == 0)
          break;
      if (k == mv->names.n)
        {
          free (out.s);
          return NULL;
        }
      buf_puts (&out, mv->values.v[k]);
      s = close + 1;
    }
  return out.s;
}

/* The compiles of one target directory TDIR into DB.  */
static void
read_target (struct database *db, const char *top, const char *tdir)
{
  char *build = path_join (tdir, "build.make"), *flags = path_join (tdir, "flags.make");
  char *text = is_file (flags) ? read_file_text (build, NULL) : NULL;
  struct make_vars mv = { 0 };
  if (text)
    read_flags (flags, &mv);
  struct strv lines = { 0 };
  strv_split (&lines, text ? text : "", '\n');
  for (size_t i = 0; i < lines.n; i++)
    {
      const char *l = lines.v[i];
      if (l[0] != '\t' || l[1] == '@' || !strstr (l, " -c "))
        continue;
      char *cmd = expand (l + 1, &mv);
      if (!cmd)
        continue;
      char *dir = NULL;
      const char *run = cmd;
      const char *and = strstr (cmd, " && ");
      if (strncmp (cmd, "cd ", 3) == 0 && and)
        {
          dir = xstrndup (cmd + 3, (size_t) (and - cmd - 3));
          run = and + 4;
        }
      struct strv args = { 0 };
      shell_split (&args, run);
      struct cc_args ca;
      cc_parse (args.v, &ca);
      if (ca.stage == CC_STAGE_COMPILE && ca.nsources == 1)
        for (size_t k = 0; k < ca.ninputs; k++)
          if (ca.inputs[k].kind == CC_INPUT_SOURCE)
            {
              char *file = xstrdup (ca.inputs[k].arg);
              cc_free (&ca);
              database_add_compile (db, dir ? dir : top, &args, file);
              free (file);
              break;
            }
      cc_free (&ca);
      strv_free (&args);
      free (dir);
      free (cmd);
    }
  strv_free (&lines);
  strv_free (&mv.names), strv_free (&mv.values);
  free (text);
  free (build), free (flags);
}

/* Every CMakeFiles/TARGET.dir under a directory (the top's and its
   subdirectories'), at most 6 levels down and BUDGET directories; in
   CMakeFiles only the targets' directories (not CMakeTmp or the compiler
   checks).  */
struct tree_walk
{
  struct database *db;
  const char *top;
  int depth;
  size_t *budget;
};

static void
walk (const char *sub, const char *name, void *ctx)
{
  struct tree_walk *w = ctx;
  if (strcmp (name, "CMakeFiles") == 0)
    {
      struct tree_walk targets = *w;
      targets.depth = -1;
      for_each_subdir (sub, w->budget, walk, &targets);
    }
  else if (w->depth < 0)
    {
      if (ends_with (name, ".dir"))
        read_target (w->db, w->top, sub);
    }
  else if (w->depth < 6)
    {
      struct tree_walk down = *w;
      down.depth++;
      for_each_subdir (sub, w->budget, walk, &down);
    }
}

int
is_cmake_tree_marker (const char *path)
{
  return ends_with (path, "/CMakeFiles/Makefile.cmake");
}

void
load_cmake_tree (struct database *db, const char *marker)
{
  char *cmakefiles = dir_name (marker);
  char *top = dir_name (cmakefiles);
  size_t budget = 3000;
  struct tree_walk w = { db, top, 1, &budget };
  for_each_subdir (top, &budget, walk, &w);
  free (top), free (cmakefiles);
}
