/* tools/util/json-write.h -- JSON string literals appended to a buffer,
 * for the command log and compile_commands.json.
 */
#ifndef TRUN_TOOLS_UTIL_JSON_WRITE_H
#define TRUN_TOOLS_UTIL_JSON_WRITE_H

#include <stddef.h>

struct buf;

/* Append S as a JSON string literal.  */
void buf_json_string (struct buf *b, const char *s);
/* Append V[0..N) as a JSON array of strings.  */
void buf_json_strv (struct buf *b, char *const *v, size_t n);

#endif /* TRUN_TOOLS_UTIL_JSON_WRITE_H */
