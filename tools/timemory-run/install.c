/* tools/timemory-run/install.c -- locating the installation (see
 * install.h).
 */
#include "install.h"
#include "options.h"
#include "util/alloc.h"
#include "util/path.h"

#include <stdio.h>
#include <stdlib.h>

static int
try_install (struct install *in, const char *plugin, const char *libdir, const char *wrapper)
{
  if (!is_file (plugin) || !is_executable (wrapper))
    return 0;
  in->plugin = xstrdup (plugin);
  in->libdir = xstrdup (libdir);
  in->wrapper = xstrdup (wrapper);
  return 1;
}

int
locate_install (struct install *in)
{
  char *exe = self_exe ();
  char *dir = exe ? dir_name (exe) : xstrdup (".");
  /* Build tree: libtool leaves the plugin and runtime in .libs beside us.  */
  char *libs = path_join (dir, ".libs");
  char *plugin = path_join (libs, "trun.so");
  char *wrapper = path_join (dir, "trun-cc");
  int found = try_install (in, plugin, libs, wrapper);
  free (libs), free (plugin), free (wrapper);
  /* Installed where configure said.  */
  if (!found && same_file (dir, TRUN_BINDIR))
    found = try_install (in, TRUN_LIBDIR "/trun.so", TRUN_LIBDIR, TRUN_PKGLIBEXECDIR "/trun-cc");
  /* Installed, then moved: PREFIX/bin beside PREFIX/lib.  */
  if (!found)
    {
      char *lib = path_absolute (dir, "../lib");
      plugin = path_join (lib, "trun.so");
      wrapper = path_absolute (dir, "../libexec/trun/trun-cc");
      found = try_install (in, plugin, lib, wrapper);
      free (lib), free (plugin), free (wrapper);
    }
  if (!found)
    found = try_install (in, TRUN_LIBDIR "/trun.so", TRUN_LIBDIR, TRUN_PKGLIBEXECDIR "/trun-cc");
  if (!found)
    fprintf (stderr, "%s: cannot find the trun plugin (trun.so) and wrapper (trun-cc) "
             "beside %s or in %s\n", program_name, exe ? exe : "this program", TRUN_LIBDIR);
  free (exe);
  free (dir);
  return found ? 0 : -1;
}
