/* rt/topology.c -- the machine's topology for report metadata, through
 * hwloc when trun is built with it: packages, cores, processing units,
 * NUMA nodes and cache sizes (one text line and one JSON object), and
 * where a thread is running (PU and NUMA node, OS indices).  Without
 * hwloc every answer is "unknown" (NULL / -1).
 *
 * The topology is loaded once, on first use, and never freed (the
 * strings are handed to the reports at finalize).
 */
#include "config.h"

#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "core/core.h"

#ifdef TRUN_HAVE_HWLOC
#include <hwloc.h>

static hwloc_topology_t topo;
static int topo_ok;
static pthread_once_t topo_once = PTHREAD_ONCE_INIT;
static char topo_line[512];
static char topo_json[1024];

static int
count_type (hwloc_obj_type_t type)
{
  int n = hwloc_get_nbobjs_by_type (topo, type);
  return n < 0 ? 0 : n;
}

/* Size of the first cache object of TYPE, in bytes; 0 when none.  */
static unsigned long long
cache_size (hwloc_obj_type_t type)
{
  hwloc_obj_t obj = hwloc_get_obj_by_type (topo, type, 0);
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
  if (hwloc_topology_init (&topo) != 0)
    return;
  /* hwloc leaves instruction caches out by default; lstopo shows them.  */
  hwloc_topology_set_icache_types_filter (topo, HWLOC_TYPE_FILTER_KEEP_ALL);
  if (hwloc_topology_load (topo) != 0)
    {
      hwloc_topology_destroy (topo);
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
trun_topology_where (int *pu, int *numa)
{
  *pu = -1;
  *numa = -1;
  if (!ready ())
    return;
  hwloc_bitmap_t set = hwloc_bitmap_alloc ();
  if (!set)
    return;
  if (hwloc_get_last_cpu_location (topo, set, HWLOC_CPUBIND_THREAD) == 0)
    {
      int first = hwloc_bitmap_first (set);
      hwloc_obj_t obj = first >= 0 ? hwloc_get_pu_obj_by_os_index (topo, (unsigned) first)
                                   : NULL;
      if (obj)
        {
          *pu = (int) obj->os_index;
          hwloc_obj_t node = NULL;
          /* The NUMA node whose cpuset holds this PU.  */
          while ((node = hwloc_get_next_obj_by_type (topo, HWLOC_OBJ_NUMANODE, node)))
            if (hwloc_bitmap_isset (node->cpuset, obj->os_index))
              {
                *numa = (int) node->os_index;
                break;
              }
        }
    }
  hwloc_bitmap_free (set);
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
trun_topology_where (int *pu, int *numa)
{
  *pu = -1;
  *numa = -1;
}

#endif
