/* preserve.cc -- the late pass: on x86-64, each marker call the trun pass
 * wrote becomes the register-preserving sequence of trun/abi.h, so an
 * instrumented frame is no bigger than an uninstrumented one.
 *
 * A call to the C entry point clobbers what the C calling convention
 * lets a callee clobber: the function's arguments must be saved across
 * its enter call, its return value across its exit call, each in one
 * more callee-saved register pushed in its prologue.  That is 16 bytes
 * more per frame for most small functions: half the depth a recursion
 * can reach.  The call
 *
 *   __trun_trace_exit (&__trun_desc.3);
 *
 * in a function returning a long becomes (trace mode; region mode the
 * same with __trun_region_*)
 *
 *   __asm__ __volatile__ ("lea %0, %%r10\n\t"                            // 1
 *                         "lea -176(%%rsp), %%rsp\n\t"
 *                         "mov %%rax, 0(%%rsp)\n\t"
 *                         "call *__trun_trace_exit_preserve@GOTPCREL(%%rip)\n\t"
 *                         "mov 0(%%rsp), %%rax\n\t"
 *                         "lea 176(%%rsp), %%rsp"
 *                         : : "m" (__trun_desc.3)
 *                         : "rcx", "rdx", "rsi", "rdi", "r8", "r9", "r10",
 *                           "r11", "cc", "memory", "xmm0", ... "mm7"); // 2
 *
 * The sequence steps over the red zone and saves, below it, the
 * registers holding the function's values at that point: an enter the
 * argument registers its parameters use, an exit the registers of its
 * result.  Only those: a register saved and restored for nothing makes
 * every marker wait for the one before (a chain through memory that
 * doubled the cost of a call in fib).  The rest of the caller-saved
 * registers, as with a call, are clobbered, so GCC keeps nothing there.
 *
 * The steps, as numbered in execute_preserve_pass and preserve_call:
 *
 *   1. the sequence, in both assembler dialects (-masm=intel), saving
 *      the registers live_arguments or live_results counts;
 *   2. the clobbers: the other caller-saved general registers, and the
 *      vector, mask and x87 registers the function's instruction set
 *      has, as expand checks them; written as hard register numbers
 *      (GCC's "2" is "rcx"), which expand takes as they are instead of
 *      looking each name up among the target's.  The x87 and MMX
 *      registers only in a function where a value can be in one
 *      (x87_or_mmx_values): elsewhere no value of the function can be
 *      lost there, and the 16 clobbers made every such function pay
 *      for the x87 stack pass (reg-stack) and a sixth of what the
 *      markers add to compiling lua;
 *   3. every call to one of the four entry points, in every function,
 *      once inlining is done (a body inlined into a function with
 *      another instruction set gets that function's clobbers), but the
 *      exit of an OpenMP body (omp_body_descriptor): a reduction's
 *      accumulators are live across it;
 *   4. the asm replaces the call, taking over its virtual operands;
 *   5. after register allocation (trim_pass), a saved register that
 *      nothing reads after the sequence is saved no more: the sequence
 *      then clobbers it.  The types say what the function's values may
 *      be in; where the compiler put them is only known then (a leaf
 *      function keeps its argument in a callee-saved register across
 *      both markers, computes its result after its exit marker).
 *
 * It runs after "optimized", the last GIMPLE pass, and only for x86-64
 * LP64 code in the small code models; anywhere else (and in an LTO link
 * that does not load the plugin) the calls stay ordinary calls, which
 * the runtime also provides.
 */
#include "trun-plugin.h"
#include "trun/abi.h"

#include <string.h>

#if TRUN_TARGET_X86_64

/* The entry points whose calls become the sequence, and the stub each
   calls instead: NAME_preserve, which trun/abi.h must declare.  */
#define PRESERVED(NAME, ENTER) { #NAME, #NAME "_preserve", ENTER }
static_assert (sizeof (&__trun_trace_enter_preserve)
                   + sizeof (&__trun_trace_exit_preserve)
                   + sizeof (&__trun_region_enter_preserve)
                   + sizeof (&__trun_region_exit_preserve) > 0,
               "trun/abi.h declares the _preserve entry points");
static const struct
{
  const char *name, *preserve;
  bool enter;
} converted[] = {
  PRESERVED (__trun_trace_enter, true),
  PRESERVED (__trun_trace_exit, false),
  PRESERVED (__trun_region_enter, true),
  PRESERVED (__trun_region_exit, false),
};
#undef PRESERVED

/* Every register a C function may clobber besides the general ones,
   when the function's instruction set has it.  */
static const char *const vector_registers[] = {
  "xmm0",  "xmm1",  "xmm2",  "xmm3",  "xmm4",  "xmm5",  "xmm6",  "xmm7",
  "xmm8",  "xmm9",  "xmm10", "xmm11", "xmm12", "xmm13", "xmm14", "xmm15",
  "xmm16", "xmm17", "xmm18", "xmm19", "xmm20", "xmm21", "xmm22", "xmm23",
  "xmm24", "xmm25", "xmm26", "xmm27", "xmm28", "xmm29", "xmm30", "xmm31",
  "k0",    "k1",    "k2",    "k3",    "k4",    "k5",    "k6",    "k7",
  "st",    "st(1)", "st(2)", "st(3)", "st(4)", "st(5)", "st(6)", "st(7)",
  "mm0",   "mm1",   "mm2",   "mm3",   "mm4",   "mm5",   "mm6",   "mm7",
};

static tree
asm_string (const char *s)
{
  return build_string (strlen (s) + 1, s);
}

/* Which of the four entry points CALL calls, or -1.  Matched by name:
   in an LTO link the declarations are not this unit's.  */
static int
converted_index (gcall *call)
{
  tree fndecl = gimple_call_fndecl (call);
  if (!fndecl || !DECL_NAME (fndecl) || gimple_call_num_args (call) != 1)
    return -1;
  const char *name = IDENTIFIER_POINTER (DECL_NAME (fndecl));
  for (size_t i = 0; i < ARRAY_SIZE (converted); i++)
    if (strcmp (name, converted[i].name) == 0)
      return (int) i;
  return -1;
}

/* The general registers a C function may clobber; an enter saves the
   first of the argument registers, an exit the first of the return
   registers, as many as the function's values use.  */
static const char *const caller_saved[] = { "rax", "rcx", "rdx", "rsi", "rdi",
                                            "r8",  "r9",  "r10", "r11" };
static const char *const argument_registers[] = { "rdi", "rsi", "rdx",
                                                  "rcx", "r8",  "r9" };
static const char *const return_registers[] = { "rax", "rdx" };

/* General registers a value of TYPE takes (the x86-64 ABI's INTEGER
   class), rounded up: an aggregate of at most 16 bytes may take two, a
   bigger one may be passed by reference.  */
static int
general_registers (tree type)
{
  if (!type || VOID_TYPE_P (type))
    return 0;
  if (SCALAR_FLOAT_TYPE_P (type) || VECTOR_TYPE_P (type)
      || (TREE_CODE (type) == COMPLEX_TYPE
          && SCALAR_FLOAT_TYPE_P (TREE_TYPE (type))))
    return 0;
  tree size = TYPE_SIZE_UNIT (type);
  if (!size || !tree_fits_uhwi_p (size))
    return 2;
  unsigned HOST_WIDE_INT n = tree_to_uhwi (size);
  if (AGGREGATE_TYPE_P (type) && n > 16)
    return 1;
  return n > 8 ? 2 : 1;
}

/* The argument registers live at FNDECL's enter.  */
static int
live_arguments (tree fndecl)
{
  if (stdarg_p (TREE_TYPE (fndecl)))
    return 6;
  int n = aggregate_value_p (DECL_RESULT (fndecl), fndecl) ? 1 : 0;
  for (tree parm = DECL_ARGUMENTS (fndecl); parm; parm = DECL_CHAIN (parm))
    n += general_registers (TREE_TYPE (parm));
  return n < 6 ? n : 6;
}

/* The return registers live at FNDECL's exit.  A floating-point result
   is clobbered with the vector registers: the function may keep it in
   rax (and rdx) across the exit instead.  */
static int
live_results (tree fndecl)
{
  tree type = TREE_TYPE (DECL_RESULT (fndecl));
  if (VOID_TYPE_P (type))
    return 0;
  if (aggregate_value_p (DECL_RESULT (fndecl), fndecl))
    return 1; /* the address of the result */
  tree size = TYPE_SIZE_UNIT (type);
  if (general_registers (type) == 0)
    return size && tree_fits_uhwi_p (size) && tree_to_uhwi (size) <= 8 ? 1 : 2;
  return general_registers (type);
}

static void
add_clobber (vec<tree, va_gc> **clobbers, const char *name)
{
  vec_safe_push (*clobbers, build_tree_list (NULL_TREE, asm_string (name)));
}

/* A clobber by hard register number, decoded once per compilation:
   expand decodes a register name by comparing it with every register
   name of the target, 44 clobbers in each of two asm statements per
   function, while a decimal number is the register itself (the same
   clobber).  The number is kept as the string the clobber is made of,
   so each asm statement only copies it.  REGNO -1: the target has no
   such register.  */
struct regno_clobber
{
  int regno;
  char number[8];
};
static struct regno_clobber caller_saved_clobber[ARRAY_SIZE (caller_saved)];
static struct regno_clobber vector_clobber[ARRAY_SIZE (vector_registers)];

static void
decode_clobber (struct regno_clobber *clobber, const char *name)
{
  clobber->regno = decode_reg_name (name);
  snprintf (clobber->number, sizeof clobber->number, "%d", clobber->regno);
}

static void
decode_clobbers (void)
{
  static bool decoded;
  if (decoded)
    return;
  decoded = true;
  for (size_t i = 0; i < ARRAY_SIZE (caller_saved); i++)
    decode_clobber (&caller_saved_clobber[i], caller_saved[i]);
  for (size_t i = 0; i < ARRAY_SIZE (vector_registers); i++)
    decode_clobber (&vector_clobber[i], vector_registers[i]);
}

/* Whether vector_registers[I] is an x87 or MMX register.  */
static bool
x87_or_mmx_register (size_t i)
{
  const char *name = vector_registers[i];
  return name[0] == 's' || name[0] == 'm';
}

/* Whether GCC may keep a value of TYPE in an x87 or MMX register: a
   floating-point value it does not do in SSE registers (long double,
   __float128 and decimal ones conservatively too, any of them under
   -mfpmath=387 or both), or an 8-byte vector (MMX's modes).  */
static bool
x87_or_mmx_type (tree type)
{
  if (!type || type == error_mark_node)
    return false;
  machine_mode mode = TYPE_MODE (type);
  if (VECTOR_TYPE_P (type) || VECTOR_MODE_P (mode))
    return known_eq (GET_MODE_SIZE (mode), 8)
           || (TYPE_SIZE_UNIT (type) && tree_fits_uhwi_p (TYPE_SIZE_UNIT (type))
               && tree_to_uhwi (TYPE_SIZE_UNIT (type)) == 8);
  if (COMPLEX_MODE_P (mode))
    mode = GET_MODE_INNER (mode);
  if (!SCALAR_FLOAT_MODE_P (mode))
    return false;
  return !((mode == SFmode || mode == DFmode) && SSE_FLOAT_MODE_P (mode)
           && TARGET_SSE_MATH && !TARGET_MIX_SSE_I387);
}

/* Whether FUN, inlining done, may hold a value in an x87 or MMX
   register where a marker is: a parameter, result, variable or SSA
   name of such a type, a call returning one, or what the types do not
   show: an asm of the user's or a target builtin (MMX intrinsics,
   emms).  Without any, GCC allocates nothing there (on x86-64 SSE
   math; it spills general registers to SSE ones, not to these), so
   the sequence need not say it clobbers them.  */
static bool
x87_or_mmx_values (function *fun)
{
  tree fndecl = fun->decl;
  if (x87_or_mmx_type (TREE_TYPE (DECL_RESULT (fndecl))))
    return true;
  for (tree parm = DECL_ARGUMENTS (fndecl); parm; parm = DECL_CHAIN (parm))
    if (x87_or_mmx_type (TREE_TYPE (parm)))
      return true;
  unsigned i;
  tree var;
  FOR_EACH_LOCAL_DECL (fun, i, var)
    if (x87_or_mmx_type (TREE_TYPE (var)))
      return true;
  FOR_EACH_SSA_NAME (i, var, fun)
    if (x87_or_mmx_type (TREE_TYPE (var)))
      return true;
  basic_block bb;
  FOR_EACH_BB_FN (bb, fun)
    for (gimple_stmt_iterator gsi = gsi_start_bb (bb); !gsi_end_p (gsi);
         gsi_next (&gsi))
      {
        gimple *stmt = gsi_stmt (gsi);
        if (gimple_code (stmt) == GIMPLE_ASM)
          return true;
        if (gcall *call = dyn_cast<gcall *> (stmt))
          if (gimple_call_builtin_p (call, BUILT_IN_MD)
              || (gimple_call_fntype (call)
                  && x87_or_mmx_type (TREE_TYPE (gimple_call_fntype (call)))))
            return true;
      }
  return false;
}

/* REG to (SAVE) or from its slot SLOT, in both dialects.  */
static void
append_move (char *buf, size_t size, bool save, const char *reg, int slot)
{
  size_t len = strlen (buf);
  if (save)
    snprintf (buf + len, size - len,
              "{mov\t%%%%%s, %d(%%%%rsp)|mov\tQWORD PTR [rsp+%d], %s}\n\t",
              reg, slot * 8, slot * 8, reg);
  else
    snprintf (buf + len, size - len,
              "{mov\t%d(%%%%rsp), %%%%%s|mov\t%s, QWORD PTR [rsp+%d]}\n\t",
              slot * 8, reg, reg, slot * 8);
}

/* 1. The sequence calling STUB, saving the first NSAVED of SAVED around
   the call: AT&T first, then Intel, in each {...|...}.  */
static char *
preserving_asm_text (const char *stub, const char *const *saved, int nsaved)
{
  char text[2048];
  snprintf (text, sizeof text,
            "{lea\t%%0, %%%%r10|lea\tr10, %%0}\n\t"
            "{lea\t-%d(%%%%rsp), %%%%rsp|lea\trsp, [rsp-%d]}\n\t",
            TRUN_ABI_PRESERVE_DROP, TRUN_ABI_PRESERVE_DROP);
  for (int i = 0; i < nsaved; i++)
    append_move (text, sizeof text, true, saved[i], i);
  size_t len = strlen (text);
  snprintf (text + len, sizeof text - len,
            "{call\t*%s@GOTPCREL(%%%%rip)|call\t[QWORD PTR %s@GOTPCREL[rip]]}\n\t",
            stub, stub);
  for (int i = 0; i < nsaved; i++)
    append_move (text, sizeof text, false, saved[i], i);
  len = strlen (text);
  snprintf (text + len, sizeof text - len,
            "{lea\t%d(%%%%rsp), %%%%rsp|lea\trsp, [rsp+%d]}",
            TRUN_ABI_PRESERVE_DROP, TRUN_ABI_PRESERVE_DROP);
  return xstrdup (text);
}

/* The text of each entry point's sequence by the number of registers it
   saves (at most the six argument registers), written once per
   compilation.  Never freed: the asm statements point to it, and the
   garbage collector leaves memory it did not allocate alone.  */
static const char *asm_texts[ARRAY_SIZE (converted)][ARRAY_SIZE (argument_registers) + 1];

/* 1.-2. The asm statement of entry point WHICH with descriptor DESC,
   saving the first NSAVED of SAVED around the call; X87_MMX: clobbering
   the x87 and MMX registers too.  */
static gasm *
build_preserving_asm (int which, tree desc, const char *const *saved,
                      int nsaved, bool x87_mmx)
{
  const char *&text = asm_texts[which][nsaved];
  if (!text)
    text = preserving_asm_text (converted[which].preserve, saved, nsaved);

  vec<tree, va_gc> *inputs = NULL;
  vec<tree, va_gc> *clobbers = NULL;
  vec_safe_push (inputs, build_tree_list (build_tree_list (NULL_TREE,
                                                           asm_string ("m")),
                                          desc));
  /* 2. The general registers not saved, then the others expand accepts
     for this function: naming one its instruction set lacks (xmm16
     without AVX-512, xmm0 with -mgeneral-regs-only) is an error.  The
     x87 and MMX ones as X87_MMX says (step 2 at the top).  */
  decode_clobbers ();
  vec_safe_reserve (clobbers, ARRAY_SIZE (caller_saved) + 2
                                  + ARRAY_SIZE (vector_registers));
  for (size_t i = 0; i < ARRAY_SIZE (caller_saved); i++)
    {
      bool kept = false;
      for (int k = 0; k < nsaved; k++)
        kept |= strcmp (saved[k], caller_saved[i]) == 0;
      if (!kept)
        add_clobber (&clobbers, caller_saved_clobber[i].number);
    }
  add_clobber (&clobbers, "cc");
  add_clobber (&clobbers, "memory");
  for (size_t i = 0; i < ARRAY_SIZE (vector_registers); i++)
    {
      int regno = vector_clobber[i].regno;
      if (regno >= 0 && TEST_HARD_REG_BIT (accessible_reg_set, regno)
          && (x87_mmx || !x87_or_mmx_register (i)))
        add_clobber (&clobbers, vector_clobber[i].number);
    }

  gasm *stmt = gimple_build_asm_vec (text, inputs, NULL, clobbers, NULL);
  gimple_asm_set_volatile (stmt, true);
  return stmt;
}

/* 4. CALL, at GSI, becomes the sequence when its argument is the
   address of a static descriptor.  *X87_MMX: whether the function may
   hold x87 or MMX values, -1 until asked.  */
static void
preserve_call (gimple_stmt_iterator *gsi, gcall *call, int which,
               int *x87_mmx)
{
  tree arg = gimple_call_arg (call, 0);
  if (TREE_CODE (arg) != ADDR_EXPR)
    return;
  tree desc = TREE_OPERAND (arg, 0);
  if (!VAR_P (desc) || !TREE_STATIC (desc))
    return;
  tree fndecl = current_function_decl;
  /* Asked before the first asm of ours is in the function.  */
  if (*x87_mmx < 0)
    *x87_mmx = x87_or_mmx_values (cfun);
  gasm *stmt = converted[which].enter
                   ? build_preserving_asm (which, desc, argument_registers,
                                           live_arguments (fndecl), *x87_mmx)
                   : build_preserving_asm (which, desc, return_registers,
                                           live_results (fndecl), *x87_mmx);
  gimple_set_location (stmt, gimple_location (call));
  gimple_move_vops (stmt, call);
  gsi_replace (gsi, stmt, false);
}

/* The code model and ABI the sequence is written for.  */
static bool
target_has_preserving_markers (void)
{
  return TARGET_64BIT && TARGET_LP64
         && (ix86_cmodel == CM_SMALL || ix86_cmodel == CM_SMALL_PIC);
}

/* The descriptor a marker call's argument points to, or NULL_TREE.  */
static tree
marker_descriptor (gcall *call)
{
  tree arg = gimple_call_arg (call, 0);
  return TREE_CODE (arg) == ADDR_EXPR ? TREE_OPERAND (arg, 0) : NULL_TREE;
}

/* The OpenMP body's descriptor when CALL is its _omp_enter, else
   NULL_TREE.  */
static tree
omp_body_descriptor (gcall *call)
{
  tree fndecl = gimple_call_fndecl (call);
  if (!fndecl || !DECL_NAME (fndecl) || gimple_call_num_args (call) < 1)
    return NULL_TREE;
  const char *name = IDENTIFIER_POINTER (DECL_NAME (fndecl));
  return strcmp (name, "__trun_trace_omp_enter") == 0
             || strcmp (name, "__trun_region_omp_enter") == 0
           ? marker_descriptor (call)
           : NULL_TREE;
}

static unsigned int
execute_preserve_pass (function *fun)
{
  if (!target_has_preserving_markers ())
    return 0;
  /* 3. Every marker call of the function but an OpenMP body's exit.
     That exit stays an ordinary call: a reduction's combine runs after
     it, so the body's accumulators are live across it, and the
     sequence's vector clobbers would keep them in general registers for
     the whole loop (a move to a vector register and back every
     iteration, on the loop's dependency chain), where a call lets the
     register allocator save one once around it.  A body's exit runs
     once a thread a fork: the call's cost does not count.  */
  tree omp_body = NULL_TREE;
  auto_vec<gcall *> markers;
  basic_block bb;
  FOR_EACH_BB_FN (bb, fun)
    for (gimple_stmt_iterator gsi = gsi_start_bb (bb); !gsi_end_p (gsi);
         gsi_next (&gsi))
      if (gcall *call = dyn_cast<gcall *> (gsi_stmt (gsi)))
        {
          if (converted_index (call) >= 0)
            markers.safe_push (call);
          else if (!omp_body)
            omp_body = omp_body_descriptor (call);
        }
  int x87_mmx = -1;
  for (gcall *call : markers)
    {
      int which = converted_index (call);
      if (omp_body && !converted[which].enter
          && marker_descriptor (call) == omp_body)
        continue;
      gimple_stmt_iterator gsi = gsi_for_stmt (call);
      preserve_call (&gsi, call, which, &x87_mmx);
    }
  return 0;
}

/* 5. The sequence of INSN, when it is one of ours: its entry point, and
   in *NSAVED how many registers it saves.  */
static int
sequence_of (rtx_insn *insn, int *nsaved)
{
  rtx asm_ops = extract_asm_operands (PATTERN (insn));
  if (!asm_ops || GET_CODE (PATTERN (insn)) != PARALLEL)
    return -1;
  const char *text = ASM_OPERANDS_TEMPLATE (asm_ops);
  for (size_t which = 0; which < ARRAY_SIZE (converted); which++)
    for (size_t n = 0; n < ARRAY_SIZE (asm_texts[which]); n++)
      if (asm_texts[which][n] && strcmp (asm_texts[which][n], text) == 0)
        {
          *nsaved = (int) n;
          return (int) which;
        }
  return -1;
}

/* 5. INSN's sequence saving only those of its registers LIVE (after
   INSN) holds, up to the last of them; the others become clobbers.  */
static void
trim_sequence (rtx_insn *insn, bitmap live)
{
  int nsaved;
  int which = sequence_of (insn, &nsaved);
  if (which < 0 || nsaved == 0)
    return;
  const char *const *saved
      = converted[which].enter ? argument_registers : return_registers;
  /* Only a register the function's own ABI lets a callee clobber: the
     prologue is already made, and an ms_abi function must keep rdi and
     rsi, which the stub, a SysV function, may clobber.  */
  int keep = nsaved;
  while (keep > 0 && !REGNO_REG_SET_P (live, decode_reg_name (saved[keep - 1]))
         && trun_call_clobbered_reg_p (decode_reg_name (saved[keep - 1])))
    keep--;
  if (keep == nsaved)
    return;
  const char *&text = asm_texts[which][keep];
  if (!text)
    text = preserving_asm_text (converted[which].preserve, saved, keep);
  rtx pat = PATTERN (insn);
  int old_len = XVECLEN (pat, 0);
  rtvec elems = rtvec_alloc (old_len + nsaved - keep);
  for (int i = 0; i < old_len; i++)
    RTVEC_ELT (elems, i) = XVECEXP (pat, 0, i);
  for (int i = keep; i < nsaved; i++)
    RTVEC_ELT (elems, old_len + i - keep)
        = gen_rtx_CLOBBER (VOIDmode,
                           gen_rtx_REG (DImode, decode_reg_name (saved[i])));
  ASM_OPERANDS_TEMPLATE (extract_asm_operands (pat)) = text;
  PATTERN (insn) = gen_rtx_PARALLEL (VOIDmode, elems);
  INSN_CODE (insn) = -1;
  df_insn_rescan (insn);
}

/* Whether FUN has a sequence saving a register: only then is the
   liveness worth computing.  */
static bool
saves_registers (function *fun)
{
  basic_block bb;
  rtx_insn *insn;
  int nsaved;
  FOR_EACH_BB_FN (bb, fun)
    FOR_BB_INSNS (bb, insn)
      if (NONDEBUG_INSN_P (insn) && GET_CODE (PATTERN (insn)) == PARALLEL
          && sequence_of (insn, &nsaved) >= 0 && nsaved > 0)
        return true;
  return false;
}

static unsigned int
execute_trim_pass (function *fun)
{
  if (!target_has_preserving_markers () || !saves_registers (fun))
    return 0;
  df_analyze ();
  auto_bitmap live;
  basic_block bb;
  FOR_EACH_BB_FN (bb, fun)
    {
      bitmap_copy (live, df_get_live_out (bb));
      rtx_insn *insn;
      FOR_BB_INSNS_REVERSE (bb, insn)
        if (NONDEBUG_INSN_P (insn))
          {
            if (GET_CODE (PATTERN (insn)) == PARALLEL)
              trim_sequence (insn, live);
            df_simulate_one_insn_backwards (bb, insn, live);
          }
    }
  return 0;
}

#else /* !TRUN_TARGET_X86_64 */

static unsigned int
execute_preserve_pass (function *)
{
  return 0;
}

static unsigned int
execute_trim_pass (function *)
{
  return 0;
}

#endif

namespace
{
const pass_data preserve_pass_data = {
  GIMPLE_PASS,        /* type */
  "trun-preserve",    /* name */
  OPTGROUP_NONE,      /* optinfo_flags */
  TV_NONE,            /* tv_id */
  PROP_cfg,           /* properties_required */
  0,                  /* properties_provided */
  0,                  /* properties_destroyed */
  0,                  /* todo_flags_start */
  0,                  /* todo_flags_finish */
};

class preserve_pass : public gimple_opt_pass
{
public:
  preserve_pass (gcc::context *ctxt)
      : gimple_opt_pass (preserve_pass_data, ctxt)
  {
  }
  unsigned int execute (function *fun) final override
  {
    return execute_preserve_pass (fun);
  }
};

/* 5. Late, after the last pass that allocates or renames registers and
   before variable tracking, which must see the new clobbers.  */
const pass_data trim_pass_data = {
  RTL_PASS,           /* type */
  "trun-preserve-trim", /* name */
  OPTGROUP_NONE,      /* optinfo_flags */
  TV_NONE,            /* tv_id */
  0,                  /* properties_required */
  0,                  /* properties_provided */
  0,                  /* properties_destroyed */
  0,                  /* todo_flags_start */
  0,                  /* todo_flags_finish */
};

class trim_pass : public rtl_opt_pass
{
public:
  trim_pass (gcc::context *ctxt) : rtl_opt_pass (trim_pass_data, ctxt) {}
  unsigned int execute (function *fun) final override
  {
    return execute_trim_pass (fun);
  }
};
} // namespace

opt_pass *
trun_make_preserve_pass (gcc::context *ctxt)
{
  return new preserve_pass (ctxt);
}

opt_pass *
trun_make_preserve_trim_pass (gcc::context *ctxt)
{
  return new trim_pass (ctxt);
}
