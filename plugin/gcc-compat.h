/* gcc-compat.h -- the only place the trun plugin includes GCC's headers.
 *
 * GCC's internal headers must come in a particular order and change
 * between releases; keeping them here means the rest of the plugin sees
 * one stable set of names.  Built and tested against GCC 12.
 */
#ifndef TRUN_GCC_COMPAT_H
#define TRUN_GCC_COMPAT_H

#include "gcc-plugin.h"
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

/* gcc_version is a static object: only plugin.cc, which checks it, asks
   for it.  */
#ifdef TRUN_WANT_GCC_VERSION
#include "plugin-version.h"
#endif

#endif /* TRUN_GCC_COMPAT_H */
