/* tools/ccargs.c -- classify a GCC driver command line (see ccargs.h).  */
#define _GNU_SOURCE
#include "ccargs.h"
#include "util/alloc.h"
#include "util/path.h"

#include <stdlib.h>
#include <string.h>

/* Options whose value is the next argument when written alone.  */
static const char *const options_with_value[] = {
  "-o", "-I", "-D", "-U", "-include", "-imacros", "-iquote", "-isystem",
  "-idirafter", "-iprefix", "-iwithprefix", "-iwithprefixbefore",
  "-isysroot", "-imultilib", "-L", "-l", "-x", "-MF", "-MT", "-MQ",
  "-Xlinker", "-Xassembler", "-Xpreprocessor", "-u", "-T", "-z",
  "-aux-info", "-B", "-e", "-G", "--param", "-dumpbase", "-dumpdir",
  "-dumpbase-ext", "-wrapper", "-specs", "--sysroot", "-A", NULL
};

int
cc_option_takes_value (const char *arg)
{
  for (size_t i = 0; options_with_value[i]; i++)
    if (strcmp (arg, options_with_value[i]) == 0)
      return 1;
  return 0;
}

static const char *
extension (const char *name)
{
  const char *base = base_name (name);
  const char *dot = strrchr (base, '.');
  return dot ? dot : "";
}

int
cc_is_source_name (const char *name)
{
  static const char *const exts[] = { ".c", ".i", ".cc", ".cp", ".cxx", ".cpp",
                                      ".CPP", ".c++", ".C", ".ii", NULL };
  const char *ext = extension (name);
  for (size_t i = 0; exts[i]; i++)
    if (strcmp (ext, exts[i]) == 0)
      return 1;
  return 0;
}

/* Inputs compiled by the driver but not instrumented.  */
static int
is_other_compiled_name (const char *name)
{
  static const char *const exts[] = { ".s", ".S", ".sx", ".h", ".hh", ".hpp", ".hxx",
                                      ".H", ".tcc", ".f", ".f90", ".F", ".F90",
                                      ".m", ".mm", ".go", ".d", NULL };
  const char *ext = extension (name);
  for (size_t i = 0; exts[i]; i++)
    if (strcmp (ext, exts[i]) == 0)
      return 1;
  return 0;
}

char *
cc_default_object (const char *source)
{
  const char *base = base_name (source);
  const char *dot = strrchr (base, '.');
  size_t stem = dot ? (size_t) (dot - base) : strlen (base);
  return xasprintf ("%.*s.o", (int) stem, base);
}

/* The kind of an input given the current -x language ("" = by name).  */
static enum cc_input_kind
input_kind (const char *arg, const char *lang)
{
  if (*lang && strcmp (lang, "none") != 0)
    {
      if (strcmp (lang, "c") == 0 || strcmp (lang, "c++") == 0
          || strcmp (lang, "cpp-output") == 0 || strcmp (lang, "c++-cpp-output") == 0)
        return CC_INPUT_SOURCE;
      return CC_INPUT_OTHER;
    }
  if (cc_is_source_name (arg))
    return CC_INPUT_SOURCE;
  if (is_other_compiled_name (arg))
    return CC_INPUT_OTHER;
  return CC_INPUT_LINK;
}

static int
is_query_option (const char *arg)
{
  return strcmp (arg, "--version") == 0 || strcmp (arg, "-v") == 0
         || strcmp (arg, "-###") == 0 || starts_with (arg, "-dump")
         || starts_with (arg, "-print-") || starts_with (arg, "--print-")
         || starts_with (arg, "--help") || strcmp (arg, "--target-help") == 0;
}

static void
add_input (struct cc_args *ca, const char *arg, int index, enum cc_input_kind kind)
{
  ca->inputs = xrealloc (ca->inputs, (ca->ninputs + 1) * sizeof *ca->inputs);
  ca->inputs[ca->ninputs].arg = arg;
  ca->inputs[ca->ninputs].index = index;
  ca->inputs[ca->ninputs].kind = kind;
  ca->ninputs++;
  if (kind == CC_INPUT_SOURCE)
    ca->nsources++;
}

void
cc_parse (char *const *argv, struct cc_args *ca)
{
  memset (ca, 0, sizeof *ca);
  ca->output_index = -1;
  int stop_c = 0, stop_s = 0, stop_e = 0, dep_only = 0;
  int syntax = 0, query = 0;
  const char *lang = "";
  for (int i = 1; argv[i]; i++)
    {
      const char *a = argv[i];
      if (a[0] != '-' || strcmp (a, "-") == 0)
        {
          add_input (ca, a, i, strcmp (a, "-") == 0 ? CC_INPUT_SOURCE : input_kind (a, lang));
          continue;
        }
      if (cc_option_takes_value (a))
        {
          const char *value = argv[i + 1];
          if (!value)
            break;
          if (strcmp (a, "-o") == 0)
            ca->output = value, ca->output_index = i;
          else if (strcmp (a, "-x") == 0)
            lang = value;
          else if (strcmp (a, "-l") == 0)
            add_input (ca, value, i + 1, CC_INPUT_LINK);
          i++;
          continue;
        }
      if (starts_with (a, "-o"))
        ca->output = a + 2, ca->output_index = i;
      else if (starts_with (a, "-x"))
        lang = a + 2;
      else if (starts_with (a, "-l"))
        add_input (ca, a, i, CC_INPUT_LINK);
      else if (strcmp (a, "-c") == 0)
        stop_c = 1;
      else if (strcmp (a, "-S") == 0)
        stop_s = 1;
      else if (strcmp (a, "-E") == 0)
        stop_e = 1;
      else if (strcmp (a, "-M") == 0 || strcmp (a, "-MM") == 0)
        dep_only = 1;
      else if (strcmp (a, "-fsyntax-only") == 0)
        syntax = 1;
      else if (strcmp (a, "-shared") == 0)
        ca->shared = 1;
      else if (strcmp (a, "-r") == 0 || strcmp (a, "-Wl,-r") == 0)
        ca->partial = 1;
      else if (is_query_option (a))
        query = 1;
    }
  if (stop_e || dep_only)
    ca->stage = CC_STAGE_PREPROCESS;
  else if (syntax)
    ca->stage = CC_STAGE_SYNTAX;
  else if (query || ca->ninputs == 0)
    ca->stage = CC_STAGE_QUERY;
  else if (stop_s)
    ca->stage = CC_STAGE_ASSEMBLY;
  else if (stop_c)
    ca->stage = CC_STAGE_COMPILE;
  else
    ca->stage = CC_STAGE_LINK;
}

void
cc_free (struct cc_args *ca)
{
  free (ca->inputs);
  memset (ca, 0, sizeof *ca);
}

void
cc_add_runtime (struct strv *cmd, const struct strv *link)
{
  size_t pos = cmd->n;
  for (size_t i = 1; i < cmd->n; i++)
    if (starts_with (cmd->v[i], "-l") && !cc_option_takes_value (cmd->v[i - 1]))
      {
        pos = i;
        break;
      }
  strv_insert (cmd, pos++, "-Wl,--push-state,--no-as-needed");
  for (size_t i = 0; i < link->n; i++)
    strv_insert (cmd, pos++, link->v[i]);
  strv_insert (cmd, pos, "-Wl,--pop-state");
}
