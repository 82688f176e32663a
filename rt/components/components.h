/* rt/components/components.h -- the component table (components/table.c)
 * and the families that measure (one file each in components/).  Above
 * config/ only.
 */
#ifndef TRUN_RT_COMPONENTS_H
#define TRUN_RT_COMPONENTS_H

#include <stdint.h>

#include "config/settings.h"

enum trun_comp_id
{
  TRUN_WALL_CLOCK,
  TRUN_CPU_CLOCK,
  TRUN_USER_CLOCK,
  TRUN_SYSTEM_CLOCK,
  TRUN_THREAD_CPU_CLOCK,
  TRUN_CPU_UTIL,
  TRUN_THREAD_CPU_UTIL,
  TRUN_PEAK_RSS,
  TRUN_PAGE_RSS,
  TRUN_NUM_MINOR_PAGE_FAULTS,
  TRUN_NUM_MAJOR_PAGE_FAULTS,
  TRUN_VOLUNTARY_CONTEXT_SWITCH,
  TRUN_PRIORITY_CONTEXT_SWITCH,
  TRUN_READ_BYTES,
  TRUN_WRITTEN_BYTES,
  TRUN_TRIP_COUNT,
  TRUN_HW_CPU_CYCLES,
  TRUN_HW_INSTRUCTIONS,
  TRUN_HW_CACHE_MISSES,
  TRUN_HW_BRANCH_MISSES,
  TRUN_COMM_DATA, /* bytes sent+received by MPI calls (mpi.c counts) */
  TRUN_NCOMP
};

/* What kind of quantity a component measures: decides display units.  */
enum trun_comp_class
{
  TRUN_CLASS_TIMING, /* recorded in seconds; shown in TRUN_TIMING_UNITS */
  TRUN_CLASS_MEMORY, /* recorded in bytes; shown in TRUN_MEMORY_UNITS */
  TRUN_CLASS_COUNT,  /* plain count, no unit scaling */
  TRUN_CLASS_PERCENT /* percent, no unit scaling */
};

#define TRUN_SAMPLE_MAX 2

struct trun_component
{
  const char *name;        /* "wall_clock": what users put in lists */
  const char *label;       /* "wall": metric column and file name */
  const char *units;       /* units shown when the class has no setting */
  const char *description; /* table title (printed upper-case) */
  enum trun_comp_class cls;
  /* Returns 0 when usable on this machine; else the component is
     dropped from sets with one notice.  May be NULL (always usable).  */
  int (*available) (void);
  /* Read the current value(s): up to TRUN_SAMPLE_MAX doubles.  */
  void (*sample) (double *out);
  /* The value recorded for one begin/end pair, in the class's base unit
     (seconds, bytes, count, percent).  */
  double (*delta) (const double *start, const double *end);
};

TRUN_HIDDEN extern const struct trun_component trun_components[TRUN_NCOMP];

/* -1 when NAME is not a component.  */
TRUN_HIDDEN int trun_component_lookup (const char *name);

/* Parse a comma/space separated list into a mask.  Unknown names and
   unavailable components give one warning (naming CONTEXT and listing the
   valid names); the valid ones are kept.  */
TRUN_HIDDEN trun_mask_t trun_parse_components (const char *list,
                                               const char *context);

/* How component COMP is displayed under settings S: returns the number
   of base units (seconds, bytes, ...) per displayed unit and sets *UNITS
   to the unit's name (e.g. 1048576 and "MB").  */
TRUN_HIDDEN double trun_component_scale (int comp,
                                         const struct trun_settings *s,
                                         const char **units);

/* How component COMP's numbers are written under settings S: the
   precision (TRUN_FMT_SCIENTIFIC added for 1.234e-05 form) and, in
   *WIDTH, the minimum column width; the TIMING_ and MEMORY_ settings
   override the general ones for their class.  */
#define TRUN_FMT_SCIENTIFIC 0x100
TRUN_HIDDEN int trun_component_format (int comp, const struct trun_settings *s,
                                       int *width);

/* Fill trun_settings.components and .trace_components from the lists
   config/ read (default: wall_clock).  */
TRUN_HIDDEN void trun_components_from_settings (struct trun_settings *s);
/* No notice when a family of components turns out unavailable (a tool
   that lists availability says it in its table).  */
TRUN_HIDDEN void trun_components_quiet (void);

/* MPI's byte counter (components/comm_data.c): the MPI wrappers add the
   bytes each call moves; comm_data reads it.  */
TRUN_HIDDEN extern __thread uint64_t trun_comm_bytes;

#define TRUN_WALL_BIT ((trun_mask_t) 1u << TRUN_WALL_CLOCK)

#endif /* TRUN_RT_COMPONENTS_H */
