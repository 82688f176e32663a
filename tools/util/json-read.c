/* tools/util/json-read.c -- a small JSON parser (see json-read.h).  */
#include "json-read.h"
#include "alloc.h"
#include "buf.h"

#include <stdlib.h>
#include <string.h>

struct json_parser
{
  const char *p;
  const char *err;
};

static void
skip_space (struct json_parser *jp)
{
  while (*jp->p == ' ' || *jp->p == '\t' || *jp->p == '\n' || *jp->p == '\r')
    jp->p++;
}

static void
utf8_put (struct buf *b, unsigned cp)
{
  char u[4];
  if (cp < 0x80)
    u[0] = (char) cp, buf_add (b, u, 1);
  else if (cp < 0x800)
    {
      u[0] = (char) (0xc0 | (cp >> 6));
      u[1] = (char) (0x80 | (cp & 0x3f));
      buf_add (b, u, 2);
    }
  else
    {
      u[0] = (char) (0xe0 | (cp >> 12));
      u[1] = (char) (0x80 | ((cp >> 6) & 0x3f));
      u[2] = (char) (0x80 | (cp & 0x3f));
      buf_add (b, u, 3);
    }
}

static char *
parse_string (struct json_parser *jp)
{
  struct buf b = { 0 };
  buf_puts (&b, "");
  jp->p++; /* opening quote */
  while (*jp->p && *jp->p != '"')
    {
      if (*jp->p != '\\')
        {
          buf_add (&b, jp->p++, 1);
          continue;
        }
      jp->p++;
      char c = *jp->p++;
      const char *plain = strchr ("\"\\/", c);
      if (plain)
        buf_add (&b, &c, 1);
      else if (c == 'n')
        buf_puts (&b, "\n");
      else if (c == 't')
        buf_puts (&b, "\t");
      else if (c == 'r')
        buf_puts (&b, "\r");
      else if (c == 'b')
        buf_puts (&b, "\b");
      else if (c == 'f')
        buf_puts (&b, "\f");
      else if (c == 'u')
        {
          unsigned cp = 0;
          for (int i = 0; i < 4; i++, jp->p++)
            {
              char h = *jp->p;
              if (!h)
                break;
              cp = cp * 16 + (unsigned) (h <= '9' ? h - '0' : (h | 0x20) - 'a' + 10);
            }
          utf8_put (&b, cp);
        }
      else
        {
          jp->err = "bad escape in string";
          free (b.s);
          return NULL;
        }
    }
  if (*jp->p != '"')
    {
      jp->err = "unterminated string";
      free (b.s);
      return NULL;
    }
  jp->p++;
  return b.s;
}

static struct json *parse_value (struct json_parser *jp, int depth);

static struct json *
new_json (enum json_type t)
{
  struct json *j = xmalloc (sizeof *j);
  memset (j, 0, sizeof *j);
  j->type = t;
  return j;
}

static int
add_item (struct json *j, char *key, struct json *item)
{
  j->items = xrealloc (j->items, (j->n + 1) * sizeof *j->items);
  if (j->type == JSON_OBJECT)
    j->keys = xrealloc (j->keys, (j->n + 1) * sizeof *j->keys);
  if (key)
    j->keys[j->n] = key;
  j->items[j->n++] = item;
  return 0;
}

static struct json *
parse_container (struct json_parser *jp, int depth, enum json_type t)
{
  char close = t == JSON_ARRAY ? ']' : '}';
  struct json *j = new_json (t);
  jp->p++;
  skip_space (jp);
  if (*jp->p == close)
    {
      jp->p++;
      return j;
    }
  for (;;)
    {
      char *key = NULL;
      skip_space (jp);
      if (t == JSON_OBJECT)
        {
          if (*jp->p != '"' || !(key = parse_string (jp)))
            {
              jp->err = jp->err ? jp->err : "expected a key";
              break;
            }
          skip_space (jp);
          if (*jp->p++ != ':')
            {
              free (key);
              jp->err = "expected ':'";
              break;
            }
        }
      struct json *item = parse_value (jp, depth + 1);
      if (!item)
        {
          free (key);
          break;
        }
      add_item (j, key, item);
      skip_space (jp);
      if (*jp->p == ',')
        {
          jp->p++;
          continue;
        }
      if (*jp->p == close)
        {
          jp->p++;
          return j;
        }
      jp->err = "expected ',' or a closing bracket";
      break;
    }
  json_free (j);
  return NULL;
}

static struct json *
parse_value (struct json_parser *jp, int depth)
{
  skip_space (jp);
  if (depth > 64)
    {
      jp->err = "nested too deeply";
      return NULL;
    }
  char c = *jp->p;
  if (c == '{')
    return parse_container (jp, depth, JSON_OBJECT);
  if (c == '[')
    return parse_container (jp, depth, JSON_ARRAY);
  if (c == '"')
    {
      char *s = parse_string (jp);
      if (!s)
        return NULL;
      struct json *j = new_json (JSON_STRING);
      j->str = s;
      return j;
    }
  const char *start = jp->p;
  while (*jp->p && strchr ("+-.0123456789eEtruefalsn", *jp->p))
    jp->p++;
  if (jp->p == start)
    {
      jp->err = "unexpected character";
      return NULL;
    }
  struct json *j = new_json (JSON_NUMBER);
  j->str = xstrndup (start, (size_t) (jp->p - start));
  if (strcmp (j->str, "null") == 0)
    j->type = JSON_NULL;
  else if (strcmp (j->str, "true") == 0 || strcmp (j->str, "false") == 0)
    j->type = JSON_BOOL;
  return j;
}

struct json *
json_parse (const char *text, const char **err)
{
  struct json_parser jp = { text, NULL };
  struct json *j = parse_value (&jp, 0);
  if (j)
    {
      skip_space (&jp);
      if (*jp.p)
        {
          json_free (j);
          j = NULL;
          jp.err = "trailing text";
        }
    }
  if (err)
    *err = jp.err;
  return j;
}

void
json_free (struct json *j)
{
  if (!j)
    return;
  for (size_t i = 0; i < j->n; i++)
    {
      json_free (j->items[i]);
      if (j->keys)
        free (j->keys[i]);
    }
  free (j->items);
  free (j->keys);
  free (j->str);
  free (j);
}

const struct json *
json_get (const struct json *obj, const char *key)
{
  if (!obj || obj->type != JSON_OBJECT)
    return NULL;
  for (size_t i = 0; i < obj->n; i++)
    if (strcmp (obj->keys[i], key) == 0)
      return obj->items[i];
  return NULL;
}

const char *
json_get_string (const struct json *obj, const char *key)
{
  const struct json *v = json_get (obj, key);
  return v && v->type == JSON_STRING ? v->str : NULL;
}
