/* tools/timemory-run/options.c -- timemory-run's options: the table of
 * spellings, parsing, the usage text, and the checks on every value.
 */
#define _GNU_SOURCE
#include "options.h"
#include "util/alloc.h"
#include "util/buf.h"
#include "util/path.h"

#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <regex.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
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
"An option marked LIST... takes every argument up to the next option or\n"
"'--', each possibly a comma-separated list (timemory's command line).\n"
"\n"
"Options:\n"
"  -M, --mode MODE               trace (default), region or coverage\n"
"  -d, --default-components LIST...  default components of the instrumented\n"
"                                program (the environment still wins)\n"
"  -I, -R, --function-include REGEX...  instrument only matching functions\n"
"  -E, --function-exclude REGEX...      do not instrument matching functions\n"
"  -MI, -MR, --module-include REGEX...  instrument only the functions of\n"
"                                matching modules (source files)\n"
"  -ME, --module-exclude REGEX...       skip matching modules\n"
"  -i, --min-instructions N      skip functions with fewer than N statements\n"
"  -C, --collection FILE...      function names, one a line; '!NAME' excludes\n"
"                                a name, '!FILE' every name of FILE\n"
"  -P, --collection-path DIR...  where -C looks for its files (also\n"
"                                $TIMEMORY_COLLECTION_PATH)\n"
"      --filter-from DIR         skip what a profile in DIR found throttled or\n"
"                                never called (DIR/trun-filter.txt)\n"
"      --label WHAT...           add to each function's label: file, line,\n"
"                                return (type), args (parameters)\n"
"      --env VAR=VALUE...        default settings baked into the program\n"
"      --mpi                     the program uses MPI (link through mpicc)\n"
"      --mpip                    also profile MPI calls (TRUN_MPIP=on)\n"
"  -o, --output OUT              write an instrumented copy of PROGRAM to OUT\n"
"  -c, --command PROGRAM         the program, when no '--' is given\n"
"  -j, --jump [N]                compile N units at once in an -o rebuild\n"
"                                (no N: one per processor)\n"
"      --compile-commands FILE   PROGRAM's compile_commands.json\n"
"      --print-available WHAT    print what could be instrumented and exit;\n"
"                                WHAT: functions, modules, functions+, pair,\n"
"                                pair+\n"
"      --print-instrumented WHAT|FILE  print what is instrumented and exit;\n"
"                                or (FILE) write the list to FILE and go on\n"
"      --print-excluded WHAT|FILE      the same for the functions left out\n"
"      --print-overlapping WHAT  nothing overlaps in source: prints nothing,\n"
"                                exits\n"
"      --print-dir DIR           also write available-instr.txt,\n"
"                                instrumented-instr.txt, excluded-instr.txt and\n"
"                                overlapping-instr.txt to DIR\n"
"      --dry-run                 print what would run, run nothing\n"
"  -v, --verbose [N]             print each command as it runs (2: also the\n"
"                                plugin's decision for every function)\n"
"      --debug                   -v 2\n"
"  -h, -?, --help                this text\n"
"      --version                 the version\n"
"\n"
"Accepted for timemory's scripts, without effect (they configure Dyninst's\n"
"binary patching; trun instruments at compile time): -e, -m, -l, -s, -L,\n"
"-S, --cstdlib, -p, --prefer, --driver, --ompt (OpenMP bodies are always\n"
"instrumented), --load, --init-functions, --fini-functions, -b,\n"
"--dynamic-callsites, -r, --min-address-range-loop, --traps, --loop-traps,\n"
"--allow-overlapping, --dyninst-options.\n"
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
  OPT_MIN_INSN, OPT_COLLECTION, OPT_COLLECTION_PATH, OPT_ENV, OPT_MPI, OPT_MPIP,
  OPT_PRINT_INST, OPT_PRINT_EXCL, OPT_PRINT_AVAIL, OPT_PRINT_OVERLAP, OPT_PRINT_DIR,
  OPT_LABEL, OPT_JOBS, OPT_DRY_RUN, OPT_VERBOSE, OPT_DEBUG, OPT_HELP, OPT_VERSION,
  OPT_OUTPUT, OPT_COMMAND, OPT_COMPILE_COMMANDS, OPT_FILTER_FROM, OPT_IGNORED
};

/* How many arguments an option takes, as timemory's parser counts them:
   none, one, every one up to the next option, or one optional (taken
   when the next argument is a number, or a boolean word).  */
enum opt_arity { NO_VALUE, ONE_VALUE, MANY_VALUES, OPTIONAL_INT, OPTIONAL_BOOL };

/* How a value splits into a list: not at all, at every comma, at commas
   outside brackets (regexes: "a{1,3}" stays whole), at commas that start
   another VAR= (--env).  */
enum opt_split { SPLIT_NONE, SPLIT_COMMAS, SPLIT_REGEX, SPLIT_ENV };

struct opt_spec
{
  const char *shorts[3]; /* single-dash spellings */
  const char *name;      /* long spelling without "--" */
  enum opt_arity arity;
  enum opt_split split;
  enum opt_id id;
  const char *why_ignored; /* OPT_IGNORED: what it does for Dyninst */
};

static const struct opt_spec opt_specs[] = {
  { { "-M" }, "mode", ONE_VALUE, SPLIT_NONE, OPT_MODE, NULL },
  { { "-d" }, "default-components", MANY_VALUES, SPLIT_COMMAS, OPT_DEFAULTS, NULL },
  { { "-I", "-R" }, "function-include", MANY_VALUES, SPLIT_REGEX, OPT_FINCLUDE, NULL },
  { { "-E" }, "function-exclude", MANY_VALUES, SPLIT_REGEX, OPT_FEXCLUDE, NULL },
  { { "-MI", "-MR" }, "module-include", MANY_VALUES, SPLIT_REGEX, OPT_MINCLUDE, NULL },
  { { "-ME" }, "module-exclude", MANY_VALUES, SPLIT_REGEX, OPT_MEXCLUDE, NULL },
  { { "-i" }, "min-instructions", ONE_VALUE, SPLIT_NONE, OPT_MIN_INSN, NULL },
  { { "-C" }, "collection", MANY_VALUES, SPLIT_COMMAS, OPT_COLLECTION, NULL },
  { { "-P" }, "collection-path", MANY_VALUES, SPLIT_COMMAS, OPT_COLLECTION_PATH, NULL },
  { { NULL }, "env", MANY_VALUES, SPLIT_ENV, OPT_ENV, NULL },
  { { NULL }, "mpi", NO_VALUE, SPLIT_NONE, OPT_MPI, NULL },
  { { NULL }, "mpip", NO_VALUE, SPLIT_NONE, OPT_MPIP, NULL },
  { { NULL }, "print-instrumented", ONE_VALUE, SPLIT_NONE, OPT_PRINT_INST, NULL },
  { { NULL }, "print-excluded", ONE_VALUE, SPLIT_NONE, OPT_PRINT_EXCL, NULL },
  { { NULL }, "print-available", ONE_VALUE, SPLIT_NONE, OPT_PRINT_AVAIL, NULL },
  { { NULL }, "print-overlapping", ONE_VALUE, SPLIT_NONE, OPT_PRINT_OVERLAP, NULL },
  { { NULL }, "print-dir", ONE_VALUE, SPLIT_NONE, OPT_PRINT_DIR, NULL },
  { { NULL }, "label", MANY_VALUES, SPLIT_COMMAS, OPT_LABEL, NULL },
  { { "-j" }, "jump", OPTIONAL_INT, SPLIT_NONE, OPT_JOBS, NULL },
  { { NULL }, "dry-run", NO_VALUE, SPLIT_NONE, OPT_DRY_RUN, NULL },
  { { "-v" }, "verbose", OPTIONAL_INT, SPLIT_NONE, OPT_VERBOSE, NULL },
  { { NULL }, "debug", NO_VALUE, SPLIT_NONE, OPT_DEBUG, NULL },
  { { "-h", "-?" }, "help", NO_VALUE, SPLIT_NONE, OPT_HELP, NULL },
  { { NULL }, "version", NO_VALUE, SPLIT_NONE, OPT_VERSION, NULL },
  { { "-o" }, "output", ONE_VALUE, SPLIT_NONE, OPT_OUTPUT, NULL },
  { { "-c" }, "command", ONE_VALUE, SPLIT_NONE, OPT_COMMAND, NULL },
  { { NULL }, "compile-commands", ONE_VALUE, SPLIT_NONE, OPT_COMPILE_COMMANDS, NULL },
  { { NULL }, "filter-from", ONE_VALUE, SPLIT_NONE, OPT_FILTER_FROM, NULL },
  /* timemory's options for Dyninst: accepted, named in the note.  */
  { { "-e" }, "error", NO_VALUE, SPLIT_NONE, OPT_IGNORED, "Dyninst's warnings as errors" },
  { { "-m" }, "main-function", ONE_VALUE, SPLIT_NONE, OPT_IGNORED,
    "the runtime starts at the first instrumented call and reports at exit" },
  { { "-l" }, "instrument-loops", NO_VALUE, SPLIT_NONE, OPT_IGNORED,
    "loops are not instrumented" },
  { { "-s" }, "stubs", NO_VALUE, SPLIT_NONE, OPT_IGNORED, "the runtime is linked, not preloaded" },
  { { "-L" }, "library", MANY_VALUES, SPLIT_COMMAS, OPT_IGNORED, "the runtime is libtrun" },
  { { "-S" }, "stdlib", NO_VALUE, SPLIT_NONE, OPT_IGNORED,
    "functions of system headers are never instrumented" },
  { { NULL }, "cstdlib", NO_VALUE, SPLIT_NONE, OPT_IGNORED, "the C library is not recompiled" },
  { { "-p" }, "pid", ONE_VALUE, SPLIT_NONE, OPT_IGNORED,
    "a running process cannot be recompiled" },
  { { NULL }, "prefer", ONE_VALUE, SPLIT_NONE, OPT_IGNORED, "the runtime is the shared libtrun" },
  { { NULL }, "driver", NO_VALUE, SPLIT_NONE, OPT_IGNORED, "nothing is patched into main" },
  { { NULL }, "ompt", NO_VALUE, SPLIT_NONE, OPT_IGNORED,
    "OpenMP bodies are always instrumented" },
  { { NULL }, "load", MANY_VALUES, SPLIT_COMMAS, OPT_IGNORED,
    "Dyninst's supplemental libraries" },
  { { NULL }, "init-functions", MANY_VALUES, SPLIT_COMMAS, OPT_IGNORED,
    "Dyninst's supplemental libraries" },
  { { NULL }, "fini-functions", MANY_VALUES, SPLIT_COMMAS, OPT_IGNORED,
    "Dyninst's supplemental libraries" },
  { { "-b" }, "batch-size", ONE_VALUE, SPLIT_NONE, OPT_IGNORED, "Dyninst's insertion batches" },
  { { NULL }, "dynamic-callsites", OPTIONAL_BOOL, SPLIT_NONE, OPT_IGNORED,
    "Dyninst's size heuristics; see -i" },
  { { "-r" }, "min-address-range", ONE_VALUE, SPLIT_NONE, OPT_IGNORED,
    "no address ranges before linking; see -i" },
  { { NULL }, "min-address-range-loop", ONE_VALUE, SPLIT_NONE, OPT_IGNORED,
    "no address ranges before linking; see -i" },
  { { NULL }, "traps", OPTIONAL_BOOL, SPLIT_NONE, OPT_IGNORED, "no traps are patched in" },
  { { NULL }, "loop-traps", OPTIONAL_BOOL, SPLIT_NONE, OPT_IGNORED, "no traps are patched in" },
  { { NULL }, "allow-overlapping", NO_VALUE, SPLIT_NONE, OPT_IGNORED,
    "source functions never overlap" },
  { { NULL }, "dyninst-options", MANY_VALUES, SPLIT_COMMAS, OPT_IGNORED,
    "Dyninst's BPatch settings" },
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
  /* Joined short values: -Mregion, -i10, -ofile, -dwall_clock, -j4.  */
  static const char *const joinable[] = { "-M", "-i", "-o", "-d", "-C", "-j", "-v", NULL };
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

/* VALUE split as SPLIT says, into PIECES (an empty value stays one empty
   piece, for the checks to name it).  */
static void
split_value (enum opt_split split, const char *value, struct strv *pieces)
{
  if (split == SPLIT_NONE || !strchr (value, ','))
    {
      strv_push (pieces, value);
      return;
    }
  const char *start = value;
  int depth = 0;
  for (const char *p = value;; p++)
    {
      int cut = 0;
      if (*p == 0)
        cut = 1;
      else if (split == SPLIT_REGEX && *p == '\\' && p[1])
        p++;
      else if (split == SPLIT_REGEX && strchr ("[({", *p))
        depth++;
      else if (split == SPLIT_REGEX && strchr ("])}", *p) && depth > 0)
        depth--;
      else if (*p == ',' && depth == 0)
        {
          if (split == SPLIT_ENV)
            {
              size_t len = strcspn (p + 1, "=,");
              cut = p[1 + len] == '=' && is_env_name (p + 1, len);
            }
          else
            cut = 1;
        }
      if (!cut)
        continue;
      if (p > start)
        strv_push_own (pieces, xstrndup (start, (size_t) (p - start)));
      if (*p == 0)
        break;
      start = p + 1;
    }
}

/* A -C file: NAME as given, else in each -P directory, then each of
   $TIMEMORY_COLLECTION_PATH (':' or ',' separated), also lower-cased
   (timemory's lookup); NULL when none is readable.  */
static char *
find_collection (const struct options *o, const char *name)
{
  if (access (name, R_OK) == 0)
    return xstrdup (name);
  struct strv dirs = { 0 };
  strv_extend (&dirs, &o->collection_paths);
  const char *env = getenv ("TIMEMORY_COLLECTION_PATH");
  if (env)
    {
      char *copy = xstrdup (env);
      for (char *p = copy; *p; p++)
        if (*p == ',')
          *p = ':';
      strv_split (&dirs, copy, ':');
      free (copy);
    }
  char *lower = xstrdup (name);
  for (char *p = lower; *p; p++)
    *p = (char) tolower ((unsigned char) *p);
  char *found = NULL;
  for (size_t i = 0; i < dirs.n && !found; i++)
    for (int k = 0; k < 2 && !found; k++)
      {
        char *path = path_join (dirs.v[i], k ? lower : name);
        if (access (path, R_OK) == 0)
          found = path;
        else
          free (path);
      }
  free (lower);
  strv_free (&dirs);
  return found;
}

/* timemory's listing names, or PRINT_NONE.  */
static enum print_what
print_choice (const char *v)
{
  static const struct { const char *name; enum print_what what; } choices[] = {
    { "functions", PRINT_FUNCTIONS }, { "modules", PRINT_MODULES },
    { "functions+", PRINT_SIGNATURES }, { "pair", PRINT_PAIRS }, { "pair+", PRINT_PAIRS_SIG },
  };
  for (size_t i = 0; i < sizeof choices / sizeof choices[0]; i++)
    if (strcmp (v, choices[i].name) == 0)
      return choices[i].what;
  return PRINT_NONE;
}

static enum print_what
need_print_choice (const char *arg, const char *v)
{
  enum print_what w = print_choice (v);
  if (w == PRINT_NONE)
    usage_error ("bad value for %s: '%s' (functions, modules, functions+, pair or pair+)",
                 arg, v);
  return w;
}

static long
parse_count (const char *arg, const char *v, long min)
{
  char *end;
  errno = 0;
  long n = strtol (v, &end, 10);
  if (!*v || *end || n < min || errno)
    usage_error ("bad value for %s: '%s' (an integer, at least %ld)", arg, v, min);
  return n;
}

static char *single_command[2];

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
      {
        /* timemory: "none" anywhere clears the list.  */
        char *joined = o->default_components
                         ? xasprintf ("%s,%s", o->default_components, v) : xstrdup (v);
        free (o->default_components);
        o->default_components = joined;
      }
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
      parse_count (arg, v, 0);
      o->min_instructions = v;
      break;
    case OPT_COLLECTION:
      {
        int exclude = v[0] == '!';
        char *path = find_collection (o, v + exclude);
        if (!path)
          usage_error ("cannot read the collection file '%s'%s", v + exclude,
                       o->collection_paths.n || getenv ("TIMEMORY_COLLECTION_PATH")
                         ? " (not found on -P or $TIMEMORY_COLLECTION_PATH either)" : "");
        strv_push_own (&o->collections, exclude ? xasprintf ("!%s", path) : xstrdup (path));
        free (path);
        break;
      }
    case OPT_COLLECTION_PATH:
      strv_push (&o->collection_paths, v);
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
      if ((o->print_instrumented_what = print_choice (v)) == PRINT_NONE)
        o->print_instrumented = v;
      break;
    case OPT_PRINT_EXCL:
      if ((o->print_excluded_what = print_choice (v)) == PRINT_NONE)
        o->print_excluded = v;
      break;
    case OPT_PRINT_AVAIL:
      o->print_available_what = need_print_choice (arg, v);
      break;
    case OPT_PRINT_OVERLAP:
      o->print_overlapping_what = need_print_choice (arg, v);
      break;
    case OPT_PRINT_DIR:
      if (!*v)
        usage_error ("empty directory for %s", arg);
      o->print_dir = v;
      break;
    case OPT_LABEL:
      {
        static const struct { const char *name; int bit; } labels[] = {
          { "file", LABEL_FILE }, { "line", LABEL_LINE },
          { "return", LABEL_RETURN }, { "args", LABEL_ARGS },
        };
        size_t k = 0;
        while (k < 4 && strcasecmp (v, labels[k].name) != 0)
          k++;
        if (k == 4)
          usage_error ("bad value for --label: '%s' (file, line, return or args)", v);
        o->labels |= labels[k].bit;
        break;
      }
    case OPT_JOBS:
      o->jobs = parse_count (arg, v, 1);
      break;
    case OPT_VERBOSE:
      o->verbose = (int) parse_count (arg, v, 0);
      break;
    case OPT_OUTPUT:
      if (!*v)
        usage_error ("empty output name");
      o->output = v;
      break;
    case OPT_COMMAND:
      if (!*v)
        usage_error ("empty command");
      single_command[0] = (char *) v;
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

/* An option given without its optional value.  */
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
    case OPT_DEBUG:
      if (o->verbose < 2)
        o->verbose = 2;
      break;
    case OPT_JOBS:
      {
        long n = sysconf (_SC_NPROCESSORS_ONLN);
        o->jobs = n > 0 ? n : 1;
        break;
      }
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

/* Whether ARG is the optional value of an S of arity OPTIONAL_*.  */
static int
is_optional_value (const struct opt_spec *s, const char *arg)
{
  if (s->arity == OPTIONAL_INT)
    {
      if (!*arg)
        return 0;
      for (const char *p = arg; *p; p++)
        if (!isdigit ((unsigned char) *p))
          return 0;
      return 1;
    }
  static const char *const words[] = { "true", "false", "on", "off", "yes", "no", "1", "0", NULL };
  for (size_t k = 0; words[k]; k++)
    if (strcasecmp (arg, words[k]) == 0)
      return 1;
  return 0;
}

/* The note about the options of IGNORED (their specs), one line.  */
static void
note_ignored (const struct strv *ignored)
{
  struct buf b = { 0 };
  for (size_t i = 0; i < ignored->n; i++)
    {
      const char *v;
      const struct opt_spec *s = match_option (ignored->v[i], &v);
      buf_printf (&b, "%s%s (%s)", i ? ", " : "", ignored->v[i], s ? s->why_ignored : "");
    }
  fprintf (stderr, "%s: note: without effect in a compile-time tool (they configure "
           "Dyninst's binary patching): %s\n", program_name, b.s);
  free (b.s);
}

void
parse_options (int argc, char **argv, struct options *o)
{
  memset (o, 0, sizeof *o);
  o->mode = "trace";
  o->jobs = 1;
  int i = 1, dashdash = 0;
  while (i < argc)
    {
      const char *arg = argv[i];
      if (strcmp (arg, "--") == 0)
        {
          i++;
          dashdash = 1;
          break;
        }
      if (arg[0] != '-' || !arg[1])
        break; /* the command starts here */
      const char *value;
      const struct opt_spec *s = match_option (arg, &value);
      if (!s)
        usage_error ("unknown option '%s'", arg);
      i++;
      if (s->id == OPT_IGNORED)
        {
          char *spelling = xstrndup (arg, strcspn (arg, "="));
          if (!strv_contains (&o->ignored, spelling))
            strv_push (&o->ignored, spelling);
          free (spelling);
        }
      if (s->arity == NO_VALUE)
        {
          apply_flag (o, s);
          continue;
        }
      if (s->arity == OPTIONAL_INT || s->arity == OPTIONAL_BOOL)
        {
          if (!value && i < argc && is_optional_value (s, argv[i]))
            value = argv[i++];
          if (!value)
            apply_flag (o, s);
          else if (s->arity == OPTIONAL_BOOL && !is_optional_value (s, value))
            usage_error ("bad value for %s: '%s' (true or false)", arg, value);
          else
            apply_value (o, s, arg, value);
          continue;
        }
      if (!value)
        {
          if (i >= argc || strcmp (argv[i], "--") == 0)
            usage_error ("option '%s' needs a value", arg);
          value = argv[i++];
        }
      /* timemory's lists: every argument up to the next option.  */
      struct strv values = { 0 };
      split_value (s->split, value, &values);
      if (s->arity == MANY_VALUES && !strchr (arg, '='))
        while (i < argc && argv[i][0] != '-')
          split_value (s->split, argv[i++], &values);
      for (size_t k = 0; k < values.n; k++)
        apply_value (o, s, arg, values.v[k]);
      /* VALUES stay allocated: the options point into them.  */
    }
  /* -d none: no default components (timemory).  */
  if (o->default_components)
    {
      struct strv names = { 0 };
      char *copy = xstrdup (o->default_components);
      for (char *p = copy; *p; p++)
        if (*p == ' ')
          *p = ',';
      strv_split (&names, copy, ',');
      free (copy);
      free (o->default_components);
      o->default_components = strv_contains (&names, "none") ? NULL : strv_join (&names, ",");
      strv_free (&names);
    }
  if (i >= argc && !dashdash && single_command[0])
    {
      o->command = single_command;
      o->ncommand = 1;
    }
  else
    {
      if (i >= argc)
        usage_error ("no command given (put it after '--')");
      o->command = argv + i;
      o->ncommand = argc - i;
    }
  if (o->ignored.n)
    note_ignored (&o->ignored);
}

int
print_and_exit (const struct options *o)
{
  return o->print_available_what || o->print_instrumented_what || o->print_excluded_what
         || o->print_overlapping_what;
}
