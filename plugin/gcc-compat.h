/* gcc-compat.h -- the only place the trun plugin includes GCC's headers.
 *
 * GCC's internal headers must come in a particular order and change
 * between releases; keeping them here means the rest of the plugin sees
 * one stable set of names.  Built and tested against GCC 12.
 */
#ifndef TRUN_GCC_COMPAT_H
#define TRUN_GCC_COMPAT_H

#include "gcc-plugin.h"

/* GCCPLUGIN_VERSION (major * 1000 + minor) comes with the static
   gcc_version object that only plugin.cc's version check uses; in the
   other files it would be an unused variable.  */
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wunused-variable"
#include "plugin-version.h"
#pragma GCC diagnostic pop

#include "tree.h"
#include "tree-pass.h"
#include "context.h"
#include "function.h"
#include "basic-block.h"
#include "gimple.h"
#include "gimple-iterator.h"
#include "gimple-walk.h"
#include "gimple-expr.h"
#include "cgraph.h"
#include "stringpool.h"
#include "stor-layout.h"
#include "langhooks.h"
#include "diagnostic-core.h"
#include "attribs.h"
#include "varasm.h"
#include "tree-iterator.h"
#include "fold-const.h"
#include "builtins.h"
#include "hard-reg-set.h"
#include "output.h"
#include "tree-pretty-print.h"
#include "ssa.h"
#include "rtl.h"
#include "df.h"

/* Targets: preserve.cc writes x86-64 assembler and reads x86-64's code
   model, which tm.h brings from config/i386 (TARGET_LP64, ix86_cmodel);
   for any other target it does nothing.  */
#if defined(TARGET_LP64) && defined(TARGET_AVX512F)
#define TRUN_TARGET_X86_64 1
#else
#define TRUN_TARGET_X86_64 0
#endif

/* Whether the current function's ABI lets a callee clobber hard register
   REGNO: call_used_or_fixed_reg_p, which GCC declares for target code
   only.  The target switches the tables per function (x86-64 for an
   ms_abi function, where rdi and rsi are callee-saved).  */
static inline bool
trun_call_clobbered_reg_p (unsigned int regno)
{
  return this_target_hard_regs->x_fixed_regs[regno]
         || this_target_hard_regs->x_call_used_regs[regno];
}

/* GCC releases: each difference the plugin meets is one GCCPLUGIN_VERSION
   test here, oldest first, so the other files never test the version.
   Only GCC 12 is built and tested; GCC 12 itself needs no difference.  */
#if GCCPLUGIN_VERSION < 9000
/* omp.cc skips "taskwait depend" tasks (OpenMP 5.0), which GCC 9 added
   together with gimple_omp_task_taskwait_p.  */
#error "the trun plugin needs GCC 9 or later"
#endif

#endif /* TRUN_GCC_COMPAT_H */
