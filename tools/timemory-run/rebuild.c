/* tools/timemory-run/rebuild.c -- timemory-run -o OUT -- PROGRAM.
 *
 * PROGRAM's compile commands come from plan.c: a compilation database or
 * the log a wrapped build recorded (.timemory-run/commands.jsonl, which
 * also holds link commands), found beside PROGRAM or through its DWARF,
 * else reconstructed from its DWARF.  The translation units that went
 * into PROGRAM are
 * chosen through its DWARF compile units (else through the recorded link
 * command, else all), recompiled through the plugin in a private
 * directory, and linked into OUT with PROGRAM's libraries.  Nothing of
 * PROGRAM's build is written to.
 */
#define _GNU_SOURCE
#include "rebuild.h"
#include "jobs.h"
#include "ccargs.h"
#include "cdb.h"
#include "flags.h"
#include "lists.h"
#include "plan.h"
#include "trun-cc.h"
#include "util/alloc.h"
#include "util/path.h"
#include "util/run.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* ------------------------------------------------------------------ */
/* What went into PROGRAM                                             */

/* The archive a "-lNAME" of LINK resolves to through its -L
   directories, when the linker would pick an archive there; else NULL.  */
static char *
archive_of_library (const struct command *link, const char *lib)
{
  for (size_t i = 1; i < link->args.n; i++)
    {
      const char *a = link->args.v[i];
      const char *dir = NULL;
      if (strcmp (a, "-L") == 0 && i + 1 < link->args.n)
        dir = link->args.v[++i];
      else if (starts_with (a, "-L"))
        dir = a + 2;
      if (!dir)
        continue;
      char *base = path_absolute (link->dir, dir);
      char *so = xasprintf ("%s/lib%s.so", base, lib);
      char *ar = lib[0] == ':' ? xasprintf ("%s/%s", base, lib + 1)
                               : xasprintf ("%s/lib%s.a", base, lib);
      int has_so = lib[0] != ':' && is_file (so);
      int has_ar = is_file (ar) && ends_with (ar, ".a");
      free (base), free (so);
      if (has_ar && !has_so)
        return ar;
      free (ar);
      if (has_so)
        return NULL;
    }
  return NULL;
}

/* Canonical paths of the link's object and archive inputs, and the
   objects inside its archives (by member name).  */
static void
link_inputs (const struct command *link, struct strv *inputs, struct strv *members)
{
  struct cc_args ca;
  cc_parse (link->args.v, &ca);
  for (size_t i = 0; i < ca.ninputs; i++)
    {
      const char *a = ca.inputs[i].arg;
      char *archive = NULL;
      if (ca.inputs[i].kind == CC_INPUT_LINK && a[0] == '-')
        archive = archive_of_library (link, a + 2);
      else if (ca.inputs[i].kind == CC_INPUT_LINK
               && ca.inputs[i].index > 0 && strcmp (link->args.v[ca.inputs[i].index - 1], "-l") == 0)
        archive = archive_of_library (link, a);
      if (archive)
        a = archive;
      if (ca.inputs[i].kind == CC_INPUT_LINK && a[0] != '-')
        {
          char *p = path_canonical (link->dir, a);
          strv_push (inputs, p);
          if (ends_with (p, ".a"))
            {
              char *out = NULL;
              char *argv[] = { "ar", "t", p, NULL };
              if (run_command (argv, &out, 1) == 0)
                strv_split (members, out, '\n');
              free (out);
            }
          free (p);
        }
      else if (ca.inputs[i].kind == CC_INPUT_SOURCE)
        {
          char *p = path_canonical (link->dir, a);
          strv_push (inputs, p);
          free (p);
        }
      free (archive);
    }
  cc_free (&ca);
}

/* Choose one compile command per translation unit of PROGRAM.  */
static size_t
select_units (const struct database *db, const struct strv *dwarf_cu, const struct command *link,
              const struct command **units)
{
  struct strv cu = { 0 }, inputs = { 0 }, members = { 0 };
  strv_extend (&cu, dwarf_cu);
  if (link)
    link_inputs (link, &inputs, &members);
  size_t n = 0;
  for (size_t i = db->n; i-- > 0;) /* latest first */
    {
      const struct command *c = &db->cmds[i];
      if (c->is_link)
        continue;
      char *out = path_canonical (NULL, c->output);
      int in_link = strv_contains (&inputs, out) || strv_contains (&inputs, c->file)
                    || strv_contains (&members, base_name (out));
      free (out);
      /* Debug info names the units compiled with -g; the link command
         names the others (objects, and members of its archives).  */
      int wanted = (cu.n && strv_contains (&cu, c->file)) || (link && in_link)
                   || (!cu.n && !link);
      if (!wanted)
        continue;
      /* One per file: prefer the command whose object the link used
         (libtool compiles a PIC and a non-PIC object of each file).  */
      size_t k;
      for (k = 0; k < n && strcmp (units[k]->file, c->file) != 0; k++)
        ;
      if (k == n)
        units[n++] = c;
      else if (link && in_link)
        units[k] = c;
    }
  strv_free (&cu), strv_free (&inputs), strv_free (&members);
  return n;
}

/* ------------------------------------------------------------------ */
/* Recompiling and linking                                            */

/* UNIT's command, compiling only its file into OBJ with the plugin and
   writing nothing else (no dependency files).  */
static void
recompile_command (const struct command *unit, const char *obj,
                   const struct instrument_flags *fl, struct strv *cmd)
{
  struct cc_args ca;
  cc_parse (unit->args.v, &ca);
  size_t argc = unit->args.n;
  char *skip = xmalloc (argc);
  memset (skip, 0, argc);
  for (size_t i = 0; i < ca.ninputs; i++)
    {
      char *p = path_canonical (unit->dir, ca.inputs[i].arg);
      if (strcmp (p, unit->file) != 0)
        {
          int idx = ca.inputs[i].index;
          skip[idx] = 1;
          if (idx > 0 && strcmp (unit->args.v[idx - 1], "-l") == 0)
            skip[idx - 1] = 1;
        }
      free (p);
    }
  strv_push (cmd, unit->args.v[0]);
  for (size_t i = 1; i < argc; i++)
    {
      const char *a = unit->args.v[i];
      if (skip[i])
        continue;
      if (strcmp (a, "-o") == 0 || strcmp (a, "-MF") == 0 || strcmp (a, "-MT") == 0
          || strcmp (a, "-MQ") == 0)
        {
          i++;
          continue;
        }
      if (strcmp (a, "-c") == 0 || strcmp (a, "-MD") == 0 || strcmp (a, "-MMD") == 0
          || strcmp (a, "-MP") == 0 || starts_with (a, "-MF") || starts_with (a, "-MT")
          || starts_with (a, "-MQ") || starts_with (a, "-o") || starts_with (a, "-Wp,-MD")
          || starts_with (a, "-Wp,-MMD"))
        continue;
      strv_push (cmd, a);
    }
  strv_push (cmd, "-c");
  strv_push (cmd, "-o");
  strv_push (cmd, obj);
  strv_extend (cmd, &fl->compile);
  free (skip);
  cc_free (&ca);
}

/* The recorded link with OUT as output and the new objects in place of
   the old ones.  */
static void
relink_command (const struct command *link, const struct command **units,
                char **objs, size_t n, const char *out, struct strv *cmd)
{
  struct cc_args ca;
  cc_parse (link->args.v, &ca);
  char *placed = xmalloc (n + 1);
  memset (placed, 0, n + 1);
  size_t first_input = ca.ninputs ? (size_t) ca.inputs[0].index : link->args.n;
  strv_push (cmd, link->args.v[0]);
  for (size_t i = 1; i < link->args.n; i++)
    {
      const char *a = link->args.v[i];
      if ((int) i == ca.output_index)
        {
          if (strcmp (a, "-o") == 0)
            i++;
          continue;
        }
      if (i == first_input)
        for (size_t k = 0; k < n; k++)
          if (!placed[k])
            {
              /* Objects that came from archives: put them first.  */
              char *o = path_canonical (NULL, units[k]->output);
              int direct = 0;
              for (size_t m = 0; m < ca.ninputs && !direct; m++)
                {
                  char *p = path_canonical (link->dir, ca.inputs[m].arg);
                  direct = strcmp (p, o) == 0 || strcmp (p, units[k]->file) == 0;
                  free (p);
                }
              free (o);
              if (!direct)
                strv_push (cmd, objs[k]), placed[k] = 1;
            }
      int replaced = 0;
      if (a[0] != '-')
        {
          char *p = path_canonical (link->dir, a);
          for (size_t k = 0; k < n && !replaced; k++)
            {
              char *o = path_canonical (NULL, units[k]->output);
              if (strcmp (p, o) == 0 || strcmp (p, units[k]->file) == 0)
                {
                  if (!placed[k])
                    strv_push (cmd, objs[k]);
                  placed[k] = 1;
                  replaced = 1;
                }
              free (o);
            }
          free (p);
        }
      if (!replaced)
        strv_push (cmd, a);
    }
  strv_push (cmd, "-o");
  strv_push (cmd, out);
  free (placed);
  cc_free (&ca);
}

static int
is_cxx_unit (const struct command *u)
{
  return strstr (base_name (u->args.v[0]), "++") || !(ends_with (u->file, ".c") || ends_with (u->file, ".i"));
}

/* A link from scratch: the new objects plus PROGRAM's DT_NEEDED libraries
   and RUNPATH, read with readelf -d.  */
static int
fresh_link_command (const struct options *o, const char *program,
                    const struct command **units, char **objs, size_t n,
                    const char *out, struct strv *cmd)
{
  int cxx = 0;
  for (size_t k = 0; k < n; k++)
    cxx |= is_cxx_unit (units[k]);
  char *compiler = NULL;
  if (o->mpi)
    {
      const char *mpi = getenv (cxx ? "MPICXX" : "MPICC");
      compiler = find_in_path (mpi && *mpi ? mpi : cxx ? "mpicxx" : "mpicc", NULL, NULL);
      if (!compiler)
        {
          fprintf (stderr, "%s: --mpi: no %s on PATH\n", program_name, cxx ? "mpicxx" : "mpicc");
          return -1;
        }
    }
  else
    compiler = xstrdup (cxx ? "g++" : "gcc");
  strv_push_own (cmd, compiler);
  for (size_t k = 0; k < n; k++)
    strv_push (cmd, objs[k]);
  strv_push (cmd, "-o");
  strv_push (cmd, out);

  char *dyn = NULL;
  char *argv[] = { "readelf", "-d", "-W", (char *) program, NULL };
  run_command (argv, &dyn, 1);
  struct strv lines = { 0 };
  strv_split (&lines, dyn ? dyn : "", '\n');
  for (size_t i = 0; i < lines.n; i++)
    {
      char *l = lines.v[i];
      char *open = strchr (l, '['), *close = open ? strchr (open, ']') : NULL;
      if (!open || !close)
        continue;
      char *value = xstrndup (open + 1, (size_t) (close - open - 1));
      if (strstr (l, "(RUNPATH)") || strstr (l, "(RPATH)"))
        {
          struct strv dirs = { 0 };
          strv_split (&dirs, value, ':');
          for (size_t d = 0; d < dirs.n; d++)
            {
              strv_push_own (cmd, xasprintf ("-L%s", dirs.v[d]));
              strv_push_own (cmd, xasprintf ("-Wl,-rpath,%s", dirs.v[d]));
            }
          strv_free (&dirs);
        }
      else if (strstr (l, "(NEEDED)"))
        {
          static const char *const implicit[] = { "libc.so", "ld-linux", "libgcc_s.so",
                                                  "libstdc++.so", "libtrun.so", NULL };
          int skip = 0;
          for (size_t k = 0; implicit[k]; k++)
            skip |= starts_with (value, implicit[k]);
          if (starts_with (value, "libpthread.so"))
            strv_push (cmd, "-pthread");
          else if (!skip)
            strv_push_own (cmd, xasprintf ("-l:%s", value));
        }
      free (value);
    }
  strv_free (&lines);
  free (dyn);
  return 0;
}

static char *
make_temp_dir (void)
{
  const char *tmp = getenv ("TMPDIR");
  char *templ = xasprintf ("%s/trun-rebuild-XXXXXX", tmp && *tmp ? tmp : "/tmp");
  if (!mkdtemp (templ))
    {
      fprintf (stderr, "%s: cannot create a directory like %s: %s\n", program_name, templ,
               strerror (errno));
      free (templ);
      return NULL;
    }
  return templ;
}

static int
run_step (const struct options *o, const char *dir, struct strv *cmd)
{
  if (o->dry_run)
    {
      char *q = shell_quote (dir);
      printf ("cd %s && ", q);
      free (q);
      print_command (stdout, "", cmd->v);
      return 0;
    }
  if (o->verbose)
    print_command (stderr, "timemory-run: ", cmd->v);
  int rc = run_command_in (dir, cmd->v, NULL, 0);
  if (rc != 0)
    print_command (stderr, "timemory-run: this command failed: ", cmd->v);
  return rc;
}

char *
resolve_program (const char *program)
{
  char *path = strchr (program, '/') ? xstrdup (program) : find_in_path (program, NULL, NULL);
  if (!path || !is_file (path))
    {
      fprintf (stderr, "%s: no program '%s'\n", program_name, program);
      free (path);
      return NULL;
    }
  char *canon = path_canonical (NULL, path);
  free (path);
  return canon;
}

int
rebuild_program (const struct options *o, const struct install *in, const char *program_arg,
                 const char *out_arg, const char *shown_out)
{
  char *program = resolve_program (program_arg);
  if (!program)
    return 1;
  struct database db;
  struct dwarf_info di;
  if (plan_compile_commands (o, program, program_arg, &db, &di) != 0)
    {
      free (program);
      return 1;
    }
  const struct command *link = plan_find_link (&db, program, di.build_id);
  struct strv cu = { 0 };
  dwarf_unit_sources (&di, &cu);
  const struct command **units = xmalloc ((db.n + 1) * sizeof *units);
  size_t n = select_units (&db, &cu, link, units);
  strv_free (&cu);
  if (!n)
    {
      fprintf (stderr, "%s: none of %s's sources is in %s\n", program_name, program_arg, db.path);
      return 1;
    }
  /* Sources the commands name that are gone: one error naming them all.  */
  int gone = 0;
  for (size_t k = 0; k < n; k++)
    if (!is_file (units[k]->file))
      {
        if (!gone++)
          fprintf (stderr, "%s: cannot rebuild %s: sources that %s compiles moved or are "
                   "missing:\n", program_name, program_arg, db.path);
        fprintf (stderr, "    %s\n", units[k]->file);
      }
  if (gone)
    {
      fprintf (stderr, "  Put them back where they were, or rebuild %s where they are now "
               "and export its compile commands again.\n", program_arg);
      return 1;
    }
  if (o->verbose)
    fprintf (stderr, "%s: %zu translation unit%s of %s from %s%s\n", program_name, n,
             n == 1 ? "" : "s", program_arg, db.path, link ? " (with its link command)" : "");

  char *tmp = o->dry_run ? xstrdup ("$TMPDIR/trun-rebuild") : make_temp_dir ();
  if (!tmp)
    return 1;
  struct instrument_flags fl;
  int rc = make_instrument_flags (o, in, tmp, &fl);
  char *out = path_absolute (NULL, out_arg);
  char **objs = xmalloc (n * sizeof *objs);
  struct strv *cmds = xmalloc ((n + 1) * sizeof *cmds);
  const char **dirs = xmalloc ((n + 1) * sizeof *dirs);
  memset (cmds, 0, (n + 1) * sizeof *cmds);
  for (size_t k = 0; k < n; k++)
    {
      char *obj_name = cc_default_object (units[k]->file);
      objs[k] = xasprintf ("%s/%zu-%s", tmp, k, obj_name);
      free (obj_name);
      recompile_command (units[k], objs[k], &fl, &cmds[k]);
      dirs[k] = units[k]->dir;
    }
  if (rc == 0)
    {
      rc = run_steps (o, n, dirs, cmds); /* -j at once */
      if (rc != 0 && strcmp (db.path, PLAN_FROM_DWARF) == 0)
        fprintf (stderr, "%s: that compile command was reconstructed from %s's debug "
                 "information, which lacks what the build gave on the command line (-D "
                 "without -g3, an -I\n  it could not find): export its compile commands "
                 "(or wrap its build) instead\n", program_name, program_arg);
    }
  for (size_t k = 0; k < n; k++)
    strv_free (&cmds[k]);
  free (cmds), free (dirs);
  if (rc == 0)
    {
      struct strv cmd = { 0 };
      char *cwd = current_dir ();
      if (link)
        relink_command (link, units, objs, n, out, &cmd);
      else
        rc = fresh_link_command (o, program, units, objs, n, out, &cmd);
      strv_extend (&cmd, &fl.exe);
      cc_add_runtime (&cmd, &fl.link);
      if (rc == 0)
        rc = run_step (o, link ? link->dir : cwd, &cmd);
      strv_free (&cmd);
      free (cwd);
    }
  if (rc == 0 && !o->dry_run)
    {
      struct strv objects = { 0 };
      for (size_t k = 0; k < n; k++)
        strv_push (&objects, objs[k]);
      rc = write_function_lists (o, fl.list_file, &objects);
      strv_free (&objects);
      char *what = xasprintf ("wrote %s", shown_out ? shown_out : out_arg);
      print_summary (o, fl.list_file, what);
      print_skip_summary (fl.skip_file);
      free (what);
    }
  if (!o->dry_run && o->verbose < 2)
    remove_tree (tmp);
  for (size_t k = 0; k < n; k++)
    free (objs[k]);
  free (objs), free (out), free (tmp), free (units), free (program);
  dwarf_info_free (&di);
  return rc ? 1 : 0;
}
