/* rt/report/timeline.c -- TRUN_TIMELINE's file: the Chrome trace-event
 * JSON (`timeline.json`, `timeline.json.gz` with TRUN_TIMELINE_COMPRESS)
 * that Perfetto, chrome://tracing and speedscope open, from the model
 * core/timeline.c hands over (every thread's raw file, then its
 * buffer's last events).
 *
 *   {"traceEvents": [ metadata events, "X" events... ],
 *    "displayTimeUnit": "ns", "metadata": {...}}
 *
 * One pid per process (an MPI rank's is its rank, named "rank N"), one
 * tid per trun thread named "main", "pthread N" or "OpenMP worker N" (a
 * thread with events in both domains gets a second track for its
 * regions, so each track nests by itself).  Timestamps in microseconds
 * with three decimals, from the profile's calibration, made
 * non-decreasing per thread (a signal handler's events recorded between
 * a marker's clock read and its event).  Each event is a complete ("X")
 * event, written at its exit; an exit without its enter is dropped, one
 * that skips frames closes them there, and frames still open at the end
 * (exit, a signal, the disk limit) are closed at that moment: every
 * track is well nested (trun_tl_walk, which report/otf2.c's archive
 * walks too).  zlib is loaded with dlopen when compressing.
 */
#define _GNU_SOURCE
#include "report/writers.h"

#include <dlfcn.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "config/settings.h"

#if defined(__has_include)
#if __has_include(<zlib.h>)
#include <zlib.h>
#define TRUN_HAVE_ZLIB_H 1
#endif
#endif

static int written = 1;

int
trun_timeline_written (void)
{
  return written;
}

/* ---- the output: a buffer, written or deflated into the file ---- */
#define SINK_BUF (1u << 16)
struct sink
{
  FILE *out;
  char buf[SINK_BUF];
  size_t len;
  int err;
#ifdef TRUN_HAVE_ZLIB_H
  z_stream *z;
  int (*deflate) (z_streamp, int);
  unsigned char zbuf[SINK_BUF];
#endif
};

static void
sink_drain (struct sink *s, int finish)
{
#ifdef TRUN_HAVE_ZLIB_H
  if (s->z)
    {
      s->z->next_in = (unsigned char *) s->buf;
      s->z->avail_in = (unsigned) s->len;
      int rc;
      do
        {
          s->z->next_out = s->zbuf;
          s->z->avail_out = sizeof s->zbuf;
          rc = s->deflate (s->z, finish ? Z_FINISH : Z_NO_FLUSH);
          size_t n = sizeof s->zbuf - s->z->avail_out;
          if (n && fwrite (s->zbuf, 1, n, s->out) != n)
            s->err = 1;
          if (rc == Z_STREAM_ERROR)
            s->err = 1;
        }
      while (s->z->avail_out == 0 || (finish && rc == Z_OK));
      s->len = 0;
      return;
    }
#endif
  (void) finish;
  if (s->len && fwrite (s->buf, 1, s->len, s->out) != s->len)
    s->err = 1;
  s->len = 0;
}

static void
sink_put (struct sink *s, const char *p, size_t n)
{
  while (n)
    {
      size_t room = SINK_BUF - s->len;
      size_t k = n < room ? n : room;
      memcpy (s->buf + s->len, p, k);
      s->len += k;
      p += k;
      n -= k;
      if (s->len == SINK_BUF)
        sink_drain (s, 0);
    }
}

static void
sink_str (struct sink *s, const char *p)
{
  sink_put (s, p, strlen (p));
}

static char *
fmt_u64 (char *end, unsigned long long v)
{
  do
    *--end = (char) ('0' + v % 10);
  while (v /= 10);
  return end;
}

static void
sink_u64 (struct sink *s, unsigned long long v)
{
  char b[24];
  char *p = fmt_u64 (b + sizeof b, v);
  sink_put (s, p, (size_t) (b + sizeof b - p));
}

/* NS nanoseconds as microseconds with three decimals.  */
static void
sink_us (struct sink *s, uint64_t ns)
{
  char b[32];
  char *end = b + sizeof b;
  char *p = end;
  unsigned frac = (unsigned) (ns % 1000);
  *--p = (char) ('0' + frac % 10);
  *--p = (char) ('0' + frac / 10 % 10);
  *--p = (char) ('0' + frac / 100);
  *--p = '.';
  p = fmt_u64 (p, ns / 1000);
  sink_put (s, p, (size_t) (end - p));
}

/* S as a JSON string, through the one escaper.  */
static char *
escaped (const char *str, size_t *len)
{
  char *buf = NULL;
  size_t n = 0;
  FILE *m = open_memstream (&buf, &n);
  if (!m)
    return NULL;
  flockfile (m);
  trun_json_string (m, str);
  funlockfile (m);
  fclose (m);
  *len = n;
  return buf;
}

/* ---- one thread's events ---- */

struct names
{
  char **s;
  size_t *len;
  uint32_t n;
  const struct trun_timeline *tl;
};

static const char *
name_of (struct names *nm, uint32_t id, size_t *len)
{
  static const char unknown[] = "\"?\"";
  if (id == 0 || id > nm->n)
    {
      *len = sizeof unknown - 1;
      return unknown;
    }
  if (!nm->s[id])
    {
      const char *raw = nm->tl->name (id);
      nm->s[id] = escaped (raw ? raw : "?", &nm->len[id]);
      if (!nm->s[id])
        {
          *len = sizeof unknown - 1;
          return unknown;
        }
    }
  *len = nm->len[id];
  return nm->s[id];
}

/* Events of a stream: its raw file in blocks, then its tail.  */
struct reader
{
  const struct trun_tl_stream *st;
  int fd;
  int in_tail;
  struct trun_tl_event block[4096];
  size_t n, at;
};

static void
reader_open (struct reader *rd, const struct trun_tl_stream *st)
{
  memset (rd, 0, sizeof *rd);
  rd->st = st;
  rd->fd = st->raw_path ? open (st->raw_path, O_RDONLY | O_CLOEXEC) : -1;
}

static const struct trun_tl_event *
reader_next (struct reader *rd)
{
  if (rd->in_tail)
    return rd->at < rd->st->ntail ? &rd->st->tail[rd->at++] : NULL;
  if (rd->at == rd->n && rd->fd >= 0)
    {
      ssize_t r = read (rd->fd, rd->block, sizeof rd->block);
      rd->n = r > 0 ? (size_t) r / sizeof rd->block[0] : 0;
      rd->at = 0;
      if (rd->n == 0)
        {
          close (rd->fd);
          rd->fd = -1;
        }
    }
  if (rd->at < rd->n)
    return &rd->block[rd->at++];
  rd->in_tail = 1;
  rd->at = 0;
  return reader_next (rd);
}

static void
reader_close (struct reader *rd)
{
  if (rd->fd >= 0)
    close (rd->fd);
}

struct open_frame
{
  uint32_t id;
  uint64_t start;
};

struct track
{
  struct open_frame *f;
  size_t depth, cap;
};

struct emit
{
  struct sink *s;
  struct names *nm;
  long pid;
  int first;
  uint64_t count;
  long tid[2]; /* the stream's track per domain */
};

static void
emit_x (void *ctx, int d, uint32_t id, uint64_t start, uint64_t end)
{
  struct emit *e = ctx;
  size_t len;
  const char *name = name_of (e->nm, id, &len);
  sink_str (e->s, e->first ? "\n{\"ph\":\"X\",\"pid\":" : ",\n{\"ph\":\"X\",\"pid\":");
  e->first = 0;
  sink_u64 (e->s, (unsigned long long) e->pid);
  sink_str (e->s, ",\"tid\":");
  sink_u64 (e->s, (unsigned long long) e->tid[d]);
  sink_str (e->s, ",\"ts\":");
  sink_us (e->s, start);
  sink_str (e->s, ",\"dur\":");
  sink_us (e->s, end - start);
  sink_str (e->s, ",\"name\":");
  sink_put (e->s, name, len);
  sink_str (e->s, "}");
  e->count++;
}

static void
emit_meta (struct emit *e, long tid, const char *what, const char *key,
           const char *value, long num)
{
  sink_str (e->s, e->first ? "\n{\"ph\":\"M\",\"pid\":" : ",\n{\"ph\":\"M\",\"pid\":");
  e->first = 0;
  sink_u64 (e->s, (unsigned long long) e->pid);
  if (tid >= 0)
    {
      sink_str (e->s, ",\"tid\":");
      sink_u64 (e->s, (unsigned long long) tid);
    }
  sink_str (e->s, ",\"name\":\"");
  sink_str (e->s, what);
  sink_str (e->s, "\",\"args\":{\"");
  sink_str (e->s, key);
  sink_str (e->s, "\":");
  if (value)
    {
      size_t len;
      char *v = escaped (value, &len);
      if (v)
        sink_put (e->s, v, len);
      else
        sink_str (e->s, "\"\"");
      free (v);
    }
  else
    sink_u64 (e->s, (unsigned long long) num);
  sink_str (e->s, "}}");
}

static int
push (struct track *t, uint32_t id, uint64_t ns)
{
  if (t->depth == t->cap)
    {
      size_t cap = t->cap ? t->cap * 2 : 256;
      struct open_frame *f = realloc (t->f, cap * sizeof *f);
      if (!f)
        return -1;
      t->f = f;
      t->cap = cap;
    }
  t->f[t->depth++] = (struct open_frame){ id, ns };
  return 0;
}

int
trun_tl_walk (const struct trun_timeline *tl, const struct trun_tl_stream *st,
              const struct trun_tl_visitor *v)
{
  struct track tr[2];
  memset (tr, 0, sizeof tr);
  int lost = 0;
  double ns_per_tick = tl->tick_seconds * 1e9;
  uint64_t last = 0;
  struct reader rd;
  reader_open (&rd, st);
  for (const struct trun_tl_event *ev; (ev = reader_next (&rd));)
    {
      int d = (int) (ev->kind >> TRUN_TL_DOMAIN_SHIFT) & 1;
      if ((ev->kind >> TRUN_TL_DOMAIN_SHIFT) > 1 || ev->id == 0)
        continue; /* not an event */
      double x = ev->tick > tl->start_tick
                     ? (double) (ev->tick - tl->start_tick) * ns_per_tick
                     : 0.0;
      uint64_t ns = (uint64_t) (x + 0.5);
      if (ns < last)
        ns = last;
      last = ns;
      struct track *t = &tr[d];
      if (!(ev->kind & TRUN_TL_EXIT))
        {
          if (push (t, ev->id, ns) != 0)
            lost = 1;
          else if (v->enter)
            v->enter (v->ctx, d, ev->id, ns);
          continue;
        }
      size_t i = t->depth;
      while (i > 0 && t->f[i - 1].id != ev->id)
        i--;
      if (i == 0)
        continue; /* its enter was not recorded */
      while (t->depth >= i)
        {
          struct open_frame *f = &t->f[--t->depth];
          v->leave (v->ctx, d, f->id, f->start, ns);
        }
    }
  reader_close (&rd);
  uint64_t end = last;
  if (st->close_tick > tl->start_tick)
    {
      uint64_t c = (uint64_t) ((double) (st->close_tick - tl->start_tick)
                                   * ns_per_tick + 0.5);
      if (c > end)
        end = c;
    }
  for (int d = 0; d < 2; d++)
    {
      while (tr[d].depth > 0)
        {
          struct open_frame *f = &tr[d].f[--tr[d].depth];
          v->leave (v->ctx, d, f->id, f->start, end);
        }
      free (tr[d].f);
    }
  return lost;
}

int
trun_tl_stream_domains (const struct trun_tl_stream *st)
{
  int mask = 0;
  struct reader rd;
  reader_open (&rd, st);
  for (const struct trun_tl_event *ev; (ev = reader_next (&rd)) && mask != 3;)
    if ((ev->kind >> TRUN_TL_DOMAIN_SHIFT) <= 1 && ev->id)
      mask |= 1 << ((ev->kind >> TRUN_TL_DOMAIN_SHIFT) & 1);
  reader_close (&rd);
  return mask;
}

void
trun_tl_process_name (const struct trun_report *r, char *buf, size_t size)
{
  int rank = r->info ? r->info->rank : -1;
  if (rank >= 0)
    {
      snprintf (buf, size, "rank %d", rank);
      return;
    }
  const char *cmd = r->info && r->info->command_line ? r->info->command_line
                                                     : "";
  size_t n = strcspn (cmd, " ");
  const char *base = cmd;
  for (size_t i = 0; i < n; i++)
    if (cmd[i] == '/')
      base = cmd + i + 1;
  snprintf (buf, size, "%.*s", (int) (n - (size_t) (base - cmd)), base);
}

void
trun_tl_thread_name (const struct trun_tl_stream *st, char *buf, size_t size)
{
  if (st->role == TRUN_TL_MAIN)
    snprintf (buf, size, "main");
  else if (st->role == TRUN_TL_OMP)
    snprintf (buf, size, "OpenMP worker %u", st->index);
  else
    snprintf (buf, size, "pthread %u", st->index);
}

#define TRACK_REGIONS 1000000L /* tid offset of a second track */

static void
write_doc (struct sink *s, const struct trun_report *r)
{
  const struct trun_timeline *tl = r->timeline;
  struct names nm = { NULL, NULL, tl->nnames, tl };
  nm.s = calloc ((size_t) tl->nnames + 1, sizeof *nm.s);
  nm.len = calloc ((size_t) tl->nnames + 1, sizeof *nm.len);
  if (!nm.s || !nm.len)
    nm.n = 0;
  struct emit e = { s, &nm, 0, 1, 0, { 0, 0 } };
  int rank = r->info ? r->info->rank : -1;
  e.pid = rank >= 0 ? rank : (r->info ? r->info->pid : (long) getpid ());
  sink_str (s, "{\"traceEvents\":[");
  char pname[256];
  trun_tl_process_name (r, pname, sizeof pname);
  emit_meta (&e, -1, "process_name", "name", pname, 0);
  for (size_t i = 0; i < tl->nstreams; i++)
    {
      const struct trun_tl_stream *st = &tl->streams[i];
      char tname[64];
      trun_tl_thread_name (st, tname, sizeof tname);
      int dm = trun_tl_stream_domains (st);
      long *tid = e.tid; /* indexed by domain: region 0, trace 1 */
      tid[TRUN_DOMAIN_REGION] = tid[TRUN_DOMAIN_TRACE] = (long) st->index;
      if (dm == 3)
        tid[TRUN_DOMAIN_REGION] = (long) st->index + TRACK_REGIONS;
      emit_meta (&e, (long) st->index, "thread_name", "name", tname, 0);
      emit_meta (&e, (long) st->index, "thread_sort_index", "sort_index",
                 NULL, (long) st->index);
      if (dm == 3)
        {
          char rname[80];
          snprintf (rname, sizeof rname, "%s: regions", tname);
          emit_meta (&e, tid[TRUN_DOMAIN_REGION], "thread_name", "name",
                     rname, 0);
          emit_meta (&e, tid[TRUN_DOMAIN_REGION], "thread_sort_index",
                     "sort_index", NULL, (long) st->index);
        }
      struct trun_tl_visitor v = { &e, NULL, emit_x };
      trun_tl_walk (tl, st, &v);
    }
  sink_str (s, "\n],\n\"displayTimeUnit\":\"ns\",\n\"metadata\":{"
               "\"producer\":\"trun\",\"events\":");
  sink_u64 (s, e.count);
  sink_str (s, ",\"raw_bytes\":");
  sink_u64 (s, tl->raw_bytes);
  sink_str (s, ",\"threads\":");
  sink_u64 (s, tl->nstreams);
  sink_str (s, ",\"stopped\":");
  sink_str (s, tl->stopped ? "true" : "false");
  if (tl->stopped)
    {
      sink_str (s, ",\"stopped_at_us\":");
      double x = (double) (tl->stopped_tick - tl->start_tick)
                 * tl->tick_seconds * 1e9;
      sink_us (s, x > 0 ? (uint64_t) x : 0);
    }
  sink_str (s, ",\"max_mb\":");
  sink_u64 (s, (unsigned long long) tl->max_mb);
  sink_str (s, "}}\n");
  for (uint32_t i = 0; nm.s && i <= nm.n; i++)
    free (nm.s[i]);
  free (nm.s);
  free (nm.len);
}

static int
chrome_file (const struct trun_report *r)
{
  const struct trun_timeline *tl = r->timeline;
  struct sink *s = calloc (1, sizeof *s);
  if (!s)
    return 1;
  int compress = tl->compress;
#ifdef TRUN_HAVE_ZLIB_H
  void *zlib = NULL;
  z_stream zs;
  int (*end) (z_streamp) = NULL;
  if (compress)
    {
      zlib = dlopen ("libz.so.1", RTLD_NOW | RTLD_LOCAL);
      int (*init) (z_streamp, int, int, int, int, int, const char *, int)
          = zlib ? (int (*) (z_streamp, int, int, int, int, int, const char *,
                             int)) dlsym (zlib, "deflateInit2_")
                 : NULL;
      s->deflate = zlib ? (int (*) (z_streamp, int)) dlsym (zlib, "deflate")
                        : NULL;
      end = zlib ? (int (*) (z_streamp)) dlsym (zlib, "deflateEnd") : NULL;
      memset (&zs, 0, sizeof zs);
      /* Level 1, the fastest (in make bench, about 250 ns an event
         against 550 at level 6, for 3.2 bytes an event against 2.7);
         15 + 16: a gzip wrapper.  */
      if (init && s->deflate && end
          && init (&zs, 1, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY,
                   ZLIB_VERSION, (int) sizeof zs) == Z_OK)
        s->z = &zs;
      else
        {
          trun_warn ("TRUN_TIMELINE_COMPRESS: zlib (libz.so.1) could not be "
                     "loaded: the timeline is written uncompressed");
          compress = 0;
        }
    }
#else
  if (compress)
    {
      trun_warn ("TRUN_TIMELINE_COMPRESS: built without zlib's header: "
                 "the timeline is written uncompressed");
      compress = 0;
    }
#endif
  struct trun_out *o
      = trun_out_open (r, compress ? "timeline.json.gz" : "timeline.json");
  int rc = 1;
  if (o)
    {
      s->out = trun_out_stream (o);
      write_doc (s, r);
      sink_drain (s, 1);
      if (s->err)
        fputs ("", s->out); /* the close below reports the error */
      rc = trun_out_close (o) != 0 || s->err;
    }
#ifdef TRUN_HAVE_ZLIB_H
  if (s->z)
    end (s->z);
  if (zlib)
    dlclose (zlib);
#endif
  free (s);
  return rc;
}

/* The formats TRUN_TIMELINE_FORMAT asks for; the Chrome JSON instead of
   an OTF2 archive that cannot be written here.  */
static int
timeline_files (const struct trun_report *r)
{
  if (!r->timeline || r->kind != TRUN_REPORT_PROCESS
      || !r->settings->file_output)
    return 0;
  written = 0;
  int format = r->settings->timeline_format, rc = 0;
  if (format & TRUN_TIMELINE_OTF2)
    {
      int otf2 = trun_timeline_otf2 (r);
      if (otf2 < 0)
        format |= TRUN_TIMELINE_CHROME;
      else
        rc |= otf2;
    }
  if (format & TRUN_TIMELINE_CHROME)
    rc |= chrome_file (r);
  written = rc == 0;
  return rc;
}

const struct trun_writer trun_timeline_writer = { "timeline", timeline_files,
                                                  NULL };
