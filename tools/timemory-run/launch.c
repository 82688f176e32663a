/* tools/timemory-run/launch.c -- timemory-run -- PROGRAM ARGS: PROGRAM's
 * instrumented copy, rebuilt into a cache directory keyed by PROGRAM and
 * every option, then run in place of timemory-run.
 */
#define _GNU_SOURCE
#include "launch.h"
#include "rebuild.h"
#include "util/alloc.h"
#include "util/path.h"
#include "util/run.h"

#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static uint64_t
fnv1a (uint64_t h, const char *s)
{
  for (; *s; s++)
    h = (h ^ (unsigned char) *s) * 0x100000001b3ULL;
  return (h ^ 0xff) * 0x100000001b3ULL;
}

/* What decides the instrumented copy: the program and every option.  */
static uint64_t
cache_key (const struct options *o, const char *program)
{
  struct stat st;
  uint64_t h = 0xcbf29ce484222325ULL;
  h = fnv1a (h, program);
  if (stat (program, &st) == 0)
    {
      char stamp[64];
      snprintf (stamp, sizeof stamp, "%lld.%ld:%lld", (long long) st.st_mtim.tv_sec,
                st.st_mtim.tv_nsec, (long long) st.st_size);
      h = fnv1a (h, stamp);
    }
  const char *scalars[] = { o->mode, o->default_components, o->min_instructions,
                            o->filter_from, o->compile_commands, o->mpip ? "mpip" : "",
                            o->mpi ? "mpi" : "" };
  for (size_t i = 0; i < sizeof scalars / sizeof scalars[0]; i++)
    h = fnv1a (h, scalars[i] ? scalars[i] : "-");
  char labels[16];
  snprintf (labels, sizeof labels, "label%d", o->labels);
  h = fnv1a (h, labels);
  const struct strv *lists[] = { &o->function_include, &o->function_exclude, &o->module_include,
                                 &o->module_exclude, &o->collections, &o->env };
  for (size_t i = 0; i < sizeof lists / sizeof lists[0]; i++)
    {
      for (size_t k = 0; k < lists[i]->n; k++)
        h = fnv1a (h, lists[i]->v[k]);
      h = fnv1a (h, "|");
    }
  return h;
}

static char *
cache_dir (void)
{
  const char *xdg = getenv ("XDG_CACHE_HOME");
  if (xdg && *xdg)
    return path_join (xdg, "trun");
  const char *home = getenv ("HOME");
  return path_join (home && *home ? home : "/tmp", ".cache/trun");
}

int
launch_program (const struct options *o, const struct install *in)
{
  char *program = resolve_program (o->command[0]);
  if (!program)
    return 127;
  char *cache = cache_dir ();
  char *dir = xasprintf ("%s/%016llx", cache, (unsigned long long) cache_key (o, program));
  char *copy = path_join (dir, base_name (program));
  if (!is_executable (copy) || o->dry_run)
    {
      if (!o->dry_run && mkdir_p (dir) != 0)
        {
          fprintf (stderr, "%s: cannot create %s: %s\n", program_name, dir, strerror (errno));
          return 1;
        }
      char *partial = xasprintf ("%s.tmp%ld", copy, (long) getpid ());
      int rc = rebuild_program (o, in, program, partial, copy);
      if (rc != 0 || o->dry_run)
        {
          unlink (partial);
          if (o->dry_run)
            print_command (stdout, "", o->command);
          return rc;
        }
      if (rename (partial, copy) != 0)
        {
          fprintf (stderr, "%s: cannot create %s: %s\n", program_name, copy, strerror (errno));
          return 1;
        }
      free (partial);
    }
  else if (o->verbose)
    fprintf (stderr, "%s: using the cached %s\n", program_name, copy);
  fflush (NULL);
  execv (copy, o->command);
  fprintf (stderr, "%s: cannot run %s: %s\n", program_name, copy, strerror (errno));
  return 127;
}
