/* A program written against timemory's C library interface.  */
#include <stdint.h>
#include <stdio.h>
#include <timemory/library.h>

static long
fib (long n)
{
  timemory_push_region ("fib");
  long r = n < 2 ? n : fib (n - 1) + fib (n - 2);
  timemory_pop_region ("fib");
  return r;
}

int
main (int argc, char **argv)
{
  timemory_init_library (argc, argv);
  timemory_set_default ("wall_clock");
  printf ("initialized %d\n", (int) timemory_library_is_initialized ());
  timemory_push_region ("main");
  uint64_t id;
  timemory_begin_record ("record", &id);
  fib (6);
  timemory_end_record (id);
  uint64_t id2 = timemory_get_begin_record ("record2");
  timemory_end_record (id2);
  timemory_push_components ("wall_clock,peak_rss");
  timemory_push_region ("with_rss");
  timemory_pop_region ("with_rss");
  timemory_pop_components ();
  timemory_add_components ("cpu_util");
  timemory_remove_components ("cpu_util");
  timemory_pause ();
  timemory_push_region ("paused");
  timemory_pop_region ("paused");
  timemory_resume ();
  timemory_push_trace ("traced");
  timemory_pop_trace ("traced");
  timemory_pop_region ("main");
  timemory_finalize_library ();
  printf ("finalized %d\n", (int) timemory_library_is_initialized ());
  return 0;
}
