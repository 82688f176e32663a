/* tools/util/run.c -- running commands and shell quoting (see run.h).  */
#define _GNU_SOURCE
#include "run.h"
#include "alloc.h"
#include "buf.h"
#include "strv.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

int
run_command (char *const *argv, char **out, int quiet_err)
{
  return run_command_in (NULL, argv, out, quiet_err);
}

int
run_command_in (const char *dir, char *const *argv, char **out, int quiet_err)
{
  int pipefd[2] = { -1, -1 };
  if (out && pipe (pipefd) != 0)
    return 127;
  fflush (NULL);
  pid_t pid = fork ();
  if (pid < 0)
    return 127;
  if (pid == 0)
    {
      if (out)
        {
          dup2 (pipefd[1], 1);
          close (pipefd[0]);
          close (pipefd[1]);
        }
      if (dir && chdir (dir) != 0)
        {
          fprintf (stderr, "trun: cannot enter %s: %s\n", dir, strerror (errno));
          _exit (127);
        }
      if (quiet_err)
        {
          int null = open ("/dev/null", O_WRONLY);
          if (null >= 0)
            dup2 (null, 2);
        }
      execvp (argv[0], argv);
      fprintf (stderr, "trun: cannot run %s: %s\n", argv[0], strerror (errno));
      _exit (127);
    }
  if (out)
    {
      struct buf b = { 0 };
      char chunk[65536];
      ssize_t got;
      close (pipefd[1]);
      buf_puts (&b, "");
      while ((got = read (pipefd[0], chunk, sizeof chunk)) != 0)
        {
          if (got < 0 && errno == EINTR)
            continue;
          if (got < 0)
            break;
          buf_add (&b, chunk, (size_t) got);
        }
      close (pipefd[0]);
      *out = b.s;
    }
  int status;
  while (waitpid (pid, &status, 0) < 0)
    if (errno != EINTR)
      return 127;
  if (WIFEXITED (status))
    return WEXITSTATUS (status);
  return 128 + WTERMSIG (status);
}

void
shell_split (struct strv *sv, const char *s)
{
  while (*s)
    {
      while (*s == ' ' || *s == '\t' || *s == '\n')
        s++;
      if (!*s)
        break;
      struct buf w = { 0 };
      buf_puts (&w, "");
      while (*s && *s != ' ' && *s != '\t' && *s != '\n')
        {
          if (*s == '\\' && s[1])
            {
              buf_add (&w, s + 1, 1);
              s += 2;
            }
          else if (*s == '\'')
            {
              const char *e = strchr (s + 1, '\'');
              if (!e)
                e = s + strlen (s);
              buf_add (&w, s + 1, (size_t) (e - s - 1));
              s = *e ? e + 1 : e;
            }
          else if (*s == '"')
            {
              s++;
              while (*s && *s != '"')
                {
                  if (*s == '\\' && s[1] && strchr ("\"\\$`", s[1]))
                    s++;
                  buf_add (&w, s, 1);
                  s++;
                }
              if (*s)
                s++;
            }
          else
            buf_add (&w, s++, 1);
        }
      strv_push_own (sv, w.s);
    }
}

char *
shell_quote (const char *arg)
{
  if (*arg && strspn (arg, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
                           "0123456789-_./=:,+@%") == strlen (arg))
    return xstrdup (arg);
  struct buf b = { 0 };
  buf_puts (&b, "'");
  for (const char *p = arg; *p; p++)
    if (*p == '\'')
      buf_puts (&b, "'\\''");
    else
      buf_add (&b, p, 1);
  buf_puts (&b, "'");
  return b.s;
}

void
print_command (FILE *f, const char *prefix, char *const *argv)
{
  fputs (prefix, f);
  for (size_t i = 0; argv[i]; i++)
    {
      char *q = shell_quote (argv[i]);
      fprintf (f, "%s%s", i ? " " : "", q);
      free (q);
    }
  fputc ('\n', f);
}
