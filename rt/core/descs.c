/* rt/core/descs.c -- descriptor sections registered by each instrumented DSO:
 * remembered (once per range) for the coverage report and the filter
 * file, and filtered at run time (TRUN_ENABLED, TRUN_REGION_INCLUDE,
 * TRUN_REGION_EXCLUDE) by clearing their enabled flags.  When a library
 * is unloaded its range is replaced by a copy on the heap, so what the
 * reports need of it stays readable.
 */
#include "core/core.h"

#include <regex.h>
#include <stdlib.h>
#include <string.h>

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
  have_include = trun_regex_setting (&include_re, trun_filters.region_include,
                                     "TRUN_REGION_INCLUDE");
  have_exclude = trun_regex_setting (&exclude_re, trun_filters.region_exclude,
                                     "TRUN_REGION_EXCLUDE");
}

int
trun_regex_setting (regex_t *re, const char *value, const char *var)
{
  if (!value || !*value)
    return 0;
  if (regcomp (re, value, REG_EXTENDED | REG_NOSUB) == 0)
    return 1;
  trun_warn ("%s: bad regular expression \"%s\": ignored", var, value);
  return 0;
}

static int
matches (regex_t *re, const struct trun_desc *d)
{
  return (d->name && regexec (re, d->name, 0, NULL, 0) == 0)
         || (d->asm_name && regexec (re, d->asm_name, 0, NULL, 0) == 0);
}

/* Other threads may be running the markers, which read the flags.  */
static void
disable (struct trun_desc *d)
{
  __atomic_store_n (&d->enabled, 0, __ATOMIC_RELAXED);
}

/* A run-time filter's verdict, or a refused unit's (entry/register.c).
   A function or OpenMP body no call has entered yet (id 0, claimed here
   so none can) is TRUN_DESC_SKIPPED: the emitted code then calls no
   marker for it.  Otherwise its calls may be open, and it is only
   disabled.  */
void
trun_desc_skip (struct trun_desc *d)
{
  uint32_t none = 0;
  if (d->kind != TRUN_KIND_REGION
      && __atomic_compare_exchange_n (&d->id, &none, TRUN_DESC_ID_SKIPPED, 0,
                                      __ATOMIC_ACQ_REL, __ATOMIC_ACQUIRE))
    __atomic_store_n (&d->enabled, TRUN_DESC_SKIPPED, __ATOMIC_RELEASE);
  else
    disable (d);
}

static void
apply_filters (struct trun_desc *b, struct trun_desc *e)
{
  for (struct trun_desc *d = b; d < e; d++)
    {
      if (!trun_settings.enabled)
        trun_desc_skip (d);
      else if (have_include && !matches (&include_re, d))
        trun_desc_skip (d);
      else if (have_exclude && matches (&exclude_re, d))
        trun_desc_skip (d);
    }
}

void
trun_descs_add (struct trun_desc *begin, struct trun_desc *end)
{
  if (!begin || end <= begin)
    return;
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
  ranges[nranges].retired = 0;
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
        uint32_t id = __atomic_load_n (&d->id, __ATOMIC_RELAXED);
        if (id && id != TRUN_DESC_ID_SKIPPED)
          return 0;
        if (__atomic_load_n (&d->calls, __ATOMIC_RELAXED))
          counted = 1;
      }
  return counted;
}

void
trun_descs_disable_all (void)
{
  for (size_t i = 0; i < nranges; i++)
    for (struct trun_desc *d = ranges[i].begin; d < ranges[i].end; d++)
      disable (d);
}

static const char *
copy_string (const char *s)
{
  return s ? strdup (s) : NULL;
}

static int
same_string (const char *a, const char *b)
{
  return a == b || (a && b && strcmp (a, b) == 0);
}

/* Whether retired range R holds the same functions as [B, B + N).  */
static int
same_functions (const struct trun_desc_range *r, const struct trun_desc *b,
                size_t n)
{
  if ((size_t) (r->end - r->begin) != n)
    return 0;
  for (size_t i = 0; i < n; i++)
    if (!same_string (r->begin[i].asm_name, b[i].asm_name)
        || !same_string (r->begin[i].file, b[i].file)
        || r->begin[i].kind != b[i].kind)
      return 0;
  return 1;
}

static struct trun_desc *
copy_range (const struct trun_desc *b, size_t n)
{
  struct trun_desc *c = calloc (n, sizeof *c);
  for (size_t i = 0; c && i < n; i++)
    {
      c[i] = b[i];
      c[i].enabled = 0;
      c[i].name = copy_string (b[i].name);
      c[i].asm_name = copy_string (b[i].asm_name);
      c[i].file = copy_string (b[i].file);
    }
  return c;
}

void
trun_descs_retire (struct trun_desc *begin, struct trun_desc *end)
{
  pthread_mutex_lock (&lock);
  size_t i = 0;
  while (i < nranges && (ranges[i].retired || ranges[i].begin != begin))
    i++;
  if (i == nranges || end <= begin)
    {
      pthread_mutex_unlock (&lock);
      return;
    }
  size_t n = (size_t) (end - begin);
  struct trun_desc *copy = NULL;
  /* The same library loaded and unloaded again: its calls add up in the
     copy made the first time, so memory does not grow per cycle.  */
  for (size_t j = 0; j < nranges && !copy; j++)
    if (ranges[j].retired && same_functions (&ranges[j], begin, n))
      {
        copy = ranges[j].begin;
        for (size_t k = 0; k < n; k++)
          {
            copy[k].calls += __atomic_load_n (&begin[k].calls,
                                              __ATOMIC_RELAXED);
            if (!copy[k].id || copy[k].id == TRUN_DESC_ID_SKIPPED)
              copy[k].id = begin[k].id;
          }
        ranges[i] = ranges[--nranges];
      }
  if (!copy)
    {
      copy = copy_range (begin, n);
      if (!copy)
        {
          /* Out of memory: forget the range rather than read unmapped
             memory at exit.  */
          ranges[i] = ranges[--nranges];
          pthread_mutex_unlock (&lock);
          trun_throttle_forget (begin, end);
          return;
        }
      ranges[i].begin = copy;
      ranges[i].end = copy + n;
      ranges[i].retired = 1;
    }
  pthread_mutex_unlock (&lock);
  trun_throttle_retarget (begin, end, copy);
}
