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
 *     unsigned int on = __trun_desc_N.enabled;      // read once
 *     if (on) __trun_trace_enter (&__trun_desc_N);   // or __trun_region_enter
 *     else __trun_desc_N.calls++;                    // plain add: unmeasured calls
 *     try { ...original body... }
 *     finally { if (on) __trun_trace_exit (&__trun_desc_N); }
 *   }
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
 *   { enter: __trun_trace_omp_enter (&desc, ctx) ... exit: __trun_trace_exit (&desc) }
 *   __trun_omp_join (ctx);
 *
 * so each worker's data is attached under the node that was current in
 * the forking thread at *this* fork.  A NULL ctx (forks nested deeper
 * than the runtime keeps) attaches the workers' data at the top level.
 * Task bodies use the plain enter/exit on whatever thread runs them.
 */
#ifndef TRUN_ABI_H
#define TRUN_ABI_H

#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* Version 2: units register through struct trun_unit.  Version 1
   objects call __trun_register_descs, which the runtime still accepts
   only to warn and switch their descriptors off.  */
#define TRUN_ABI_VERSION 2
#define TRUN_DESC_SECTION "trun_desc"

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
  volatile uint32_t enabled; /* nonzero: markers run.  The runtime clears it
                                to throttle or filter at run time.  */
  uint32_t id;               /* runtime's name id; 0 until first use */
  uint64_t calls;            /* coverage mode: entries (atomic add);
                                trace/region: calls made while disabled
                                (plain add, approximate across threads) */
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

/* trun_region_begin/end ("literal") rewritten by the plugin in region
   mode.  Unlike __trun_region_exit, a mismatched end warns once.  */
TRUN_ABI_EXPORT void __trun_region_begin_desc (struct trun_desc *d);
TRUN_ABI_EXPORT void __trun_region_end_desc (struct trun_desc *d);

/* OpenMP parallel: fork in the parent, enter in each team thread.  */
TRUN_ABI_EXPORT void *__trun_omp_fork (void);
TRUN_ABI_EXPORT void __trun_omp_join (void *ctx);
TRUN_ABI_EXPORT void __trun_trace_omp_enter (struct trun_desc *d, void *ctx);
TRUN_ABI_EXPORT void __trun_region_omp_enter (struct trun_desc *d, void *ctx);

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
