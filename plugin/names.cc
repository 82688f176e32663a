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

/* What label= adds, timemory's way: "RETURN NAME(ARGS) [FILE:LINE]".
   C++ labels already hold the parameter types; C gets its parameters'
   types and names from the declaration.  */
char *
trun_function_full_label (tree decl)
{
  const char *label = trun_function_label (decl);
  int bits = trun_opts.labels;
  if (!bits)
    return xstrdup (label);
  struct obstack ob;
  obstack_init (&ob);
  bool cxx = lang_GNU_CXX ();
  if ((bits & TRUN_LABEL_RETURN) && !cxx && TREE_TYPE (TREE_TYPE (decl)))
    {
      char *ret = print_generic_expr_to_str (TREE_TYPE (TREE_TYPE (decl)));
      obstack_grow (&ob, ret, strlen (ret));
      obstack_1grow (&ob, ' ');
      free (ret);
    }
  obstack_grow (&ob, label, strlen (label));
  if ((bits & TRUN_LABEL_ARGS) && !cxx)
    {
      obstack_1grow (&ob, '(');
      for (tree parm = DECL_ARGUMENTS (decl); parm; parm = DECL_CHAIN (parm))
        {
          char *type = print_generic_expr_to_str (TREE_TYPE (parm));
          obstack_grow (&ob, type, strlen (type));
          free (type);
          if (DECL_NAME (parm))
            {
              const char *name = IDENTIFIER_POINTER (DECL_NAME (parm));
              obstack_1grow (&ob, ' ');
              obstack_grow (&ob, name, strlen (name));
            }
          if (DECL_CHAIN (parm))
            obstack_grow (&ob, ", ", 2);
        }
      if (stdarg_p (TREE_TYPE (decl)))
        obstack_grow (&ob, DECL_ARGUMENTS (decl) ? ", ..." : "...", DECL_ARGUMENTS (decl) ? 5 : 3);
      obstack_1grow (&ob, ')');
    }
  if (bits & (TRUN_LABEL_FILE | TRUN_LABEL_LINE))
    {
      char where[64];
      obstack_grow (&ob, " [", 2);
      if (bits & TRUN_LABEL_FILE)
        {
          const char *file = DECL_SOURCE_FILE (decl) ? DECL_SOURCE_FILE (decl) : "";
          const char *slash = strrchr (file, '/');
          file = slash ? slash + 1 : file;
          obstack_grow (&ob, file, strlen (file));
        }
      if (bits & TRUN_LABEL_LINE)
        {
          snprintf (where, sizeof where, ":%d", DECL_SOURCE_LINE (decl));
          obstack_grow (&ob, where, strlen (where));
        }
      obstack_1grow (&ob, ']');
    }
  obstack_1grow (&ob, 0);
  char *result = xstrdup ((char *) obstack_finish (&ob));
  obstack_free (&ob, NULL);
  return result;
}
