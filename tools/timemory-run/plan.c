/* tools/timemory-run/plan.c -- PROGRAM's compile commands for -o (see
 * plan.h).
 *
 * Looked for, in this order: --compile-commands; the log of
 * $TIMEMORY_RUN_STATE_DIR; compile_commands.json or a build recorded by
 * timemory-run (.timemory-run/commands.jsonl) beside PROGRAM and in its
 * parent directories; the same in each DWARF compile directory and its
 * build tree (its subdirectories, 4 levels down), and in its parents and
 * their build* subdirectories.  A database found that way is taken only when it compiles one
 * of PROGRAM's DWARF sources or links PROGRAM (by path or build-id): a
 * copied binary beside another project's database is not that project.
 * Without one, the commands are reconstructed from the DWARF: the
 * switches of DW_AT_producer, -I directories from the line table's files
 * (and the #include lines of the sources), the -D macros of a -g3 build.
 */
#define _GNU_SOURCE
#include "plan.h"
#include "ccargs.h"
#include "util/alloc.h"
#include "util/path.h"
#include "util/run.h"

#include <ctype.h>
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void
dwarf_unit_sources (const struct dwarf_info *di, struct strv *sources)
{
  for (size_t i = 0; i < di->n; i++)
    {
      char *src = path_canonical (NULL, di->units[i].source);
      if (!strv_contains (sources, src))
        strv_push (sources, src);
      free (src);
    }
}

const struct command *
plan_find_link (const struct database *db, const char *program, const char *build_id)
{
  const struct command *found = NULL;
  for (size_t i = 0; i < db->n; i++)
    if (db->cmds[i].is_link && same_file (db->cmds[i].output, program))
      found = &db->cmds[i];
  if (found || !build_id)
    return found;
  for (size_t i = 0; i < db->n; i++)
    if (db->cmds[i].is_link && is_file (db->cmds[i].output))
      {
        char *id = elf_build_id (db->cmds[i].output);
        if (id && strcmp (id, build_id) == 0)
          found = &db->cmds[i];
        free (id);
      }
  return found;
}

/* ------------------------------------------------------------------ */
/* Finding a database                                                 */

static void
add_candidate (struct strv *cands, const char *dir, const char *name)
{
  char *p = path_join (dir, name);
  if (is_file (p))
    {
      char *c = path_canonical (NULL, p);
      if (!strv_contains (cands, c))
        strv_push (cands, c);
      free (c);
    }
  free (p);
}

static int
is_build_tree_name (const char *name)
{
  return starts_with (name, "build") || starts_with (name, "_build")
         || strcmp (name, "out") == 0 || strcmp (name, "obj") == 0;
}

/* The candidates of DIR's build tree: its subdirectories, at most 4
   levels down and 3000 directories in all (hidden ones left out).  */
struct tree_walk
{
  struct strv *cands;
  int depth;
  size_t *budget;
};

static void
add_tree_dir (const char *sub, const char *name, void *ctx)
{
  struct tree_walk *w = ctx;
  (void) name;
  add_candidate (w->cands, sub, ".timemory-run/commands.jsonl");
  add_candidate (w->cands, sub, "compile_commands.json");
  add_candidate (w->cands, sub, "CMakeFiles/Makefile.cmake");
  if (w->depth < 4)
    {
      struct tree_walk down = { w->cands, w->depth + 1, w->budget };
      for_each_subdir (sub, w->budget, add_tree_dir, &down);
    }
}

static void
add_tree (struct strv *cands, const char *dir, size_t *budget)
{
  struct tree_walk w = { cands, 1, budget };
  for_each_subdir (dir, budget, add_tree_dir, &w);
}

/* DIR's candidates; with TREES also those of its build trees: all of
   its subdirectories when TREES is 2, those named build*, _build*, out
   or obj when 1.  */
static void
add_dir (struct strv *cands, const char *dir, int trees)
{
  add_candidate (cands, dir, ".timemory-run/commands.jsonl");
  add_candidate (cands, dir, "compile_commands.json");
  add_candidate (cands, dir, "CMakeFiles/Makefile.cmake");
  if (trees == 2)
    {
      size_t budget = 3000;
      add_tree (cands, dir, &budget);
      return;
    }
  if (!trees)
    return;
  DIR *d = opendir (dir);
  struct dirent *e;
  while (d && (e = readdir (d)))
    if (e->d_name[0] != '.' && is_build_tree_name (e->d_name))
      {
        char *sub = path_join (dir, e->d_name);
        if (is_dir (sub))
          {
            add_candidate (cands, sub, ".timemory-run/commands.jsonl");
            add_candidate (cands, sub, "compile_commands.json");
          }
        free (sub);
      }
  if (d)
    closedir (d);
}

/* START's candidates and its parents'; with TREES, START's whole build
   tree and its parents' build* subdirectories.  */
static void
add_dir_and_parents (struct strv *cands, const char *start, int trees)
{
  char *dir = path_absolute (NULL, start);
  for (int first = 1;; first = 0)
    {
      add_dir (cands, dir, trees && first ? 2 : trees);
      if (strcmp (dir, "/") == 0)
        break;
      char *parent = dir_name (dir);
      free (dir);
      dir = parent;
    }
  free (dir);
}

/* Whether DB is PROGRAM's: it compiles one of SOURCES or links PROGRAM.  */
static int
database_covers (const struct database *db, const struct strv *sources, const char *program,
                 const char *build_id)
{
  for (size_t i = 0; i < db->n; i++)
    if (!db->cmds[i].is_link && db->cmds[i].file && strv_contains (sources, db->cmds[i].file))
      return 1;
  return plan_find_link (db, program, build_id) != NULL;
}

/* 1 with DB loaded, 0 when none fits (REJECTED: those found but not
   PROGRAM's), -1 after an error was printed.  */
static int
find_database (const struct options *o, const char *program, const struct dwarf_info *di,
               const struct strv *sources, struct database *db, struct strv *comp_dirs,
               struct strv *rejected)
{
  if (o->compile_commands)
    return load_database (db, o->compile_commands) == 0 ? 1 : -1;
  struct strv beside = { 0 }, cands = { 0 };
  const char *state = getenv ("TIMEMORY_RUN_STATE_DIR");
  if (state && *state)
    add_candidate (&beside, state, "commands.jsonl");
  char *pdir = dir_name (program);
  add_dir_and_parents (&beside, pdir, 0);
  free (pdir);
  for (size_t i = 0; i < di->n; i++)
    {
      const char *cd = di->units[i].comp_dir;
      if (cd && !strv_contains (comp_dirs, cd))
        strv_push (comp_dirs, cd);
    }
  strv_extend (&cands, &beside);
  for (size_t i = 0; i < comp_dirs->n; i++)
    if (is_dir (comp_dirs->v[i]))
      add_dir_and_parents (&cands, comp_dirs->v[i], 1);
  int rc = 0;
  for (size_t i = 0; i < cands.n && rc == 0; i++)
    {
      struct database cand;
      if (load_database (&cand, cands.v[i]) != 0)
        {
          free_database (&cand);
          continue;
        }
      /* Without DWARF sources, what lies beside PROGRAM is taken as
         before: all of its compiles, or its link.  */
      int fits = database_covers (&cand, sources, program, di->build_id)
                 || (!sources->n && i < beside.n);
      if (fits)
        {
          *db = cand;
          rc = 1;
        }
      else
        {
          strv_push (rejected, cands.v[i]);
          free_database (&cand);
        }
    }
  strv_free (&beside), strv_free (&cands);
  return rc;
}

/* ------------------------------------------------------------------ */
/* Reconstructing from DWARF                                          */

/* The directories gcc (g++ for CXX) searches for <...> by default.  */
static void
system_include_dirs (const char *compiler, int cxx, struct strv *dirs)
{
  char *out = NULL;
  char *argv[] = { "sh", "-c", "exec \"$0\" -E -v -x \"$1\" /dev/null 2>&1 >/dev/null",
                   (char *) compiler, cxx ? "c++" : "c", NULL };
  run_command (argv, &out, 1);
  struct strv lines = { 0 };
  strv_split (&lines, out ? out : "", '\n');
  int in = 0;
  for (size_t i = 0; i < lines.n; i++)
    {
      if (strstr (lines.v[i], "search starts here"))
        in = 1;
      else if (strstr (lines.v[i], "End of search list"))
        in = 0;
      else if (in && lines.v[i][0] == ' ')
        {
          char *d = path_canonical (NULL, lines.v[i] + 1);
          strv_push_own (dirs, d);
        }
    }
  strv_free (&lines);
  free (out);
}

/* Both languages' system directories, asked for once.  */
struct sysdirs
{
  struct strv d[2];
  int done[2];
};

static const struct strv *
sysdirs_of (struct sysdirs *sd, int cxx)
{
  if (!sd->done[cxx])
    system_include_dirs (cxx ? "g++" : "gcc", cxx, &sd->d[cxx]), sd->done[cxx] = 1;
  return &sd->d[cxx];
}

static int
under_any (const struct strv *dirs, const char *path)
{
  for (size_t i = 0; i < dirs->n; i++)
    {
      size_t n = strlen (dirs->v[i]);
      if (strncmp (path, dirs->v[i], n) == 0 && (path[n] == '/' || path[n] == 0))
        return 1;
    }
  return 0;
}

/* The #include spellings of the file PATH ("sub/k.h"), into SPELLINGS.  */
static void
scan_includes (const char *path, struct strv *spellings)
{
  char *text = read_file_text (path, NULL);
  if (!text)
    return;
  for (char *line = text; line && *line;)
    {
      char *next = strchr (line, '\n');
      if (next)
        *next++ = 0;
      char *p = line;
      while (isspace ((unsigned char) *p))
        p++;
      if (*p == '#')
        {
          p++;
          while (isspace ((unsigned char) *p))
            p++;
          if (starts_with (p, "include"))
            {
              p += 7;
              while (isspace ((unsigned char) *p))
                p++;
              char close = *p == '"' ? '"' : *p == '<' ? '>' : 0;
              char *end = close ? strchr (p + 1, close) : NULL;
              if (end && end > p + 1)
                {
                  char *s = xstrndup (p + 1, (size_t) (end - p - 1));
                  if (!strv_contains (spellings, s))
                    strv_push (spellings, s);
                  free (s);
                }
            }
        }
      line = next;
    }
  free (text);
}

/* Directories under ROOT (ROOT too), at most 5 levels deep and 4000 in
   all, hidden ones left out.  */
static void
walk_dirs (const char *root, int depth, struct strv *dirs)
{
  if (dirs->n >= 4000)
    return;
  strv_push (dirs, root);
  if (depth >= 5)
    return;
  DIR *d = opendir (root);
  struct dirent *e;
  while (d && (e = readdir (d)))
    {
      if (e->d_name[0] == '.')
        continue;
      char *sub = path_join (root, e->d_name);
      if (is_dir (sub))
        walk_dirs (sub, depth + 1, dirs);
      free (sub);
    }
  if (d)
    closedir (d);
}

static int
found_in (const struct strv *dirs, const char *spelling)
{
  for (size_t i = 0; i < dirs->n; i++)
    {
      char *p = path_join (dirs->v[i], spelling);
      int ok = is_file (p);
      free (p);
      if (ok)
        return 1;
    }
  return 0;
}

/* The -I directories of unit U (absolute); headers it had that are gone,
   into MISSING.  */
static void
unit_include_dirs (const struct dwarf_unit *u, const struct strv *sys, struct strv *incs,
                   struct strv *missing)
{
  char *srcdir = dir_name (u->source);
  struct strv spellings = { 0 };
  scan_includes (u->source, &spellings);
  for (size_t i = 0; i < u->files.n; i++)
    if (strcmp (u->files.v[i], u->source) != 0 && is_file (u->files.v[i]))
      scan_includes (u->files.v[i], &spellings);
  struct strv seen = { 0 }; /* where the line table's headers were found */
  for (size_t i = 0; i < u->files.n; i++)
    {
      const char *f = u->files.v[i];
      if (strcmp (f, u->source) == 0 || under_any (sys, f))
        continue;
      if (!is_file (f))
        {
          if (!strv_contains (missing, f))
            strv_push (missing, f);
          continue;
        }
      /* The directory the header was found in: F less the longest
         spelling it ends with (else its own directory).  */
      char *dir = dir_name (f);
      size_t best = 0;
      for (size_t k = 0; k < spellings.n; k++)
        {
          size_t n = strlen (spellings.v[k]), fn = strlen (f);
          if (n > best && fn > n + 1 && strcmp (f + fn - n, spellings.v[k]) == 0
              && f[fn - n - 1] == '/')
            {
              best = n;
              free (dir);
              dir = xstrndup (f, fn - n - 1);
            }
        }
      if (strcmp (dir, srcdir) != 0 && !strv_contains (incs, dir))
        strv_push (incs, dir);
      if (!strv_contains (&seen, dir))
        strv_push (&seen, dir);
      free (dir);
    }
  /* Headers the line table does not name (macros and declarations only):
     looked for under the compile directory.  */
  struct strv tree = { 0 };
  for (size_t k = 0; k < spellings.n; k++)
    {
      const char *s = spellings.v[k];
      if (s[0] == '/' || found_in (&seen, s) || found_in (incs, s) || found_in (sys, s))
        continue;
      char *p = path_join (srcdir, s);
      int here = is_file (p);
      free (p);
      if (here)
        continue;
      if (!tree.n)
        walk_dirs (u->comp_dir && is_dir (u->comp_dir) ? u->comp_dir : srcdir, 0, &tree);
      for (size_t t = 0; t < tree.n; t++)
        {
          char *q = path_join (tree.v[t], s);
          int ok = is_file (q);
          free (q);
          if (ok)
            {
              if (!strv_contains (incs, tree.v[t]))
                strv_push (incs, tree.v[t]);
              break;
            }
        }
    }
  strv_free (&tree), strv_free (&seen), strv_free (&spellings);
  free (srcdir);
}

/* "NAME BODY" or "NAME(ARGS) BODY" as -DNAME=BODY.  */
static char *
define_option (const char *def)
{
  const char *sp = strchr (def, ' ');
  const char *paren = strchr (def, '(');
  if (paren && (!sp || paren < sp))
    {
      const char *close = strchr (paren, ')');
      sp = close ? strchr (close, ' ') : NULL;
    }
  if (!sp)
    return xasprintf ("-D%s=", def);
  return xasprintf ("-D%.*s=%s", (int) (sp - def), def, sp + 1);
}

/* U's -D options from its -g3 macro information: the line-0 definitions
   less the compiler's own for the same switches.  */
static void
unit_defines (const struct dwarf_unit *u, const char *compiler, const struct strv *switches,
              struct strv *defs)
{
  struct strv argv = { 0 };
  strv_push (&argv, compiler);
  strv_extend (&argv, switches);
  strv_push (&argv, "-dM");
  strv_push (&argv, "-E");
  strv_push (&argv, "-x");
  strv_push (&argv, u->cxx ? "c++" : "c");
  strv_push (&argv, "/dev/null");
  char *out = NULL;
  run_command (argv.v, &out, 1);
  struct strv builtin = { 0 };
  struct strv lines = { 0 };
  strv_split (&lines, out ? out : "", '\n');
  for (size_t i = 0; i < lines.n; i++)
    if (starts_with (lines.v[i], "#define "))
      strv_push (&builtin, lines.v[i] + 8);
  for (size_t i = 0; i < u->macros.n; i++)
    if (!strv_contains (&builtin, u->macros.v[i]))
      strv_push_own (defs, define_option (u->macros.v[i]));
  strv_free (&lines), strv_free (&builtin), strv_free (&argv);
  free (out);
}

static int
keep_switch (const char *s)
{
  return !starts_with (s, "-fplugin") && !starts_with (s, "-fdiagnostics-")
         && strcmp (s, "-fpreprocessed") != 0;
}

/* DB from DI's units; their sources are all present.  Prints the one
   line saying what was reconstructed.  */
static void
reconstruct (const struct dwarf_info *di, const char *shown, struct sysdirs *sd,
             struct database *db)
{
  memset (db, 0, sizeof *db);
  db->path = xstrdup (PLAN_FROM_DWARF);
  size_t nincs = 0, ndefs = 0, with_switches = 0, with_macros = 0;
  for (size_t i = 0; i < di->n; i++)
    {
      const struct dwarf_unit *u = &di->units[i];
      const char *compiler = u->cxx ? "g++" : "gcc";
      struct strv switches = { 0 }, all = { 0 }, incs = { 0 }, defs = { 0 }, gone = { 0 };
      if (producer_switches (u->producer, &all))
        with_switches++;
      for (size_t k = 0; k < all.n; k++)
        if (keep_switch (all.v[k]))
          strv_push (&switches, all.v[k]);
      unit_include_dirs (u, sysdirs_of (sd, u->cxx), &incs, &gone);
      if (u->has_macros && u->macros.n)
        {
          unit_defines (u, compiler, &switches, &defs);
          with_macros++;
        }
      struct command c = { 0 };
      c.dir = xstrdup (u->comp_dir && is_dir (u->comp_dir) ? u->comp_dir : "/");
      strv_push (&c.args, compiler);
      strv_extend (&c.args, &switches);
      for (size_t k = 0; k < incs.n; k++)
        strv_push_own (&c.args, xasprintf ("-I%s", incs.v[k]));
      strv_extend (&c.args, &defs);
      strv_push (&c.args, "-c");
      strv_push (&c.args, u->source);
      c.file = path_canonical (NULL, u->source);
      char *obj = cc_default_object (u->source);
      c.output = path_join (c.dir, obj);
      free (obj);
      nincs += incs.n, ndefs += defs.n;
      db->cmds = xrealloc (db->cmds, (db->n + 1) * sizeof *db->cmds);
      db->cmds[db->n++] = c;
      strv_free (&switches), strv_free (&all), strv_free (&incs), strv_free (&defs);
      strv_free (&gone);
    }
  char *macros = with_macros == di->n
                   ? xasprintf ("%zu -D macro%s from its -g3 macro information", ndefs,
                                ndefs == 1 ? "" : "s")
                   : xstrdup ("-D macros are not recorded by GCC unless -g3, so results may "
                              "differ");
  fprintf (stderr,
           "%s: no compile commands for %s: rebuilding its %zu source%s from its debug "
           "information (%s, %zu -I director%s from the line table and the #include lines); %s\n",
           program_name, shown, di->n, di->n == 1 ? "" : "s",
           with_switches ? "compiler switches from DW_AT_producer"
                         : "no compiler switches recorded (-gno-record-gcc-switches)",
           nincs, nincs == 1 ? "y" : "ies", macros);
  free (macros);
}

/* ------------------------------------------------------------------ */
/* The error                                                          */

static void
explain (const char *shown, const struct dwarf_info *di, const struct strv *comp_dirs,
         const struct strv *rejected, const struct strv *missing)
{
  fprintf (stderr,
           "%s: cannot rebuild %s: no compile commands found for it.\n"
           "  Looked for compile_commands.json, for a build recorded by timemory-run\n"
           "  (.timemory-run/commands.jsonl) and for a CMake Makefile tree (CMakeFiles/)\n"
           "  beside it and in its parent directories",
           program_name, shown);
  for (size_t i = 0; i < comp_dirs->n; i++)
    fprintf (stderr, ",\n  in its compile directory %s%s", comp_dirs->v[i],
             is_dir (comp_dirs->v[i]) ? ", its parents and their build trees" : " (gone)");
  fprintf (stderr, ".\n");
  if (rejected->n)
    {
      fprintf (stderr, "  Found, but compiling none of its sources:");
      for (size_t i = 0; i < rejected->n; i++)
        fprintf (stderr, " %s", rejected->v[i]);
      fprintf (stderr, ".\n");
    }
  if (missing->n)
    {
      fprintf (stderr, "  It cannot be rebuilt from its debug information either: these of its "
                       "sources moved or are missing:\n");
      for (size_t i = 0; i < missing->n; i++)
        fprintf (stderr, "    %s\n", missing->v[i]);
    }
  else if (!di->has_debug)
    fprintf (stderr, "  It has no debug information to rebuild from either (built without -g).\n");
  else
    fprintf (stderr, "  Its debug information names no C or C++ source to rebuild from.\n");
  fprintf (stderr, "  Fix it with one of:\n");
  if (missing->n)
    fprintf (stderr, "    put those sources back where they were (or rebuild the program where "
                     "they are now)\n");
  else
    fprintf (stderr, "    build it with -g: timemory-run then rebuilds it from its debug "
                     "information\n");
  fprintf (stderr,
           "    cmake -DCMAKE_EXPORT_COMPILE_COMMANDS=ON ...   (then build again)\n"
           "    bear -- make                                    (any build)\n"
           "    timemory-run -- make                            (records them in .timemory-run/)\n"
           "  or name the file with --compile-commands FILE.\n");
}

int
plan_compile_commands (const struct options *o, const char *program, const char *shown,
                       struct database *db, struct dwarf_info *di)
{
  if (dwarf_read_program (program, di) != 0)
    memset (di, 0, sizeof *di);
  struct strv sources = { 0 }, comp_dirs = { 0 }, rejected = { 0 }, missing = { 0 };
  struct sysdirs sd = { 0 };
  dwarf_unit_sources (di, &sources);
  int rc = find_database (o, program, di, &sources, db, &comp_dirs, &rejected);
  if (rc == 0 && di->n)
    {
      for (size_t i = 0; i < di->n; i++)
        if (!is_file (di->units[i].source))
          strv_push (&missing, di->units[i].source);
      /* Headers gone are named too: the compile would fail on them.  */
      for (size_t i = 0; i < di->n; i++)
        {
          struct strv incs = { 0 };
          unit_include_dirs (&di->units[i], sysdirs_of (&sd, di->units[i].cxx), &incs, &missing);
          strv_free (&incs);
        }
      if (!missing.n)
        {
          reconstruct (di, shown, &sd, db);
          rc = 1;
        }
    }
  if (rc == 0)
    explain (shown, di, &comp_dirs, &rejected, &missing);
  strv_free (&sources), strv_free (&comp_dirs), strv_free (&rejected), strv_free (&missing);
  strv_free (&sd.d[0]), strv_free (&sd.d[1]);
  return rc == 1 ? 0 : -1;
}
