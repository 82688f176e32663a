/* tests/unit/test_stat.c -- node statistics: folding values, merging
 * threads, mean, sample standard deviation, % SELF.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <math.h>
#include <string.h>

#include <stdio.h>

#include "core/core.h"

static struct trun_stat
stat_of (const double *v, size_t n)
{
  struct trun_stat s;
  memset (&s, 0, sizeof s);
  for (size_t i = 0; i < n; i++)
    trun_stat_add (&s, v[i]);
  return s;
}

static void
test_add_and_mean (void **state)
{
  (void) state;
  const double v[] = { 3.0, -1.0, 4.0, 1.5 };
  struct trun_stat s = stat_of (v, 4);
  assert_int_equal (s.count, 4);
  assert_float_equal (s.sum, 7.5, 1e-12);
  assert_float_equal (s.sumsq, 9 + 1 + 16 + 2.25, 1e-12);
  assert_float_equal (s.min, -1.0, 0);
  assert_float_equal (s.max, 4.0, 0);
  assert_float_equal (trun_stat_mean (&s), 1.875, 1e-12);
}

static void
test_empty (void **state)
{
  (void) state;
  struct trun_stat s;
  memset (&s, 0, sizeof s);
  assert_float_equal (trun_stat_mean (&s), 0.0, 0);
  assert_float_equal (trun_stat_stddev (&s), 0.0, 0);
  assert_float_equal (trun_stat_self_percent (&s), 0.0, 0);
}

/* The seed's thread-parallel-region: ten values, one of 0.4: sample
   standard deviation 0.126 (n - 1), not 0.120 (n).  */
static void
test_stddev_is_sample (void **state)
{
  (void) state;
  double v[10] = { 0.4 };
  struct trun_stat s = stat_of (v, 10);
  assert_float_equal (trun_stat_stddev (&s), sqrt (0.016), 1e-12);
  const double one[] = { 5.0 };
  struct trun_stat s1 = stat_of (one, 1);
  assert_float_equal (trun_stat_stddev (&s1), 0.0, 0);
  /* Equal values: variance cancels to ~0 and must not be NaN.  */
  const double same[] = { 0.1, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1 };
  struct trun_stat s7 = stat_of (same, 7);
  assert_false (isnan (trun_stat_stddev (&s7)));
  assert_true (trun_stat_stddev (&s7) < 1e-9);
}

static void
test_merge (void **state)
{
  (void) state;
  const double a[] = { 1.0, 2.0 }, b[] = { -3.0, 10.0, 0.5 };
  const double all[] = { 1.0, 2.0, -3.0, 10.0, 0.5 };
  struct trun_stat sa = stat_of (a, 2), sb = stat_of (b, 3);
  struct trun_stat expect = stat_of (all, 5);
  sa.child = 0.25;
  sb.child = 0.5;
  trun_stat_merge (&sa, &sb);
  assert_int_equal (sa.count, 5);
  assert_float_equal (sa.sum, expect.sum, 1e-12);
  assert_float_equal (sa.sumsq, expect.sumsq, 1e-12);
  assert_float_equal (sa.min, -3.0, 0);
  assert_float_equal (sa.max, 10.0, 0);
  assert_float_equal (sa.child, 0.75, 1e-12);
  assert_float_equal (trun_stat_stddev (&sa), trun_stat_stddev (&expect), 1e-12);

  /* Into an empty stat: min/max come from B, not from zeros.  */
  struct trun_stat empty;
  memset (&empty, 0, sizeof empty);
  struct trun_stat pos = stat_of ((const double[]){ 5.0, 7.0 }, 2);
  trun_stat_merge (&empty, &pos);
  assert_float_equal (empty.min, 5.0, 0);
  assert_float_equal (empty.max, 7.0, 0);
  /* Merging an empty one changes nothing.  */
  struct trun_stat none;
  memset (&none, 0, sizeof none);
  trun_stat_merge (&pos, &none);
  assert_int_equal (pos.count, 2);
  assert_float_equal (pos.min, 5.0, 0);
}

static void
test_self_percent (void **state)
{
  (void) state;
  struct trun_stat s = stat_of ((const double[]){ 0.604 }, 1);
  s.child = 0.400;
  /* The seed's thread-region row: 33.8 % */
  assert_float_equal (trun_stat_self_percent (&s), 100.0 * 0.204 / 0.604, 1e-9);
  s.child = 0.0;
  assert_float_equal (trun_stat_self_percent (&s), 100.0, 0);
  s.child = 0.604;
  assert_float_equal (trun_stat_self_percent (&s), 0.0, 1e-9);
  /* Children measured more than the parent (clock granularity): 0.  */
  s.child = 1.0;
  assert_float_equal (trun_stat_self_percent (&s), 0.0, 0);
  /* Zero or negative sums (memory released): 0.  */
  struct trun_stat z = stat_of ((const double[]){ 0.0, 0.0 }, 2);
  assert_float_equal (trun_stat_self_percent (&z), 0.0, 0);
  struct trun_stat neg = stat_of ((const double[]){ -4.0 }, 1);
  assert_float_equal (trun_stat_self_percent (&neg), 0.0, 0);
}

/* The non-wall components' add (core/frames.c), from an entry as
   trun_node_xstat makes it: the same fields as trun_stat_add's.  */
static void
test_xstat_add (void **state)
{
  (void) state;
  struct trun_stat a = { 0 }, b = { 0 };
  b.min = HUGE_VAL;
  b.max = -HUGE_VAL;
  const double v[] = { 2.5, 0.5, 4.0, 1.0 };
  for (int i = 0; i < 4; i++)
    {
      trun_stat_add (&a, v[i]);
      trun_xstat_add (&b, v[i]);
    }
  assert_int_equal (b.count, a.count);
  assert_true (b.min == a.min && b.min == 0.5);
  assert_true (b.max == a.max && b.max == 4.0);
  assert_true (b.sum == a.sum && b.sumsq == a.sumsq);
  trun_local_fop (&b.child, 1.5, 0);
  trun_local_fop (&b.child, 1.5, 0);
  assert_true (b.child == 3.0);
}

int
main (void)
{
  const struct CMUnitTest tests[] = {
    cmocka_unit_test (test_add_and_mean),
    cmocka_unit_test (test_empty),
    cmocka_unit_test (test_stddev_is_sample),
    cmocka_unit_test (test_merge),
    cmocka_unit_test (test_self_percent),
    cmocka_unit_test (test_xstat_add),
  };
  return cmocka_run_group_tests (tests, NULL, NULL);
}
