/* timemory/library.h -- timemory's C library interface, served by libtrun.
 *
 * Every declaration of timemory's public library header, with its
 * signatures and meaning, so that code written against timemory builds
 * unchanged and runs when linked with -ltrun: regions map onto trun's
 * region domain, traces onto the trace domain, component lists and the
 * component enumeration onto trun's component sets.  Components trun
 * does not measure are accepted; each gets one warning naming it.
 *
 * In C++ the header also gives timemory_scoped_record and
 * timemory_tl_static, and includes the standard headers timemory's
 * header brings to its users (<iostream>, <string>, <thread>, ...).
 */
#ifndef TIMEMORY_LIBRARY_H
#define TIMEMORY_LIBRARY_H

#if defined(__cplusplus)
#include <algorithm>
#include <array>
#include <atomic>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <functional>
#include <iostream>
#include <limits>
#include <map>
#include <memory>
#include <mutex>
#include <sstream>
#include <string>
#include <thread>
#include <tuple>
#include <unordered_map>
#include <utility>
#include <vector>
#else
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#endif

#define TIMEMORY_TRUN_API __attribute__ ((visibility ("default")))
#if !defined(TIMEMORY_VISIBILITY)
#define TIMEMORY_VISIBILITY(mode) __attribute__ ((visibility (mode)))
#endif
#if !defined(TIMEMORY_VISIBLE)
#define TIMEMORY_VISIBLE TIMEMORY_VISIBILITY ("default")
#endif
#if !defined(TIMEMORY_DLL)
#define TIMEMORY_DLL
#endif

/* ---- the component enumeration ----
   The names and order of timemory's own list.  trun measures the ones
   listed in trun_components (README: Components); the others are
   accepted and warned about once each.  A program may add its own
   names before TIMEMORY_COMPONENTS_END with TIMEMORY_USER_COMPONENT_ENUM
   ("MY_COMPONENT,"), as with timemory; trun ignores those with a
   warning.  */
#if !defined(TIMEMORY_USER_COMPONENT_ENUM)
#define TIMEMORY_USER_COMPONENT_ENUM
#endif
#if !defined(TIMEMORY_USER_COMPONENT_ENUM_SIZE)
#define TIMEMORY_USER_COMPONENT_ENUM_SIZE 16
#endif

enum TIMEMORY_NATIVE_COMPONENT
{
  ALLINEA_MAP = 0,
  CALIPER_MARKER,
  CALIPER_CONFIG,
  CALIPER_LOOP_MARKER,
  CPU_CLOCK,
  CPU_ROOFLINE_DP_FLOPS,
  CPU_ROOFLINE_FLOPS,
  CPU_ROOFLINE_SP_FLOPS,
  CPU_UTIL,
  CRAYPAT_COUNTERS,
  CRAYPAT_FLUSH_BUFFER,
  CRAYPAT_HEAP_STATS,
  CRAYPAT_RECORD,
  CRAYPAT_REGION,
  CUDA_EVENT,
  CUDA_PROFILER,
  CUPTI_ACTIVITY,
  CUPTI_COUNTERS,
  CURRENT_PEAK_RSS,
  GPERFTOOLS_CPU_PROFILER,
  GPERFTOOLS_HEAP_PROFILER,
  GPU_ROOFLINE_DP_FLOPS,
  GPU_ROOFLINE_FLOPS,
  GPU_ROOFLINE_HP_FLOPS,
  GPU_ROOFLINE_SP_FLOPS,
  KERNEL_MODE_TIME,
  LIKWID_MARKER,
  LIKWID_NVMARKER,
  MALLOC_GOTCHA,
  MONOTONIC_CLOCK,
  MONOTONIC_RAW_CLOCK,
  NUM_IO_IN,
  NUM_IO_OUT,
  NUM_MAJOR_PAGE_FAULTS,
  NUM_MINOR_PAGE_FAULTS,
  NVTX_MARKER,
  OMPT_HANDLE,
  PAGE_RSS,
  PAPI_ARRAY,
  PAPI_VECTOR,
  PEAK_RSS,
  PRIORITY_CONTEXT_SWITCH,
  PROCESS_CPU_CLOCK,
  PROCESS_CPU_UTIL,
  READ_BYTES,
  READ_CHAR,
  SYS_CLOCK,
  TAU_MARKER,
  THREAD_CPU_CLOCK,
  THREAD_CPU_UTIL,
  TRIP_COUNT,
  USER_CLOCK,
  USER_GLOBAL_BUNDLE,
  USER_LIST_BUNDLE,
  USER_MODE_TIME,
  USER_MPIP_BUNDLE,
  USER_NCCLP_BUNDLE,
  USER_OMPT_BUNDLE,
  USER_TUPLE_BUNDLE,
  VIRTUAL_MEMORY,
  VOLUNTARY_CONTEXT_SWITCH,
  VTUNE_EVENT,
  VTUNE_FRAME,
  VTUNE_PROFILER,
  WALL_CLOCK,
  WRITTEN_BYTES,
  WRITTEN_CHAR,
  TIMEMORY_NATIVE_COMPONENTS_END,
  TIMEMORY_USER_COMPONENT_ENUM TIMEMORY_COMPONENTS_END
  = (TIMEMORY_NATIVE_COMPONENTS_END + TIMEMORY_USER_COMPONENT_ENUM_SIZE)
};

#if !defined(TIMEMORY_NATIVE_COMPONENT_ENUM_SIZE)
#define TIMEMORY_NATIVE_COMPONENT_ENUM_SIZE TIMEMORY_NATIVE_COMPONENTS_END
#endif
typedef int TIMEMORY_COMPONENT;
#if !defined(CALIPER)
#define CALIPER CALIPER_MARKER
#endif

/* Operations, for C code that names them (timemory's enum).  */
enum TIMEMORY_OPERATION
{
  TIMEMORY_CONSTRUCT = 0,
  TIMEMORY_START,
  TIMEMORY_STOP,
  TIMEMORY_STORE,
  TIMEMORY_RECORD,
  TIMEMORY_MEASURE,
  TIMEMORY_MARK_BEGIN,
  TIMEMORY_MARK_END,
  TIMEMORY_OPERATION_END
};

/* Settings given to c_timemory_init / cxx_timemory_init: a negative
   field leaves that setting as the environment (or its default) has it;
   the environment wins over a field, as everywhere in trun.  */
typedef struct
{
  int enabled;
  int auto_output;
  int file_output;
  int text_output;
  int json_output;
  int cout_output;
  int precision;
  int width;
  int scientific;
} timemory_settings;

#ifdef __cplusplus
extern "C" {
#endif

/* A new integer on every call, never 0 or UINT64_MAX.  */
TIMEMORY_TRUN_API uint64_t timemory_get_unique_id (void);

/* Start a record NAME measuring the N components of the enumeration
   array CT (N == 0: the current set) and set *ID to its handle; with
   timemory_create_function set, that function does it instead.  Every
   begin_record and push_region goes through here.  */
TIMEMORY_TRUN_API void timemory_create_record (const char *name, uint64_t *id,
                                               int n, int *ct);
/* End the record ID (or timemory_delete_function does).  */
TIMEMORY_TRUN_API void timemory_delete_record (uint64_t nid);

TIMEMORY_TRUN_API bool timemory_library_is_initialized (void);
TIMEMORY_TRUN_API void timemory_named_init_library (char *name);
TIMEMORY_TRUN_API void timemory_init_library (int argc, char **argv);
TIMEMORY_TRUN_API void timemory_finalize_library (void);

TIMEMORY_TRUN_API void timemory_pause (void);
TIMEMORY_TRUN_API void timemory_resume (void);

/* Component sets: comma- or space-separated names ("wall_clock,peak_rss").  */
TIMEMORY_TRUN_API void timemory_set_default (const char *components);
/* Set environment variable EVAR to EVAL (replacing a set one when
   OVR > 0); when UP > 0 and the runtime runs, a component-set variable
   takes effect now (others are read at start-up: one warning).  */
TIMEMORY_TRUN_API void timemory_set_environ (const char *evar,
                                             const char *eval, int ovr,
                                             int up);
TIMEMORY_TRUN_API void timemory_add_components (const char *components);
TIMEMORY_TRUN_API void timemory_remove_components (const char *components);
TIMEMORY_TRUN_API void timemory_push_components (const char *components);
/* The components are enumerators (the first is ARGS itself), ended by
   one >= TIMEMORY_COMPONENTS_END.  */
TIMEMORY_TRUN_API void timemory_push_components_enum (int args, ...);
TIMEMORY_TRUN_API void timemory_pop_components (void);

/* Records: a handle given back to timemory_end_record.  The _enum forms
   take enumerators ended by TIMEMORY_COMPONENTS_END, the _types forms a
   list of names; either measures that set for this record only.  A
   handle of UINT64_MAX (what a disabled runtime hands out) ends
   nothing.  */
TIMEMORY_TRUN_API void timemory_begin_record (const char *name, uint64_t *id);
TIMEMORY_TRUN_API void timemory_begin_record_enum (const char *name,
                                                   uint64_t *id, ...);
TIMEMORY_TRUN_API void timemory_begin_record_types (const char *name,
                                                    uint64_t *id,
                                                    const char *ctypes);
TIMEMORY_TRUN_API uint64_t timemory_get_begin_record (const char *name);
TIMEMORY_TRUN_API uint64_t timemory_get_begin_record_enum (const char *name,
                                                           ...);
TIMEMORY_TRUN_API uint64_t
timemory_get_begin_record_types (const char *name, const char *ctypes);
TIMEMORY_TRUN_API void timemory_end_record (uint64_t id);

/* Named regions on this thread's stack.  */
TIMEMORY_TRUN_API void timemory_push_region (const char *name);
TIMEMORY_TRUN_API void timemory_pop_region (const char *name);

/* timemory's older C interface: settings at start, "auto timers"
   (wall_clock) and "auto tuples" (enumerators ended by
   TIMEMORY_COMPONENTS_END) as opaque handles, and labels (malloc'd: the
   caller may free them).  */
TIMEMORY_TRUN_API void c_timemory_init (int argc, char **argv,
                                        timemory_settings settings);
TIMEMORY_TRUN_API void c_timemory_finalize (void);
TIMEMORY_TRUN_API int c_timemory_enabled (void);
TIMEMORY_TRUN_API void *c_timemory_create_auto_timer (const char *tag);
TIMEMORY_TRUN_API void c_timemory_delete_auto_timer (void *timer);
TIMEMORY_TRUN_API void *c_timemory_create_auto_tuple (const char *tag, ...);
TIMEMORY_TRUN_API void c_timemory_delete_auto_tuple (void *tuple);
TIMEMORY_TRUN_API const char *c_timemory_blank_label (const char *tag);
TIMEMORY_TRUN_API const char *c_timemory_basic_label (const char *func,
                                                      const char *extra);
TIMEMORY_TRUN_API const char *c_timemory_label (const char *func,
                                                const char *file, int line,
                                                const char *extra);
TIMEMORY_TRUN_API int cxx_timemory_enabled (void);
TIMEMORY_TRUN_API void cxx_timemory_init (int argc, char **argv,
                                          timemory_settings settings);
TIMEMORY_TRUN_API void *cxx_timemory_create_auto_timer (const char *tag);
TIMEMORY_TRUN_API void *cxx_timemory_create_auto_tuple (const char *tag,
                                                        int n,
                                                        const int *ct);
TIMEMORY_TRUN_API void *cxx_timemory_delete_auto_timer (void *timer);
TIMEMORY_TRUN_API void *cxx_timemory_delete_auto_tuple (void *tuple);
/* MODE 0: EXTRA; 1: FUNC[/EXTRA]; 2: FUNC/basename(FILE):LINE[/EXTRA].  */
TIMEMORY_TRUN_API const char *cxx_timemory_label (int mode, int line,
                                                  const char *func,
                                                  const char *file,
                                                  const char *extra);

/* Trace-domain entries (what timemory-run's trace mode inserts), by name
   or by a hash registered first with timemory_add_hash_id(s).  trun
   throttles only instrumented functions, never named traces.  */
TIMEMORY_TRUN_API bool timemory_trace_is_initialized (void);
TIMEMORY_TRUN_API void timemory_reset_throttle (const char *name);
TIMEMORY_TRUN_API bool timemory_is_throttled (const char *name);
TIMEMORY_TRUN_API void timemory_add_hash_id (uint64_t id, const char *name);
TIMEMORY_TRUN_API void timemory_add_hash_ids (uint64_t nentries,
                                              uint64_t *ids,
                                              const char **names);
TIMEMORY_TRUN_API void timemory_push_trace_hash (uint64_t id);
TIMEMORY_TRUN_API void timemory_pop_trace_hash (uint64_t id);
TIMEMORY_TRUN_API void timemory_push_trace (const char *name);
TIMEMORY_TRUN_API void timemory_pop_trace (const char *name);
/* COMPONENTS (empty: unchanged) becomes the trace-domain set.  */
TIMEMORY_TRUN_API void timemory_trace_init (const char *components,
                                            bool read_command_line,
                                            const char *command);
TIMEMORY_TRUN_API void timemory_trace_finalize (void);
/* Set NAME=VALUE in the environment unless it is set already.  */
TIMEMORY_TRUN_API void timemory_trace_set_env (const char *name,
                                               const char *value);

/* Replace what create_record and delete_record do (NULL: trun's own).  */
typedef void (*timemory_create_func_t) (const char *, uint64_t *, int, int *);
typedef void (*timemory_delete_func_t) (uint64_t);
TIMEMORY_TRUN_API extern timemory_create_func_t timemory_create_function;
TIMEMORY_TRUN_API extern timemory_delete_func_t timemory_delete_function;

#ifdef __cplusplus
}

/* A record for the lifetime of the object: from a name (the current
   set), a name and a list of component names, or a name and
   enumerators.  */
struct timemory_scoped_record
{
  timemory_scoped_record (const char *name)
      : m_nid (timemory_get_begin_record (name))
  {
  }

  timemory_scoped_record (const char *name, const char *components)
      : m_nid (timemory_get_begin_record_types (name, components))
  {
  }

  template <typename... Idx>
  timemory_scoped_record (const char *name, int id, Idx... ids)
      : m_nid (timemory_get_begin_record_enum (name, id, ids...,
                                               TIMEMORY_COMPONENTS_END))
  {
  }

  ~timemory_scoped_record () { timemory_end_record (m_nid); }

private:
  uint64_t m_nid = std::numeric_limits<uint64_t>::max ();
};

/* One instance of Tp per thread, made from INITIAL on first use.  */
template <typename Tp>
inline Tp &
timemory_tl_static (const Tp &initial = {})
{
  static thread_local Tp instance = initial;
  return instance;
}
#endif

#endif /* TIMEMORY_LIBRARY_H */
