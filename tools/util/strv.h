/* tools/util/strv.h -- string tests and growable lists of strings.  */
#ifndef TRUN_TOOLS_UTIL_STRV_H
#define TRUN_TOOLS_UTIL_STRV_H

#include <stddef.h>

int starts_with (const char *s, const char *prefix);
int ends_with (const char *s, const char *suffix);

/* A NULL-terminated, growable list of owned strings.  */
struct strv
{
  char **v;
  size_t n, cap;
};
void strv_push (struct strv *sv, const char *s);
void strv_push_own (struct strv *sv, char *s);
void strv_extend (struct strv *sv, const struct strv *from);
/* Insert S before position POS (POS == n appends).  */
void strv_insert (struct strv *sv, size_t pos, const char *s);
int strv_contains (const struct strv *sv, const char *s);
void strv_free (struct strv *sv);
/* Split S at SEP into SV (empty pieces dropped).  */
void strv_split (struct strv *sv, const char *s, char sep);
/* Join with SEP into a new string.  */
char *strv_join (const struct strv *sv, const char *sep);

#endif /* TRUN_TOOLS_UTIL_STRV_H */
