/* rt/entry/timemory.c -- timemory's C library interface (timemory/library.h)
 * mapped onto trun: regions and records onto the region domain, traces
 * onto the trace domain, component names and enumerators onto trun's
 * component sets.
 *
 * A record's handle carries its name id in the low 32 bits and a serial
 * number above, so ending one needs no table.  A record with its own
 * components swaps the region-domain set in for its enter only: the
 * frame keeps the set it was entered with until it ends.
 */
#define _GNU_SOURCE /* asprintf */
#include "entry/entry.h"

#include "timemory/library.h"
#include "trun/trun.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

timemory_create_func_t timemory_create_function = NULL;
timemory_delete_func_t timemory_delete_function = NULL;

#define NO_RECORD UINT64_MAX

/* ---- component names and enumerators ---- */

/* timemory's enumerators in order, as the names its lists use.  */
static const char *const tm_names[TIMEMORY_NATIVE_COMPONENTS_END] = {
  "allinea_map", "caliper_marker", "caliper_config", "caliper_loop_marker",
  "cpu_clock", "cpu_roofline_dp_flops", "cpu_roofline_flops",
  "cpu_roofline_sp_flops", "cpu_util", "craypat_counters",
  "craypat_flush_buffer", "craypat_heap_stats", "craypat_record",
  "craypat_region", "cuda_event", "cuda_profiler", "cupti_activity",
  "cupti_counters", "current_peak_rss", "gperftools_cpu_profiler",
  "gperftools_heap_profiler", "gpu_roofline_dp_flops", "gpu_roofline_flops",
  "gpu_roofline_hp_flops", "gpu_roofline_sp_flops", "kernel_mode_time",
  "likwid_marker", "likwid_nvmarker", "malloc_gotcha", "monotonic_clock",
  "monotonic_raw_clock", "num_io_in", "num_io_out", "num_major_page_faults",
  "num_minor_page_faults", "nvtx_marker", "ompt_handle", "page_rss",
  "papi_array", "papi_vector", "peak_rss", "priority_context_switch",
  "process_cpu_clock", "process_cpu_util", "read_bytes", "read_char",
  "sys_clock", "tau_marker", "thread_cpu_clock", "thread_cpu_util",
  "trip_count", "user_clock", "user_global_bundle", "user_list_bundle",
  "user_mode_time", "user_mpip_bundle", "user_ncclp_bundle",
  "user_ompt_bundle", "user_tuple_bundle", "virtual_memory",
  "voluntary_context_switch", "vtune_event", "vtune_frame",
  "vtune_profiler", "wall_clock", "written_bytes", "written_char",
};

/* The trun component of enumerator E, or -1.  */
static int
tm_component (int e)
{
  if (e < 0 || e >= TIMEMORY_NATIVE_COMPONENTS_END)
    return -1;
  if (e == SYS_CLOCK)
    return TRUN_SYSTEM_CLOCK;
  return trun_component_lookup (tm_names[e]);
}

/* Warned-about enumerators trun lacks (one warning per name), and user
   enumerators (one warning for all).  */
static char tm_warned[TIMEMORY_NATIVE_COMPONENTS_END];
static char tm_warned_user;

/* Note the lacking enumerator E in LIST (size SIZE) unless warned.  */
static void
tm_lacking (int e, char *list, size_t size)
{
  if (e < 0 || e >= TIMEMORY_NATIVE_COMPONENTS_END)
    {
      if (!__atomic_exchange_n (&tm_warned_user, 1, __ATOMIC_RELAXED))
        trun_warn ("timemory component enumerator(s) outside timemory's "
                   "own list (first: %d) ignored",
                   e);
      return;
    }
  if (__atomic_exchange_n (&tm_warned[e], 1, __ATOMIC_RELAXED))
    return;
  size_t used = strlen (list);
  if (used + 1 < size)
    snprintf (list + used, size - used, "%s%s", used ? ", " : "",
              tm_names[e]);
}

static void
tm_warn_lacking (const char *list, const char *context)
{
  if (list[0])
    trun_warn ("%s: timemory component(s) %s not measured by trun: "
               "accepted and ignored",
               context, list);
}

/* The mask of the N enumerators CT.  */
static trun_mask_t
tm_enum_mask (int n, const int *ct, const char *context)
{
  trun_mask_t m = 0;
  char lacking[512] = "";
  for (int i = 0; i < n; i++)
    {
      int c = tm_component (ct[i]);
      if (c < 0)
        tm_lacking (ct[i], lacking, sizeof lacking);
      else if (!trun_components[c].available
               || trun_components[c].available () == 0)
        m |= (trun_mask_t) 1 << c;
    }
  tm_warn_lacking (lacking, context);
  return m;
}

/* The mask of a list of names: timemory's names trun lacks are warned
   about once each; names neither knows are left to
   trun_parse_components, which lists the valid ones.  */
static trun_mask_t
tm_list_mask (const char *list, const char *context)
{
  trun_ensure_init ();
  if (!list)
    return 0;
  /* Each name grows by a space at most, plus 3 for sys_clock.  */
  size_t size = 5 * strlen (list) + 16, pos = 0;
  char *rest = malloc (size);
  if (!rest)
    return trun_parse_components (list, context);
  rest[0] = '\0';
  char lacking[512] = "";
  const char *p = list;
  while (*p)
    {
      p += strspn (p, ",; \t\n\r\f\v");
      size_t n = strcspn (p, ",; \t\n\r\f\v");
      if (n == 0)
        break;
      int e = -1;
      for (int i = 0; i < TIMEMORY_NATIVE_COMPONENTS_END && e < 0; i++)
        if (strlen (tm_names[i]) == n && strncasecmp (p, tm_names[i], n) == 0)
          e = i;
      if (e >= 0 && tm_component (e) < 0)
        tm_lacking (e, lacking, sizeof lacking);
      else if (e >= 0)
        pos += (size_t) snprintf (rest + pos, size - pos, " %s",
                                  trun_components[tm_component (e)].name);
      else
        pos += (size_t) snprintf (rest + pos, size - pos, " %.*s", (int) n, p);
      p += n;
    }
  tm_warn_lacking (lacking, context);
  trun_mask_t m = trun_parse_components (rest, context);
  free (rest);
  return m;
}

/* The enumerators of a va_list ended by one >= TIMEMORY_COMPONENTS_END,
   after FIRST (-1: none), into CT (room for TIMEMORY_COMPONENTS_END).  */
static int
tm_va_enums (int first, va_list ap, int *ct)
{
  int n = 0;
  if (first >= 0 && first < TIMEMORY_COMPONENTS_END)
    ct[n++] = first;
  else if (first >= TIMEMORY_COMPONENTS_END)
    return 0;
  while (n < TIMEMORY_COMPONENTS_END)
    {
      int e = va_arg (ap, int);
      if (e < 0 || e >= TIMEMORY_COMPONENTS_END)
        break;
      ct[n++] = e;
    }
  return n;
}

/* ---- records ---- */

static uint64_t unique_serial;

uint64_t
timemory_get_unique_id (void)
{
  return __atomic_add_fetch (&unique_serial, 1, __ATOMIC_RELAXED);
}

static int
tm_disabled (void)
{
  trun_ensure_init ();
  return (trun_gate_now () & (TRUN_GATE_FINAL | TRUN_GATE_OFF)) != 0;
}

/* Enter NAME with set MASK (the current set when USE_CURRENT).  */
static uint64_t
tm_enter (const char *name, int use_current, trun_mask_t mask)
{
  if (tm_disabled ())
    return NO_RECORD;
  uint32_t nid = trun_intern (name ? name : "");
  trun_mask_t cur = __atomic_load_n (&trun_region_mask, __ATOMIC_RELAXED);
  if (use_current || mask == cur)
    trun_entry_enter_id (TRUN_DOMAIN_REGION, nid);
  else
    {
      /* Another thread entering meanwhile gets this set too; a set
         changed meanwhile by the program is kept.  */
      static pthread_mutex_t swap_lock = PTHREAD_MUTEX_INITIALIZER;
      pthread_mutex_lock (&swap_lock);
      trun_mask_t old = __atomic_exchange_n (&trun_region_mask, mask,
                                             __ATOMIC_RELAXED);
      trun_entry_enter_id (TRUN_DOMAIN_REGION, nid);
      __atomic_compare_exchange_n (&trun_region_mask, &mask, old, 0,
                                   __ATOMIC_RELAXED, __ATOMIC_RELAXED);
      pthread_mutex_unlock (&swap_lock);
    }
  return (timemory_get_unique_id () << 32) | nid;
}

static void
tm_exit (uint64_t id)
{
  if (id == NO_RECORD || (trun_gate_now () & (TRUN_GATE_FINAL | TRUN_GATE_OFF)))
    return;
  uint32_t nid = (uint32_t) id;
  if (nid == 0 || nid > trun_intern_count ())
    {
      trun_warn ("timemory_end_record: unknown record id %llu: ignored",
                 (unsigned long long) id);
      return;
    }
  trun_exit_id (TRUN_DOMAIN_REGION, nid, TRUN_END_WARN, NULL);
}

void
timemory_create_record (const char *name, uint64_t *id, int n, int *ct)
{
  timemory_create_func_t f
      = __atomic_load_n (&timemory_create_function, __ATOMIC_ACQUIRE);
  if (f)
    {
      f (name, id, n, ct);
      return;
    }
  char ctx[160];
  snprintf (ctx, sizeof ctx, "timemory record '%s'", name ? name : "");
  uint64_t h = tm_enter (name, 0, ct ? tm_enum_mask (n, ct, ctx) : 0);
  if (id)
    *id = h;
}

void
timemory_delete_record (uint64_t nid)
{
  timemory_delete_func_t f
      = __atomic_load_n (&timemory_delete_function, __ATOMIC_ACQUIRE);
  if (f)
    f (nid);
  else
    tm_exit (nid);
}

/* The set M as enumerators, for a user's create function.  */
static int
tm_mask_enums (trun_mask_t m, int *ct)
{
  int n = 0;
  for (int e = 0; e < TIMEMORY_NATIVE_COMPONENTS_END; e++)
    {
      int c = tm_component (e);
      if (c >= 0 && (m & ((trun_mask_t) 1 << c)))
        ct[n++] = e;
    }
  return n;
}

/* A record of the current set, through the create function if any.  */
static uint64_t
tm_begin_current (const char *name)
{
  if (tm_disabled ())
    return NO_RECORD;
  if (!__atomic_load_n (&timemory_create_function, __ATOMIC_ACQUIRE))
    return tm_enter (name, 1, 0);
  int ct[TIMEMORY_NATIVE_COMPONENTS_END];
  uint64_t id = NO_RECORD;
  trun_mask_t m = __atomic_load_n (&trun_region_mask, __ATOMIC_RELAXED);
  timemory_create_record (name, &id, tm_mask_enums (m, ct), ct);
  return id;
}

/* A record of the N enumerators CT.  */
static uint64_t
tm_begin_enums (const char *name, int n, int *ct)
{
  if (tm_disabled ())
    return NO_RECORD;
  uint64_t id = NO_RECORD;
  timemory_create_record (name, &id, n, ct);
  return id;
}

/* A record of a list of names.  */
static uint64_t
tm_begin_types (const char *name, const char *types)
{
  if (tm_disabled ())
    return NO_RECORD;
  char ctx[160];
  snprintf (ctx, sizeof ctx, "timemory record '%s'", name ? name : "");
  trun_mask_t m = tm_list_mask (types, ctx);
  if (!__atomic_load_n (&timemory_create_function, __ATOMIC_ACQUIRE))
    return tm_enter (name, 0, m);
  int ct[TIMEMORY_NATIVE_COMPONENTS_END];
  uint64_t id = NO_RECORD;
  timemory_create_record (name, &id, tm_mask_enums (m, ct), ct);
  return id;
}

void
timemory_begin_record (const char *name, uint64_t *id)
{
  uint64_t h = tm_begin_current (name);
  if (id)
    *id = h;
}

void
timemory_begin_record_enum (const char *name, uint64_t *id, ...)
{
  int ct[TIMEMORY_COMPONENTS_END];
  va_list ap;
  va_start (ap, id);
  int n = tm_va_enums (-1, ap, ct);
  va_end (ap);
  uint64_t h = tm_begin_enums (name, n, ct);
  if (id)
    *id = h;
}

void
timemory_begin_record_types (const char *name, uint64_t *id,
                             const char *ctypes)
{
  uint64_t h = tm_begin_types (name, ctypes);
  if (id)
    *id = h;
}

uint64_t
timemory_get_begin_record (const char *name)
{
  return tm_begin_current (name);
}

uint64_t
timemory_get_begin_record_enum (const char *name, ...)
{
  int ct[TIMEMORY_COMPONENTS_END];
  va_list ap;
  va_start (ap, name);
  int n = tm_va_enums (-1, ap, ct);
  va_end (ap);
  return tm_begin_enums (name, n, ct);
}

uint64_t
timemory_get_begin_record_types (const char *name, const char *ctypes)
{
  return tm_begin_types (name, ctypes);
}

void
timemory_end_record (uint64_t id)
{
  if (id != NO_RECORD)
    timemory_delete_record (id);
}

/* ---- regions ---- */

/* With a create function set, a region's record ids by name, on this
   thread (timemory keeps a stack per name).  Kept on the heap: libtrun
   may be dlopened, where static TLS is scarce; freed when the thread
   ends.  */
struct region_id
{
  uint32_t nid;
  uint64_t id;
};
struct region_ids
{
  int n, cap;
  struct region_id *v;
};
static __thread struct region_ids *region_ids;
static pthread_key_t region_key;
static pthread_once_t region_once = PTHREAD_ONCE_INIT;

static void
region_ids_free (void *p)
{
  struct region_ids *r = p;
  free (r->v);
  free (r);
}

static void
region_key_make (void)
{
  pthread_key_create (&region_key, region_ids_free);
}

static struct region_ids *
region_ids_get (void)
{
  if (!region_ids)
    {
      pthread_once (&region_once, region_key_make);
      region_ids = calloc (1, sizeof *region_ids);
      if (region_ids)
        pthread_setspecific (region_key, region_ids);
    }
  return region_ids;
}

void
timemory_push_region (const char *name)
{
  if (!__atomic_load_n (&timemory_create_function, __ATOMIC_ACQUIRE))
    {
      trun_region_begin (name);
      return;
    }
  uint64_t id = tm_begin_current (name);
  struct region_ids *r = region_ids_get ();
  if (r && r->n == r->cap)
    {
      int cap = r->cap ? 2 * r->cap : 16;
      struct region_id *v = realloc (r->v, (size_t) cap * sizeof *v);
      if (v)
        r->v = v, r->cap = cap;
    }
  if (!r || r->n == r->cap)
    {
      trun_warn ("timemory_push_region: out of memory: '%s' ended at once",
                 name ? name : "");
      timemory_end_record (id);
      return;
    }
  r->v[r->n].nid = trun_intern (name ? name : "");
  r->v[r->n].id = id;
  r->n++;
}

void
timemory_pop_region (const char *name)
{
  struct region_ids *r = region_ids;
  if (!r || r->n == 0)
    {
      trun_region_end (name);
      return;
    }
  uint32_t nid = trun_intern (name ? name : "");
  for (int i = r->n - 1; i >= 0; i--)
    if (r->v[i].nid == nid)
      {
        uint64_t id = r->v[i].id;
        memmove (&r->v[i], &r->v[i + 1],
                 (size_t) (r->n - i - 1) * sizeof r->v[0]);
        r->n--;
        timemory_end_record (id);
        return;
      }
  trun_region_end (name);
}

/* ---- start, stop, component sets ---- */

void
timemory_init_library (int argc, char **argv)
{
  trun_init (argc, argv);
}

void
timemory_named_init_library (char *name)
{
  char *argv[2] = { name, NULL };
  trun_init (name ? 1 : 0, name ? argv : NULL);
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
  trun_mask_t m = tm_list_mask (components, "timemory_set_default");
  __atomic_store_n (&trun_region_mask, m, __ATOMIC_RELAXED);
}

void
timemory_add_components (const char *components)
{
  trun_mask_t m = tm_list_mask (components, "timemory_add_components");
  __atomic_or_fetch (&trun_region_mask, m, __ATOMIC_RELAXED);
}

void
timemory_remove_components (const char *components)
{
  trun_mask_t m = tm_list_mask (components, "timemory_remove_components");
  __atomic_and_fetch (&trun_region_mask, ~m, __ATOMIC_RELAXED);
}

/* The names of the components of M, comma-separated, into BUF.  */
static void
mask_names (trun_mask_t m, char *buf, size_t size)
{
  buf[0] = '\0';
  for (int c = 0; c < TRUN_NCOMP; c++)
    if (m & ((trun_mask_t) 1 << c))
      {
        size_t used = strlen (buf);
        snprintf (buf + used, size - used, "%s%s", used ? "," : "",
                  trun_components[c].name);
      }
  if (!buf[0])
    snprintf (buf, size, "none");
}

void
timemory_push_components (const char *components)
{
  char names[1024];
  mask_names (tm_list_mask (components, "timemory_push_components"), names,
              sizeof names);
  trun_push_components (names);
}

void
timemory_push_components_enum (int args, ...)
{
  int ct[TIMEMORY_COMPONENTS_END];
  va_list ap;
  va_start (ap, args);
  int n = tm_va_enums (args, ap, ct);
  va_end (ap);
  trun_ensure_init ();
  char names[1024];
  mask_names (tm_enum_mask (n, ct, "timemory_push_components_enum"), names,
              sizeof names);
  trun_push_components (names);
}

void
timemory_pop_components (void)
{
  trun_pop_components ();
}

/* Environment variables that name a component set, and whether of the
   trace domain.  */
static int
set_variable (const char *evar, int *trace)
{
  static const char *const region[] = { "TRUN_COMPONENTS", "TIMEMORY_COMPONENTS",
                                        "TIMEMORY_GLOBAL_COMPONENTS" };
  static const char *const traced[] = { "TRUN_TRACE_COMPONENTS",
                                        "TIMEMORY_TRACE_COMPONENTS" };
  for (size_t i = 0; i < sizeof region / sizeof region[0]; i++)
    if (strcmp (evar, region[i]) == 0)
      return *trace = 0, 1;
  for (size_t i = 0; i < sizeof traced / sizeof traced[0]; i++)
    if (strcmp (evar, traced[i]) == 0)
      return *trace = 1, 1;
  return 0;
}

void
timemory_set_environ (const char *evar, const char *eval, int ovr, int up)
{
  if (!evar || !*evar || strchr (evar, '='))
    {
      trun_warn ("timemory_set_environ: bad variable name '%s': ignored",
                 evar ? evar : "(null)");
      return;
    }
  int had = getenv (evar) != NULL;
  if (had && ovr <= 0)
    return;
  setenv (evar, eval ? eval : "", 1);
  if (up <= 0 || !__atomic_load_n (&trun_initialized, __ATOMIC_ACQUIRE))
    return;
  int trace;
  if (set_variable (evar, &trace))
    {
      trun_mask_t m = tm_list_mask (eval, evar);
      __atomic_store_n (trace ? &trun_trace_mask : &trun_region_mask, m,
                        __ATOMIC_RELAXED);
    }
  else if (strncmp (evar, "TRUN_", 5) == 0 || strncmp (evar, "TIMEMORY_", 9) == 0)
    {
      static char warned;
      if (!__atomic_exchange_n (&warned, 1, __ATOMIC_RELAXED))
        trun_warn ("timemory_set_environ: %s is read at start-up only: it "
                   "takes effect in the next run (component sets take "
                   "effect at once)",
                   evar);
    }
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

/* ---- the older C interface ---- */

/* Export the fields of S that are set (>= 0) as TIMEMORY_ variables the
   environment does not set already, then start.  */
static void
settings_init (int argc, char **argv, timemory_settings s)
{
  static const char *const vars[] = {
    "TIMEMORY_ENABLED", "TIMEMORY_AUTO_OUTPUT", "TIMEMORY_FILE_OUTPUT",
    "TIMEMORY_TEXT_OUTPUT", "TIMEMORY_JSON_OUTPUT", "TIMEMORY_COUT_OUTPUT",
    "TIMEMORY_PRECISION", "TIMEMORY_WIDTH", "TIMEMORY_SCIENTIFIC",
  };
  const int vals[] = { s.enabled, s.auto_output, s.file_output,
                       s.text_output, s.json_output, s.cout_output,
                       s.precision, s.width, s.scientific };
  if (!__atomic_load_n (&trun_initialized, __ATOMIC_ACQUIRE))
    for (size_t i = 0; i < sizeof vars / sizeof vars[0]; i++)
      if (vals[i] >= 0)
        {
          char v[16];
          if (i < 6 || i == 8)
            snprintf (v, sizeof v, "%s", vals[i] ? "on" : "off");
          else
            snprintf (v, sizeof v, "%d", vals[i]);
          setenv (vars[i], v, 0);
        }
  trun_init (argc, argv);
}

void
c_timemory_init (int argc, char **argv, timemory_settings s)
{
  settings_init (argc, argv, s);
}

void
cxx_timemory_init (int argc, char **argv, timemory_settings s)
{
  settings_init (argc, argv, s);
}

void
c_timemory_finalize (void)
{
  trun_finalize ();
}

int
c_timemory_enabled (void)
{
  return !tm_disabled ();
}

int
cxx_timemory_enabled (void)
{
  return !tm_disabled ();
}

/* Handles: a record id plus one, so that none is NULL.  */
static void *
to_handle (uint64_t id)
{
  return id == NO_RECORD ? NULL : (void *) (uintptr_t) (id + 1);
}

static void
end_handle (void *h)
{
  if (h)
    timemory_end_record ((uint64_t) (uintptr_t) h - 1);
}

void *
c_timemory_create_auto_timer (const char *tag)
{
  int wall = WALL_CLOCK;
  return to_handle (tm_begin_enums (tag, 1, &wall));
}

void
c_timemory_delete_auto_timer (void *timer)
{
  end_handle (timer);
}

void *
c_timemory_create_auto_tuple (const char *tag, ...)
{
  int ct[TIMEMORY_COMPONENTS_END];
  va_list ap;
  va_start (ap, tag);
  int n = tm_va_enums (-1, ap, ct);
  va_end (ap);
  return to_handle (tm_begin_enums (tag, n, ct));
}

void
c_timemory_delete_auto_tuple (void *tuple)
{
  end_handle (tuple);
}

void *
cxx_timemory_create_auto_timer (const char *tag)
{
  return c_timemory_create_auto_timer (tag);
}

void *
cxx_timemory_create_auto_tuple (const char *tag, int n, const int *ct)
{
  int copy[TIMEMORY_COMPONENTS_END];
  int k = 0;
  for (int i = 0; i < n && ct && k < TIMEMORY_COMPONENTS_END; i++)
    copy[k++] = ct[i];
  return to_handle (tm_begin_enums (tag, k, copy));
}

void *
cxx_timemory_delete_auto_timer (void *timer)
{
  end_handle (timer);
  return NULL;
}

void *
cxx_timemory_delete_auto_tuple (void *tuple)
{
  end_handle (tuple);
  return NULL;
}

const char *
cxx_timemory_label (int mode, int line, const char *func, const char *file,
                    const char *extra)
{
  const char *f = func ? func : "";
  const char *x = extra ? extra : "";
  const char *base = file ? strrchr (file, '/') : NULL;
  base = base ? base + 1 : (file ? file : "");
  char *out = NULL;
  int r;
  if (mode == 0)
    r = asprintf (&out, "%s", x);
  else if (mode == 1)
    r = asprintf (&out, "%s%s%s", f, *x ? "/" : "", x);
  else
    r = asprintf (&out, "%s/%s:%d%s%s", f, base, line, *x ? "/" : "", x);
  return r < 0 ? "" : out;
}

const char *
c_timemory_blank_label (const char *tag)
{
  return cxx_timemory_label (0, 0, "", "", tag);
}

const char *
c_timemory_basic_label (const char *func, const char *extra)
{
  return cxx_timemory_label (1, 0, func, "", extra);
}

const char *
c_timemory_label (const char *func, const char *file, int line,
                  const char *extra)
{
  return cxx_timemory_label (2, line, func, file, extra);
}

/* ---- traces ---- */

/* Hash ids registered by timemory_add_hash_id: open addressing, grown
   to keep under half full; kept until exit.  */
static struct hash_slot
{
  uint64_t hash;
  uint32_t nid; /* 0: empty */
} *hash_slots;
static size_t hash_cap, hash_used;
static pthread_mutex_t hash_lock = PTHREAD_MUTEX_INITIALIZER;

static struct hash_slot *
hash_find (struct hash_slot *slots, size_t cap, uint64_t hash)
{
  size_t i = (size_t) (hash * 0x9E3779B97F4A7C15ull) & (cap - 1);
  while (slots[i].nid && slots[i].hash != hash)
    i = (i + 1) & (cap - 1);
  return &slots[i];
}

void
timemory_add_hash_id (uint64_t id, const char *name)
{
  trun_ensure_init ();
  uint32_t nid = trun_intern (name ? name : "");
  pthread_mutex_lock (&hash_lock);
  if (2 * (hash_used + 1) > hash_cap)
    {
      size_t cap = hash_cap ? 2 * hash_cap : 64;
      struct hash_slot *slots = calloc (cap, sizeof *slots);
      if (!slots)
        {
          pthread_mutex_unlock (&hash_lock);
          trun_warn ("timemory_add_hash_id: out of memory: '%s' ignored",
                     name ? name : "");
          return;
        }
      for (size_t i = 0; i < hash_cap; i++)
        if (hash_slots[i].nid)
          *hash_find (slots, cap, hash_slots[i].hash) = hash_slots[i];
      free (hash_slots);
      hash_slots = slots;
      hash_cap = cap;
    }
  struct hash_slot *s = hash_find (hash_slots, hash_cap, id);
  if (!s->nid)
    hash_used++;
  s->hash = id;
  s->nid = nid;
  pthread_mutex_unlock (&hash_lock);
}

void
timemory_add_hash_ids (uint64_t nentries, uint64_t *ids, const char **names)
{
  for (uint64_t i = 0; ids && names && i < nentries; i++)
    timemory_add_hash_id (ids[i], names[i]);
}

static uint32_t
hash_name_id (uint64_t id)
{
  uint32_t nid = 0;
  pthread_mutex_lock (&hash_lock);
  if (hash_cap)
    nid = hash_find (hash_slots, hash_cap, id)->nid;
  pthread_mutex_unlock (&hash_lock);
  return nid;
}

void
timemory_push_trace_hash (uint64_t id)
{
  if (tm_disabled ())
    return;
  uint32_t nid = hash_name_id (id);
  if (nid)
    trun_entry_enter_id (TRUN_DOMAIN_TRACE, nid);
}

void
timemory_pop_trace_hash (uint64_t id)
{
  if (trun_gate_now () & (TRUN_GATE_FINAL | TRUN_GATE_OFF))
    return;
  uint32_t nid = hash_name_id (id);
  if (nid)
    trun_exit_id (TRUN_DOMAIN_TRACE, nid, TRUN_END_WARN, NULL);
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

bool
timemory_trace_is_initialized (void)
{
  return trun_is_initialized () != 0;
}

bool
timemory_is_throttled (const char *name)
{
  (void) name;
  return false;
}

void
timemory_reset_throttle (const char *name)
{
  (void) name;
}

void
timemory_trace_init (const char *components, bool read_command_line,
                     const char *command)
{
  (void) read_command_line;
  (void) command;
  trun_ensure_init ();
  if (components && *components)
    __atomic_store_n (&trun_trace_mask,
                      tm_list_mask (components, "timemory_trace_init"),
                      __ATOMIC_RELAXED);
}

void
timemory_trace_finalize (void)
{
  trun_finalize ();
}

void
timemory_trace_set_env (const char *name, const char *value)
{
  timemory_set_environ (name, value, 0, 1);
}
