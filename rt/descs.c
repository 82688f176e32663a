/* rt/descs.c -- descriptor sections registered by each instrumented DSO:
 * remembered (once per range) for the coverage report and the filter
 * file, and filtered at run time (TRUN_ENABLED, TRUN_REGION_INCLUDE,
 * TRUN_REGION_EXCLUDE) by clearing their enabled flags.
 */
#include "core.h"

#include <regex.h>
#include <stdlib.h>

static struct trun_desc_range *ranges;
static size_t nranges, cap;
static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static regex_t include_re, exclude_re;
static int have_include, have_exclude, compiled;

static void
compile_filters (void)
{
  if (compiled)
    return;
  compiled = 1;
  if (trun_filters.region_include[0])
    {
      if (regcomp (&include_re, trun_filters.region_include,
                   REG_EXTENDED | REG_NOSUB) == 0)
        have_include = 1;
      else
        trun_warn ("TRUN_REGION_INCLUDE: bad regular expression \"%s\": "
                   "ignored", trun_filters.region_include);
    }
  if (trun_filters.region_exclude[0])
    {
      if (regcomp (&exclude_re, trun_filters.region_exclude,
                   REG_EXTENDED | REG_NOSUB) == 0)
        have_exclude = 1;
      else
        trun_warn ("TRUN_REGION_EXCLUDE: bad regular expression \"%s\": "
                   "ignored", trun_filters.region_exclude);
    }
}

static int
matches (regex_t *re, const struct trun_desc *d)
{
  return (d->name && regexec (re, d->name, 0, NULL, 0) == 0)
         || (d->asm_name && regexec (re, d->asm_name, 0, NULL, 0) == 0);
}

static void
apply_filters (struct trun_desc *b, struct trun_desc *e)
{
  for (struct trun_desc *d = b; d < e; d++)
    {
      if (!trun_settings.enabled)
        d->enabled = 0;
      else if (have_include && !matches (&include_re, d))
        d->enabled = 0;
      else if (have_exclude && matches (&exclude_re, d))
        d->enabled = 0;
    }
}

void
__trun_register_descs (struct trun_desc *begin, struct trun_desc *end)
{
  if (!begin || end <= begin)
    return;
  trun_ensure_init ();
  pthread_mutex_lock (&lock);
  for (size_t i = 0; i < nranges; i++)
    if (ranges[i].begin == begin)
      {
        pthread_mutex_unlock (&lock);
        return;
      }
  if (nranges == cap)
    {
      size_t ncap = cap ? cap * 2 : 16;
      struct trun_desc_range *nr = realloc (ranges, ncap * sizeof *nr);
      if (!nr)
        {
          pthread_mutex_unlock (&lock);
          return;
        }
      ranges = nr;
      cap = ncap;
    }
  ranges[nranges].begin = begin;
  ranges[nranges].end = end;
  nranges++;
  compile_filters ();
  apply_filters (begin, end);
  pthread_mutex_unlock (&lock);
}

const struct trun_desc_range *
trun_desc_ranges (size_t *n)
{
  *n = nranges;
  return ranges;
}

/* Coverage builds only count entries: no function descriptor was ever
   entered through a marker (none has an id), yet some counted calls.  */
int
trun_coverage_mode (void)
{
  int counted = 0;
  for (size_t i = 0; i < nranges; i++)
    for (struct trun_desc *d = ranges[i].begin; d < ranges[i].end; d++)
      {
        if (d->kind != TRUN_KIND_FUNCTION)
          continue;
        if (d->id)
          return 0;
        if (d->calls)
          counted = 1;
      }
  return counted;
}

void
trun_descs_disable_all (void)
{
  for (size_t i = 0; i < nranges; i++)
    for (struct trun_desc *d = ranges[i].begin; d < ranges[i].end; d++)
      d->enabled = 0;
}

/* ABI version 2 entry points, a stand-in until the runtime's own land:
   the unit's range is registered as version 1's was, and nothing is
   forgotten at unregistration.  */
void
__trun_register_unit (struct trun_unit *u)
{
  __trun_register_descs (u->begin, u->end);
}

void
__trun_unregister_unit (struct trun_unit *u)
{
  (void) u;
}
