/* rt/components/family.h -- the sample/delta/available functions each
 * component family file (clocks.c, rusage.c, io.c, trip_count.c, perf.c,
 * comm_data.c) provides to the table in rt/components.c.  Private to the
 * component files.
 */
#ifndef TRUN_RT_COMPONENTS_FAMILY_H
#define TRUN_RT_COMPONENTS_FAMILY_H

#include "components/components.h"

/* Most components record "end - start" of one reading.  */
TRUN_HIDDEN double trun_delta_difference (const double *start,
                                          const double *end);

/* clocks.c: seconds, or percent for the *_util ones.  */
TRUN_HIDDEN void trun_sample_wall_clock (double *out);
TRUN_HIDDEN void trun_sample_cpu_clock (double *out);
TRUN_HIDDEN void trun_sample_user_clock (double *out);
TRUN_HIDDEN void trun_sample_system_clock (double *out);
TRUN_HIDDEN void trun_sample_thread_cpu_clock (double *out);
TRUN_HIDDEN void trun_sample_cpu_util (double *out);
TRUN_HIDDEN void trun_sample_thread_cpu_util (double *out);
TRUN_HIDDEN double trun_delta_util (const double *start, const double *end);

/* rusage.c: bytes or counts.  */
TRUN_HIDDEN void trun_sample_peak_rss (double *out);
TRUN_HIDDEN void trun_sample_page_rss (double *out);
TRUN_HIDDEN void trun_sample_minor_page_faults (double *out);
TRUN_HIDDEN void trun_sample_major_page_faults (double *out);
TRUN_HIDDEN void trun_sample_voluntary_context_switch (double *out);
TRUN_HIDDEN void trun_sample_priority_context_switch (double *out);

/* io.c: /proc/self/io.  */
TRUN_HIDDEN int trun_available_io (void);
TRUN_HIDDEN void trun_sample_read_bytes (double *out);
TRUN_HIDDEN void trun_sample_written_bytes (double *out);

/* trip_count.c  */
TRUN_HIDDEN void trun_sample_trip_count (double *out);
TRUN_HIDDEN double trun_delta_trip_count (const double *start,
                                          const double *end);

/* perf.c: hardware counters through perf_event_open.  */
TRUN_HIDDEN int trun_available_hw_cpu_cycles (void);
TRUN_HIDDEN int trun_available_hw_instructions (void);
TRUN_HIDDEN int trun_available_hw_cache_misses (void);
TRUN_HIDDEN int trun_available_hw_branch_misses (void);
TRUN_HIDDEN void trun_sample_hw_cpu_cycles (double *out);
TRUN_HIDDEN void trun_sample_hw_instructions (double *out);
TRUN_HIDDEN void trun_sample_hw_cache_misses (double *out);
TRUN_HIDDEN void trun_sample_hw_branch_misses (double *out);

/* comm_data.c: reads trun_comm_bytes.  */
TRUN_HIDDEN void trun_sample_comm_data (double *out);

#endif /* TRUN_RT_COMPONENTS_FAMILY_H */
