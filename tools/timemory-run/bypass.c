/* tools/timemory-run/bypass.c -- builds that bypass the wrappers (see
 * bypass.h).
 */
#define _GNU_SOURCE
#include "bypass.h"
#include "dwarf.h"
#include "util/alloc.h"
#include "util/path.h"
#include "util/run.h"

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* ------------------------------------------------------------------ */
/* CMake trees                                                        */

/* The build tree O's command builds when it is a CMake tree, or NULL.  */
static char *
cmake_tree_of (const struct options *o)
{
  const char *tool = base_name (o->command[0]);
  const char *dir = NULL;
  if (strcmp (tool, "cmake") == 0)
    {
      for (int i = 1; i + 1 < o->ncommand; i++)
        if (strcmp (o->command[i], "--build") == 0)
          dir = o->command[i + 1];
      if (!dir)
        return NULL;
    }
  else if (strcmp (tool, "make") == 0 || strcmp (tool, "gmake") == 0
           || strcmp (tool, "ninja") == 0 || strcmp (tool, "ninja-build") == 0)
    {
      dir = ".";
      for (int i = 1; i < o->ncommand; i++)
        if (strcmp (o->command[i], "-C") == 0 && i + 1 < o->ncommand)
          dir = o->command[++i];
        else if (starts_with (o->command[i], "-C") && o->command[i][2])
          dir = o->command[i] + 2;
    }
  else
    return NULL;
  char *cache = path_join (dir, "CMakeCache.txt");
  int ok = is_file (cache);
  free (cache);
  return ok ? path_canonical (NULL, dir) : NULL;
}

/* The value of KEY in the CMakeCache.txt text TEXT (a new string), its
   type into *TYPE when TYPE is non-NULL; NULL when absent.  */
static char *
cache_value (const char *text, const char *key, char **type)
{
  size_t n = strlen (key);
  for (const char *line = text; line && *line;)
    {
      const char *end = strchr (line, '\n');
      size_t len = end ? (size_t) (end - line) : strlen (line);
      if (len > n && strncmp (line, key, n) == 0 && line[n] == ':')
        {
          const char *eq = memchr (line + n, '=', len - n);
          if (eq)
            {
              if (type)
                *type = xstrndup (line + n + 1, (size_t) (eq - line - n - 1));
              return xstrndup (eq + 1, len - (size_t) (eq + 1 - line));
            }
        }
      line = end ? end + 1 : NULL;
    }
  return NULL;
}

/* Whether COMPILER is trun-cc (a wrapper link of any timemory-run).  */
static int
is_trun_wrapper (const struct install *in, const char *compiler)
{
  if (same_file (compiler, in->wrapper))
    return 1;
  char *real = path_canonical (NULL, compiler);
  int yes = strcmp (base_name (real), "trun-cc") == 0;
  free (real);
  return yes;
}

static int
run_quiet (const struct options *o, char **argv)
{
  if (o->verbose || o->dry_run)
    print_command (stderr, "timemory-run: running: ", argv);
  if (o->dry_run)
    return 0;
  char *out = NULL;
  int rc = run_command (argv, &out, 0);
  if (rc != 0)
    {
      if (out)
        fputs (out, stderr);
      print_command (stderr, "timemory-run: this command failed: ", argv);
    }
  free (out);
  return rc;
}

static int
run_cmake (const struct options *o, const char *cmake, const struct strv *args)
{
  struct strv argv = { 0 };
  strv_push (&argv, cmake);
  strv_extend (&argv, args);
  int rc = run_quiet (o, argv.v);
  strv_free (&argv);
  return rc;
}

int
cmake_launch_begin (const struct options *o, const struct install *in, struct cmake_launch *cl)
{
  memset (cl, 0, sizeof *cl);
  char *tree = cmake_tree_of (o);
  if (!tree)
    return 0;
  char *cache = path_join (tree, "CMakeCache.txt");
  char *text = read_file_text (cache, NULL);
  static const char *const langs[] = { "C", "CXX" };
  const char *foreign = NULL, *foreign_lang = NULL;
  char *compilers[2] = { NULL, NULL };
  for (size_t l = 0; l < 2; l++)
    {
      char *key = xasprintf ("CMAKE_%s_COMPILER", langs[l]);
      compilers[l] = text ? cache_value (text, key, NULL) : NULL;
      if (compilers[l] && *compilers[l] && !is_trun_wrapper (in, compilers[l]) && !foreign)
        foreign = compilers[l], foreign_lang = langs[l];
      free (key);
    }
  int rc = 0;
  if (!foreign)
    goto done;
  char *major = cache_value (text, "CMAKE_CACHE_MAJOR_VERSION", NULL);
  char *minor = cache_value (text, "CMAKE_CACHE_MINOR_VERSION", NULL);
  int version = (major ? atoi (major) : 0) * 100 + (minor ? atoi (minor) : 0);
  free (major), free (minor);
  if (version < 321)
    {
      fprintf (stderr,
               "%s: %s names %s as its %s compiler, so its compiles would bypass timemory-run's\n"
               "  wrapper, and the CMake that configured it is older than 3.21 (no linker\n"
               "  launcher).  Configure a new tree under timemory-run instead:\n"
               "    timemory-run -- cmake -S SOURCE-DIR -B NEW-BUILD-DIR\n",
               program_name, cache, foreign, foreign_lang);
      rc = -1;
      goto done;
    }
  char *cmake = cache_value (text, "CMAKE_COMMAND", NULL);
  cl->tree = tree, tree = NULL;
  cl->cmake = cmake && *cmake ? cmake : xstrdup ("cmake");
  if (cmake && !*cmake)
    free (cmake);
  struct strv set = { 0 };
  static const char *const kinds[] = { "COMPILER", "LINKER" };
  for (size_t l = 0; l < 2; l++)
    {
      if (!compilers[l] || !*compilers[l])
        continue;
      for (size_t k = 0; k < 2; k++)
        {
          char *key = xasprintf ("CMAKE_%s_%s_LAUNCHER", langs[l], kinds[k]);
          char *type = NULL;
          char *old = cache_value (text, key, &type);
          if (old && *old)
            strv_push_own (&set, xasprintf ("-D%s=%s;%s", key, in->wrapper, old));
          else
            strv_push_own (&set, xasprintf ("-D%s=%s", key, in->wrapper));
          if (old)
            strv_push_own (&cl->restore, xasprintf ("-D%s:%s=%s", key, type, old));
          else
            strv_push_own (&cl->restore, xasprintf ("-U%s", key));
          free (key), free (type), free (old);
        }
    }
  fprintf (stderr,
           "%s: %s names %s as its %s compiler, not timemory-run's wrapper: building it\n"
           "  with trun-cc as its compiler and linker launcher, from clean; its cache is put\n"
           "  back afterwards (and the instrumented objects removed, so that a plain build\n"
           "  compiles them again).  For a tree that stays instrumented, configure a new one\n"
           "  under timemory-run: timemory-run -- cmake -S SOURCE-DIR -B NEW-BUILD-DIR\n",
           program_name, cache, foreign, foreign_lang);
  strv_push (&set, cl->tree);
  strv_push (&cl->restore, cl->tree);
  if (run_cmake (o, cl->cmake, &set) != 0)
    {
      cmake_launch_end (o, cl, NULL);
      rc = -1;
    }
  else
    {
      struct strv clean = { 0 };
      strv_push (&clean, "--build");
      strv_push (&clean, cl->tree);
      strv_push (&clean, "--target");
      strv_push (&clean, "clean");
      run_cmake (o, cl->cmake, &clean);
      strv_free (&clean);
      rc = 1;
    }
  strv_free (&set);
done:
  free (compilers[0]), free (compilers[1]);
  free (text), free (cache), free (tree);
  return rc;
}

void
cmake_launch_end (const struct options *o, struct cmake_launch *cl, const struct strv *objects)
{
  if (!cl->tree)
    return;
  if (run_cmake (o, cl->cmake, &cl->restore) != 0)
    fprintf (stderr, "%s: could not put back the compiler launchers of %s/CMakeCache.txt\n",
             program_name, cl->tree);
  size_t n = strlen (cl->tree);
  for (size_t i = 0; objects && i < objects->n && !o->dry_run; i++)
    if (strncmp (objects->v[i], cl->tree, n) == 0 && objects->v[i][n] == '/')
      unlink (objects->v[i]);
  free (cl->tree), free (cl->cmake);
  strv_free (&cl->restore);
  memset (cl, 0, sizeof *cl);
}

/* ------------------------------------------------------------------ */
/* Other builds                                                       */

/* Written after T, the build's start stamp: strictly, since a file the
   build writes comes a whole compile after the stamp, while one written
   just before it can share its coarse time.  */
static int
newer (const struct stat *st, const struct timespec *t)
{
  return st->st_mtim.tv_sec > t->tv_sec
         || (st->st_mtim.tv_sec == t->tv_sec && st->st_mtim.tv_nsec > t->tv_nsec);
}

/* An ELF executable or shared object (not an object file): what a link
   writes.  */
static int
is_linked_elf (const char *path, const struct stat *st)
{
  if (!(st->st_mode & 0111) || st->st_size < 64)
    return 0;
  unsigned char h[18];
  FILE *f = fopen (path, "rb");
  size_t n = f ? fread (h, 1, sizeof h, f) : 0;
  if (f)
    fclose (f);
  if (n < sizeof h || memcmp (h, "\177ELF", 4) != 0)
    return 0;
  unsigned type = h[5] == 2 ? (unsigned) h[16] << 8 | h[17] : (unsigned) h[17] << 8 | h[16];
  return type == 2 /* ET_EXEC */ || type == 3 /* ET_DYN */;
}

/* What the build wrote without the wrapper, under DIR: objects modified
   since START (CMake's and configure's probes left out) into FOUND, and
   the executables and shared objects linked since (NEW_LINKED; OLD_LINKED
   those from before, so that a copy of one, as `make install' makes, is
   told from a link); at most 100 000 entries looked at.  */
static void
walk_objects (const char *dir, int depth, const struct timespec *start, struct strv *found,
              struct strv *new_linked, struct strv *old_linked, size_t *budget)
{
  DIR *d = opendir (dir);
  struct dirent *e;
  while (d && (e = readdir (d)) && *budget > 0)
    {
      --*budget;
      if (e->d_name[0] == '.')
        continue; /* ., .., .git, .timemory-run */
      char *p = path_join (dir, e->d_name);
      struct stat st;
      if (lstat (p, &st) == 0)
        {
          int probe = starts_with (e->d_name, "conftest")
                      || (strstr (p, "/CMakeFiles/") && !strstr (p, ".dir/"));
          if (S_ISDIR (st.st_mode) && depth < 16 && strcmp (e->d_name, "CMakeScratch") != 0
              && strcmp (e->d_name, "CMakeTmp") != 0)
            walk_objects (p, depth + 1, start, found, new_linked, old_linked, budget);
          else if (S_ISREG (st.st_mode) && (ends_with (e->d_name, ".o") || ends_with (e->d_name, ".obj"))
                   && newer (&st, start) && !probe)
            strv_push (found, p);
          else if (S_ISREG (st.st_mode) && !probe && is_linked_elf (p, &st))
            strv_push (newer (&st, start) ? new_linked : old_linked, p);
        }
      free (p);
    }
  if (d)
    closedir (d);
}

/* The programs of NEW_LINKED that are no copy of one in OLD_LINKED (same
   build-id) and none of WRAPPED, into FOUND.  */
static void
add_new_links (struct strv *found, const struct strv *new_linked, const struct strv *old_linked,
               const struct strv *wrapped)
{
  struct strv old_ids = { 0 };
  for (size_t i = 0; new_linked->n && i < old_linked->n; i++)
    {
      char *id = elf_build_id (old_linked->v[i]);
      if (id)
        strv_push_own (&old_ids, id);
    }
  for (size_t i = 0; i < new_linked->n; i++)
    {
      if (strv_contains (wrapped, new_linked->v[i]))
        continue;
      char *id = elf_build_id (new_linked->v[i]);
      if (!id || !strv_contains (&old_ids, id))
        strv_push (found, new_linked->v[i]);
      free (id);
    }
  strv_free (&old_ids);
}

static int
is_build_tool (const struct options *o)
{
  static const char *const tools[] = { "make", "gmake", "ninja", "ninja-build", "cmake", NULL };
  const char *base = base_name (o->command[0]);
  for (size_t i = 0; tools[i]; i++)
    if (strcmp (base, tools[i]) == 0)
      {
        if (strcmp (base, "cmake") != 0)
          return 1;
        for (int k = 1; k < o->ncommand; k++)
          if (strcmp (o->command[k], "--build") == 0)
            return 1;
      }
  return 0;
}

/* "compiled 2 objects (a.o, ...)": FILES (under DIR shown relative) as
   VERB ed NOUNs.  */
static char *
describe_files (const struct strv *files, const char *dir, const char *noun, const char *verb)
{
  const char *shown = files->v[0];
  size_t n = strlen (dir);
  if (strncmp (shown, dir, n) == 0 && shown[n] == '/')
    shown += n + 1;
  return xasprintf ("%s %zu %s%s (%s%s)", verb, files->n, noun, files->n == 1 ? "" : "s", shown,
                    files->n > 1 ? ", ..." : "");
}

int
report_bypassed_compiles (const struct options *o, const char *dir, const struct timespec *start,
                          size_t earlier, const struct strv *wrapped_links)
{
  struct strv found = { 0 }, new_linked = { 0 }, old_linked = { 0 }, links = { 0 };
  size_t budget = 100000;
  walk_objects (dir, 0, start, &found, &new_linked, &old_linked, &budget);
  char *tree = cmake_tree_of (o);
  if (tree && strcmp (tree, dir) != 0)
    walk_objects (tree, 0, start, &found, &new_linked, &old_linked, &budget);
  free (tree);
  /* Programs only after a build tool's run: a configure step or a
     single command can follow a link by less than the file times' lag.  */
  if (is_build_tool (o))
    add_new_links (&links, &new_linked, &old_linked, wrapped_links);
  strv_free (&new_linked), strv_free (&old_linked);
  int rc = 0;
  if (found.n || links.n)
    {
      char *what_objects = found.n ? describe_files (&found, dir, "object", "compiled") : NULL;
      char *what_links = links.n ? describe_files (&links, dir, "program", "linked") : NULL;
      fprintf (stderr,
               "%s: error: the build %s%s%s without timemory-run's\n"
               "  wrapper: nothing was instrumented.  It runs its compiler by an absolute path\n"
               "  (a makefile's CC=/usr/bin/gcc, a build tree configured without timemory-run).\n"
               "  Fix: configure it under timemory-run (timemory-run -- cmake -S SRC -B NEW-BUILD,\n"
               "  timemory-run -- ./configure), or give make the compiler by name\n"
               "  (timemory-run -- make CC=gcc CXX=g++); then rebuild from clean.\n",
               program_name, what_objects ? what_objects : "", what_objects && what_links ? " and " : "",
               what_links ? what_links : "");
      free (what_objects), free (what_links);
      rc = 1;
    }
  else if (is_build_tool (o) && !earlier)
    fprintf (stderr,
             "%s: note: nothing was compiled (the tree is up to date), so nothing was\n"
             "  instrumented: clean it first (make clean, cmake --build DIR --target clean).\n",
             program_name);
  strv_free (&found), strv_free (&links);
  return rc;
}
