/* tools/util/buf.c -- a growing text buffer (see buf.h).  */
#include "buf.h"
#include "alloc.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

void
buf_add (struct buf *b, const char *s, size_t n)
{
  if (b->n + n + 1 > b->cap)
    {
      b->cap = (b->n + n + 1) * 2;
      b->s = xrealloc (b->s, b->cap);
    }
  memcpy (b->s + b->n, s, n);
  b->n += n;
  b->s[b->n] = 0;
}

void
buf_puts (struct buf *b, const char *s)
{
  buf_add (b, s, strlen (s));
}

void
buf_printf (struct buf *b, const char *fmt, ...)
{
  va_list ap;
  va_start (ap, fmt);
  char *s = xvasprintf (fmt, ap);
  va_end (ap);
  buf_puts (b, s);
  free (s);
}
