/* tests/unit/test_timeline.c -- the timeline's words (core/timeline.h,
 * rt/core/timeline.c): events put with trun_tl_put and trun_tl_put_long
 * decode back to the same ticks, ids and kinds, whatever the gaps
 * between them (near, minutes apart, backwards, across a wrap of the
 * short words' 40 bits), the ids (short and past 2^21) and the kinds;
 * a slot claimed and never filled is skipped, a fill takes only an
 * empty slot, and a thread still recording once finalize began leaves
 * the words finalize reads as they were.  */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include <unistd.h>

#include "config/settings.h"
#include "core/core.h"

#define CAP 4096u

/* A buffer as trun_tl_thread_start makes it (its first event long),
   large enough that nothing is written out.  */
static struct trun_tl *
new_buffer (uint64_t first_tick)
{
  struct trun_tl *b = calloc (1, sizeof *b);
  b->ev = calloc (CAP, sizeof *b->ev);
  b->cap = CAP;
  b->mask = CAP - 1;
  b->fd = -1;
  b->near = b->ref_near = first_tick - TRUN_TL_NEAR;
  b->limit = CAP;
  b->ev[0] = TRUN_TL_WORD_LONG;
  b->ev[1] = first_tick;
  b->n = 2;
  return b;
}

static void
free_buffer (struct trun_tl *b)
{
  free (b->ev);
  free (b);
}

/* B's words decoded: every event but the first (the thread's start)
   into EV; their number.  */
static size_t
decode_all (const struct trun_tl *b, struct trun_tl_event *ev, size_t max)
{
  struct trun_tl_decoder dec = { 0, 0, 0, 0 };
  struct trun_tl_event e;
  size_t n = 0;
  int first = 1;
  for (uint64_t j = 0; j < b->n; j++)
    if (trun_tl_decode (&dec, b->ev[j], &e))
      {
        if (first)
          {
            assert_int_equal (e.id, 0);
            first = 0;
          }
        else if (n < max)
          ev[n++] = e;
      }
  return n;
}

static void
check_round_trip (uint64_t start, const struct trun_tl_event *want,
                  size_t n, uint64_t *words)
{
  struct trun_tl *b = new_buffer (start);
  for (size_t i = 0; i < n; i++)
    if (want[i].kind > 3)
      trun_tl_put_long (b, want[i].tick, want[i].id, want[i].kind);
    else
      trun_tl_put (b, want[i].tick, want[i].id, want[i].kind);
  struct trun_tl_event got[64];
  assert_int_equal (decode_all (b, got, 64), n);
  for (size_t i = 0; i < n; i++)
    {
      assert_int_equal (got[i].tick, want[i].tick);
      assert_int_equal (got[i].id, want[i].id);
      assert_int_equal (got[i].kind, want[i].kind);
    }
  *words = b->n - 2;
  free_buffer (b);
}

static void
test_near_events_one_word_each (void **state)
{
  (void) state;
  const uint64_t t0 = 123456789012345ull;
  const struct trun_tl_event ev[] = {
    { t0 + 10, 5, TRUN_TL_KIND (0, 1) },
    { t0 + 12, 6, TRUN_TL_KIND (0, 1) },
    { t0 + 40, 6, TRUN_TL_KIND (1, 1) },
    { t0 + 35, 7, TRUN_TL_KIND (0, 0) }, /* a handler's reorder: back */
    { t0 + 90, 7, TRUN_TL_KIND (1, 0) },
    { t0 + 100, 5, TRUN_TL_KIND (1, 1) },
    { t0 + 101, TRUN_TL_SHORT_IDS - 1, TRUN_TL_KIND (0, 1) },
  };
  uint64_t words;
  check_round_trip (t0, ev, sizeof ev / sizeof ev[0], &words);
  assert_int_equal (words, sizeof ev / sizeof ev[0]);
}

static void
test_far_ticks_and_large_ids_long (void **state)
{
  (void) state;
  const uint64_t t0 = 1000;
  const uint64_t far = TRUN_TL_NEAR * 3; /* minutes of TSC ticks */
  const struct trun_tl_event ev[] = {
    { t0 + 1, 3, TRUN_TL_KIND (0, 1) },
    { t0 + far, 3, TRUN_TL_KIND (1, 1) },      /* long: far ahead */
    { t0 + far + 7, 4, TRUN_TL_KIND (0, 1) },  /* short again */
    { t0 + far + 9, TRUN_TL_SHORT_IDS, TRUN_TL_KIND (0, 0) }, /* long */
    { t0 + far + 11, TRUN_TL_SHORT_IDS, TRUN_TL_KIND (1, 0) },
    { t0 + far + 12, 4, TRUN_TL_KIND (1, 1) },
    { t0 + 2, 9, TRUN_TL_FLOW_KIND (1) },       /* a fork, long ago */
    { t0 + far + 20, 8, TRUN_TL_KIND (0, 1) },  /* long: far from it */
    { t0 + far + 21, 8, TRUN_TL_KIND (1, 1) },
  };
  uint64_t words;
  check_round_trip (t0, ev, sizeof ev / sizeof ev[0], &words);
  /* Long: the far exit, both large ids, the flow, the enter after it.  */
  assert_int_equal (words, 9 + 5);
}

static void
test_across_the_short_words_wrap (void **state)
{
  (void) state;
  /* The low 40 bits wrap between these: the decoder carries.  */
  const uint64_t wrap = (uint64_t) 1 << 40;
  const uint64_t t0 = 7 * wrap - 50;
  const struct trun_tl_event ev[] = {
    { t0 + 10, 2, TRUN_TL_KIND (0, 1) },
    { t0 + 60, 2, TRUN_TL_KIND (1, 1) },  /* past the wrap */
    { t0 + 45, 3, TRUN_TL_KIND (0, 1) },  /* back before it */
    { t0 + 80, 3, TRUN_TL_KIND (1, 1) },
    { t0 + TRUN_TL_NEAR - 1, 4, TRUN_TL_KIND (0, 1) }, /* still short */
  };
  uint64_t words;
  check_round_trip (t0, ev, sizeof ev / sizeof ev[0], &words);
  assert_int_equal (words, sizeof ev / sizeof ev[0]);
}

static void
test_unfilled_slot_skipped (void **state)
{
  (void) state;
  /* A marker's claim whose fill never came (a thread killed in the
     marker, a handler that left by longjmp): the slot stays empty.  */
  const uint64_t t0 = 5000000;
  struct trun_tl *b = new_buffer (t0);
  trun_tl_put (b, t0 + 10, 3, TRUN_TL_KIND (0, 1));
  b->n++;
  trun_tl_put (b, t0 + 20, 4, TRUN_TL_KIND (0, 1));
  b->n++;
  trun_tl_put_long (b, t0 + 3 * TRUN_TL_NEAR, 4, TRUN_TL_KIND (1, 1));
  trun_tl_put (b, t0 + 3 * TRUN_TL_NEAR + 5, 3, TRUN_TL_KIND (1, 1));
  assert_int_equal (b->ev[3], TRUN_TL_WORD_EMPTY);
  struct trun_tl_event got[8];
  assert_int_equal (decode_all (b, got, 8), 4);
  assert_int_equal (got[1].tick, t0 + 20);
  assert_int_equal (got[1].id, 4);
  assert_int_equal (got[3].tick, t0 + 3 * TRUN_TL_NEAR + 5);
  assert_int_equal (got[3].kind, TRUN_TL_KIND (1, 1));
  free_buffer (b);
}

static void
test_fill_takes_only_an_empty_slot (void **state)
{
  (void) state;
  trun_tl_word slot = TRUN_TL_WORD_EMPTY;
  assert_int_equal (trun_tl_fill (&slot, 42), 1);
  assert_int_equal (slot, 42);
  assert_int_equal (trun_tl_fill (&slot, 43), 0); /* a later word's */
  assert_int_equal (slot, 42);
}

/* A thread that goes on recording after finalize took its buffer's
   tail (a thread not joined at exit) fills the buffer: the fill stops
   its recording and must leave the words finalize is reading (the
   buffer was zeroed for the next lap, 2026-12-03, losing the tail).  */
static void
test_finalize_keeps_a_live_threads_tail (void **state)
{
  (void) state;
  char dir[] = "/tmp/trun-test-timeline-XXXXXX";
  assert_non_null (mkdtemp (dir));
  trun_settings.enabled = 1;
  trun_settings.timeline = 1;
  trun_settings.timeline_buffer = 4096; /* 512 words */
  trun_settings.timeline_max_mb = 0;
  trun_tl_init (dir);
  assert_int_equal (trun_tl_on (), 1);
  struct trun_thread t;
  memset (&t, 0, sizeof t);
  trun_tl_thread_start (&t);
  struct trun_tl *b = t.tl;
  assert_non_null (b);
  uint64_t tick = b->ev[1];
  enum { BEFORE = 100 };
  for (unsigned i = 0; i < BEFORE; i++)
    trun_tl_put (b, tick + 10 * (i + 1), 7, i & 1);
  const struct trun_timeline *m = trun_tl_finish (tick + 10 * (BEFORE + 1));
  assert_non_null (m);
  assert_int_equal (m->nstreams, 1);
  const struct trun_tl_stream *s = &m->streams[0];
  assert_ptr_equal (s->tail, b->ev);
  assert_int_equal (s->ntail, BEFORE + 2);
  /* The live thread: three buffers' worth more.  */
  for (unsigned i = 0; i < 3 * b->cap; i++)
    trun_tl_put (b, tick + 10 * (BEFORE + 1 + i), 8, i & 1);
  assert_int_equal (b->stopped, 1);
  assert_null (t.tl);
  struct trun_tl_decoder dec = { 0, 0, 0, 0 };
  struct trun_tl_event e;
  unsigned n = 0;
  for (size_t j = 0; j < s->ntail; j++)
    if (trun_tl_decode (&dec, s->tail[j], &e) && e.id != 0)
      {
        assert_int_equal (e.id, 7);
        assert_int_equal (e.tick, tick + 10 * (n + 1));
        n++;
      }
  assert_int_equal (n, BEFORE);
  assert_int_equal (b->written, 0); /* nothing went to a file */
  trun_tl_cleanup (0);
  rmdir (dir);
}

int
main (void)
{
  const struct CMUnitTest tests[] = {
    cmocka_unit_test (test_near_events_one_word_each),
    cmocka_unit_test (test_far_ticks_and_large_ids_long),
    cmocka_unit_test (test_across_the_short_words_wrap),
    cmocka_unit_test (test_unfilled_slot_skipped),
    cmocka_unit_test (test_fill_takes_only_an_empty_slot),
    cmocka_unit_test (test_finalize_keeps_a_live_threads_tail),
  };
  return cmocka_run_group_tests (tests, NULL, NULL);
}
