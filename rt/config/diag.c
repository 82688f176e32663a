/* rt/config/diag.c -- the runtime's diagnostics.  */
#include "config/diag.h"
#include "config/settings.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

static void
put (const char *p, size_t n)
{
  /* Async-signal-safe: trun_say uses it from signal handlers.  */
  while (n > 0)
    {
      ssize_t w = write (STDERR_FILENO, p, n);
      if (w <= 0)
        return;
      p += w;
      n -= (size_t) w;
    }
}

/* "trun: " MSG "\n" with unsafe bytes escaped.  Small buffers: a warning
   may come from deep in a recursion, near the end of the stack.  The
   line goes out in one write(2) when it fits (stderr's buffer is the
   program's, and lines from several threads must not interleave).  */
static void
emit (const char *fmt, va_list ap)
{
  char msg[512], line[640];
  vsnprintf (msg, sizeof msg, fmt, ap);
  size_t n = strlen (msg), o = 6;
  memcpy (line, "trun: ", 6);
  for (size_t i = 0; i < n;)
    {
      if (o + 8 > sizeof line)
        {
          put (line, o);
          o = 0;
        }
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
  put (line, o);
}

void
trun_say (const char *text)
{
  put (text, strlen (text));
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
