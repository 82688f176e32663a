/* tools/timemory-run/flags.c -- the instrumentation flags (see flags.h).  */
#define _GNU_SOURCE
#include "flags.h"
#include "trun-cc.h"
#include "util/alloc.h"
#include "util/buf.h"
#include "util/json-write.h"
#include "util/path.h"
#include "util/run.h"

#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* REGEXES as one alternation: the plugin takes one regex per key.  */
static char *
alternation (const struct strv *regexes)
{
  if (regexes->n == 1)
    return xstrdup (regexes->v[0]);
  struct buf b = { 0 };
  for (size_t i = 0; i < regexes->n; i++)
    buf_printf (&b, "%s(%s)", i ? "|" : "", regexes->v[i]);
  return b.s;
}

static void
push_plugin_arg (struct strv *sv, const char *key, const char *value)
{
  strv_push_own (sv, xasprintf ("-fplugin-arg-trun-%s=%s", key, value));
}

/* A regex matching exactly NAME.  */
static void
buf_regex_literal (struct buf *b, const char *name)
{
  buf_puts (b, "^");
  for (const char *p = name; *p; p++)
    {
      if (strchr ("\\^$.|?*+()[]{}", *p))
        buf_puts (b, "\\");
      buf_add (b, p, 1);
    }
  buf_puts (b, "$");
}

/* One filter file from the -C collections and --filter-from's profile.  */
static char *
write_filter_file (const struct options *o, const char *workdir)
{
  struct buf b = { 0 };
  buf_puts (&b, "# written by timemory-run\n");
  for (size_t i = 0; i < o->collections.n; i++)
    {
      /* "!FILE" (timemory): every name of FILE excluded.  */
      int all_excluded = o->collections.v[i][0] == '!';
      char *text = read_file_text (o->collections.v[i] + all_excluded, NULL);
      struct strv lines = { 0 };
      strv_split (&lines, text ? text : "", '\n');
      for (size_t k = 0; k < lines.n; k++)
        {
          char *name = lines.v[k];
          while (isspace ((unsigned char) *name))
            name++;
          char *end = name + strlen (name);
          while (end > name && isspace ((unsigned char) end[-1]))
            *--end = 0;
          if (!*name || *name == '#')
            continue;
          int exclude = *name == '!';
          buf_puts (&b, exclude || all_excluded ? "exclude function " : "include function ");
          buf_regex_literal (&b, exclude ? name + 1 : name);
          buf_puts (&b, "\n");
        }
      strv_free (&lines);
      free (text);
    }
  struct strv profile_files = { 0 };
  if (o->filter_from)
    profile_filter_files (o->filter_from, &profile_files);
  for (size_t i = 0; i < profile_files.n; i++)
    {
      char *text = read_file_text (profile_files.v[i], NULL);
      if (text)
        {
          buf_puts (&b, text);
          if (!ends_with (text, "\n"))
            buf_puts (&b, "\n");
        }
      free (text);
    }
  strv_free (&profile_files);
  char *file = path_join (workdir, "filter.txt");
  if (!o->dry_run && write_file_text (file, b.s) != 0)
    {
      fprintf (stderr, "%s: cannot write %s: %s\n", program_name, file, strerror (errno));
      free (file);
      file = NULL;
    }
  free (b.s);
  return file;
}

/* The settings baked into the program: -d, --env, --mpip.  */
static void
baked_settings (const struct options *o, struct strv *names, struct strv *values)
{
  if (o->default_components)
    {
      strv_push (names, "TRUN_TRACE_COMPONENTS");
      strv_push (values, o->default_components);
      if (strcmp (o->mode, "region") == 0)
        {
          strv_push (names, "TRUN_COMPONENTS");
          strv_push (values, o->default_components);
        }
    }
  if (o->mpip)
    {
      strv_push (names, "TRUN_MPIP");
      strv_push (values, "on");
    }
  for (size_t i = 0; i < o->env.n; i++)
    {
      const char *eq = strchr (o->env.v[i], '=');
      strv_push_own (names, xstrndup (o->env.v[i], (size_t) (eq - o->env.v[i])));
      strv_push (values, eq + 1);
    }
}

/* A tiny object whose .preinit_array entry runs before any shared
   library's constructor (so before the runtime reads its settings).  At
   that point libc has not yet taken over the environment, so setenv
   would be lost: when a baked setting is missing (under its TRUN_ or
   TIMEMORY_ name) the program re-executes itself once with it added.  */
static char *
write_defaults_object (const struct options *o, const char *workdir)
{
  struct strv names = { 0 }, values = { 0 };
  baked_settings (o, &names, &values);
  if (!names.n)
    return NULL;
  struct buf b = { 0 };
  buf_puts (&b, "/* written by timemory-run: settings baked into the program */\n"
                "#include <string.h>\n#include <unistd.h>\n"
                "static const char *const trun_baked[][3] = {\n");
  for (size_t i = 0; i < names.n; i++)
    {
      char *alt = starts_with (names.v[i], "TRUN_")
                    ? xasprintf ("TIMEMORY_%s", names.v[i] + 5) : xstrdup (names.v[i]);
      char *assign = xasprintf ("%s=%s", names.v[i], values.v[i]);
      buf_puts (&b, "  { ");
      buf_json_string (&b, names.v[i]);
      buf_puts (&b, ", ");
      buf_json_string (&b, alt);
      buf_puts (&b, ", ");
      buf_json_string (&b, assign);
      buf_puts (&b, " },\n");
      free (alt), free (assign);
    }
  buf_puts (&b,
    "};\n"
    "#define N_BAKED (sizeof trun_baked / sizeof trun_baked[0])\n"
    "static int trun_env_has (char **envp, const char *name)\n"
    "{\n"
    "  size_t len = strlen (name);\n"
    "  for (; envp && *envp; envp++)\n"
    "    if (strncmp (*envp, name, len) == 0 && (*envp)[len] == '=')\n"
    "      return 1;\n"
    "  return 0;\n"
    "}\n"
    "static int trun_is_set (char **envp, size_t i)\n"
    "{\n"
    "  return trun_env_has (envp, trun_baked[i][0]) || trun_env_has (envp, trun_baked[i][1])\n"
    "         || (strstr (trun_baked[i][0], \"COMPONENTS\")\n"
    "             && trun_env_has (envp, \"TIMEMORY_GLOBAL_COMPONENTS\"));\n"
    "}\n"
    "static void trun_apply_baked (int argc, char **argv, char **envp)\n"
    "{\n"
    "  size_t n = 0, missing = 0;\n"
    "  (void) argc;\n"
    "  for (size_t i = 0; i < N_BAKED; i++)\n"
    "    missing += !trun_is_set (envp, i);\n"
    "  if (!missing)\n"
    "    return;\n"
    "  while (envp && envp[n])\n"
    "    n++;\n"
    "  char *env[n + N_BAKED + 1];\n"
    "  for (size_t i = 0; i < n; i++)\n"
    "    env[i] = envp[i];\n"
    "  for (size_t i = 0; i < N_BAKED; i++)\n"
    "    if (!trun_is_set (envp, i))\n"
    "      env[n++] = (char *) trun_baked[i][2];\n"
    "  env[n] = 0;\n"
    "  execve (\"/proc/self/exe\", argv, env);\n"
    "  /* Could not re-execute: run without the baked settings.  */\n"
    "}\n"
    "__attribute__ ((section (\".preinit_array\"), used))\n"
    "static void (*const trun_baked_init) (int, char **, char **) = trun_apply_baked;\n");
  char *src = path_join (workdir, "trun-defaults.c");
  char *obj = path_join (workdir, "trun-defaults.o");
  int ok = 1;
  if (!o->dry_run)
    {
      ok = write_file_text (src, b.s) == 0;
      char *cc = find_in_path ("gcc", NULL, NULL);
      char *argv[] = { cc ? cc : "cc", "-O2", "-fPIC", "-c", src, "-o", obj, NULL };
      ok = ok && run_command (argv, NULL, 0) == 0;
      free (cc);
    }
  strv_free (&names);
  strv_free (&values);
  free (b.s);
  free (src);
  if (!ok)
    {
      fprintf (stderr, "%s: cannot build the baked settings object %s\n", program_name, obj);
      free (obj);
      return xstrdup ("");
    }
  return obj;
}

int
make_instrument_flags (const struct options *o, const struct install *in,
                       const char *workdir, struct instrument_flags *fl)
{
  memset (fl, 0, sizeof *fl);
  strv_push_own (&fl->compile, xasprintf ("-fplugin=%s", in->plugin));
  push_plugin_arg (&fl->compile, "mode", o->mode);
  struct { const struct strv *regexes; const char *key; } filters[] = {
    { &o->function_include, "include" }, { &o->function_exclude, "exclude" },
    { &o->module_include, "file-include" }, { &o->module_exclude, "file-exclude" },
  };
  for (size_t i = 0; i < 4; i++)
    if (filters[i].regexes->n)
      {
        char *re = alternation (filters[i].regexes);
        push_plugin_arg (&fl->compile, filters[i].key, re);
        free (re);
      }
  if (o->min_instructions)
    push_plugin_arg (&fl->compile, "min-statements", o->min_instructions);
  if (o->labels)
    {
      static const char *const names[] = { "file", "line", "return", "args" };
      struct strv parts = { 0 };
      for (int k = 0; k < 4; k++)
        if (o->labels & (1 << k))
          strv_push (&parts, names[k]);
      char *joined = strv_join (&parts, ",");
      push_plugin_arg (&fl->compile, "label", joined);
      free (joined);
      strv_free (&parts);
    }
  if (o->collections.n || o->filter_from)
    {
      char *filter = write_filter_file (o, workdir);
      if (!filter)
        return -1;
      push_plugin_arg (&fl->compile, "filter", filter);
      free (filter);
    }
  fl->list_file = path_join (workdir, TRUN_STATE_LIST);
  push_plugin_arg (&fl->compile, "list", fl->list_file);
  fl->skip_file = path_join (workdir, TRUN_STATE_SKIPS);
  push_plugin_arg (&fl->compile, "skip-counts", fl->skip_file);
  /* timemory's listings of what could be instrumented.  */
  if (o->print_available_what || o->print_excluded_what || o->print_dir)
    {
      char *available = path_join (workdir, TRUN_STATE_AVAILABLE);
      if (!o->dry_run)
        unlink (available); /* this build's functions only */
      push_plugin_arg (&fl->compile, "available", available);
      free (available);
    }
  if (o->verbose > 1)
    push_plugin_arg (&fl->compile, "verbose", "1");

  char *defaults = write_defaults_object (o, workdir);
  if (defaults && !*defaults)
    {
      free (defaults);
      return -1;
    }
  if (defaults)
    strv_push_own (&fl->exe, defaults);
  strv_push_own (&fl->link, xasprintf ("-L%s", in->libdir));
  strv_push_own (&fl->link, xasprintf ("-Wl,-rpath,%s", in->libdir));
  strv_push (&fl->link, "-ltrun");
  /* A libtrun built with sanitizers needs their runtime loaded first:
     the -fsanitize= of configure's --enable-sanitizers/--enable-tsan.  */
  strv_split (&fl->link, TRUN_SAN_LDFLAGS, ' ');
  return 0;
}
