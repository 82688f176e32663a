/* rt/config/settings-table.c -- the settings table: every variable
 * trun reads (TRUN_X, else TIMEMORY_X) or recognises, with its type,
 * default and a one-line description, in the order trun_settings_load
 * reads them.  trun_settings_load, timemory-avail and trun(7) all read
 * this table; a new setting is a row here (and its field in settings.h).
 */
#include "config/settings.h"

#include <limits.h>
#include <stddef.h>

#define F(field) ((unsigned) offsetof (struct trun_settings, field))
#define BOOL(n, d, field, desc) \
  { n, TRUN_SETTING_BOOL, TRUN_LOAD_FIELD, d, 0, 0, F (field), desc }
#define INT(n, d, lo, hi, field, desc) \
  { n, TRUN_SETTING_INT, TRUN_LOAD_FIELD, d, lo, hi, F (field), desc }
#define STR(n, d, field, desc) \
  { n, TRUN_SETTING_STRING, TRUN_LOAD_FIELD, d, 0, 0, F (field), desc }
#define OVR(n, t, lo, hi, field, desc) \
  { n, t, TRUN_LOAD_OVERRIDE, "", lo, hi, F (field), desc }
#define SPECIAL(n, t, how, d, lo, hi, desc) { n, t, how, d, lo, hi, 0, desc }
#define NOTIMPL(n) \
  { n, TRUN_SETTING_UNIMPLEMENTED, TRUN_LOAD_SPECIAL, "", 0, 0, 0, \
    "timemory setting trun does not implement (one warning when set)" }

const struct trun_setting trun_setting_table[] = {
  SPECIAL ("CONFIG_FILE", TRUN_SETTING_STRING, TRUN_LOAD_SPECIAL, "", 0, 0,
           "file of timemory's KEY = VALUE lines, read first; the environment wins"),
  SPECIAL ("DEBUG", TRUN_SETTING_BOOL, TRUN_LOAD_SPECIAL, "false", 0, 0,
           "debug output: VERBOSE at least 2"),
  STR ("OUTPUT_PATH", "trun-output", output_path, "directory of the report files"),
  STR ("OUTPUT_PREFIX", "", output_prefix, "prefix of every report file's name"),
  BOOL ("COUT_OUTPUT", "true", cout_output, "print the tables on stdout"),
  BOOL ("TEXT_OUTPUT", "true", text_output, "write the text tables"),
  BOOL ("JSON_OUTPUT", "true", json_output, "write the profile JSON"),
  BOOL ("FILE_OUTPUT", "true", file_output, "write files at all"),
  INT ("COUT_MAX_ROWS", "1000", 0, INT_MAX, cout_max_rows,
       "rows of each table on stdout (files have every row); 0 = every row"),
  BOOL ("TREE_OUTPUT", "true", tree_output,
        "write <label>.tree.json, timemory's hierarchical JSON"),
  SPECIAL ("TREE_MAX_NODES", TRUN_SETTING_INT, TRUN_LOAD_SPECIAL, "250000", 0, INT_MAX,
           "no tree JSON of a call tree with more nodes (one warning); 0 = no limit"),
  BOOL ("FOLDED_OUTPUT", "true", folded_output,
        "write <label>.folded, folded stacks for flame graphs"),
  BOOL ("CSV_OUTPUT", "false", csv_output, "write <label>.csv, one row per node"),
  BOOL ("FLAMEGRAPH_OUTPUT", "true", flamegraph_output,
        "write <label>.flamegraph.svg per time component"),
  SPECIAL ("FLAMEGRAPH_MIN_WIDTH", TRUN_SETTING_PERCENT, TRUN_LOAD_SPECIAL, "0.1", 0, 100,
           "frames narrower than this percent of the root merge into their parent"),
  INT ("PRECISION", "3", 0, 16, precision, "decimals of the numbers in the tables"),
  INT ("WIDTH", "6", 1, 64, width, "minimum width of a numeric column"),
  BOOL ("SCIENTIFIC", "false", scientific, "numbers in the tables as 1.234e-05"),
  OVR ("TIMING_PRECISION", TRUN_SETTING_INT, 0, 16, timing_precision,
       "PRECISION of the timing components (unset: PRECISION)"),
  OVR ("TIMING_WIDTH", TRUN_SETTING_INT, 1, 64, timing_width,
       "WIDTH of the timing components (unset: WIDTH)"),
  OVR ("TIMING_SCIENTIFIC", TRUN_SETTING_BOOL, 0, 0, timing_scientific,
       "SCIENTIFIC for the timing components (unset: SCIENTIFIC)"),
  OVR ("MEMORY_PRECISION", TRUN_SETTING_INT, 0, 16, memory_precision,
       "PRECISION of the memory components (unset: PRECISION)"),
  OVR ("MEMORY_WIDTH", TRUN_SETTING_INT, 1, 64, memory_width,
       "WIDTH of the memory components (unset: WIDTH)"),
  OVR ("MEMORY_SCIENTIFIC", TRUN_SETTING_BOOL, 0, 0, memory_scientific,
       "SCIENTIFIC for the memory components (unset: SCIENTIFIC)"),
  INT ("MAX_WIDTH", "120", 0, INT_MAX, max_width,
       "a text table's names are cut to this many bytes with \"...\" (not the indentation); 0 = never"),
  SPECIAL ("TIME_OUTPUT", TRUN_SETTING_BOOL, TRUN_LOAD_SPECIAL, "false", 0, 0,
           "files go to a subdirectory of OUTPUT_PATH named by the start time"),
  SPECIAL ("TIME_FORMAT", TRUN_SETTING_STRING, TRUN_LOAD_WITH, "%F_%I.%M_%p", 0, 0,
           "strftime format of TIME_OUTPUT's subdirectory"),
  BOOL ("PER_THREAD", "false", per_thread,
        "text tables: a row per thread under each node several threads ran"),
  SPECIAL ("COLLAPSE_THREADS", TRUN_SETTING_BOOL, TRUN_LOAD_SPECIAL, "true", 0, 0,
           "false: PER_THREAD on (threads stay merged into one tree)"),
  SPECIAL ("MEMORY_UNITS", TRUN_SETTING_UNITS, TRUN_LOAD_SPECIAL, "MB", 0, 0,
           "display unit of the memory components (B, KB, MB, GB, TB)"),
  SPECIAL ("TIMING_UNITS", TRUN_SETTING_UNITS, TRUN_LOAD_SPECIAL, "sec", 0, 0,
           "display unit of the timing components (sec, msec, usec, nsec, min, hr)"),
  INT ("MAX_DEPTH", "2147483647", 1, INT_MAX, max_depth,
       "deepest call-graph level recorded"),
  SPECIAL ("MAX_NODES", TRUN_SETTING_INT, TRUN_LOAD_SPECIAL, "200000", 0, INT_MAX,
           "call-graph nodes one thread makes, then new call paths fold into "
           "their caller; 0 = no limit"),
  BOOL ("FLAT_PROFILE", "false", flat_profile, "every function at depth 0"),
  BOOL ("ENABLED", "true", enabled, "false: record nothing"),
  SPECIAL ("VERBOSE", TRUN_SETTING_INT, TRUN_LOAD_SPECIAL, "0", INT_MIN, INT_MAX,
           "verbosity of the runtime's diagnostics"),
  BOOL ("THREAD_BINDING", "false", thread_binding,
        "report the threads that moved between CPUs"),
  SPECIAL ("TOPOLOGY", TRUN_SETTING_STRING, TRUN_LOAD_SPECIAL, "sysfs", 0, 0,
           "where the reports' topology comes from: sysfs (the few Linux "
           "files it needs), hwloc (loaded when the report is written) or off"),
  SPECIAL ("SIGNAL_HANDLERS", TRUN_SETTING_BOOL, TRUN_LOAD_SPECIAL, "true", 0, 0,
           "write the report when a signal kills the program"),
  SPECIAL ("ENABLE_SIGNAL_HANDLER", TRUN_SETTING_BOOL, TRUN_LOAD_WITH, "true", 0, 0,
           "timemory's name of SIGNAL_HANDLERS"),
  INT ("SIGNAL_TIMEOUT", "10", 0, 3600, signal_timeout,
       "seconds the report at a signal may take"),
  SPECIAL ("TIMELINE", TRUN_SETTING_BOOL, TRUN_LOAD_SPECIAL, "false", 0, 0,
           "record every measured enter and exit: <prefix>timeline.json "
           "(MPI: one for the job, every rank on rank 0's clock)"),
  SPECIAL ("TIMELINE_PROFILE", TRUN_SETTING_BOOL, TRUN_LOAD_WITH, "false", 0, 0,
           "timemory's name of TIMELINE"),
  SPECIAL ("TIMELINE_BUFFER", TRUN_SETTING_STRING, TRUN_LOAD_WITH, "4M", 0, 0,
           "bytes of events each thread buffers (with K, M, G)"),
  SPECIAL ("TIMELINE_MAX_MB", TRUN_SETTING_INT, TRUN_LOAD_WITH, "1024", 0, INT_MAX,
           "megabytes of events on disk, then recording stops; 0 = no limit"),
  SPECIAL ("TIMELINE_COMPRESS", TRUN_SETTING_BOOL, TRUN_LOAD_WITH, "false", 0, 0,
           "write timeline.json.gz"),
  SPECIAL ("TIMELINE_FORMAT", TRUN_SETTING_STRING, TRUN_LOAD_WITH, "chrome", 0, 0,
           "chrome (timeline.json), otf2 (timeline.otf2, an OTF2 archive) or both"),
  SPECIAL ("TIMELINE_INCLUDE", TRUN_SETTING_STRING, TRUN_LOAD_WITH, "", 0, 0,
           "regex: only matching names in the timeline"),
  SPECIAL ("TIMELINE_EXCLUDE", TRUN_SETTING_STRING, TRUN_LOAD_WITH, "", 0, 0,
           "regex: matching names left out of the timeline"),
  SPECIAL ("THROTTLE_COUNT", TRUN_SETTING_INT, TRUN_LOAD_SPECIAL, "10000", 0, LONG_MAX,
           "calls after which a short function is throttled (its later calls "
           "not counted); 0 = never"),
  SPECIAL ("THROTTLE_VALUE", TRUN_SETTING_DURATION, TRUN_LOAD_SPECIAL, "10000", 0, 0,
           "mean time (ns, or with a unit: 10us) below which it is throttled"),
  SPECIAL ("REGION_INCLUDE", TRUN_SETTING_STRING, TRUN_LOAD_SPECIAL, "", 0, 0,
           "regex: record only the functions and regions whose names match"),
  SPECIAL ("REGION_EXCLUDE", TRUN_SETTING_STRING, TRUN_LOAD_SPECIAL, "", 0, 0,
           "regex: do not record the functions and regions whose names match"),
  SPECIAL ("COMPONENTS", TRUN_SETTING_COMPONENTS, TRUN_LOAD_SPECIAL, "wall_clock", 0, 0,
           "components of the region domain"),
  SPECIAL ("TRACE_COMPONENTS", TRUN_SETTING_COMPONENTS, TRUN_LOAD_SPECIAL, "wall_clock",
           0, 0, "components of the trace domain (instrumented functions)"),
  SPECIAL ("GLOBAL_COMPONENTS", TRUN_SETTING_COMPONENTS, TRUN_LOAD_WITH, "", 0, 0,
           "last fallback of both component sets"),
  SPECIAL ("MPI_AGGREGATE", TRUN_SETTING_BOOL, TRUN_LOAD_ELSEWHERE, "true", 0, 0,
           "MPI: one report for the job, merged on rank 0"),
  SPECIAL ("MPI_PER_RANK", TRUN_SETTING_BOOL, TRUN_LOAD_ELSEWHERE, "false", 0, 0,
           "MPI: each rank writes its own report (and timeline)"),
  SPECIAL ("MPI_RANK_VALUES", TRUN_SETTING_BOOL, TRUN_LOAD_ELSEWHERE, "auto", 0, 0,
           "MPI: per-rank values in the job JSON (auto: up to 64 ranks)"),
  SPECIAL ("MPIP", TRUN_SETTING_BOOL, TRUN_LOAD_ELSEWHERE, "false", 0, 0,
           "MPI: time every MPI call as a region (MPI-P)"),
  NOTIMPL ("DIFF_OUTPUT"),
  NOTIMPL ("PAPI_EVENTS"), NOTIMPL ("PAPI_MULTIPLEXING"), NOTIMPL ("PAPI_QUIET"),
  NOTIMPL ("PAPI_FAIL_ON_ERROR"), NOTIMPL ("DART_OUTPUT"), NOTIMPL ("DART_COUNT"),
  NOTIMPL ("DART_TYPE"), NOTIMPL ("PLOT_OUTPUT"), NOTIMPL ("INPUT_PATH"),
  NOTIMPL ("INPUT_PREFIX"), NOTIMPL ("INPUT_EXTENSIONS"), NOTIMPL ("DESTRUCTOR_REPORT"),
  NOTIMPL ("STACK_CLEARING"), NOTIMPL ("ADD_SECONDARY"), NOTIMPL ("NODE_COUNT"),
  NOTIMPL ("MPI_THREAD"), NOTIMPL ("UPCXX_INIT"), NOTIMPL ("CUPTI_METRICS"),
  NOTIMPL ("CUPTI_EVENTS"), NOTIMPL ("ROOFLINE_MODE"), NOTIMPL ("ERT_NUM_THREADS"),
  NOTIMPL ("CRAYPAT"), NOTIMPL ("NETWORK_INTERFACE"), NOTIMPL ("AUTO_OUTPUT"),
  NOTIMPL ("ENABLE_SIGNAL_HANDLER_ABORT"), NOTIMPL ("ALLOW_SIGNAL_HANDLER"),
  NOTIMPL ("ENABLE_ALL_SIGNALS"), NOTIMPL ("DISABLE_ALL_SIGNALS"),
  NOTIMPL ("SEPARATOR_FREQ"), NOTIMPL ("PYTHON_EXE"), NOTIMPL ("COMMAND_LINE"),
  NOTIMPL ("CTEST_NOTES"), NOTIMPL ("INSTRUCTION_ROOFLINE"), NOTIMPL ("GPU_ROOFLINE"),
  NOTIMPL ("CPU_AFFINITY"), NOTIMPL ("TARGET_PID"), NOTIMPL ("DIFF_PREFIX"),
  NOTIMPL ("PRINT_STATS"), NOTIMPL ("PRINT_MIN"), NOTIMPL ("PRINT_MAX"),
  NOTIMPL ("PRINT_MEAN"), NOTIMPL ("PRINT_STDDEV"), NOTIMPL ("PRINT_SUM"),
  NOTIMPL ("PRINT_SELF"), NOTIMPL ("PRINT_COUNT"),
  /* The rest of timemory's settings (its settings.cpp), each recognised.  */
  NOTIMPL ("PRINT_UNITS"), NOTIMPL ("PRINT_VARIANCE"), NOTIMPL ("PRINT_PERCENT"),
  NOTIMPL ("BANNER"), NOTIMPL ("SUPPRESS_CONFIG"), NOTIMPL ("SUPPRESS_PARSING"),
  NOTIMPL ("COLLAPSE_PROCESSES"), NOTIMPL ("MAX_THREAD_BOOKMARKS"),
  NOTIMPL ("PROFILER_COMPONENTS"), NOTIMPL ("TUPLE_COMPONENTS"),
  NOTIMPL ("LIST_COMPONENTS"), NOTIMPL ("OMPT_COMPONENTS"), NOTIMPL ("MPIP_COMPONENTS"),
  NOTIMPL ("NCCLP_COMPONENTS"), NOTIMPL ("KOKKOS_COMPONENTS"), NOTIMPL ("MPI_INIT"),
  NOTIMPL ("MPI_FINALIZE"), NOTIMPL ("MPI_THREAD_TYPE"), NOTIMPL ("UPCXX_FINALIZE"),
  NOTIMPL ("PAPI_ATTACH"), NOTIMPL ("PAPI_OVERFLOW"), NOTIMPL ("PAPI_THREADING"),
  NOTIMPL ("CUDA_EVENT_BATCH_SIZE"), NOTIMPL ("NVTX_MARKER_DEVICE_SYNC"),
  NOTIMPL ("CUPTI_ACTIVITY_LEVEL"), NOTIMPL ("CUPTI_ACTIVITY_KINDS"),
  NOTIMPL ("CUPTI_DEVICE"), NOTIMPL ("ROOFLINE_MODE_CPU"), NOTIMPL ("ROOFLINE_MODE_GPU"),
  NOTIMPL ("ROOFLINE_EVENTS_CPU"), NOTIMPL ("ROOFLINE_EVENTS_GPU"),
  NOTIMPL ("ROOFLINE_TYPE_LABELS"), NOTIMPL ("ROOFLINE_TYPE_LABELS_CPU"),
  NOTIMPL ("ROOFLINE_TYPE_LABELS_GPU"), NOTIMPL ("ERT_NUM_THREADS_CPU"),
  NOTIMPL ("ERT_NUM_THREADS_GPU"), NOTIMPL ("ERT_NUM_STREAMS"), NOTIMPL ("ERT_GRID_SIZE"),
  NOTIMPL ("ERT_BLOCK_SIZE"), NOTIMPL ("ERT_ALIGNMENT"), NOTIMPL ("ERT_MIN_WORKING_SIZE"),
  NOTIMPL ("ERT_MIN_WORKING_SIZE_CPU"), NOTIMPL ("ERT_MIN_WORKING_SIZE_GPU"),
  NOTIMPL ("ERT_MAX_DATA_SIZE"), NOTIMPL ("ERT_MAX_DATA_SIZE_CPU"),
  NOTIMPL ("ERT_MAX_DATA_SIZE_GPU"), NOTIMPL ("ERT_SKIP_OPS"), NOTIMPL ("DART_LABEL"),
};

const unsigned trun_setting_count
    = sizeof trun_setting_table / sizeof trun_setting_table[0];

const char *
trun_setting_type_name (enum trun_setting_type t)
{
  switch (t)
    {
    case TRUN_SETTING_BOOL: return "bool";
    case TRUN_SETTING_INT: return "int";
    case TRUN_SETTING_STRING: return "string";
    case TRUN_SETTING_UNITS: return "units";
    case TRUN_SETTING_DURATION: return "duration";
    case TRUN_SETTING_PERCENT: return "percent";
    case TRUN_SETTING_COMPONENTS: return "components";
    case TRUN_SETTING_UNIMPLEMENTED: break;
    }
  return "-";
}
