/* tools/timemory-run/lists.h -- what the plugin's list file says: the
 * closing summary line, and the --print-instrumented/--print-excluded
 * files.
 */
#ifndef TRUN_TOOLS_TIMEMORY_RUN_LISTS_H
#define TRUN_TOOLS_TIMEMORY_RUN_LISTS_H

#include "options.h"
#include "util/strv.h"

/* The summary on stderr, "instrumented N functions in M files", counted
   in LIST_FILE; WHAT (or NULL) ends its first line.  */
void print_summary (const struct options *o, const char *list_file, const char *what);
/* One line on stderr: how many functions the plugin skipped, by reason,
   summed over SKIP_FILE (its skip-counts=FILE: a line per compiled
   unit, "UNIT\tREASON=N...").  */
void print_skip_summary (const char *skip_file);
/* --print-instrumented / --print-excluded outputs; OBJECTS are what nm
   reads for the functions left out.  timemory's listings
   (--print-available WHAT, ...) go to stdout, and with --print-dir to
   its files; what could be instrumented is read from the plugin's
   available= file beside LIST_FILE.  Non-zero after a write failed.  */
int write_function_lists (const struct options *o, const char *list_file,
                          const struct strv *objects);

#endif /* TRUN_TOOLS_TIMEMORY_RUN_LISTS_H */
