/* tools/timemory-run/plan.h -- how PROGRAM was built, for -o: its compile
 * commands found on disk (guided by its DWARF: compile directories, build
 * tree, recorded wrapped builds, build-id), else reconstructed from its
 * DWARF when its sources still exist, else one error saying what was
 * looked for and how to fix it.
 */
#ifndef TRUN_TOOLS_TIMEMORY_RUN_PLAN_H
#define TRUN_TOOLS_TIMEMORY_RUN_PLAN_H

#include "cdb.h"
#include "dwarf.h"
#include "options.h"

/* The path of a database reconstructed from DWARF.  */
#define PLAN_FROM_DWARF "(debug information)"

/* Fill DB with PROGRAM's compile commands (PROGRAM canonical, SHOWN as
   the user named it) and DI with its DWARF.  0, or -1 after printing
   why there are none.  */
int plan_compile_commands (const struct options *o, const char *program, const char *shown,
                           struct database *db, struct dwarf_info *di);

/* The canonical sources of DI's units, into SOURCES.  */
void dwarf_unit_sources (const struct dwarf_info *di, struct strv *sources);

/* The last link of DB whose output is PROGRAM: the same file, or a file
   with PROGRAM's build-id BUILD_ID (PROGRAM copied or installed).  */
const struct command *plan_find_link (const struct database *db, const char *program,
                                      const char *build_id);

#endif /* TRUN_TOOLS_TIMEMORY_RUN_PLAN_H */
