/* tools/ccargs.h -- what a GCC driver command line does: which inputs it
 * compiles, whether it links, and where the output goes.  Used by the
 * wrapper (to decide what to add) and by the -o rebuild (to recompile one
 * translation unit of a recorded command).
 */
#ifndef TRUN_TOOLS_CCARGS_H
#define TRUN_TOOLS_CCARGS_H

#include "util/strv.h"

enum cc_stage
{
  CC_STAGE_LINK,       /* no stop option: compile what is given, then link */
  CC_STAGE_COMPILE,    /* -c */
  CC_STAGE_ASSEMBLY,   /* -S */
  CC_STAGE_PREPROCESS, /* -E, or -M/-MM without -MD/-MMD */
  CC_STAGE_SYNTAX,     /* -fsyntax-only */
  CC_STAGE_QUERY       /* --version, -dumpmachine, -print-*, no inputs */
};

enum cc_input_kind
{
  CC_INPUT_SOURCE, /* C or C++ source: what the plugin instruments */
  CC_INPUT_OTHER,  /* assembler, headers (PCH), Fortran...: compiled plainly */
  CC_INPUT_LINK    /* objects, archives, shared objects, -l libraries */
};

struct cc_input
{
  const char *arg; /* as written on the command line */
  int index;       /* its index in argv */
  enum cc_input_kind kind;
};

struct cc_args
{
  enum cc_stage stage;
  int shared;  /* -shared */
  int partial; /* -r: relocatable link, no runtime */
  const char *output; /* -o value or NULL */
  int output_index;   /* argv index of the -o option (or -1) */
  struct cc_input *inputs;
  size_t ninputs;
  size_t nsources; /* inputs of kind CC_INPUT_SOURCE */
};

/* Classify ARGV (argv[0] is the compiler).  */
void cc_parse (char *const *argv, struct cc_args *ca);
void cc_free (struct cc_args *ca);

/* Whether the option at ARG takes the next argument as its value.  */
int cc_option_takes_value (const char *arg);
/* C or C++ source by file extension.  */
int cc_is_source_name (const char *name);
/* The object a "-c" of SOURCE writes when there is no -o.  */
char *cc_default_object (const char *source);

/* Add the runtime's link flags LINK to the link command CMD: before its
   first -l library (so that libtrun comes before the MPI library in the
   program's DT_NEEDED order and its PMPI wrappers take MPI_Init), kept
   even under --as-needed.  */
void cc_add_runtime (struct strv *cmd, const struct strv *link);

#endif /* TRUN_TOOLS_CCARGS_H */
