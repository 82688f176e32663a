/* tools/timemory-run/options.h -- timemory-run's command line: the parsed
 * options, and the checks every value passes before anything runs.
 *
 * The command line is timemory's: an option that takes a list takes
 * every argument up to the next option or "--", each possibly a
 * comma-separated list; timemory's options that only configure Dyninst
 * are accepted with their argument count and named in one note.
 */
#ifndef TRUN_TOOLS_TIMEMORY_RUN_OPTIONS_H
#define TRUN_TOOLS_TIMEMORY_RUN_OPTIONS_H

#include "util/strv.h"

/* The listings of timemory's --print-available/-instrumented/-excluded/
   -overlapping (what it prints to stdout before exiting).  */
enum print_what
{
  PRINT_NONE,
  PRINT_FUNCTIONS,  /* functions:  names, by module */
  PRINT_MODULES,    /* modules:    the modules (source files) */
  PRINT_SIGNATURES, /* functions+: labels with their signature, by module */
  PRINT_PAIRS,      /* pair:       "[module] --> [ line ][name]" */
  PRINT_PAIRS_SIG   /* pair+:      the same with signatures */
};

/* --label: what a function's label holds besides its name.  */
#define LABEL_FILE 1
#define LABEL_LINE 2
#define LABEL_RETURN 4
#define LABEL_ARGS 8

struct options
{
  const char *mode;         /* trace | region | coverage */
  char *default_components; /* -d, joined with commas */
  struct strv function_include, function_exclude;
  struct strv module_include, module_exclude;
  const char *min_instructions; /* -i */
  struct strv collections;      /* -C files, found on -P's paths; "!FILE" excludes */
  struct strv collection_paths; /* -P, then $TIMEMORY_COLLECTION_PATH */
  struct strv env;              /* --env VAR=VALUE */
  int mpi, mpip;
  /* --print-instrumented/--print-excluded: a FILE (trun), or one of
     timemory's listings (print_*_what), printed before exiting.  */
  const char *print_instrumented, *print_excluded;
  enum print_what print_available_what, print_instrumented_what;
  enum print_what print_excluded_what, print_overlapping_what;
  const char *print_dir; /* --print-dir: the four listings as files */
  int labels;            /* --label: LABEL_* bits */
  long jobs;             /* -j: parallel compiles of an -o rebuild */
  int dry_run, verbose;
  const char *output;           /* -o */
  const char *compile_commands; /* --compile-commands */
  const char *filter_from;      /* --filter-from DIR */
  struct strv ignored;          /* timemory's Dyninst-only options given */
  char **command;               /* after "--" (or -c's) */
  int ncommand;
};

/* "timemory-run": the prefix of every message.  */
extern const char *program_name;

/* Fill O from ARGV.  --help and --version print and exit 0; an unknown
   option or a bad value prints a usage error and exits 2.  The options
   given that have no effect are named in one note on stderr.  */
void parse_options (int argc, char **argv, struct options *o);

/* Whether O asks for one of timemory's listings, which end the run:
   nothing is written (-o) and nothing is run.  */
int print_and_exit (const struct options *o);

/* The filter files a profile directory DIR holds (trun-filter.txt, and
   the per-rank or prefixed variants), appended to FILES.  */
void profile_filter_files (const char *dir, struct strv *files);

#endif /* TRUN_TOOLS_TIMEMORY_RUN_OPTIONS_H */
