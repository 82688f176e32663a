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

/* A file rule's first match on a function's module, timemory's way: the
   file it is defined in or the unit compiled (a module is a compiled
   unit to Dyninst, so a header's function belongs to the unit that
   compiles it too), each as GCC names it or by its base name.  */
static const struct trun_rule *
first_module_match (const struct trun_rule *rule, const char *file)
{
  const char *unit = main_input_filename ? main_input_filename : "";
  const char *names[4] = { file, lbasename (file), unit, lbasename (unit) };
  for (; rule; rule = rule->next)
    for (int k = 0; k < 4; k++)
      if ((k == 0 || strcmp (names[k], names[k - 1]) != 0) && *names[k]
          && regexec (&rule->re, names[k], 0, NULL, 0) == 0)
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
  /* No rules (the usual case): no name to compute, which for C++ means
     no signature printed per function.  */
  if (!trun_opts.include_function && !trun_opts.exclude_function
      && !trun_opts.include_file && !trun_opts.exclude_file)
    return NULL;
  const char *label = trun_function_label (decl);
  const char *asm_name = trun_function_asm_name (decl);
  const char *file = DECL_SOURCE_FILE (decl);
  const struct trun_rule *rule;

  if (!file)
    file = "";
  if ((rule = first_module_match (trun_opts.exclude_file, file)))
    return rule_reason ("file excluded by", rule);
  if (trun_opts.include_file && !first_module_match (trun_opts.include_file, file))
    return "file not matched by any file include rule";
  /* timemory matches a function's name, without its signature: C++'s
     qualified name ("ns::f") is tried as well.  */
  const char *plain = lang_GNU_CXX () ? lang_hooks.decl_printable_name (decl, 1) : NULL;
  if ((rule = first_match (trun_opts.exclude_function, label, asm_name))
      || (plain && (rule = first_match (trun_opts.exclude_function, plain, NULL))))
    return rule_reason ("excluded by", rule);
  if (trun_opts.include_function
      && !first_match (trun_opts.include_function, label, asm_name)
      && !(plain && first_match (trun_opts.include_function, plain, NULL)))
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

/* What the inline and leaf tests look at: statements (as
   count_statements counts them), whether there is a loop (a jump back
   to a label seen earlier in the walk: high GIMPLE has no loops but
   labels and gotos, and lists a loop's body before its back edge), an
   OpenMP construct, or a call of anything but a builtin (a leaf has
   none: whatever it calls would be timed in its node).  */
struct shape
{
  int statements;
  bool loop, omp, calls;
  hash_set<tree> *labels;
};

/* A builtin or internal function: inline code or a libc routine that
   is never instrumented, so its time is its caller's self time anyway.  */
static bool
calls_builtin (gimple *stmt)
{
  if (gimple_call_internal_p (stmt))
    return true;
  tree fndecl = gimple_call_fndecl (stmt);
  return fndecl && fndecl_built_in_p (fndecl);
}

static bool
seen_label (struct shape *sh, tree label)
{
  return label && TREE_CODE (label) == LABEL_DECL && sh->labels->contains (label);
}

static tree
shape_statement (gimple_stmt_iterator *gsi, bool *handled,
                 struct walk_stmt_info *wi)
{
  struct shape *sh = (struct shape *) wi->info;
  gimple *stmt = gsi_stmt (*gsi);
  *handled = false;
  switch (gimple_code (stmt))
    {
    case GIMPLE_LABEL:
      sh->labels->add (gimple_label_label (as_a<glabel *> (stmt)));
      return NULL_TREE;
    case GIMPLE_BIND:
    case GIMPLE_NOP:
    case GIMPLE_DEBUG:
    case GIMPLE_PREDICT:
      return NULL_TREE;
    case GIMPLE_GOTO:
      sh->loop |= seen_label (sh, gimple_goto_dest (stmt));
      break;
    case GIMPLE_COND:
      {
        gcond *c = as_a<gcond *> (stmt);
        sh->loop |= seen_label (sh, gimple_cond_true_label (c))
                    || seen_label (sh, gimple_cond_false_label (c));
      }
      break;
    case GIMPLE_CALL:
      sh->calls |= !calls_builtin (stmt);
      break;
    case GIMPLE_OMP_FOR:
      sh->loop = true;
      break;
    case GIMPLE_OMP_PARALLEL:
    case GIMPLE_OMP_TASK:
      sh->omp = true;
      break;
    default:
      break;
    }
  sh->statements++;
  return NULL_TREE;
}

static void
function_shape (tree decl, struct shape *sh)
{
  struct walk_stmt_info wi;
  hash_set<tree> labels;
  memset (sh, 0, sizeof *sh);
  sh->labels = &labels;
  memset (&wi, 0, sizeof wi);
  wi.info = sh;
  walk_gimple_seq (gimple_body (decl), shape_statement, NULL, &wi);
  sh->labels = NULL;
}

/* A function WHAT (declared inline, a leaf) is instrumented when it
   holds a loop or an OpenMP construct, calls a function that is not a
   builtin (when LEAVES_ONLY), or has at least MIN_STATEMENTS (KEY's
   value); NULL then, else why not (in reason_buf, HINT appended).  */
static const char *
small_reason (tree decl, bool leaves_only, int min_statements,
              const char *what, const char *key, const char *hint)
{
  struct shape sh;
  function_shape (decl, &sh);
  if (sh.loop || sh.omp || (leaves_only && sh.calls)
      || sh.statements >= min_statements)
    return NULL;
  snprintf (reason_buf, sizeof reason_buf,
            "%s, no loop or OpenMP construct, %d statement%s, "
            "fewer than %s=%d%s", what, sh.statements,
            sh.statements == 1 ? "" : "s", key, min_statements, hint);
  return reason_buf;
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
  if (DECL_DECLARED_INLINE_P (decl) && trun_opts.inline_fns == 0)
    SKIP (TRUN_SKIP_INLINE, "declared inline, inline=no");
  if (DECL_DECLARED_INLINE_P (decl) && trun_opts.inline_fns < 0)
    {
      /* inline=auto.  */
      const char *small = small_reason (decl, false,
                                        trun_opts.inline_min_statements,
                                        "declared inline",
                                        "inline-min-statements",
                                        " (use inline=yes)");
      if (small)
        SKIP (TRUN_SKIP_SMALL_INLINE, small);
    }
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
  if (trun_opts.leaf_min_statements > 0)
    {
      const char *small = small_reason (decl, true,
                                        trun_opts.leaf_min_statements,
                                        "a leaf (no calls but builtins)",
                                        "leaf-min-statements", "");
      if (small)
        SKIP (TRUN_SKIP_LEAF_MIN_STATEMENTS, small);
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
         || kind == TRUN_SKIP_SMALL_INLINE || kind == TRUN_SKIP_MIN_STATEMENTS
         || kind == TRUN_SKIP_LEAF_MIN_STATEMENTS;
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
    case TRUN_SKIP_LEAF_MIN_STATEMENTS:
      return "leaf-min-statements";
    default:
      return "none";
    }
}
