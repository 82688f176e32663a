/* tools/util/alloc.h -- allocation that never returns NULL: out of memory
 * ends the program (status 70).
 */
#ifndef TRUN_TOOLS_UTIL_ALLOC_H
#define TRUN_TOOLS_UTIL_ALLOC_H

#include <stdarg.h>
#include <stddef.h>

void *xmalloc (size_t n);
void *xrealloc (void *p, size_t n);
char *xstrdup (const char *s);
char *xstrndup (const char *s, size_t n);
char *xasprintf (const char *fmt, ...) __attribute__ ((format (printf, 1, 2)));
char *xvasprintf (const char *fmt, va_list ap) __attribute__ ((format (printf, 1, 0)));

#endif /* TRUN_TOOLS_UTIL_ALLOC_H */
