/* rt/report/json-write.c -- the one JSON escaper and number formatter,
 * and the "metadata" object, for every JSON document the runtime writes
 * (the profile, the coverage report, the MPI job).  Strings are UTF-8:
 * control characters are escaped and bytes that are not valid UTF-8
 * become U+FFFD, so a document is valid whatever the labels hold.
 */
#define _GNU_SOURCE /* unlocked stdio */
#include "report/writers.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

/* The writers hold the stream's lock for the whole document
   (flockfile), so the per-call locking of stdio is skipped.  */
#define putc putc_unlocked
#define fputs fputs_unlocked
#define fwrite fwrite_unlocked

/* ------------------------------------------------------------------ */
/* Strings and numbers                                                */

/* S as a JSON string; NULL gives null.  Control characters are escaped;
   bytes that are not valid UTF-8 become U+FFFD.  */
void
trun_json_string (FILE *out, const char *s)
{
  if (!s)
    {
      fputs ("null", out);
      return;
    }
  const unsigned char *p = (const unsigned char *) s;
  size_t n = strlen (s);
  putc ('"', out);
  for (size_t i = 0; i < n;)
    {
      unsigned char ch = p[i];
      if (ch == '"' || ch == '\\')
        {
          putc ('\\', out);
          putc (ch, out);
          i++;
        }
      else if (ch < 0x20)
        {
          switch (ch)
            {
            case '\n': fputs ("\\n", out); break;
            case '\t': fputs ("\\t", out); break;
            case '\r': fputs ("\\r", out); break;
            case '\b': fputs ("\\b", out); break;
            case '\f': fputs ("\\f", out); break;
            default: fprintf (out, "\\u%04x", ch); break;
            }
          i++;
        }
      else
        {
          size_t len = trun_utf8_len (p + i, n - i);
          if (len == 0)
            {
              fputs ("\\ufffd", out);
              i++;
            }
          else
            {
              fwrite (p + i, 1, len, out);
              i += len;
            }
        }
    }
  putc ('"', out);
}

/* A * 10^P for |P| <= 42 by exact powers (10^22 is the last exact
   double), without pow ().  */
static double
scale10 (double a, int p)
{
  static const double pow10[] = {
    1e0,  1e1,  1e2,  1e3,  1e4,  1e5,  1e6,  1e7,  1e8,  1e9,  1e10, 1e11,
    1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22
  };
  int q = p < 0 ? -p : p;
  double x = q > 22 ? a : p < 0 ? a / pow10[q] : a * pow10[q];
  if (q > 22)
    x = p < 0 ? a / pow10[22] / pow10[q - 22] : a * pow10[22] * pow10[q - 22];
  return x;
}

long long
trun_round (double x)
{
  long long i = (long long) x; /* toward zero */
  double f = x - (double) i;   /* exact */
  return f >= 0.5 ? i + 1 : f <= -0.5 ? i - 1 : i;
}

/* floor (log10 (A)) for A > 0, by comparison with the powers of ten as
   doubles (no libm): exact, or one too high for A just below a power
   whose double is below it, which format_significant corrects as it did
   log10's rounding.  Below -30 under 1e-30, 31 from 1e31 on.  */
static int
decimal_exponent (double a)
{
  static const double pow10[] = {
    1e-31, 1e-30, 1e-29, 1e-28, 1e-27, 1e-26, 1e-25, 1e-24, 1e-23, 1e-22,
    1e-21, 1e-20, 1e-19, 1e-18, 1e-17, 1e-16, 1e-15, 1e-14, 1e-13, 1e-12,
    1e-11, 1e-10, 1e-9, 1e-8, 1e-7, 1e-6, 1e-5, 1e-4, 1e-3, 1e-2, 1e-1, 1e0,
    1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13,
    1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22, 1e23, 1e24, 1e25,
    1e26, 1e27, 1e28, 1e29, 1e30, 1e31
  };
  /* The count of powers <= A, found from A's binary exponent E2 (10^K
     <= 2^E2 <= A < 10^(K+2), K = floor (E2 log10 2)) in two or three
     comparisons instead of a search of six, each a branch the numbers'
     spread of magnitudes mispredicts.  */
  const int last = (int) (sizeof pow10 / sizeof pow10[0]) - 1;
  uint64_t bits;
  memcpy (&bits, &a, sizeof bits);
  int e2 = (int) ((bits >> 52) & 0x7ff) - 1023;
  int i = ((e2 * 78913) >> 18) + 31; /* floor (E2 log10 2) + 31 */
  i = i < 0 ? 0 : i > last ? last : i;
  while (i > 0 && !(a >= pow10[i]))
    i--;
  while (i < last && a >= pow10[i + 1])
    i++;
  /* pow10[0 .. lo - 1] <= A < pow10[lo ..] */
  int lo = a >= pow10[i] ? i + 1 : i;
  return lo - 32;
}

/* The 12 digits of V < 10^12 into D: two halves of six in 32-bit
   arithmetic, two digits a step (the general loop divides the 64-bit
   value six times; a tree's JSON formats two such numbers a node).  */
static void
twelve_digits (char *d, uint64_t v)
{
  uint32_t half[2] = { (uint32_t) (v / 1000000), (uint32_t) (v % 1000000) };
  for (int h = 0; h < 2; h++)
    {
      uint32_t x = half[h];
      char *o = d + 6 * h;
      memcpy (o, trun_digit_pairs + 2 * (x / 10000), 2);
      memcpy (o + 2, trun_digit_pairs + 2 * (x / 100 % 100), 2);
      memcpy (o + 4, trun_digit_pairs + 2 * (x % 100), 2);
    }
}

/* V (finite, non-zero) with 12 significant digits, trailing zeros
   dropped, in plain or exponent notation: what "%.12g" gives, done with
   integer arithmetic because printf's float path dominates writing a
   large tree.  Returns the length.  */
static size_t
format_significant (char *buf, double v)
{
  double a = fabs (v);
  int e = decimal_exponent (a);
  if (e < -30 || e > 30)
    return (size_t) snprintf (buf, 40, "%.12g", v);
  double x = scale10 (a, 11 - e);
  if (x < 99999999999.5) /* log10 rounded down too far */
    {
      x = scale10 (a, 12 - e);
      e--;
    }
  /* The scaling is off by up to two ulps of X (below 10^12: 2.5e-4): a
     fraction that close to a half may round the other way than the
     exact value, which printf rounds (3.5797613985649997e-06 gave
     ...857e-06).  */
  int64_t whole = (int64_t) x; /* below 10^13: a signed conversion */
  double frac = x - (double) whole;
  if (frac > 0.5 - 1e-3 && frac < 0.5 + 1e-3)
    return (size_t) snprintf (buf, 40, "%.12g", v);
  uint64_t digits = (uint64_t) whole + (frac > 0.5);
  if (digits >= 1000000000000ULL) /* rounded up to 10^12 */
    {
      digits /= 10;
      e++;
    }
  /* The digits are made where they go (a copy's wide loads of their
     narrow stores just made would wait for the stores to reach the
     cache): after "0." and its zeros, else one byte right of the first
     one's place, room for a point after the integer part, which is
     moved left byte by byte.  */
  size_t n = v < 0;
  if (n)
    buf[0] = '-';
  int zeros = e < 0 && e >= -4; /* "0.", -E - 1 zeros, the digits */
  char *d = buf + n + (zeros ? (size_t) (1 - e) : 1);
  twelve_digits (d, digits); /* 10^11 <= digits < 10^12 */
  int nd = 12;
  while (nd > 1 && d[nd - 1] == '0')
    nd--;
  if (e < -4 || e >= 12)
    {
      buf[n++] = d[0];
      if (nd > 1)
        {
          buf[n++] = '.'; /* the digits after the first are in place */
          n += (size_t) nd - 1;
        }
      /* "e-05", "e+12": what printf gives (|e| <= 30 here).  */
      int ae = abs (e);
      buf[n++] = 'e';
      buf[n++] = e < 0 ? '-' : '+';
      buf[n++] = (char) ('0' + ae / 10);
      buf[n++] = (char) ('0' + ae % 10);
    }
  else if (zeros)
    {
      buf[n] = '0';
      buf[n + 1] = '.';
      memset (buf + n + 2, '0', (size_t) (-e - 1));
      n = (size_t) (d - buf) + (size_t) nd;
    }
  else
    {
      /* The integer part is the first E + 1 digits (a dropped trailing
         zero is still '0' in D), then the rest, in place, after a
         point.  */
      for (int i = 0; i <= e; i++)
        buf[n + (size_t) i] = d[i];
      n += (size_t) e + 1;
      if (nd > e + 1)
        {
          buf[n] = '.';
          n += (size_t) (nd - e);
        }
    }
  buf[n] = '\0';
  return n;
}

/* V as JSON into BUF (at least TRUN_JSON_NUMBER_MAX bytes, not
   NUL-terminated): a finite number, or null (JSON has no NaN/Infinity).
   Returns the length.  */
size_t
trun_json_format_number (char *buf, double v)
{
  if (!isfinite (v))
    {
      memcpy (buf, "null", 4);
      return 4;
    }
  if (v == 0.0)
    {
      buf[0] = '0';
      return 1;
    }
  if (fabs (v) < 1e15 && v == floor (v))
    {
      /* Integers (counts, bytes) without printf's float machinery.  */
      char *o = buf;
      if (v < 0)
        *o++ = '-';
      return (size_t) (trun_digits_at (o, (uint64_t) fabs (v)) - buf);
    }
  return format_significant (buf, v);
}

void
trun_json_number (FILE *out, double v)
{
  char buf[TRUN_JSON_NUMBER_MAX];
  fwrite (buf, 1, trun_json_format_number (buf, v), out);
}

/* ------------------------------------------------------------------ */
/* Metadata                                                           */

void
trun_json_mask (FILE *out, trun_mask_t mask)
{
  putc ('[', out);
  int first = 1;
  for (int i = 0; i < TRUN_NCOMP; i++)
    if (mask & ((trun_mask_t) 1 << i))
      {
        if (!first)
          fputs (", ", out);
        trun_json_string (out, trun_components[i].name);
        first = 0;
      }
  putc (']', out);
}

static void
put_settings (FILE *out, const struct trun_settings *s)
{
  fputs ("{\"output_path\": ", out);
  trun_json_string (out, s->output_path ? s->output_path : "");
  fputs (", \"output_prefix\": ", out);
  trun_json_string (out, s->output_prefix ? s->output_prefix : "");
  fprintf (out,
           ", \"cout_output\": %s, \"text_output\": %s, \"json_output\": %s"
           ", \"file_output\": %s, \"cout_max_rows\": %d"
           ", \"tree_output\": %s, \"folded_output\": %s, \"csv_output\": %s"
           ", \"flamegraph_output\": %s"
           ", \"precision\": %d, \"width\": %d",
           s->cout_output ? "true" : "false", s->text_output ? "true" : "false",
           s->json_output ? "true" : "false", s->file_output ? "true" : "false",
           s->cout_max_rows, s->tree_output ? "true" : "false",
           s->folded_output ? "true" : "false",
           s->csv_output ? "true" : "false",
           s->flamegraph_output ? "true" : "false", s->precision, s->width);
  fputs (", \"flamegraph_min_width\": ", out);
  trun_json_number (out, s->flamegraph_min_width);
  /* The table formats (0: unset, else the value + 1; see settings.h).  */
  fprintf (out,
           ", \"scientific\": %s, \"max_width\": %d"
           ", \"timing_precision\": %d, \"timing_width\": %d"
           ", \"timing_scientific\": %d, \"memory_precision\": %d"
           ", \"memory_width\": %d, \"memory_scientific\": %d"
           ", \"time_output\": %s, \"collapse_threads\": %s"
           ", \"per_thread\": %s, \"tree_max_nodes\": %ld",
           s->scientific ? "true" : "false", s->max_width,
           s->timing_precision, s->timing_width, s->timing_scientific,
           s->memory_precision, s->memory_width, s->memory_scientific,
           s->time_output ? "true" : "false",
           s->collapse_threads ? "true" : "false",
           s->per_thread ? "true" : "false", s->tree_max_nodes);
  fputs (", \"memory_units\": ", out);
  trun_json_string (out, s->memory_units);
  fputs (", \"memory_scale\": ", out);
  trun_json_number (out, s->memory_scale);
  fputs (", \"timing_units\": ", out);
  trun_json_string (out, s->timing_units);
  fputs (", \"timing_scale\": ", out);
  trun_json_number (out, s->timing_scale);
  fputs (", \"components\": ", out);
  trun_json_mask (out, s->components);
  fputs (", \"trace_components\": ", out);
  trun_json_mask (out, s->trace_components);
  fprintf (out,
           ", \"max_depth\": %d, \"max_nodes\": %ld"
           ", \"flat_profile\": %s, \"enabled\": %s"
           ", \"verbose\": %d, \"throttle_count\": %llu, \"throttle_value\": ",
           s->max_depth, s->max_nodes, s->flat_profile ? "true" : "false",
           s->enabled ? "true" : "false", s->verbose,
           (unsigned long long) s->throttle_count);
  trun_json_number (out, s->throttle_value);
  putc ('}', out);
}

static void
put_threads (FILE *out, const struct trun_run_info *info)
{
  fputs ("[", out);
  for (unsigned i = 0; info->threads && i < info->nthreads; i++)
    {
      const struct trun_thread_info *t = &info->threads[i];
      fprintf (out,
               "%s\n      {\"index\": %u, \"tid\": %ld, \"parent\": %u"
               ", \"pu\": %d, \"numa\": %d, \"moved\": %s}",
               i ? "," : "", t->index, t->tid, t->parent, t->pu, t->numa,
               t->moved < 0 ? "null" : t->moved ? "true" : "false");
    }
  fputs (info->nthreads ? "\n    ]" : "]", out);
}

void
trun_json_metadata (FILE *out, const struct trun_run_info *info,
                    const struct trun_settings *s)
{
  fputs ("{\n    \"command_line\": ", out);
  trun_json_string (out, info ? info->command_line : NULL);
  if (!info)
    {
      fputs ("\n  }", out);
      return;
    }
  fprintf (out, ",\n    \"pid\": %ld,\n    \"host\": ", info->pid);
  trun_json_string (out, info->host);
  fputs (",\n    \"start_time\": ", out);
  trun_json_number (out, info->start_time);
  fputs (",\n    \"end_time\": ", out);
  trun_json_number (out, info->end_time);
  fprintf (out, ",\n    \"rank\": %d", info->rank);
  if (s)
    {
      fputs (",\n    \"settings\": ", out);
      put_settings (out, s);
    }
  fprintf (out,
           ",\n    \"node_memory\": {\"bytes\": %zu, \"nodes\": %zu}"
           ",\n    \"topology\": %s,\n    \"threads\": ",
           info->node_bytes, info->nodes,
           info->topology_json ? info->topology_json : "null");
  put_threads (out, info);
  fputs ("\n  }", out);
}

