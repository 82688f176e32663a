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

/* Events of a stream: its raw file's words in blocks, then its tail's,
   decoded in order.  */
struct reader
{
  const struct trun_tl_stream *st;
  int fd;
  int in_tail;
  trun_tl_word block[4096];
  size_t n, at;
  uint64_t left; /* bytes of the raw file still to read */
  struct trun_tl_decoder dec;
  struct trun_tl_event ev;
};

static void
reader_open (struct reader *rd, const struct trun_tl_stream *st)
{
  memset (rd, 0, sizeof *rd);
  rd->st = st;
  rd->fd = st->raw_path ? open (st->raw_path, O_RDONLY | O_CLOEXEC) : -1;
  rd->left = st->raw_bytes ? st->raw_bytes : UINT64_MAX;
}

/* The stream's next word into *W: 1, or 0 at its end.  */
static int
reader_word (struct reader *rd, trun_tl_word *w)
{
  if (!rd->in_tail)
    {
      if (rd->at == rd->n && rd->fd >= 0)
        {
          size_t want = sizeof rd->block < rd->left ? sizeof rd->block
                                                     : (size_t) rd->left;
          ssize_t r = want ? read (rd->fd, rd->block, want) : 0;
          rd->n = r > 0 ? (size_t) r / sizeof rd->block[0] : 0;
          rd->left -= r > 0 ? (uint64_t) r : 0;
          rd->at = 0;
          if (rd->n == 0)
            {
              close (rd->fd);
              rd->fd = -1;
            }
        }
      if (rd->at < rd->n)
        {
          *w = rd->block[rd->at++];
          return 1;
        }
      rd->in_tail = 1;
      rd->at = 0;
    }
  if (rd->at >= rd->st->ntail)
    return 0;
  *w = rd->st->tail[rd->at++];
  return 1;
}

static const struct trun_tl_event *
reader_next (struct reader *rd)
{
  for (trun_tl_word w; reader_word (rd, &w);)
    if (trun_tl_decode (&rd->dec, w, &rd->ev))
      return &rd->ev;
  return NULL;
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
  uint32_t flow_from; /* forked by the thread of this index... */
  uint64_t start;
  uint64_t fork;      /* ...at this time (0: no flow) */
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
  uint64_t flows;
  uint64_t flow_base; /* flow ids unique across a job's processes */
  const struct trun_timeline *tl;
  const long (*tids)[2]; /* per stream, its tid per domain */
  long tid[2];           /* the stream walked: its track per domain */
};

static void
emit_comma (struct emit *e)
{
  sink_str (e->s, e->first ? "\n" : ",\n");
  e->first = 0;
}

static void
emit_x (void *ctx, int d, uint32_t id, uint64_t start, uint64_t end)
{
  struct emit *e = ctx;
  long tid = e->tid[d];
  size_t len;
  const char *name = name_of (e->nm, id, &len);
  emit_comma (e);
  sink_str (e->s, "{\"ph\":\"X\",\"pid\":");
  sink_u64 (e->s, (unsigned long long) e->pid);
  sink_str (e->s, ",\"tid\":");
  sink_u64 (e->s, (unsigned long long) tid);
  sink_str (e->s, ",\"ts\":");
  sink_us (e->s, start);
  sink_str (e->s, ",\"dur\":");
  sink_us (e->s, end - start);
  sink_str (e->s, ",\"name\":");
  sink_put (e->s, name, len);
  sink_str (e->s, "}");
  e->count++;
}

/* The tid of the stream of trun thread INDEX in domain D.  */
static long
stream_tid (const struct emit *e, unsigned index, int d)
{
  for (size_t i = 0; e->tids && i < e->tl->nstreams; i++)
    if (e->tl->streams[i].index == index)
      return e->tids[i][d];
  return (long) index;
}

/* The flow from a fork (on thread FROM's track of domain D, at FORK) to
   the body that starts at START on the walked stream's track and ends at
   END: Perfetto draws it as an arrow.  The end binds to the enclosing
   slice ("bp": "e"), so it is put inside the body.  */
static void
emit_flow (void *ctx, int d, unsigned from, uint64_t fork, uint64_t start,
           uint64_t end)
{
  struct emit *e = ctx;
  long tid = e->tid[d];
  uint64_t id = e->flow_base + ++e->flows;
  emit_comma (e);
  sink_str (e->s, "{\"ph\":\"s\",\"cat\":\"omp\",\"name\":\"fork\",\"id\":");
  sink_u64 (e->s, id);
  sink_str (e->s, ",\"pid\":");
  sink_u64 (e->s, (unsigned long long) e->pid);
  sink_str (e->s, ",\"tid\":");
  sink_u64 (e->s, (unsigned long long) stream_tid (e, from, d));
  sink_str (e->s, ",\"ts\":");
  sink_us (e->s, fork);
  sink_str (e->s, "},\n{\"ph\":\"f\",\"bp\":\"e\",\"cat\":\"omp\",\"name\":\"fork\",\"id\":");
  sink_u64 (e->s, id);
  sink_str (e->s, ",\"pid\":");
  sink_u64 (e->s, (unsigned long long) e->pid);
  sink_str (e->s, ",\"tid\":");
  sink_u64 (e->s, (unsigned long long) tid);
  sink_str (e->s, ",\"ts\":");
  sink_us (e->s, end - start >= 2 ? start + 1 : start);
  sink_str (e->s, "}");
}

static void
emit_meta (struct emit *e, long tid, const char *what, const char *key,
           const char *value, long num)
{
  emit_comma (e);
  sink_str (e->s, "{\"ph\":\"M\",\"pid\":");
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
  t->f[t->depth++] = (struct open_frame){ id, 0, ns, 0 };
  return 0;
}

/* A frame closes at END: its complete event, and its flow if it has one. */
static void
close_frame (const struct trun_tl_visitor *v, struct track *t, int d,
             uint64_t end)
{
  struct open_frame *f = &t->f[--t->depth];
  v->leave (v->ctx, d, f->id, f->start, end);
  if (f->fork && v->flow)
    v->flow (v->ctx, d, f->flow_from, f->fork, f->start, end);
}

/* TICK in nanoseconds from time 0 (with sync points: on the job's
   axis), never below 0.  */
static double
local_ns (const struct trun_timeline *tl, uint64_t tick)
{
  return tick >= tl->start_tick
             ? (double) (tick - tl->start_tick) * tl->tick_seconds * 1e9
             : -(double) (tl->start_tick - tick) * tl->tick_seconds * 1e9;
}

static uint64_t
tick_ns (const struct trun_timeline *tl, uint64_t tick)
{
  double x = local_ns (tl, tick);
  if (tl->nsync > 0)
    {
      const struct trun_tl_sync *a = &tl->sync[0], *b = &tl->sync[1];
      double xa = local_ns (tl, a->tick), off = (double) a->ref_ns - xa;
      if (tl->nsync > 1 && b->tick != a->tick)
        {
          double xb = local_ns (tl, b->tick);
          off += ((double) b->ref_ns - xb - off) * (x - xa) / (xb - xa);
        }
      x += off;
    }
  return x > 0 ? (uint64_t) (x + 0.5) : 0;
}

int
trun_tl_walk (const struct trun_timeline *tl, const struct trun_tl_stream *st,
              const struct trun_tl_visitor *v)
{
  struct track tr[2];
  memset (tr, 0, sizeof tr);
  int lost = 0;
  uint64_t last = 0;
  struct reader rd;
  reader_open (&rd, st);
  for (const struct trun_tl_event *ev; (ev = reader_next (&rd));)
    {
      int d = (int) (ev->kind >> TRUN_TL_DOMAIN_SHIFT) & 1;
      if ((ev->kind & ~(uint32_t) (1u << TRUN_TL_DOMAIN_SHIFT))
          == TRUN_TL_FLOW)
        {
          /* The body just entered is the track's only frame (its enter
             not recorded: no flow).  The fork's time is another
             thread's: not part of this one's order.  */
          if (tr[d].depth == 1 && !tr[d].f[0].fork)
            {
              tr[d].f[0].flow_from = ev->id;
              tr[d].f[0].fork = tick_ns (tl, ev->tick);
              if (!tr[d].f[0].fork)
                tr[d].f[0].fork = 1;
            }
          continue;
        }
      if ((ev->kind >> TRUN_TL_DOMAIN_SHIFT) > 1 || ev->id == 0)
        continue; /* not an event */
      uint64_t ns = tick_ns (tl, ev->tick);
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
        close_frame (v, t, d, ns);
    }
  reader_close (&rd);
  uint64_t end = last;
  if (st->close_tick > tl->start_tick)
    {
      uint64_t c = tick_ns (tl, st->close_tick);
      if (c > end)
        end = c;
    }
  for (int d = 0; d < 2; d++)
    {
      while (tr[d].depth > 0)
        close_frame (v, &tr[d], d, end);
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

/* The events of R's timeline, the process's and threads' names first,
   into S as array elements (the first without a comma before it).  */
static void
write_events (struct sink *s, const struct trun_report *r,
              struct trun_tl_part *part)
{
  const struct trun_timeline *tl = r->timeline;
  struct names nm = { NULL, NULL, tl->nnames, tl };
  nm.s = calloc ((size_t) tl->nnames + 1, sizeof *nm.s);
  nm.len = calloc ((size_t) tl->nnames + 1, sizeof *nm.len);
  if (!nm.s || !nm.len)
    nm.n = 0;
  int rank = r->info ? r->info->rank : -1;
  struct emit e = { .s = s, .nm = &nm, .first = 1, .tl = tl };
  e.pid = rank >= 0 ? rank : (r->info ? r->info->pid : (long) getpid ());
  /* Flow ids: below 2^53 (JavaScript's exact integers) for 2^21 ranks.  */
  e.flow_base = (uint64_t) (rank > 0 ? rank : 0) << 32;
  char pname[256];
  trun_tl_process_name (r, pname, sizeof pname);
  emit_meta (&e, -1, "process_name", "name", pname, 0);
  /* Every stream's tids first: a flow starts on its forking thread's.  */
  long (*tids)[2] = calloc (tl->nstreams ? tl->nstreams : 1, sizeof *tids);
  int *dms = calloc (tl->nstreams ? tl->nstreams : 1, sizeof *dms);
  for (size_t i = 0; tids && dms && i < tl->nstreams; i++)
    {
      const struct trun_tl_stream *st = &tl->streams[i];
      dms[i] = trun_tl_stream_domains (st);
      /* indexed by domain: region 0, trace 1 */
      tids[i][TRUN_DOMAIN_REGION] = tids[i][TRUN_DOMAIN_TRACE] = (long) st->index;
      if (dms[i] == 3)
        tids[i][TRUN_DOMAIN_REGION] = (long) st->index + TRACK_REGIONS;
    }
  e.tids = (const long (*)[2]) tids;
  for (size_t i = 0; tids && dms && i < tl->nstreams; i++)
    {
      const struct trun_tl_stream *st = &tl->streams[i];
      char tname[64];
      trun_tl_thread_name (st, tname, sizeof tname);
      emit_meta (&e, (long) st->index, "thread_name", "name", tname, 0);
      emit_meta (&e, (long) st->index, "thread_sort_index", "sort_index",
                 NULL, (long) st->index);
      if (dms[i] == 3)
        {
          char rname[80];
          snprintf (rname, sizeof rname, "%s: regions", tname);
          emit_meta (&e, tids[i][TRUN_DOMAIN_REGION], "thread_name", "name",
                     rname, 0);
          emit_meta (&e, tids[i][TRUN_DOMAIN_REGION], "thread_sort_index",
                     "sort_index", NULL, (long) st->index);
        }
      e.tid[0] = tids[i][0];
      e.tid[1] = tids[i][1];
      struct trun_tl_visitor v = { &e, NULL, emit_x, emit_flow };
      trun_tl_walk (tl, st, &v);
    }
  free (tids);
  free (dms);
  for (uint32_t i = 0; nm.s && i <= nm.n; i++)
    free (nm.s[i]);
  free (nm.s);
  free (nm.len);
  memset (part, 0, sizeof *part);
  part->pid = e.pid;
  part->rank = rank;
  part->events = e.count;
  part->flows = e.flows;
  part->raw_bytes = tl->raw_bytes;
  part->threads = tl->nstreams;
  part->stopped = tl->stopped;
  part->stopped_at_ns = tl->stopped ? tick_ns (tl, tl->stopped_tick) : 0;
  part->max_mb = tl->max_mb;
  part->nsync = tl->nsync;
  for (int i = 0; i < tl->nsync && i < 2; i++)
    {
      part->offset_ns[i] = (int64_t) tick_ns (tl, tl->sync[i].tick)
                           - (int64_t) (local_ns (tl, tl->sync[i].tick) + 0.5);
      part->error_ns[i] = tl->sync[i].error_ns;
    }
}

/* NS signed, in microseconds with three decimals.  */
static void
sink_sus (struct sink *s, int64_t ns)
{
  if (ns < 0)
    sink_str (s, "-");
  sink_us (s, ns < 0 ? (uint64_t) -ns : (uint64_t) ns);
}

static void
write_trailer (struct sink *s, const struct trun_tl_part *parts, size_t n)
{
  uint64_t events = 0, raw = 0, threads = 0, flows = 0;
  int stopped = 0;
  for (size_t i = 0; i < n; i++)
    {
      events += parts[i].events;
      raw += parts[i].raw_bytes;
      threads += parts[i].threads;
      flows += parts[i].flows;
      stopped |= parts[i].stopped;
    }
  sink_str (s, "\n],\n\"displayTimeUnit\":\"ns\",\n\"metadata\":{"
               "\"producer\":\"trun\",\"events\":");
  sink_u64 (s, events);
  sink_str (s, ",\"flows\":");
  sink_u64 (s, flows);
  sink_str (s, ",\"raw_bytes\":");
  sink_u64 (s, raw);
  sink_str (s, ",\"threads\":");
  sink_u64 (s, threads);
  sink_str (s, ",\"stopped\":");
  sink_str (s, stopped ? "true" : "false");
  if (n == 1 && parts[0].stopped)
    {
      sink_str (s, ",\"stopped_at_us\":");
      sink_us (s, parts[0].stopped_at_ns);
    }
  sink_str (s, ",\"max_mb\":");
  sink_u64 (s, (unsigned long long) (n ? parts[0].max_mb : 0));
  sink_str (s, ",\"processes\":[");
  for (size_t i = 0; i < n; i++)
    {
      const struct trun_tl_part *p = &parts[i];
      sink_str (s, i ? ",\n {\"pid\":" : "\n {\"pid\":");
      sink_u64 (s, (unsigned long long) p->pid);
      if (p->rank >= 0)
        {
          sink_str (s, ",\"rank\":");
          sink_u64 (s, (unsigned long long) p->rank);
        }
      sink_str (s, ",\"events\":");
      sink_u64 (s, p->events);
      sink_str (s, ",\"threads\":");
      sink_u64 (s, p->threads);
      sink_str (s, ",\"stopped\":");
      sink_str (s, p->stopped ? "true" : "false");
      if (p->stopped)
        {
          sink_str (s, ",\"stopped_at_us\":");
          sink_us (s, p->stopped_at_ns);
        }
      if (p->missing)
        sink_str (s, ",\"missing\":true");
      if (p->nsync > 0)
        {
          /* What was added to the process's own times (from its start)
             at its sync points, and the bound on that offset's error.  */
          sink_str (s, ",\"clock_offset_us\":[");
          for (int k = 0; k < p->nsync && k < 2; k++)
            {
              if (k)
                sink_str (s, ",");
              sink_sus (s, p->offset_ns[k]);
            }
          sink_str (s, "],\"clock_error_us\":[");
          for (int k = 0; k < p->nsync && k < 2; k++)
            {
              if (k)
                sink_str (s, ",");
              sink_us (s, p->error_ns[k]);
            }
          sink_str (s, "]");
        }
      sink_str (s, "}");
    }
  sink_str (s, "]}}\n");
}

/* ---- the file: one process's events, or a job's processes in turn ---- */

struct trun_tl_job
{
  struct sink s;
  struct trun_out *o;
  int parts;
  int compress;
#ifdef TRUN_HAVE_ZLIB_H
  void *zlib;
  z_stream zs;
  int (*end) (z_streamp);
#endif
};

struct trun_tl_job *
trun_timeline_job_open (const struct trun_report *r, int compress)
{
  struct trun_tl_job *j = calloc (1, sizeof *j);
  if (!j)
    return NULL;
#ifdef TRUN_HAVE_ZLIB_H
  if (compress)
    {
      j->zlib = dlopen ("libz.so.1", RTLD_NOW | RTLD_LOCAL);
      int (*init) (z_streamp, int, int, int, int, int, const char *, int)
          = j->zlib ? (int (*) (z_streamp, int, int, int, int, int,
                                const char *, int)) dlsym (j->zlib,
                                                           "deflateInit2_")
                    : NULL;
      j->s.deflate = j->zlib ? (int (*) (z_streamp, int)) dlsym (j->zlib,
                                                                 "deflate")
                             : NULL;
      j->end = j->zlib ? (int (*) (z_streamp)) dlsym (j->zlib, "deflateEnd")
                       : NULL;
      /* Level 1, the fastest (in make bench, about 250 ns an event
         against 550 at level 6, for 3.2 bytes an event against 2.7);
         15 + 16: a gzip wrapper.  */
      if (init && j->s.deflate && j->end
          && init (&j->zs, 1, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY,
                   ZLIB_VERSION, (int) sizeof j->zs) == Z_OK)
        j->s.z = &j->zs;
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
  j->compress = compress;
  j->o = trun_out_open (r, compress ? "timeline.json.gz" : "timeline.json");
  if (!j->o)
    {
      trun_timeline_job_close (j, NULL, 0);
      return NULL;
    }
  j->s.out = trun_out_stream (j->o);
  sink_str (&j->s, "{\"traceEvents\":[");
  return j;
}

void
trun_timeline_job_bytes (struct trun_tl_job *j, const void *p, size_t n,
                         int first)
{
  if (first && j->parts++)
    sink_str (&j->s, ",");
  sink_put (&j->s, p, n);
}

void
trun_timeline_job_process (struct trun_tl_job *j, const struct trun_report *r,
                           struct trun_tl_part *part)
{
  if (j->parts++)
    sink_str (&j->s, ",");
  write_events (&j->s, r, part);
}

int
trun_timeline_job_close (struct trun_tl_job *j,
                         const struct trun_tl_part *parts, size_t n)
{
  int rc = 1;
  if (j->o)
    {
      write_trailer (&j->s, parts, n);
      sink_drain (&j->s, 1);
      if (j->s.err)
        fputs ("", j->s.out); /* the close below reports the error */
      rc = trun_out_close (j->o) != 0 || j->s.err;
    }
#ifdef TRUN_HAVE_ZLIB_H
  if (j->s.z)
    j->end (j->s.z);
  if (j->zlib)
    dlclose (j->zlib);
#endif
  free (j);
  return rc;
}

int
trun_timeline_part_write (const struct trun_report *r, FILE *out,
                          struct trun_tl_part *part)
{
  written = 0;
  struct sink *s = calloc (1, sizeof *s);
  if (!s)
    return 1;
  s->out = out;
  write_events (s, r, part);
  sink_drain (s, 1);
  int rc = s->err || fflush (out) != 0;
  free (s);
  written = rc == 0;
  return rc;
}

static int
chrome_file (const struct trun_report *r)
{
  struct trun_tl_job *j = trun_timeline_job_open (r, r->timeline->compress);
  if (!j)
    return 1;
  struct trun_tl_part part;
  trun_timeline_job_process (j, r, &part);
  return trun_timeline_job_close (j, &part, 1);
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
