/* filter-file.c -- the filter file's lines into rules (filter-file.h).
 *
 * The steps, as numbered in trun_filter_parse and parse_line:
 *
 *   1. a byte order mark at the start is skipped;
 *   2. the text is cut at each LF, a CR before it dropped;
 *   3. a line with a NUL byte, or longer than TRUN_FILTER_MAX_LINE, is a
 *      problem whatever else it holds: never cut short;
 *   4. blank and comment lines are skipped;
 *   5. the three words of a rule, the regex being the rest of the line.
 */
#include "filter-file.h"

#include <stdlib.h>
#include <string.h>

#define STR_(x) #x
#define STR(x) STR_ (x)

const char *
trun_filter_problem_text (enum trun_filter_problem problem)
{
  switch (problem)
    {
    case TRUN_FILTER_RULE:
      return "a rule";
    case TRUN_FILTER_NUL:
      return "NUL byte";
    case TRUN_FILTER_LONG:
      return "line longer than " STR (TRUN_FILTER_MAX_LINE) " bytes";
    case TRUN_FILTER_BAD_RULE:
      break;
    }
  return "bad rule; accepted: 'include|exclude function|file REGEX' or a "
         "'#' comment";
}

static int
blank (char c)
{
  return c == ' ' || c == '\t';
}

/* The word at P (up to END) equals WORD.  */
static int
word_is (const char *p, const char *end, const char *word)
{
  size_t n = strlen (word);
  return (size_t) (end - p) == n && memcmp (p, word, n) == 0;
}

/* Room for one more entry.  */
static struct trun_filter_entry *
new_entry (struct trun_filter_parsed *out, size_t *cap, unsigned line)
{
  if (out->n == *cap)
    {
      size_t ncap = *cap ? *cap * 2 : 16;
      struct trun_filter_entry *ne
          = realloc (out->entries, ncap * sizeof *ne);
      if (!ne)
        return NULL;
      out->entries = ne;
      *cap = ncap;
    }
  struct trun_filter_entry *e = &out->entries[out->n++];
  memset (e, 0, sizeof *e);
  e->line = line;
  return e;
}

/* 3.-5. One line, P to END (line end removed); 0, or -1 when out of
   memory.  */
static int
parse_line (const char *p, const char *end, unsigned line,
            struct trun_filter_parsed *out, size_t *cap)
{
  enum trun_filter_problem problem = TRUN_FILTER_RULE;

  /* 3. Problems of the line as a whole.  */
  if (memchr (p, '\0', (size_t) (end - p)))
    problem = TRUN_FILTER_NUL;
  else if (end - p > TRUN_FILTER_MAX_LINE)
    problem = TRUN_FILTER_LONG;

  if (problem == TRUN_FILTER_RULE)
    {
      /* 4. Blank or comment.  */
      while (p < end && blank (*p))
        p++;
      if (p == end || *p == '#')
        return 0;

      /* 5. "include|exclude function|file REGEX".  */
      const char *w1 = p;
      while (p < end && !blank (*p))
        p++;
      const char *w1e = p;
      while (p < end && blank (*p))
        p++;
      const char *w2 = p;
      while (p < end && !blank (*p))
        p++;
      const char *w2e = p;
      while (p < end && blank (*p))
        p++;
      const char *re = p;
      const char *ree = end;
      while (ree > re && blank (ree[-1]))
        ree--;
      int include = word_is (w1, w1e, "include");
      int exclude = word_is (w1, w1e, "exclude");
      int function = word_is (w2, w2e, "function");
      int file = word_is (w2, w2e, "file");
      if ((include || exclude) && (function || file) && ree > re)
        {
          struct trun_filter_entry *e = new_entry (out, cap, line);
          if (!e)
            return -1;
          e->include = include;
          e->file = file;
          e->regex = malloc ((size_t) (ree - re) + 1);
          if (!e->regex)
            {
              out->n--;
              return -1;
            }
          memcpy (e->regex, re, (size_t) (ree - re));
          e->regex[ree - re] = '\0';
          return 0;
        }
      problem = TRUN_FILTER_BAD_RULE;
    }

  struct trun_filter_entry *e = new_entry (out, cap, line);
  if (!e)
    return -1;
  e->problem = problem;
  out->problems++;
  return 0;
}

int
trun_filter_parse (const char *text, size_t len,
                   struct trun_filter_parsed *out)
{
  const char *p = text, *end = text + len;
  size_t cap = 0;
  unsigned line = 0;
  memset (out, 0, sizeof *out);

  /* 1. A UTF-8 byte order mark.  */
  if (len >= 3 && memcmp (p, "\xef\xbb\xbf", 3) == 0)
    p += 3;

  /* 2. Line by line; a last line without LF counts.  */
  while (p < end)
    {
      const char *nl = memchr (p, '\n', (size_t) (end - p));
      const char *le = nl ? nl : end;
      const char *next = nl ? nl + 1 : end;
      if (le > p && le[-1] == '\r')
        le--;
      if (line < ~0u)
        line++;
      if (parse_line (p, le, line, out, &cap) != 0)
        {
          trun_filter_free (out);
          return -1;
        }
      p = next;
    }
  return 0;
}

void
trun_filter_free (struct trun_filter_parsed *parsed)
{
  for (size_t i = 0; i < parsed->n; i++)
    free (parsed->entries[i].regex);
  free (parsed->entries);
  memset (parsed, 0, sizeof *parsed);
}
