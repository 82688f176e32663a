/* bench/csmith/csmith.h -- just enough declarations for csmith-generated
 * programs (made with --no-safe-math) to compile.  The compile-time
 * benchmark only compiles them (-c); nothing here is ever linked or run. */
#ifndef BENCH_CSMITH_H
#define BENCH_CSMITH_H
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

extern uint32_t crc32_context;
void crc32_gentab (void);
void transparent_crc (uint64_t value, char *name, int print_hash);
void transparent_crc_bytes (char *bytes, int count, char *name, int print_hash);
void platform_main_begin (void);
void platform_main_end (uint32_t crc, int print_hash);
#endif
