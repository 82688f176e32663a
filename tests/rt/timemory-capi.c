/* timemory's C library interface beyond regions: records with their own
   components (names and enumerators), enumerated component sets, the
   environment, user create/delete functions, hashed traces, the older
   auto timer/tuple interface and labels.  */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <timemory/library.h>

static int created, deleted;
static uint64_t last_id;

static void
my_create (const char *name, uint64_t *id, int n, int *ct)
{
  created++;
  printf ("create %s n=%d first=%s\n", name, n,
          n > 0 && ct[0] == WALL_CLOCK ? "wall_clock" : "other");
  *id = last_id = 1000 + (uint64_t) created;
}

static void
my_delete (uint64_t id)
{
  deleted++;
  printf ("delete %llu\n", (unsigned long long) id);
}

int
main (int argc, char **argv)
{
  timemory_set_environ ("TIMEMORY_GLOBAL_COMPONENTS", "wall_clock", 0, 1);
  timemory_init_library (argc, argv);
  timemory_set_default ("wall_clock");
  timemory_push_region ("main");

  uint64_t a = timemory_get_unique_id (), b = timemory_get_unique_id ();
  printf ("unique %d\n", a != b && a != 0 && b != 0);

  uint64_t id;
  timemory_begin_record_types ("types", &id, "cpu_clock,monotonic_clock");
  timemory_end_record (id);
  timemory_begin_record_enum ("enum", &id, PEAK_RSS, TIMEMORY_COMPONENTS_END);
  timemory_end_record (id);
  id = timemory_get_begin_record_types ("types2", "sys_clock");
  timemory_end_record (id);

  timemory_push_components_enum (PAGE_RSS, WALL_CLOCK, VIRTUAL_MEMORY,
                                 TIMEMORY_COMPONENTS_END);
  timemory_push_region ("pushed-enum");
  timemory_pop_region ("pushed-enum");
  timemory_pop_components ();

  timemory_set_environ ("TIMEMORY_COMPONENTS", "wall_clock,user_clock", 1, 1);
  timemory_push_region ("environ");
  timemory_pop_region ("environ");
  timemory_set_default ("wall_clock");

  timemory_end_record (UINT64_MAX); /* what a disabled runtime gives */

  uint64_t hashes[2] = { 0x1234, 0xfeedbeefcafe };
  const char *names[2] = { "hashed-one", "hashed-two" };
  timemory_add_hash_ids (2, hashes, names);
  for (int i = 0; i < 3; i++)
    {
      timemory_push_trace_hash (0xfeedbeefcafe);
      timemory_pop_trace_hash (0xfeedbeefcafe);
    }
  timemory_push_trace_hash (0x1234);
  timemory_pop_trace_hash (0x1234);
  timemory_push_trace_hash (0x9999); /* never registered: nothing */
  timemory_pop_trace_hash (0x9999);
  printf ("throttled %d\n", (int) timemory_is_throttled ("hashed-one"));

  void *t = c_timemory_create_auto_timer ("auto-timer");
  c_timemory_delete_auto_timer (t);
  void *u = c_timemory_create_auto_tuple ("auto-tuple", WALL_CLOCK,
                                          TIMEMORY_COMPONENTS_END);
  c_timemory_delete_auto_tuple (u);
  const char *l0 = c_timemory_blank_label ("blank");
  const char *l1 = c_timemory_basic_label ("func", "x");
  const char *l2 = c_timemory_label ("func", "/a/b/file.c", 42, "");
  printf ("labels %s %s %s\n", l0, l1, l2);
  free ((void *) l0);
  free ((void *) l1);
  free ((void *) l2);

  timemory_create_function = my_create;
  timemory_delete_function = my_delete;
  timemory_push_region ("custom");
  timemory_pop_region ("custom");
  id = timemory_get_begin_record ("custom2");
  printf ("custom id %d\n", id == last_id);
  timemory_end_record (id);
  timemory_create_function = NULL;
  timemory_delete_function = NULL;
  printf ("custom %d %d\n", created, deleted);

  timemory_pop_region ("main");
  timemory_finalize_library ();
  return 0;
}
