/* tests/unit/test_components.c -- the component table and list parser,
 * and each component's arithmetic against something the test itself did
 * (slept, touched memory, sent bytes, ...).  Only lower bounds: nothing
 * here depends on how fast the machine is.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <time.h>
#include <unistd.h>

#include "core/core.h"

struct trun_settings trun_settings;

/* Warnings are captured so tests can count them.  */
static int nwarnings;
static char last_warning[4096];

void
trun_warn (const char *fmt, ...)
{
  va_list ap;
  va_start (ap, fmt);
  vsnprintf (last_warning, sizeof last_warning, fmt, ap);
  va_end (ap);
  nwarnings++;
}

void
trun_verbose (const char *fmt, ...)
{
  (void) fmt;
}

#define BIT(c) ((trun_mask_t) 1 << (c))

static double
measure (int comp, void (*action) (void))
{
  double start[TRUN_SAMPLE_MAX], end[TRUN_SAMPLE_MAX];
  trun_components[comp].sample (start);
  action ();
  trun_components[comp].sample (end);
  return trun_components[comp].delta (start, end);
}

/* ------------------------------------------------------------------ */

static void
test_table_is_complete (void **state)
{
  (void) state;
  for (int i = 0; i < TRUN_NCOMP; i++)
    {
      const struct trun_component *c = &trun_components[i];
      assert_non_null (c->name);
      assert_non_null (c->label);
      assert_non_null (c->units);
      assert_non_null (c->description);
      assert_non_null (c->sample);
      assert_non_null (c->delta);
      assert_int_equal (trun_component_lookup (c->name), i);
    }
  assert_string_equal (trun_components[TRUN_WALL_CLOCK].label, "wall");
  assert_string_equal (trun_components[TRUN_WALL_CLOCK].units, "sec");
  assert_string_equal (trun_components[TRUN_WALL_CLOCK].description,
                       "Real-clock timer (i.e. wall-clock timer)");
  assert_string_equal (trun_components[TRUN_PEAK_RSS].label, "peak_rss");
  assert_string_equal (trun_components[TRUN_PEAK_RSS].units, "MB");
  assert_string_equal (trun_components[TRUN_PEAK_RSS].description,
                       "Measures changes in the high-water mark for the amount "
                       "of memory allocated in RAM. May fluctuate if swap is "
                       "enabled");
}

static void
test_lookup (void **state)
{
  (void) state;
  assert_int_equal (trun_component_lookup ("wall_clock"), TRUN_WALL_CLOCK);
  assert_int_equal (trun_component_lookup ("WALL_CLOCK"), TRUN_WALL_CLOCK);
  assert_int_equal (trun_component_lookup ("wall"), TRUN_WALL_CLOCK);
  assert_int_equal (trun_component_lookup ("page_rss"), TRUN_PAGE_RSS);
  assert_int_equal (trun_component_lookup ("vol_cxt_swch"),
                    TRUN_VOLUNTARY_CONTEXT_SWITCH);
  assert_int_equal (trun_component_lookup ("vol_cxt_switch"),
                    TRUN_VOLUNTARY_CONTEXT_SWITCH);
  assert_int_equal (trun_component_lookup ("sys"), TRUN_SYSTEM_CLOCK);
  assert_int_equal (trun_component_lookup ("no_such_thing"), -1);
  assert_int_equal (trun_component_lookup (""), -1);
  assert_int_equal (trun_component_lookup (NULL), -1);
}

static void
test_parse_lists (void **state)
{
  (void) state;
  nwarnings = 0;
  assert_int_equal (trun_parse_components ("wall_clock", "T"),
                    BIT (TRUN_WALL_CLOCK));
  assert_int_equal (trun_parse_components (" wall_clock,peak_rss  trip_count ,",
                                           "T"),
                    BIT (TRUN_WALL_CLOCK) | BIT (TRUN_PEAK_RSS)
                        | BIT (TRUN_TRIP_COUNT));
  assert_int_equal (trun_parse_components ("", "T"), 0);
  assert_int_equal (trun_parse_components (NULL, "T"), 0);
  assert_int_equal (trun_parse_components ("none", "T"), 0);
  assert_int_equal (nwarnings, 0);
}

static void
test_parse_unknown_warns_once (void **state)
{
  (void) state;
  nwarnings = 0;
  trun_mask_t m = trun_parse_components ("bogus, wall_clock, also_bogus cpu_clock",
                                         "TRUN_COMPONENTS");
  assert_int_equal (m, BIT (TRUN_WALL_CLOCK) | BIT (TRUN_CPU_CLOCK));
  assert_int_equal (nwarnings, 1);
  assert_non_null (strstr (last_warning, "TRUN_COMPONENTS"));
  assert_non_null (strstr (last_warning, "'bogus'"));
  assert_non_null (strstr (last_warning, "'also_bogus'"));
  /* The warning lists every valid name.  */
  for (int i = 0; i < TRUN_NCOMP; i++)
    assert_non_null (strstr (last_warning, trun_components[i].name));
}

/* ------------------------------------------------------------------ */

static void
sleep_30ms (void)
{
  struct timespec ts = { 0, 30 * 1000 * 1000 };
  while (nanosleep (&ts, &ts) != 0)
    ;
}

static volatile double sink;

static void
spin_cpu (void)
{
  /* Spin until the thread has used at least 20 ms of CPU.  */
  struct timespec a, b;
  clock_gettime (CLOCK_THREAD_CPUTIME_ID, &a);
  do
    {
      for (int i = 0; i < 100000; i++)
        sink += i * 0.5;
      clock_gettime (CLOCK_THREAD_CPUTIME_ID, &b);
    }
  while ((b.tv_sec - a.tv_sec) * 1e9 + (b.tv_nsec - a.tv_nsec) < 20e6);
}

static void
test_clocks (void **state)
{
  (void) state;
  assert_true (measure (TRUN_WALL_CLOCK, sleep_30ms) >= 0.029);
  assert_true (measure (TRUN_CPU_CLOCK, spin_cpu) >= 0.019);
  assert_true (measure (TRUN_THREAD_CPU_CLOCK, spin_cpu) >= 0.019);
  /* getrusage has tick/microsecond granularity: only sign and growth.  */
  double u = measure (TRUN_USER_CLOCK, spin_cpu);
  assert_true (u >= 0.0);
  assert_true (measure (TRUN_SYSTEM_CLOCK, spin_cpu) >= 0.0);
  /* Sleeping uses (almost) no thread CPU.  */
  assert_true (measure (TRUN_THREAD_CPU_CLOCK, sleep_30ms) < 0.029);
}

static void
test_util_arithmetic (void **state)
{
  (void) state;
  const double start[2] = { 1.0, 10.0 }, end[2] = { 1.5, 11.0 };
  double (*delta) (const double *, const double *)
      = trun_components[TRUN_CPU_UTIL].delta;
  assert_float_equal (delta (start, end), 50.0, 1e-9);
  assert_float_equal (delta (start, start), 0.0, 0); /* no wall time */
  assert_true (trun_components[TRUN_THREAD_CPU_UTIL].cls == TRUN_CLASS_PERCENT);
  /* Spinning is mostly CPU; sleeping mostly not.  */
  assert_true (measure (TRUN_THREAD_CPU_UTIL, spin_cpu) > 0.0);
  assert_true (measure (TRUN_THREAD_CPU_UTIL, sleep_30ms) < 50.0);
}

#define TOUCH_BYTES (64u << 20)
static void *region;

static void
touch_new_memory (void)
{
  region = mmap (NULL, TOUCH_BYTES, PROT_READ | PROT_WRITE,
                 MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  assert_true (region != MAP_FAILED);
  memset (region, 1, TOUCH_BYTES);
}

static void
release_memory (void)
{
  munmap (region, TOUCH_BYTES);
}

static void
test_memory (void **state)
{
  (void) state;
  /* The process is small before this: touching 64 MB raises the
     high-water mark and the resident set by about that much.  */
  double start[2], mid[2];
  trun_components[TRUN_PAGE_RSS].sample (start);
  double peak = measure (TRUN_PEAK_RSS, touch_new_memory);
  trun_components[TRUN_PAGE_RSS].sample (mid);
  assert_true (peak >= 0.9 * TOUCH_BYTES);
  assert_true (mid[0] - start[0] >= 0.9 * TOUCH_BYTES);
  double freed = measure (TRUN_PAGE_RSS, release_memory);
  assert_true (freed <= -0.9 * TOUCH_BYTES);
  /* The high-water mark never goes down.  */
  assert_true (measure (TRUN_PEAK_RSS, touch_new_memory) >= 0.0);
  release_memory ();
}

static void
test_faults_and_switches (void **state)
{
  (void) state;
  long page = sysconf (_SC_PAGESIZE);
  double faults = measure (TRUN_NUM_MINOR_PAGE_FAULTS, touch_new_memory);
  release_memory ();
  /* At least one fault per 2 MB huge page, usually one per page.  */
  assert_true (faults >= (double) TOUCH_BYTES / (2 << 20));
  assert_true (page > 0);
  assert_true (measure (TRUN_NUM_MAJOR_PAGE_FAULTS, sleep_30ms) >= 0.0);
  assert_true (measure (TRUN_VOLUNTARY_CONTEXT_SWITCH, sleep_30ms) >= 1.0);
  assert_true (measure (TRUN_PRIORITY_CONTEXT_SWITCH, sleep_30ms) >= 0.0);
}

static void
write_file (void)
{
  char path[] = "/tmp/trun-unit-XXXXXX";
  int fd = mkstemp (path);
  assert_true (fd >= 0);
  static char buf[1 << 16];
  for (int i = 0; i < 16; i++)
    assert_int_equal (write (fd, buf, sizeof buf), (ssize_t) sizeof buf);
  fsync (fd);
  close (fd);
  unlink (path);
}

static void
test_io (void **state)
{
  (void) state;
  if (trun_components[TRUN_READ_BYTES].available () != 0)
    {
      /* Unavailable: the notice was given once, and parsing drops it.  */
      nwarnings = 0;
      assert_int_equal (trun_parse_components ("read_bytes,wall_clock", "T"),
                        BIT (TRUN_WALL_CLOCK));
      return;
    }
  /* Whether written bytes reach a storage layer depends on the file
     system (tmpfs has none): only that the counters read and never go
     backwards.  */
  assert_true (measure (TRUN_WRITTEN_BYTES, write_file) >= 0.0);
  assert_true (measure (TRUN_READ_BYTES, write_file) >= 0.0);
  double v[2];
  trun_components[TRUN_WRITTEN_BYTES].sample (v);
  assert_true (v[0] >= 0.0);
}

static void
nothing (void)
{
}

static void
test_trip_count (void **state)
{
  (void) state;
  assert_float_equal (measure (TRUN_TRIP_COUNT, nothing), 1.0, 0);
  assert_float_equal (measure (TRUN_TRIP_COUNT, sleep_30ms), 1.0, 0);
}

static void
send_1234 (void)
{
  trun_comm_bytes += 1234;
}

static void *
thread_sends (void *arg)
{
  (void) arg;
  trun_comm_bytes += 99;
  return NULL;
}

static void
send_in_other_thread (void)
{
  pthread_t t;
  pthread_create (&t, NULL, thread_sends, NULL);
  pthread_join (t, NULL);
}

static void
test_comm_data (void **state)
{
  (void) state;
  assert_float_equal (measure (TRUN_COMM_DATA, send_1234), 1234.0, 0);
  /* The counter is per thread.  */
  assert_float_equal (measure (TRUN_COMM_DATA, send_in_other_thread), 0.0, 0);
}

static void
test_hardware_counters (void **state)
{
  (void) state;
  nwarnings = 0;
  trun_mask_t hw = BIT (TRUN_HW_CPU_CYCLES) | BIT (TRUN_HW_INSTRUCTIONS)
                   | BIT (TRUN_HW_CACHE_MISSES) | BIT (TRUN_HW_BRANCH_MISSES);
  trun_mask_t m = trun_parse_components (
      "hw_cpu_cycles hw_instructions hw_cache_misses hw_branch_misses "
      "wall_clock", "T");
  /* The rest always runs; refusals give at most one notice.  */
  assert_true (m & BIT (TRUN_WALL_CLOCK));
  assert_true (nwarnings <= 1);
  if ((m & hw) != hw)
    assert_int_equal (nwarnings, 1);
  if (m & BIT (TRUN_HW_INSTRUCTIONS))
    assert_true (measure (TRUN_HW_INSTRUCTIONS, spin_cpu) > 1000.0);
  /* Asking again gives no second notice.  */
  nwarnings = 0;
  trun_parse_components ("hw_cpu_cycles,hw_instructions", "T");
  assert_int_equal (nwarnings, 0);
}

static void
test_display_scale (void **state)
{
  (void) state;
  struct trun_settings s;
  memset (&s, 0, sizeof s);
  strcpy (s.memory_units, "KB");
  s.memory_scale = 1024;
  strcpy (s.timing_units, "msec");
  s.timing_scale = 1e-3;
  const char *units;
  assert_float_equal (trun_component_scale (TRUN_PEAK_RSS, &s, &units), 1024, 0);
  assert_string_equal (units, "KB");
  assert_float_equal (trun_component_scale (TRUN_CPU_CLOCK, &s, &units), 1e-3, 0);
  assert_string_equal (units, "msec");
  assert_float_equal (trun_component_scale (TRUN_TRIP_COUNT, &s, &units), 1, 0);
  assert_string_equal (units, "");
  assert_float_equal (trun_component_scale (TRUN_CPU_UTIL, &s, &units), 1, 0);
  assert_string_equal (units, "%");
}

int
main (void)
{
  const struct CMUnitTest tests[] = {
    cmocka_unit_test (test_table_is_complete),
    cmocka_unit_test (test_lookup),
    cmocka_unit_test (test_parse_lists),
    cmocka_unit_test (test_parse_unknown_warns_once),
    cmocka_unit_test (test_clocks),
    cmocka_unit_test (test_util_arithmetic),
    cmocka_unit_test (test_memory),
    cmocka_unit_test (test_faults_and_switches),
    cmocka_unit_test (test_io),
    cmocka_unit_test (test_trip_count),
    cmocka_unit_test (test_comm_data),
    cmocka_unit_test (test_hardware_counters),
    cmocka_unit_test (test_display_scale),
  };
  return cmocka_run_group_tests (tests, NULL, NULL);
}
