/* options.cc -- the plugin's arguments (-fplugin-arg-trun-KEY[=VALUE])
 * and the filter file.  Every mistake becomes an error() that names the
 * argument and what it accepts, so the compile fails cleanly.
 */
#include "trun-plugin.h"
#include "filter-file.h"

#include <errno.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>
#include <stdlib.h>
#include <string.h>

/* inline=auto's threshold for a function declared inline without a
   loop or an OpenMP construct: see the README for the measurements
   behind it.  */
#define INLINE_MIN_STATEMENTS_DEFAULT 128

struct trun_options trun_opts = { TRUN_MODE_TRACE, 1, -1,
                                  INLINE_MIN_STATEMENTS_DEFAULT, 0, 0, 0, NULL,
                                  NULL, 0, -1, { 0 }, NULL, NULL, NULL, NULL };

static const char accepted_keys[]
    = "mode, include, exclude, file-include, file-exclude, min-statements, "
      "leaf-min-statements, filter, omp, inline, inline-min-statements, "
      "verbose, list, available, label, skip-counts";

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

/* filter=FILE: lines "include|exclude function|file REGEX"; '#' starts a
   comment line; blank lines are ignored (filter-file.c reads and splits;
   here the rules are checked and compiled).  */
static bool
read_filter_file (const char *path)
{
  struct trun_filter_file ff;
  if (trun_filter_file_read (path, &ff) != 0)
    {
      if (ff.error_line)
        error ("trun: filter file %s:%d given to "
               "%<-fplugin-arg-trun-filter%>: %s%s", path, ff.error_line,
               ff.error,
               strcmp (ff.error, "bad rule") == 0
                   ? "; accepted: include|exclude function|file REGEX, or "
                     "a # comment"
                   : "");
      else if (ff.error_errno)
        error ("trun: cannot read filter file %qs given to "
               "%<-fplugin-arg-trun-filter%>: %s", path,
               xstrerror (ff.error_errno));
      else
        error ("trun: filter file %qs given to %<-fplugin-arg-trun-filter%> "
               "%s", path, ff.error);
      trun_filter_file_free (&ff);
      return false;
    }
  bool ok = true;
  for (size_t i = 0; i < ff.nrules; i++)
    {
      const struct trun_filter_rule *r = &ff.rules[i];
      char origin[4200];
      snprintf (origin, sizeof origin, "filter file %s:%d", path, r->line);
      struct trun_rule **list = rule_list (r->action, r->what);
      if (!list)
        {
          error ("trun: %s: bad rule; accepted: "
                 "%<include|exclude function|file REGEX%> or a %<#%> comment",
                 origin);
          ok = false;
          continue;
        }
      ok &= add_rule (list, r->regex, origin);
    }
  trun_filter_file_free (&ff);
  return ok;
}

/* PATH opened for appending by KEY's argument: a regular file (or a
   link to one), never blocking on a FIFO with no reader; its
   descriptor, or -1 after error().  */
static int
open_append (const char *key, const char *path)
{
  int fd = open (path, O_WRONLY | O_APPEND | O_CREAT | O_NONBLOCK | O_CLOEXEC
                           | O_NOCTTY, 0666);
  struct stat st;
  if (fd >= 0 && fstat (fd, &st) == 0 && !S_ISREG (st.st_mode))
    {
      close (fd);
      error ("trun: %qs given to %<-fplugin-arg-trun-%s%> is not a "
             "regular file", path, key);
      return -1;
    }
  if (fd < 0)
    {
      error ("trun: cannot open %qs given to %<-fplugin-arg-trun-%s%> "
             "for appending: %s", path, key, xstrerror (errno));
      return -1;
    }
  fcntl (fd, F_SETFL, O_WRONLY | O_APPEND);
  return fd;
}

/* list=FILE or available=FILE (KEY), opened into *F for appending.  */
static bool
open_list_file (const char *key, const char *path, FILE **f)
{
  if (*f)
    fclose (*f);
  *f = NULL;
  int fd = open_append (key, path);
  if (fd < 0)
    return false;
  *f = fdopen (fd, "a");
  if (!*f)
    {
      error ("trun: cannot open %qs given to %<-fplugin-arg-trun-%s%> "
             "for appending: %s", path, key, xstrerror (errno));
      close (fd);
      return false;
    }
  /* One write per line: parallel compiles appending to one list file
     then never interleave within a line.  */
  setvbuf (*f, NULL, _IOLBF, 0);
  return true;
}

/* label=file,line,return,args (any of them, comma-separated).  */
static bool
parse_labels (const char *value)
{
  static const char *const names[] = { "file", "line", "return", "args" };
  if (!need_value ("label", value, "a list of file, line, return, args"))
    return false;
  trun_opts.labels = 0;
  for (const char *p = value; *p;)
    {
      size_t len = strcspn (p, ",");
      int k = 0;
      while (k < 4 && !(strlen (names[k]) == len && strncmp (p, names[k], len) == 0))
        k++;
      if (k == 4)
        {
          error ("trun: bad value %qs for %<-fplugin-arg-trun-label%>; "
                 "accepted: %s", value, "file, line, return, args, separated by commas");
          return false;
        }
      trun_opts.labels |= 1 << k;
      p += len + (p[len] == ',');
    }
  return true;
}

static bool
open_skip_counts (const char *path)
{
  if (trun_opts.skip_counts >= 0)
    close (trun_opts.skip_counts);
  trun_opts.skip_counts = open_append ("skip-counts", path);
  return trun_opts.skip_counts >= 0;
}

static bool
parse_inline (const char *value)
{
  if (value && strcmp (value, "auto") == 0)
    {
      trun_opts.inline_fns = -1;
      return true;
    }
  if (value && (strcmp (value, "yes") == 0 || strcmp (value, "no") == 0))
    return parse_yes_no ("inline", value, &trun_opts.inline_fns);
  error ("trun: bad value %qs for %<-fplugin-arg-trun-inline%>; "
         "accepted: auto, yes, no", value ? value : "");
  return false;
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
  if (strcmp (key, "leaf-min-statements") == 0)
    return parse_count (key, value, &trun_opts.leaf_min_statements);
  if (strcmp (key, "filter") == 0)
    return need_value (key, value, "the path of a filter file")
           && read_filter_file (value);
  if (strcmp (key, "omp") == 0)
    return parse_yes_no (key, value, &trun_opts.omp);
  if (strcmp (key, "inline") == 0)
    return parse_inline (value);
  if (strcmp (key, "inline-min-statements") == 0)
    return parse_count (key, value, &trun_opts.inline_min_statements);
  if (strcmp (key, "skip-counts") == 0)
    return need_value (key, value, "a file name") && open_skip_counts (value);
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
    return need_value (key, value, "a file name")
           && open_list_file (key, value, &trun_opts.list);
  if (strcmp (key, "available") == 0)
    return need_value (key, value, "a file name")
           && open_list_file (key, value, &trun_opts.available);
  if (strcmp (key, "label") == 0)
    return parse_labels (value);
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

/* One line for the unit: "UNIT\tKIND=N\tKIND=N...\n" (kinds with a
   count only; a control byte in the unit's name becomes '?'), appended
   with one write, so parallel compiles never interleave within it.  */
static void
write_skip_counts (void)
{
  char line[8192];
  const char *unit = main_input_filename ? main_input_filename : "";
  size_t n = 0;
  for (; *unit && n < 4096; unit++)
    line[n++] = (unsigned char) *unit < 0x20 ? '?' : *unit;
  for (int k = TRUN_SKIP_NONE + 1; k < TRUN_SKIP_KINDS; k++)
    if (trun_opts.skipped[k])
      n += snprintf (line + n, sizeof line - n, "\t%s=%d",
                     trun_skip_kind_name ((enum trun_skip_kind) k),
                     trun_opts.skipped[k]);
  line[n++] = '\n';
  if (write (trun_opts.skip_counts, line, n) != (ssize_t) n)
    warning (0, "trun: cannot append to the file given to "
                "%<-fplugin-arg-trun-skip-counts%>: %s", xstrerror (errno));
}

void
trun_close_options (void)
{
  if (trun_opts.list)
    fclose (trun_opts.list);
  trun_opts.list = NULL;
  if (trun_opts.available)
    fclose (trun_opts.available);
  trun_opts.available = NULL;
  if (trun_opts.skip_counts >= 0)
    {
      if (!seen_error ())
        write_skip_counts ();
      close (trun_opts.skip_counts);
    }
  trun_opts.skip_counts = -1;
}
