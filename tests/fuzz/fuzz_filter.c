/* tests/fuzz/fuzz_filter.c -- libFuzzer target for the filter-file
 * reader (plugin/filter-file.c): any bytes as a filter file's text.  It
 * must never crash, read out of bounds or hang, and every rule it
 * returns is three non-empty words on a line it names.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "filter-file.h"

int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput (const uint8_t *data, size_t size)
{
  char *text = malloc (size + 1);
  if (!text)
    return 0;
  memcpy (text, data, size);
  struct trun_filter_file f;
  int rc = trun_filter_file_parse (text, size, &f);
  for (size_t i = 0; rc == 0 && i < f.nrules; i++)
    {
      const struct trun_filter_rule *r = &f.rules[i];
      if (!*r->action || !*r->what || !*r->regex || r->line < 1
          || strlen (r->regex) > TRUN_FILTER_MAX_LINE)
        abort ();
    }
  if (rc != 0 && !f.error)
    abort ();
  trun_filter_file_free (&f);
  return 0;
}
