/* tools/trun/main.c -- the `trun' command: read a report directory (or
 * its trun.json) after a run and answer questions from it.  One
 * subcommand per file: report.c, diff.c, write.c (convert, merge).  Every
 * error is one message naming what was wrong and exit status 2.
 */
#include "trun.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "config.h"

void
tool_error (const char *fmt, ...)
{
  va_list ap;
  va_start (ap, fmt);
  fputs ("trun: ", stderr);
  vfprintf (stderr, fmt, ap);
  fputc ('\n', stderr);
  va_end (ap);
}

static const char usage_text[] =
    "Usage: trun COMMAND [OPTIONS] ARGS...\n"
    "Read trun's reports (a report directory, or its trun.json or mpi.json).\n"
    "\n"
    "  report DIR        the top call paths or functions, or the call tree\n"
    "  diff A B          two profiles side by side, largest change first\n"
    "  convert DIR --to=FORMAT\n"
    "                    other formats of a report, by the runtime's writers\n"
    "  merge DIR... -o OUT\n"
    "                    several runs or ranks folded into one profile\n"
    "\n"
    "`trun COMMAND --help' describes each; `man trun' all of them.\n"
    "Errors (no report, another schema version, a truncated file): one\n"
    "message, exit status 2.\n";

int
main (int argc, char **argv)
{
  if (argc < 2)
    {
      fputs (usage_text, stderr);
      return TRUN_EXIT_ERROR;
    }
  const char *cmd = argv[1];
  if (strcmp (cmd, "-h") == 0 || strcmp (cmd, "--help") == 0
      || strcmp (cmd, "help") == 0)
    {
      fputs (usage_text, stdout);
      return 0;
    }
  if (strcmp (cmd, "--version") == 0)
    {
      printf ("trun %s\n", PACKAGE_VERSION);
      return 0;
    }
  static const struct
  {
    const char *name;
    int (*fn) (int, char **);
  } cmds[] = { { "report", cmd_report },
               { "diff", cmd_diff },
               { "convert", cmd_convert },
               { "merge", cmd_merge } };
  for (size_t i = 0; i < sizeof cmds / sizeof cmds[0]; i++)
    if (strcmp (cmd, cmds[i].name) == 0)
      return cmds[i].fn (argc - 1, argv + 1);
  tool_error ("no command \"%s\" (report, diff, convert, merge; --help)", cmd);
  return TRUN_EXIT_ERROR;
}
