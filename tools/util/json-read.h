/* tools/util/json-read.h -- the JSON subset a compilation database
 * needs: values are kept as a small tree.
 */
#ifndef TRUN_TOOLS_UTIL_JSON_READ_H
#define TRUN_TOOLS_UTIL_JSON_READ_H

#include <stddef.h>

enum json_type { JSON_NULL, JSON_BOOL, JSON_NUMBER, JSON_STRING, JSON_ARRAY, JSON_OBJECT };
struct json
{
  enum json_type type;
  char *str;             /* string value, or the number's text */
  struct json **items;   /* array elements or object values */
  char **keys;           /* object keys */
  size_t n;
};
/* Parse TEXT; NULL with *ERR set on malformed input.  */
struct json *json_parse (const char *text, const char **err);
void json_free (struct json *j);
const struct json *json_get (const struct json *obj, const char *key);
const char *json_get_string (const struct json *obj, const char *key);

#endif /* TRUN_TOOLS_UTIL_JSON_READ_H */
