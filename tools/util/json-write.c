/* tools/util/json-write.c -- JSON string literals (see json-write.h).  */
#include "json-write.h"
#include "buf.h"

void
buf_json_string (struct buf *b, const char *s)
{
  buf_puts (b, "\"");
  for (const unsigned char *p = (const unsigned char *) s; *p; p++)
    {
      if (*p == '"' || *p == '\\')
        {
          char esc[2] = { '\\', (char) *p };
          buf_add (b, esc, 2);
        }
      else if (*p < 0x20)
        buf_printf (b, "\\u%04x", *p);
      else
        buf_add (b, (const char *) p, 1);
    }
  buf_puts (b, "\"");
}

void
buf_json_strv (struct buf *b, char *const *v, size_t n)
{
  buf_puts (b, "[");
  for (size_t i = 0; i < n; i++)
    {
      if (i)
        buf_puts (b, ", ");
      buf_json_string (b, v[i]);
    }
  buf_puts (b, "]");
}
