/* tools/timemory-run/main.c -- the command users type.
 *
 *   timemory-run [OPTIONS] -- BUILD-COMMAND...   wrap a build: every C/C++
 *       compile goes through the plugin, every link adds the runtime
 *   timemory-run [OPTIONS] -o OUT -- PROGRAM     instrumented copy of PROGRAM
 *   timemory-run [OPTIONS] -- PROGRAM ARGS...    build that copy in a cache
 *       directory and run it
 *
 * This file only chooses among them.  The parts, each using only those
 * after it: wrap.c (wrapped builds), launch.c (the cached copy) and
 * rebuild.c (-o; its compiles run -j at once by jobs.c); plan.c (how a
 * program was built: compile commands found or reconstructed), dwarf.c
 * (its DWARF, with libdw), bypass.c (builds whose compiler bypasses the
 * wrappers: CMake trees rebuilt with a compiler launcher, the others
 * reported); flags.c (plugin and runtime flags), lists.c (list file,
 * summary), cdb.c (compile commands on disk), install.c (where trun is);
 * options.c (the command line); ../util/ and ../ccargs.c.  timemory's
 * listings (--print-available functions, ...) build as -o does, print
 * and stop (lists.c).
 */
#include "install.h"
#include "launch.h"
#include "options.h"
#include "rebuild.h"
#include "wrap.h"
#include "util/alloc.h"
#include "util/path.h"

#include <stdio.h>
#include <stdlib.h>

/* timemory's --print-available/-instrumented/... on a program: its
   instrumented copy is made in a temporary directory for its lists, then
   dropped; nothing is written to -o's file and nothing runs.  */
static int
print_program_lists (const struct options *o, const struct install *in)
{
  char templ[] = "/tmp/timemory-run-print.XXXXXX";
  if (!mkdtemp (templ))
    {
      perror (program_name);
      return 1;
    }
  char *program = resolve_program (o->command[0]);
  char *out = path_join (templ, "program");
  int rc = program ? rebuild_program (o, in, program, out, NULL) : 127;
  remove_tree (templ);
  free (out), free (program);
  return rc;
}

int
main (int argc, char **argv)
{
  struct options o;
  parse_options (argc, argv, &o);
  struct install in;
  if (locate_install (&in) != 0)
    return 1;
  if (print_and_exit (&o) && !o.dry_run && !is_build_command (o.command[0]))
    return print_program_lists (&o, &in);
  if (o.output)
    return rebuild_program (&o, &in, o.command[0], o.output, NULL);
  if (is_build_command (o.command[0]))
    return run_build (&o, &in);
  return launch_program (&o, &in);
}
