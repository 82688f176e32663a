/* names.cc -- what descriptors are called: the label the reports show
 * and the assembler name the filters also match.
 */
#include "trun-plugin.h"

#include <string.h>

/* C: the plain name.  C++: the printable name with its signature, e.g.
   "int thrower(int)", so overloads get distinct labels.  */
const char *
trun_function_label (tree decl)
{
  if (lang_GNU_CXX ())
    return lang_hooks.decl_printable_name (decl, 2);
  if (DECL_NAME (decl))
    return IDENTIFIER_POINTER (DECL_NAME (decl));
  return "<anonymous>";
}

const char *
trun_function_asm_name (tree decl)
{
  return IDENTIFIER_POINTER (DECL_ASSEMBLER_NAME (decl));
}

/* "main [omp parallel:13]": the enclosing function's label, the
   construct and its line.  */
char *
trun_omp_label (const char *fn_label, const char *construct, int line)
{
  size_t len = strlen (fn_label) + strlen (construct) + 32;
  char *label = XNEWVEC (char, len);
  snprintf (label, len, "%s [omp %s:%d]", fn_label, construct, line);
  return label;
}
