/* rt/throttle.c -- stop measuring tiny, frequently called functions.
 *
 * At a function's exit, once its node has been counted more than
 * TRUN_THROTTLE_COUNT times (the hot path compares one integer), the mean
 * is checked here; below TRUN_THROTTLE_VALUE the descriptor's enabled
 * flag is cleared, so the plugin's inline test skips it from then on.
 * The plugin keeps a local copy of the flag per call, so frames already
 * open still exit normally.  At exit the throttled and never-called
 * functions are written as a filter file for the next build.
 */
#include "core.h"

#include <stdlib.h>
#include <string.h>

static struct trun_desc **throttled;
static size_t nthrottled, cap_throttled;
static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static double limit_ticks;

void
trun_throttle_setup (void)
{
  if (trun_settings.throttle_count == 0)
    trun_throttle_count_limit = UINT64_MAX;
  else
    trun_throttle_count_limit = trun_settings.throttle_count;
  limit_ticks = trun_settings.throttle_value / trun_tick_seconds;
}

void
trun_throttle_check (struct trun_desc *d, struct trun_node *n)
{
  if (!d || d->kind != TRUN_KIND_FUNCTION || !d->enabled)
    return;
  if (n->wall.sum / (double) n->wall.count >= limit_ticks)
    return;
  d->enabled = 0;
  pthread_mutex_lock (&lock);
  if (nthrottled == cap_throttled)
    {
      size_t ncap = cap_throttled ? cap_throttled * 2 : 64;
      struct trun_desc **nt = realloc (throttled, ncap * sizeof *nt);
      if (!nt)
        {
          pthread_mutex_unlock (&lock);
          return;
        }
      throttled = nt;
      cap_throttled = ncap;
    }
  throttled[nthrottled++] = d;
  pthread_mutex_unlock (&lock);
  trun_verbose ("throttled \"%s\" after %llu calls", d->name,
                (unsigned long long) n->wall.count);
}

/* Mark the merged nodes of throttled functions.  The unmeasured calls
   cannot be told apart by caller, so they go to the function's busiest
   node.  */
void
trun_throttle_mark (struct trun_mtree *t)
{
  for (size_t i = 0; i < nthrottled; i++)
    {
      struct trun_desc *d = throttled[i];
      const char *label = trun_intern_name (d->id);
      struct trun_mnode *best = NULL;
      struct trun_mnode *n = t->root.first_child;
      while (n)
        {
          if (n->label == label)
            {
              n->throttled = 1;
              if (!best
                  || trun_mnode_stat (t, n, TRUN_WALL_CLOCK)->count
                         > trun_mnode_stat (t, best, TRUN_WALL_CLOCK)->count)
                best = n;
            }
          n = trun_mnode_next (n, &t->root);
        }
      if (best)
        best->unmeasured += d->calls;
    }
}

static void
put_regex_escaped (FILE *f, const char *s)
{
  for (; *s; s++)
    {
      if (strchr ("\\^$.|?*+()[]{}", *s))
        fputc ('\\', f);
      fputc (*s, f);
    }
}

static void
put_rule (FILE *f, const struct trun_desc *d, const char *why)
{
  fprintf (f, "# %s: %s (%s:%u)\nexclude function ^", why, d->name,
           d->file ? d->file : "?", d->line);
  put_regex_escaped (f, d->asm_name && *d->asm_name ? d->asm_name : d->name);
  fputs ("$\n", f);
}

void
trun_write_filter (const char *file)
{
  size_t nranges;
  const struct trun_desc_range *r = trun_desc_ranges (&nranges);
  size_t nfunctions = 0;
  for (size_t i = 0; i < nranges; i++)
    for (struct trun_desc *d = r[i].begin; d < r[i].end; d++)
      nfunctions += d->kind == TRUN_KIND_FUNCTION;
  if (nfunctions == 0)
    return;
  FILE *f = fopen (file, "w");
  if (!f)
    return;
  fputs ("# trun filter: functions not worth instrumenting, from the last "
         "run\n# use with -fplugin-arg-trun-filter=THIS_FILE\n", f);
  for (size_t i = 0; i < nthrottled; i++)
    put_rule (f, throttled[i], "throttled");
  for (size_t i = 0; i < nranges; i++)
    for (struct trun_desc *d = r[i].begin; d < r[i].end; d++)
      if (d->kind == TRUN_KIND_FUNCTION && d->id == 0 && d->calls == 0)
        put_rule (f, d, "never called");
  fclose (f);
}
