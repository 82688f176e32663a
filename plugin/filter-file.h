/* filter-file.h -- the syntax of a filter file (plugin/README-filter.md),
 * apart from GCC: text in, rules or errors with their line numbers out.
 * options.cc reads the file, compiles the rules' regular expressions
 * and reports the errors; tests/fuzz/fuzz_filter.c feeds it anything.
 * Plain C, so that it builds without GCC's headers.
 */
#ifndef TRUN_FILTER_FILE_H
#define TRUN_FILTER_FILE_H

#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

/* The longest line, in bytes without its line end, and the biggest
   file (options.cc refuses bigger ones before parsing).  */
#define TRUN_FILTER_MAX_LINE 4096
#define TRUN_FILTER_MAX_SIZE (4 * 1024 * 1024)

enum trun_filter_problem
{
  TRUN_FILTER_RULE = 0, /* not a problem: the entry is a rule */
  TRUN_FILTER_NUL,      /* a NUL byte in the line */
  TRUN_FILTER_LONG,     /* longer than TRUN_FILTER_MAX_LINE bytes */
  TRUN_FILTER_BAD_RULE  /* not "include|exclude function|file REGEX" */
};

/* One rule, or one line that is none (PROBLEM nonzero).  */
struct trun_filter_entry
{
  unsigned line;                    /* 1-based */
  enum trun_filter_problem problem;
  int include;                      /* rule: include (1) or exclude (0) */
  int file;                         /* rule: file (1) or function (0) */
  char *regex;                      /* rule: NUL-terminated, malloc'd */
};

struct trun_filter_parsed
{
  struct trun_filter_entry *entries; /* in line order */
  size_t n;
  size_t problems; /* entries with PROBLEM nonzero */
};

/* Parse LEN bytes of TEXT (not NUL-terminated; it may hold NUL bytes).
   Lines end at LF; a CR before the LF (or before the end of the text)
   is part of the line end, so CRLF files read as LF files.  A UTF-8
   byte order mark at the start is ignored.  Blank lines and lines whose
   first non-blank byte is '#' are skipped; blanks are spaces and tabs.
   A rule is three words: "include" or "exclude", "function" or "file",
   and the rest of the line, trailing blanks removed, as the regular
   expression.  Returns 0, or -1 when out of memory (OUT is then empty).
   Free OUT with trun_filter_free.  */
int trun_filter_parse (const char *text, size_t len,
                       struct trun_filter_parsed *out);
void trun_filter_free (struct trun_filter_parsed *parsed);

/* A problem, in words: "NUL byte", "line longer than 4096 bytes", ...  */
const char *trun_filter_problem_text (enum trun_filter_problem problem);

#ifdef __cplusplus
}
#endif

#endif /* TRUN_FILTER_FILE_H */
