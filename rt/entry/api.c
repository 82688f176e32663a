/* rt/entry/api.c -- the public interface of include/trun/trun.h and the
 * descriptor-based region markers the plugin writes for literal
 * trun_region_begin/end calls.
 */
#include "entry/entry.h"

#include "trun/trun.h"

#include <stdlib.h>

#define SET_STACK_MAX 64
static trun_mask_t set_stack[SET_STACK_MAX];
static int set_depth;
static pthread_mutex_t set_lock = PTHREAD_MUTEX_INITIALIZER;

void
trun_init (int argc, char **argv)
{
  (void) argc;
  (void) argv;
  trun_ensure_init ();
}

void
trun_finalize (void)
{
  trun_ensure_init ();
  trun_finalize_requested ();
}

int
trun_is_initialized (void)
{
  return __atomic_load_n (&trun_initialized, __ATOMIC_ACQUIRE)
         && !(trun_gate_now () & TRUN_GATE_FINAL);
}

void
trun_region_begin (const char *name)
{
  trun_ensure_init ();
  if (trun_gate_now () & (TRUN_GATE_FINAL | TRUN_GATE_OFF))
    return;
  trun_entry_enter_id (TRUN_DOMAIN_REGION, trun_intern (name));
}

void
trun_region_end (const char *name)
{
  if (trun_gate_now () & (TRUN_GATE_FINAL | TRUN_GATE_OFF))
    return;
  uint32_t id = trun_intern (name);
  trun_exit_id (TRUN_DOMAIN_REGION, id, TRUN_END_WARN, NULL);
}

static uint32_t
named_desc_id (struct trun_desc *d)
{
  uint32_t id = trun_desc_id (d);
  if (!id)
    id = trun_desc_set_id (d, trun_intern (d->name));
  return id;
}

void
__trun_region_begin_desc (struct trun_desc *d)
{
  trun_ensure_init ();
  if (trun_gate_now () & (TRUN_GATE_FINAL | TRUN_GATE_OFF))
    return;
  trun_entry_enter_id (TRUN_DOMAIN_REGION, named_desc_id (d));
}

void
__trun_region_end_desc (struct trun_desc *d)
{
  if (trun_gate_now () & (TRUN_GATE_FINAL | TRUN_GATE_OFF))
    return;
  trun_exit_id (TRUN_DOMAIN_REGION, named_desc_id (d), TRUN_END_WARN, NULL);
}

void
trun_trace_begin_name (const char *name)
{
  trun_ensure_init ();
  if (trun_gate_now () & (TRUN_GATE_FINAL | TRUN_GATE_OFF))
    return;
  trun_entry_enter_id (TRUN_DOMAIN_TRACE, trun_intern (name));
}

void
trun_trace_end_name (const char *name)
{
  if (trun_gate_now () & (TRUN_GATE_FINAL | TRUN_GATE_OFF))
    return;
  trun_exit_id (TRUN_DOMAIN_TRACE, trun_intern (name), TRUN_END_WARN, NULL);
}

/* ---- component sets of the region domain ---- */

static trun_mask_t
parse (const char *list, const char *context)
{
  trun_ensure_init ();
  return list ? trun_parse_components (list, context) : 0;
}

void
trun_set_default (const char *components)
{
  trun_mask_t m = parse (components, "trun_set_default");
  __atomic_store_n (&trun_region_mask, m, __ATOMIC_RELAXED);
}

void
trun_add_components (const char *components)
{
  trun_mask_t m = parse (components, "trun_add_components");
  __atomic_or_fetch (&trun_region_mask, m, __ATOMIC_RELAXED);
}

void
trun_remove_components (const char *components)
{
  trun_mask_t m = parse (components, "trun_remove_components");
  __atomic_and_fetch (&trun_region_mask, ~m, __ATOMIC_RELAXED);
}

void
trun_push_components (const char *components)
{
  trun_mask_t m = parse (components, "trun_push_components");
  pthread_mutex_lock (&set_lock);
  if (set_depth < SET_STACK_MAX)
    set_stack[set_depth] = trun_region_mask;
  set_depth++;
  __atomic_store_n (&trun_region_mask, m, __ATOMIC_RELAXED);
  pthread_mutex_unlock (&set_lock);
}

void
trun_pop_components (void)
{
  pthread_mutex_lock (&set_lock);
  if (set_depth == 0)
    trun_warn ("trun_pop_components without a matching push: ignored");
  else
    {
      set_depth--;
      if (set_depth < SET_STACK_MAX)
        __atomic_store_n (&trun_region_mask, set_stack[set_depth],
                          __ATOMIC_RELAXED);
    }
  pthread_mutex_unlock (&set_lock);
}

void
trun_pause (void)
{
  trun_ensure_init ();
  __atomic_or_fetch (&trun_gate, TRUN_GATE_PAUSED, __ATOMIC_RELAXED);
}

void
trun_resume (void)
{
  trun_ensure_init ();
  __atomic_and_fetch (&trun_gate, ~TRUN_GATE_PAUSED, __ATOMIC_RELAXED);
}
