/* plugin.cc -- entry point of trun.so: checks that it runs inside the
 * GCC it was built for, parses its arguments strictly, then registers
 * what builds the runtime declarations at the start of each unit, the
 * GC roots that keep them, the instrumentation pass before "omplower"
 * and the late pass after "optimized" that makes the markers' calls
 * register-preserving (x86-64).
 */
#include "trun-plugin.h"

int plugin_is_GPL_compatible;

static struct plugin_info trun_plugin_info = {
  "0.1.0",
  "trun: compile-time profiling markers.  Arguments: mode=trace|region|coverage, "
  "include=REGEX, exclude=REGEX, file-include=REGEX, file-exclude=REGEX, "
  "min-statements=N, leaf-min-statements=N, filter=FILE, omp=yes|no, inline=auto|yes|no, "
  "inline-min-statements=N, verbose[=N], list=FILE, skip-counts=FILE"
};

static void
finish_callback (void *, void *)
{
  trun_close_options ();
}

/* PASS, placed at POS relative to the first instance of REFERENCE.  */
static void
add_pass (const char *plugin, opt_pass *pass, const char *reference,
          enum pass_positioning_ops pos)
{
  struct register_pass_info where;
  where.pass = pass;
  where.reference_pass_name = reference;
  where.ref_pass_instance_number = 1;
  where.pos_op = pos;
  register_callback (plugin, PLUGIN_PASS_MANAGER_SETUP, NULL, &where);
}

int
plugin_init (struct plugin_name_args *info, struct plugin_gcc_version *version)
{
  if (!plugin_default_version_check (version, &gcc_version))
    {
      error ("trun: this plugin was built for GCC %s (%s) and cannot be "
             "loaded into GCC %s; rebuild trun with this compiler",
             gcc_version.basever, gcc_version.datestamp, version->basever);
      return 1;
    }
  register_callback (info->base_name, PLUGIN_INFO, NULL, &trun_plugin_info);

  /* A bad argument is an ordinary error: the compile goes on to report
     any others and then exits non-zero, with no pass registered.  */
  if (!trun_parse_arguments (info->argc, info->argv))
    return 0;

  /* The runtime declarations and record types, built once per unit
     (build.cc) and kept alive by GCC's garbage collector.  */
  register_callback (info->base_name, PLUGIN_START_UNIT, trun_start_unit, NULL);
  register_callback (info->base_name, PLUGIN_REGISTER_GGC_ROOTS, NULL,
                     (void *) trun_ggc_roots);

  add_pass (info->base_name, trun_make_pass (g), "omplower",
            PASS_POS_INSERT_BEFORE);
  /* Once every function's body is final, the markers' calls become
     register-preserving sequences (preserve.cc, x86-64).  */
  add_pass (info->base_name, trun_make_preserve_pass (g), "optimized",
            PASS_POS_INSERT_AFTER);
  add_pass (info->base_name, trun_make_preserve_trim_pass (g), "alignments",
            PASS_POS_INSERT_BEFORE);
  register_callback (info->base_name, PLUGIN_FINISH, finish_callback, NULL);
  return 0;
}
