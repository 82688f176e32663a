/* rt/entry/timemory.c -- timemory's C library interface (timemory/library.h)
 * mapped onto trun: regions onto the region domain, traces onto the
 * trace domain, records onto regions identified by their name id.
 */
#include "entry/entry.h"

#include "timemory/library.h"
#include "trun/trun.h"

void
timemory_init_library (int argc, char **argv)
{
  trun_init (argc, argv);
}

void
timemory_named_init_library (char *name)
{
  (void) name;
  trun_init (0, NULL);
}

void
timemory_finalize_library (void)
{
  trun_finalize ();
}

bool
timemory_library_is_initialized (void)
{
  return trun_is_initialized () != 0;
}

void
timemory_set_default (const char *components)
{
  trun_set_default (components);
}

void
timemory_add_components (const char *components)
{
  trun_add_components (components);
}

void
timemory_remove_components (const char *components)
{
  trun_remove_components (components);
}

void
timemory_push_components (const char *components)
{
  trun_push_components (components);
}

void
timemory_pop_components (void)
{
  trun_pop_components ();
}

void
timemory_push_region (const char *name)
{
  trun_region_begin (name);
}

void
timemory_pop_region (const char *name)
{
  trun_region_end (name);
}

void
timemory_begin_record (const char *name, uint64_t *id)
{
  uint64_t h = timemory_get_begin_record (name);
  if (id)
    *id = h;
}

uint64_t
timemory_get_begin_record (const char *name)
{
  trun_ensure_init ();
  uint32_t id = trun_intern (name);
  if (!(trun_gate_now () & (TRUN_GATE_FINAL | TRUN_GATE_OFF)))
    trun_entry_enter_id (TRUN_DOMAIN_REGION, id);
  return id;
}

void
timemory_end_record (uint64_t id)
{
  if (trun_gate_now () & (TRUN_GATE_FINAL | TRUN_GATE_OFF))
    return;
  if (id == 0 || id > trun_intern_count ())
    {
      trun_warn ("timemory_end_record: unknown record id %llu: ignored",
                 (unsigned long long) id);
      return;
    }
  trun_exit_id (TRUN_DOMAIN_REGION, (uint32_t) id, TRUN_END_WARN, NULL);
}

void
timemory_push_trace (const char *name)
{
  trun_trace_begin_name (name);
}

void
timemory_pop_trace (const char *name)
{
  trun_trace_end_name (name);
}

void
timemory_pause (void)
{
  trun_pause ();
}

void
timemory_resume (void)
{
  trun_resume ();
}
