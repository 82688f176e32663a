/* rt/config/utf8.c -- UTF-8 validity, for escaping labels in messages
 * and reports.
 */
#include "config/diag.h"

size_t
trun_utf8_len (const unsigned char *p, size_t n)
{
  size_t len;
  unsigned min;
  unsigned cp;
  if (p[0] < 0x80)
    return 1;
  else if ((p[0] & 0xe0) == 0xc0)
    len = 2, cp = p[0] & 0x1f, min = 0x80;
  else if ((p[0] & 0xf0) == 0xe0)
    len = 3, cp = p[0] & 0x0f, min = 0x800;
  else if ((p[0] & 0xf8) == 0xf0)
    len = 4, cp = p[0] & 0x07, min = 0x10000;
  else
    return 0;
  if (len > n)
    return 0;
  for (size_t i = 1; i < len; i++)
    {
      if ((p[i] & 0xc0) != 0x80)
        return 0;
      cp = (cp << 6) | (p[i] & 0x3f);
    }
  if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff))
    return 0;
  return len;
}
