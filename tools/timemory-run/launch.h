/* tools/timemory-run/launch.h -- timemory-run -- PROGRAM ARGS: run
 * PROGRAM's instrumented copy from the cache, building it first.
 */
#ifndef TRUN_TOOLS_TIMEMORY_RUN_LAUNCH_H
#define TRUN_TOOLS_TIMEMORY_RUN_LAUNCH_H

#include "install.h"
#include "options.h"

/* Runs O's command with the copy in its place; returns only on failure
   (or under --dry-run), with the exit status to use.  */
int launch_program (const struct options *o, const struct install *in);

#endif /* TRUN_TOOLS_TIMEMORY_RUN_LAUNCH_H */
