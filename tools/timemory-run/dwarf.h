/* tools/timemory-run/dwarf.h -- what a program's ELF and DWARF say about
 * how it was built: its GNU build-id, and per C/C++ compile unit the
 * source (DW_AT_name against DW_AT_comp_dir), the compiler's recorded
 * switches (DW_AT_producer), the line table's files and the -D macros of
 * a -g3 build.  Read with elfutils (libdw, libelf); only timemory-run
 * links them.
 */
#ifndef TRUN_TOOLS_TIMEMORY_RUN_DWARF_H
#define TRUN_TOOLS_TIMEMORY_RUN_DWARF_H

#include <stddef.h>

#include "util/strv.h"

struct dwarf_unit
{
  char *name;        /* DW_AT_name as recorded (may be relative) */
  char *comp_dir;    /* DW_AT_comp_dir, or NULL */
  char *source;      /* canonical path of the source: comp_dir/name */
  char *producer;    /* DW_AT_producer, or NULL */
  int cxx;           /* C++ (else C) */
  struct strv files; /* absolute paths of the line table's files */
  struct strv macros; /* line-0 definitions of .debug_macro (-g3):
                         "NAME" or "NAME(ARGS) BODY"; built-ins included */
  int has_macros;    /* the unit has macro information at all */
};

struct dwarf_info
{
  char *build_id;        /* lower-case hex, or NULL */
  int has_debug;         /* any DWARF compile unit at all */
  struct dwarf_unit *units; /* C and C++ units only, one per source */
  size_t n;
};

/* Read PROGRAM.  0 on success (also for a program without DWARF: N is 0
   then); -1 when it is no ELF file libelf can read.  */
int dwarf_read_program (const char *program, struct dwarf_info *di);
void dwarf_info_free (struct dwarf_info *di);

/* The GNU build-id of the ELF file PATH in hex, or NULL.  */
char *elf_build_id (const char *path);

/* The switches of PRODUCER ("GNU C17 12.2.0 -O2 -g ..."): everything
   after the version, split at blanks, into ARGS.  0 when PRODUCER holds
   no switches (built with -gno-record-gcc-switches).  */
int producer_switches (const char *producer, struct strv *args);

#endif /* TRUN_TOOLS_TIMEMORY_RUN_DWARF_H */
