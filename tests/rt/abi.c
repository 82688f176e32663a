/* tests/rt/abi.c -- objects built for another ABI version: a unit of
 * version 99 and a version-1 registration.  Each is refused by name with
 * one warning, its descriptors are switched off, nothing crashes.  */
#include <stdio.h>

#include "trun/abi.h"

static struct trun_desc future[2] = {
  { 1, 0, 0, "f", "f", "future.c", 1, TRUN_KIND_FUNCTION },
  { 1, 0, 0, "g", "g", "future.c", 2, TRUN_KIND_FUNCTION },
};
static struct trun_desc old[1] = {
  { 1, 0, 0, "h", "h", "old.c", 3, TRUN_KIND_FUNCTION },
};
static struct trun_unit unit = { 99, sizeof (struct trun_desc), "future.c",
                                 future, future + 2 };

int
main (void)
{
  __trun_register_unit (&unit);
  __trun_register_unit (&unit); /* a second unit of the same object */
  __trun_register_descs (old, old + 1);
  printf ("%u %u %u\n", future[0].enabled, future[1].enabled, old[0].enabled);
  __trun_unregister_unit (&unit);
  return 0;
}
