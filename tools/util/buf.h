/* tools/util/buf.h -- a growing, always NUL-terminated text buffer.  */
#ifndef TRUN_TOOLS_UTIL_BUF_H
#define TRUN_TOOLS_UTIL_BUF_H

#include <stddef.h>

struct buf
{
  char *s;
  size_t n, cap;
};
void buf_add (struct buf *b, const char *s, size_t n);
void buf_puts (struct buf *b, const char *s);
void buf_printf (struct buf *b, const char *fmt, ...) __attribute__ ((format (printf, 2, 3)));

#endif /* TRUN_TOOLS_UTIL_BUF_H */
