/* tests/plugin/csmith/csmith.h -- the support code csmith-generated
 * programs include (Debian's csmith package ships none).  Written for
 * trun's differential test: a CRC-32 checksum of the program's globals,
 * and "safe" arithmetic that never has undefined behaviour, so a program
 * prints the same checksum however it is compiled.  An operation that
 * would overflow, divide by zero or shift out of range yields its first
 * operand instead.
 */
#ifndef TRUN_CSMITH_H
#define TRUN_CSMITH_H

#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

static uint32_t crc32_tab[256];
static uint32_t crc32_context = 0xFFFFFFFFUL;

static void
crc32_gentab (void)
{
  for (uint32_t i = 0; i < 256; i++)
    {
      uint32_t c = i;
      for (int k = 0; k < 8; k++)
        c = (c & 1) ? (c >> 1) ^ 0xEDB88320UL : c >> 1;
      crc32_tab[i] = c;
    }
}

static void
crc32_byte (uint8_t b)
{
  crc32_context = (crc32_context >> 8) ^ crc32_tab[(crc32_context ^ b) & 0xFF];
}

static void
transparent_crc (uint64_t val, const char *vname, int print)
{
  for (int i = 0; i < 8; i++)
    crc32_byte ((uint8_t) (val >> (8 * i)));
  if (print)
    printf ("...checksum after hashing %s : %lX\n", vname,
            (unsigned long) (crc32_context ^ 0xFFFFFFFFUL));
}

static void
transparent_crc_bytes (const char *ptr, int nbytes, const char *vname, int print)
{
  for (int i = 0; i < nbytes; i++)
    crc32_byte ((uint8_t) ptr[i]);
  if (print)
    printf ("...checksum after hashing %s : %lX\n", vname,
            (unsigned long) (crc32_context ^ 0xFFFFFFFFUL));
}

static void
platform_main_begin (void)
{
}

static void
platform_main_end (uint32_t crc, int print)
{
  (void) print;
  printf ("checksum = %X\n", crc);
}

/* Shift widths as after C's integer promotions.  */
#define CSM_BITS(T) (sizeof (T) < sizeof (int) ? 32 : (int) (8 * sizeof (T)))

#define CSM_SIGNED(T, MIN, MAX)                                               \
  static inline T safe_unary_minus_func_##T##_s (T a)                         \
  {                                                                           \
    return a == (MIN) ? a : (T) -a;                                           \
  }                                                                           \
  static inline T safe_add_func_##T##_s_s (T a, T b)                          \
  {                                                                           \
    T r;                                                                      \
    return __builtin_add_overflow (a, b, &r) ? a : r;                         \
  }                                                                           \
  static inline T safe_sub_func_##T##_s_s (T a, T b)                          \
  {                                                                           \
    T r;                                                                      \
    return __builtin_sub_overflow (a, b, &r) ? a : r;                         \
  }                                                                           \
  static inline T safe_mul_func_##T##_s_s (T a, T b)                          \
  {                                                                           \
    T r;                                                                      \
    return __builtin_mul_overflow (a, b, &r) ? a : r;                         \
  }                                                                           \
  static inline T safe_div_func_##T##_s_s (T a, T b)                          \
  {                                                                           \
    return (b == 0 || (a == (MIN) && b == -1)) ? a : (T) (a / b);             \
  }                                                                           \
  static inline T safe_mod_func_##T##_s_s (T a, T b)                          \
  {                                                                           \
    return (b == 0 || (a == (MIN) && b == -1)) ? a : (T) (a % b);             \
  }                                                                           \
  static inline T safe_lshift_func_##T##_s_s (T a, int b)                     \
  {                                                                           \
    return (a < 0 || b < 0 || b >= CSM_BITS (T) || a > ((MAX) >> b))          \
               ? a : (T) (a << b);                                            \
  }                                                                           \
  static inline T safe_lshift_func_##T##_s_u (T a, unsigned int b)            \
  {                                                                           \
    return (a < 0 || b >= (unsigned) CSM_BITS (T) || a > ((MAX) >> b))        \
               ? a : (T) (a << b);                                            \
  }                                                                           \
  static inline T safe_rshift_func_##T##_s_s (T a, int b)                     \
  {                                                                           \
    return (a < 0 || b < 0 || b >= CSM_BITS (T)) ? a : (T) (a >> b);          \
  }                                                                           \
  static inline T safe_rshift_func_##T##_s_u (T a, unsigned int b)            \
  {                                                                           \
    return (a < 0 || b >= (unsigned) CSM_BITS (T)) ? a : (T) (a >> b);        \
  }

/* Unsigned arithmetic wraps; it is done in uint64_t so that small types
   are never promoted to (overflowing) int.  */
#define CSM_UNSIGNED(T, MAX)                                                  \
  static inline T safe_unary_minus_func_##T##_u (T a)                         \
  {                                                                           \
    return (T) (0 - (uint64_t) a);                                            \
  }                                                                           \
  static inline T safe_add_func_##T##_u_u (T a, T b)                          \
  {                                                                           \
    return (T) ((uint64_t) a + b);                                            \
  }                                                                           \
  static inline T safe_sub_func_##T##_u_u (T a, T b)                          \
  {                                                                           \
    return (T) ((uint64_t) a - b);                                            \
  }                                                                           \
  static inline T safe_mul_func_##T##_u_u (T a, T b)                          \
  {                                                                           \
    return (T) ((uint64_t) a * b);                                            \
  }                                                                           \
  static inline T safe_div_func_##T##_u_u (T a, T b)                          \
  {                                                                           \
    return b == 0 ? a : (T) (a / b);                                          \
  }                                                                           \
  static inline T safe_mod_func_##T##_u_u (T a, T b)                          \
  {                                                                           \
    return b == 0 ? a : (T) (a % b);                                          \
  }                                                                           \
  static inline T safe_lshift_func_##T##_u_s (T a, int b)                     \
  {                                                                           \
    return (b < 0 || b >= CSM_BITS (T) || a > ((MAX) >> b))                   \
               ? a : (T) ((uint64_t) a << b);                                 \
  }                                                                           \
  static inline T safe_lshift_func_##T##_u_u (T a, unsigned int b)            \
  {                                                                           \
    return (b >= (unsigned) CSM_BITS (T) || a > ((MAX) >> b))                 \
               ? a : (T) ((uint64_t) a << b);                                 \
  }                                                                           \
  static inline T safe_rshift_func_##T##_u_s (T a, int b)                     \
  {                                                                           \
    return (b < 0 || b >= CSM_BITS (T)) ? a : (T) (a >> b);                   \
  }                                                                           \
  static inline T safe_rshift_func_##T##_u_u (T a, unsigned int b)            \
  {                                                                           \
    return b >= (unsigned) CSM_BITS (T) ? a : (T) (a >> b);                   \
  }

CSM_SIGNED (int8_t, INT8_MIN, INT8_MAX)
CSM_SIGNED (int16_t, INT16_MIN, INT16_MAX)
CSM_SIGNED (int32_t, INT32_MIN, INT32_MAX)
CSM_SIGNED (int64_t, INT64_MIN, INT64_MAX)
CSM_UNSIGNED (uint8_t, UINT8_MAX)
CSM_UNSIGNED (uint16_t, UINT16_MAX)
CSM_UNSIGNED (uint32_t, UINT32_MAX)
CSM_UNSIGNED (uint64_t, UINT64_MAX)

#endif /* TRUN_CSMITH_H */
