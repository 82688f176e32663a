/* plugin/filter-file.h -- reading a filter file (filter-file.c), with
 * nothing of GCC in it, so it can be fuzzed on its own.
 */
#ifndef TRUN_FILTER_FILE_H
#define TRUN_FILTER_FILE_H

#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

#define TRUN_FILTER_MAX_BYTES ((size_t) 16 << 20) /* a whole file */
#define TRUN_FILTER_MAX_LINE 4095                 /* one line, without its end */

/* One rule: the three words of "include|exclude function|file REGEX",
   as they stand (the caller checks the first two).  */
struct trun_filter_rule
{
  int line;
  const char *action, *what, *regex;
};

struct trun_filter_file
{
  char *text; /* the file, split in place */
  struct trun_filter_rule *rules;
  size_t nrules;
  /* When reading or parsing failed: what, at which line (0: the file
     as a whole), and errno for a system error.  */
  const char *error;
  int error_line;
  int error_errno;
};

/* Read PATH: a regular file (never a directory, FIFO or device: opened
   without blocking, so /dev/zero or a FIFO cannot hang the compiler) of
   at most TRUN_FILTER_MAX_BYTES, then parse it.  0, or -1 with F->error
   set.  */
int trun_filter_file_read (const char *path, struct trun_filter_file *f);

/* Parse TEXT (LEN bytes, may hold NULs; modified in place and kept by
   F).  '#' starts a comment line; blank lines are ignored; a CR before
   the line end is dropped.  A NUL byte, a line longer than
   TRUN_FILTER_MAX_LINE or a line that is not three words is an error
   naming its line.  0 or -1.  */
int trun_filter_file_parse (char *text, size_t len, struct trun_filter_file *f);

void trun_filter_file_free (struct trun_filter_file *f);

#ifdef __cplusplus
}
#endif

#endif /* TRUN_FILTER_FILE_H */
