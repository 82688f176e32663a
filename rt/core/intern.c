/* rt/core/intern.c -- name ids.  Descriptors and string regions with the same
 * name share one id, so graphs key children by a small integer.  Lookups
 * are lock-free (tables are published atomically and old ones kept);
 * memory comes from trun_mem_alloc (a signal handler may intern);
 * inserts take a lock.  A descriptor interns its name once; only the
 * string API hashes names on every call.
 */
#include "core/core.h"

#include <stdlib.h>
#include <string.h>

struct entry
{
  const char *name; /* published last */
  uint64_t hash;
  uint32_t id;
};

struct table
{
  size_t mask;
  struct entry e[];
};

static struct table *volatile table_now;
static const char **names; /* id -> name; index 0 unused */
static unsigned char *warned;
static uint32_t nnames, names_cap;
static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;

/* Names are copied into chunks from trun_mem_alloc, under the lock: a
   signal handler's marker may intern the first name of its function.  */
#define NAME_CHUNK ((size_t) 64 << 10)
static char *chunk_ptr, *chunk_end;

static char *
copy_name (const char *name)
{
  size_t n = strlen (name) + 1;
  if ((size_t) (chunk_end - chunk_ptr) < n)
    {
      size_t size = n > NAME_CHUNK ? n : NAME_CHUNK;
      chunk_ptr = trun_mem_alloc (size);
      if (!chunk_ptr)
        {
          trun_warn ("out of memory for names");
          abort ();
        }
      chunk_end = chunk_ptr + size;
    }
  char *copy = chunk_ptr;
  memcpy (copy, name, n);
  chunk_ptr += n;
  return copy;
}

static uint64_t
hash_name (const char *s)
{
  uint64_t h = 1469598103934665603ull;
  for (; *s; s++)
    h = (h ^ (unsigned char) *s) * 1099511628211ull;
  return h ? h : 1;
}

static uint32_t
probe (struct table *t, const char *name, uint64_t h)
{
  if (!t)
    return 0;
  for (size_t i = h & t->mask;; i = (i + 1) & t->mask)
    {
      const char *n = __atomic_load_n (&t->e[i].name, __ATOMIC_ACQUIRE);
      if (!n)
        return 0;
      if (t->e[i].hash == h && strcmp (n, name) == 0)
        return t->e[i].id;
    }
}

static void
place (struct table *t, const char *name, uint64_t h, uint32_t id)
{
  size_t i = h & t->mask;
  while (t->e[i].name)
    i = (i + 1) & t->mask;
  t->e[i].hash = h;
  t->e[i].id = id;
  __atomic_store_n (&t->e[i].name, name, __ATOMIC_RELEASE);
}

uint32_t
trun_intern_find (const char *name)
{
  if (!name)
    name = "";
  return probe (__atomic_load_n (&table_now, __ATOMIC_ACQUIRE), name,
                hash_name (name));
}

uint32_t
trun_intern (const char *name)
{
  if (!name)
    name = "";
  uint64_t h = hash_name (name);
  uint32_t id = probe (__atomic_load_n (&table_now, __ATOMIC_ACQUIRE), name, h);
  if (id)
    return id;
  /* A signal handler interning a name while this thread holds the lock
     would wait for ever: signals wait instead.  */
  sigset_t blocked;
  trun_signals_hold (&blocked);
  pthread_mutex_lock (&lock);
  struct table *t = table_now;
  id = probe (t, name, h);
  if (!id)
    {
      if (nnames + 2 > names_cap)
        {
          uint32_t ncap = names_cap ? names_cap * 2 : 1024;
          /* Old arrays are kept: readers may hold them.  */
          const char **nn = trun_mem_alloc (ncap * sizeof *nn);
          unsigned char *nw = trun_mem_alloc (ncap);
          if (names)
            {
              memcpy (nn, names, names_cap * sizeof *nn);
              memcpy (nw, warned, names_cap);
            }
          __atomic_store_n (&names, nn, __ATOMIC_RELEASE);
          warned = nw;
          names_cap = ncap;
        }
      if (!t || (nnames + 1) * 2 > t->mask + 1)
        {
          size_t size = t ? (t->mask + 1) * 2 : 2048;
          struct table *nt = trun_mem_alloc (sizeof *nt + size * sizeof nt->e[0]);
          nt->mask = size - 1;
          if (t)
            for (size_t i = 0; i <= t->mask; i++)
              if (t->e[i].name)
                place (nt, t->e[i].name, t->e[i].hash, t->e[i].id);
          __atomic_store_n (&table_now, nt, __ATOMIC_RELEASE);
          t = nt;
        }
      id = nnames + 1;
      char *copy = copy_name (name);
      names[id] = copy;
      /* The count last: a reader of ids up to it finds their names (the
         timeline's index writes them from other threads).  */
      __atomic_store_n (&nnames, id, __ATOMIC_RELEASE);
      place (t, copy, h, id);
    }
  pthread_mutex_unlock (&lock);
  trun_signals_release (&blocked);
  return id;
}

const char *
trun_intern_name (uint32_t id)
{
  const char **n = __atomic_load_n (&names, __ATOMIC_ACQUIRE);
  if (!n || id == 0 || id > nnames)
    return "";
  return n[id];
}

uint32_t
trun_intern_count (void)
{
  return __atomic_load_n (&nnames, __ATOMIC_ACQUIRE);
}

int
trun_intern_first_warning (uint32_t id, unsigned what)
{
  int first = 0;
  sigset_t blocked;
  trun_signals_hold (&blocked);
  pthread_mutex_lock (&lock);
  if (id && id <= nnames && !(warned[id] & (1u << what)))
    {
      warned[id] |= 1u << what;
      first = 1;
    }
  pthread_mutex_unlock (&lock);
  trun_signals_release (&blocked);
  return first;
}

void
trun_intern_reset_locks (void)
{
  pthread_mutex_init (&lock, NULL);
}
