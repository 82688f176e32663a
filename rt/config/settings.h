/* rt/config/settings.h -- the settings (config/settings.c): TRUN_X, else
 * TIMEMORY_X, from the environment; bad values give one warning and the
 * default.  The bottom layer of the runtime: it includes nothing of the
 * others.
 */
#ifndef TRUN_RT_CONFIG_SETTINGS_H
#define TRUN_RT_CONFIG_SETTINGS_H

#include <stdint.h>

#include "config/diag.h"

/* A set of components: bit i is component i (components/components.h). */
typedef uint32_t trun_mask_t;

struct trun_settings
{
  /* Strings are as long as the environment has them: never cut.  */
  const char *output_path;   /* TRUN_OUTPUT_PATH, default "trun-output" */
  const char *output_prefix; /* TRUN_OUTPUT_PREFIX, default "" */
  int cout_output;         /* TRUN_COUT_OUTPUT, default 1 */
  int text_output;         /* TRUN_TEXT_OUTPUT, default 1 */
  int json_output;         /* TRUN_JSON_OUTPUT, default 1 */
  int file_output;         /* TRUN_FILE_OUTPUT, default 1 */
  int cout_max_rows;       /* TRUN_COUT_MAX_ROWS, rows of a table on
                              stdout, default 1000; 0 = every row */
  int tree_output;         /* TRUN_TREE_OUTPUT: <label>.tree.json, default 1 */
  long tree_max_nodes;     /* TRUN_TREE_MAX_NODES: no tree JSON of a larger
                              tree (one warning), default 250000; 0 = any */
  int folded_output;       /* TRUN_FOLDED_OUTPUT: <label>.folded, default 1 */
  int csv_output;          /* TRUN_CSV_OUTPUT: <label>.csv, default 0 */
  int flamegraph_output;   /* TRUN_FLAMEGRAPH_OUTPUT: <label>.flamegraph.svg
                              per time component, default 1 */
  double flamegraph_min_width; /* TRUN_FLAMEGRAPH_MIN_WIDTH: percent of the
                                  root below which frames merge into their
                                  parent, default 0.1 */
  int precision;           /* TRUN_PRECISION, default 3 */
  int width;               /* TRUN_WIDTH, minimum numeric column width, default 6 */
  int scientific;          /* TRUN_SCIENTIFIC, numbers as 1.234e-05, default 0 */
  /* TRUN_TIMING_PRECISION/_WIDTH/_SCIENTIFIC and the MEMORY_ ones:
     the same for timing and memory components, stored as the value + 1
     (scientific: 1 off, 2 on); 0: unset, the general one applies (so a
     zeroed struct means no override).  */
  int timing_precision, timing_width, timing_scientific;
  int memory_precision, memory_width, memory_scientific;
  int max_width;           /* TRUN_MAX_WIDTH: a text table's labels are
                              cut to it with "...", default 120; 0 = never */
  int time_output;         /* TRUN_TIME_OUTPUT: files go to a time-stamped
                              subdirectory of the output path, default 0 */
  int collapse_threads;    /* TRUN_COLLAPSE_THREADS, default 1; 0 turns
                              per_thread on (the tree stays merged) */
  int per_thread;          /* TRUN_PER_THREAD: the text tables get a row
                              per thread under each node that several
                              threads ran, default 0 */
  char memory_units[16];   /* TRUN_MEMORY_UNITS, default "MB" */
  double memory_scale;     /* bytes per shown unit */
  char timing_units[16];   /* TRUN_TIMING_UNITS, default "sec" */
  double timing_scale;     /* seconds per shown unit */
  /* The component lists as given, and the variable each came from (NULL:
     unset); components/ turns them into the two masks below.  */
  const char *components_list, *components_var;
  const char *trace_components_list, *trace_components_var;
  trun_mask_t components;  /* TRUN_COMPONENTS, default wall_clock */
  trun_mask_t trace_components; /* TRUN_TRACE_COMPONENTS, default wall_clock */
  int max_depth;           /* TRUN_MAX_DEPTH, default INT_MAX */
  long max_nodes;          /* TRUN_MAX_NODES, call-graph nodes a thread
                              makes; then new call paths are folded into
                              their nearest recorded caller; default
                              200000, 0 = no limit */
  int flat_profile;        /* TRUN_FLAT_PROFILE, default 0 */
  int enabled;             /* TRUN_ENABLED, default 1 */
  int verbose;             /* TRUN_VERBOSE, default 0 */
  uint64_t throttle_count; /* TRUN_THROTTLE_COUNT, default 10000; 0 = off */
  double throttle_value;   /* TRUN_THROTTLE_VALUE seconds, default 10e-6 */
  int thread_binding;      /* TRUN_THREAD_BINDING: report threads that moved */
  int topology;            /* TRUN_TOPOLOGY: where the reports' topology
                              comes from (enum trun_topology_source) */
  int signal_handlers;     /* TRUN_SIGNAL_HANDLERS (timemory's
                              TIMEMORY_ENABLE_SIGNAL_HANDLER), default 1 */
  int signal_timeout;      /* TRUN_SIGNAL_TIMEOUT seconds, default 10 */
  /* The timeline (core/timeline.c, report/timeline.c).  */
  int timeline;            /* TRUN_TIMELINE (timemory's
                              TIMEMORY_TIMELINE_PROFILE), default 0 */
  long timeline_buffer;    /* TRUN_TIMELINE_BUFFER bytes a thread buffers,
                              default 4 MB */
  long timeline_max_mb;    /* TRUN_TIMELINE_MAX_MB of raw events on disk,
                              default 1024, 0 = no limit */
  int timeline_compress;   /* TRUN_TIMELINE_COMPRESS: .json.gz, default 0 */
  int timeline_format;     /* TRUN_TIMELINE_FORMAT: TRUN_TIMELINE_CHROME
                              and/or TRUN_TIMELINE_OTF2 bits, default chrome */
};
#define TRUN_TIMELINE_CHROME 1
#define TRUN_TIMELINE_OTF2 2

TRUN_HIDDEN extern struct trun_settings trun_settings;

/* TRUN_TOPOLOGY's values (core/topology.c); a zeroed struct means sysfs.  */
enum trun_topology_source
{
  TRUN_TOPOLOGY_SYSFS, /* Linux's /sys files, the few the report needs */
  TRUN_TOPOLOGY_HWLOC, /* hwloc, loaded when the report is written */
  TRUN_TOPOLOGY_OFF    /* none: the reports show no topology */
};

/* Run-time filters of the region API and the markers.  */
struct trun_filters
{
  const char *region_include; /* TRUN_REGION_INCLUDE regex, "" none */
  const char *region_exclude; /* TRUN_REGION_EXCLUDE */
  const char *timeline_include; /* TRUN_TIMELINE_INCLUDE regex, "" none */
  const char *timeline_exclude; /* TRUN_TIMELINE_EXCLUDE */
};
TRUN_HIDDEN extern struct trun_filters trun_filters;

/* The settings table (config/settings-table.c): every variable trun
   reads or recognises, in the order trun_settings_load reads them; the
   single source of truth for the loader, timemory-avail and trun(7).  */
enum trun_setting_type
{
  TRUN_SETTING_BOOL,
  TRUN_SETTING_INT,
  TRUN_SETTING_STRING,
  TRUN_SETTING_UNITS,      /* a memory or time unit */
  TRUN_SETTING_DURATION,   /* nanoseconds, or a number with a unit */
  TRUN_SETTING_PERCENT,    /* 0..100, "0.1" or "0.1%" */
  TRUN_SETTING_COMPONENTS, /* a component list */
  TRUN_SETTING_UNIMPLEMENTED /* timemory's, not implemented: one warning */
};

/* How trun_settings_load reads a row.  */
enum trun_setting_load
{
  TRUN_LOAD_FIELD,    /* generic: into the field at OFFSET of trun_settings */
  TRUN_LOAD_OVERRIDE, /* a TIMING_/MEMORY_ override, stored as value + 1 */
  TRUN_LOAD_SPECIAL,  /* its own code in trun_settings_load */
  TRUN_LOAD_WITH,     /* read with another row (TIME_FORMAT, aliases) */
  TRUN_LOAD_ELSEWHERE /* read where it is used (rt/mpi/) */
};

struct trun_setting
{
  const char *name;        /* without its prefix: "OUTPUT_PATH" */
  enum trun_setting_type type;
  enum trun_setting_load load;
  const char *dflt;        /* the default, as text ("" none) */
  long lo, hi;             /* TRUN_SETTING_INT: the accepted range */
  unsigned offset;         /* TRUN_LOAD_FIELD/_OVERRIDE: in trun_settings */
  const char *description; /* one line */
};

TRUN_HIDDEN extern const struct trun_setting trun_setting_table[];
TRUN_HIDDEN extern const unsigned trun_setting_count;

/* The type's name for listings ("bool", "int", ...).  */
TRUN_HIDDEN const char *trun_setting_type_name (enum trun_setting_type t);

/* TRUN_NAME, else TIMEMORY_NAME (non-empty), or NULL; VAR (size N)
   receives the variable's name.  */
TRUN_HIDDEN const char *trun_setting_lookup (const char *name, char *var,
                                             unsigned n);

/* Read the environment (idempotent).  TRUN_CONFIG_FILE (or
   TIMEMORY_CONFIG_FILE) names a file of timemory's "KEY = VALUE" lines
   whose keys are set in the environment first, unless already set.  */
TRUN_HIDDEN void trun_settings_load (void);

/* TRUN_NAME, else TIMEMORY_NAME, as a boolean: DFLT when unset; a bad
   value warns (naming the variable) and gives DFLT.  */
TRUN_HIDDEN int trun_setting_bool (const char *name, int dflt);

/* Load the "KEY = VALUE" lines of PATH into the environment (KEY with
   or without its TIMEMORY_/TRUN_ prefix; '#' comments); the variables
   already set win.  Returns 0, or -1 when PATH cannot be read.  */
TRUN_HIDDEN int trun_settings_load_file (const char *path);

/* Parse helpers, exposed for unit tests.  Return 0 on success.  */
TRUN_HIDDEN int trun_parse_bool (const char *s, int *out);
TRUN_HIDDEN int trun_parse_int (const char *s, long lo, long hi, long *out);
TRUN_HIDDEN int trun_parse_double (const char *s, double *out);
TRUN_HIDDEN int trun_parse_memory_units (const char *s, double *scale);
TRUN_HIDDEN int trun_parse_timing_units (const char *s, double *scale);
/* A size in bytes with an optional unit (K, KB, M, MB, G, GB; binary
   multiples); a bare number is bytes.  */
TRUN_HIDDEN int trun_parse_size (const char *s, long *bytes);
/* A number with an optional unit ("10us"); a bare number is ns.  */
TRUN_HIDDEN int trun_parse_duration (const char *s, double *seconds);

#endif /* TRUN_RT_CONFIG_SETTINGS_H */
