/* tools/util/path.c -- paths and files (see path.h).  */
#define _GNU_SOURCE
#include "path.h"
#include "alloc.h"
#include "buf.h"
#include "strv.h"

#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* ------------------------------------------------------------------ */
/* Paths                                                              */

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

/* ------------------------------------------------------------------ */
/* Files                                                              */

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

void
for_each_subdir (const char *dir, size_t *budget,
                 void (*visit) (const char *sub, const char *name, void *ctx), void *ctx)
{
  DIR *d = opendir (dir);
  struct dirent *e;
  while (d && (e = readdir (d)) && *budget > 0)
    {
      if (e->d_name[0] == '.')
        continue;
      char *sub = path_join (dir, e->d_name);
      if (e->d_type == DT_DIR || (e->d_type == DT_UNKNOWN && is_dir (sub)))
        {
          --*budget;
          visit (sub, e->d_name, ctx);
        }
      free (sub);
    }
  if (d)
    closedir (d);
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
