/* instrument.cc -- the trun pass: one descriptor per function and an
 * enter/exit pair around its body that runs on every way out.
 *
 * The pass runs before "omplower", on high GIMPLE.  A function
 *
 *   int f (int x) { BODY }
 *
 * becomes (trace mode; region mode calls __trun_region_enter/exit)
 *
 *   static struct trun_desc __trun_desc.1 __attribute__((section("trun_desc")))
 *       = { 1, 0, 0, "f", "f", "f.c", 12, TRUN_KIND_FUNCTION };
 *   int f (int x)
 *   {
 *     unsigned int trun_on = __trun_desc.1.enabled;   // read once
 *     if (trun_on != 0) __trun_trace_enter (&__trun_desc.1);
 *     else __trun_desc.1.calls = __trun_desc.1.calls + 1;
 *     try { BODY }
 *     finally { if (trun_on != 0) __trun_trace_exit (&__trun_desc.1); }
 *   }
 *
 * and in coverage mode just
 *
 *   int f (int x) { __atomic_fetch_add (&__trun_desc.1.calls, 1, RELAXED); BODY }
 *
 * The first descriptor of a translation unit also creates its one
 * constructor: __trun_register_descs (&__start_trun_desc, &__stop_trun_desc).
 */
#include "trun-plugin.h"
#include "trun/abi.h"

#include <string.h>

static tree desc_type;
static tree field_enabled, field_calls;
static bool constructor_built;
static int desc_counter;

static tree
add_field (tree type, const char *name, tree field_type, tree *chain)
{
  tree field = build_decl (BUILTINS_LOCATION, FIELD_DECL, get_identifier (name),
                           field_type);
  DECL_CONTEXT (field) = type;
  DECL_CHAIN (field) = *chain;
  *chain = field;
  return field;
}

/* struct trun_desc, field by field as in trun/abi.h.  */
static tree
descriptor_type (void)
{
  if (desc_type)
    return desc_type;
  tree type = make_node (RECORD_TYPE);
  tree fields = NULL_TREE;
  tree u32 = unsigned_type_node;
  tree u64 = long_long_unsigned_type_node;
  tree cstr = build_pointer_type (build_qualified_type (char_type_node,
                                                        TYPE_QUAL_CONST));
  /* Each add_field prepends; finish_builtin_struct reverses the chain
     back into declaration order.  */
  field_enabled = add_field (type, "enabled",
                             build_qualified_type (u32, TYPE_QUAL_VOLATILE),
                             &fields);
  add_field (type, "id", u32, &fields);
  field_calls = add_field (type, "calls", u64, &fields);
  add_field (type, "name", cstr, &fields);
  add_field (type, "asm_name", cstr, &fields);
  add_field (type, "file", cstr, &fields);
  add_field (type, "line", u32, &fields);
  add_field (type, "kind", u32, &fields);
  finish_builtin_struct (type, "trun_desc", fields, NULL_TREE);
  gcc_assert (tree_to_uhwi (TYPE_SIZE_UNIT (type)) == sizeof (struct trun_desc));
  gcc_assert (int_byte_position (field_enabled) == offsetof (struct trun_desc, enabled));
  gcc_assert (int_byte_position (field_calls) == offsetof (struct trun_desc, calls));
  desc_type = type;
  return type;
}

static tree
string_value (const char *s)
{
  tree field_type = build_pointer_type (build_qualified_type (char_type_node,
                                                              TYPE_QUAL_CONST));
  return fold_convert (field_type, build_string_literal (strlen (s) + 1, s));
}

/* A declaration of a runtime entry point: void NAME (void *[, void *]),
   or void *NAME (void) when NARGS is -1 (__trun_omp_fork).  */
tree
trun_runtime_function (const char *name, int nargs)
{
  tree type;
  if (nargs < 0)
    type = build_function_type_list (ptr_type_node, NULL_TREE);
  else if (nargs == 2)
    type = build_function_type_list (void_type_node, ptr_type_node,
                                     ptr_type_node, NULL_TREE);
  else
    type = build_function_type_list (void_type_node, ptr_type_node, NULL_TREE);
  tree decl = build_fn_decl (name, type);
  TREE_PUBLIC (decl) = 1;
  DECL_EXTERNAL (decl) = 1;
  DECL_ARTIFICIAL (decl) = 1;
  TREE_NOTHROW (decl) = 1;
  DECL_VISIBILITY (decl) = VISIBILITY_DEFAULT;
  return decl;
}

/* extern struct trun_desc NAME __attribute__((visibility("hidden")));  */
static tree
section_bound (const char *name)
{
  tree decl = build_decl (BUILTINS_LOCATION, VAR_DECL, get_identifier (name),
                          descriptor_type ());
  TREE_PUBLIC (decl) = 1;
  DECL_EXTERNAL (decl) = 1;
  DECL_ARTIFICIAL (decl) = 1;
  TREE_ADDRESSABLE (decl) = 1;
  DECL_VISIBILITY (decl) = VISIBILITY_HIDDEN;
  DECL_VISIBILITY_SPECIFIED (decl) = 1;
  return decl;
}

/* The translation unit's constructor.  Building it switches cfun, so the
   function being instrumented is restored afterwards.  */
static void
build_constructor (void)
{
  tree start = section_bound ("__start_" TRUN_DESC_SECTION);
  tree stop = section_bound ("__stop_" TRUN_DESC_SECTION);
  tree reg = trun_runtime_function ("__trun_register_descs", 2);
  tree call = build_call_expr (reg, 2, build_fold_addr_expr (start),
                               build_fold_addr_expr (stop));
  tree body = alloc_stmt_list ();
  append_to_statement_list (call, &body);

  function *saved_fun = cfun;
  tree saved_decl = current_function_decl;
  cgraph_build_static_cdtor ('I', body, DEFAULT_INIT_PRIORITY);
  set_cfun (saved_fun);
  current_function_decl = saved_decl;
}

tree
trun_make_descriptor (const char *label, const char *asm_name,
                      const char *file, int line, int kind)
{
  tree type = descriptor_type ();
  char name[64];
  snprintf (name, sizeof name, "__trun_desc.%d", ++desc_counter);
  tree decl = build_decl (BUILTINS_LOCATION, VAR_DECL, get_identifier (name),
                          type);
  TREE_STATIC (decl) = 1;
  TREE_PUBLIC (decl) = 0;
  DECL_ARTIFICIAL (decl) = 1;
  DECL_IGNORED_P (decl) = 1;
  TREE_ADDRESSABLE (decl) = 1;
  TREE_USED (decl) = 1;
  /* Always emitted, so the section (and its __start/__stop) exists even
     when every function using it was optimized away.  */
  DECL_PRESERVE_P (decl) = 1;
  /* Keep the natural alignment: the runtime walks the section as an array,
     and x86 would otherwise align 48-byte objects to 32 bytes.  */
  SET_DECL_ALIGN (decl, TYPE_ALIGN (type));
  DECL_USER_ALIGN (decl) = 1;
  set_decl_section_name (decl, TRUN_DESC_SECTION);

  vec<constructor_elt, va_gc> *elts = NULL;
  tree field = TYPE_FIELDS (type);
  tree values[8];
  values[0] = build_int_cst (TREE_TYPE (field), 1);
  values[1] = build_int_cst (unsigned_type_node, 0);
  values[2] = build_int_cst (long_long_unsigned_type_node, 0);
  values[3] = string_value (label);
  values[4] = string_value (asm_name);
  values[5] = string_value (file ? file : "");
  values[6] = build_int_cst (unsigned_type_node, line);
  values[7] = build_int_cst (unsigned_type_node, kind);
  for (int i = 0; field; field = DECL_CHAIN (field), i++)
    CONSTRUCTOR_APPEND_ELT (elts, field, values[i]);
  DECL_INITIAL (decl) = build_constructor (type, elts);
  TREE_STATIC (DECL_INITIAL (decl)) = 1;
  varpool_node::finalize_decl (decl);

  if (!constructor_built)
    {
      constructor_built = true;
      build_constructor ();
    }
  return decl;
}

static tree
field_ref (tree desc, tree field)
{
  tree ref = build3 (COMPONENT_REF, TREE_TYPE (field), desc, field, NULL_TREE);
  if (TYPE_VOLATILE (TREE_TYPE (field)))
    TREE_THIS_VOLATILE (ref) = 1;
  return ref;
}

static tree
new_local (tree type, const char *name, gbind *bind)
{
  tree var = create_tmp_var_raw (type, name);
  DECL_CONTEXT (var) = current_function_decl;
  /* omp lowering re-gimplifies references and insists on this.  */
  DECL_SEEN_IN_BIND_EXPR_P (var) = 1;
  gimple_bind_append_vars (bind, var);
  return var;
}

/* desc.calls = desc.calls + 1, a plain (unmeasured-call) count.  */
static void
add_plain_increment (gimple_seq *seq, tree desc, gbind *bind)
{
  tree u64 = long_long_unsigned_type_node;
  tree before = new_local (u64, "trun_calls", bind);
  tree after = new_local (u64, "trun_calls", bind);
  gimple_seq_add_stmt (seq, gimple_build_assign (before, field_ref (desc, field_calls)));
  gimple_seq_add_stmt (seq, gimple_build_assign (after, PLUS_EXPR, before,
                                                 build_int_cst (u64, 1)));
  gimple_seq_add_stmt (seq, gimple_build_assign (field_ref (desc, field_calls), after));
}

/* __atomic_fetch_add_8 (&desc.calls, 1, __ATOMIC_RELAXED).  */
static void
add_atomic_increment (gimple_seq *seq, tree desc)
{
  tree fn = builtin_decl_explicit (BUILT_IN_ATOMIC_FETCH_ADD_8);
  tree addr = build_fold_addr_expr (field_ref (desc, field_calls));
  gimple_seq_add_stmt (seq, gimple_build_call (fn, 3, addr,
                                               build_int_cst (long_long_unsigned_type_node, 1),
                                               integer_zero_node));
}

/* if (on != 0) THEN_STMT; [else ELSE_SEQ;]  */
static void
add_guarded (gimple_seq *seq, tree on, gimple *then_stmt, gimple_seq else_seq)
{
  tree then_label = create_artificial_label (UNKNOWN_LOCATION);
  tree else_label = create_artificial_label (UNKNOWN_LOCATION);
  tree done_label = create_artificial_label (UNKNOWN_LOCATION);
  gimple_seq_add_stmt (seq, gimple_build_cond (NE_EXPR, on,
                                               build_int_cst (TREE_TYPE (on), 0),
                                               then_label, else_label));
  gimple_seq_add_stmt (seq, gimple_build_label (then_label));
  gimple_seq_add_stmt (seq, then_stmt);
  gimple_seq_add_stmt (seq, gimple_build_goto (done_label));
  gimple_seq_add_stmt (seq, gimple_build_label (else_label));
  gimple_seq_add_seq (seq, else_seq);
  gimple_seq_add_stmt (seq, gimple_build_label (done_label));
}

static const char *
enter_name (bool omp_parallel)
{
  bool region = trun_opts.mode == TRUN_MODE_REGION;
  if (omp_parallel)
    return region ? "__trun_region_omp_enter" : "__trun_trace_omp_enter";
  return region ? "__trun_region_enter" : "__trun_trace_enter";
}

/* BODY wrapped in the enter call and a try/finally exit (see the top of
   this file).  Temporaries are declared in VARS_BIND.  OMP_CTX, when not
   NULL, is the fork context passed to the OpenMP enter call.  */
gimple_seq
trun_wrap_body (gimple_seq body, gbind *vars_bind, tree desc, tree omp_ctx,
                location_t loc)
{
  gimple_seq seq = NULL;
  if (trun_opts.mode == TRUN_MODE_COVERAGE)
    {
      add_atomic_increment (&seq, desc);
      gimple_seq_add_seq (&seq, body);
      return seq;
    }

  tree addr = build_fold_addr_expr (desc);
  tree on = new_local (unsigned_type_node, "trun_on", vars_bind);
  gimple_seq_add_stmt (&seq, gimple_build_assign (on, field_ref (desc, field_enabled)));

  gcall *enter;
  if (omp_ctx)
    enter = gimple_build_call (trun_runtime_function (enter_name (true), 2), 2,
                               addr, omp_ctx);
  else
    enter = gimple_build_call (trun_runtime_function (enter_name (false), 1), 1,
                               addr);
  gimple_set_location (enter, loc);
  gimple_seq else_seq = NULL;
  add_plain_increment (&else_seq, desc, vars_bind);
  add_guarded (&seq, on, enter, else_seq);

  const char *exit_name = trun_opts.mode == TRUN_MODE_REGION
                              ? "__trun_region_exit" : "__trun_trace_exit";
  gcall *leave = gimple_build_call (trun_runtime_function (exit_name, 1), 1, addr);
  gimple_set_location (leave, loc);
  gimple_seq cleanup = NULL;
  add_guarded (&cleanup, on, leave, NULL);
  gimple_seq_add_stmt (&seq, gimple_build_try (body, cleanup, GIMPLE_TRY_FINALLY));
  return seq;
}

static void
report (tree decl, const char *label, const char *what)
{
  if (trun_opts.verbose > 0)
    fprintf (stderr, "trun: %s:%d: %s %s\n", DECL_SOURCE_FILE (decl),
             DECL_SOURCE_LINE (decl), what, label);
}

static void
instrument_function (tree fndecl)
{
  const char *label = trun_function_label (fndecl);
  const char *file = DECL_SOURCE_FILE (fndecl);
  int line = DECL_SOURCE_LINE (fndecl);
  location_t loc = DECL_SOURCE_LOCATION (fndecl);

  /* OpenMP bodies first, so their markers end up inside the wrapper.  */
  if (trun_opts.omp)
    trun_instrument_omp (fndecl, label);

  tree desc = trun_make_descriptor (label, trun_function_asm_name (fndecl),
                                    file, line, TRUN_KIND_FUNCTION);
  gbind *bind = gimple_build_bind (NULL_TREE, NULL, NULL_TREE);
  gimple_bind_set_body (bind, trun_wrap_body (gimple_body (fndecl), bind, desc,
                                              NULL_TREE, loc));
  gimple_seq seq = NULL;
  gimple_seq_add_stmt (&seq, bind);
  gimple_set_body (fndecl, seq);

  report (fndecl, label, "instrumented");
  if (trun_opts.list)
    fprintf (trun_opts.list, "%s:%d\t%s\n", file, line, label);
}

/* cgraph_build_static_cdtor names its functions "_sub_I_<prio>_<n>".  */
static bool
is_trun_constructor (tree fndecl)
{
  return DECL_ARTIFICIAL (fndecl) && DECL_STATIC_CONSTRUCTOR (fndecl)
         && DECL_NAME (fndecl)
         && strncmp (IDENTIFIER_POINTER (DECL_NAME (fndecl)), "_sub_I_", 7) == 0;
}

static unsigned int
execute_trun_pass (function *fun)
{
  tree fndecl = fun->decl;
  if (!gimple_body (fndecl))
    return 0;
  if (trun_opts.mode == TRUN_MODE_REGION)
    trun_rewrite_regions (fndecl);
  const char *reason = trun_skip_reason (fndecl);
  if (reason)
    {
      /* Our own constructor is not worth a line unless asked for.  */
      if (trun_opts.verbose > 1
          || (trun_opts.verbose && !is_trun_constructor (fndecl)))
        fprintf (stderr, "trun: %s:%d: skipped %s: %s\n",
                 DECL_SOURCE_FILE (fndecl), DECL_SOURCE_LINE (fndecl),
                 trun_function_label (fndecl), reason);
      return 0;
    }
  instrument_function (fndecl);
  return 0;
}

namespace
{
const pass_data trun_pass_data = {
  GIMPLE_PASS,   /* type */
  "trun",        /* name */
  OPTGROUP_NONE, /* optinfo_flags */
  TV_NONE,       /* tv_id */
  PROP_gimple_any, /* properties_required */
  0,             /* properties_provided */
  0,             /* properties_destroyed */
  0,             /* todo_flags_start */
  0,             /* todo_flags_finish */
};

class trun_pass : public gimple_opt_pass
{
public:
  trun_pass (gcc::context *ctxt) : gimple_opt_pass (trun_pass_data, ctxt) {}
  unsigned int execute (function *fun) final override
  {
    return execute_trun_pass (fun);
  }
};
} // namespace

opt_pass *
trun_make_pass (gcc::context *ctxt)
{
  return new trun_pass (ctxt);
}
