/* build.cc -- what the plugin adds to a translation unit, for the pass
 * (pass.cc) and its helpers (omp.cc, regions.cc):
 *
 *   - the runtime declarations: one FUNCTION_DECL per entry of
 *     runtime.def, built once per unit at PLUGIN_START_UNIT along with
 *     the descriptor and unit record types;
 *   - descriptors, one per instrumented body or region name:
 *
 *       static struct trun_desc __trun_desc.N
 *           __attribute__((section("trun_desc"))) = { 1, 0, 0, ... };
 *
 *   - with the unit's first descriptor, its unit record and the
 *     constructor and destructor that hand it to the runtime:
 *
 *       static struct trun_unit __trun_unit
 *           = { TRUN_ABI_VERSION, sizeof (struct trun_desc), "f.c",
 *               &__start_trun_desc, &__stop_trun_desc };
 *       _sub_I_00100_0 () { __trun_register_unit (&__trun_unit); }
 *       _sub_D_00100_1 () { __trun_unregister_unit (&__trun_unit); }
 *
 *   - the enter/exit wrapping of a body (pass.cc shows the result).
 *
 * The trees kept from one function to the next (the declarations, the
 * record types and the two fields the emitted code touches) are listed in
 * trun_ggc_roots, which plugin.cc registers with
 * PLUGIN_REGISTER_GGC_ROOTS: GCC's garbage collector marks them, so what
 * they point to lives as long as the compilation.
 */
#include "trun-plugin.h"
#include "trun/abi.h"

#include <string.h>

enum signature
{
  SIG_DESC,     /* void (struct trun_desc *) */
  SIG_DESC_CTX, /* void (struct trun_desc *, void *) */
  SIG_DESC_CTX2, /* void (struct trun_desc *, void *, void *) */
  SIG_FORK,     /* void *(void) */
  SIG_CTX,      /* void (void *) */
  SIG_UNIT      /* void (struct trun_unit *) */
};

struct runtime_fn
{
  const char *name;
  enum signature signature;
  tree decl; /* this unit's declaration; a GC root */
};

static struct runtime_fn runtime[TRUN_FN_COUNT] = {
#define DEF_TRUN_RUNTIME(CODE, NAME, SIGNATURE) { #NAME, SIG_##SIGNATURE, NULL_TREE },
#include "runtime.def"
#undef DEF_TRUN_RUNTIME
};

/* runtime.def against trun/abi.h: each NAME must be declared there with
   its signature's C type, or this file does not compile.  decltype does
   not evaluate its operand, so trun.so never refers to these symbols.  */
typedef void sig_DESC (struct trun_desc *);
typedef void sig_DESC_CTX (struct trun_desc *, void *);
typedef void sig_DESC_CTX2 (struct trun_desc *, void *, void *);
typedef void *sig_FORK (void);
typedef void sig_CTX (void *);
typedef void sig_UNIT (struct trun_unit *);
template <typename A, typename B> struct same_type
{
  static const bool value = false;
};
template <typename A> struct same_type<A, A>
{
  static const bool value = true;
};
#define DEF_TRUN_RUNTIME(CODE, NAME, SIGNATURE)                            \
  static_assert (same_type<decltype (NAME), sig_##SIGNATURE>::value,       \
                 #NAME ": runtime.def and trun/abi.h disagree");
#include "runtime.def"
#undef DEF_TRUN_RUNTIME

/* This unit's record types, also GC roots.  */
static tree cstr_type;  /* const char * */
static tree desc_type;  /* struct trun_desc */
static tree unit_type;  /* struct trun_unit */
static tree field_enabled, field_calls;

/* For each root, N trees STRIDE bytes apart from BASE: runtime[]'s
   entry gives the collector every entry's decl field.  */
#define TREE_ROOT(BASE, N, STRIDE)                                         \
  { BASE, N, STRIDE, &gt_ggc_mx_tree_node, &gt_pch_nx_tree_node }
const struct ggc_root_tab trun_ggc_roots[] = {
  TREE_ROOT (&runtime[0].decl, TRUN_FN_COUNT, sizeof runtime[0]),
  TREE_ROOT (&cstr_type, 1, sizeof (tree)),
  TREE_ROOT (&desc_type, 1, sizeof (tree)),
  TREE_ROOT (&unit_type, 1, sizeof (tree)),
  TREE_ROOT (&field_enabled, 1, sizeof (tree)),
  TREE_ROOT (&field_calls, 1, sizeof (tree)),
  LAST_GGC_ROOT_TAB
};
#undef TREE_ROOT

static bool unit_built;
static int desc_counter;

/* The FUNCTION_TYPE of SIGNATURE.  Every pointer parameter is void *
   in GIMPLE: the calls pass &descriptor, &unit or the fork context.  */
static tree
signature_type (enum signature signature)
{
  switch (signature)
    {
    case SIG_FORK:
      return build_function_type_list (ptr_type_node, NULL_TREE);
    case SIG_DESC_CTX:
      return build_function_type_list (void_type_node, ptr_type_node,
                                       ptr_type_node, NULL_TREE);
    case SIG_DESC_CTX2:
      return build_function_type_list (void_type_node, ptr_type_node,
                                       ptr_type_node, ptr_type_node, NULL_TREE);
    default:
      return build_function_type_list (void_type_node, ptr_type_node, NULL_TREE);
    }
}

/* extern TYPE NAME, with default visibility, never throwing.  */
static tree
runtime_decl (const struct runtime_fn *fn)
{
  tree decl = build_fn_decl (fn->name, signature_type (fn->signature));
  TREE_PUBLIC (decl) = 1;
  DECL_EXTERNAL (decl) = 1;
  DECL_ARTIFICIAL (decl) = 1;
  TREE_NOTHROW (decl) = 1;
  DECL_VISIBILITY (decl) = VISIBILITY_DEFAULT;
  return decl;
}

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
  tree type = make_node (RECORD_TYPE);
  tree fields = NULL_TREE;
  tree u32 = unsigned_type_node;
  tree u64 = long_long_unsigned_type_node;
  /* Each add_field prepends; finish_builtin_struct reverses the chain
     back into declaration order.  */
  field_enabled = add_field (type, "enabled",
                             build_qualified_type (u32, TYPE_QUAL_VOLATILE),
                             &fields);
  add_field (type, "id", u32, &fields);
  field_calls = add_field (type, "calls", u64, &fields);
  add_field (type, "name", cstr_type, &fields);
  add_field (type, "asm_name", cstr_type, &fields);
  add_field (type, "file", cstr_type, &fields);
  add_field (type, "line", u32, &fields);
  add_field (type, "kind", u32, &fields);
  finish_builtin_struct (type, "trun_desc", fields, NULL_TREE);
  gcc_assert (tree_to_uhwi (TYPE_SIZE_UNIT (type)) == sizeof (struct trun_desc));
  gcc_assert (int_byte_position (field_enabled) == offsetof (struct trun_desc, enabled));
  gcc_assert (int_byte_position (field_calls) == offsetof (struct trun_desc, calls));
  return type;
}

/* struct trun_unit, field by field as in trun/abi.h.  */
static tree
unit_record_type (void)
{
  tree type = make_node (RECORD_TYPE);
  tree fields = NULL_TREE;
  tree desc_ptr = build_pointer_type (desc_type);
  add_field (type, "abi_version", unsigned_type_node, &fields);
  add_field (type, "desc_size", unsigned_type_node, &fields);
  tree source = add_field (type, "source", cstr_type, &fields);
  add_field (type, "begin", desc_ptr, &fields);
  tree end = add_field (type, "end", desc_ptr, &fields);
  finish_builtin_struct (type, "trun_unit", fields, NULL_TREE);
  gcc_assert (tree_to_uhwi (TYPE_SIZE_UNIT (type)) == sizeof (struct trun_unit));
  gcc_assert (int_byte_position (source) == offsetof (struct trun_unit, source));
  gcc_assert (int_byte_position (end) == offsetof (struct trun_unit, end));
  return type;
}

/* PLUGIN_START_UNIT: this unit's declarations and record types.  */
void
trun_start_unit (void *, void *)
{
  for (int i = 0; i < TRUN_FN_COUNT; i++)
    runtime[i].decl = runtime_decl (&runtime[i]);
  cstr_type = build_pointer_type (build_qualified_type (char_type_node,
                                                        TYPE_QUAL_CONST));
  desc_type = descriptor_type ();
  unit_type = unit_record_type ();
  unit_built = false;
  desc_counter = 0;
}

tree
trun_runtime_decl (enum trun_runtime_fn fn)
{
  gcc_checking_assert (runtime[fn].decl);
  return runtime[fn].decl;
}

static tree
string_value (const char *s)
{
  return fold_convert (cstr_type, build_string_literal (strlen (s) + 1, s));
}

/* A variable of TYPE the user did not write, whose address is taken.  */
static tree
artificial_variable (const char *name, tree type)
{
  tree decl = build_decl (BUILTINS_LOCATION, VAR_DECL, get_identifier (name),
                          type);
  DECL_ARTIFICIAL (decl) = 1;
  TREE_ADDRESSABLE (decl) = 1;
  return decl;
}

/* One of this unit's own static variables.  */
static tree
static_variable (const char *name, tree type)
{
  tree decl = artificial_variable (name, type);
  TREE_STATIC (decl) = 1;
  TREE_PUBLIC (decl) = 0;
  DECL_IGNORED_P (decl) = 1;
  TREE_USED (decl) = 1;
  return decl;
}

/* TYPE's static initializer: VALUES, one per field in order.  */
static tree
record_value (tree type, const tree *values)
{
  vec<constructor_elt, va_gc> *elts = NULL;
  int i = 0;
  for (tree field = TYPE_FIELDS (type); field; field = DECL_CHAIN (field))
    CONSTRUCTOR_APPEND_ELT (elts, field, values[i++]);
  tree value = build_constructor (type, elts);
  TREE_STATIC (value) = 1;
  return value;
}

/* &NAME, where extern struct trun_desc NAME __attribute__((visibility("hidden"))).  */
static tree
section_bound (const char *name)
{
  tree decl = artificial_variable (name, desc_type);
  TREE_PUBLIC (decl) = 1;
  DECL_EXTERNAL (decl) = 1;
  DECL_VISIBILITY (decl) = VISIBILITY_HIDDEN;
  DECL_VISIBILITY_SPECIFIED (decl) = 1;
  return build_fold_addr_expr (decl);
}

/* A static constructor ('I') or destructor ('D') calling FN (&UNIT).  */
static void
build_cdtor (char which, enum trun_runtime_fn fn, tree unit)
{
  tree body = alloc_stmt_list ();
  append_to_statement_list (build_call_expr (trun_runtime_decl (fn), 1,
                                             build_fold_addr_expr (unit)),
                            &body);
  cgraph_build_static_cdtor (which, body, DEFAULT_INIT_PRIORITY);
}

/* The unit record, its constructor and its destructor (see the top of
   this file).  Building a function switches cfun, so the function being
   instrumented is restored afterwards.  */
static void
build_unit (void)
{
  tree unit = static_variable ("__trun_unit", unit_type);
  tree values[] = {
    build_int_cst (unsigned_type_node, TRUN_ABI_VERSION),
    build_int_cst (unsigned_type_node, tree_to_uhwi (TYPE_SIZE_UNIT (desc_type))),
    string_value (main_input_filename ? main_input_filename : ""),
    section_bound ("__start_" TRUN_DESC_SECTION),
    section_bound ("__stop_" TRUN_DESC_SECTION),
  };
  DECL_INITIAL (unit) = record_value (unit_type, values);
  varpool_node::finalize_decl (unit);

  function *saved_fun = cfun;
  tree saved_decl = current_function_decl;
  build_cdtor ('I', TRUN_FN_REGISTER_UNIT, unit);
  build_cdtor ('D', TRUN_FN_UNREGISTER_UNIT, unit);
  set_cfun (saved_fun);
  current_function_decl = saved_decl;
}

/* cgraph_build_static_cdtor names its functions "_sub_I_<prio>_<n>" and
   "_sub_D_<prio>_<n>".  */
bool
trun_is_unit_cdtor (tree fndecl)
{
  if (!DECL_ARTIFICIAL (fndecl) || !DECL_NAME (fndecl))
    return false;
  const char *name = IDENTIFIER_POINTER (DECL_NAME (fndecl));
  return (DECL_STATIC_CONSTRUCTOR (fndecl) && strncmp (name, "_sub_I_", 7) == 0)
         || (DECL_STATIC_DESTRUCTOR (fndecl) && strncmp (name, "_sub_D_", 7) == 0);
}

tree
trun_make_descriptor (const char *label, const char *asm_name,
                      const char *file, int line, int kind)
{
  char name[64];
  snprintf (name, sizeof name, "__trun_desc.%d", ++desc_counter);
  tree decl = static_variable (name, desc_type);
  /* Always emitted, so the section (and its __start/__stop) exists even
     when every function using it was optimized away.  */
  DECL_PRESERVE_P (decl) = 1;
  /* Keep the natural alignment: the runtime walks the section as an array,
     and x86 would otherwise align 48-byte objects to 32 bytes.  */
  SET_DECL_ALIGN (decl, TYPE_ALIGN (desc_type));
  DECL_USER_ALIGN (decl) = 1;
  set_decl_section_name (decl, TRUN_DESC_SECTION);

  tree values[] = {
    build_int_cst (unsigned_type_node, 1),
    build_int_cst (unsigned_type_node, 0),
    build_int_cst (long_long_unsigned_type_node, 0),
    string_value (label),
    string_value (asm_name),
    string_value (file ? file : ""),
    build_int_cst (unsigned_type_node, line),
    build_int_cst (unsigned_type_node, kind),
  };
  DECL_INITIAL (decl) = record_value (desc_type, values);
  varpool_node::finalize_decl (decl);

  if (!unit_built)
    {
      unit_built = true;
      build_unit ();
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

/* A temporary of the function being instrumented, declared in BIND.  */
tree
trun_new_local (tree type, const char *name, gbind *bind)
{
  tree var = create_tmp_var_raw (type, name);
  DECL_CONTEXT (var) = current_function_decl;
  /* omp lowering re-gimplifies references and insists on this.  */
  DECL_SEEN_IN_BIND_EXPR_P (var) = 1;
  gimple_bind_append_vars (bind, var);
  return var;
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

/* if (VAR CODE VALUE) THEN_SEQ; [else ELSE_SEQ;]  */
static void
add_if (gimple_seq *seq, enum tree_code code, tree var, unsigned value,
        gimple_seq then_seq, gimple_seq else_seq)
{
  tree then_label = create_artificial_label (UNKNOWN_LOCATION);
  tree else_label = create_artificial_label (UNKNOWN_LOCATION);
  tree done_label = create_artificial_label (UNKNOWN_LOCATION);
  gimple_seq_add_stmt (seq, gimple_build_cond (code, var,
                                               build_int_cst (TREE_TYPE (var),
                                                              value),
                                               then_label, else_label));
  gimple_seq_add_stmt (seq, gimple_build_label (then_label));
  gimple_seq_add_seq (seq, then_seq);
  gimple_seq_add_stmt (seq, gimple_build_goto (done_label));
  gimple_seq_add_stmt (seq, gimple_build_label (else_label));
  gimple_seq_add_seq (seq, else_seq);
  gimple_seq_add_stmt (seq, gimple_build_label (done_label));
}

/* A load of DESC.enabled into a temporary of VARS_BIND:
   __atomic_load_4 (&desc.enabled, __ATOMIC_RELAXED), one plain load,
   atomic because the runtime changes the flag from any thread.  */
static tree
load_enabled (gimple_seq *seq, tree desc, gbind *vars_bind)
{
  tree fn = builtin_decl_explicit (BUILT_IN_ATOMIC_LOAD_4);
  tree var = trun_new_local (TREE_TYPE (TREE_TYPE (fn)), "trun_enabled",
                             vars_bind);
  gcall *load = gimple_build_call (fn, 2,
                                   build_fold_addr_expr (field_ref (desc, field_enabled)),
                                   integer_zero_node);
  gimple_call_set_lhs (load, var);
  gimple_seq_add_stmt (seq, load);
  return var;
}

/* BODY wrapped in the enter call and a try/finally exit (pass.cc shows
   the result).  The enabled flag is loaded once, at enter, into a
   temporary the exit tests again: the exit calls its marker exactly when
   the enter called its own, so the runtime may change the flag at any
   time (trun/abi.h).  Below TRUN_DESC_SKIPPED the markers are called;
   from it on (excluded or throttled) nothing is done: one test, which
   GCC's jump threading copies each small body for less than for two
   (a third test for excluded calls cost 20% of the plugin's compile
   time).  Temporaries are declared in
   VARS_BIND.  OMP_CTX, when not NULL, is the fork context passed to the
   OpenMP enter call; with TASK_OWNER too, it is a task's creation node
   and TASK_OWNER its creating thread, passed to the task enter call.  */
gimple_seq
trun_wrap_body (gimple_seq body, gbind *vars_bind, tree desc, tree omp_ctx,
                tree task_owner, location_t loc)
{
  gimple_seq seq = NULL;
  if (trun_opts.mode == TRUN_MODE_COVERAGE)
    {
      add_atomic_increment (&seq, desc);
      gimple_seq_add_seq (&seq, body);
      return seq;
    }

  bool region = trun_opts.mode == TRUN_MODE_REGION;
  tree addr = build_fold_addr_expr (desc);
  gcall *enter;
  if (task_owner)
    enter = gimple_build_call (trun_runtime_decl (region ? TRUN_FN_REGION_TASK_ENTER
                                                         : TRUN_FN_TRACE_TASK_ENTER),
                               3, addr, omp_ctx, task_owner);
  else if (omp_ctx)
    enter = gimple_build_call (trun_runtime_decl (region ? TRUN_FN_REGION_OMP_ENTER
                                                         : TRUN_FN_TRACE_OMP_ENTER),
                               2, addr, omp_ctx);
  else
    enter = gimple_build_call (trun_runtime_decl (region ? TRUN_FN_REGION_ENTER
                                                         : TRUN_FN_TRACE_ENTER),
                               1, addr);
  gimple_set_location (enter, loc);
  gimple_seq called = NULL;
  gimple_seq_add_stmt (&called, enter);
  tree enabled = load_enabled (&seq, desc, vars_bind);
  add_if (&seq, LT_EXPR, enabled, TRUN_DESC_SKIPPED, called, NULL);

  gcall *leave = gimple_build_call (trun_runtime_decl (region ? TRUN_FN_REGION_EXIT
                                                              : TRUN_FN_TRACE_EXIT),
                                    1, addr);
  gimple_set_location (leave, loc);
  gimple_seq cleanup = NULL, exit_call = NULL;
  gimple_seq_add_stmt (&exit_call, leave);
  add_if (&cleanup, LT_EXPR, enabled, TRUN_DESC_SKIPPED, exit_call, NULL);
  gimple_seq_add_stmt (&seq, gimple_build_try (body, cleanup, GIMPLE_TRY_FINALLY));
  return seq;
}
