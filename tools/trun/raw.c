/* tools/trun/raw.c -- `trun convert DIR --to=chrome': the timeline from
 * the raw files a run left in DIR's private directories
 * (.trun-timeline-PID-N/: one INDEX.raw per thread and the index, see
 * core/timeline.h) when it was killed before it could write its
 * timeline.json.  Every such directory is one process of the file; their
 * times are put on one axis by the CLOCK_MONOTONIC readings of each
 * index (one host's clock), frames still open are closed at the
 * process's last event, and the runtime's own writer (report/timeline.c)
 * writes the file.
 */
#define _GNU_SOURCE
#include "trun.h"

#include <dirent.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/time.h>
#include <unistd.h>

#include "report/writers.h"

/* One process's raw directory, read.  */
struct rawproc
{
  char *dir;
  struct trun_tl_rec_start start;
  int rank;
  char **names; /* by id; NULL: not in the index */
  uint32_t nnames;
  struct trun_tl_stream *streams;
  size_t nstreams;
  uint64_t last_pair_tick, last_pair_ns;
  uint64_t last_tick; /* of any event */
  uint64_t raw_bytes;
  struct trun_timeline tl;
  struct trun_run_info info;
};

/* The writer's name callback has no argument: the process being
   written.  */
static const struct rawproc *naming;

static const char *
raw_name (uint32_t id)
{
  if (!naming || id == 0 || id > naming->nnames || !naming->names[id])
    return "?";
  return naming->names[id];
}

static char *
slurp (const char *path, size_t *len)
{
  int fd = open (path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
  if (fd < 0)
    return NULL;
  struct stat st;
  char *buf = NULL;
  if (fstat (fd, &st) == 0 && (buf = malloc ((size_t) st.st_size + 1)))
    {
      size_t n = 0;
      ssize_t r;
      while (n < (size_t) st.st_size
             && (r = read (fd, buf + n, (size_t) st.st_size - n)) > 0)
        n += (size_t) r;
      *len = n;
    }
  close (fd);
  return buf;
}

static struct trun_tl_stream *
stream_of (struct rawproc *p, uint32_t index)
{
  for (size_t i = 0; i < p->nstreams; i++)
    if (p->streams[i].index == index)
      return &p->streams[i];
  struct trun_tl_stream *s
      = realloc (p->streams, (p->nstreams + 1) * sizeof *s);
  if (!s)
    return NULL;
  p->streams = s;
  s = &p->streams[p->nstreams++];
  memset (s, 0, sizeof *s);
  s->index = index;
  return s;
}

static int
set_name (struct rawproc *p, uint32_t id, const char *name, size_t len)
{
  if (id == 0 || id > (1u << 24))
    return 0; /* not an id the runtime makes */
  if (id > p->nnames || !p->names)
    {
      size_t old = p->names ? (size_t) p->nnames + 1 : 0;
      char **n = realloc (p->names, ((size_t) id + 1) * sizeof *n);
      if (!n)
        return -1;
      memset (n + old, 0, ((size_t) id + 1 - old) * sizeof *n);
      p->names = n;
      p->nnames = id;
    }
  free (p->names[id]);
  p->names[id] = strndup (name, len);
  return p->names[id] ? 0 : -1;
}

/* The latest event's tick in a stream's first BYTES (its words decode
   only in order: all are read; a flow event's tick is its fork's,
   earlier).  */
static uint64_t
last_tick (const char *path, uint64_t bytes)
{
  int fd = open (path, O_RDONLY | O_CLOEXEC);
  if (fd < 0)
    return 0;
  trun_tl_word w[4096];
  struct trun_tl_decoder dec = { 0, 0, 0, 0 };
  struct trun_tl_event ev;
  uint64_t t = 0;
  ssize_t r;
  while (bytes >= sizeof w[0]
         && (r = read (fd, w, bytes < sizeof w ? (size_t) bytes : sizeof w))
                >= (ssize_t) sizeof w[0])
    {
      size_t n = (size_t) r / sizeof w[0];
      bytes -= n * sizeof w[0];
      for (size_t i = 0; i < n; i++)
        if (trun_tl_decode (&dec, w[i], &ev) && ev.tick > t)
          t = ev.tick;
    }
  close (fd);
  return t;
}

/* Read the index of DIR into P.  0, or -1 after one message.  */
static int
read_index (const char *dir, struct rawproc *p)
{
  memset (p, 0, sizeof *p);
  p->dir = strdup (dir);
  p->rank = -1;
  char *path = NULL;
  size_t len = 0;
  char *buf = asprintf (&path, "%s/%s", dir, TRUN_TL_INDEX) < 0
                  ? NULL : slurp (path, &len);
  if (!buf)
    {
      tool_error ("convert: cannot read %s/%s", dir, TRUN_TL_INDEX);
      free (path);
      return -1;
    }
  size_t at = 0;
  int have_start = 0;
  while (at + sizeof (struct trun_tl_rec) <= len)
    {
      struct trun_tl_rec h;
      memcpy (&h, buf + at, sizeof h);
      at += sizeof h;
      if (h.bytes > len - at)
        break; /* cut short by the kill */
      const char *q = buf + at;
      at += h.bytes;
      if (h.type == TRUN_TL_REC_START && h.bytes == sizeof p->start)
        {
          memcpy (&p->start, q, sizeof p->start);
          if (memcmp (p->start.magic, TRUN_TL_MAGIC, sizeof p->start.magic))
            break;
          have_start = 1;
          p->rank = p->start.rank;
          p->last_pair_tick = p->start.pair_tick;
          p->last_pair_ns = p->start.pair_ns;
        }
      else if (!have_start)
        break;
      else if (h.type == TRUN_TL_REC_NAME && h.bytes >= sizeof (uint32_t))
        {
          uint32_t id;
          memcpy (&id, q, sizeof id);
          if (set_name (p, id, q + sizeof id, h.bytes - sizeof id) != 0)
            {
              tool_error ("convert: out of memory");
              free (buf);
              return -1;
            }
        }
      else if (h.type == TRUN_TL_REC_BLOCK
               && h.bytes == sizeof (struct trun_tl_rec_block))
        {
          struct trun_tl_rec_block b;
          memcpy (&b, q, sizeof b);
          struct trun_tl_stream *s = stream_of (p, b.index);
          if (!s)
            {
              tool_error ("convert: out of memory");
              free (buf);
              return -1;
            }
          s->tid = (long) b.tid;
          s->role = b.role;
          if (b.written > s->raw_bytes)
            s->raw_bytes = b.written;
          if (b.pair_tick > p->last_pair_tick)
            {
              p->last_pair_tick = b.pair_tick;
              p->last_pair_ns = b.pair_ns;
            }
        }
      else if (h.type == TRUN_TL_REC_RANK && h.bytes == 2 * sizeof (int32_t))
        {
          int32_t r;
          memcpy (&r, q, sizeof r);
          p->rank = r;
        }
    }
  free (buf);
  if (!have_start)
    {
      tool_error ("convert: %s is not a trun timeline index", path);
      free (path);
      return -1;
    }
  free (path);
  for (size_t i = 0; i < p->nstreams; i++)
    {
      struct trun_tl_stream *s = &p->streams[i];
      char *raw = NULL;
      if (asprintf (&raw, "%s/%u.raw", dir, s->index) < 0)
        return -1;
      s->raw_path = raw;
      uint64_t t = last_tick (raw, s->raw_bytes);
      if (t > p->last_tick)
        p->last_tick = t;
      p->raw_bytes += s->raw_bytes;
    }
  return 0;
}

static int
by_index (const void *a, const void *b)
{
  const struct trun_tl_stream *x = a, *y = b;
  return (x->index > y->index) - (x->index < y->index);
}

/* The model of P, its time 0 at ORIGIN_NS (CLOCK_MONOTONIC).  */
static void
make_model (struct rawproc *p, double origin_ns)
{
  struct trun_timeline *tl = &p->tl;
  memset (tl, 0, sizeof *tl);
  qsort (p->streams, p->nstreams, sizeof *p->streams, by_index);
  for (size_t i = 0; i < p->nstreams; i++)
    p->streams[i].close_tick = p->last_tick;
  tl->nstreams = p->nstreams;
  tl->streams = p->streams;
  tl->start_tick = p->start.start_tick;
  /* The tick rate over the run, from the first and last clock pairs.  */
  tl->tick_seconds = 1e-9;
  if (p->start.use_tsc && p->last_pair_tick > p->start.pair_tick
      && p->last_pair_ns > p->start.pair_ns)
    tl->tick_seconds = (double) (p->last_pair_ns - p->start.pair_ns) * 1e-9
                       / (double) (p->last_pair_tick - p->start.pair_tick);
  tl->name = raw_name;
  tl->nnames = p->nnames;
  tl->raw_bytes = p->raw_bytes;
  tl->max_mb = 0;
  double start_ns = (double) p->start.pair_ns
                    - ((double) p->start.pair_tick - (double) tl->start_tick)
                          * tl->tick_seconds * 1e9;
  /* One process: its own time 0; several: one axis (nsync says so in
     the file's metadata).  */
  tl->nsync = origin_ns != 0;
  tl->sync[0] = (struct trun_tl_sync){ tl->start_tick,
                                       (int64_t) (start_ns - origin_ns), 0 };
  memset (&p->info, 0, sizeof p->info);
  p->info.command_line = p->start.program;
  p->info.pid = (long) p->start.pid;
  p->info.rank = p->rank;
}

static void
free_proc (struct rawproc *p)
{
  for (uint32_t i = 0; p->names && i <= p->nnames; i++)
    free (p->names[i]);
  free (p->names);
  for (size_t i = 0; i < p->nstreams; i++)
    free ((char *) p->streams[i].raw_path);
  free (p->streams);
  free (p->dir);
}

static int
by_rank_pid (const void *a, const void *b)
{
  const struct rawproc *x = a, *y = b;
  if (x->rank != y->rank)
    return x->rank < y->rank ? -1 : 1;
  return (x->start.pid > y->start.pid) - (x->start.pid < y->start.pid);
}

int
tool_convert_raw (const char *dir, const char *outdir)
{
  DIR *d = opendir (dir);
  if (!d)
    {
      tool_error ("convert: cannot open directory %s", dir);
      return TRUN_EXIT_ERROR;
    }
  struct rawproc *procs = NULL;
  size_t n = 0;
  int failed = 0;
  for (struct dirent *e; (e = readdir (d));)
    {
      if (strncmp (e->d_name, ".trun-timeline-", 15) != 0)
        continue;
      char *sub = NULL, *idx = NULL;
      struct stat st;
      int ok = asprintf (&sub, "%s/%s", dir, e->d_name) >= 0
               && asprintf (&idx, "%s/%s", sub, TRUN_TL_INDEX) >= 0
               && lstat (idx, &st) == 0 && S_ISREG (st.st_mode);
      free (idx);
      if (!ok)
        {
          free (sub);
          continue;
        }
      struct rawproc *np = realloc (procs, (n + 1) * sizeof *np);
      if (!np)
        {
          free (sub);
          failed = 1;
          break;
        }
      procs = np;
      int bad = read_index (sub, &procs[n]) != 0;
      free (sub);
      if (bad)
        {
          free_proc (&procs[n]);
          failed = 1;
          break;
        }
      n++;
    }
  closedir (d);
  if (!failed && n == 0)
    {
      /* A run that ended well wrote its timeline and removed the raw
         files: nothing to convert, and nothing wrong.  */
      static const char *const done[] = { "timeline.json", "timeline.json.gz" };
      for (size_t k = 0; k < 2; k++)
        {
          char *have = NULL;
          struct stat st;
          if (asprintf (&have, "%s/%s", dir, done[k]) >= 0 && stat (have, &st) == 0
              && S_ISREG (st.st_mode))
            {
              int same = !outdir || strcmp (outdir, dir) == 0;
              fprintf (stderr,
                       "trun: convert: --to=chrome: %s is there already (the "
                       "run wrote it and removed its raw files)%s\n",
                       have, same ? "" : ": nothing written to the output directory");
              free (have);
              free (procs);
              return same ? 0 : TRUN_EXIT_ERROR;
            }
          free (have);
        }
      tool_error ("convert: --to=chrome: no raw timeline in %s (a "
                  ".trun-timeline-* directory with its index: a run with "
                  "TRUN_TIMELINE=on that ended before writing its "
                  "timeline.json)",
                  dir);
      failed = 1;
    }
  if (failed)
    {
      for (size_t i = 0; i < n; i++)
        free_proc (&procs[i]);
      free (procs);
      return TRUN_EXIT_ERROR;
    }
  qsort (procs, n, sizeof *procs, by_rank_pid);
  double origin = 0;
  for (size_t i = 0; n > 1 && i < n; i++)
    {
      /* Time 0: the earliest start (CLOCK_MONOTONIC) of them all.  */
      make_model (&procs[i], 0);
      double s = (double) procs[i].tl.sync[0].ref_ns;
      if (i == 0 || s < origin)
        origin = s;
    }
  struct trun_settings settings;
  memset (&settings, 0, sizeof settings);
  settings.file_output = 1;
  settings.output_prefix = procs[0].start.prefix;
  struct trun_report r;
  memset (&r, 0, sizeof r);
  r.kind = TRUN_REPORT_PROCESS;
  r.settings = &settings;
  r.output_dir = outdir ? outdir : dir;
  r.file_mark = "";
  struct timeval now;
  gettimeofday (&now, NULL);
  r.start_time = (double) now.tv_sec + now.tv_usec * 1e-6;
  struct trun_tl_part *parts = calloc (n, sizeof *parts);
  struct trun_tl_job *j = parts ? trun_timeline_job_open (&r, 0) : NULL;
  int rc = TRUN_EXIT_ERROR;
  if (j)
    {
      for (size_t i = 0; i < n; i++)
        {
          make_model (&procs[i], origin);
          naming = &procs[i];
          r.timeline = &procs[i].tl;
          r.info = &procs[i].info;
          trun_timeline_job_process (j, &r, &parts[i]);
        }
      naming = NULL;
      rc = trun_timeline_job_close (j, parts, n) ? TRUN_EXIT_ERROR : 0;
    }
  free (parts);
  for (size_t i = 0; i < n; i++)
    free_proc (&procs[i]);
  free (procs);
  return rc;
}
