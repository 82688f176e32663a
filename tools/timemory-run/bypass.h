/* tools/timemory-run/bypass.h -- builds whose compiler bypasses the
 * wrappers timemory-run puts on PATH and in CC/CXX: a CMake tree
 * configured without timemory-run names its compiler by absolute path
 * in its cache.  Such a tree is built with trun-cc as every language's
 * compiler and linker launcher instead (the cache is put back
 * afterwards); any other build that compiled objects without the
 * wrapper is reported, with the fix, as a failure.
 */
#ifndef TRUN_TOOLS_TIMEMORY_RUN_BYPASS_H
#define TRUN_TOOLS_TIMEMORY_RUN_BYPASS_H

#include <time.h>

#include "install.h"
#include "options.h"
#include "util/strv.h"

struct cmake_launch
{
  char *tree;          /* the build tree */
  char *cmake;         /* the cmake that configured it */
  struct strv restore; /* -D/-U arguments putting the cache back */
};

/* When O's command builds a CMake tree (cmake --build DIR; make, ninja
   in such a tree or with -C) whose cache names a compiler other than
   trun-cc: set trun-cc as its compiler and linker launchers, clean the
   tree (so that every object is compiled again, instrumented) and say
   so in one line.  1 when done, 0 when O's command is no such build, -1
   after printing why it cannot be done.  */
int cmake_launch_begin (const struct options *o, const struct install *in,
                        struct cmake_launch *cl);
/* Put CL's cache back and remove the instrumented OBJECTS inside its
   tree, so that a plain build afterwards compiles them again.  */
void cmake_launch_end (const struct options *o, struct cmake_launch *cl,
                       const struct strv *objects);

/* After a build that compiled and linked nothing through the wrapper:
   the objects and programs written under DIR since START bypassed it
   (but for the programs in WRAPPED_LINKS, the outputs of links the
   wrapper did, and copies of programs from before).  Prints the error
   with the fix and returns 1 when there are any; else, when the command
   is a build tool and no earlier wrapped build of DIR compiled anything
   (EARLIER 0), a note that nothing was compiled, and 0.  */
int report_bypassed_compiles (const struct options *o, const char *dir,
                              const struct timespec *start, size_t earlier,
                              const struct strv *wrapped_links);

#endif /* TRUN_TOOLS_TIMEMORY_RUN_BYPASS_H */
