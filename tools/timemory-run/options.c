/* tools/timemory-run/options.c -- timemory-run's options: the table of
 * spellings, parsing, the usage text, and the checks on every value.
 */
#define _GNU_SOURCE
#include "options.h"
#include "util/path.h"

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

/* Every *trun-filter*.txt: PREFIXtrun-filter-rank1.txt counts too.  */
void
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

void
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
