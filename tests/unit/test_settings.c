/* tests/unit/test_settings.c -- parsing of setting values (good and bad)
 * and the TRUN_ / TIMEMORY_ / TIMEMORY_GLOBAL_COMPONENTS lookup order
 * (rt/settings.c).  Each environment scenario loads in a forked child,
 * since settings load once per process.  */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>
#include <cmocka.h>

#include <stdio.h>

#include "core/core.h"

TRUN_HIDDEN int trun_parse_duration (const char *s, double *seconds);

static void
test_bool (void **state)
{
  (void) state;
  int v = -1;
  const char *yes[] = { "1", "true", "TRUE", "on", "Yes", "y", " t " };
  const char *no[] = { "0", "false", "OFF", "no", "N", "f" };
  for (size_t i = 0; i < sizeof yes / sizeof *yes; i++)
    {
      assert_int_equal (trun_parse_bool (yes[i], &v), 0);
      assert_int_equal (v, 1);
    }
  for (size_t i = 0; i < sizeof no / sizeof *no; i++)
    {
      assert_int_equal (trun_parse_bool (no[i], &v), 0);
      assert_int_equal (v, 0);
    }
  v = 7;
  assert_int_not_equal (trun_parse_bool ("maybe", &v), 0);
  assert_int_not_equal (trun_parse_bool ("", &v), 0);
  assert_int_not_equal (trun_parse_bool ("2", &v), 0);
  assert_int_not_equal (trun_parse_bool (NULL, &v), 0);
  assert_int_equal (v, 7); /* untouched on error */
}

static void
test_int_double (void **state)
{
  (void) state;
  long l;
  assert_int_equal (trun_parse_int ("42", 0, 100, &l), 0);
  assert_int_equal (l, 42);
  assert_int_equal (trun_parse_int (" -3 ", -5, 5, &l), 0);
  assert_int_equal (l, -3);
  assert_int_not_equal (trun_parse_int ("101", 0, 100, &l), 0);
  assert_int_not_equal (trun_parse_int ("4x", 0, 100, &l), 0);
  assert_int_not_equal (trun_parse_int ("", 0, 100, &l), 0);
  assert_int_not_equal (trun_parse_int ("99999999999999999999", 0, 100, &l), 0);
  double d;
  assert_int_equal (trun_parse_double ("2.5", &d), 0);
  assert_true (d == 2.5);
  assert_int_equal (trun_parse_double ("1e-6", &d), 0);
  assert_true (d == 1e-6);
  assert_int_not_equal (trun_parse_double ("nan", &d), 0);
  assert_int_not_equal (trun_parse_double ("1.0.0", &d), 0);
}

static void
test_units (void **state)
{
  (void) state;
  double s;
  assert_int_equal (trun_parse_memory_units ("MB", &s), 0);
  assert_true (s == 1048576.0);
  assert_int_equal (trun_parse_memory_units ("kb", &s), 0);
  assert_true (s == 1024.0);
  assert_int_equal (trun_parse_memory_units ("GiB", &s), 0);
  assert_true (s == 1073741824.0);
  assert_int_not_equal (trun_parse_memory_units ("parsecs", &s), 0);
  assert_int_equal (trun_parse_timing_units ("msec", &s), 0);
  assert_true (s == 1e-3);
  assert_int_equal (trun_parse_timing_units ("us", &s), 0);
  assert_true (s == 1e-6);
  assert_int_equal (trun_parse_timing_units ("sec", &s), 0);
  assert_true (s == 1.0);
  assert_int_not_equal (trun_parse_timing_units ("fortnight", &s), 0);
  assert_int_equal (trun_parse_duration ("10000", &s), 0); /* ns */
  assert_true (s > 9.99e-6 && s < 10.01e-6);
  assert_int_equal (trun_parse_duration ("2.5 ms", &s), 0);
  assert_true (s == 2.5e-3);
  assert_int_not_equal (trun_parse_duration ("-1", &s), 0);
  assert_int_not_equal (trun_parse_duration ("5 parsecs", &s), 0);
}

/* Run CHECK in a child after setting the environment from ENV
   ("NAME=value" strings, NULL-terminated).  */
static void
in_child (const char *const *env, void (*check) (void))
{
  pid_t pid = fork ();
  if (pid == 0)
    {
      clearenv ();
      for (; *env; env++)
        putenv ((char *) *env);
      if (!freopen ("/dev/null", "w", stderr))
        _exit (3);
      trun_settings_load ();
      trun_components_from_settings (&trun_settings);
      check ();
      _exit (0);
    }
  int status;
  waitpid (pid, &status, 0);
  assert_true (WIFEXITED (status));
  assert_int_equal (WEXITSTATUS (status), 0);
}

#define REQUIRE(c)                                                            \
  do                                                                          \
    if (!(c))                                                                 \
      _exit (1);                                                              \
  while (0)

static void
check_defaults (void)
{
  struct trun_settings *s = &trun_settings;
  REQUIRE (strcmp (s->output_path, "trun-output") == 0);
  REQUIRE (s->output_prefix[0] == '\0');
  REQUIRE (s->cout_output && s->text_output && s->json_output && s->file_output);
  REQUIRE (s->precision == 3 && s->width == 6);
  REQUIRE (strcmp (s->memory_units, "MB") == 0 && s->memory_scale == 1048576.0);
  REQUIRE (strcmp (s->timing_units, "sec") == 0 && s->timing_scale == 1.0);
  REQUIRE (s->components == TRUN_WALL_BIT);
  REQUIRE (s->trace_components == TRUN_WALL_BIT);
  REQUIRE (s->max_depth == 2147483647 && !s->flat_profile && s->enabled);
  REQUIRE (s->throttle_count == 10000 && s->throttle_value == 10e-6);
}

static void
test_defaults (void **state)
{
  (void) state;
  const char *env[] = { NULL };
  in_child (env, check_defaults);
}

static void
check_bad_values (void)
{
  check_defaults ();
}

static void
test_bad_values_default (void **state)
{
  (void) state;
  const char *env[] = { "TRUN_PRECISION=lots", "TRUN_WIDTH=0",
                        "TRUN_COUT_OUTPUT=perhaps", "TRUN_MAX_DEPTH=-1",
                        "TRUN_MEMORY_UNITS=parsecs", "TRUN_TIMING_UNITS=eons",
                        "TRUN_THROTTLE_COUNT=many", "TRUN_THROTTLE_VALUE=soon",
                        "TRUN_FLAT_PROFILE=2", NULL };
  in_child (env, check_bad_values);
}

static void
check_fallbacks (void)
{
  struct trun_settings *s = &trun_settings;
  REQUIRE (strcmp (s->output_path, "from-trun") == 0);      /* TRUN_ wins */
  REQUIRE (strcmp (s->output_prefix, "tm-") == 0);          /* TIMEMORY_ */
  REQUIRE (s->precision == 5);
  REQUIRE (!s->cout_output);
  REQUIRE (strcmp (s->memory_units, "KB") == 0);
  REQUIRE (strcmp (s->timing_units, "msec") == 0 && s->timing_scale == 1e-3);
  REQUIRE (s->max_depth == 7 && s->flat_profile);
  REQUIRE (s->throttle_count == 0);
  REQUIRE (s->throttle_value == 2e-6);
  /* TIMEMORY_COMPONENTS for the region set; the trace set falls back to
     TIMEMORY_GLOBAL_COMPONENTS.  */
  REQUIRE (s->components == (1u << TRUN_CPU_CLOCK));
  REQUIRE (s->trace_components
           == (TRUN_WALL_BIT | (1u << TRUN_PEAK_RSS)));
}

static void
test_fallbacks (void **state)
{
  (void) state;
  const char *env[] = { "TRUN_OUTPUT_PATH=from-trun",
                        "TIMEMORY_OUTPUT_PATH=from-timemory",
                        "TIMEMORY_OUTPUT_PREFIX=tm-",
                        "TIMEMORY_PRECISION=5",
                        "TIMEMORY_COUT_OUTPUT=OFF",
                        "TIMEMORY_MEMORY_UNITS=kb",
                        "TRUN_TIMING_UNITS=msec",
                        "TIMEMORY_MAX_DEPTH=7",
                        "TIMEMORY_FLAT_PROFILE=yes",
                        "TRUN_THROTTLE_COUNT=0",
                        "TRUN_THROTTLE_VALUE=2us",
                        "TIMEMORY_COMPONENTS=cpu_clock",
                        "TIMEMORY_GLOBAL_COMPONENTS=wall_clock,peak_rss",
                        NULL };
  in_child (env, check_fallbacks);
}

/* The settings table (rt/config/settings-table.c): names unique and
   without a prefix; every field row's and special row's default is the
   value the loader gives with an empty environment.  */
static void
check_table_defaults (void)
{
  const struct trun_settings *s = &trun_settings;
  for (unsigned i = 0; i < trun_setting_count; i++)
    {
      const struct trun_setting *t = &trun_setting_table[i];
      REQUIRE (t->name && t->description && t->dflt);
      REQUIRE (strncmp (t->name, "TRUN_", 5) != 0 && strncmp (t->name, "TIMEMORY_", 9) != 0);
      for (unsigned j = 0; j < i; j++)
        REQUIRE (strcmp (t->name, trun_setting_table[j].name) != 0);
      const char *field = (const char *) s + t->offset;
      if (t->load == TRUN_LOAD_OVERRIDE)
        REQUIRE (*(const int *) field == 0);
      if (t->load != TRUN_LOAD_FIELD)
        continue;
      if (t->type == TRUN_SETTING_BOOL)
        {
          int b = -1;
          REQUIRE (trun_parse_bool (t->dflt, &b) == 0 && *(const int *) field == b);
        }
      else if (t->type == TRUN_SETTING_INT)
        REQUIRE (*(const int *) field == atoi (t->dflt));
      else if (t->type == TRUN_SETTING_STRING)
        REQUIRE (strcmp (*(const char *const *) field, t->dflt) == 0);
    }
  /* The special rows' defaults, as the table states them.  */
  double v;
  REQUIRE (trun_parse_duration ("10000", &v) == 0 && v > 9.99e-6 && v < 10.01e-6);
  REQUIRE (s->max_nodes == 200000 && s->throttle_count == 10000 && s->verbose == 0);
  REQUIRE (s->collapse_threads == 1 && s->time_output == 0 && s->signal_handlers == 1);
}

static void
test_table (void **state)
{
  (void) state;
  const char *env[] = { NULL };
  in_child (env, check_table_defaults);
}

int
main (void)
{
  const struct CMUnitTest tests[] = {
    cmocka_unit_test (test_bool),
    cmocka_unit_test (test_int_double),
    cmocka_unit_test (test_units),
    cmocka_unit_test (test_defaults),
    cmocka_unit_test (test_bad_values_default),
    cmocka_unit_test (test_fallbacks),
    cmocka_unit_test (test_table),
  };
  return cmocka_run_group_tests (tests, NULL, NULL);
}
