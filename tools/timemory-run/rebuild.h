/* tools/timemory-run/rebuild.h -- timemory-run -o OUT -- PROGRAM: PROGRAM's
 * translation units recompiled from its compile commands through the
 * plugin and linked into OUT.
 */
#ifndef TRUN_TOOLS_TIMEMORY_RUN_REBUILD_H
#define TRUN_TOOLS_TIMEMORY_RUN_REBUILD_H

#include "install.h"
#include "options.h"

/* Write OUT, PROGRAM's instrumented copy; the summary names SHOWN_OUT
   (OUT when NULL): the file OUT becomes when OUT is a temporary.  0, or 1
   after printing why.  */
int rebuild_program (const struct options *o, const struct install *in,
                     const char *program, const char *out, const char *shown_out);
/* PROGRAM as a canonical path (looked up on PATH without a '/'); NULL
   after printing why when there is no such file.  */
char *resolve_program (const char *program);

#endif /* TRUN_TOOLS_TIMEMORY_RUN_REBUILD_H */
