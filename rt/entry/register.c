/* rt/entry/register.c -- instrumented objects announce themselves: each
 * translation unit's constructor registers its unit (its DSO's descriptor
 * range), its destructor unregisters it when the object is unloaded.
 * An object built for another ABI version is refused by name: one
 * warning, and its descriptors are switched off (ENABLED is the first
 * field in every version), so its markers never run: version 3 code
 * skips them for TRUN_DESC_SKIPPED (its layout is this version's),
 * older code for 0.
 */
#define _GNU_SOURCE
#include "entry/entry.h"

#include <dlfcn.h>
#include <pthread.h>

/* Ranges already refused, so each object warns once.  */
#define REFUSED_MAX 64
static const void *refused[REFUSED_MAX];
static unsigned nrefused;
static pthread_mutex_t refused_lock = PTHREAD_MUTEX_INITIALIZER;

static int
first_refusal (const void *begin)
{
  int first = 1;
  pthread_mutex_lock (&refused_lock);
  for (unsigned i = 0; i < nrefused && first; i++)
    first = refused[i] != begin;
  if (first && nrefused < REFUSED_MAX)
    refused[nrefused++] = begin;
  pthread_mutex_unlock (&refused_lock);
  return first;
}

/* Switch off N descriptors of SIZE bytes from BEGIN and say why once.  */
static void
refuse (void *begin, void *end, size_t size, unsigned version,
        const char *source)
{
  if (!begin || end <= begin || size < sizeof (uint32_t))
    return;
  size_t n = (size_t) ((char *) end - (char *) begin) / size;
  for (size_t i = 0; i < n; i++)
    if (version == 3 && size == sizeof (struct trun_desc))
      trun_desc_skip ((struct trun_desc *) begin + i);
    else
      __atomic_store_n ((uint32_t *) ((char *) begin + i * size), 0,
                        __ATOMIC_RELAXED);
  if (!first_refusal (begin))
    return;
  Dl_info where;
  const char *object = dladdr (begin, &where) && where.dli_fname
                               && *where.dli_fname
                           ? where.dli_fname
                           : "the program";
  trun_warn ("%s%s%s%s was built by a trun plugin of ABI version %u; this "
             "runtime has version %d: its functions are not measured "
             "(rebuild it with this trun)",
             object, source ? " (" : "", source ? source : "",
             source ? ")" : "", version, TRUN_ABI_VERSION);
}

void
__trun_register_unit (struct trun_unit *u)
{
  if (!u)
    return;
  trun_ensure_init ();
  if (u->abi_version != TRUN_ABI_VERSION
      || u->desc_size != sizeof (struct trun_desc))
    {
      refuse (u->begin, u->end, u->desc_size, u->abi_version, u->source);
      return;
    }
  trun_descs_add (u->begin, u->end);
}

void
__trun_unregister_unit (struct trun_unit *u)
{
  /* After the report nothing reads the ranges again; at a plain exit
     every unit's destructor runs after it.  */
  if (!u || (trun_gate_now () & TRUN_GATE_FINAL)
      || u->abi_version != TRUN_ABI_VERSION)
    return;
  trun_descs_retire (u->begin, u->end);
}

void
__trun_register_descs (struct trun_desc *begin, struct trun_desc *end)
{
  trun_ensure_init ();
  refuse (begin, end, sizeof (struct trun_desc), 1, NULL);
}
