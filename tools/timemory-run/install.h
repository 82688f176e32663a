/* tools/timemory-run/install.h -- where the plugin, the runtime and the
 * compiler wrapper are: the build tree, the configured prefix, or a
 * prefix moved elsewhere.
 */
#ifndef TRUN_TOOLS_TIMEMORY_RUN_INSTALL_H
#define TRUN_TOOLS_TIMEMORY_RUN_INSTALL_H

struct install
{
  char *plugin;  /* trun.so */
  char *libdir;  /* holds libtrun.so */
  char *wrapper; /* trun-cc */
};

/* Fill IN; -1 after printing why when nothing is found.  */
int locate_install (struct install *in);

#endif /* TRUN_TOOLS_TIMEMORY_RUN_INSTALL_H */
