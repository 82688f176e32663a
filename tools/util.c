/* tools/util.c -- helpers shared by timemory-run and trun-cc (see util.h).  */
#define _GNU_SOURCE
#include "util.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

/* ------------------------------------------------------------------ */
/* Memory                                                             */

static void
out_of_memory (void)
{
  fputs ("trun: out of memory\n", stderr);
  exit (70);
}

void *
xmalloc (size_t n)
{
  void *p = malloc (n ? n : 1);
  if (!p)
    out_of_memory ();
  return p;
}

void *
xrealloc (void *p, size_t n)
{
  p = realloc (p, n ? n : 1);
  if (!p)
    out_of_memory ();
  return p;
}

char *
xstrdup (const char *s)
{
  return xstrndup (s, strlen (s));
}

char *
xstrndup (const char *s, size_t n)
{
  char *d = xmalloc (n + 1);
  memcpy (d, s, n);
  d[n] = 0;
  return d;
}

char *
xasprintf (const char *fmt, ...)
{
  va_list ap;
  char *s;
  va_start (ap, fmt);
  if (vasprintf (&s, fmt, ap) < 0)
    out_of_memory ();
  va_end (ap);
  return s;
}

/* ------------------------------------------------------------------ */
/* String lists                                                       */

void
strv_push_own (struct strv *sv, char *s)
{
  if (sv->n + 2 > sv->cap)
    {
      sv->cap = sv->cap ? sv->cap * 2 : 16;
      sv->v = xrealloc (sv->v, sv->cap * sizeof *sv->v);
    }
  sv->v[sv->n++] = s;
  sv->v[sv->n] = NULL;
}

void
strv_push (struct strv *sv, const char *s)
{
  strv_push_own (sv, xstrdup (s));
}

void
strv_extend (struct strv *sv, const struct strv *from)
{
  for (size_t i = 0; i < from->n; i++)
    strv_push (sv, from->v[i]);
}

void
strv_insert (struct strv *sv, size_t pos, const char *s)
{
  strv_push (sv, s);
  char *moved = sv->v[sv->n - 1];
  memmove (sv->v + pos + 1, sv->v + pos, (sv->n - 1 - pos) * sizeof *sv->v);
  sv->v[pos] = moved;
}

int
strv_contains (const struct strv *sv, const char *s)
{
  for (size_t i = 0; i < sv->n; i++)
    if (strcmp (sv->v[i], s) == 0)
      return 1;
  return 0;
}

void
strv_free (struct strv *sv)
{
  for (size_t i = 0; i < sv->n; i++)
    free (sv->v[i]);
  free (sv->v);
  sv->v = NULL;
  sv->n = sv->cap = 0;
}

void
strv_split (struct strv *sv, const char *s, char sep)
{
  while (s && *s)
    {
      const char *e = strchr (s, sep);
      size_t len = e ? (size_t) (e - s) : strlen (s);
      if (len)
        strv_push_own (sv, xstrndup (s, len));
      s = e ? e + 1 : NULL;
    }
}

char *
strv_join (const struct strv *sv, const char *sep)
{
  struct buf b = { 0 };
  buf_puts (&b, "");
  for (size_t i = 0; i < sv->n; i++)
    {
      if (i)
        buf_puts (&b, sep);
      buf_puts (&b, sv->v[i]);
    }
  return b.s;
}

/* ------------------------------------------------------------------ */
/* Paths and files                                                    */

int
starts_with (const char *s, const char *prefix)
{
  return strncmp (s, prefix, strlen (prefix)) == 0;
}

int
ends_with (const char *s, const char *suffix)
{
  size_t a = strlen (s), b = strlen (suffix);
  return a >= b && strcmp (s + a - b, suffix) == 0;
}

const char *
base_name (const char *path)
{
  const char *slash = strrchr (path, '/');
  return slash ? slash + 1 : path;
}

char *
dir_name (const char *path)
{
  const char *slash = strrchr (path, '/');
  if (!slash)
    return xstrdup (".");
  if (slash == path)
    return xstrdup ("/");
  return xstrndup (path, (size_t) (slash - path));
}

char *
path_join (const char *dir, const char *name)
{
  if (name[0] == '/' || !dir || !*dir)
    return xstrdup (name);
  return xasprintf ("%s%s%s", dir, ends_with (dir, "/") ? "" : "/", name);
}

char *
current_dir (void)
{
  char *d = getcwd (NULL, 0);
  if (!d)
    {
      const char *pwd = getenv ("PWD");
      return xstrdup (pwd ? pwd : "/");
    }
  return d;
}

char *
path_absolute (const char *dir, const char *path)
{
  char *cwd = NULL;
  if (!dir)
    dir = cwd = current_dir ();
  char *joined = path_join (dir, path);
  free (cwd);
  /* Normalise in place: split on '/', drop "." and resolve "..".  */
  struct strv parts = { 0 };
  strv_split (&parts, joined, '/');
  size_t keep = 0;
  for (size_t i = 0; i < parts.n; i++)
    {
      if (strcmp (parts.v[i], ".") == 0)
        free (parts.v[i]);
      else if (strcmp (parts.v[i], "..") == 0)
        {
          free (parts.v[i]);
          if (keep)
            free (parts.v[--keep]);
        }
      else
        parts.v[keep++] = parts.v[i];
    }
  parts.n = keep;
  struct buf b = { 0 };
  buf_puts (&b, "");
  for (size_t i = 0; i < parts.n; i++)
    {
      buf_puts (&b, "/");
      buf_puts (&b, parts.v[i]);
    }
  if (!parts.n)
    buf_puts (&b, "/");
  strv_free (&parts);
  free (joined);
  return b.s;
}

char *
path_canonical (const char *dir, const char *path)
{
  char *abs = path_absolute (dir, path);
  char *real = realpath (abs, NULL);
  if (real)
    {
      free (abs);
      return real;
    }
  return abs;
}

int
is_file (const char *path)
{
  struct stat st;
  return stat (path, &st) == 0 && S_ISREG (st.st_mode);
}

int
is_dir (const char *path)
{
  struct stat st;
  return stat (path, &st) == 0 && S_ISDIR (st.st_mode);
}

int
is_executable (const char *path)
{
  return is_file (path) && access (path, X_OK) == 0;
}

int
same_file (const char *a, const char *b)
{
  struct stat sa, sb;
  if (!a || !b || stat (a, &sa) != 0 || stat (b, &sb) != 0)
    return 0;
  return sa.st_dev == sb.st_dev && sa.st_ino == sb.st_ino;
}

int
mkdir_p (const char *path)
{
  char *p = xstrdup (path);
  for (char *s = p + 1; *s; s++)
    if (*s == '/')
      {
        *s = 0;
        if (mkdir (p, 0777) != 0 && errno != EEXIST)
          {
            free (p);
            return -1;
          }
        *s = '/';
      }
  int rc = mkdir (p, 0777) != 0 && errno != EEXIST ? -1 : 0;
  free (p);
  return rc;
}

int
remove_tree (const char *path)
{
  struct stat st;
  if (lstat (path, &st) != 0)
    return 0;
  if (S_ISDIR (st.st_mode))
    {
      DIR *d = opendir (path);
      struct dirent *e;
      while (d && (e = readdir (d)))
        {
          if (strcmp (e->d_name, ".") == 0 || strcmp (e->d_name, "..") == 0)
            continue;
          char *child = path_join (path, e->d_name);
          remove_tree (child);
          free (child);
        }
      if (d)
        closedir (d);
      return rmdir (path);
    }
  return unlink (path);
}

char *
self_exe (void)
{
  char *p = realpath ("/proc/self/exe", NULL);
  return p ? p : NULL;
}

char *
find_in_path (const char *name, const char *skip_dir, const char *skip_file)
{
  if (strchr (name, '/'))
    return is_executable (name) ? xstrdup (name) : NULL;
  const char *path = getenv ("PATH");
  struct strv dirs = { 0 };
  strv_split (&dirs, path ? path : "/usr/local/bin:/usr/bin:/bin", ':');
  char *found = NULL;
  for (size_t i = 0; i < dirs.n && !found; i++)
    {
      if (skip_dir && same_file (dirs.v[i], skip_dir))
        continue;
      char *cand = path_join (dirs.v[i], name);
      if (is_executable (cand) && !(skip_file && same_file (cand, skip_file)))
        found = cand;
      else
        free (cand);
    }
  strv_free (&dirs);
  return found;
}

char *
read_file_text (const char *path, size_t *len)
{
  FILE *f = fopen (path, "rb");
  if (!f)
    return NULL;
  struct buf b = { 0 };
  char chunk[65536];
  size_t got;
  buf_puts (&b, "");
  while ((got = fread (chunk, 1, sizeof chunk, f)) > 0)
    buf_add (&b, chunk, got);
  fclose (f);
  if (len)
    *len = b.n;
  return b.s;
}

int
write_file_text (const char *path, const char *text)
{
  FILE *f = fopen (path, "w");
  if (!f)
    return -1;
  int ok = fputs (text, f) >= 0;
  return fclose (f) == 0 && ok ? 0 : -1;
}

/* ------------------------------------------------------------------ */
/* Running commands                                                   */

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

/* ------------------------------------------------------------------ */
/* Buffers and JSON output                                            */

void
buf_add (struct buf *b, const char *s, size_t n)
{
  if (b->n + n + 1 > b->cap)
    {
      b->cap = (b->n + n + 1) * 2;
      b->s = xrealloc (b->s, b->cap);
    }
  memcpy (b->s + b->n, s, n);
  b->n += n;
  b->s[b->n] = 0;
}

void
buf_puts (struct buf *b, const char *s)
{
  buf_add (b, s, strlen (s));
}

void
buf_printf (struct buf *b, const char *fmt, ...)
{
  va_list ap;
  char *s;
  va_start (ap, fmt);
  if (vasprintf (&s, fmt, ap) < 0)
    out_of_memory ();
  va_end (ap);
  buf_puts (b, s);
  free (s);
}

void
buf_json_string (struct buf *b, const char *s)
{
  buf_puts (b, "\"");
  for (const unsigned char *p = (const unsigned char *) s; *p; p++)
    {
      if (*p == '"' || *p == '\\')
        {
          char esc[2] = { '\\', (char) *p };
          buf_add (b, esc, 2);
        }
      else if (*p < 0x20)
        buf_printf (b, "\\u%04x", *p);
      else
        buf_add (b, (const char *) p, 1);
    }
  buf_puts (b, "\"");
}

void
buf_json_strv (struct buf *b, char *const *v, size_t n)
{
  buf_puts (b, "[");
  for (size_t i = 0; i < n; i++)
    {
      if (i)
        buf_puts (b, ", ");
      buf_json_string (b, v[i]);
    }
  buf_puts (b, "]");
}

/* ------------------------------------------------------------------ */
/* JSON input                                                         */

struct json_parser
{
  const char *p;
  const char *err;
};

static void
skip_space (struct json_parser *jp)
{
  while (*jp->p == ' ' || *jp->p == '\t' || *jp->p == '\n' || *jp->p == '\r')
    jp->p++;
}

static void
utf8_put (struct buf *b, unsigned cp)
{
  char u[4];
  if (cp < 0x80)
    u[0] = (char) cp, buf_add (b, u, 1);
  else if (cp < 0x800)
    {
      u[0] = (char) (0xc0 | (cp >> 6));
      u[1] = (char) (0x80 | (cp & 0x3f));
      buf_add (b, u, 2);
    }
  else
    {
      u[0] = (char) (0xe0 | (cp >> 12));
      u[1] = (char) (0x80 | ((cp >> 6) & 0x3f));
      u[2] = (char) (0x80 | (cp & 0x3f));
      buf_add (b, u, 3);
    }
}

static char *
parse_string (struct json_parser *jp)
{
  struct buf b = { 0 };
  buf_puts (&b, "");
  jp->p++; /* opening quote */
  while (*jp->p && *jp->p != '"')
    {
      if (*jp->p != '\\')
        {
          buf_add (&b, jp->p++, 1);
          continue;
        }
      jp->p++;
      char c = *jp->p++;
      const char *plain = strchr ("\"\\/", c);
      if (plain)
        buf_add (&b, &c, 1);
      else if (c == 'n')
        buf_puts (&b, "\n");
      else if (c == 't')
        buf_puts (&b, "\t");
      else if (c == 'r')
        buf_puts (&b, "\r");
      else if (c == 'b')
        buf_puts (&b, "\b");
      else if (c == 'f')
        buf_puts (&b, "\f");
      else if (c == 'u')
        {
          unsigned cp = 0;
          for (int i = 0; i < 4; i++, jp->p++)
            {
              char h = *jp->p;
              if (!h)
                break;
              cp = cp * 16 + (unsigned) (h <= '9' ? h - '0' : (h | 0x20) - 'a' + 10);
            }
          utf8_put (&b, cp);
        }
      else
        {
          jp->err = "bad escape in string";
          free (b.s);
          return NULL;
        }
    }
  if (*jp->p != '"')
    {
      jp->err = "unterminated string";
      free (b.s);
      return NULL;
    }
  jp->p++;
  return b.s;
}

static struct json *parse_value (struct json_parser *jp, int depth);

static struct json *
new_json (enum json_type t)
{
  struct json *j = xmalloc (sizeof *j);
  memset (j, 0, sizeof *j);
  j->type = t;
  return j;
}

static int
add_item (struct json *j, char *key, struct json *item)
{
  j->items = xrealloc (j->items, (j->n + 1) * sizeof *j->items);
  if (j->type == JSON_OBJECT)
    j->keys = xrealloc (j->keys, (j->n + 1) * sizeof *j->keys);
  if (key)
    j->keys[j->n] = key;
  j->items[j->n++] = item;
  return 0;
}

static struct json *
parse_container (struct json_parser *jp, int depth, enum json_type t)
{
  char close = t == JSON_ARRAY ? ']' : '}';
  struct json *j = new_json (t);
  jp->p++;
  skip_space (jp);
  if (*jp->p == close)
    {
      jp->p++;
      return j;
    }
  for (;;)
    {
      char *key = NULL;
      skip_space (jp);
      if (t == JSON_OBJECT)
        {
          if (*jp->p != '"' || !(key = parse_string (jp)))
            {
              jp->err = jp->err ? jp->err : "expected a key";
              break;
            }
          skip_space (jp);
          if (*jp->p++ != ':')
            {
              free (key);
              jp->err = "expected ':'";
              break;
            }
        }
      struct json *item = parse_value (jp, depth + 1);
      if (!item)
        {
          free (key);
          break;
        }
      add_item (j, key, item);
      skip_space (jp);
      if (*jp->p == ',')
        {
          jp->p++;
          continue;
        }
      if (*jp->p == close)
        {
          jp->p++;
          return j;
        }
      jp->err = "expected ',' or a closing bracket";
      break;
    }
  json_free (j);
  return NULL;
}

static struct json *
parse_value (struct json_parser *jp, int depth)
{
  skip_space (jp);
  if (depth > 64)
    {
      jp->err = "nested too deeply";
      return NULL;
    }
  char c = *jp->p;
  if (c == '{')
    return parse_container (jp, depth, JSON_OBJECT);
  if (c == '[')
    return parse_container (jp, depth, JSON_ARRAY);
  if (c == '"')
    {
      char *s = parse_string (jp);
      if (!s)
        return NULL;
      struct json *j = new_json (JSON_STRING);
      j->str = s;
      return j;
    }
  const char *start = jp->p;
  while (*jp->p && strchr ("+-.0123456789eEtruefalsn", *jp->p))
    jp->p++;
  if (jp->p == start)
    {
      jp->err = "unexpected character";
      return NULL;
    }
  struct json *j = new_json (JSON_NUMBER);
  j->str = xstrndup (start, (size_t) (jp->p - start));
  if (strcmp (j->str, "null") == 0)
    j->type = JSON_NULL;
  else if (strcmp (j->str, "true") == 0 || strcmp (j->str, "false") == 0)
    j->type = JSON_BOOL;
  return j;
}

struct json *
json_parse (const char *text, const char **err)
{
  struct json_parser jp = { text, NULL };
  struct json *j = parse_value (&jp, 0);
  if (j)
    {
      skip_space (&jp);
      if (*jp.p)
        {
          json_free (j);
          j = NULL;
          jp.err = "trailing text";
        }
    }
  if (err)
    *err = jp.err;
  return j;
}

void
json_free (struct json *j)
{
  if (!j)
    return;
  for (size_t i = 0; i < j->n; i++)
    {
      json_free (j->items[i]);
      if (j->keys)
        free (j->keys[i]);
    }
  free (j->items);
  free (j->keys);
  free (j->str);
  free (j);
}

const struct json *
json_get (const struct json *obj, const char *key)
{
  if (!obj || obj->type != JSON_OBJECT)
    return NULL;
  for (size_t i = 0; i < obj->n; i++)
    if (strcmp (obj->keys[i], key) == 0)
      return obj->items[i];
  return NULL;
}

const char *
json_get_string (const struct json *obj, const char *key)
{
  const struct json *v = json_get (obj, key);
  return v && v->type == JSON_STRING ? v->str : NULL;
}
