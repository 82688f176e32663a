/* tools/timemory-run/wrap.c -- wrapped builds (see wrap.h).  */
#define _GNU_SOURCE
#include "wrap.h"
#include "bypass.h"
#include "cdb.h"
#include "flags.h"
#include "lists.h"
#include "trun-cc.h"
#include "util/alloc.h"
#include "util/path.h"
#include "util/run.h"

#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <time.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

int
is_build_command (const char *arg0)
{
  static const char *const builders[] = {
    "make", "gmake", "cmake", "ninja", "ninja-build", "meson", "scons", "sh", "bash",
    "dash", "env", "libtool", "mpicc", "mpicxx", "mpic++", "mpiCC", "mpicc.mpich",
    "mpicxx.mpich", "cc", "gcc", "c++", "g++", "python3", "python", "perl", "autoreconf",
    "bear", "ctest", "nice", "time", "xargs", NULL
  };
  const char *base = base_name (arg0);
  for (size_t i = 0; builders[i]; i++)
    if (strcmp (base, builders[i]) == 0)
      return 1;
  if (starts_with (base, "configure") || ends_with (base, ".sh"))
    return 1;
  /* Versioned and target-prefixed compilers: gcc-12, x86_64-linux-gnu-g++.  */
  if (strstr (base, "gcc") || strstr (base, "g++"))
    return 1;
  /* Anything but an ELF program (a build script) runs as a build.  */
  char *path = strchr (arg0, '/') ? xstrdup (arg0) : find_in_path (arg0, NULL, NULL);
  char magic[4] = { 0 };
  FILE *f = path ? fopen (path, "rb") : NULL;
  int elf = f && fread (magic, 1, 4, f) == 4 && memcmp (magic, "\177ELF", 4) == 0;
  if (f)
    fclose (f);
  free (path);
  return !elf;
}

static int
compiler_name_wanted (const char *name)
{
  static const char *const tools[] = { "gcc", "g++", "cc", "c++" };
  for (size_t t = 0; t < 4; t++)
    {
      const char *hit = strstr (name, tools[t]);
      /* NAME = [TRIPLE-]TOOL[-VERSION] with the tool on a dash boundary.  */
      while (hit)
        {
          const char *after = hit + strlen (tools[t]);
          int left_ok = hit == name || hit[-1] == '-';
          int right_ok = !*after || (*after == '-' && isdigit ((unsigned char) after[1])
                                     && strspn (after + 1, "0123456789.") == strlen (after + 1));
          if (left_ok && right_ok)
            return 1;
          hit = strstr (hit + 1, tools[t]);
        }
    }
  return 0;
}

/* A directory of links to the wrapper, named as every GCC driver on PATH.  */
static char *
make_wrapper_dir (const struct options *o, const struct install *in, const char *state)
{
  char *dir = path_join (state, "bin");
  struct strv names = { 0 };
  const char *base_names[] = { "gcc", "cc", "g++", "c++" };
  for (size_t i = 0; i < 4; i++)
    strv_push (&names, base_names[i]);
  struct strv path_dirs = { 0 };
  strv_split (&path_dirs, getenv ("PATH") ? getenv ("PATH") : "", ':');
  for (size_t i = 0; i < path_dirs.n; i++)
    {
      if (same_file (path_dirs.v[i], dir))
        continue;
      DIR *d = opendir (path_dirs.v[i]);
      struct dirent *e;
      while (d && (e = readdir (d)))
        if (compiler_name_wanted (e->d_name) && !strv_contains (&names, e->d_name))
          strv_push (&names, e->d_name);
      if (d)
        closedir (d);
    }
  strv_free (&path_dirs);
  if (!o->dry_run)
    {
      mkdir_p (dir);
      for (size_t i = 0; i < names.n; i++)
        {
          char *link = path_join (dir, names.v[i]);
          char target[4096];
          ssize_t len = readlink (link, target, sizeof target - 1);
          if (len < 0 || (size_t) len != strlen (in->wrapper)
              || strncmp (target, in->wrapper, (size_t) len) != 0)
            {
              unlink (link);
              if (symlink (in->wrapper, link) != 0)
                fprintf (stderr, "%s: cannot create %s: %s\n", program_name, link,
                         strerror (errno));
            }
          free (link);
        }
    }
  strv_free (&names);
  return dir;
}

static char *
state_dir (void)
{
  const char *env = getenv ("TIMEMORY_RUN_STATE_DIR");
  if (env && *env)
    return path_absolute (NULL, env);
  return path_absolute (NULL, ".timemory-run");
}

/* The compiles and links the command log LOG records past byte OFFSET
   (the steps that came through the wrapper).  */
static size_t
steps_since (const char *log, size_t offset)
{
  size_t len = 0, n = 0;
  char *text = read_file_text (log, &len);
  for (const char *p = text && offset < len ? text + offset : NULL;
       p && (p = strstr (p, "{\"kind\": \"")); p++)
    if (starts_with (p + 10, "compile\"") || starts_with (p + 10, "link\""))
      n++;
  free (text);
  return n;
}

/* The outputs of every link the log in STATE records, into OUTPUTS.  */
static void
links_recorded (const char *state, struct strv *outputs)
{
  char *log = path_join (state, TRUN_STATE_LOG);
  struct database db;
  if (is_file (log) && load_database (&db, log) == 0)
    for (size_t i = 0; i < db.n; i++)
      if (db.cmds[i].is_link && db.cmds[i].output)
        strv_push (outputs, db.cmds[i].output);
  if (is_file (log))
    free_database (&db);
  free (log);
}

/* When the build starts, on the clock file times come from: the mtime of
   STATE's start stamp, touched now.  That clock is coarse (4 ms steps
   here) and lags clock_gettime, so the build's own files could carry a
   time before a clock_gettime start, and the 50 ms of slack that covered
   it took files written just before the build for the build's.  Against
   the stamp neither happens.  Without a stamp, the time 50 ms ago.  */
static void
start_stamp (const char *state, struct timespec *start)
{
  char *path = path_join (state, TRUN_STATE_START);
  int fd = open (path, O_WRONLY | O_CREAT | O_NOFOLLOW | O_CLOEXEC, 0644);
  struct stat st;
  if (fd >= 0 && futimens (fd, NULL) == 0 && fstat (fd, &st) == 0)
    *start = st.st_mtim;
  else
    {
      clock_gettime (CLOCK_REALTIME, start);
      start->tv_nsec -= 50000000;
      if (start->tv_nsec < 0)
        start->tv_nsec += 1000000000, start->tv_sec--;
    }
  if (fd >= 0)
    close (fd);
  free (path);
}

/* The wrapper to stand for compiler variable VAR's value (CC=gcc-12).  */
static char *
wrapped_compiler (const char *wrapper_dir, const char *var, const char *fallback)
{
  const char *value = getenv (var);
  const char *name = fallback;
  char *first = NULL;
  if (value && *value)
    {
      first = xstrndup (value, strcspn (value, " \t"));
      if (compiler_name_wanted (base_name (first)))
        name = base_name (first);
    }
  char *path = path_join (wrapper_dir, name);
  free (first);
  return path;
}

static void
set_env (const struct options *o, const char *name, const char *value)
{
  if (o->dry_run || o->verbose)
    {
      /* The wrapper's flag lists are '\n'-separated: show them on one line.  */
      char *shown = xstrdup (value);
      for (char *p = shown; *p; p++)
        if (*p == '\n')
          *p = ' ';
      fprintf (stderr, "%s: %s=%s\n", program_name, name, shown);
      free (shown);
    }
  setenv (name, value, 1);
}

int
run_build (const struct options *o, const struct install *in)
{
  char *state = state_dir ();
  if (!o->dry_run && mkdir_p (state) != 0)
    {
      fprintf (stderr, "%s: cannot create %s: %s\n", program_name, state, strerror (errno));
      return 1;
    }
  struct instrument_flags fl;
  if (make_instrument_flags (o, in, state, &fl) != 0)
    return 1;
  if (!o->dry_run)
    {
      unlink (fl.list_file); /* count this build's functions only */
      unlink (fl.skip_file);
    }
  char *wrapper_dir = make_wrapper_dir (o, in, state);

  char *compile = strv_join (&fl.compile, "\n");
  char *link = strv_join (&fl.link, "\n");
  char *exe = strv_join (&fl.exe, "\n");
  set_env (o, TRUN_CC_ENV_COMPILE_FLAGS, compile);
  set_env (o, TRUN_CC_ENV_LINK_FLAGS, link);
  set_env (o, TRUN_CC_ENV_EXE_FLAGS, exe);
  set_env (o, TRUN_CC_ENV_STATE_DIR, state);
  set_env (o, TRUN_CC_ENV_WRAPPER_DIR, wrapper_dir);
  unsetenv (TRUN_CC_ENV_ACTIVE);
  if (o->verbose)
    setenv (TRUN_CC_ENV_VERBOSE, "1", 1);
  char *cc = wrapped_compiler (wrapper_dir, "CC", "gcc");
  char *cxx = wrapped_compiler (wrapper_dir, "CXX", "g++");
  const char *old_path = getenv ("PATH");
  char *path = xasprintf ("%s:%s", wrapper_dir, old_path ? old_path : "/usr/bin:/bin");
  set_env (o, "PATH", path);
  set_env (o, "CC", cc);
  set_env (o, "CXX", cxx);
  /* MPICH's and Open MPI's wrappers take their compiler from these.  */
  set_env (o, "MPICH_CC", cc);
  set_env (o, "MPICH_CXX", cxx);
  set_env (o, "OMPI_CC", cc);
  set_env (o, "OMPI_CXX", cxx);

  /* Instrumented programs that run during the build (probes whose output
     configure captures, generators, the build's own tests) must print
     what they print without instrumentation: tables go to files only.  */
  if (!getenv ("TRUN_COUT_OUTPUT") && !getenv ("TIMEMORY_COUT_OUTPUT"))
    set_env (o, "TRUN_COUT_OUTPUT", "off");

  int status = 0;
  if (o->dry_run)
    print_command (stdout, "", o->command);
  else
    {
      char *log = path_join (state, TRUN_STATE_LOG);
      struct stat st;
      size_t log_size = stat (log, &st) == 0 ? (size_t) st.st_size : 0;
      struct timespec start;
      start_stamp (state, &start);
      struct cmake_launch cl;
      int launched = cmake_launch_begin (o, in, &cl);
      int bypassed = 0;
      if (launched < 0)
        status = 1;
      else
        {
          if (o->verbose)
            print_command (stderr, "timemory-run: running: ", o->command);
          status = run_command (o->command, NULL, 0);
        }
      struct strv objects = { 0 };
      write_compile_database (state, &objects);
      size_t earlier = objects.n;
      int none_wrapped = launched >= 0 && steps_since (log, log_size) == 0;
      free (log);
      if (write_function_lists (o, fl.list_file, &objects) != 0 && status == 0)
        status = 1;
      if (launched > 0)
        cmake_launch_end (o, &cl, &objects);
      strv_free (&objects);
      char *what = xasprintf ("compile commands in %s/%s", state, TRUN_STATE_CDB);
      print_summary (o, fl.list_file, what);
      print_skip_summary (fl.skip_file);
      free (what);
      if (none_wrapped)
        {
          char *cwd = current_dir ();
          struct strv wrapped_links = { 0 };
          links_recorded (state, &wrapped_links);
          bypassed = report_bypassed_compiles (o, cwd, &start, earlier, &wrapped_links);
          strv_free (&wrapped_links);
          free (cwd);
        }
      if (status != 0 && launched >= 0)
        fprintf (stderr, "%s: the build exited with status %d\n", program_name, status);
      if (bypassed && status == 0)
        status = 1;
    }
  free (compile), free (link), free (exe), free (cc), free (cxx), free (path);
  free (wrapper_dir), free (state);
  return status;
}
