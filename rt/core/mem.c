/* rt/core/mem.c -- memory the core takes on paths a signal handler can
 * reach (a handler's markers make nodes, grow tables and frame stacks,
 * intern names): straight from the kernel, since mmap and munmap are
 * async-signal-safe and malloc is not.  Whole pages, zeroed.
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

void *
trun_mem_alloc (size_t size)
{
  void *p = mmap (NULL, pages (size ? size : 1), PROT_READ | PROT_WRITE,
                  MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  return p == MAP_FAILED ? NULL : p;
}

void
trun_mem_free (void *p, size_t size)
{
  if (p)
    munmap (p, pages (size ? size : 1));
}
