/* tools/util/run.h -- running commands, and shell quoting for the
 * commands printed and the "command" strings of compilation databases.
 */
#ifndef TRUN_TOOLS_UTIL_RUN_H
#define TRUN_TOOLS_UTIL_RUN_H

#include <stdio.h>

struct strv;

/* Run ARGV and wait; returns the exit status (128+signal when killed, 127
   when it could not start).  With OUT non-NULL, stdout is captured into
   *OUT; with QUIET_ERR, stderr is discarded.  */
int run_command (char *const *argv, char **out, int quiet_err);
/* The same, run in directory DIR (NULL: the current one).  */
int run_command_in (const char *dir, char *const *argv, char **out, int quiet_err);

/* Shell-style split of a compile_commands.json "command" string.  */
void shell_split (struct strv *sv, const char *cmd);
/* ARG quoted for a shell, for printing commands.  */
char *shell_quote (const char *arg);
void print_command (FILE *f, const char *prefix, char *const *argv);

#endif /* TRUN_TOOLS_UTIL_RUN_H */
