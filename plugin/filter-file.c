/* plugin/filter-file.c -- read and split a filter file:
 *
 *     # a comment
 *     include function ^solver_
 *     exclude file     /third_party/
 *
 * Checks everything that can go wrong before a rule is compiled: what
 * the path is (a regular file, opened without blocking), its size, NUL
 * bytes, line lengths.  Nothing is ever cut silently.
 */
#define _GNU_SOURCE
#include "filter-file.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static int
fail (struct trun_filter_file *f, const char *what, int line, int err)
{
  f->error = what;
  f->error_line = line;
  f->error_errno = err;
  return -1;
}

static const char *
kind_of (mode_t m)
{
  if (S_ISDIR (m))
    return "is a directory, not a filter file";
  if (S_ISFIFO (m))
    return "is a FIFO, not a filter file";
  if (S_ISCHR (m) || S_ISBLK (m))
    return "is a device, not a filter file";
  if (S_ISSOCK (m))
    return "is a socket, not a filter file";
  return "is not a regular file";
}

int
trun_filter_file_read (const char *path, struct trun_filter_file *f)
{
  memset (f, 0, sizeof *f);
  int fd = open (path, O_RDONLY | O_NONBLOCK | O_CLOEXEC | O_NOCTTY);
  if (fd < 0)
    return fail (f, "cannot be opened", 0, errno);
  struct stat st;
  if (fstat (fd, &st) != 0)
    {
      int e = errno;
      close (fd);
      return fail (f, "cannot be read", 0, e);
    }
  if (!S_ISREG (st.st_mode))
    {
      close (fd);
      return fail (f, kind_of (st.st_mode), 0, 0);
    }
  if ((size_t) st.st_size > TRUN_FILTER_MAX_BYTES)
    {
      close (fd);
      return fail (f, "is larger than 16 MiB", 0, 0);
    }
  size_t size = (size_t) st.st_size;
  char *text = malloc (size + 1);
  if (!text)
    {
      close (fd);
      return fail (f, "cannot be read", 0, ENOMEM);
    }
  size_t got = 0;
  while (got < size)
    {
      ssize_t r = read (fd, text + got, size - got);
      if (r < 0 && errno == EINTR)
        continue;
      if (r <= 0)
        break; /* shorter than it said: what was read counts */
      got += (size_t) r;
    }
  close (fd);
  return trun_filter_file_parse (text, got, f);
}

/* Split LINE in place into at most 3 words; the third is the rest of the
   line, its trailing blanks trimmed.  */
static int
split (char *line, char **words)
{
  int n = 0;
  char *p = line;
  while (n < 3)
    {
      while (*p == ' ' || *p == '\t')
        p++;
      if (*p == 0)
        break;
      words[n++] = p;
      if (n == 3)
        break;
      while (*p && *p != ' ' && *p != '\t')
        p++;
      if (*p)
        *p++ = 0;
    }
  if (n == 3)
    {
      char *e = words[2] + strlen (words[2]);
      while (e > words[2] && (e[-1] == ' ' || e[-1] == '\t'))
        *--e = 0;
    }
  return n;
}

int
trun_filter_file_parse (char *text, size_t len, struct trun_filter_file *f)
{
  memset (f, 0, sizeof *f);
  f->text = text;
  text[len] = '\0';
  size_t cap = 0;
  int line = 0;
  for (size_t at = 0; at < len;)
    {
      line++;
      char *start = text + at;
      char *nl = memchr (start, '\n', len - at);
      size_t n = nl ? (size_t) (nl - start) : len - at;
      at += n + (nl ? 1 : 0);
      if (memchr (start, '\0', n))
        return fail (f, "holds a NUL byte", line, 0);
      if (n > 0 && start[n - 1] == '\r')
        n--;
      if (n > TRUN_FILTER_MAX_LINE)
        return fail (f, "line is longer than 4095 bytes", line, 0);
      start[n] = '\0';
      char *words[3];
      int k = split (start, words);
      if (k == 0 || words[0][0] == '#')
        continue;
      if (k != 3)
        return fail (f, "bad rule", line, 0);
      if (f->nrules == cap)
        {
          cap = cap ? cap * 2 : 16;
          struct trun_filter_rule *r = realloc (f->rules, cap * sizeof *r);
          if (!r)
            return fail (f, "cannot be read", line, ENOMEM);
          f->rules = r;
        }
      f->rules[f->nrules++]
          = (struct trun_filter_rule){ line, words[0], words[1], words[2] };
    }
  return 0;
}

void
trun_filter_file_free (struct trun_filter_file *f)
{
  free (f->text);
  free (f->rules);
  memset (f, 0, sizeof *f);
}
