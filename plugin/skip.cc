/* skip.cc -- which functions get markers.  trun_skip_reason returns a
 * short phrase saying why a function is left alone (shown by verbose=1),
 * or NULL when it is instrumented, and the kind of reason (counted per
 * unit for skip-counts=FILE; a soft kind leaves the function's OpenMP
 * bodies instrumented).
 */
#include "trun-plugin.h"

#include <string.h>

static const struct trun_rule *
first_match (const struct trun_rule *rule, const char *a, const char *b)
{
  for (; rule; rule = rule->next)
    if (regexec (&rule->re, a, 0, NULL, 0) == 0
        || (b && regexec (&rule->re, b, 0, NULL, 0) == 0))
      return rule;
  return NULL;
}

static char reason_buf[1024];

static const char *
rule_reason (const char *what, const struct trun_rule *rule)
{
  snprintf (reason_buf, sizeof reason_buf, "%s '%s' (%s)", what,
            rule->pattern, rule->origin);
  return reason_buf;
}

/* Function and file filters: an exclude wins; with any include rule of a
   kind, a function must match one of them.  */
static const char *
filter_reason (tree decl)
{
  const char *label = trun_function_label (decl);
  const char *asm_name = trun_function_asm_name (decl);
  const char *file = DECL_SOURCE_FILE (decl);
  const struct trun_rule *rule;

  if (!file)
    file = "";
  if ((rule = first_match (trun_opts.exclude_file, file, NULL)))
    return rule_reason ("file excluded by", rule);
  if (trun_opts.include_file && !first_match (trun_opts.include_file, file, NULL))
    return "file not matched by any file include rule";
  if ((rule = first_match (trun_opts.exclude_function, label, asm_name)))
    return rule_reason ("excluded by", rule);
  if (trun_opts.include_function
      && !first_match (trun_opts.include_function, label, asm_name))
    return "not matched by any function include rule";
  return NULL;
}

static tree
count_statement (gimple_stmt_iterator *gsi, bool *handled, struct walk_stmt_info *wi)
{
  switch (gimple_code (gsi_stmt (*gsi)))
    {
    case GIMPLE_BIND:
    case GIMPLE_LABEL:
    case GIMPLE_NOP:
    case GIMPLE_DEBUG:
    case GIMPLE_PREDICT:
      break;
    default:
      (*(int *) wi->info)++;
    }
  *handled = false;
  return NULL_TREE;
}

/* Statements of the (high GIMPLE) body, not counting binds, labels,
   debug statements and nops.  */
static int
count_statements (tree decl)
{
  struct walk_stmt_info wi;
  int count = 0;
  memset (&wi, 0, sizeof wi);
  wi.info = &count;
  walk_gimple_seq (gimple_body (decl), count_statement, NULL, &wi);
  return count;
}

/* A C++ lambda's operator() is marked artificial but holds user code.  */
static bool
is_lambda_body (tree decl)
{
  return lang_GNU_CXX () && DECL_NAME (decl)
         && strcmp (IDENTIFIER_POINTER (DECL_NAME (decl)), "operator()") == 0
         && strstr (trun_function_label (decl), "<lambda") != NULL;
}

#define SKIP(KIND, WHY)                                                    \
  do                                                                        \
    {                                                                       \
      *kind = (KIND);                                                       \
      return (WHY);                                                         \
    }                                                                       \
  while (0)

const char *
trun_skip_reason (tree decl, enum trun_skip_kind *kind)
{
  const char *name = DECL_NAME (decl) ? IDENTIFIER_POINTER (DECL_NAME (decl)) : "";

  *kind = TRUN_SKIP_NONE;
  if (!gimple_body (decl))
    SKIP (TRUN_SKIP_NO_BODY, "no body");
  /* Our own constructor and anything else the compiler made up.  OpenMP
     bodies are handled inside their parent, before they are outlined.  */
  if (DECL_ARTIFICIAL (decl) && !is_lambda_body (decl))
    SKIP (TRUN_SKIP_ARTIFICIAL, "compiler-generated");
  if (strncmp (name, "__trun_", 7) == 0)
    SKIP (TRUN_SKIP_RUNTIME, "trun runtime entry point");
  /* Only the attribute: GCC sets DECL_NO_INSTRUMENT_FUNCTION_ENTRY_EXIT
     on every function when -finstrument-functions is off.  */
  if (lookup_attribute ("no_instrument_function", DECL_ATTRIBUTES (decl)))
    SKIP (TRUN_SKIP_ATTRIBUTE, "no_instrument_function attribute");
  if (lookup_attribute ("naked", DECL_ATTRIBUTES (decl)))
    SKIP (TRUN_SKIP_ATTRIBUTE, "naked attribute");
  /* Its callers expect every register kept; the runtime's markers keep
     only what a C function keeps.  */
  tree type_attrs = TYPE_ATTRIBUTES (TREE_TYPE (decl));
  if (lookup_attribute ("no_caller_saved_registers", DECL_ATTRIBUTES (decl))
      || lookup_attribute ("no_caller_saved_registers", type_attrs)
      || lookup_attribute ("interrupt", DECL_ATTRIBUTES (decl))
      || lookup_attribute ("interrupt", type_attrs))
    SKIP (TRUN_SKIP_ATTRIBUTE,
          "no_caller_saved_registers or interrupt attribute");
  if (DECL_IN_SYSTEM_HEADER (decl))
    SKIP (TRUN_SKIP_SYSTEM_HEADER, "declared in a system header");
  const char *filtered = filter_reason (decl);
  if (filtered)
    SKIP (TRUN_SKIP_FILTER, filtered);
  if (DECL_DECLARED_INLINE_P (decl) && !trun_opts.inline_fns)
    SKIP (TRUN_SKIP_INLINE, "declared inline (use inline=yes)");
  if (trun_opts.min_statements > 0)
    {
      int n = count_statements (decl);
      if (n < trun_opts.min_statements)
        {
          snprintf (reason_buf, sizeof reason_buf,
                    "%d statement%s, fewer than min-statements=%d", n,
                    n == 1 ? "" : "s", trun_opts.min_statements);
          SKIP (TRUN_SKIP_MIN_STATEMENTS, reason_buf);
        }
    }
  return NULL;
}

/* Whether a function skipped for KIND still gets markers around its
   OpenMP bodies: yes when it was skipped only for its size or for being
   inline; no when the user or the compiler ruled it out (attributes,
   system headers, filters, compiler-generated code).  */
bool
trun_skip_keeps_omp (enum trun_skip_kind kind)
{
  return kind == TRUN_SKIP_NONE || kind == TRUN_SKIP_INLINE
         || kind == TRUN_SKIP_SMALL_INLINE || kind == TRUN_SKIP_MIN_STATEMENTS;
}

const char *
trun_skip_kind_name (enum trun_skip_kind kind)
{
  switch (kind)
    {
    case TRUN_SKIP_NO_BODY:
      return "no-body";
    case TRUN_SKIP_ARTIFICIAL:
      return "compiler-generated";
    case TRUN_SKIP_RUNTIME:
      return "trun-runtime";
    case TRUN_SKIP_ATTRIBUTE:
      return "attribute";
    case TRUN_SKIP_SYSTEM_HEADER:
      return "system-header";
    case TRUN_SKIP_FILTER:
      return "filter";
    case TRUN_SKIP_INLINE:
      return "inline";
    case TRUN_SKIP_SMALL_INLINE:
      return "small-inline";
    case TRUN_SKIP_MIN_STATEMENTS:
      return "min-statements";
    default:
      return "none";
    }
}
