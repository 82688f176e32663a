/* tools/timemory-run/cmake-tree.h -- compile commands read from a CMake
 * "Unix Makefiles" build tree that exported none: the targets' build.make
 * recipes with their flags.make variables.
 */
#ifndef TRUN_TOOLS_TIMEMORY_RUN_CMAKE_TREE_H
#define TRUN_TOOLS_TIMEMORY_RUN_CMAKE_TREE_H

#include "cdb.h"

/* Whether PATH is the file that marks the top of such a tree
   (TOP/CMakeFiles/Makefile.cmake).  */
int is_cmake_tree_marker (const char *path);

/* The compiles of every target under the tree MARKER marks, into DB.  */
void load_cmake_tree (struct database *db, const char *marker);

#endif /* TRUN_TOOLS_TIMEMORY_RUN_CMAKE_TREE_H */
