/* tools/timemory-run/wrap.h -- timemory-run -- BUILD-COMMAND: the build
 * runs with compiler wrappers first on PATH and in CC/CXX, which add the
 * instrumentation flags and record every command; afterwards
 * compile_commands.json, the function lists and the summary.
 */
#ifndef TRUN_TOOLS_TIMEMORY_RUN_WRAP_H
#define TRUN_TOOLS_TIMEMORY_RUN_WRAP_H

#include "install.h"
#include "options.h"

/* Whether ARG0 names a program timemory-run runs as a build.  */
int is_build_command (const char *arg0);
/* Run O's command as a wrapped build; its exit status (1 when it could
   not start, or when a function list could not be written).  */
int run_build (const struct options *o, const struct install *in);

#endif /* TRUN_TOOLS_TIMEMORY_RUN_WRAP_H */
