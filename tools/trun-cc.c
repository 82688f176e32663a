/* tools/trun-cc.c -- the compiler wrapper timemory-run puts first on PATH.
 *
 * One program, linked under many names (gcc, cc, g++, c++, and the
 * target-prefixed and versioned names found on PATH): it acts as the
 * compiler it is called as.  It finds that real compiler on PATH, never
 * itself, and runs it with the plugin's flags added to C/C++ compile steps
 * and the runtime added to link steps.  Preprocessing, dependency-only,
 * assembler-only and query steps pass through unchanged, as does
 * everything when it is not run under timemory-run (no configuration in
 * the environment) or when a compiler it started calls a compiler again.
 * Every compile and link it instruments is appended to the state
 * directory's command log, which timemory-run -o reads later.
 *
 * Called by its own name, "trun-cc COMPILER ARGS...", it is a compiler
 * launcher (CMake's CMAKE_<LANG>_COMPILER_LAUNCHER and _LINKER_LAUNCHER,
 * which timemory-run sets for a tree configured without it): the same,
 * for COMPILER (after a ccache-like launcher, if any).
 *
 * Outside timemory-run every link still gets the runtime, as needed
 * (--as-needed): a tree configured under timemory-run and built later
 * without it links objects that call the markers.
 *
 * Its own help and version: "--trun-help" / "--trun-version" as the only
 * argument, under any name; "--help" / "--version" only when called as
 * trun-cc with nothing else.  Under a compiler's name, "gcc --version"
 * is the compiler's: build systems ask it.
 */
#define _GNU_SOURCE
#include "config.h"
#include "trun-cc.h"
#include "ccargs.h"
#include "util/alloc.h"
#include "util/buf.h"
#include "util/json-write.h"
#include "util/path.h"
#include "util/run.h"
#include "util/strv.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <unistd.h>

static int verbose;

/* The real compiler this wrapper stands for.  */
static char *
find_real_compiler (const char *argv0)
{
  const char *name = base_name (argv0);
  char *self = self_exe ();
  const char *wrapper_dir = getenv (TRUN_CC_ENV_WRAPPER_DIR);
  /* Skipping every file that is this program (symlinks included) is what
     guarantees the wrapper never runs itself, wherever it sits on PATH.  */
  char *real = find_in_path (name, wrapper_dir, self);
  free (self);
  return real;
}

/* Configure and CMake probes: compiled plainly so that they link and run
   exactly as without timemory-run and add nothing to the report.  */
static int
is_probe (const struct cc_args *ca, const char *cwd)
{
  if (strstr (cwd, "/CMakeFiles/"))
    return 1;
  if (ca->output && starts_with (base_name (ca->output), "conftest"))
    return 1;
  for (size_t i = 0; i < ca->ninputs; i++)
    if (starts_with (base_name (ca->inputs[i].arg), "conftest"))
      return 1;
  return 0;
}

static void
push_env_flags (struct strv *args, const char *var)
{
  const char *flags = getenv (var);
  if (flags)
    strv_split (args, flags, '\n');
}

/* Append one JSON line to the state directory's command log.  */
static void
log_command (const char *kind, const char *cwd, char *const *argv, size_t argc,
             const char *file, const char *output)
{
  const char *state = getenv (TRUN_CC_ENV_STATE_DIR);
  if (!state || !*state)
    return;
  struct buf b = { 0 };
  buf_puts (&b, "{\"kind\": ");
  buf_json_string (&b, kind);
  buf_puts (&b, ", \"directory\": ");
  buf_json_string (&b, cwd);
  buf_puts (&b, ", \"arguments\": ");
  buf_json_strv (&b, argv, argc);
  if (file)
    {
      buf_puts (&b, ", \"file\": ");
      buf_json_string (&b, file);
    }
  buf_puts (&b, ", \"output\": ");
  buf_json_string (&b, output);
  buf_puts (&b, "}\n");
  char *path = path_join (state, TRUN_STATE_LOG);
  int fd = open (path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0666);
  if (fd >= 0)
    {
      flock (fd, LOCK_EX);
      ssize_t left = (ssize_t) b.n;
      const char *p = b.s;
      while (left > 0)
        {
          ssize_t w = write (fd, p, (size_t) left);
          if (w < 0 && errno == EINTR)
            continue;
          if (w <= 0)
            break;
          p += w, left -= w;
        }
      close (fd);
    }
  else
    fprintf (stderr, "trun: cannot write the command log %s: %s\n", path, strerror (errno));
  free (path);
  free (b.s);
}

/* Record the compile of each C/C++ source and the link, with the
   original arguments (argv[0] replaced by the real compiler).  */
static void
log_build_steps (const struct cc_args *ca, char *const *orig, size_t argc,
                 const char *real, const char *cwd)
{
  struct strv args = { 0 };
  strv_push (&args, real);
  for (size_t i = 1; i < argc; i++)
    strv_push (&args, orig[i]);
  const char *link_output = ca->output ? ca->output : "a.out";
  for (size_t i = 0; i < ca->ninputs; i++)
    {
      if (ca->inputs[i].kind != CC_INPUT_SOURCE || strcmp (ca->inputs[i].arg, "-") == 0)
        continue;
      char *obj = NULL;
      const char *out = link_output;
      if (ca->stage != CC_STAGE_LINK)
        out = ca->output && ca->nsources == 1 ? ca->output
                                              : (obj = cc_default_object (ca->inputs[i].arg));
      log_command ("compile", cwd, args.v, args.n, ca->inputs[i].arg, out);
      free (obj);
    }
  if (ca->stage == CC_STAGE_LINK)
    log_command ("link", cwd, args.v, args.n, NULL, link_output);
  strv_free (&args);
}

static int
run_plain (char **cmd)
{
  setenv (TRUN_CC_ENV_ACTIVE, "1", 1);
  execv (cmd[0], cmd);
  fprintf (stderr, "trun: cannot run %s: %s\n", cmd[0], strerror (errno));
  return 127;
}

/* Launchers that take the compiler command after them (for a cache that
   was already the tree's launcher).  */
static int
is_cache_launcher (const char *arg)
{
  static const char *const names[] = { "ccache", "sccache", "distcc", "icecc", "buildcache", NULL };
  for (size_t i = 0; names[i]; i++)
    if (strcmp (base_name (arg), names[i]) == 0)
      return 1;
  return 0;
}

/* The directory holding libtrun.so for this wrapper: .libs beside it in
   the build tree, the configured libdir, or PREFIX/lib of an installed
   tree moved elsewhere; NULL when none holds it.  */
static char *
runtime_libdir (void)
{
  char *self = self_exe ();
  char *dir = self ? dir_name (self) : NULL;
  char *cands[] = { dir ? path_join (dir, ".libs") : NULL, dir ? path_absolute (dir, "../../lib") : NULL,
                    xstrdup (TRUN_LIBDIR) };
  char *found = NULL;
  for (size_t i = 0; i < 3; i++)
    {
      char *so = cands[i] ? path_join (cands[i], "libtrun.so") : NULL;
      if (!found && so && is_file (so))
        found = cands[i], cands[i] = NULL;
      free (so);
      free (cands[i]);
    }
  free (self), free (dir);
  return found;
}

/* A link outside timemory-run: the runtime last and as needed, so that
   it is linked exactly when an input calls the markers.  */
static void
add_runtime_as_needed (struct strv *cmd)
{
  char *libdir = runtime_libdir ();
  if (!libdir)
    return;
  strv_push_own (cmd, xasprintf ("-Wl,-rpath,%s", libdir));
  strv_push_own (cmd, xasprintf ("-Wl,--push-state,--as-needed,%s/libtrun.so,--pop-state", libdir));
  free (libdir);
}

static void
usage (FILE *f)
{
  fputs ("Usage: trun-cc COMPILER ARGS...   (a compiler launcher)\n"
         "   or: gcc|cc|g++|c++|... ARGS...  (called by a compiler's name)\n"
         "The compiler wrapper of timemory-run: runs the real COMPILER with trun's\n"
         "plugin flags added to C/C++ compiles and its runtime to links; outside\n"
         "timemory-run it passes compiles through and links the runtime as needed.\n"
         "\n"
         "  --trun-help, --trun-version  this help, the version (as the only argument,\n"
         "                               under any name)\n"
         "  --help, --version            the same, as trun-cc's only argument; under a\n"
         "                               compiler's name they are the compiler's\n"
         "\n"
         "Environment: TRUN_CC_VERBOSE prints each command it runs.\n"
         "See trun-cc(1) and timemory-run(1).\n", f);
}

int
main (int argc, char **argv)
{
  /* FIRST: where the compiler's own command line starts in ARGV.  */
  int first = 0;
  int own_name = strcmp (base_name (argv[0]), "trun-cc") == 0;
  if (argc == 2)
    {
      const char *a = argv[1];
      if (strcmp (a, "--trun-help") == 0 || (own_name && strcmp (a, "--help") == 0))
        {
          usage (stdout);
          return 0;
        }
      if (strcmp (a, "--trun-version") == 0 || (own_name && strcmp (a, "--version") == 0))
        {
          printf ("trun-cc (%s) %s\n", PACKAGE_NAME, PACKAGE_VERSION);
          return 0;
        }
    }
  if (own_name)
    {
      if (argc < 2)
        {
          fprintf (stderr, "trun-cc: usage: trun-cc COMPILER ARGS... (a compiler launcher),\n"
                           "  or call it by a compiler's name (gcc, g++, ...)\n");
          return 2;
        }
      first = 1;
      while (first + 1 < argc && is_cache_launcher (argv[first]))
        first++;
    }
  char *real = first && strchr (argv[first], '/') ? xstrdup (argv[first])
                                                  : find_real_compiler (argv[first]);
  if (!real)
    {
      fprintf (stderr, "trun: %s: no real compiler of that name on PATH "
               "(the wrapper never calls itself)\n", base_name (argv[first]));
      return 127;
    }
  verbose = getenv (TRUN_CC_ENV_VERBOSE) != NULL;
  /* The command to run: a launcher's command as given, the compiler in
     its place.  */
  struct strv cmd = { 0 };
  for (int i = first ? 1 : 0; i < argc; i++)
    strv_push (&cmd, i == first ? real : argv[i]);
  struct cc_args ca;
  cc_parse (argv + first, &ca);
  int links = ca.stage == CC_STAGE_LINK && !ca.partial && ca.ninputs > 0;
  /* Called by a compiler we started: plain.  Not under timemory-run:
     plain, but a link gets the runtime as needed.  */
  if (getenv (TRUN_CC_ENV_ACTIVE))
    return run_plain (cmd.v);
  if (!getenv (TRUN_CC_ENV_COMPILE_FLAGS))
    {
      if (links)
        add_runtime_as_needed (&cmd);
      return run_plain (cmd.v);
    }

  char *cwd = current_dir ();
  int compiles = ca.nsources > 0 && (ca.stage == CC_STAGE_LINK || ca.stage == CC_STAGE_COMPILE
                                     || ca.stage == CC_STAGE_ASSEMBLY);
  if ((!compiles && !links) || is_probe (&ca, cwd))
    return run_plain (cmd.v);
  if (compiles)
    {
      /* The user's own plugin arguments (CFLAGS=-fplugin-arg-trun-...)
         need the plugin loaded before them: then the flags go first,
         and the user's, later, win.  */
      size_t at = cmd.n;
      for (size_t i = 1; i < cmd.n; i++)
        if (starts_with (cmd.v[i], "-fplugin-arg-trun-"))
          {
            at = first ? (size_t) first : 1; /* after the compiler */
            break;
          }
      struct strv flags = { 0 };
      push_env_flags (&flags, TRUN_CC_ENV_COMPILE_FLAGS);
      for (size_t i = 0; i < flags.n; i++)
        strv_insert (&cmd, at + i, flags.v[i]);
      strv_free (&flags);
    }
  if (links)
    {
      if (!ca.shared)
        push_env_flags (&cmd, TRUN_CC_ENV_EXE_FLAGS);
      struct strv runtime = { 0 };
      push_env_flags (&runtime, TRUN_CC_ENV_LINK_FLAGS);
      cc_add_runtime (&cmd, &runtime);
      strv_free (&runtime);
    }
  if (verbose)
    print_command (stderr, "trun-cc: ", cmd.v);
  setenv (TRUN_CC_ENV_ACTIVE, "1", 1);
  int status = run_command (cmd.v, NULL, 0);
  if (status == 0)
    log_build_steps (&ca, argv + first, (size_t) (argc - first), real, cwd);
  strv_free (&cmd);
  cc_free (&ca);
  free (cwd);
  free (real);
  return status;
}
