/* preserve.c -- values the markers must not disturb, for inst-preserve.sh:
 * arguments of every kind live across an enter, results of every kind
 * across an exit, a leaf function's red zone, a varargs function, and
 * (x86-64) the registers a _preserve entry point must keep.  Prints one
 * line per check; the instrumented builds must print what the plain one
 * does.
 */
#include <complex.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "trun/abi.h"

struct pair { long a, b; };
struct big { long v[5]; };
struct mixed { double d; long l; };

__attribute__ ((noinline)) long
six (long a, long b, long c, long d, long e, long f)
{
  return a * 1 + b * 3 + c * 5 + d * 7 + e * 11 + f * 13;
}

__attribute__ ((noinline)) double
fp (double a, float b, long c, double d, double e, double f, double g,
    double h, double i, double j)
{
  return a + b * 2 + c * 3 + d * 4 + e * 5 + f * 6 + g * 7 + h * 8 + i * 9
         + j * 10;
}

__attribute__ ((noinline)) struct pair
make_pair (long a, long b)
{
  struct pair p = { a * 2, b * 3 };
  return p;
}

__attribute__ ((noinline)) struct big
make_big (long a)
{
  struct big r;
  for (int i = 0; i < 5; i++)
    r.v[i] = a + i;
  return r;
}

__attribute__ ((noinline)) struct mixed
make_mixed (double d, long l)
{
  struct mixed m = { d * 2, l + 1 };
  return m;
}

__attribute__ ((noinline)) __int128
wide (__int128 a, long b)
{
  return a * b + 1;
}

__attribute__ ((noinline)) long double
ldbl (long double a, long double b)
{
  return a * b + 0.5L;
}

__attribute__ ((noinline)) double complex
cplx (double complex z)
{
  return z * z + 1;
}

__attribute__ ((noinline)) long
sum_va (int n, ...)
{
  va_list ap;
  long s = 0;
  va_start (ap, n);
  for (int i = 0; i < n; i++)
    s += va_arg (ap, long) * (i + 1);
  va_end (ap);
  return s;
}

__attribute__ ((noinline)) double
sum_va_fp (int n, ...)
{
  va_list ap;
  double s = 0;
  va_start (ap, n);
  for (int i = 0; i < n; i++)
    s += va_arg (ap, double) * (i + 1);
  va_end (ap);
  return s;
}

/* A leaf function with locals in the red zone.  */
__attribute__ ((noinline)) unsigned
leaf (unsigned x)
{
  volatile unsigned t[24];
  for (int i = 0; i < 24; i++)
    t[i] = x * (unsigned) i + 7;
  unsigned s = 0;
  for (int i = 0; i < 24; i++)
    s = s * 31 + t[i];
  return s;
}

/* A recursion keeping values in callee-saved registers across calls
   (unsigned: it wraps).  */
__attribute__ ((noinline)) unsigned long
keep (unsigned long n, unsigned long a, unsigned long b)
{
  if (n == 0)
    return a ^ b;
  unsigned long x = keep (n - 1, b + 1, a * 3);
  return x * 7 + a - b + n;
}

/* The check is written in AT&T syntax: inst-preserve.sh defines
   NO_STUB_CHECK for its -masm=intel build.  */
#if defined(__x86_64__) && defined(__LP64__) && !defined(NO_STUB_CHECK)
/* The callee-saved registers, the red zone and the stack pointer across
   each _preserve entry point, called as the plugin's sequence calls it;
   DESC disabled or not.  */
static struct trun_desc desc_on = { 1, 0, 0, "preserve_on", "preserve_on",
                                    __FILE__, __LINE__, TRUN_KIND_FUNCTION };
static struct trun_desc desc_off = { 0, 0, 0, "preserve_off", "preserve_off",
                                     __FILE__, __LINE__, TRUN_KIND_FUNCTION };

uint64_t preserve_got[8] __attribute__ ((visibility ("hidden")));

/* SKEW: bytes more the stack pointer goes down by before the call (0
   or 8), so that the entry points run at either stack alignment (the
   sequence calls them at whatever alignment the function has).  */
#define CALL_STUB(STUB, DESC, SKEW)                                        \
  __asm__ volatile ("movq $0x1111, %%rbx\n\t"                               \
                    "movq $0x2222, %%r12\n\t"                               \
                    "movq $0x3333, %%r13\n\t"                               \
                    "movq $0x4444, %%r14\n\t"                               \
                    "movq $0x5555, %%r15\n\t"                               \
                    "movq $0x6666, -8(%%rsp)\n\t"                           \
                    "movq %%rsp, -16(%%rsp)\n\t"                            \
                    "movq $0x7777, -128(%%rsp)\n\t"                         \
                    "lea %0, %%r10\n\t"                                     \
                    "lea -176-" SKEW "(%%rsp), %%rsp\n\t"                   \
                    "call *" STUB "@GOTPCREL(%%rip)\n\t"                    \
                    "lea 176+" SKEW "(%%rsp), %%rsp\n\t"                    \
                    "movq %%rbx, preserve_got(%%rip)\n\t"                   \
                    "movq %%r12, preserve_got+8(%%rip)\n\t"                 \
                    "movq %%r13, preserve_got+16(%%rip)\n\t"                \
                    "movq %%r14, preserve_got+24(%%rip)\n\t"                \
                    "movq %%r15, preserve_got+32(%%rip)\n\t"                \
                    "movq -8(%%rsp), %%rcx\n\t"                             \
                    "movq %%rcx, preserve_got+40(%%rip)\n\t"                \
                    "movq -128(%%rsp), %%rcx\n\t"                           \
                    "movq %%rcx, preserve_got+48(%%rip)\n\t"                \
                    "movq -16(%%rsp), %%rcx\n\t"                            \
                    "subq %%rsp, %%rcx\n\t"                                 \
                    "movq %%rcx, preserve_got+56(%%rip)"                     \
                    :                                                      \
                    : "m"(DESC)                                            \
                    : "rax", "rbx", "rcx", "rdx", "rsi", "rdi", "r8", "r9", \
                      "r10", "r11", "r12", "r13", "r14", "r15", "cc",      \
                      "memory", "xmm0", "xmm1", "xmm2", "xmm3", "xmm4",    \
                      "xmm5", "xmm6", "xmm7", "xmm8", "xmm9", "xmm10",     \
                      "xmm11", "xmm12", "xmm13", "xmm14", "xmm15")

/* Not instrumented: the red zone it uses is checked by hand.  */
__attribute__ ((noinline, no_instrument_function)) static void
check_stubs (void)
{
  static const uint64_t expect[8] = { 0x1111, 0x2222, 0x3333, 0x4444,
                                      0x5555, 0x6666, 0x7777, 0 };
  int bad = 0;
#define CHECK(STUB, DESC)                                                  \
  do                                                                       \
    {                                                                      \
      memset (preserve_got, 0xff, sizeof preserve_got);                    \
      CALL_STUB (STUB, DESC, "8");                                         \
      bad |= memcmp (preserve_got, expect, sizeof expect) != 0;            \
      memset (preserve_got, 0xff, sizeof preserve_got);                    \
      CALL_STUB (STUB, DESC, "0");                                         \
      bad |= memcmp (preserve_got, expect, sizeof expect) != 0;            \
    }                                                                      \
  while (0)
  /* Many times: with TRUN_TIMELINE and a small buffer (inst-preserve.sh)
     the markers' slow paths run from these misaligned entries too.  */
  for (int rep = 0; rep < 600; rep++)
    {
      CHECK ("__trun_trace_enter_preserve", desc_on);
      CHECK ("__trun_trace_exit_preserve", desc_on);
    }
  CHECK ("__trun_trace_enter_preserve", desc_off);
  CHECK ("__trun_trace_exit_preserve", desc_off);
  for (int rep = 0; rep < 600; rep++)
    {
      CHECK ("__trun_region_enter_preserve", desc_on);
      CHECK ("__trun_region_exit_preserve", desc_on);
    }
  CHECK ("__trun_region_enter_preserve", desc_off);
  CHECK ("__trun_region_exit_preserve", desc_off);
#undef CHECK
  printf ("stubs %s\n", bad ? "clobbered" : "kept callee-saved registers, red zone, stack");
}
#endif

int
main (int argc, char **argv)
{
  (void) argv;
  long k = argc; /* not a constant */
  printf ("six %ld\n", six (k, k + 1, k + 2, k + 3, k + 4, k + 5));
  printf ("fp %.3f\n", fp (k + 0.5, 1.25f, k, 2, 3, 4, 5, 6, 7, 8));
  struct pair p = make_pair (k, k + 1);
  printf ("pair %ld %ld\n", p.a, p.b);
  struct big b = make_big (k);
  printf ("big %ld %ld\n", b.v[0], b.v[4]);
  struct mixed m = make_mixed (k + 0.25, k);
  printf ("mixed %.2f %ld\n", m.d, m.l);
  __int128 w = wide ((__int128) k << 70, 3);
  printf ("wide %llx %llx\n", (unsigned long long) (w >> 64),
          (unsigned long long) w);
  printf ("ldbl %.3Lf\n", ldbl (k + 0.5L, 3));
  double complex z = cplx (k + 2 * I);
  printf ("cplx %.2f %.2f\n", creal (z), cimag (z));
  printf ("va %ld\n", sum_va (7, k, k + 1L, k + 2L, k + 3L, k + 4L, k + 5L, k + 6L));
  printf ("va_fp %.2f\n", sum_va_fp (9, k + 0.5, 1.5, 2.5, 3.5, 4.5, 5.5, 6.5, 7.5, 8.5));
  printf ("leaf %u\n", leaf ((unsigned) k));
  printf ("keep %lu\n", keep (200, (unsigned long) k, (unsigned long) k + 5));
#if defined(__x86_64__) && defined(__LP64__) && !defined(NO_STUB_CHECK)
  check_stubs ();
#endif
  return 0;
}
