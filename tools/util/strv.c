/* tools/util/strv.c -- string tests and string lists (see strv.h).  */
#include "strv.h"
#include "alloc.h"
#include "buf.h"

#include <stdlib.h>
#include <string.h>

int
starts_with (const char *s, const char *prefix)
{
  return strncmp (s, prefix, strlen (prefix)) == 0;
}

int
ends_with (const char *s, const char *suffix)
{
  size_t a = strlen (s), b = strlen (suffix);
  return a >= b && strcmp (s + a - b, suffix) == 0;
}

void
strv_push_own (struct strv *sv, char *s)
{
  if (sv->n + 2 > sv->cap)
    {
      sv->cap = sv->cap ? sv->cap * 2 : 16;
      sv->v = xrealloc (sv->v, sv->cap * sizeof *sv->v);
    }
  sv->v[sv->n++] = s;
  sv->v[sv->n] = NULL;
}

void
strv_push (struct strv *sv, const char *s)
{
  strv_push_own (sv, xstrdup (s));
}

void
strv_extend (struct strv *sv, const struct strv *from)
{
  for (size_t i = 0; i < from->n; i++)
    strv_push (sv, from->v[i]);
}

void
strv_insert (struct strv *sv, size_t pos, const char *s)
{
  strv_push (sv, s);
  char *moved = sv->v[sv->n - 1];
  memmove (sv->v + pos + 1, sv->v + pos, (sv->n - 1 - pos) * sizeof *sv->v);
  sv->v[pos] = moved;
}

int
strv_contains (const struct strv *sv, const char *s)
{
  for (size_t i = 0; i < sv->n; i++)
    if (strcmp (sv->v[i], s) == 0)
      return 1;
  return 0;
}

void
strv_free (struct strv *sv)
{
  for (size_t i = 0; i < sv->n; i++)
    free (sv->v[i]);
  free (sv->v);
  sv->v = NULL;
  sv->n = sv->cap = 0;
}

void
strv_split (struct strv *sv, const char *s, char sep)
{
  while (s && *s)
    {
      const char *e = strchr (s, sep);
      size_t len = e ? (size_t) (e - s) : strlen (s);
      if (len)
        strv_push_own (sv, xstrndup (s, len));
      s = e ? e + 1 : NULL;
    }
}

char *
strv_join (const struct strv *sv, const char *sep)
{
  struct buf b = { 0 };
  buf_puts (&b, "");
  for (size_t i = 0; i < sv->n; i++)
    {
      if (i)
        buf_puts (&b, sep);
      buf_puts (&b, sv->v[i]);
    }
  return b.s;
}
