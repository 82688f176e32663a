/* tests/rt/abi.c -- objects built for another ABI version: a unit of
 * version 99, a unit of version 3 and a version-1 registration.  Each
 * is refused by name with one warning, its descriptors are switched
 * off, nothing crashes.  Version 3 code (emulated in three () below)
 * tests ENABLED against TRUN_DESC_SKIPPED at enter and again at exit:
 * its descriptors become TRUN_DESC_SKIPPED, so it calls no marker and
 * counts its calls in CALLS.  */
#include <stdio.h>

#include "trun/abi.h"

static struct trun_desc future[2] = {
  { 1, 0, 0, "f", "f", "future.c", 1, TRUN_KIND_FUNCTION },
  { 1, 0, 0, "g", "g", "future.c", 2, TRUN_KIND_FUNCTION },
};
static struct trun_desc old[1] = {
  { 1, 0, 0, "h", "h", "old.c", 3, TRUN_KIND_FUNCTION },
};
static struct trun_desc v3[1] = {
  { 1, 0, 0, "three", "three", "three.c", 4, TRUN_KIND_FUNCTION },
};
static struct trun_unit unit = { 99, sizeof (struct trun_desc), "future.c",
                                 future, future + 2 };
static struct trun_unit unit3 = { 3, sizeof (struct trun_desc), "three.c",
                                  v3, v3 + 1 };

/* What the version-3 plugin emitted around a body.  */
static __attribute__ ((noinline)) void
three (void)
{
  if (__atomic_load_n (&v3[0].enabled, __ATOMIC_RELAXED) == TRUN_DESC_SKIPPED)
    __atomic_fetch_add (&v3[0].calls, 1, __ATOMIC_RELAXED);
  else
    __trun_trace_enter (&v3[0]);
  __asm__ volatile ("" ::: "memory");
  if (__atomic_load_n (&v3[0].enabled, __ATOMIC_RELAXED) != TRUN_DESC_SKIPPED)
    __trun_trace_exit (&v3[0]);
}

int
main (void)
{
  __trun_register_unit (&unit);
  __trun_register_unit (&unit); /* a second unit of the same object */
  __trun_register_unit (&unit3);
  __trun_register_descs (old, old + 1);
  for (int i = 0; i < 3; i++)
    three ();
  printf ("%u %u %u %u %llu\n", future[0].enabled, future[1].enabled,
          old[0].enabled, v3[0].enabled, (unsigned long long) v3[0].calls);
  __trun_unregister_unit (&unit);
  __trun_unregister_unit (&unit3);
  return 0;
}
