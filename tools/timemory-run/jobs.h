/* tools/timemory-run/jobs.h -- the compiles of an -o rebuild, run up to
 * -j at once.
 */
#ifndef TRUN_TOOLS_TIMEMORY_RUN_JOBS_H
#define TRUN_TOOLS_TIMEMORY_RUN_JOBS_H

#include "options.h"

#include <stddef.h>

/* Run the N commands CMDS[k] in directories DIRS[k], at most O->jobs at
   once (in order with one), each printed as -v and --dry-run say; a
   failed one is named.  After a failure no new command starts.  Returns
   0 when all succeeded.  */
int run_steps (const struct options *o, size_t n, const char *const *dirs, struct strv *cmds);

#endif /* TRUN_TOOLS_TIMEMORY_RUN_JOBS_H */
