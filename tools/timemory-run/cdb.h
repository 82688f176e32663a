/* tools/timemory-run/cdb.h -- compile commands on disk: the log a wrapped
 * build records (state directory's commands.jsonl, one JSON object a
 * line, compile and link steps) and compilation databases
 * (compile_commands.json, one JSON array), read with json-c; and the
 * recipes of a CMake Makefile tree that exported none (cmake-tree.c).
 */
#ifndef TRUN_TOOLS_TIMEMORY_RUN_CDB_H
#define TRUN_TOOLS_TIMEMORY_RUN_CDB_H

#include <stddef.h>

#include "util/strv.h"

struct command
{
  char *dir;
  struct strv args;
  char *file;   /* canonical source path (compile entries) */
  char *output; /* absolute output path */
  int is_link;
};

struct database
{
  char *path;
  struct command *cmds;
  size_t n;
};

/* The commands of the log or compilation database PATH (a log when it
   ends in ".jsonl", a CMake tree when it is its CMakeFiles/Makefile.cmake
   marker); entries without a directory, a file or a command
   are left out.  -1 after printing why it cannot be read.  */
int load_database (struct database *db, const char *path);
void free_database (struct database *db);

/* Add to DB the compile of FILE by ARGS (taken: left empty) run in
   DIR.  */
void database_add_compile (struct database *db, const char *dir, struct strv *args,
                           const char *file);

/* STATE's compile_commands.json from its command log, as recorded; the
   absolute paths of the objects those compiles wrote are added to
   OBJECTS.  */
void write_compile_database (const char *state, struct strv *objects);

#endif /* TRUN_TOOLS_TIMEMORY_RUN_CDB_H */
