/* tests/fuzz/fuzz_settings.c -- libFuzzer target for the settings
 * parsers (rt/config/settings.c) and the component-list parser
 * (rt/components/table.c): every value a TRUN_ or TIMEMORY_ variable can
 * hold.  The input is split at NUL bytes; each piece goes to every
 * parser, which must never crash, read out of bounds or hang.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "components/components.h"

int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput (const uint8_t *data, size_t size)
{
  char *buf = malloc (size + 1);
  if (!buf)
    return 0;
  memcpy (buf, data, size);
  buf[size] = '\0';
  for (char *p = buf; p <= buf + size; p += strlen (p) + 1)
    {
      int b;
      long l;
      double d;
      trun_parse_bool (p, &b);
      trun_parse_int (p, -5, 1000000, &l);
      trun_parse_double (p, &d);
      trun_parse_memory_units (p, &d);
      trun_parse_timing_units (p, &d);
      trun_parse_duration (p, &d);
      trun_parse_components (p, "TRUN_COMPONENTS");
      trun_component_lookup (p);
    }
  free (buf);
  return 0;
}
