/* rt/core/mem.c -- memory the core takes on paths a signal handler can
 * reach (a handler's markers make nodes, grow tables and frame stacks,
 * intern names): straight from the kernel, since mmap and munmap are
 * async-signal-safe and malloc is not.  Whole pages, zeroed, the small
 * ones from one region (carve).
 */
#include "core/core.h"

#include <sys/mman.h>
#include <unistd.h>

static size_t
pages (size_t size)
{
  static size_t page;
  if (!page)
    {
      long p = sysconf (_SC_PAGESIZE);
      page = p > 0 ? (size_t) p : 4096;
    }
  return (size + page - 1) & ~(page - 1);
}

/* Requests up to MEM_PIECE bytes are carved from one region mapped on
   first use, MEM_REGION bytes: a short run's thread state, name table
   and stacks took some ten mmaps, each a system call and a mapping of
   its own.  A freed piece gives its pages back (MADV_DONTNEED) and is
   not carved again; past the region's end requests map their own.  */
#define MEM_REGION (1u << 20)
#define MEM_PIECE (MEM_REGION / 4)
static char *region;
static size_t region_used;

static void *
carve (size_t n)
{
  char *r = __atomic_load_n (&region, __ATOMIC_ACQUIRE);
  if (!r)
    {
      void *m = mmap (NULL, MEM_REGION, PROT_READ | PROT_WRITE,
                      MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
      if (m == MAP_FAILED)
        return NULL;
      char *none = NULL;
      if (__atomic_compare_exchange_n (&region, &none, (char *) m, 0,
                                       __ATOMIC_ACQ_REL, __ATOMIC_ACQUIRE))
        r = m;
      else
        {
          munmap (m, MEM_REGION); /* another thread's (or handler's) won */
          r = none;
        }
    }
  size_t at = __atomic_fetch_add (&region_used, n, __ATOMIC_RELAXED);
  return at <= MEM_REGION - n ? r + at : NULL;
}

void *
trun_mem_alloc (size_t size)
{
  size_t n = pages (size ? size : 1);
  void *p = n <= MEM_PIECE ? carve (n) : NULL;
  if (p)
    return p;
  p = mmap (NULL, n, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1,
            0);
  return p == MAP_FAILED ? NULL : p;
}

void
trun_mem_free (void *p, size_t size)
{
  if (!p)
    return;
  char *r = __atomic_load_n (&region, __ATOMIC_ACQUIRE);
  if (r && (char *) p >= r && (char *) p < r + MEM_REGION)
    madvise (p, pages (size ? size : 1), MADV_DONTNEED);
  else
    munmap (p, pages (size ? size : 1));
}
