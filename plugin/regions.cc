/* regions.cc -- region mode: calls to the public region API with a
 * string-literal name become descriptor calls, so the runtime never
 * hashes the name:
 *
 *   trun_region_begin ("solve");    ->  __trun_region_begin_desc (&__trun_desc.7);
 *   timemory_pop_region ("solve");  ->  __trun_region_end_desc (&__trun_desc.7);
 *
 * One descriptor per distinct name in the translation unit.  Within one
 * function, an end whose literal differs from the innermost open begin
 * gets a compile-time warning.
 */
#include "trun-plugin.h"
#include "trun/abi.h"

#include <string.h>

struct named_desc
{
  char *name;
  tree desc;
  struct named_desc *next;
};

static struct named_desc *region_descs;

struct open_region
{
  const char *name;
  location_t loc;
};

struct region_walk
{
  vec<open_region> open;
};

static tree
region_descriptor (const char *name, location_t loc)
{
  for (struct named_desc *d = region_descs; d; d = d->next)
    if (strcmp (d->name, name) == 0)
      return d->desc;
  struct named_desc *d = XNEW (struct named_desc);
  d->name = xstrdup (name);
  d->desc = trun_make_descriptor (name, name, LOCATION_FILE (loc),
                                  LOCATION_LINE (loc), TRUN_KIND_REGION);
  d->next = region_descs;
  region_descs = d;
  return d->desc;
}

/* 1 for a begin, -1 for an end, 0 for anything else.  Only C-linkage
   functions with these names count.  */
static int
region_call_kind (gcall *call)
{
  tree fn = gimple_call_fndecl (call);
  if (!fn || !DECL_NAME (fn) || !TREE_PUBLIC (fn))
    return 0;
  const char *name = IDENTIFIER_POINTER (DECL_NAME (fn));
  if (DECL_ASSEMBLER_NAME_SET_P (fn)
      && strcmp (IDENTIFIER_POINTER (DECL_ASSEMBLER_NAME (fn)), name) != 0)
    return 0;
  if (strcmp (name, "trun_region_begin") == 0
      || strcmp (name, "timemory_push_region") == 0)
    return 1;
  if (strcmp (name, "trun_region_end") == 0
      || strcmp (name, "timemory_pop_region") == 0)
    return -1;
  return 0;
}

/* The text of a string-literal argument (&"x"[0] or &"x"), or NULL.  */
static const char *
literal_argument (gcall *call)
{
  if (gimple_call_num_args (call) != 1 || gimple_call_lhs (call))
    return NULL;
  tree arg = gimple_call_arg (call, 0);
  STRIP_NOPS (arg);
  if (TREE_CODE (arg) != ADDR_EXPR)
    return NULL;
  tree op = TREE_OPERAND (arg, 0);
  if (TREE_CODE (op) == ARRAY_REF)
    {
      if (!integer_zerop (TREE_OPERAND (op, 1)))
        return NULL;
      op = TREE_OPERAND (op, 0);
    }
  if (TREE_CODE (op) != STRING_CST)
    return NULL;
  const char *s = TREE_STRING_POINTER (op);
  /* Reject literals with an embedded NUL: the name would be cut short.  */
  if ((int) strlen (s) + 1 != TREE_STRING_LENGTH (op))
    return NULL;
  return s;
}

static void
check_end (struct region_walk *w, const char *name, location_t loc)
{
  if (w->open.is_empty ())
    return;
  open_region top = w->open.pop ();
  if (strcmp (top.name, name) != 0)
    warning_at (loc, 0,
                "trun: region end %qs does not match the begin %qs at line %d",
                name, top.name, LOCATION_LINE (top.loc));
}

static tree
rewrite_call (gimple_stmt_iterator *gsi, bool *handled, struct walk_stmt_info *wi)
{
  *handled = false;
  gcall *call = dyn_cast<gcall *> (gsi_stmt (*gsi));
  if (!call)
    return NULL_TREE;
  int kind = region_call_kind (call);
  const char *name = kind ? literal_argument (call) : NULL;
  if (!name)
    return NULL_TREE;
  struct region_walk *w = (struct region_walk *) wi->info;
  location_t loc = gimple_location (call);
  tree desc = region_descriptor (name, loc);
  tree fn = trun_runtime_decl (kind > 0 ? TRUN_FN_REGION_BEGIN_DESC
                                        : TRUN_FN_REGION_END_DESC);
  gimple_call_set_fndecl (call, fn);
  gimple_call_set_fntype (call, TREE_TYPE (fn));
  gimple_call_set_arg (call, 0, build_fold_addr_expr (desc));
  if (trun_opts.verbose > 1)
    fprintf (stderr, "trun: %s:%d: region %s %s\n", LOCATION_FILE (loc),
             LOCATION_LINE (loc), kind > 0 ? "begin" : "end", name);
  if (kind > 0)
    {
      open_region r = { name, loc };
      w->open.safe_push (r);
    }
  else
    check_end (w, name, loc);
  return NULL_TREE;
}

void
trun_rewrite_regions (tree fndecl)
{
  struct walk_stmt_info wi;
  struct region_walk w;
  w.open = vNULL;
  memset (&wi, 0, sizeof wi);
  wi.info = &w;
  gimple_seq body = gimple_body (fndecl);
  walk_gimple_seq_mod (&body, rewrite_call, NULL, &wi);
  w.open.release ();
}
