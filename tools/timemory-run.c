/* tools/timemory-run.c -- the command users type.
 *
 *   timemory-run [OPTIONS] -- BUILD-COMMAND...   wrap a build: every C/C++
 *       compile goes through the plugin, every link adds the runtime
 *   timemory-run [OPTIONS] -o OUT -- PROGRAM     instrumented copy of PROGRAM
 *   timemory-run [OPTIONS] -- PROGRAM ARGS...    build that copy in a cache
 *       directory and run it
 *
 * This file parses the options, finds the installation, and runs wrapped
 * builds; rebuild.c does -o and the cached launch.
 */
#define _GNU_SOURCE
#include "timemory-run.h"
#include "ccargs.h"
#include "trun-cc.h"
#include "util/alloc.h"
#include "util/buf.h"
#include "util/json-read.h"
#include "util/json-write.h"
#include "util/path.h"
#include "util/run.h"

#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <regex.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "config.h"

const char *program_name = "timemory-run";

static void
usage (FILE *f)
{
  fprintf (f,
"Usage: %s [OPTIONS] -- BUILD-COMMAND [ARGS...]\n"
"       %s [OPTIONS] -o OUT -- PROGRAM\n"
"       %s [OPTIONS] -- PROGRAM [ARGS...]\n"
"\n"
"Instrument C/C++ code with the trun GCC plugin.  A build command (make,\n"
"configure, cmake, ninja, a compiler, mpicc...) runs with compiler wrappers\n"
"first on PATH; with -o, PROGRAM's translation units are recompiled from its\n"
"compile commands and linked into OUT; a PROGRAM without -o is rebuilt into\n"
"a cache directory and run with ARGS.\n"
"\n"
"Options:\n"
"  -M, --mode MODE               trace (default), region or coverage\n"
"  -d, --default-components LIST default components of the instrumented\n"
"                                program (the environment still wins)\n"
"  -I, -R, --function-include REGEX...  instrument only matching functions\n"
"  -E, --function-exclude REGEX...      do not instrument matching functions\n"
"  -MI, -MR, --module-include REGEX...  instrument only matching source files\n"
"  -ME, --module-exclude REGEX...       skip matching source files\n"
"  -i, --min-instructions N      skip functions with fewer than N statements\n"
"  -C, --collection FILE         function names, one a line; '!NAME' excludes\n"
"      --filter-from DIR         skip what a profile in DIR found throttled or\n"
"                                never called (DIR/trun-filter.txt)\n"
"      --env VAR=VALUE           default setting baked into the program\n"
"      --mpi                     the program uses MPI (link through mpicc)\n"
"      --mpip                    also profile MPI calls (TRUN_MPIP=on)\n"
"  -o, --output OUT              write an instrumented copy of PROGRAM to OUT\n"
"      --compile-commands FILE   PROGRAM's compile_commands.json\n"
"      --print-instrumented FILE write the instrumented functions to FILE\n"
"      --print-excluded FILE     write the functions left out to FILE\n"
"      --dry-run                 print what would run, run nothing\n"
"  -v, --verbose                 print each command as it runs\n"
"  -h, --help                    this text\n"
"      --version                 the version\n"
"\n"
"Compile commands are recorded in .timemory-run/ of the build's directory\n"
"(or $TIMEMORY_RUN_STATE_DIR).  Reports go to $TRUN_OUTPUT_PATH\n"
"(default trun-output) of the instrumented program's working directory.\n",
           program_name, program_name, program_name);
}

static void __attribute__ ((noreturn, format (printf, 1, 2)))
usage_error (const char *fmt, ...)
{
  va_list ap;
  fprintf (stderr, "%s: ", program_name);
  va_start (ap, fmt);
  vfprintf (stderr, fmt, ap);
  va_end (ap);
  fprintf (stderr, "\nTry '%s --help' for more information.\n", program_name);
  exit (2);
}

/* ------------------------------------------------------------------ */
/* Option parsing                                                     */

enum opt_id
{
  OPT_MODE, OPT_DEFAULTS, OPT_FINCLUDE, OPT_FEXCLUDE, OPT_MINCLUDE, OPT_MEXCLUDE,
  OPT_MIN_INSN, OPT_COLLECTION, OPT_ENV, OPT_MPI, OPT_MPIP, OPT_PRINT_INST,
  OPT_PRINT_EXCL, OPT_DRY_RUN, OPT_VERBOSE, OPT_HELP, OPT_VERSION, OPT_OUTPUT,
  OPT_COMPILE_COMMANDS, OPT_FILTER_FROM
};

enum opt_arity { NO_VALUE, ONE_VALUE, MANY_VALUES };

struct opt_spec
{
  const char *shorts[3]; /* single-dash spellings */
  const char *name;      /* long spelling without "--" */
  enum opt_arity arity;
  enum opt_id id;
};

static const struct opt_spec opt_specs[] = {
  { { "-M" }, "mode", ONE_VALUE, OPT_MODE },
  { { "-d" }, "default-components", ONE_VALUE, OPT_DEFAULTS },
  { { "-I", "-R" }, "function-include", MANY_VALUES, OPT_FINCLUDE },
  { { "-E" }, "function-exclude", MANY_VALUES, OPT_FEXCLUDE },
  { { "-MI", "-MR" }, "module-include", MANY_VALUES, OPT_MINCLUDE },
  { { "-ME" }, "module-exclude", MANY_VALUES, OPT_MEXCLUDE },
  { { "-i" }, "min-instructions", ONE_VALUE, OPT_MIN_INSN },
  { { "-C" }, "collection", ONE_VALUE, OPT_COLLECTION },
  { { NULL }, "env", ONE_VALUE, OPT_ENV },
  { { NULL }, "mpi", NO_VALUE, OPT_MPI },
  { { NULL }, "mpip", NO_VALUE, OPT_MPIP },
  { { NULL }, "print-instrumented", ONE_VALUE, OPT_PRINT_INST },
  { { NULL }, "print-excluded", ONE_VALUE, OPT_PRINT_EXCL },
  { { NULL }, "dry-run", NO_VALUE, OPT_DRY_RUN },
  { { "-v" }, "verbose", NO_VALUE, OPT_VERBOSE },
  { { "-h" }, "help", NO_VALUE, OPT_HELP },
  { { NULL }, "version", NO_VALUE, OPT_VERSION },
  { { "-o" }, "output", ONE_VALUE, OPT_OUTPUT },
  { { NULL }, "compile-commands", ONE_VALUE, OPT_COMPILE_COMMANDS },
  { { NULL }, "filter-from", ONE_VALUE, OPT_FILTER_FROM },
};

#define N_OPT_SPECS (sizeof opt_specs / sizeof opt_specs[0])

/* The spec ARG names; *INLINE_VALUE gets "--name=VALUE"'s value.  */
static const struct opt_spec *
match_option (const char *arg, const char **inline_value)
{
  *inline_value = NULL;
  for (size_t i = 0; i < N_OPT_SPECS; i++)
    {
      const struct opt_spec *s = &opt_specs[i];
      if (starts_with (arg, "--"))
        {
          size_t len = strlen (s->name);
          if (strncmp (arg + 2, s->name, len) != 0)
            continue;
          if (arg[2 + len] == 0)
            return s;
          if (arg[2 + len] == '=' && s->arity != NO_VALUE)
            {
              *inline_value = arg + 3 + len;
              return s;
            }
          continue;
        }
      for (int k = 0; k < 3 && s->shorts[k]; k++)
        if (strcmp (arg, s->shorts[k]) == 0)
          return s;
    }
  /* Joined short values: -Mregion, -i10, -ofile, -dwall_clock.  */
  static const char *const joinable[] = { "-M", "-i", "-o", "-d", "-C", NULL };
  for (size_t k = 0; joinable[k]; k++)
    if (starts_with (arg, joinable[k]) && arg[2] && arg[1] != '-')
      {
        *inline_value = arg + 2;
        const char *v;
        char shortopt[3] = { '-', arg[1], 0 };
        return match_option (shortopt, &v);
      }
  return NULL;
}

static void
check_regex (const char *what, const char *re)
{
  regex_t rx;
  int rc = regcomp (&rx, re, REG_EXTENDED | REG_NOSUB);
  if (rc != 0)
    {
      char msg[256];
      regerror (rc, &rx, msg, sizeof msg);
      usage_error ("bad regular expression for %s: '%s': %s", what, re, msg);
    }
  regfree (&rx);
}

static int
is_env_name (const char *s, size_t len)
{
  if (!len || !(isalpha ((unsigned char) s[0]) || s[0] == '_'))
    return 0;
  for (size_t i = 1; i < len; i++)
    if (!(isalnum ((unsigned char) s[i]) || s[i] == '_'))
      return 0;
  return 1;
}

static void
check_components (const char *list)
{
  int any = 0;
  for (const char *p = list; *p; p++)
    {
      if (isalnum ((unsigned char) *p))
        any = 1;
      else if (!strchr ("_-, ", *p))
        usage_error ("bad component list '%s' (names separated by commas or spaces)", list);
    }
  if (!any)
    usage_error ("empty component list");
}

/* The filter files a profile directory holds: trun-filter.txt, and the
   per-rank or prefixed variants (PREFIXtrun-filter-rank1.txt).  */
static void
profile_filter_files (const char *dir, struct strv *files)
{
  DIR *d = opendir (dir);
  struct dirent *e;
  while (d && (e = readdir (d)))
    if (strstr (e->d_name, "trun-filter") && ends_with (e->d_name, ".txt"))
      strv_push_own (files, path_join (dir, e->d_name));
  if (d)
    closedir (d);
}

static void
apply_value (struct options *o, const struct opt_spec *s, const char *arg, const char *v)
{
  switch (s->id)
    {
    case OPT_MODE:
      if (strcmp (v, "trace") && strcmp (v, "region") && strcmp (v, "coverage"))
        usage_error ("bad mode '%s' (trace, region or coverage)", v);
      o->mode = v;
      break;
    case OPT_DEFAULTS:
      check_components (v);
      o->default_components = v;
      break;
    case OPT_FINCLUDE:
    case OPT_FEXCLUDE:
    case OPT_MINCLUDE:
    case OPT_MEXCLUDE:
      check_regex (arg, v);
      strv_push (s->id == OPT_FINCLUDE   ? &o->function_include
                 : s->id == OPT_FEXCLUDE ? &o->function_exclude
                 : s->id == OPT_MINCLUDE ? &o->module_include
                                         : &o->module_exclude,
                 v);
      break;
    case OPT_MIN_INSN:
      {
        char *end;
        errno = 0;
        long n = strtol (v, &end, 10);
        if (!*v || *end || n < 0 || errno)
          usage_error ("bad value for %s: '%s' (a non-negative integer)", arg, v);
        o->min_instructions = v;
        break;
      }
    case OPT_COLLECTION:
      if (access (v, R_OK) != 0)
        usage_error ("cannot read the collection file '%s': %s", v, strerror (errno));
      strv_push (&o->collections, v);
      break;
    case OPT_ENV:
      {
        const char *eq = strchr (v, '=');
        if (!eq || !is_env_name (v, (size_t) (eq - v)))
          usage_error ("bad value for --env: '%s' (VAR=VALUE)", v);
        strv_push (&o->env, v);
        break;
      }
    case OPT_PRINT_INST:
      o->print_instrumented = v;
      break;
    case OPT_PRINT_EXCL:
      o->print_excluded = v;
      break;
    case OPT_OUTPUT:
      if (!*v)
        usage_error ("empty output name");
      o->output = v;
      break;
    case OPT_COMPILE_COMMANDS:
      if (!is_file (v))
        usage_error ("no compile commands file '%s'", v);
      o->compile_commands = v;
      break;
    case OPT_FILTER_FROM:
      {
        struct strv files = { 0 };
        profile_filter_files (v, &files);
        if (!files.n)
          usage_error ("%s has no trun-filter.txt (a profile directory written by an "
                       "instrumented run)", v);
        strv_free (&files);
        o->filter_from = v;
        break;
      }
    default:
      break;
    }
}

static void
apply_flag (struct options *o, const struct opt_spec *s)
{
  switch (s->id)
    {
    case OPT_MPI:
      o->mpi = 1;
      break;
    case OPT_MPIP:
      o->mpip = o->mpi = 1;
      break;
    case OPT_DRY_RUN:
      o->dry_run = 1;
      break;
    case OPT_VERBOSE:
      o->verbose++;
      break;
    case OPT_HELP:
      usage (stdout);
      exit (0);
    case OPT_VERSION:
      printf ("timemory-run (%s) %s\n", PACKAGE_NAME, PACKAGE_VERSION);
      exit (0);
    default:
      break;
    }
}

static void
parse_options (int argc, char **argv, struct options *o)
{
  memset (o, 0, sizeof *o);
  o->mode = "trace";
  int i = 1;
  while (i < argc)
    {
      const char *arg = argv[i];
      if (strcmp (arg, "--") == 0)
        {
          i++;
          break;
        }
      if (arg[0] != '-' || !arg[1])
        break; /* the command starts here */
      const char *value;
      const struct opt_spec *s = match_option (arg, &value);
      if (!s)
        usage_error ("unknown option '%s'", arg);
      i++;
      if (s->arity == NO_VALUE)
        {
          apply_flag (o, s);
          continue;
        }
      if (!value)
        {
          if (i >= argc || strcmp (argv[i], "--") == 0)
            usage_error ("option '%s' needs a value", arg);
          value = argv[i++];
        }
      apply_value (o, s, arg, value);
      if (s->arity == MANY_VALUES && !strchr (arg, '='))
        while (i < argc && argv[i][0] != '-')
          apply_value (o, s, arg, argv[i++]);
    }
  if (i >= argc)
    usage_error ("no command given (put it after '--')");
  o->command = argv + i;
  o->ncommand = argc - i;
}

/* ------------------------------------------------------------------ */
/* Installation                                                       */

static int
try_install (struct install *in, const char *plugin, const char *libdir, const char *wrapper)
{
  if (!is_file (plugin) || !is_executable (wrapper))
    return 0;
  in->plugin = xstrdup (plugin);
  in->libdir = xstrdup (libdir);
  in->wrapper = xstrdup (wrapper);
  return 1;
}

int
locate_install (struct install *in)
{
  char *exe = self_exe ();
  char *dir = exe ? dir_name (exe) : xstrdup (".");
  /* Build tree: libtool leaves the plugin and runtime in .libs beside us.  */
  char *libs = path_join (dir, ".libs");
  char *plugin = path_join (libs, "trun.so");
  char *wrapper = path_join (dir, "trun-cc");
  int found = try_install (in, plugin, libs, wrapper);
  free (libs), free (plugin), free (wrapper);
  /* Installed where configure said.  */
  if (!found && same_file (dir, TRUN_BINDIR))
    found = try_install (in, TRUN_LIBDIR "/trun.so", TRUN_LIBDIR, TRUN_PKGLIBEXECDIR "/trun-cc");
  /* Installed, then moved: PREFIX/bin beside PREFIX/lib.  */
  if (!found)
    {
      char *lib = path_absolute (dir, "../lib");
      plugin = path_join (lib, "trun.so");
      wrapper = path_absolute (dir, "../libexec/trun/trun-cc");
      found = try_install (in, plugin, lib, wrapper);
      free (lib), free (plugin), free (wrapper);
    }
  if (!found)
    found = try_install (in, TRUN_LIBDIR "/trun.so", TRUN_LIBDIR, TRUN_PKGLIBEXECDIR "/trun-cc");
  if (!found)
    fprintf (stderr, "%s: cannot find the trun plugin (trun.so) and wrapper (trun-cc) "
             "beside %s or in %s\n", program_name, exe ? exe : "this program", TRUN_LIBDIR);
  free (exe);
  free (dir);
  return found ? 0 : -1;
}

/* ------------------------------------------------------------------ */
/* Instrumentation flags                                              */

/* REGEXES as one alternation: the plugin takes one regex per key.  */
static char *
alternation (const struct strv *regexes)
{
  if (regexes->n == 1)
    return xstrdup (regexes->v[0]);
  struct buf b = { 0 };
  for (size_t i = 0; i < regexes->n; i++)
    buf_printf (&b, "%s(%s)", i ? "|" : "", regexes->v[i]);
  return b.s;
}

static void
push_plugin_arg (struct strv *sv, const char *key, const char *value)
{
  strv_push_own (sv, xasprintf ("-fplugin-arg-trun-%s=%s", key, value));
}

/* A regex matching exactly NAME.  */
static void
buf_regex_literal (struct buf *b, const char *name)
{
  buf_puts (b, "^");
  for (const char *p = name; *p; p++)
    {
      if (strchr ("\\^$.|?*+()[]{}", *p))
        buf_puts (b, "\\");
      buf_add (b, p, 1);
    }
  buf_puts (b, "$");
}

/* One filter file from the -C collections and --filter-from's profile.  */
static char *
write_filter_file (const struct options *o, const char *workdir)
{
  struct buf b = { 0 };
  buf_puts (&b, "# written by timemory-run\n");
  for (size_t i = 0; i < o->collections.n; i++)
    {
      char *text = read_file_text (o->collections.v[i], NULL);
      struct strv lines = { 0 };
      strv_split (&lines, text ? text : "", '\n');
      for (size_t k = 0; k < lines.n; k++)
        {
          char *name = lines.v[k];
          while (isspace ((unsigned char) *name))
            name++;
          char *end = name + strlen (name);
          while (end > name && isspace ((unsigned char) end[-1]))
            *--end = 0;
          if (!*name || *name == '#')
            continue;
          int exclude = *name == '!';
          buf_puts (&b, exclude ? "exclude function " : "include function ");
          buf_regex_literal (&b, exclude ? name + 1 : name);
          buf_puts (&b, "\n");
        }
      strv_free (&lines);
      free (text);
    }
  struct strv profile_files = { 0 };
  if (o->filter_from)
    profile_filter_files (o->filter_from, &profile_files);
  for (size_t i = 0; i < profile_files.n; i++)
    {
      char *text = read_file_text (profile_files.v[i], NULL);
      if (text)
        {
          buf_puts (&b, text);
          if (!ends_with (text, "\n"))
            buf_puts (&b, "\n");
        }
      free (text);
    }
  strv_free (&profile_files);
  char *file = path_join (workdir, "filter.txt");
  if (!o->dry_run && write_file_text (file, b.s) != 0)
    {
      fprintf (stderr, "%s: cannot write %s: %s\n", program_name, file, strerror (errno));
      free (file);
      file = NULL;
    }
  free (b.s);
  return file;
}

/* The settings baked into the program: -d, --env, --mpip.  */
static void
baked_settings (const struct options *o, struct strv *names, struct strv *values)
{
  if (o->default_components)
    {
      strv_push (names, "TRUN_TRACE_COMPONENTS");
      strv_push (values, o->default_components);
      if (strcmp (o->mode, "region") == 0)
        {
          strv_push (names, "TRUN_COMPONENTS");
          strv_push (values, o->default_components);
        }
    }
  if (o->mpip)
    {
      strv_push (names, "TRUN_MPIP");
      strv_push (values, "on");
    }
  for (size_t i = 0; i < o->env.n; i++)
    {
      const char *eq = strchr (o->env.v[i], '=');
      strv_push_own (names, xstrndup (o->env.v[i], (size_t) (eq - o->env.v[i])));
      strv_push (values, eq + 1);
    }
}

/* A tiny object whose .preinit_array entry runs before any shared
   library's constructor (so before the runtime reads its settings).  At
   that point libc has not yet taken over the environment, so setenv
   would be lost: when a baked setting is missing (under its TRUN_ or
   TIMEMORY_ name) the program re-executes itself once with it added.  */
static char *
write_defaults_object (const struct options *o, const char *workdir)
{
  struct strv names = { 0 }, values = { 0 };
  baked_settings (o, &names, &values);
  if (!names.n)
    return NULL;
  struct buf b = { 0 };
  buf_puts (&b, "/* written by timemory-run: settings baked into the program */\n"
                "#include <string.h>\n#include <unistd.h>\n"
                "static const char *const trun_baked[][3] = {\n");
  for (size_t i = 0; i < names.n; i++)
    {
      char *alt = starts_with (names.v[i], "TRUN_")
                    ? xasprintf ("TIMEMORY_%s", names.v[i] + 5) : xstrdup (names.v[i]);
      char *assign = xasprintf ("%s=%s", names.v[i], values.v[i]);
      buf_puts (&b, "  { ");
      buf_json_string (&b, names.v[i]);
      buf_puts (&b, ", ");
      buf_json_string (&b, alt);
      buf_puts (&b, ", ");
      buf_json_string (&b, assign);
      buf_puts (&b, " },\n");
      free (alt), free (assign);
    }
  buf_puts (&b,
    "};\n"
    "#define N_BAKED (sizeof trun_baked / sizeof trun_baked[0])\n"
    "static int trun_env_has (char **envp, const char *name)\n"
    "{\n"
    "  size_t len = strlen (name);\n"
    "  for (; envp && *envp; envp++)\n"
    "    if (strncmp (*envp, name, len) == 0 && (*envp)[len] == '=')\n"
    "      return 1;\n"
    "  return 0;\n"
    "}\n"
    "static int trun_is_set (char **envp, size_t i)\n"
    "{\n"
    "  return trun_env_has (envp, trun_baked[i][0]) || trun_env_has (envp, trun_baked[i][1])\n"
    "         || (strstr (trun_baked[i][0], \"COMPONENTS\")\n"
    "             && trun_env_has (envp, \"TIMEMORY_GLOBAL_COMPONENTS\"));\n"
    "}\n"
    "static void trun_apply_baked (int argc, char **argv, char **envp)\n"
    "{\n"
    "  size_t n = 0, missing = 0;\n"
    "  (void) argc;\n"
    "  for (size_t i = 0; i < N_BAKED; i++)\n"
    "    missing += !trun_is_set (envp, i);\n"
    "  if (!missing)\n"
    "    return;\n"
    "  while (envp && envp[n])\n"
    "    n++;\n"
    "  char *env[n + N_BAKED + 1];\n"
    "  for (size_t i = 0; i < n; i++)\n"
    "    env[i] = envp[i];\n"
    "  for (size_t i = 0; i < N_BAKED; i++)\n"
    "    if (!trun_is_set (envp, i))\n"
    "      env[n++] = (char *) trun_baked[i][2];\n"
    "  env[n] = 0;\n"
    "  execve (\"/proc/self/exe\", argv, env);\n"
    "  /* Could not re-execute: run without the baked settings.  */\n"
    "}\n"
    "__attribute__ ((section (\".preinit_array\"), used))\n"
    "static void (*const trun_baked_init) (int, char **, char **) = trun_apply_baked;\n");
  char *src = path_join (workdir, "trun-defaults.c");
  char *obj = path_join (workdir, "trun-defaults.o");
  int ok = 1;
  if (!o->dry_run)
    {
      ok = write_file_text (src, b.s) == 0;
      char *cc = find_in_path ("gcc", NULL, NULL);
      char *argv[] = { cc ? cc : "cc", "-O2", "-fPIC", "-c", src, "-o", obj, NULL };
      ok = ok && run_command (argv, NULL, 0) == 0;
      free (cc);
    }
  strv_free (&names);
  strv_free (&values);
  free (b.s);
  free (src);
  if (!ok)
    {
      fprintf (stderr, "%s: cannot build the baked settings object %s\n", program_name, obj);
      free (obj);
      return xstrdup ("");
    }
  return obj;
}

int
make_instrument_flags (const struct options *o, const struct install *in,
                       const char *workdir, struct instrument_flags *fl)
{
  memset (fl, 0, sizeof *fl);
  strv_push_own (&fl->compile, xasprintf ("-fplugin=%s", in->plugin));
  push_plugin_arg (&fl->compile, "mode", o->mode);
  struct { const struct strv *regexes; const char *key; } filters[] = {
    { &o->function_include, "include" }, { &o->function_exclude, "exclude" },
    { &o->module_include, "file-include" }, { &o->module_exclude, "file-exclude" },
  };
  for (size_t i = 0; i < 4; i++)
    if (filters[i].regexes->n)
      {
        char *re = alternation (filters[i].regexes);
        push_plugin_arg (&fl->compile, filters[i].key, re);
        free (re);
      }
  if (o->min_instructions)
    push_plugin_arg (&fl->compile, "min-statements", o->min_instructions);
  if (o->collections.n || o->filter_from)
    {
      char *filter = write_filter_file (o, workdir);
      if (!filter)
        return -1;
      push_plugin_arg (&fl->compile, "filter", filter);
      free (filter);
    }
  fl->list_file = path_join (workdir, TRUN_STATE_LIST);
  push_plugin_arg (&fl->compile, "list", fl->list_file);
  if (o->verbose > 1)
    push_plugin_arg (&fl->compile, "verbose", "1");

  char *defaults = write_defaults_object (o, workdir);
  if (defaults && !*defaults)
    {
      free (defaults);
      return -1;
    }
  if (defaults)
    strv_push_own (&fl->exe, defaults);
  strv_push_own (&fl->link, xasprintf ("-L%s", in->libdir));
  strv_push_own (&fl->link, xasprintf ("-Wl,-rpath,%s", in->libdir));
  strv_push (&fl->link, "-ltrun");
  return 0;
}

/* ------------------------------------------------------------------ */
/* Reporting                                                          */

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

void
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

/* ------------------------------------------------------------------ */
/* Wrapped builds                                                     */

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

/* compile_commands.json from the command log, for users and other tools.  */
static void
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

static int
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
    unlink (fl.list_file); /* count this build's functions only */
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
      if (o->verbose)
        print_command (stderr, "timemory-run: running: ", o->command);
      status = run_command (o->command, NULL, 0);
      struct strv objects = { 0 };
      write_compile_database (state, &objects);
      if (write_function_lists (o, fl.list_file, &objects) != 0 && status == 0)
        status = 1;
      strv_free (&objects);
      char *what = xasprintf ("compile commands in %s/%s", state, TRUN_STATE_CDB);
      print_summary (o, fl.list_file, what);
      free (what);
      if (status != 0)
        fprintf (stderr, "%s: the build exited with status %d\n", program_name, status);
    }
  free (compile), free (link), free (exe), free (cc), free (cxx), free (path);
  free (wrapper_dir), free (state);
  return status;
}

int
main (int argc, char **argv)
{
  struct options o;
  parse_options (argc, argv, &o);
  struct install in;
  if (locate_install (&in) != 0)
    return 1;
  if (o.output)
    return rebuild_program (&o, &in, o.command[0], o.output);
  if (is_build_command (o.command[0]))
    return run_build (&o, &in);
  return launch_program (&o, &in);
}
