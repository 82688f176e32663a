/* tools/timemory-run/options.h -- timemory-run's command line: the parsed
 * options, and the checks every value passes before anything runs.
 */
#ifndef TRUN_TOOLS_TIMEMORY_RUN_OPTIONS_H
#define TRUN_TOOLS_TIMEMORY_RUN_OPTIONS_H

#include "util/strv.h"

struct options
{
  const char *mode;               /* trace | region | coverage */
  const char *default_components; /* -d */
  struct strv function_include, function_exclude;
  struct strv module_include, module_exclude;
  const char *min_instructions; /* -i */
  struct strv collections;      /* -C files */
  struct strv env;              /* --env VAR=VALUE */
  int mpi, mpip;
  const char *print_instrumented, *print_excluded;
  int dry_run, verbose;
  const char *output;           /* -o */
  const char *compile_commands; /* --compile-commands */
  const char *filter_from;      /* --filter-from DIR */
  char **command;               /* after "--" */
  int ncommand;
};

/* "timemory-run": the prefix of every message.  */
extern const char *program_name;

/* Fill O from ARGV.  --help and --version print and exit 0; a bad option
   or value prints a usage error and exits 2.  */
void parse_options (int argc, char **argv, struct options *o);

/* The filter files a profile directory DIR holds (trun-filter.txt, and
   the per-rank or prefixed variants), appended to FILES.  */
void profile_filter_files (const char *dir, struct strv *files);

#endif /* TRUN_TOOLS_TIMEMORY_RUN_OPTIONS_H */
