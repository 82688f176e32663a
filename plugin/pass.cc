/* pass.cc -- the trun pass: for each function with a body, decide, then
 * instrument.  It runs before "omplower", on high GIMPLE, where OpenMP
 * constructs are still statements of their parent.  A function
 *
 *   int f (int x)
 *   {
 *     trun_region_begin ("solve");
 *     #pragma omp parallel
 *     { P }
 *     BODY
 *   }
 *
 * becomes, in region mode (trace mode calls __trun_trace_enter, _exit
 * and _omp_enter instead, and leaves region calls alone)
 *
 *   static struct trun_desc __trun_desc.1 __attribute__((section("trun_desc")))
 *       = { 1, 0, 0, "solve", "solve", "f.c", 3, TRUN_KIND_REGION };       // 1
 *   static struct trun_desc __trun_desc.2 ... "f [omp parallel:4]" ...    // 3
 *   static struct trun_desc __trun_desc.3 ...
 *       = { 1, 0, 0, "f", "f", "f.c", 1, TRUN_KIND_FUNCTION };            // 4
 *   int f (int x)
 *   {
 *     trun_enabled = __atomic_load (&__trun_desc.3.enabled, RELAXED);     // 5
 *     if (trun_enabled < TRUN_DESC_SKIPPED)
 *       __trun_region_enter (&__trun_desc.3);
 *     try
 *       {
 *         __trun_region_begin_desc (&__trun_desc.1);                      // 1
 *         trun_omp_ctx = __trun_omp_fork ();                              // 3
 *         #pragma omp parallel firstprivate (trun_omp_ctx)
 *         { enter: __trun_region_omp_enter (&__trun_desc.2, trun_omp_ctx);
 *           try { P } finally { exit: __trun_region_exit (&__trun_desc.2); } }
 *         __trun_omp_join (trun_omp_ctx);
 *         BODY
 *       }
 *     finally { if (trun_enabled < TRUN_DESC_SKIPPED)
 *                 __trun_region_exit (&__trun_desc.3); }
 *   }
 *
 * ("enter:" and "exit:" stand for the tested calls shown for f itself).
 * The flag is loaded once, at enter: the exit calls its marker exactly
 * when the enter called its own, whatever the runtime does to the flag
 * meanwhile (trun/abi.h); a throttled function (TRUN_DESC_THROTTLED)
 * costs the load and two compares.  Once inlining is done,
 * the late pass (preserve.cc) turns the function-body enter and exit
 * calls on x86-64 into register-preserving sequences, so the markers
 * add nothing to a frame.  In coverage mode the wrapping is just
 *
 *   __atomic_fetch_add (&__trun_desc.3.calls, 1, RELAXED); BODY           // 5
 *
 * The steps, as numbered in execute_trun_pass and instrument_function:
 *
 *   1. region mode: literal-name region calls become descriptor calls
 *      (regions.cc), whether or not the function itself is instrumented;
 *   2. decide: trun_skip_reason (skip.cc); a skipped function ends here,
 *      after its OpenMP bodies are instrumented as in step 3 when it was
 *      skipped only for being inline or small (trun_skip_keeps_omp);
 *   3. OpenMP bodies first (omp.cc), so their markers end up inside the
 *      function's wrapper;
 *   4. the function's descriptor (build.cc; the unit's first descriptor
 *      also brings the unit record, constructor and destructor);
 *   5. the body wrapped in enter/exit (build.cc);
 *   6. the verbose line and the list=FILE line.
 *
 * (A 7th step, the register-preserving sequences, is preserve.cc's own
 * pass, after "optimized".)
 */
#include "trun-plugin.h"
#include "trun/abi.h"

static void
report (tree decl, const char *label, const char *what)
{
  if (trun_opts.verbose > 0)
    fprintf (stderr, "trun: %s:%d: %s %s\n", DECL_SOURCE_FILE (decl),
             DECL_SOURCE_LINE (decl), what, label);
}

/* available=FILE: a function the filters chose among (instrumented, or
   skipped for a filter, for being inline or small), as in list=FILE.  */
static void
list_available (tree fndecl, enum trun_skip_kind kind)
{
  if (!trun_opts.available || trun_is_unit_cdtor (fndecl)
      || !(kind == TRUN_SKIP_NONE || kind == TRUN_SKIP_FILTER || kind == TRUN_SKIP_INLINE
           || kind == TRUN_SKIP_SMALL_INLINE || kind == TRUN_SKIP_MIN_STATEMENTS
           || kind == TRUN_SKIP_LEAF_MIN_STATEMENTS))
    return;
  char *label = trun_function_full_label (fndecl);
  fprintf (trun_opts.available, "%s:%d\t%s\n", DECL_SOURCE_FILE (fndecl),
           DECL_SOURCE_LINE (fndecl), label);
  free (label);
}

static void
instrument_function (tree fndecl)
{
  const char *base_label = trun_function_label (fndecl);
  char *label = trun_function_full_label (fndecl);
  const char *file = DECL_SOURCE_FILE (fndecl);
  int line = DECL_SOURCE_LINE (fndecl);
  location_t loc = DECL_SOURCE_LOCATION (fndecl);

  /* 3. OpenMP bodies first, so their markers end up inside the wrapper.  */
  if (trun_opts.omp)
    trun_instrument_omp (fndecl, base_label);

  /* 4. The function's descriptor.  */
  tree desc = trun_make_descriptor (label, trun_function_asm_name (fndecl),
                                    file, line, TRUN_KIND_FUNCTION);

  /* 5. The body, wrapped in a new outermost bind.  */
  gbind *bind = gimple_build_bind (NULL_TREE, NULL, NULL_TREE);
  gimple_bind_set_body (bind, trun_wrap_body (gimple_body (fndecl), bind, desc,
                                              NULL_TREE, NULL_TREE, loc));
  gimple_seq seq = NULL;
  gimple_seq_add_stmt (&seq, bind);
  gimple_set_body (fndecl, seq);

  /* 6. Say so.  */
  report (fndecl, label, "instrumented");
  if (trun_opts.list)
    fprintf (trun_opts.list, "%s:%d\t%s\n", file, line, label);
  free (label);
}

static unsigned int
execute_trun_pass (function *fun)
{
  tree fndecl = fun->decl;
  if (!gimple_body (fndecl))
    return 0;

  /* 1. Region mode: literal-name region calls.  */
  if (trun_opts.mode == TRUN_MODE_REGION)
    trun_rewrite_regions (fndecl);

  /* 2. Decide.  */
  enum trun_skip_kind kind;
  const char *reason = trun_skip_reason (fndecl, &kind);
  list_available (fndecl, kind);
  if (reason)
    {
      if (!trun_is_unit_cdtor (fndecl))
        trun_opts.skipped[kind]++;
      /* OpenMP bodies are regions of their own whatever is decided for
         the function, unless it was ruled out rather than found small
         or inline (trun_skip_keeps_omp): their fork records the node
         current in the forking thread, the nearest instrumented
         ancestor.  */
      bool omp = trun_opts.omp && trun_skip_keeps_omp (kind)
                 && trun_has_omp (fndecl);
      /* Our own constructor and destructor are not worth a line unless
         asked for.  */
      if (trun_opts.verbose > 1
          || (trun_opts.verbose && !trun_is_unit_cdtor (fndecl)))
        fprintf (stderr, "trun: %s:%d: skipped %s: %s%s\n",
                 DECL_SOURCE_FILE (fndecl), DECL_SOURCE_LINE (fndecl),
                 trun_function_label (fndecl), reason,
                 omp ? "; its OpenMP bodies are instrumented" : "");
      if (omp)
        trun_instrument_omp (fndecl, trun_function_label (fndecl));
      return 0;
    }

  /* 3.-6.  */
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
