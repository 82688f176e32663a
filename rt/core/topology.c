/* rt/core/topology.c -- the machine's topology for report metadata:
 * packages, cores, processing units, NUMA nodes and cache sizes (one text
 * line and one JSON object), and which PU and NUMA node a CPU number is
 * (OS indices).  Through hwloc when trun was built with its headers.
 * Without it, or when the library cannot be loaded, every answer is
 * "unknown" (NULL / -1).
 *
 * libtrun never links hwloc: the library is loaded with dlopen on first
 * use, which is at finalize when a report is written, by the soname
 * configure found (m4/trun_hwloc.m4), and the few calls made are
 * resolved with dlsym; hwloc.h gives only the types.  Threads record
 * just sched_getcpu () when they start (core/thread.c).
 *
 * Only what the report needs is discovered: no I/O devices, distances,
 * memory attributes or CPU kinds, and not the x86 backend, which on
 * Linux only adds cpuid details and gets them by binding the calling
 * thread to every PU in turn.  And none of hwloc's plugins (gl, opencl,
 * pci, xml_libxml: they pull in libX11, libOpenCL, libxml2, libicu,
 * libstdc++...).  hwloc loads its plugins during the first
 * hwloc_topology_init of the process, from the directories getenv
 * ("HWLOC_PLUGINS_PATH") names (its built-in one when unset), and has no
 * call to say otherwise.  So during that one call, and only then,
 * `environ` points to a copy of the program's environment in which
 * HWLOC_PLUGINS_PATH is empty; the pointer is put back right after
 * (unless something else replaced it meanwhile).  The program's own
 * array and strings are never written, and the copy stays allocated, as
 * another thread may have read the pointer meanwhile.
 *
 * The topology is loaded once and never freed (the strings are handed to
 * the reports at finalize).
 */
#define _GNU_SOURCE
#include "config.h"

#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/core.h"

#ifdef TRUN_HAVE_HWLOC
#include <dlfcn.h>
#include <hwloc.h>
#include <unistd.h>

/* The hwloc calls made, as pointers into the loaded library.  */
#define TRUN_HWLOC_CALLS(X)                                                   \
  X (get_api_version)                                                         \
  X (topology_init)                                                           \
  X (topology_set_flags)                                                      \
  X (topology_set_io_types_filter)                                            \
  X (topology_set_icache_types_filter)                                        \
  X (topology_load)                                                           \
  X (topology_destroy)                                                        \
  X (get_type_depth)                                                          \
  X (get_nbobjs_by_depth)                                                     \
  X (get_obj_by_depth)                                                        \
  X (bitmap_isset)
#define TRUN_HWLOC_FIELD(f) __typeof__ (hwloc_##f) *f;
static struct
{
  TRUN_HWLOC_CALLS (TRUN_HWLOC_FIELD)
#if HWLOC_API_VERSION >= 0x00020100
  __typeof__ (hwloc_topology_set_components) *topology_set_components;
#endif
} hw;

static hwloc_topology_t topo;
static int topo_ok;
static pthread_once_t topo_once = PTHREAD_ONCE_INIT;
static char topo_line[512];
static char topo_json[1024];
static char **plugin_free_env; /* see the top of the file */

/* Load the library and resolve every call; 0 when that worked and the
   library has the ABI of the headers trun was built with.  */
static int
open_hwloc (void)
{
  void *lib = dlopen (TRUN_HWLOC_SONAME, RTLD_NOW | RTLD_LOCAL);
  if (!lib)
    {
      trun_verbose ("no topology: %s", dlerror ());
      return -1;
    }
#define TRUN_HWLOC_RESOLVE(f)                                                 \
  if (!(hw.f = (__typeof__ (hw.f)) dlsym (lib, "hwloc_" #f)))                 \
    return -1;
  TRUN_HWLOC_CALLS (TRUN_HWLOC_RESOLVE)
#if HWLOC_API_VERSION >= 0x00020100
  /* Optional: hwloc 2.0 has no such call.  */
  hw.topology_set_components = (__typeof__ (hw.topology_set_components))
      dlsym (lib, "hwloc_topology_set_components");
#endif
  if ((hw.get_api_version () >> 16) != (HWLOC_API_VERSION >> 16))
    {
      trun_verbose ("no topology: %s has API version %#x, trun was built "
                    "for %#x", TRUN_HWLOC_SONAME, hw.get_api_version (),
                    (unsigned) HWLOC_API_VERSION);
      return -1;
    }
  return 0;
}

/* hwloc_topology_init with HWLOC_PLUGINS_PATH empty for the call.  */
static int
init_without_plugins (hwloc_topology_t *t)
{
  static const char empty_path[] = "HWLOC_PLUGINS_PATH=";
  char **env = environ;
  size_t n = 0;
  while (env && env[n])
    n++;
  char **copy = malloc ((n + 2) * sizeof *copy);
  if (!copy)
    return hw.topology_init (t); /* slower, with the plugins: still right */
  size_t k = 0;
  for (size_t i = 0; i < n; i++)
    if (strncmp (env[i], empty_path, sizeof empty_path - 1) != 0)
      copy[k++] = env[i];
  copy[k++] = (char *) empty_path;
  copy[k] = NULL;
  plugin_free_env = copy;
  __atomic_store_n (&environ, copy, __ATOMIC_SEQ_CST);
  int rc = hw.topology_init (t);
  char **expected = copy;
  __atomic_compare_exchange_n (&environ, &expected, env, 0, __ATOMIC_SEQ_CST,
                               __ATOMIC_SEQ_CST);
  return rc;
}

/* hwloc_get_nbobjs_by_type and hwloc_get_obj_by_type (inline in
   hwloc.h, so they would call the library by name), through hw.  */
static int
count_type (hwloc_obj_type_t type)
{
  int depth = hw.get_type_depth (topo, type);
  if (depth == HWLOC_TYPE_DEPTH_UNKNOWN || depth == HWLOC_TYPE_DEPTH_MULTIPLE)
    return 0;
  return (int) hw.get_nbobjs_by_depth (topo, depth);
}

static hwloc_obj_t
obj_by_type (hwloc_obj_type_t type, unsigned idx)
{
  int depth = hw.get_type_depth (topo, type);
  if (depth == HWLOC_TYPE_DEPTH_UNKNOWN || depth == HWLOC_TYPE_DEPTH_MULTIPLE)
    return NULL;
  return hw.get_obj_by_depth (topo, depth, idx);
}

/* Size of the first cache object of TYPE, in bytes; 0 when none.  */
static unsigned long long
cache_size (hwloc_obj_type_t type)
{
  hwloc_obj_t obj = obj_by_type (type, 0);
  return obj && obj->attr ? (unsigned long long) obj->attr->cache.size : 0;
}

struct cache_kind
{
  hwloc_obj_type_t type;
  const char *name;
};

static const struct cache_kind cache_kinds[] = {
  { HWLOC_OBJ_L1CACHE, "L1d" }, { HWLOC_OBJ_L1ICACHE, "L1i" },
  { HWLOC_OBJ_L2CACHE, "L2" },  { HWLOC_OBJ_L3CACHE, "L3" },
  { HWLOC_OBJ_L4CACHE, "L4" },
};
#define NCACHE (sizeof cache_kinds / sizeof cache_kinds[0])

/* Formatted text appended to BUF of SIZE, truncating.  */
static void appendf (char *buf, size_t size, const char *fmt, ...)
    __attribute__ ((format (printf, 3, 4)));

static void
appendf (char *buf, size_t size, const char *fmt, ...)
{
  size_t used = strlen (buf);
  if (used + 1 >= size)
    return;
  va_list ap;
  va_start (ap, fmt);
  vsnprintf (buf + used, size - used, fmt, ap);
  va_end (ap);
}

static void
describe (void)
{
  int packages = count_type (HWLOC_OBJ_PACKAGE);
  int cores = count_type (HWLOC_OBJ_CORE);
  int pus = count_type (HWLOC_OBJ_PU);
  int numa = count_type (HWLOC_OBJ_NUMANODE);

  snprintf (topo_line, sizeof topo_line,
            "topology: %d package%s, %d core%s, %d PU%s, %d NUMA node%s",
            packages, packages == 1 ? "" : "s", cores, cores == 1 ? "" : "s",
            pus, pus == 1 ? "" : "s", numa, numa == 1 ? "" : "s");
  snprintf (topo_json, sizeof topo_json,
            "{\"packages\": %d, \"cores\": %d, \"pus\": %d, "
            "\"numa_nodes\": %d, \"caches\": {",
            packages, cores, pus, numa);
  int first = 1;
  for (size_t i = 0; i < NCACHE; i++)
    {
      unsigned long long size = cache_size (cache_kinds[i].type);
      if (size == 0)
        continue;
      int count = count_type (cache_kinds[i].type);
      /* Units as lstopo prints them: KB below 16 MB, else MB.  */
      if (size >= (16ULL << 20))
        appendf (topo_line, sizeof topo_line, ", %s %lluMB x %d",
                 cache_kinds[i].name, size >> 20, count);
      else
        appendf (topo_line, sizeof topo_line, ", %s %lluKB x %d",
                 cache_kinds[i].name, size >> 10, count);
      appendf (topo_json, sizeof topo_json,
               "%s\"%s\": {\"size\": %llu, \"count\": %d}", first ? "" : ", ",
               cache_kinds[i].name, size, count);
      first = 0;
    }
  appendf (topo_json, sizeof topo_json, "}}");
}

static void
load_topology (void)
{
  if (open_hwloc () != 0 || init_without_plugins (&topo) != 0)
    return;
  /* What the report does not show is not discovered.  Each call may
     fail on an older hwloc, which then simply does more.  */
  unsigned long flags = 0;
#if HWLOC_API_VERSION >= 0x00020800
  if (hw.get_api_version () >= 0x00020800)
    flags |= HWLOC_TOPOLOGY_FLAG_NO_DISTANCES | HWLOC_TOPOLOGY_FLAG_NO_MEMATTRS
             | HWLOC_TOPOLOGY_FLAG_NO_CPUKINDS;
#endif
  if (flags)
    hw.topology_set_flags (topo, flags);
#if HWLOC_API_VERSION >= 0x00020100
  if (hw.topology_set_components)
    hw.topology_set_components (topo, HWLOC_TOPOLOGY_COMPONENTS_FLAG_BLACKLIST,
                                "x86");
#endif
  hw.topology_set_io_types_filter (topo, HWLOC_TYPE_FILTER_KEEP_NONE);
  /* hwloc leaves instruction caches out by default; lstopo shows them.  */
  hw.topology_set_icache_types_filter (topo, HWLOC_TYPE_FILTER_KEEP_ALL);
  if (hw.topology_load (topo) != 0)
    {
      hw.topology_destroy (topo);
      return;
    }
  describe ();
  topo_ok = 1;
}

static int
ready (void)
{
  pthread_once (&topo_once, load_topology);
  return topo_ok;
}

const char *
trun_topology_line (void)
{
  return ready () ? topo_line : NULL;
}

const char *
trun_topology_json (void)
{
  return ready () ? topo_json : NULL;
}

void
trun_topology_where (int cpu, int *pu, int *numa)
{
  *pu = -1;
  *numa = -1;
  if (cpu < 0 || !ready ())
    return;
  int depth = hw.get_type_depth (topo, HWLOC_OBJ_PU);
  unsigned n = depth < 0 ? 0 : hw.get_nbobjs_by_depth (topo, depth);
  for (unsigned i = 0; i < n; i++)
    {
      hwloc_obj_t obj = hw.get_obj_by_depth (topo, depth, i);
      if (obj && obj->os_index == (unsigned) cpu)
        {
          *pu = cpu;
          break;
        }
    }
  if (*pu < 0)
    return; /* not a PU of this topology (e.g. not allowed to us) */
  /* The NUMA node whose cpuset holds this PU.  */
  depth = hw.get_type_depth (topo, HWLOC_OBJ_NUMANODE);
  n = depth == HWLOC_TYPE_DEPTH_UNKNOWN ? 0
                                        : hw.get_nbobjs_by_depth (topo, depth);
  for (unsigned i = 0; i < n; i++)
    {
      hwloc_obj_t node = hw.get_obj_by_depth (topo, depth, i);
      if (node && hw.bitmap_isset (node->cpuset, (unsigned) cpu))
        {
          *numa = (int) node->os_index;
          break;
        }
    }
}

#else /* !TRUN_HAVE_HWLOC */

const char *
trun_topology_line (void)
{
  return NULL;
}

const char *
trun_topology_json (void)
{
  return NULL;
}

void
trun_topology_where (int cpu, int *pu, int *numa)
{
  (void) cpu;
  *pu = -1;
  *numa = -1;
}

#endif
