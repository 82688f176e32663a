/* options.cc -- the plugin's arguments (-fplugin-arg-trun-KEY[=VALUE]),
 * the filter file (read here, parsed by filter-file.c) and the list
 * file.  Every mistake becomes an error() that names the argument, file
 * or line and what is accepted, so the compile fails cleanly; no file
 * given is read or opened in a way that can block.
 */
#include "trun-plugin.h"
#include "filter-file.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

struct trun_options trun_opts = { TRUN_MODE_TRACE, 1, 0, 0, 0, NULL,
                                  NULL, NULL, NULL, NULL };

static const char accepted_keys[]
    = "mode, include, exclude, file-include, file-exclude, min-statements, "
      "filter, omp, inline, verbose, list";

const char *
trun_mode_name (enum trun_mode mode)
{
  switch (mode)
    {
    case TRUN_MODE_REGION:
      return "region";
    case TRUN_MODE_COVERAGE:
      return "coverage";
    default:
      return "trace";
    }
}

/* Compile PATTERN and push it on *LIST; error() naming ORIGIN if bad.  */
static bool
add_rule (struct trun_rule **list, const char *pattern, const char *origin)
{
  struct trun_rule *rule = XCNEW (struct trun_rule);
  int rc = regcomp (&rule->re, pattern, REG_EXTENDED | REG_NOSUB);
  if (rc != 0)
    {
      char msg[256];
      regerror (rc, &rule->re, msg, sizeof msg);
      error ("trun: bad regular expression %qs in %s: %s "
             "(POSIX extended regular expressions are accepted)",
             pattern, origin, msg);
      free (rule);
      return false;
    }
  rule->pattern = xstrdup (pattern);
  rule->origin = xstrdup (origin);
  /* Append, so messages list rules in the order given.  */
  while (*list)
    list = &(*list)->next;
  *list = rule;
  return true;
}

static bool
need_value (const char *key, const char *value, const char *what)
{
  if (value && *value)
    return true;
  error ("trun: %<-fplugin-arg-trun-%s%> needs a value: %s", key, what);
  return false;
}

static bool
parse_yes_no (const char *key, const char *value, int *out)
{
  if (value && strcmp (value, "yes") == 0)
    *out = 1;
  else if (value && strcmp (value, "no") == 0)
    *out = 0;
  else
    {
      error ("trun: bad value %qs for %<-fplugin-arg-trun-%s%>; "
             "accepted: yes, no", value ? value : "", key);
      return false;
    }
  return true;
}

/* A non-negative decimal integer, or an error naming KEY.  */
static bool
parse_count (const char *key, const char *value, int *out)
{
  char *end;
  long n;
  if (!value || !*value)
    goto bad;
  errno = 0;
  n = strtol (value, &end, 10);
  if (*end != 0 || errno != 0 || n < 0 || n > 1000000000L)
    goto bad;
  *out = (int) n;
  return true;
bad:
  error ("trun: bad value %qs for %<-fplugin-arg-trun-%s%>; "
         "accepted: a non-negative integer", value ? value : "", key);
  return false;
}

static bool
parse_mode (const char *value)
{
  if (value && strcmp (value, "trace") == 0)
    trun_opts.mode = TRUN_MODE_TRACE;
  else if (value && strcmp (value, "region") == 0)
    trun_opts.mode = TRUN_MODE_REGION;
  else if (value && strcmp (value, "coverage") == 0)
    trun_opts.mode = TRUN_MODE_COVERAGE;
  else
    {
      error ("trun: bad value %qs for %<-fplugin-arg-trun-mode%>; "
             "accepted: trace, region, coverage", value ? value : "");
      return false;
    }
  return true;
}

static struct trun_rule **
rule_list (const char *action, const char *what)
{
  bool include = strcmp (action, "include") == 0;
  bool exclude = strcmp (action, "exclude") == 0;
  bool function = strcmp (what, "function") == 0;
  bool file = strcmp (what, "file") == 0;
  if (include && function)
    return &trun_opts.include_function;
  if (exclude && function)
    return &trun_opts.exclude_function;
  if (include && file)
    return &trun_opts.include_file;
  if (exclude && file)
    return &trun_opts.exclude_file;
  return NULL;
}

/* What a file of mode MODE is, for the messages refusing it.  */
static const char *
file_kind (mode_t mode)
{
  if (S_ISDIR (mode))
    return "a directory";
  if (S_ISFIFO (mode))
    return "a FIFO";
  if (S_ISCHR (mode))
    return "a character device";
  if (S_ISBLK (mode))
    return "a block device";
  if (S_ISSOCK (mode))
    return "a socket";
  return "not a regular file";
}

/* The filter file's text, at most TRUN_FILTER_MAX_SIZE bytes, into
   *TEXT (xmalloc'd) and *LEN; false after error() naming PATH.  Only a
   regular file is read, and it is opened without blocking: a FIFO, a
   device (/dev/zero) or a directory is refused, before it is opened
   when stat says so and again by fstat on what was opened.  */
static bool
read_whole_filter (const char *path, char **text, size_t *len)
{
  static const char arg[] = "-fplugin-arg-trun-filter";
  struct stat st;
  if (stat (path, &st) == 0 && !S_ISREG (st.st_mode))
    {
      error ("trun: filter file %qs given to %<%s%> is %s, not a regular "
             "file", path, arg, file_kind (st.st_mode));
      return false;
    }
  int fd = open (path, O_RDONLY | O_NONBLOCK | O_CLOEXEC | O_NOCTTY);
  if (fd < 0)
    {
      error ("trun: cannot read filter file %qs given to %<%s%>: %s", path,
             arg, xstrerror (errno));
      return false;
    }
  if (fstat (fd, &st) != 0 || !S_ISREG (st.st_mode))
    {
      error ("trun: filter file %qs given to %<%s%> is %s, not a regular "
             "file", path, arg, file_kind (st.st_mode));
      close (fd);
      return false;
    }
  if (st.st_size > TRUN_FILTER_MAX_SIZE)
    {
      error ("trun: filter file %qs given to %<%s%> is %lld bytes; a filter "
             "file holds at most %d bytes", path, arg,
             (long long) st.st_size, TRUN_FILTER_MAX_SIZE);
      close (fd);
      return false;
    }
  /* Read to the end, but never more than one byte over the limit: a
     file that grew (or one whose size stat does not know) is refused
     too.  The buffer starts at the size stat gave.  */
  size_t limit = (size_t) TRUN_FILTER_MAX_SIZE + 1;
  size_t cap = (size_t) st.st_size + 1, n = 0;
  char *buf = XNEWVEC (char, cap);
  for (;;)
    {
      if (n == cap)
        {
          if (cap >= limit)
            break;
          cap = cap * 2 < limit ? cap * 2 : limit;
          buf = XRESIZEVEC (char, buf, cap);
        }
      ssize_t got = read (fd, buf + n, cap - n);
      if (got < 0 && errno == EINTR)
        continue;
      if (got < 0)
        {
          error ("trun: cannot read filter file %qs given to %<%s%>: %s",
                 path, arg, xstrerror (errno));
          close (fd);
          free (buf);
          return false;
        }
      if (got == 0)
        break;
      n += (size_t) got;
    }
  close (fd);
  if (n > TRUN_FILTER_MAX_SIZE)
    {
      error ("trun: filter file %qs given to %<%s%> is more than %d bytes; "
             "a filter file holds at most %d bytes", path, arg,
             TRUN_FILTER_MAX_SIZE, TRUN_FILTER_MAX_SIZE);
      free (buf);
      return false;
    }
  *text = buf;
  *len = n;
  return true;
}

/* filter=FILE: its rules (filter-file.h gives the syntax), each
   compiled; every bad line is an error naming FILE:LINE, the first
   TRUN_FILTER_SHOWN of them shown.  */
#define TRUN_FILTER_SHOWN 20
static bool
read_filter_file (const char *path)
{
  char *text;
  size_t len;
  if (!read_whole_filter (path, &text, &len))
    return false;
  struct trun_filter_parsed parsed;
  int rc = trun_filter_parse (text, len, &parsed);
  free (text);
  if (rc != 0)
    {
      error ("trun: out of memory reading filter file %qs", path);
      return false;
    }
  bool ok = parsed.problems == 0;
  size_t shown = 0;
  for (size_t i = 0; i < parsed.n; i++)
    {
      const struct trun_filter_entry *e = &parsed.entries[i];
      char origin[PATH_MAX + 64];
      snprintf (origin, sizeof origin, "filter file %s:%u", path, e->line);
      if (e->problem == TRUN_FILTER_BAD_RULE)
        {
          if (shown++ < TRUN_FILTER_SHOWN)
            error ("trun: %s: bad rule; accepted: "
                   "%<include|exclude function|file REGEX%> or a %<#%> "
                   "comment", origin);
        }
      else if (e->problem != TRUN_FILTER_RULE)
        {
          if (shown++ < TRUN_FILTER_SHOWN)
            error ("trun: %s: %s", origin, trun_filter_problem_text (e->problem));
        }
      else
        ok &= add_rule (rule_list (e->include ? "include" : "exclude",
                                   e->file ? "file" : "function"),
                        e->regex, origin);
    }
  if (shown > TRUN_FILTER_SHOWN)
    error ("trun: filter file %qs: %lu more bad lines not shown", path,
           (unsigned long) (shown - TRUN_FILTER_SHOWN));
  trun_filter_free (&parsed);
  return ok;
}

/* list=FILE, opened for appending.  It may be a symbolic link (to a
   file the user keeps elsewhere); what it names must be a regular file,
   so a FIFO, a device or a directory is refused without blocking.  */
static bool
open_list_file (const char *path)
{
  static const char arg[] = "-fplugin-arg-trun-list";
  struct stat st;
  if (trun_opts.list)
    fclose (trun_opts.list);
  trun_opts.list = NULL;
  if (stat (path, &st) == 0 && !S_ISREG (st.st_mode))
    {
      error ("trun: %qs given to %<%s%> is %s, not a regular file", path,
             arg, file_kind (st.st_mode));
      return false;
    }
  int fd = open (path, O_WRONLY | O_APPEND | O_CREAT | O_NONBLOCK | O_CLOEXEC
                           | O_NOCTTY, 0666);
  if (fd < 0)
    {
      error ("trun: cannot open %qs given to %<%s%> for appending: %s", path,
             arg, xstrerror (errno));
      return false;
    }
  if (fstat (fd, &st) != 0 || !S_ISREG (st.st_mode))
    {
      error ("trun: %qs given to %<%s%> is %s, not a regular file", path, arg,
             file_kind (st.st_mode));
      close (fd);
      return false;
    }
  trun_opts.list = fdopen (fd, "a");
  if (!trun_opts.list)
    {
      error ("trun: cannot open %qs given to %<%s%> for appending: %s", path,
             arg, xstrerror (errno));
      close (fd);
      return false;
    }
  /* One write per line: parallel compiles appending to one list file
     then never interleave within a line.  */
  setvbuf (trun_opts.list, NULL, _IOLBF, 0);
  return true;
}

static bool
parse_one (const char *key, const char *value)
{
  char origin[512];
  if (strcmp (key, "mode") == 0)
    return parse_mode (value);
  if (strcmp (key, "include") == 0 || strcmp (key, "exclude") == 0
      || strcmp (key, "file-include") == 0 || strcmp (key, "file-exclude") == 0)
    {
      bool file = strncmp (key, "file-", 5) == 0;
      const char *action = file ? key + 5 : key;
      if (!need_value (key, value, "a POSIX extended regular expression"))
        return false;
      snprintf (origin, sizeof origin, "-fplugin-arg-trun-%s", key);
      return add_rule (rule_list (action, file ? "file" : "function"), value,
                       origin);
    }
  if (strcmp (key, "min-statements") == 0)
    return parse_count (key, value, &trun_opts.min_statements);
  if (strcmp (key, "filter") == 0)
    return need_value (key, value, "the path of a filter file")
           && read_filter_file (value);
  if (strcmp (key, "omp") == 0)
    return parse_yes_no (key, value, &trun_opts.omp);
  if (strcmp (key, "inline") == 0)
    return parse_yes_no (key, value, &trun_opts.inline_fns);
  if (strcmp (key, "verbose") == 0)
    {
      if (!value)
        {
          trun_opts.verbose = 1;
          return true;
        }
      return parse_count (key, value, &trun_opts.verbose);
    }
  if (strcmp (key, "list") == 0)
    return need_value (key, value, "a file name") && open_list_file (value);
  error ("trun: unknown argument %<-fplugin-arg-trun-%s%>; accepted: %s", key,
         accepted_keys);
  return false;
}

bool
trun_parse_arguments (int argc, struct plugin_argument *argv)
{
  bool ok = true;
  for (int i = 0; i < argc; i++)
    ok &= parse_one (argv[i].key, argv[i].value);
  return ok;
}

void
trun_close_options (void)
{
  if (trun_opts.list)
    fclose (trun_opts.list);
  trun_opts.list = NULL;
}
