/* trun/abi.h -- the calls the trun GCC plugin inserts, in one place.
 *
 * This header is the contract between plugin/ (which emits these symbols
 * and the descriptor layout into GIMPLE) and rt/ (which implements them).
 * Programs never call these directly; use trun/trun.h.
 *
 * For each instrumented function the plugin emits one static descriptor,
 * placed in section TRUN_DESC_SECTION, and wraps the body:
 *
 *   static struct trun_desc __trun_desc_N
 *       __attribute__((section("trun_desc"))) = { 1, 0, 0, "f", "f", "f.c", 12, 0 };
 *
 *   int f (int x)
 *   {
 *     uint32_t e = __atomic_load_n (&__trun_desc_N.enabled, __ATOMIC_RELAXED);
 *     if (e < TRUN_DESC_SKIPPED)                  // or __trun_region_enter
 *       __trun_trace_enter (&__trun_desc_N);
 *     try { ...original body... }
 *     finally {
 *       if (e < TRUN_DESC_SKIPPED)
 *         __trun_trace_exit (&__trun_desc_N);
 *     }
 *   }
 *
 * ENABLED is read once per call: its exit marker is called exactly when
 * its enter marker was, so the runtime may change ENABLED at any time
 * and every exit still has its enter.  Below TRUN_DESC_SKIPPED (1:
 * measured, 0: disabled) the markers are called and the runtime reads
 * ENABLED again at enter: a call made while it is not 1 gets a frame
 * that records nothing (counted in CALLS, or in the thread's node of
 * the call).  From TRUN_DESC_SKIPPED on (run-time filters, and
 * TRUN_DESC_THROTTLED: throttling) the emitted code does nothing at all:
 * no call, no write.  The runtime sets TRUN_DESC_SKIPPED only on a
 * descriptor whose ID it has just claimed from 0 (never entered) to
 * TRUN_DESC_ID_SKIPPED, so a call that read ENABLED before and calls
 * the markers anyway finds that id and gets no frame, and its exit
 * pops nothing.
 *
 * On x86-64 (LP64, small code models) the plugin turns each of these
 * enter and exit calls, once inlining is done, into this sequence, an
 * asm statement (here for an enter in a function of two integer
 * arguments):
 *
 *   lea  __trun_desc_N(%rip), %r10
 *   lea  -176(%rsp), %rsp                    // red zone + 6 save slots
 *   mov  %rdi, 0(%rsp)                       // the registers holding
 *   mov  %rsi, 8(%rsp)                       //   the function's values
 *   call *__trun_trace_enter_preserve@GOTPCREL(%rip)
 *   mov  0(%rsp), %rdi
 *   mov  8(%rsp), %rsi
 *   lea  176(%rsp), %rsp
 *
 * An enter saves the argument registers the function's parameters use
 * (rdi, rsi, rdx, rcx, r8, r9, in that order), an exit the registers
 * its return value uses (rax, rdx); only those, since a register saved
 * and restored for nothing chains every marker to the one before it.
 * The sequence clobbers the other caller-saved general registers, r10
 * (the descriptor), the flags, memory and the vector, mask and x87
 * registers the function's instruction set has, as a call would; every
 * callee-saved register survives it.  So the function's arguments need
 * not be kept in callee-saved registers across its enter, nor its
 * return value across its exit: the instrumented function's stack frame
 * is as big as without the markers, but for the flag read at enter,
 * which the exit needs (a callee-saved register where GCC does not
 * duplicate the exit path).  The _preserve entry points
 * (TRUN_ABI_PRESERVE_ENTRY below) align the stack and call an ordinary
 * C function; their unwind information puts the caller's stack pointer
 * where the sequence found it (trun's own runtime uses stubs of four
 * instructions instead, whose targets run at any stack alignment:
 * rt/entry/markers.c).  Elsewhere (other targets, or an LTO
 * link without the plugin) the calls stay calls.
 *
 * In coverage mode the body instead starts with an atomic relaxed
 * increment of __trun_desc_N.calls and nothing else.
 *
 * Each translation unit also gets one static struct trun_unit naming the
 * ABI version it was built for, its main source file and the linker-made
 * bounds of its DSO's section (__start_trun_desc/__stop_trun_desc: hidden
 * symbols, so each DSO registers its own), a constructor that calls
 * __trun_register_unit (&unit) and a destructor that calls
 * __trun_unregister_unit (&unit), so a dlclose'd library leaves no range
 * behind.  The runtime ignores a range it has seen.
 *
 * OpenMP: around a `#pragma omp parallel` statement the parent gets
 *
 *   void *ctx = __trun_omp_fork ();
 *   #pragma omp parallel firstprivate(ctx)
 *   { __trun_trace_omp_enter (&desc, ctx); try { ... }
 *     finally { __trun_trace_exit (&desc); } }     // tested as above
 *   __trun_omp_join (ctx);
 *
 * so each worker's data is attached under the node that was current in
 * the forking thread at *this* fork.  A NULL ctx (forks nested deeper
 * than the runtime keeps) attaches the workers' data at the top level.
 *
 * Around a `#pragma omp task` the creating thread gets
 *
 *   void *node = __trun_trace_omp_task (), *owner = __trun_omp_self ();
 *   #pragma omp task firstprivate(node, owner)
 *   { __trun_trace_task_enter (&desc, node, owner); try { ... }
 *     finally { __trun_trace_exit (&desc); } }     // tested as above
 *
 * (region mode: __trun_region_omp_task, __trun_region_task_enter), so
 * the task's data is attached under the node current in the creating
 * thread when it created the task, on whatever thread runs it.  A NULL
 * node attaches it where the running thread is.
 */
#ifndef TRUN_ABI_H
#define TRUN_ABI_H

#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* Version 4: ENABLED is read once per call, at enter, and the exit
   marker called iff the enter marker was (below TRUN_DESC_SKIPPED),
   through the _preserve entry points on x86-64.  Version 3 code read
   ENABLED again at exit and called the markers for any value but
   TRUN_DESC_SKIPPED; version 2 code read ENABLED itself.  Units of
   versions 2 and 3, like version 1 objects (__trun_register_descs),
   are refused by name: the runtime warns and switches their
   descriptors off.  */
#define TRUN_ABI_VERSION 4
#define TRUN_DESC_SECTION "trun_desc"

/* ENABLED from which on the markers are not called: TRUN_DESC_SKIPPED
   (run-time filters), with the ID that goes with it (above every name
   id); TRUN_DESC_THROTTLED (throttling).  The emitted code does nothing
   for either: an excluded function is not counted (as with Score-P's
   and timemory's filters), since a count would be a write that every
   thread makes on every call (units built before counted it, which
   the runtime still reads).  */
#define TRUN_DESC_SKIPPED 2u
#define TRUN_DESC_THROTTLED 3u
#define TRUN_DESC_ID_SKIPPED 0xffffffffu

enum trun_desc_kind
{
  TRUN_KIND_FUNCTION = 0,     /* a function body */
  TRUN_KIND_OMP_PARALLEL = 1, /* body of #pragma omp parallel */
  TRUN_KIND_OMP_TASK = 2,     /* body of #pragma omp task */
  TRUN_KIND_REGION = 3        /* a literal-name trun_region_begin/end */
};

/* Layout is fixed: the plugin builds this record field by field.
   In every ABI version ENABLED stays the first field, so a runtime can
   switch off the descriptors of an object built for another version.  */
struct trun_desc
{
  volatile uint32_t enabled; /* 1: calls are measured; 0: not measured
                                (filtered while entered, refused, after
                                the report); TRUN_DESC_SKIPPED,
                                TRUN_DESC_THROTTLED: the markers are not
                                called.  Only the runtime changes it,
                                never back to 1.  */
  uint32_t id;               /* runtime's name id; 0 until first use,
                                TRUN_DESC_ID_SKIPPED with
                                TRUN_DESC_SKIPPED */
  uint64_t calls;            /* coverage mode: entries; trace/region: calls
                                not measured and in no node (not those
                                of a TRUN_DESC_THROTTLED or a
                                TRUN_DESC_SKIPPED one), atomic adds */
  const char *name;          /* label: printable name (C++: with signature) */
  const char *asm_name;      /* assembler name */
  const char *file;          /* source file as given to the compiler */
  uint32_t line;             /* line of the function */
  uint32_t kind;             /* enum trun_desc_kind */
};

#define TRUN_ABI_EXPORT __attribute__ ((visibility ("default")))

/* Trace domain: own stack, own graphs, fixed component set.  */
TRUN_ABI_EXPORT void __trun_trace_enter (struct trun_desc *d);
TRUN_ABI_EXPORT void __trun_trace_exit (struct trun_desc *d);

/* Region domain: the same stack and graphs as trun_region_begin/end.  */
TRUN_ABI_EXPORT void __trun_region_enter (struct trun_desc *d);
TRUN_ABI_EXPORT void __trun_region_exit (struct trun_desc *d);

/* x86-64 only: the same four with the register-preserving convention
   above (the descriptor in r10, called from below the caller's red
   zone).  Declared only so their names are spelled here once: they
   cannot be called from C.  */
TRUN_ABI_EXPORT void __trun_trace_enter_preserve (void);
TRUN_ABI_EXPORT void __trun_trace_exit_preserve (void);
TRUN_ABI_EXPORT void __trun_region_enter_preserve (void);
TRUN_ABI_EXPORT void __trun_region_exit_preserve (void);

#if defined(__x86_64__) && defined(__LP64__)
/* Bytes the sequence moves the stack pointer down by before its call:
   the red zone and six save slots.  */
#define TRUN_ABI_PRESERVE_DROP 176

/* A runtime's definition of NAME, one of the above: it aligns the stack
   and calls void TARGET (struct trun_desc *d, uintptr_t caller_sp),
   where CALLER_SP is the caller's stack pointer where the sequence
   began; TARGET may clobber what a C function may.  NAME and TARGET are
   string literals; use at file scope:
   __asm__ (TRUN_ABI_PRESERVE_ENTRY ("__trun_trace_enter_preserve",
                                     "my_trace_enter"));
   The unwind information says CFA = the caller's stack pointer and the
   return address at CFA - 184, so backtraces through it stay whole.  */
#define TRUN_ABI_PRESERVE_ENTRY(NAME, TARGET)                              \
  "\t.pushsection .text\n"                                                 \
  "\t.p2align 4\n"                                                         \
  "\t.globl " NAME "\n"                                                    \
  "\t.type " NAME ", @function\n" NAME ":\n"                               \
  "\t.cfi_startproc\n"                                                     \
  "\t.cfi_def_cfa_offset 184\n"                                            \
  "\t.cfi_offset %rip, -184\n"                                             \
  "\tendbr64\n"                                                            \
  "\tpushq %rbp\n"                                                         \
  "\t.cfi_def_cfa_offset 192\n"                                            \
  "\t.cfi_offset %rbp, -192\n"                                             \
  "\tmovq %rsp, %rbp\n"                                                    \
  "\t.cfi_def_cfa_register %rbp\n"                                         \
  "\tandq $-16, %rsp\n"                                                    \
  "\tleaq 192(%rbp), %rsi\n"                                               \
  "\tmovq %r10, %rdi\n"                                                    \
  "\tcall " TARGET "@PLT\n"                                                \
  "\tleave\n"                                                              \
  "\t.cfi_def_cfa %rsp, 184\n"                                             \
  "\t.cfi_restore %rbp\n"                                                  \
  "\tret\n"                                                                \
  "\t.cfi_endproc\n"                                                       \
  "\t.size " NAME ", .-" NAME "\n"                                          \
  "\t.popsection\n"
#endif

/* trun_region_begin/end ("literal") rewritten by the plugin in region
   mode.  Unlike __trun_region_exit, a mismatched end warns once.  */
TRUN_ABI_EXPORT void __trun_region_begin_desc (struct trun_desc *d);
TRUN_ABI_EXPORT void __trun_region_end_desc (struct trun_desc *d);

/* OpenMP parallel: fork in the parent, enter in each team thread.  */
TRUN_ABI_EXPORT void *__trun_omp_fork (void);
TRUN_ABI_EXPORT void __trun_omp_join (void *ctx);
TRUN_ABI_EXPORT void __trun_trace_omp_enter (struct trun_desc *d, void *ctx);
TRUN_ABI_EXPORT void __trun_region_omp_enter (struct trun_desc *d, void *ctx);
/* OpenMP task: the creation context in the creating thread (its current
   node of the domain, and its state), entered on the running thread.  */
TRUN_ABI_EXPORT void *__trun_trace_omp_task (void);
TRUN_ABI_EXPORT void *__trun_region_omp_task (void);
TRUN_ABI_EXPORT void *__trun_omp_self (void);
TRUN_ABI_EXPORT void __trun_trace_task_enter (struct trun_desc *d, void *node,
                                              void *owner);
TRUN_ABI_EXPORT void __trun_region_task_enter (struct trun_desc *d,
                                               void *node, void *owner);

/* One per translation unit.  ABI_VERSION, DESC_SIZE and SOURCE keep
   their places in every ABI version: a runtime reads them to refuse,
   by name, an object built for another version.  */
struct trun_unit
{
  uint32_t abi_version;    /* TRUN_ABI_VERSION of the plugin */
  uint32_t desc_size;      /* sizeof (struct trun_desc) as the plugin laid it out */
  const char *source;      /* the unit's main input file */
  struct trun_desc *begin; /* this DSO's TRUN_DESC_SECTION */
  struct trun_desc *end;
};

/* From each unit's constructor and destructor.  */
TRUN_ABI_EXPORT void __trun_register_unit (struct trun_unit *u);
TRUN_ABI_EXPORT void __trun_unregister_unit (struct trun_unit *u);

/* ABI version 1's constructor call: accepted only to warn once and
   switch those descriptors off.  */
TRUN_ABI_EXPORT void __trun_register_descs (struct trun_desc *begin,
                                            struct trun_desc *end);

#ifdef __cplusplus
}
#endif

#endif /* TRUN_ABI_H */
