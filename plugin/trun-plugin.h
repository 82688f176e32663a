/* trun-plugin.h -- what the plugin's source files share: the parsed
 * options, the filter rules and what each file provides, in the order
 * the pass uses them.  Each prototype is here and nowhere else.
 */
#ifndef TRUN_PLUGIN_H
#define TRUN_PLUGIN_H

#include "gcc-compat.h"
#include <regex.h>
#include <stdio.h>

enum trun_mode
{
  TRUN_MODE_TRACE,
  TRUN_MODE_REGION,
  TRUN_MODE_COVERAGE
};

/* One compiled regular expression and where it came from, for messages.  */
struct trun_rule
{
  regex_t re;
  char *pattern;
  char *origin; /* "exclude=..." or "FILE:LINE" of a filter file */
  struct trun_rule *next;
};

/* Why a function is not instrumented (skip.cc).  */
enum trun_skip_kind
{
  TRUN_SKIP_NONE,
  TRUN_SKIP_NO_BODY,
  TRUN_SKIP_ARTIFICIAL,
  TRUN_SKIP_RUNTIME,
  TRUN_SKIP_ATTRIBUTE,      /* no_instrument_function, naked, interrupt */
  TRUN_SKIP_SYSTEM_HEADER,
  TRUN_SKIP_FILTER,         /* include/exclude rules */
  TRUN_SKIP_INLINE,         /* declared inline, inline=no */
  TRUN_SKIP_SMALL_INLINE,   /* declared inline, no loop, small */
  TRUN_SKIP_MIN_STATEMENTS,
  TRUN_SKIP_LEAF_MIN_STATEMENTS, /* calls only builtins, no loop, small */
  TRUN_SKIP_KINDS
};
struct trun_options
{
  enum trun_mode mode;
  int omp;             /* instrument OpenMP parallel/task bodies */
  int inline_fns;      /* functions declared inline: 1 all, 0 none,
                          -1 (auto) those with a loop, an OpenMP
                          construct or inline_min_statements */
  int inline_min_statements;
  int verbose;         /* 0 quiet, 1 per function, 2 also OpenMP/regions */
  int min_statements;  /* skip functions with fewer GIMPLE statements */
  int leaf_min_statements; /* the same for leaves without a loop or
                              an OpenMP construct */
  FILE *list;          /* list=FILE, opened for appending, or NULL */
  FILE *available;     /* available=FILE: what the filters chose among */
  int labels;          /* label=: TRUN_LABEL_* bits */
  int skip_counts;     /* skip-counts=FILE: its descriptor, or -1 */
  int skipped[TRUN_SKIP_KINDS]; /* this unit's skipped functions */
  struct trun_rule *include_function;
  struct trun_rule *exclude_function;
  struct trun_rule *include_file;
  struct trun_rule *exclude_file;
};

/* label=file,line,return,args: what a function's label holds besides
   its name (timemory-run's --label).  */
#define TRUN_LABEL_FILE 1
#define TRUN_LABEL_LINE 2
#define TRUN_LABEL_RETURN 4
#define TRUN_LABEL_ARGS 8

extern struct trun_options trun_opts;

/* options.cc: parse -fplugin-arg-trun-*; false (after error()) if bad.  */
bool trun_parse_arguments (int argc, struct plugin_argument *argv);
/* At the end of the unit: the skip counts, one line appended to
   skip-counts=FILE, then the files closed.  */
void trun_close_options (void);
const char *trun_mode_name (enum trun_mode mode);

/* skip.cc: why DECL is not instrumented (and the kind of reason, for
   the skip counts and the OpenMP bodies), or NULL when it is.  */
const char *trun_skip_reason (tree decl, enum trun_skip_kind *kind);
/* Whether the OpenMP bodies of a function skipped for KIND are still
   instrumented (size and inline-ness: yes; anything else: no).  */
bool trun_skip_keeps_omp (enum trun_skip_kind kind);
/* The kind's name in the skip-counts file ("system-header", ...).  */
const char *trun_skip_kind_name (enum trun_skip_kind kind);

/* names.cc: what descriptors are called.  A function's label is its
   printable name (C++: with the signature); an OpenMP body's is
   "FUNCTION [omp CONSTRUCT:LINE]", in memory the caller frees.  */
const char *trun_function_label (tree decl);
const char *trun_function_asm_name (tree decl);
char *trun_omp_label (const char *fn_label, const char *construct, int line);
/* The label with what label= adds (in memory the caller frees).  */
char *trun_function_full_label (tree decl);

/* build.cc: the runtime declarations (one per entry of runtime.def,
   built once per translation unit), descriptors, the unit record with
   its constructor and destructor, and the enter/exit wrapping.  */
enum trun_runtime_fn
{
#define DEF_TRUN_RUNTIME(CODE, NAME, SIGNATURE) CODE,
#include "runtime.def"
#undef DEF_TRUN_RUNTIME
  TRUN_FN_COUNT
};
extern const struct ggc_root_tab trun_ggc_roots[];
void trun_start_unit (void *gcc_data, void *user_data);
tree trun_runtime_decl (enum trun_runtime_fn fn);
tree trun_make_descriptor (const char *label, const char *asm_name,
                           const char *file, int line, int kind);
bool trun_is_unit_cdtor (tree fndecl);
tree trun_new_local (tree type, const char *name, gbind *bind);
gimple_seq trun_wrap_body (gimple_seq body, gbind *vars_bind, tree desc,
                           tree omp_ctx, tree task_owner, location_t loc);

/* omp.cc: markers for every parallel/task construct in FNDECL's body;
   whether the body holds any such construct.  */
void trun_instrument_omp (tree fndecl, const char *label);
bool trun_has_omp (tree fndecl);

/* regions.cc: region-mode rewrite of literal-name region calls.  */
void trun_rewrite_regions (tree fndecl);

/* pass.cc: the pass itself.  */
opt_pass *trun_make_pass (gcc::context *ctxt);

/* preserve.cc: the late pass, x86-64's register-preserving markers.  */
opt_pass *trun_make_preserve_pass (gcc::context *ctxt);
/* preserve.cc: after register allocation, the sequences' saves of
   registers nothing reads after them dropped.  */
opt_pass *trun_make_preserve_trim_pass (gcc::context *ctxt);

#endif /* TRUN_PLUGIN_H */
