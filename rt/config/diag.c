/* rt/config/diag.c -- the runtime's diagnostics.  */
#include "config/diag.h"
#include "config/settings.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

/* "trun: " MSG "\n" with unsafe bytes escaped, in one write.  */
static void
emit (const char *fmt, va_list ap)
{
  char msg[2048], line[2048 * 4 + 16];
  vsnprintf (msg, sizeof msg, fmt, ap);
  size_t n = strlen (msg), o = 0;
  memcpy (line, "trun: ", 6);
  o = 6;
  for (size_t i = 0; i < n;)
    {
      const unsigned char *p = (const unsigned char *) msg + i;
      size_t len = *p < 0x20 || *p == 0x7f ? 0 : trun_utf8_len (p, n - i);
      if (len == 0)
        {
          o += (size_t) snprintf (line + o, 5, "\\x%02x", *p);
          i++;
        }
      else
        {
          memcpy (line + o, p, len);
          o += len;
          i += len;
        }
    }
  line[o++] = '\n';
  /* One write(2): stderr's buffer is the program's, and lines from
     several threads must not interleave.  */
  for (size_t done = 0; done < o;)
    {
      ssize_t w = write (STDERR_FILENO, line + done, o - done);
      if (w <= 0)
        break;
      done += (size_t) w;
    }
}

void
trun_warn (const char *fmt, ...)
{
  va_list ap;
  va_start (ap, fmt);
  emit (fmt, ap);
  va_end (ap);
}

void
trun_verbose (const char *fmt, ...)
{
  if (trun_settings.verbose <= 0)
    return;
  va_list ap;
  va_start (ap, fmt);
  emit (fmt, ap);
  va_end (ap);
}
