/* rt/core/topology.c -- the machine's topology for report metadata:
 * packages, cores, processing units, NUMA nodes and cache sizes (one text
 * line and one JSON object), and which PU and NUMA node a CPU number is
 * (OS indices).  Found on first use, which is at finalize when a report
 * is written; threads record just sched_getcpu () when they start
 * (core/thread.c).  TRUN_TOPOLOGY says from where:
 *
 * sysfs (the default): the Linux files hwloc's own Linux backend reads,
 * only those the report needs, one per object (the first CPU's cache
 * levels, types and sizes, or on x86 the cpuid leaves the kernel takes
 * them from; one CPU list per package, core and cache instance; one per
 * NUMA node when there are several): some 15 small reads on a small
 * machine, where hwloc read about a hundred files and cost more than the
 * rest of a short run.  Fewer still (8 on a 2-CPU VM; a sysfs file costs
 * some 5 us): no core list when cpu/smt/active says no core has two CPUs
 * online, and on a processor of one core type (cpuid) a cache the first
 * CPU shares with just its core or package is counted as one a core or
 * package, from the first CPU's list alone.  Like hwloc, a process confined by a cpuset cgroup
 * sees only its CPUs and memory nodes (the cgroup found by
 * /proc/self/cgroup under the usual mount points, /sys/fs/cgroup/cpuset
 * for v1, /sys/fs/cgroup for v2), read only when it can matter: when the
 * thread writing the report may not run on every online CPU (a cpuset
 * bounds every thread's affinity) or there are several NUMA nodes.  It
 * assumes, as every Linux machine
 * has them, that each CPU lists its cache levels in the same order.
 *
 * hwloc: through hwloc when trun was built with its headers.  libtrun
 * never links hwloc: the library is loaded with dlopen here, by the
 * soname configure found (m4/trun_hwloc.m4), and the few calls made are
 * resolved with dlsym; hwloc.h gives only the types.  Only what the
 * report needs is discovered: no I/O devices, distances, memory
 * attributes or CPU kinds, and not the x86 backend, which on Linux only
 * adds cpuid details and gets them by binding the calling thread to
 * every PU in turn.  And none of hwloc's plugins (gl, opencl, pci,
 * xml_libxml: they pull in libX11, libOpenCL, libxml2, libicu,
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
 * off: nothing is read; every answer is "unknown" (NULL / -1), as when
 * the source cannot be read.
 *
 * The answers are found once and kept (the strings are handed to the
 * reports at finalize).
 */
#define _GNU_SOURCE
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <sched.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/core.h"

/* The cache levels the report shows, in its order.  */
enum cache_kind
{
  CACHE_L1D, /* level 1, data or unified (hwloc's L1CACHE) */
  CACHE_L1I,
  CACHE_L2,
  CACHE_L3,
  CACHE_L4,
  NCACHE
};
static const char *const cache_names[NCACHE] = { "L1d", "L1i", "L2", "L3",
                                                 "L4" };

/* What a source found.  */
static struct
{
  int packages, cores, pus, numa;
  unsigned long long cache_size[NCACHE]; /* the first one's; 0: none */
  int cache_count[NCACHE];
  int ncpu;      /* entries of cpu_node */
  int *cpu_node; /* by OS CPU number: its NUMA node (-1 unknown), or
                    NOT_A_PU */
} topo;
#define NOT_A_PU (-2)

static int topo_ok;
static pthread_once_t topo_once = PTHREAD_ONCE_INIT;
static char topo_line[512];
static char topo_json[1024];

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
  int packages = topo.packages, cores = topo.cores, pus = topo.pus,
      numa = topo.numa;
  snprintf (topo_line, sizeof topo_line,
            "topology: %d package%s, %d core%s, %d PU%s, %d NUMA node%s",
            packages, packages == 1 ? "" : "s", cores, cores == 1 ? "" : "s",
            pus, pus == 1 ? "" : "s", numa, numa == 1 ? "" : "s");
  snprintf (topo_json, sizeof topo_json,
            "{\"packages\": %d, \"cores\": %d, \"pus\": %d, "
            "\"numa_nodes\": %d, \"caches\": {",
            packages, cores, pus, numa);
  int first = 1;
  for (int i = 0; i < NCACHE; i++)
    {
      unsigned long long size = topo.cache_size[i];
      if (size == 0)
        continue;
      int count = topo.cache_count[i];
      /* Units as lstopo prints them: KB below 16 MB, else MB.  */
      if (size >= (16ULL << 20))
        appendf (topo_line, sizeof topo_line, ", %s %lluMB x %d",
                 cache_names[i], size >> 20, count);
      else
        appendf (topo_line, sizeof topo_line, ", %s %lluKB x %d",
                 cache_names[i], size >> 10, count);
      appendf (topo_json, sizeof topo_json,
               "%s\"%s\": {\"size\": %llu, \"count\": %d}", first ? "" : ", ",
               cache_names[i], size, count);
      first = 0;
    }
  appendf (topo_json, sizeof topo_json, "}}");
}

/* cpu_node for NCPU CPU numbers, none of them a PU yet; 0 or -1.  */
static int
new_cpu_map (int ncpu)
{
  topo.cpu_node = malloc ((size_t) ncpu * sizeof *topo.cpu_node);
  if (!topo.cpu_node)
    return -1;
  topo.ncpu = ncpu;
  for (int c = 0; c < ncpu; c++)
    topo.cpu_node[c] = NOT_A_PU;
  return 0;
}

/* ---- sysfs ---- */

/* Bitmaps of CPU or node numbers.  */
typedef unsigned long long word_t;
#define WORD_BITS 64
#define NWORDS(n) (((size_t) (n) + WORD_BITS - 1) / WORD_BITS)

static int
bit_isset (const word_t *b, int i)
{
  return (b[i / WORD_BITS] >> (i % WORD_BITS)) & 1;
}

static void
bit_set (word_t *b, int i)
{
  b[i / WORD_BITS] |= 1ULL << (i % WORD_BITS);
}

/* The largest number of a list ("0-3,8-11"), or -1.  */
static int
list_max (const char *s)
{
  long max = -1;
  while (*s)
    {
      if (*s < '0' || *s > '9')
        {
          s++; /* '-' is a range here, not a sign */
          continue;
        }
      char *end;
      long v = strtol (s, &end, 10);
      if (v > max)
        max = v;
      s = end;
    }
  return max > (1 << 20) ? -1 : (int) max;
}

/* The numbers of list S below N set in B (ranges a-b, comma-separated,
   as the kernel prints them); 0, or -1 when S is no such list.  */
static int
list_parse (const char *s, word_t *b, int n)
{
  while (*s)
    {
      char *end;
      long lo = strtol (s, &end, 10), hi = lo;
      if (end == s || lo < 0)
        return -1;
      s = end;
      if (*s == '-')
        {
          hi = strtol (s + 1, &end, 10);
          if (end == s + 1 || hi < lo)
            return -1;
          s = end;
        }
      for (long i = lo; i <= hi && i < n; i++)
        bit_set (b, (int) i);
      if (*s == ',')
        s++;
      else if (*s)
        return -1;
    }
  return 0;
}

/* SET (of N bits) less what is not in MINE, unless that leaves nothing
   (a cgroup naming none of the online CPUs or nodes is ignored).  */
static void
restrict_to (word_t *set, const word_t *mine, int n)
{
  int any = 0;
  for (size_t w = 0; w < NWORDS (n); w++)
    any |= (set[w] & mine[w]) != 0;
  for (size_t w = 0; any && w < NWORDS (n); w++)
    set[w] &= mine[w];
}

/* The text of the small file PATH (relative to DIR) in BUF of SIZE,
   without its trailing newline; its length, or -1.  */
static int
read_small (int dir, const char *path, char *buf, size_t size)
{
  int fd = openat (dir, path, O_RDONLY | O_CLOEXEC);
  if (fd < 0)
    return -1;
  ssize_t n;
  do
    n = read (fd, buf, size - 1);
  while (n < 0 && errno == EINTR);
  close (fd);
  if (n < 0)
    return -1;
  while (n > 0 && (buf[n - 1] == '\n' || buf[n - 1] == ' '))
    n--;
  buf[n] = '\0';
  return (int) n;
}

/* Room for a CPU list of a large machine (the kernel's own page).  */
#define LIST_MAX 8192
static char list_text[LIST_MAX];

/* The cpuset cgroup's "cpus" and "mems" lists into CPUS and MEMS (each
   LIST_MAX bytes); "" for either when there is none.  */
static void
cgroup_cpuset (char *cpus, char *mems)
{
  cpus[0] = mems[0] = '\0';
  char text[4096];
  if (read_small (AT_FDCWD, "/proc/self/cgroup", text, sizeof text) <= 0)
    return;
  const char *v1 = NULL, *v2 = NULL;
  for (char *line = text, *next; line && *line; line = next)
    {
      next = strchr (line, '\n');
      if (next)
        *next++ = '\0';
      /* ID:CONTROLLERS:PATH */
      char *c = strchr (line, ':');
      char *p = c ? strchr (c + 1, ':') : NULL;
      if (!p)
        continue;
      *p++ = '\0';
      const char *controllers = c + 1;
      if (strcmp (line, "0") == 0 && !*controllers)
        v2 = p;
      for (const char *w = controllers; w && *w;)
        {
          if (strncmp (w, "cpuset", 6) == 0 && (w[6] == ',' || !w[6]))
            v1 = p;
          w = strchr (w, ',');
          if (w)
            w++;
        }
    }
  const char *mount = v1 ? "/sys/fs/cgroup/cpuset" : "/sys/fs/cgroup";
  const char *path = v1 ? v1 : v2;
  const char *suffix = v1 ? "" : ".effective";
  /* v1's top cpuset holds every CPU and node (v2's "/" may be a
     container's namespace: read).  */
  if (!path || (v1 && strcmp (path, "/") == 0))
    return;
  /* The cgroup's directory, else the mount's top: a container may show
     its own cgroup there.  */
  char file[4096 + 64];
  int at_top = strcmp (path, "/") == 0 || !*path;
  for (int top = 0; top < 2 && !(top && at_top); top++)
    {
      const char *sub = top || at_top ? "" : path;
      snprintf (file, sizeof file, "%s%s/cpuset.cpus%s", mount, sub, suffix);
      if (read_small (AT_FDCWD, file, cpus, LIST_MAX) <= 0)
        continue;
      snprintf (file, sizeof file, "%s%s/cpuset.mems%s", mount, sub, suffix);
      if (read_small (AT_FDCWD, file, mems, LIST_MAX) < 0)
        mems[0] = '\0';
      return;
    }
  cpus[0] = '\0';
}

/* The cpuset cgroup's lists (cgroup_cpuset), read on first need.  */
static char cg_cpus[LIST_MAX], cg_mems[LIST_MAX];
static int cg_read;

static void
cgroup_once (void)
{
  if (!cg_read)
    cgroup_cpuset (cg_cpus, cg_mems);
  cg_read = 1;
}

/* Whether this thread may run on every CPU of ONLINE (NCPU bits).  A
   cpuset cgroup bounds the affinity of all its threads, so then it
   narrows no CPU and need not be read (/proc/self is the dearest file a
   short run opens: its first use makes the process's entries).  */
static int
affinity_covers (const word_t *online, int ncpu)
{
  cpu_set_t *mask = CPU_ALLOC (ncpu);
  size_t size = CPU_ALLOC_SIZE (ncpu);
  int all = mask && sched_getaffinity (0, size, mask) == 0;
  for (int c = 0; all && c < ncpu; c++)
    all = !bit_isset (online, c) || CPU_ISSET_S (c, size, mask);
  CPU_FREE (mask);
  return all;
}

/* The CPU list FILE (ALT when FILE is not there) of CPU C
   (cpu/cpuC/topology/FILE, or cpu/cpuC/cache/indexI/FILE when INDEX >=
   0) added to SET; 0, or -1 when neither is there or parses.  */
static int
read_object (int sys, int c, int index, const char *file, const char *alt,
             word_t *set, int ncpu)
{
  char path[128];
  for (int k = 0; k < 2; k++)
    {
      const char *name = k ? alt : file;
      if (!name)
        break;
      if (index >= 0)
        snprintf (path, sizeof path, "cpu/cpu%d/cache/index%d/%s", c, index,
                  name);
      else
        snprintf (path, sizeof path, "cpu/cpu%d/topology/%s", c, name);
      if (read_small (sys, path, list_text, sizeof list_text) > 0)
        return list_parse (list_text, set, ncpu);
    }
  return -1;
}

/* How many objects hold the CPUs of ALLOWED, each object named by the
   CPU list (read_object) of every CPU it holds: one read per object,
   the first one's list in FIRST when FIRST_READ (already read) else into
   FIRST.  A CPU without the file is an object of its own.  COVERED is
   scratch space.  */
static int
count_objects (int sys, const word_t *allowed, word_t *covered, int ncpu,
               int index, const char *file, const char *alt, word_t *first,
               int first_read)
{
  int count = 0;
  size_t bytes = NWORDS (ncpu) * sizeof *covered;
  memset (covered, 0, bytes);
  for (int c = 0; c < ncpu; c++)
    {
      if (!bit_isset (allowed, c) || bit_isset (covered, c))
        continue;
      if (count == 0 && first_read)
        memcpy (covered, first, bytes);
      else
        read_object (sys, c, index, file, alt, covered, ncpu);
      if (count == 0 && !first_read)
        memcpy (first, covered, bytes);
      bit_set (covered, c);
      count++;
    }
  return count;
}

/* Whether no core has two CPUs online (cpu/smt/active is 0): then each
   allowed CPU is a core of its own.  */
static int
smt_inactive (int sys)
{
  char text[8];
  return read_small (sys, "cpu/smt/active", text, sizeof text) > 0
         && strcmp (text, "0") == 0;
}

/* "32K", "512K", "32768K", "1M": bytes; 0 when unreadable.  */
static unsigned long long
parse_size (const char *s)
{
  char *end;
  unsigned long long v = strtoull (s, &end, 10);
  if (end == s)
    return 0;
  switch (*end)
    {
    case 'K': return v << 10;
    case 'M': return v << 20;
    case 'G': return v << 30;
    default: return v;
    }
}

/* One cache index of a CPU (cpu/cpuN/cache/indexI): its level, whether
   it holds instructions only, its size in bytes.  */
struct cache_index
{
  int level, instruction;
  unsigned long long size;
};

#if defined(__x86_64__) || defined(__i386__)
#include <cpuid.h>
#if defined(__has_include) && __has_include(<sys/platform/x86.h>)
#include <sys/platform/x86.h> /* glibc's copy of the cpuid leaves */
#define TRUN_GLIBC_CPUID 1
#endif

/* The indices from cpuid, which is where the kernel's cache files come
   from on x86 (leaf 4, AMD's 0x8000001d): the same values without
   reading three files an index.  Only on Intel and AMD processors of one
   core type (not hybrid), whose every CPU then has the caches of the one
   this runs on.  The number of indices, 0 when the files must say.  */
static int
cpuid_cache_indices (struct cache_index *x, int max)
{
  unsigned a, b, c, d, leaf;
  if (!__get_cpuid (0, &a, &b, &c, &d))
    return 0;
  unsigned top = a;
  if (b == 0x756e6547 && d == 0x49656e69 && c == 0x6c65746e) /* GenuineIntel */
    {
      if (top < 7)
        return 0;
#ifdef TRUN_GLIBC_CPUID /* the leaves glibc read at start: no VM exit */
      d = CPU_FEATURE_PRESENT (HYBRID) ? 1u << 15 : 0;
#else
      __cpuid_count (7, 0, a, b, c, d);
#endif
      if (d & (1u << 15)) /* hybrid: P- and E-cores differ */
        return 0;
      leaf = 4;
    }
  else if (b == 0x68747541 && d == 0x69746e65 && c == 0x444d4163) /* AuthenticAMD */
    {
      /* TOPOEXT (leaf 0x80000001, ECX bit 22) is what the kernel checks
         before reading leaf 0x8000001d; without it, it derives the
         caches otherwise.  */
#ifdef TRUN_GLIBC_CPUID
      if (!x86_cpu_present (x86_cpu_index_80000001_ecx + 22))
        return 0;
#else
      if (!__get_cpuid (0x80000001, &a, &b, &c, &d) || !(c & (1u << 22)))
        return 0;
      if (!__get_cpuid (0x80000000, &a, &b, &c, &d) || a < 0x8000001d)
        return 0;
#endif
      leaf = 0x8000001d;
    }
  else
    return 0;
  int n = 0;
  for (unsigned i = 0; n < max && i < 32; i++)
    {
      __cpuid_count (leaf, i, a, b, c, d);
      unsigned type = a & 0x1f;
      if (type == 0)
        break;
      x[n].level = (int) ((a >> 5) & 7);
      x[n].instruction = type == 2;
      x[n].size = (unsigned long long) ((b >> 22) + 1)
                  * (((b >> 12) & 0x3ff) + 1) * ((b & 0xfff) + 1) * (c + 1ULL);
      n++;
    }
  return n;
}
#else
static int
cpuid_cache_indices (struct cache_index *x, int max)
{
  (void) x;
  (void) max;
  return -1;
}
#endif

/* Index I of CPU FIRST from its files; 0, or -1 when there is none.  */
static int
file_cache_index (int sys, int first, int i, struct cache_index *x)
{
  char path[128], text[64];
  snprintf (path, sizeof path, "cpu/cpu%d/cache/index%d/level", first, i);
  if (read_small (sys, path, text, sizeof text) <= 0)
    return -1;
  x->level = atoi (text);
  snprintf (path, sizeof path, "cpu/cpu%d/cache/index%d/type", first, i);
  x->instruction = read_small (sys, path, text, sizeof text) > 0
                   && text[0] == 'I';
  snprintf (path, sizeof path, "cpu/cpu%d/cache/index%d/size", first, i);
  x->size = read_small (sys, path, text, sizeof text) > 0 ? parse_size (text)
                                                         : 0;
  return 0;
}

/* The cache levels of CPU FIRST, each counted over ALLOWED.  CORE and
   PACKAGE are the CPU lists of FIRST's core and package; LIST is scratch
   space.  */
static void
sysfs_caches (int sys, const word_t *allowed, word_t *covered, int ncpu,
              int first, const word_t *core, const word_t *package,
              word_t *list)
{
  struct cache_index known[32];
  int nknown = cpuid_cache_indices (known, 32);
  size_t bytes = NWORDS (ncpu) * sizeof *list;
  for (int i = 0; i < 32; i++)
    {
      struct cache_index x;
      if (nknown > 0)
        {
          if (i >= nknown)
            break;
          x = known[i];
        }
      else if (file_cache_index (sys, first, i, &x) != 0)
        break;
      int kind = x.level == 1   ? (x.instruction ? CACHE_L1I : CACHE_L1D)
                 : x.instruction ? -1 /* L2i, L3i: not shown */
                 : x.level == 2  ? CACHE_L2
                 : x.level == 3  ? CACHE_L3
                 : x.level == 4  ? CACHE_L4
                                 : -1;
      if (kind < 0 || topo.cache_size[kind] || !x.size)
        continue;
      topo.cache_size[kind] = x.size;
      /* On a processor of one core type (cpuid said so) every core and
         package has the caches of FIRST's: one FIRST shares with just
         its core or package is one a core or package.  */
      memset (list, 0, bytes);
      int read = read_object (sys, first, i, "shared_cpu_list", NULL, list,
                              ncpu) == 0;
      if (nknown > 0 && read && memcmp (list, core, bytes) == 0)
        topo.cache_count[kind] = topo.cores;
      else if (nknown > 0 && read && memcmp (list, package, bytes) == 0)
        topo.cache_count[kind] = topo.packages;
      else
        topo.cache_count[kind] = count_objects (sys, allowed, covered, ncpu,
                                                i, "shared_cpu_list", NULL,
                                                list, read);
    }
}

/* Every CPU of ALLOWED in node N.  */
static void
all_in_node (const word_t *allowed, int ncpu, int n)
{
  for (int c = 0; c < ncpu; c++)
    if (bit_isset (allowed, c))
      topo.cpu_node[c] = n;
}

/* The NUMA nodes (online, and allowed by MEMS when it names any) and the
   node of each allowed CPU; a kernel without NUMA has one node, 0.  */
static int
sysfs_numa (int sys, const word_t *allowed, int ncpu)
{
  char text[LIST_MAX];
  if (read_small (sys, "node/online", text, sizeof text) <= 0)
    {
      topo.numa = 1;
      all_in_node (allowed, ncpu, 0);
      return 0;
    }
  int nnode = list_max (text) + 1;
  if (nnode <= 0)
    return -1;
  word_t *nodes = calloc (NWORDS (nnode), sizeof *nodes);
  word_t *mine = calloc (NWORDS (nnode), sizeof *mine);
  word_t *cpus = calloc (NWORDS (ncpu), sizeof *cpus);
  int rc = -1;
  if (!nodes || !mine || !cpus || list_parse (text, nodes, nnode) != 0)
    goto out;
  /* The one node online, when there is one: it holds every CPU.  */
  int only = -1;
  for (int n = 0; n < nnode; n++)
    if (bit_isset (nodes, n))
      only = only == -1 ? n : -2;
  /* One node holds every allowed CPU whatever the cgroup's mems say.  */
  if (only < 0)
    cgroup_once ();
  if (only < 0 && *cg_mems && list_parse (cg_mems, mine, nnode) == 0)
    restrict_to (nodes, mine, nnode);
  for (int n = 0; n < nnode; n++)
    {
      if (!bit_isset (nodes, n))
        continue;
      topo.numa++;
      if (only >= 0)
        {
          all_in_node (allowed, ncpu, n);
          continue;
        }
      char path[64];
      snprintf (path, sizeof path, "node/node%d/cpulist", n);
      memset (cpus, 0, NWORDS (ncpu) * sizeof *cpus);
      if (read_small (sys, path, list_text, sizeof list_text) < 0
          || list_parse (list_text, cpus, ncpu) != 0)
        continue;
      for (int c = 0; c < ncpu; c++)
        if (bit_isset (cpus, c) && bit_isset (allowed, c))
          topo.cpu_node[c] = n;
    }
  rc = 0;
out:
  free (nodes);
  free (mine);
  free (cpus);
  return rc;
}

static int
load_sysfs (void)
{
  int sys = open ("/sys/devices/system", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (sys < 0)
    {
      trun_verbose ("no topology: /sys/devices/system: %s", strerror (errno));
      return -1;
    }
  word_t *allowed = NULL, *covered = NULL, *core = NULL, *package = NULL,
         *list = NULL;
  int rc = -1;
  if (read_small (sys, "cpu/online", list_text, sizeof list_text) <= 0)
    goto out;
  int ncpu = list_max (list_text) + 1;
  if (ncpu <= 0 || new_cpu_map (ncpu) != 0)
    goto out;
  allowed = calloc (NWORDS (ncpu), sizeof *allowed);
  covered = calloc (NWORDS (ncpu), sizeof *covered);
  core = calloc (NWORDS (ncpu), sizeof *core);
  package = calloc (NWORDS (ncpu), sizeof *package);
  list = calloc (NWORDS (ncpu), sizeof *list);
  if (!allowed || !covered || !core || !package || !list
      || list_parse (list_text, allowed, ncpu) != 0)
    goto out;
  if (!affinity_covers (allowed, ncpu))
    cgroup_once ();
  if (*cg_cpus && list_parse (cg_cpus, covered, ncpu) == 0)
    restrict_to (allowed, covered, ncpu);
  int first = -1;
  for (int c = 0; c < ncpu; c++)
    if (bit_isset (allowed, c))
      {
        topo.pus++;
        topo.cpu_node[c] = -1;
        if (first < 0)
          first = c;
      }
  if (first < 0)
    goto out;
  topo.packages = count_objects (sys, allowed, covered, ncpu, -1,
                                 "package_cpus_list", "core_siblings_list",
                                 package, 0);
  if (smt_inactive (sys))
    {
      topo.cores = topo.pus;
      bit_set (core, first);
    }
  else
    topo.cores = count_objects (sys, allowed, covered, ncpu, -1,
                                "core_cpus_list", "thread_siblings_list",
                                core, 0);
  sysfs_caches (sys, allowed, covered, ncpu, first, core, package, list);
  rc = sysfs_numa (sys, allowed, ncpu);
out:
  if (rc != 0)
    trun_verbose ("no topology: /sys/devices/system/cpu is not readable");
  free (allowed);
  free (covered);
  free (core);
  free (package);
  free (list);
  close (sys);
  return rc;
}

/* ---- hwloc ---- */

#ifdef TRUN_HAVE_HWLOC
#include <dlfcn.h>
#include <hwloc.h>

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

static hwloc_topology_t hwtopo;
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
  int depth = hw.get_type_depth (hwtopo, type);
  if (depth == HWLOC_TYPE_DEPTH_UNKNOWN || depth == HWLOC_TYPE_DEPTH_MULTIPLE)
    return 0;
  return (int) hw.get_nbobjs_by_depth (hwtopo, depth);
}

static hwloc_obj_t
obj_by_type (hwloc_obj_type_t type, unsigned idx)
{
  int depth = hw.get_type_depth (hwtopo, type);
  if (depth == HWLOC_TYPE_DEPTH_UNKNOWN || depth == HWLOC_TYPE_DEPTH_MULTIPLE)
    return NULL;
  return hw.get_obj_by_depth (hwtopo, depth, idx);
}

static const hwloc_obj_type_t hwloc_cache_types[NCACHE] = {
  HWLOC_OBJ_L1CACHE, HWLOC_OBJ_L1ICACHE, HWLOC_OBJ_L2CACHE,
  HWLOC_OBJ_L3CACHE, HWLOC_OBJ_L4CACHE,
};

/* The PUs and the NUMA node holding each.  */
static int
hwloc_cpu_map (void)
{
  int npu = count_type (HWLOC_OBJ_PU), nnode = count_type (HWLOC_OBJ_NUMANODE);
  int ncpu = 0;
  for (int i = 0; i < npu; i++)
    {
      hwloc_obj_t pu = obj_by_type (HWLOC_OBJ_PU, (unsigned) i);
      if (pu && (int) pu->os_index >= ncpu)
        ncpu = (int) pu->os_index + 1;
    }
  if (ncpu == 0 || new_cpu_map (ncpu) != 0)
    return -1;
  for (int i = 0; i < npu; i++)
    {
      hwloc_obj_t pu = obj_by_type (HWLOC_OBJ_PU, (unsigned) i);
      if (!pu)
        continue;
      int *node = &topo.cpu_node[pu->os_index];
      *node = -1;
      for (int n = 0; n < nnode && *node < 0; n++)
        {
          hwloc_obj_t numa = obj_by_type (HWLOC_OBJ_NUMANODE, (unsigned) n);
          if (numa && hw.bitmap_isset (numa->cpuset, pu->os_index))
            *node = (int) numa->os_index;
        }
    }
  return 0;
}

static int
load_hwloc (void)
{
  if (open_hwloc () != 0 || init_without_plugins (&hwtopo) != 0)
    return -1;
  /* What the report does not show is not discovered.  Each call may
     fail on an older hwloc, which then simply does more.  */
  unsigned long flags = 0;
#if HWLOC_API_VERSION >= 0x00020800
  if (hw.get_api_version () >= 0x00020800)
    flags |= HWLOC_TOPOLOGY_FLAG_NO_DISTANCES | HWLOC_TOPOLOGY_FLAG_NO_MEMATTRS
             | HWLOC_TOPOLOGY_FLAG_NO_CPUKINDS;
#endif
  if (flags)
    hw.topology_set_flags (hwtopo, flags);
#if HWLOC_API_VERSION >= 0x00020100
  if (hw.topology_set_components)
    hw.topology_set_components (hwtopo,
                                HWLOC_TOPOLOGY_COMPONENTS_FLAG_BLACKLIST,
                                "x86");
#endif
  hw.topology_set_io_types_filter (hwtopo, HWLOC_TYPE_FILTER_KEEP_NONE);
  /* hwloc leaves instruction caches out by default; lstopo shows them.  */
  hw.topology_set_icache_types_filter (hwtopo, HWLOC_TYPE_FILTER_KEEP_ALL);
  int rc = -1;
  if (hw.topology_load (hwtopo) == 0)
    {
      topo.packages = count_type (HWLOC_OBJ_PACKAGE);
      topo.cores = count_type (HWLOC_OBJ_CORE);
      topo.pus = count_type (HWLOC_OBJ_PU);
      topo.numa = count_type (HWLOC_OBJ_NUMANODE);
      for (int i = 0; i < NCACHE; i++)
        {
          hwloc_obj_t obj = obj_by_type (hwloc_cache_types[i], 0);
          topo.cache_size[i] = obj && obj->attr ? obj->attr->cache.size : 0;
          topo.cache_count[i] = count_type (hwloc_cache_types[i]);
        }
      rc = hwloc_cpu_map ();
    }
  hw.topology_destroy (hwtopo);
  return rc;
}

#else /* !TRUN_HAVE_HWLOC */

static int
load_hwloc (void)
{
  trun_verbose ("no topology: trun was built without hwloc");
  return -1;
}

#endif

static void
load_topology (void)
{
  int rc = -1;
  if (trun_settings.topology == TRUN_TOPOLOGY_SYSFS)
    rc = load_sysfs ();
  else if (trun_settings.topology == TRUN_TOPOLOGY_HWLOC)
    rc = load_hwloc ();
  if (rc != 0)
    {
      free (topo.cpu_node);
      memset (&topo, 0, sizeof topo);
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
  if (cpu < 0 || !ready () || cpu >= topo.ncpu
      || topo.cpu_node[cpu] == NOT_A_PU)
    return; /* not a PU of this topology (e.g. not allowed to us) */
  *pu = cpu;
  *numa = topo.cpu_node[cpu];
}
