/* tools/timemory-run.h -- what the parts of timemory-run share: the parsed
 * options, where trun is installed, and the instrumentation flags both
 * the wrapped build and the -o rebuild add.
 */
#ifndef TRUN_TOOLS_TIMEMORY_RUN_H
#define TRUN_TOOLS_TIMEMORY_RUN_H

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

/* Where the plugin, the runtime and the wrapper are.  */
struct install
{
  char *plugin;  /* trun.so */
  char *libdir;  /* holds libtrun.so */
  char *wrapper; /* trun-cc */
};

extern const char *program_name;

int locate_install (struct install *in);

/* Flags for compile steps (plugin and its arguments, list file LIST) and
   for link steps.  Extra files (filter, baked defaults) go to WORKDIR.
   Returns 0, or non-zero after printing why.  */
struct instrument_flags
{
  struct strv compile;
  struct strv link;
  struct strv exe; /* executables only: the baked-defaults object */
  char *list_file;
};
int make_instrument_flags (const struct options *o, const struct install *in,
                           const char *workdir, struct instrument_flags *fl);

/* "N functions in M files" read from a plugin list file.  */
void count_instrumented (const char *list_file, long *functions, long *files);
void print_summary (const struct options *o, const char *list_file, const char *what);
/* --print-instrumented / --print-excluded outputs.  */
int write_function_lists (const struct options *o, const char *list_file,
                          const struct strv *objects);

/* rebuild.c: -o OUT -- PROGRAM, and launching a program's instrumented
   copy from the cache.  */
int rebuild_program (const struct options *o, const struct install *in,
                     const char *program, const char *out);
int launch_program (const struct options *o, const struct install *in);
/* Whether ARG0 names a program timemory-run runs as a build.  */
int is_build_command (const char *arg0);

#endif /* TRUN_TOOLS_TIMEMORY_RUN_H */
