/* omp.cc -- OpenMP bodies as regions of their own.
 *
 * Before omplower a parallel construct is still a statement of its parent:
 *
 *   #pragma omp parallel            // GIMPLE_OMP_PARALLEL <clauses>
 *   { BIND { BODY } }
 *
 * and becomes
 *
 *   trun_omp_ctx = __trun_omp_fork ();
 *   #pragma omp parallel firstprivate (trun_omp_ctx)
 *   { BIND { enter: __trun_trace_omp_enter (&desc, trun_omp_ctx);
 *            try { BODY } finally { __trun_trace_exit (&desc); } } }
 *   __trun_omp_join (trun_omp_ctx);
 *
 * The bind must stay the body's first statement (omp lowering relies on
 * it), so the markers go inside it.  A task becomes
 *
 *   trun_task_node = __trun_trace_omp_task ();
 *   trun_task_owner = __trun_omp_self ();
 *   #pragma omp task firstprivate (trun_task_node, trun_task_owner)
 *   { BIND { enter: __trun_trace_task_enter (&desc, trun_task_node,
 *                                            trun_task_owner);
 *            try { BODY } finally { __trun_trace_exit (&desc); } } }
 *
 * (no join: the creation context is a node, which outlives the task).
 * The descriptor label is "FUNCTION [omp parallel:LINE]" ("[omp task:LINE]").
 */
#include "trun-plugin.h"
#include "trun/abi.h"

#include <string.h>

static tree
make_omp_descriptor (const char *fn_label, const char *construct, gimple *stmt,
                     int kind)
{
  int line = LOCATION_LINE (gimple_location (stmt));
  const char *file = LOCATION_FILE (gimple_location (stmt));
  char *label = trun_omp_label (fn_label, construct, line);
  tree desc = trun_make_descriptor (label, label,
                                    file ? file : DECL_SOURCE_FILE (current_function_decl),
                                    line, kind);
  if (trun_opts.verbose > 1)
    fprintf (stderr, "trun: %s:%d: instrumented %s\n", file ? file : "", line,
             label);
  if (trun_opts.list)
    fprintf (trun_opts.list, "%s:%d\t%s\n", file ? file : "", line, label);
  free (label);
  return desc;
}

/* The bind that holds the construct's body, creating one if the body
   does not start with a bind.  */
static gbind *
body_bind (gimple *stmt)
{
  gimple_seq body = gimple_omp_body (stmt);
  gimple *first = gimple_seq_first_stmt (body);
  if (first && gimple_code (first) == GIMPLE_BIND && gimple_seq_singleton_p (body))
    return as_a<gbind *> (first);
  gbind *bind = gimple_build_bind (NULL_TREE, body, NULL_TREE);
  gimple_seq seq = NULL;
  gimple_seq_add_stmt (&seq, bind);
  gimple_omp_set_body (stmt, seq);
  return bind;
}

static void
wrap_construct_body (gimple *stmt, tree desc, tree ctx, tree owner)
{
  gbind *bind = body_bind (stmt);
  gimple_bind_set_body (bind, trun_wrap_body (gimple_bind_body (bind), bind,
                                              desc, ctx, owner,
                                              gimple_location (stmt)));
}

/* VAR = FN () before the statement at GSI.  */
static void
call_before (gimple_stmt_iterator *gsi, tree var, enum trun_runtime_fn fn,
             location_t loc)
{
  gcall *call = gimple_build_call (trun_runtime_decl (fn), 0);
  gimple_call_set_lhs (call, var);
  gimple_set_location (call, loc);
  gsi_insert_before (gsi, call, GSI_SAME_STMT);
}

/* CLAUSES with firstprivate (VAR) in front.  */
static tree
firstprivate (location_t loc, tree var, tree clauses)
{
  tree clause = build_omp_clause (loc, OMP_CLAUSE_FIRSTPRIVATE);
  OMP_CLAUSE_DECL (clause) = var;
  OMP_CLAUSE_CHAIN (clause) = clauses;
  return clause;
}

static void
instrument_parallel (gimple_stmt_iterator *gsi, gbind *enclosing,
                     const char *fn_label)
{
  gomp_parallel *par = as_a<gomp_parallel *> (gsi_stmt (*gsi));
  location_t loc = gimple_location (par);
  tree desc = make_omp_descriptor (fn_label, "parallel", par,
                                   TRUN_KIND_OMP_PARALLEL);
  if (trun_opts.mode == TRUN_MODE_COVERAGE)
    {
      wrap_construct_body (par, desc, NULL_TREE, NULL_TREE);
      return;
    }

  /* The context lives in the innermost bind around the construct, so a
     nested parallel's context is private to the enclosing team thread.  */
  tree ctx = trun_new_local (ptr_type_node, "trun_omp_ctx", enclosing);

  call_before (gsi, ctx, TRUN_FN_OMP_FORK, loc);
  gcall *join = gimple_build_call (trun_runtime_decl (TRUN_FN_OMP_JOIN), 1, ctx);
  gimple_set_location (join, loc);
  gsi_insert_after (gsi, join, GSI_SAME_STMT);

  gimple_omp_parallel_set_clauses (par, firstprivate (loc, ctx,
                                                      gimple_omp_parallel_clauses (par)));
  wrap_construct_body (par, desc, ctx, NULL_TREE);
}

/* A task: its creation context (the node current in the creating
   thread, and that thread) taken before the construct and handed to
   the body through firstprivate clauses, the way a parallel's fork
   context is, so the body is attached under the node that created it
   on whatever thread runs it.  */
static void
instrument_task (gimple_stmt_iterator *gsi, gbind *enclosing,
                 const char *fn_label)
{
  gomp_task *task = as_a<gomp_task *> (gsi_stmt (*gsi));
  /* taskloop and "taskwait depend" are tasks without a plain body.  */
  if (gimple_omp_task_taskloop_p (task) || gimple_omp_task_taskwait_p (task)
      || !gimple_omp_body (task))
    return;
  tree desc = make_omp_descriptor (fn_label, "task", task, TRUN_KIND_OMP_TASK);
  if (trun_opts.mode == TRUN_MODE_COVERAGE)
    {
      wrap_construct_body (task, desc, NULL_TREE, NULL_TREE);
      return;
    }
  location_t loc = gimple_location (task);
  tree node = trun_new_local (ptr_type_node, "trun_task_node", enclosing);
  tree owner = trun_new_local (ptr_type_node, "trun_task_owner", enclosing);
  call_before (gsi, node, trun_opts.mode == TRUN_MODE_REGION
                              ? TRUN_FN_REGION_OMP_TASK
                              : TRUN_FN_TRACE_OMP_TASK, loc);
  call_before (gsi, owner, TRUN_FN_OMP_SELF, loc);
  tree clauses = gimple_omp_task_clauses (task);
  clauses = firstprivate (loc, owner, firstprivate (loc, node, clauses));
  gimple_omp_task_set_clauses (task, clauses);
  wrap_construct_body (task, desc, node, owner);
}

static void walk_sequence (gimple_seq *seq, gbind *enclosing, const char *label);

static void
walk_statement (gimple_stmt_iterator *gsi, gbind *enclosing, const char *label)
{
  gimple *stmt = gsi_stmt (*gsi);
  switch (gimple_code (stmt))
    {
    case GIMPLE_BIND:
      walk_sequence (gimple_bind_body_ptr (as_a<gbind *> (stmt)),
                     as_a<gbind *> (stmt), label);
      break;
    case GIMPLE_TRY:
      walk_sequence (gimple_try_eval_ptr (stmt), enclosing, label);
      walk_sequence (gimple_try_cleanup_ptr (stmt), enclosing, label);
      break;
    case GIMPLE_CATCH:
      walk_sequence (gimple_catch_handler_ptr (as_a<gcatch *> (stmt)), enclosing,
                     label);
      break;
    case GIMPLE_EH_FILTER:
      walk_sequence (gimple_eh_filter_failure_ptr (stmt), enclosing, label);
      break;
    case GIMPLE_EH_ELSE:
      {
        geh_else *e = as_a<geh_else *> (stmt);
        walk_sequence (gimple_eh_else_n_body_ptr (e), enclosing, label);
        walk_sequence (gimple_eh_else_e_body_ptr (e), enclosing, label);
      }
      break;
    case GIMPLE_TRANSACTION:
      walk_sequence (gimple_transaction_body_ptr (as_a<gtransaction *> (stmt)),
                     enclosing, label);
      break;
    case GIMPLE_OMP_PARALLEL:
      instrument_parallel (gsi, enclosing, label);
      walk_sequence (gimple_omp_body_ptr (stmt), enclosing, label);
      break;
    case GIMPLE_OMP_TASK:
      instrument_task (gsi, enclosing, label);
      if (gimple_omp_body (stmt))
        walk_sequence (gimple_omp_body_ptr (stmt), enclosing, label);
      break;
    case GIMPLE_OMP_FOR:
      walk_sequence (gimple_omp_for_pre_body_ptr (stmt), enclosing, label);
      walk_sequence (gimple_omp_body_ptr (stmt), enclosing, label);
      break;
    default:
      if (is_gimple_omp (stmt) && gimple_has_substatements (stmt))
        walk_sequence (gimple_omp_body_ptr (stmt), enclosing, label);
      break;
    }
}

static void
walk_sequence (gimple_seq *seq, gbind *enclosing, const char *label)
{
  for (gimple_stmt_iterator gsi = gsi_start (*seq); !gsi_end_p (gsi); gsi_next (&gsi))
    walk_statement (&gsi, enclosing, label);
}

void
trun_instrument_omp (tree fndecl, const char *label)
{
  gimple_seq body = gimple_body (fndecl);
  gimple *first = gimple_seq_first_stmt (body);
  if (!first || gimple_code (first) != GIMPLE_BIND)
    return;
  walk_sequence (&body, as_a<gbind *> (first), label);
}

static tree
find_omp_construct (gimple_stmt_iterator *gsi, bool *handled,
                    struct walk_stmt_info *)
{
  enum gimple_code code = gimple_code (gsi_stmt (*gsi));
  /* A value stops the walk, and GCC wants it only from a statement
     marked handled.  */
  *handled = code == GIMPLE_OMP_PARALLEL || code == GIMPLE_OMP_TASK;
  return *handled ? integer_one_node : NULL_TREE;
}

bool
trun_has_omp (tree fndecl)
{
  struct walk_stmt_info wi;
  memset (&wi, 0, sizeof wi);
  return walk_gimple_seq (gimple_body (fndecl), find_omp_construct, NULL, &wi)
         != NULL;
}
