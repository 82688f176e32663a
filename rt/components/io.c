/* rt/components/io.c -- read_bytes and written_bytes: the storage-layer
 * byte counters of /proc/self/io (bytes, process-wide).
 */
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "components/family.h"

/* Read /proc/self/io into BUF; length read, or -1.  Opened each time so
   that a forked child reads its own counters.  */
static ssize_t
read_proc_io (char *buf, size_t size)
{
  int fd = open ("/proc/self/io", O_RDONLY | O_CLOEXEC);
  if (fd < 0)
    return -1;
  ssize_t n = read (fd, buf, size - 1);
  close (fd);
  if (n < 0)
    return -1;
  buf[n] = '\0';
  return n;
}

/* The value of "KEY: N" at the start of a line of BUF, or 0.  */
static double
io_field (const char *buf, const char *key)
{
  size_t len = strlen (key);
  const char *line = buf;
  while (line)
    {
      if (strncmp (line, key, len) == 0 && line[len] == ':')
        return (double) strtoull (line + len + 1, NULL, 10);
      line = strchr (line, '\n');
      if (line)
        line++;
    }
  return 0.0;
}

static void
sample_io_field (double *out, const char *key)
{
  char buf[512];
  out[0] = read_proc_io (buf, sizeof buf) > 0 ? io_field (buf, key) : 0.0;
}

int
trun_available_io (void)
{
  static int state; /* 0 unknown, 1 usable, -1 not */
  if (state == 0)
    {
      char buf[512];
      int ok = read_proc_io (buf, sizeof buf) > 0
               && strstr (buf, "read_bytes:") != NULL;
      if (!ok)
        trun_warn ("/proc/self/io is not readable: read_bytes and "
                   "written_bytes are not available");
      state = ok ? 1 : -1;
    }
  return state > 0 ? 0 : -1;
}

void
trun_sample_read_bytes (double *out)
{
  sample_io_field (out, "read_bytes");
}

void
trun_sample_written_bytes (double *out)
{
  sample_io_field (out, "write_bytes");
}
