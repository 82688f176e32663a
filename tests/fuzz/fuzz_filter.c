/* tests/fuzz/fuzz_filter.c -- libFuzzer target for the filter-file
 * parser (plugin/filter-file.c), which the plugin runs on whatever file
 * -fplugin-arg-trun-filter names.  Any bytes: the parser must never
 * crash, read out of bounds or leak, and what it returns must hold: line
 * numbers in order and within the text, every rule's regex non-empty,
 * free of NUL, blank-trimmed and no longer than a line may be.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "filter-file.h"

int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput (const uint8_t *data, size_t size)
{
  struct trun_filter_parsed parsed;
  if (trun_filter_parse ((const char *) data, size, &parsed) != 0)
    return 0;
  size_t lines = 1, problems = 0;
  for (size_t i = 0; i < size; i++)
    lines += data[i] == '\n';
  unsigned last = 0;
  for (size_t i = 0; i < parsed.n; i++)
    {
      const struct trun_filter_entry *e = &parsed.entries[i];
      if (e->line <= last || e->line > lines)
        abort ();
      last = e->line;
      if (e->problem != TRUN_FILTER_RULE)
        {
          problems++;
          if (e->regex || !trun_filter_problem_text (e->problem))
            abort ();
          continue;
        }
      size_t n = e->regex ? strlen (e->regex) : 0;
      if (n == 0 || n > TRUN_FILTER_MAX_LINE || e->regex[0] == ' '
          || e->regex[0] == '\t' || e->regex[n - 1] == ' '
          || e->regex[n - 1] == '\t' || strchr (e->regex, '\n'))
        abort ();
      if ((e->include != 0 && e->include != 1) || (e->file != 0 && e->file != 1))
        abort ();
    }
  if (problems != parsed.problems)
    abort ();
  trun_filter_free (&parsed);
  return 0;
}
