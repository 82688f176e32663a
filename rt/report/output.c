/* rt/report/output.c -- every file the runtime writes goes through here.
 *
 * The output directory is made once and opened once (O_DIRECTORY |
 * O_NOFOLLOW); each file is written to a new temporary file in it
 * (O_CREAT | O_EXCL | O_NOFOLLOW: it can never follow a planted link or
 * open a FIFO), every write is checked, and only a complete file is
 * renamed to its name.  A file of that name that another run wrote after
 * this one started is never replaced: this run's files then carry
 * -pid<PID>, and stderr says so once.
 *
 * A file's first OUT_MEMORY bytes stay in memory: a file that ends
 * within them and has the very bytes of an earlier run's file of its name
 * leaves that file as it is (mtime and all) and makes no temporary file.
 * Replacing a file costs its filesystem most (making a new inode and
 * freeing the old one: some 40 us each on ext4, more than a ten-call
 * program's own run together), and the filter file of a build's programs
 * is the same run after run.  A larger file goes to its temporary file in
 * the writers' own large blocks.
 *
 * So a small file that replaces another keeps the old one as its spare,
 * ".NAME.spare", and the next run writes into that inode instead of a
 * new one: the spare is locked (flock: one run claims it; another makes
 * a new file) and checked to be still under its name, used only when it
 * is a regular file of this user with no other link (never a copy
 * someone linked to keep; anything else there is removed), overwritten
 * and cut to length, and swapped with NAME in one rename (a rename
 * changes the directory: it costs more than the other calls together),
 * which leaves the old file as the next spare.  NAME is still always
 * complete; a run moves a spare only while it holds its lock.  Only a
 * reader holding an earlier run's file open two runs later sees it
 * change.
 */
#define _GNU_SOURCE
#include "report/writers.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

/* Bytes a file's stream collects before each write(2).  The large
   writers hand over blocks of 1 MB of their own, which glibc passes
   straight through a smaller buffer (a request of at least its size is
   not copied into it): with a buffer as large as the blocks, every
   byte of a 240 MB report was copied once more.  */
#define OUT_BUFFER (64 << 10)
/* Bytes of a file kept in memory until it is closed (see the top).  */
#define OUT_MEMORY (64 << 10)

struct trun_out
{
  FILE *f;    /* what the writer writes to (out_write below) */
  char *buf;  /* its stdio buffer */
  int fd;     /* the temporary file, -1 while the bytes fit in mem */
  char *mem;  /* the bytes so far, while fd < 0 */
  size_t len;
  int err;    /* the first write's errno, 0 */
  char *tmp;  /* temporary name in the directory */
  char *name; /* final name */
  char *base; /* the name asked for, before prefix and mark */
  int name_taken; /* a file of that name was there at close */
  const struct trun_report *r;
};


static char *dir_path; /* the directory dir_fd and dir_state are for */
static int dir_fd = -1;
static int dir_state; /* 0 unknown, 1 ok, -1 not writable */
static int collided;  /* another run wrote here: our names carry -pid */
static uid_t dir_euid; /* whose spares this run writes over */
static unsigned tmp_counter;

/* PATH made and opened one component at a time (openat), so its length
   is not limited by PATH_MAX; the last component must be a directory,
   never a symbolic link.  Returns the directory's descriptor or -1.  */
static int
open_dirs (const char *path)
{
  /* An existing directory (every run but the first) opens at once.  */
  int whole = open (path, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
  if (whole >= 0)
    return whole;
  size_t n = strlen (path);
  char *tmp = malloc (n + 1);
  if (!tmp)
    return -1;
  memcpy (tmp, path, n + 1);
  int fd = open (path[0] == '/' ? "/" : ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  char *save = NULL;
  for (char *c = strtok_r (tmp, "/", &save); c && fd >= 0;
       c = strtok_r (NULL, "/", &save))
    {
      char *rest = save;
      while (rest && *rest == '/')
        rest++;
      int last = !rest || !*rest;
      if (mkdirat (fd, c, 0777) != 0 && errno != EEXIST)
        {
          int e = errno;
          close (fd);
          fd = -1;
          errno = e;
          break;
        }
      int next = openat (fd, c, O_RDONLY | O_DIRECTORY | O_CLOEXEC
                                    | (last ? O_NOFOLLOW : 0));
      int e = errno;
      close (fd);
      fd = next;
      errno = e;
    }
  free (tmp);
  return fd;
}

int
trun_output_dir_ok (const struct trun_report *r)
{
  if (!r->settings->file_output)
    return 0;
  if (dir_path && strcmp (dir_path, r->output_dir) != 0)
    {
      if (dir_fd >= 0)
        close (dir_fd);
      dir_fd = -1;
      dir_state = 0;
      free (dir_path);
      dir_path = NULL;
    }
  if (dir_state == 0)
    {
      dir_path = strdup (r->output_dir);
      dir_euid = geteuid ();
      const char *dir = r->output_dir;
      int fd = open_dirs (dir);
      if (fd >= 0 && faccessat (fd, ".", W_OK, AT_EACCESS) != 0)
        {
          int e = errno;
          close (fd);
          fd = -1;
          errno = e;
        }
      else if (fd < 0 && errno == ELOOP)
        errno = ENOTDIR; /* a symbolic link: never followed */
      dir_state = fd >= 0 ? 1 : -1;
      dir_fd = fd;
      if (fd < 0)
        trun_warn ("cannot write to output directory \"%s\" (%s): reports "
                   "go to stdout only",
                   dir, strerror (errno));
    }
  return dir_state > 0;
}

FILE *
trun_out_scratch (const struct trun_report *r)
{
  if (!trun_output_dir_ok (r))
    return NULL;
  int fd = openat (dir_fd, ".", O_TMPFILE | O_RDWR | O_CLOEXEC, 0600);
  for (int tries = 0; fd < 0 && tries < 100; tries++)
    {
      /* No O_TMPFILE here: a new name, gone as soon as it is open.  */
      char tmp[64];
      snprintf (tmp, sizeof tmp, ".trun-scratch.%ld.%u.tmp", (long) getpid (),
                __atomic_fetch_add (&tmp_counter, 1, __ATOMIC_RELAXED));
      fd = openat (dir_fd, tmp,
                   O_RDWR | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600);
      if (fd >= 0)
        unlinkat (dir_fd, tmp, 0);
      else if (errno != EEXIST)
        break;
    }
  FILE *f = fd >= 0 ? fdopen (fd, "w+") : NULL;
  if (!f && fd >= 0)
    close (fd);
  if (!f)
    trun_warn ("cannot make a temporary file in %s: %s", r->output_dir,
               strerror (errno));
  return f;
}

/* The strings PARTS (N of them) one after the other, malloc'ed: a
   report's file names are made by the dozen, snprintf's cost each.  */
static char *
joined (const char *const *parts, size_t n)
{
  size_t len[4], total = 1;
  for (size_t i = 0; i < n; i++)
    total += len[i] = strlen (parts[i]);
  char *s = malloc (total), *at = s;
  for (size_t i = 0; s && i < n; i++)
    at = (char *) memcpy (at, parts[i], len[i]) + len[i];
  if (s)
    *at = '\0';
  return s;
}

/* PREFIX + NAME with MARK before NAME's extension, all of it
   ("wall.tree.json" -> "wall-rank1.tree.json").  */
static char *
file_name (const char *prefix, const char *name, const char *mark)
{
  const char *dot = strchr (name, '.');
  size_t stem = dot ? (size_t) (dot - name) : strlen (name);
  char *head = malloc (stem + 1);
  if (!head)
    return NULL;
  memcpy (head, name, stem);
  head[stem] = '\0';
  const char *parts[] = { prefix, head, mark, name + stem };
  char *s = joined (parts, 4);
  free (head);
  return s;
}

static char *
final_name (const struct trun_report *r, const char *name)
{
  const char *mark = r->file_mark ? r->file_mark : "";
  char with_pid[96];
  if (collided && !strstr (mark, "-pid"))
    {
      snprintf (with_pid, sizeof with_pid, "%s-pid%ld", mark, (long) getpid ());
      mark = with_pid;
    }
  const char *prefix = r->settings->output_prefix;
  return file_name (prefix ? prefix : "", name, mark);
}

/* A new temporary name for O in O->tmp; 0, or -1 (no memory).  */
static int
temp_name (struct trun_out *o)
{
  size_t n = strlen (o->name) + 64;
  if (!o->tmp && !(o->tmp = malloc (n)))
    return -1;
  snprintf (o->tmp, n, ".%s.%ld.%u.tmp", o->name, (long) getpid (),
            __atomic_fetch_add (&tmp_counter, 1, __ATOMIC_RELAXED));
  return 0;
}

/* O's temporary file, new; 0, or -1 with errno.  */
static int
open_temp (struct trun_out *o)
{
  for (int tries = 0; o->fd < 0 && tries < 100; tries++)
    {
      if (temp_name (o) != 0)
        return -1;
      o->fd = openat (dir_fd, o->tmp,
                      O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC,
                      0666);
      if (o->fd < 0 && errno != EEXIST)
        break;
    }
  return o->fd >= 0 ? 0 : -1;
}

/* N bytes at P to FD, all of them; 0 or errno.  */
static int
write_all (int fd, const char *p, size_t n)
{
  while (n > 0)
    {
      ssize_t w = write (fd, p, n);
      if (w < 0 && errno == EINTR)
        continue;
      if (w <= 0)
        return w < 0 ? errno : EIO;
      p += w;
      n -= (size_t) w;
    }
  return 0;
}

/* The last closed file's buffers, for the next one: a report's files
   are written one after another, and a block malloc'ed and freed each
   time costs an mmap, a munmap and its pages' faults again (more than a
   small file's own writes).  */
static char *kept_buf, *kept_mem;

static void *
buffer_take (char **kept, size_t size)
{
  char *p = __atomic_exchange_n (kept, NULL, __ATOMIC_ACQ_REL);
  return p ? p : malloc (size);
}

static void
buffer_keep (char **kept, char *p)
{
  char *none = NULL;
  if (p && !__atomic_compare_exchange_n (kept, &none, p, 0, __ATOMIC_ACQ_REL,
                                         __ATOMIC_ACQUIRE))
    free (p);
}

/* The stream's writes: into memory up to OUT_MEMORY bytes, then (all of
   it) to the temporary file.  */
static ssize_t
out_write (void *cookie, const char *p, size_t n)
{
  struct trun_out *o = cookie;
  if (o->err)
    return -1;
  if (o->fd < 0 && o->len + n <= OUT_MEMORY)
    {
      memcpy (o->mem + o->len, p, n);
      o->len += n;
      return (ssize_t) n;
    }
  if (o->fd < 0)
    {
      if (open_temp (o) != 0)
        o->err = errno ? errno : EIO;
      else
        o->err = write_all (o->fd, o->mem, o->len);
      buffer_keep (&kept_mem, o->mem);
      o->mem = NULL;
    }
  if (!o->err)
    o->err = write_all (o->fd, p, n);
  return o->err ? -1 : (ssize_t) n;
}

static void
out_free (struct trun_out *o)
{
  buffer_keep (&kept_mem, o->mem);
  buffer_keep (&kept_buf, o->buf);
  free (o->tmp);
  free (o->name);
  free (o->base);
  free (o);
}

struct trun_out *
trun_out_open (const struct trun_report *r, const char *name)
{
  if (!trun_output_dir_ok (r))
    return NULL;
  struct trun_out *o = calloc (1, sizeof *o);
  cookie_io_functions_t io = { NULL, out_write, NULL, NULL };
  if (o)
    {
      o->fd = -1;
      o->r = r;
      o->name = final_name (r, name);
      o->base = strdup (name);
      o->mem = buffer_take (&kept_mem, OUT_MEMORY);
      o->buf = buffer_take (&kept_buf, OUT_BUFFER);
    }
  if (o && o->name && o->base && o->mem && o->buf)
    o->f = fopencookie (o, "w", io);
  if (!o || !o->f)
    {
      trun_warn ("cannot write %s/%s: out of memory", r->output_dir, name);
      if (o)
        out_free (o);
      return NULL;
    }
  /* Large blocks: a million-node report is hundreds of megabytes.  */
  setvbuf (o->f, o->buf, _IOFBF, OUT_BUFFER);
  trun_verbose ("writing %s/%s", r->output_dir, o->name);
  return o;
}

FILE *
trun_out_stream (const struct trun_out *o)
{
  return o->f;
}

const char *
trun_out_name (const struct trun_out *o)
{
  return o->name;
}

/* Stamp a complete file, NAME in directory FD (or FD itself, NAME
   NULL), with the time now to the nanosecond.  The kernel's own mtime
   comes from its coarse clock (4 ms steps here), so another run's file
   finished just after this run started can carry an earlier mtime than
   the start and be taken for an old report: every file of ours carries
   its precise time instead.  */
static void
stamp_complete (int fd, const char *name)
{
  struct timespec t[2] = { { 0, UTIME_OMIT }, { 0, 0 } };
  if (clock_gettime (CLOCK_REALTIME, &t[1]) != 0)
    return;
  if (name)
    utimensat (fd, name, t, AT_SYMLINK_NOFOLLOW);
  else
    futimens (fd, t); /* glibc's utimensat takes no NULL name */
}

/* Whether ST is a regular file written after this run started (by
   another run: ours are written once, and stamped by stamp_complete).  */
static int
stat_newer (const struct stat *st, double start)
{
  double t = (double) st->st_mtim.tv_sec + st->st_mtim.tv_nsec * 1e-9;
  return S_ISREG (st->st_mode) && t > start;
}

/* Whether the file at NAME in the directory is such a file.  */
static int
newer_than_start (const char *name, double start)
{
  struct stat st;
  return fstatat (dir_fd, name, &st, AT_SYMLINK_NOFOLLOW) == 0
         && stat_newer (&st, start);
}

/* ".NAME.spare": where a replaced small file waits to be written over.  */
static char *
spare_name (const char *name)
{
  const char *parts[] = { ".", name, ".spare" };
  return joined (parts, 3);
}

/* The file swapped out of O->name, now at O->tmp, made O->name's spare
   when it can be one (small, regular, no other link), else removed.  */
static void
keep_spare (const struct trun_out *o, const struct stat *st)
{
  char *spare = NULL;
  if (S_ISREG (st->st_mode) && st->st_nlink == 1
      && st->st_size <= OUT_MEMORY && (spare = spare_name (o->name))
      && renameat2 (dir_fd, o->tmp, dir_fd, spare, RENAME_NOREPLACE) == 0)
    {
      free (spare);
      return;
    }
  free (spare);
  unlinkat (dir_fd, o->tmp, 0);
}

/* O's complete file, at FROM, under O->name with -pid<PID>: another run
   wrote O->name after this one started (and has it back).  */
static int
take_pid_name (struct trun_out *o, const char *from)
{
  const struct trun_report *r = o->r;
  char *old = o->name;
  collided = 1;
  o->name = final_name (r, o->base);
  if (!o->name)
    {
      o->name = old;
      errno = ENOMEM;
      return -1;
    }
  trun_warn ("%s/%s was written by another run after this one started: "
             "this run's files carry -pid%ld (%s/%s)",
             r->output_dir, old, (long) getpid (), r->output_dir, o->name);
  free (old);
  return renameat (dir_fd, from, dir_fd, o->name);
}

/* Put the complete temporary file O->tmp in place as O->name.  */
static int
put_in_place (struct trun_out *o)
{
  const struct trun_report *r = o->r;
  /* Swap with what is there, then look at what came out: an old report
     (or a link or FIFO someone planted) goes; another run's is put back.
     A name seen taken is swapped at once; else (or when it has gone
     since) the file goes in only where there is none.  */
  int swapped = o->name_taken
                && renameat2 (dir_fd, o->tmp, dir_fd, o->name,
                              RENAME_EXCHANGE) == 0;
  if (!swapped && o->name_taken && errno != ENOENT)
    return errno == EINVAL ? renameat (dir_fd, o->tmp, dir_fd, o->name) : -1;
  if (!swapped)
    {
      if (renameat2 (dir_fd, o->tmp, dir_fd, o->name, RENAME_NOREPLACE) == 0)
        return 0;
      if (errno == EINVAL || errno == ENOSYS) /* no such flags here */
        return renameat (dir_fd, o->tmp, dir_fd, o->name);
      if (errno != EEXIST)
        return -1;
      if (renameat2 (dir_fd, o->tmp, dir_fd, o->name, RENAME_EXCHANGE) != 0)
        return errno == EINVAL ? renameat (dir_fd, o->tmp, dir_fd, o->name)
                               : -1;
    }
  struct stat st;
  if (fstatat (dir_fd, o->tmp, &st, AT_SYMLINK_NOFOLLOW) != 0)
    {
      unlinkat (dir_fd, o->tmp, 0);
      return 0;
    }
  if (!stat_newer (&st, r->start_time))
    {
      keep_spare (o, &st);
      return 0;
    }
  if (renameat2 (dir_fd, o->tmp, dir_fd, o->name, RENAME_EXCHANGE) != 0)
    return -1;
  return take_pid_name (o, o->tmp);
}

/* Whether ST (an open spare) is one to write over: a regular file of
   this user with no other link (never a copy someone linked to keep).  */
static int
spare_usable (const struct stat *st)
{
  return S_ISREG (st->st_mode) && st->st_nlink == 1 && st->st_uid == dir_euid;
}

static int
same_inode (const struct stat *a, const struct stat *b)
{
  return a->st_dev == b->st_dev && a->st_ino == b->st_ino;
}

/* SPARE, open as FD (ST), locked for this run: no other run writes
   over it or moves it until FD is closed (they lock it first, and move
   only the file they locked), and still the one under that name.  */
static int
lock_spare (int fd, const struct stat *st, const char *spare)
{
  struct stat now;
  return flock (fd, LOCK_EX | LOCK_NB) == 0
         && fstatat (dir_fd, spare, &now, AT_SYMLINK_NOFOLLOW) == 0
         && same_inode (st, &now);
}

/* SPARE, now holding the file O's swapped out, was written after this
   run started (another run's report): put it back under O->name and
   this run's file (FD, locked) under a -pid name.  */
static int
give_back (struct trun_out *o, const char *spare, int fd,
           const struct stat *theirs)
{
  int back = openat (dir_fd, spare, O_RDONLY | O_NOFOLLOW | O_NONBLOCK
                                        | O_CLOEXEC);
  struct stat st, ours;
  int ok = back >= 0 && fstat (back, &st) == 0 && same_inode (&st, theirs)
           && lock_spare (back, &st, spare)
           && renameat2 (dir_fd, spare, dir_fd, o->name, RENAME_EXCHANGE) == 0
           && fstatat (dir_fd, spare, &ours, AT_SYMLINK_NOFOLLOW) == 0
           && fstat (fd, &st) == 0 && same_inode (&st, &ours);
  int r = ok ? take_pid_name (o, spare) : 0;
  if (!ok)
    trun_warn ("%s/%s was written by another run after this one started "
               "and could not be put back: this run's replaces it",
               o->r->output_dir, o->name);
  if (back >= 0)
    close (back);
  return r;
}

/* O's bytes (all in memory) written over the spare of O->name, locked
   (see the top), and swapped with the file under O->name, which becomes
   the spare: one rename.  1 done; 0 no spare to use (nothing moved: a
   spare that cannot be used is removed); -1 with errno.  */
static int
write_over_spare (struct trun_out *o)
{
  char *spare = o->len ? spare_name (o->name) : NULL;
  if (!spare)
    return 0;
  /* O_NONBLOCK: a FIFO planted there neither blocks nor is written.  */
  int fd = openat (dir_fd, spare, O_WRONLY | O_NOFOLLOW | O_NONBLOCK
                                      | O_CLOEXEC);
  if (fd < 0 && errno == ENOENT)
    {
      free (spare);
      return 0;
    }
  struct stat st;
  int ok = fd >= 0 && fstat (fd, &st) == 0;
  if (!ok || !spare_usable (&st))
    {
      unlinkat (dir_fd, spare, 0); /* a link, FIFO or kept copy: not ours */
      if (fd >= 0)
        close (fd);
      free (spare);
      return 0;
    }
  ok = lock_spare (fd, &st, spare);
  for (size_t at = 0; ok && at < o->len;)
    {
      ssize_t w = pwrite (fd, o->mem + at, o->len - at, (off_t) at);
      if (w < 0 && errno == EINTR)
        continue;
      ok = w > 0;
      at += ok ? (size_t) w : 0;
    }
  if (ok && (size_t) st.st_size > o->len)
    ok = ftruncate (fd, (off_t) o->len) == 0;
  if (ok)
    stamp_complete (fd, NULL);
  /* A name seen taken is swapped; else (or when it has gone since) the
     file goes in only where there is none.  */
  int swapped = 0;
  if (ok && o->name_taken)
    swapped = renameat2 (dir_fd, spare, dir_fd, o->name, RENAME_EXCHANGE) == 0;
  if (ok && !swapped
      && renameat2 (dir_fd, spare, dir_fd, o->name, RENAME_NOREPLACE) != 0)
    ok = errno == EEXIST
         && (swapped = renameat2 (dir_fd, spare, dir_fd, o->name,
                                  RENAME_EXCHANGE) == 0);
  int r = ok;
  struct stat old;
  if (swapped && fstatat (dir_fd, spare, &old, AT_SYMLINK_NOFOLLOW) == 0)
    {
      if (same_inode (&old, &st)) /* another run swapped it back */
        r = take_pid_name (o, spare) == 0 ? 1 : -1;
      else if (stat_newer (&old, o->r->start_time))
        r = give_back (o, spare, fd, &old) == 0 ? 1 : -1;
      else if (!S_ISREG (old.st_mode) || old.st_nlink != 1
               || old.st_size > OUT_MEMORY)
        unlinkat (dir_fd, spare, 0);
    }
  int e = errno;
  close (fd);
  free (spare);
  errno = e;
  return r;
}

/* Whether the directory's file of O's name is an earlier run's with
   exactly O's bytes (all in memory).  */
static int
unchanged (struct trun_out *o)
{
  struct stat st;
  o->name_taken = fstatat (dir_fd, o->name, &st, AT_SYMLINK_NOFOLLOW) == 0;
  if (!o->name_taken || !S_ISREG (st.st_mode) || (size_t) st.st_size != o->len
      || stat_newer (&st, o->r->start_time))
    return 0;
  int fd = openat (dir_fd, o->name, O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
  if (fd < 0)
    return 0;
  char block[4096];
  size_t at = 0;
  int same = 1;
  while (same)
    {
      ssize_t n = read (fd, block, sizeof block);
      if (n < 0 && errno == EINTR)
        continue;
      if (n <= 0)
        {
          same = n == 0 && at == o->len;
          break;
        }
      same = at + (size_t) n <= o->len
             && memcmp (o->mem + at, block, (size_t) n) == 0;
      at += (size_t) n;
    }
  close (fd);
  return same;
}

int
trun_out_close (struct trun_out *o)
{
  if (!o)
    return -1;
  int err = 0;
  if (fclose (o->f) != 0 || o->err)
    err = o->err ? o->err : errno ? errno : EIO;
  if (!err && o->fd < 0)
    {
      if (unchanged (o))
        {
          trun_verbose ("%s/%s: unchanged", o->r->output_dir, o->name);
          out_free (o);
          return 0;
        }
      int spared = write_over_spare (o);
      if (spared > 0)
        {
          out_free (o);
          return 0;
        }
      if (spared < 0)
        err = errno ? errno : EIO;
      else if (open_temp (o) != 0)
        err = errno ? errno : EIO;
      else
        err = write_all (o->fd, o->mem, o->len);
    }
  if (!err && o->fd >= 0)
    stamp_complete (o->fd, NULL);
  if (o->fd >= 0 && close (o->fd) != 0 && !err)
    err = errno ? errno : EIO;
  if (!err && put_in_place (o) != 0)
    err = errno ? errno : EIO;
  if (err)
    {
      if (o->fd >= 0)
        unlinkat (dir_fd, o->tmp, 0);
      trun_warn ("cannot write %s/%s: %s", o->r->output_dir, o->name,
                 strerror (err));
    }
  out_free (o);
  return err ? -1 : 0;
}

/* ---- a directory another library writes into (OTF2's archive) ---- */

char *
trun_out_file_name (const struct trun_report *r, const char *name)
{
  return final_name (r, name);
}

char *
trun_out_dir_open (const struct trun_report *r)
{
  if (!trun_output_dir_ok (r))
    return NULL;
  char name[64];
  for (int tries = 0; tries < 100; tries++)
    {
      snprintf (name, sizeof name, ".trun-dir.%ld.%u.tmp", (long) getpid (),
                __atomic_fetch_add (&tmp_counter, 1, __ATOMIC_RELAXED));
      if (mkdirat (dir_fd, name, 0700) == 0)
        {
          size_t n = strlen (r->output_dir) + strlen (name) + 2;
          char *path = malloc (n);
          if (path)
            snprintf (path, n, "%s/%s", r->output_dir, name);
          else
            unlinkat (dir_fd, name, AT_REMOVEDIR);
          return path;
        }
      if (errno != EEXIST)
        break;
    }
  trun_warn ("cannot make a directory in %s: %s", r->output_dir,
             strerror (errno));
  return NULL;
}

/* NAME in directory FD and everything under it, never following a
   link (a link is removed, not what it points at).  */
static void
remove_tree (int fd, const char *name)
{
  if (unlinkat (fd, name, 0) == 0 || (errno != EISDIR && errno != EPERM))
    return;
  int sub = openat (fd, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
  DIR *d = sub >= 0 ? fdopendir (sub) : NULL;
  if (!d && sub >= 0)
    close (sub);
  for (struct dirent *e; d && (e = readdir (d));)
    if (strcmp (e->d_name, ".") && strcmp (e->d_name, ".."))
      remove_tree (dirfd (d), e->d_name);
  if (d)
    closedir (d);
  unlinkat (fd, name, AT_REMOVEDIR);
}

/* TMP's entry NAME in place in the output directory: an old one of that
   name is swapped into TMP (removed with it).  */
static int
move_in (int tmp_fd, const char *name)
{
  if (renameat2 (tmp_fd, name, dir_fd, name, RENAME_NOREPLACE) == 0)
    return 0;
  if (errno == EINVAL || errno == ENOSYS)
    return renameat (tmp_fd, name, dir_fd, name);
  if (errno != EEXIST)
    return -1;
  return renameat2 (tmp_fd, name, dir_fd, name, RENAME_EXCHANGE);
}

int
trun_out_dir_close (const struct trun_report *r, char *tmp,
                    const char *const *names, int commit)
{
  const char *base = strrchr (tmp, '/') ? strrchr (tmp, '/') + 1 : tmp;
  int tmp_fd = dir_fd >= 0 ? openat (dir_fd, base, O_RDONLY | O_DIRECTORY
                                                      | O_NOFOLLOW | O_CLOEXEC)
                           : -1;
  int err = tmp_fd < 0 ? errno : 0;
  /* The last name is the one readers open (OTF2's anchor file): a
     newer one is another run's; an older one goes first, so that no
     reader finds it over a part-replaced archive.  */
  size_t n = 0;
  while (names[n])
    n++;
  if (commit && !err && n)
    {
      const char *anchor = names[n - 1];
      stamp_complete (tmp_fd, anchor);
      if (newer_than_start (anchor, r->start_time))
        {
          trun_warn ("%s/%s was written by another run after this one "
                     "started: it is kept, this run's is not written",
                     r->output_dir, anchor);
          err = EEXIST;
        }
      else if (unlinkat (dir_fd, anchor, 0) != 0 && errno != ENOENT)
        err = errno;
    }
  for (size_t i = 0; commit && !err && i < n; i++)
    if (move_in (tmp_fd, names[i]) != 0)
      {
        err = errno ? errno : EIO;
        trun_warn ("cannot write %s/%s: %s", r->output_dir, names[i],
                   strerror (err));
      }
  if (tmp_fd >= 0)
    close (tmp_fd);
  if (dir_fd >= 0)
    remove_tree (dir_fd, base);
  free (tmp);
  return err || !commit ? -1 : 0;
}
