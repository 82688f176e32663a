/* tools/timemory-run/flags.h -- the instrumentation flags both the wrapped
 * build and the -o rebuild add: the plugin and its arguments (filters,
 * the filter file of -C and --filter-from), the runtime, and the object
 * that bakes -d/--env/--mpip defaults into executables.
 */
#ifndef TRUN_TOOLS_TIMEMORY_RUN_FLAGS_H
#define TRUN_TOOLS_TIMEMORY_RUN_FLAGS_H

#include "install.h"
#include "options.h"
#include "util/strv.h"

struct instrument_flags
{
  struct strv compile; /* compile steps: the plugin and its arguments */
  struct strv link;    /* link steps: the runtime */
  struct strv exe;     /* executables only: the baked-defaults object */
  char *list_file;     /* where the plugin lists what it instrumented */
  char *skip_file;     /* where it counts what it skipped, by reason */
};

/* Flags for O with the installation IN; extra files (filter, baked
   defaults) go to WORKDIR.  Returns 0, or non-zero after printing why.  */
int make_instrument_flags (const struct options *o, const struct install *in,
                           const char *workdir, struct instrument_flags *fl);

#endif /* TRUN_TOOLS_TIMEMORY_RUN_FLAGS_H */
