/* tests/unit/test_mem.c -- the core's signal-safe memory (rt/core/mem.c):
 * zeroed pieces, small ones carved from one region, none overlapping,
 * also from threads at once and past the region's end.  */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include <pthread.h>

#include "core/core.h"

/* Whether the SIZE bytes at P are all zero.  */
static int
all_zero (const unsigned char *p, size_t size)
{
  for (size_t i = 0; i < size; i++)
    if (p[i])
      return 0;
  return 1;
}

/* N pieces of SIZE bytes, each zeroed when new and then filled with its
   own byte; every piece still holds its byte after all are made (none
   overlaps another).  */
static void
pieces (unsigned char **p, int n, size_t size)
{
  for (int i = 0; i < n; i++)
    {
      p[i] = trun_mem_alloc (size);
      assert_non_null (p[i]);
      assert_true (all_zero (p[i], size));
      memset (p[i], i + 1, size);
    }
  for (int i = 0; i < n; i++)
    assert_true (p[i][0] == (unsigned char) (i + 1)
                 && p[i][size - 1] == (unsigned char) (i + 1));
}

static void
test_small_pieces (void **state)
{
  (void) state;
  unsigned char *p[64];
  pieces (p, 64, 5000); /* two pages each */
  for (int i = 0; i < 64; i++)
    trun_mem_free (p[i], 5000);
}

static void
test_past_the_region (void **state)
{
  (void) state;
  /* 3 MB of 48 KB pieces: the region is 1 MB, the rest maps its own.  */
  unsigned char *p[64];
  pieces (p, 64, 48 << 10);
  for (int i = 0; i < 64; i++)
    trun_mem_free (p[i], 48 << 10);
}

static void
test_large_piece (void **state)
{
  (void) state;
  unsigned char *p[2];
  pieces (p, 2, 3 << 20);
  trun_mem_free (p[0], 3 << 20);
  trun_mem_free (p[1], 3 << 20);
}

static void *
thread_pieces (void *arg)
{
  unsigned char **p = arg;
  for (int i = 0; i < 32; i++)
    p[i] = trun_mem_alloc (4096);
  return NULL;
}

static void
test_threads_at_once (void **state)
{
  (void) state;
  unsigned char *p[4][32];
  pthread_t th[4];
  for (int t = 0; t < 4; t++)
    assert_int_equal (pthread_create (&th[t], NULL, thread_pieces, p[t]), 0);
  for (int t = 0; t < 4; t++)
    pthread_join (th[t], NULL);
  for (int t = 0; t < 4; t++)
    for (int i = 0; i < 32; i++)
      {
        assert_non_null (p[t][i]);
        assert_true (all_zero (p[t][i], 4096));
        memset (p[t][i], t * 32 + i + 1, 4096);
      }
  for (int t = 0; t < 4; t++)
    for (int i = 0; i < 32; i++)
      assert_int_equal (p[t][i][4095], t * 32 + i + 1);
}

int
main (void)
{
  const struct CMUnitTest tests[] = {
    cmocka_unit_test (test_small_pieces),
    cmocka_unit_test (test_threads_at_once),
    cmocka_unit_test (test_past_the_region),
    cmocka_unit_test (test_large_piece),
  };
  return cmocka_run_group_tests (tests, NULL, NULL);
}
