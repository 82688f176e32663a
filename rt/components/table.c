/* rt/components.c -- the component table (names, labels, units and
 * descriptions as timemory prints them) and the parser for component
 * lists such as "wall_clock, peak_rss".  The measuring code lives in
 * rt/components/, one file per family.
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "components/components.h"
#include "components/family.h"

#define DIFF trun_delta_difference

const struct trun_component trun_components[TRUN_NCOMP] = {
  [TRUN_WALL_CLOCK] = { "wall_clock", "wall", "sec",
                        "Real-clock timer (i.e. wall-clock timer)",
                        TRUN_CLASS_TIMING, NULL, trun_sample_wall_clock, DIFF },
  [TRUN_CPU_CLOCK] = { "cpu_clock", "cpu_clock", "sec",
                       "Total CPU time spent in both user- and kernel-mode",
                       TRUN_CLASS_TIMING, NULL, trun_sample_cpu_clock, DIFF },
  [TRUN_USER_CLOCK] = { "user_clock", "user_clock", "sec",
                        "CPU time spent in user-mode", TRUN_CLASS_TIMING, NULL,
                        trun_sample_user_clock, DIFF },
  [TRUN_SYSTEM_CLOCK] = { "system_clock", "system_clock", "sec",
                          "CPU time spent in kernel-mode", TRUN_CLASS_TIMING,
                          NULL, trun_sample_system_clock, DIFF },
  [TRUN_THREAD_CPU_CLOCK] = { "thread_cpu_clock", "thread_cpu_clock", "sec",
                              "CPU-clock timer for the calling thread",
                              TRUN_CLASS_TIMING, NULL,
                              trun_sample_thread_cpu_clock, DIFF },
  [TRUN_CPU_UTIL] = { "cpu_util", "cpu_util", "%",
                      "Percentage of CPU-clock time divided by wall-clock time",
                      TRUN_CLASS_PERCENT, NULL, trun_sample_cpu_util,
                      trun_delta_util },
  [TRUN_THREAD_CPU_UTIL] = { "thread_cpu_util", "thread_cpu_util", "%",
                             "Percentage of CPU-clock time divided by "
                             "wall-clock time for calling thread",
                             TRUN_CLASS_PERCENT, NULL,
                             trun_sample_thread_cpu_util, trun_delta_util },
  [TRUN_PEAK_RSS] = { "peak_rss", "peak_rss", "MB",
                      "Measures changes in the high-water mark for the amount "
                      "of memory allocated in RAM. May fluctuate if swap is "
                      "enabled",
                      TRUN_CLASS_MEMORY, NULL, trun_sample_peak_rss, DIFF },
  [TRUN_PAGE_RSS] = { "page_rss", "page_rss", "MB",
                      "Amount of memory allocated in pages of memory. Unlike "
                      "peak_rss, value will fluctuate as memory is "
                      "freed/allocated",
                      TRUN_CLASS_MEMORY, NULL, trun_sample_page_rss, DIFF },
  [TRUN_NUM_MINOR_PAGE_FAULTS] = { "num_minor_page_faults",
                                   "minor_page_faults", "",
                                   "Number of page faults serviced without "
                                   "any I/O activity via 'reclaiming' a page "
                                   "frame from the list of pages awaiting "
                                   "reallocation",
                                   TRUN_CLASS_COUNT, NULL,
                                   trun_sample_minor_page_faults, DIFF },
  [TRUN_NUM_MAJOR_PAGE_FAULTS] = { "num_major_page_faults",
                                   "major_page_faults", "",
                                   "Number of page faults serviced that "
                                   "required I/O activity",
                                   TRUN_CLASS_COUNT, NULL,
                                   trun_sample_major_page_faults, DIFF },
  [TRUN_VOLUNTARY_CONTEXT_SWITCH] = { "voluntary_context_switch",
                                      "vol_cxt_swch", "",
                                      "Number of context switches due to a "
                                      "process voluntarily giving up the "
                                      "processor before its time slice was "
                                      "completed",
                                      TRUN_CLASS_COUNT, NULL,
                                      trun_sample_voluntary_context_switch,
                                      DIFF },
  [TRUN_PRIORITY_CONTEXT_SWITCH] = { "priority_context_switch",
                                     "prio_cxt_swch", "",
                                     "Number of context switch due to higher "
                                     "priority process becoming runnable or "
                                     "because the current process exceeded "
                                     "its time slice",
                                     TRUN_CLASS_COUNT, NULL,
                                     trun_sample_priority_context_switch,
                                     DIFF },
  [TRUN_READ_BYTES] = { "read_bytes", "read_bytes", "MB",
                        "Number of bytes which this process really did cause "
                        "to be fetched from the storage layer",
                        TRUN_CLASS_MEMORY, trun_available_io,
                        trun_sample_read_bytes, DIFF },
  [TRUN_WRITTEN_BYTES] = { "written_bytes", "written_bytes", "MB",
                           "Number of bytes sent to the storage layer",
                           TRUN_CLASS_MEMORY, trun_available_io,
                           trun_sample_written_bytes, DIFF },
  [TRUN_TRIP_COUNT] = { "trip_count", "trip_count", "",
                        "Counts number of invocations", TRUN_CLASS_COUNT, NULL,
                        trun_sample_trip_count, trun_delta_trip_count },
  [TRUN_HW_CPU_CYCLES] = { "hw_cpu_cycles", "cpu_cycles", "",
                           "Total cycles (hardware counter)", TRUN_CLASS_COUNT,
                           trun_available_hw_cpu_cycles,
                           trun_sample_hw_cpu_cycles, DIFF },
  [TRUN_HW_INSTRUCTIONS] = { "hw_instructions", "instructions", "",
                             "Instructions completed (hardware counter)",
                             TRUN_CLASS_COUNT, trun_available_hw_instructions,
                             trun_sample_hw_instructions, DIFF },
  [TRUN_HW_CACHE_MISSES] = { "hw_cache_misses", "cache_misses", "",
                             "Last-level cache misses (hardware counter)",
                             TRUN_CLASS_COUNT, trun_available_hw_cache_misses,
                             trun_sample_hw_cache_misses, DIFF },
  [TRUN_HW_BRANCH_MISSES] = { "hw_branch_misses", "branch_misses", "",
                              "Mispredicted branch instructions (hardware "
                              "counter)",
                              TRUN_CLASS_COUNT, trun_available_hw_branch_misses,
                              trun_sample_hw_branch_misses, DIFF },
  [TRUN_COMM_DATA] = { "comm_data", "comm_data", "B",
                       "Number of bytes sent and received by MPI calls",
                       TRUN_CLASS_COUNT, NULL, trun_sample_comm_data, DIFF },
};

/* Other spellings timemory job scripts use: type aliases and the short
   labels of older timemory releases.  */
static const struct
{
  const char *alias;
  enum trun_comp_id id;
} comp_aliases[] = {
  { "vol_cxt_switch", TRUN_VOLUNTARY_CONTEXT_SWITCH },
  { "prio_cxt_switch", TRUN_PRIORITY_CONTEXT_SWITCH },
  { "cpu", TRUN_CPU_CLOCK },
  { "user", TRUN_USER_CLOCK },
  { "sys", TRUN_SYSTEM_CLOCK },
  { "thread_cpu", TRUN_THREAD_CPU_CLOCK },
};

/* Names are matched without case; a component's metric label ("wall") is
   accepted as an alias of its name.  */
int
trun_component_lookup (const char *name)
{
  if (!name)
    return -1;
  for (int i = 0; i < TRUN_NCOMP; i++)
    if (strcasecmp (name, trun_components[i].name) == 0)
      return i;
  for (int i = 0; i < TRUN_NCOMP; i++)
    if (strcasecmp (name, trun_components[i].label) == 0)
      return i;
  for (size_t i = 0; i < sizeof comp_aliases / sizeof comp_aliases[0]; i++)
    if (strcasecmp (name, comp_aliases[i].alias) == 0)
      return (int) comp_aliases[i].id;
  return -1;
}

/* Append SRC to the string in BUF (size SIZE), truncating.  */
static void
append (char *buf, size_t size, const char *src)
{
  size_t used = strlen (buf);
  if (used + 1 < size)
    snprintf (buf + used, size - used, "%s", src);
}

static int
is_separator (char c)
{
  return c == ',' || c == ';' || isspace ((unsigned char) c);
}

static void
warn_unknown (const char *unknown, const char *context)
{
  char valid[1024] = "";
  for (int i = 0; i < TRUN_NCOMP; i++)
    {
      if (i > 0)
        append (valid, sizeof valid, ", ");
      append (valid, sizeof valid, trun_components[i].name);
    }
  trun_warn ("%s: unknown component(s) %s ignored; valid names: %s",
             context ? context : "components", unknown, valid);
}

trun_mask_t
trun_parse_components (const char *list, const char *context)
{
  trun_mask_t mask = 0;
  char unknown[1024] = "";
  const char *p = list ? list : "";
  while (*p)
    {
      while (*p && is_separator (*p))
        p++;
      const char *start = p;
      while (*p && !is_separator (*p))
        p++;
      size_t len = (size_t) (p - start);
      if (len == 0)
        continue;
      char name[128];
      if (len >= sizeof name)
        len = sizeof name - 1;
      memcpy (name, start, len);
      name[len] = '\0';
      int id = trun_component_lookup (name);
      if (id < 0)
        {
          if (strcasecmp (name, "none") == 0)
            continue;
          append (unknown, sizeof unknown, unknown[0] ? ", '" : "'");
          append (unknown, sizeof unknown, name);
          append (unknown, sizeof unknown, "'");
          continue;
        }
      /* An unavailable component's available() gives its own notice.  */
      if (trun_components[id].available && trun_components[id].available () != 0)
        continue;
      mask |= (trun_mask_t) 1 << id;
    }
  if (unknown[0])
    warn_unknown (unknown, context);
  return mask;
}

double
trun_component_scale (int comp, const struct trun_settings *s,
                      const char **units)
{
  const struct trun_component *c = &trun_components[comp];
  double scale = 1.0;
  const char *name = c->units;
  if (c->cls == TRUN_CLASS_TIMING && s && s->timing_units[0])
    {
      name = s->timing_units;
      scale = s->timing_scale;
    }
  else if (c->cls == TRUN_CLASS_MEMORY && s && s->memory_units[0])
    {
      name = s->memory_units;
      scale = s->memory_scale;
    }
  if (!(scale > 0.0))
    scale = 1.0;
  if (units)
    *units = name;
  return scale;
}

int
trun_component_format (int comp, const struct trun_settings *s, int *width)
{
  const struct trun_component *c = &trun_components[comp];
  int prec = s->precision, sci = s->scientific;
  *width = s->width;
  int timing = c->cls == TRUN_CLASS_TIMING, memory = c->cls == TRUN_CLASS_MEMORY;
  /* The overrides are stored + 1; 0 is unset.  */
  int cp = timing ? s->timing_precision : memory ? s->memory_precision : 0;
  int cw = timing ? s->timing_width : memory ? s->memory_width : 0;
  int cs = timing ? s->timing_scientific : memory ? s->memory_scientific : 0;
  if (cp > 0)
    prec = cp - 1;
  if (cw > 0)
    *width = cw - 1;
  if (cs > 0)
    sci = cs - 1;
  return prec | (sci ? TRUN_FMT_SCIENTIFIC : 0);
}

void
trun_components_from_settings (struct trun_settings *s)
{
  s->components = s->components_list
                      ? trun_parse_components (s->components_list,
                                               s->components_var)
                      : TRUN_WALL_BIT;
  s->trace_components
      = s->trace_components_list
            ? trun_parse_components (s->trace_components_list,
                                     s->trace_components_var)
            : TRUN_WALL_BIT;
}
