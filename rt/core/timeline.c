/* rt/core/timeline.c -- TRUN_TIMELINE: every measured enter and exit as
 * an 8-byte word (core/timeline.h) in a buffer of its thread
 * (TRUN_TIMELINE_BUFFER bytes, made with the thread's state).  The
 * markers (entry/markers.c, core/frames.c) put events with
 * trun_tl_put (core/core.h): no lock, no allocation, no system call.  A
 * full buffer is written by its own thread, in one write(2) with every
 * signal held (async-signal-safe: a handler's markers may fill it), to
 * the thread's raw file in a private directory made in the output
 * directory, and reused; the raw files together stay under
 * TRUN_TIMELINE_MAX_MB, past which recording stops (one warning at
 * finalize).  At finalize trun_tl_finish hands the report layer the raw
 * files and the buffers' last events (report/timeline.c writes the
 * trace), and trun_tl_cleanup removes the files.
 *
 * The one exception to "the core never writes a file": the raw blocks,
 * which must be written from the recording thread, with system calls a
 * signal handler may make.
 */
#define _GNU_SOURCE
#include "core/core.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <regex.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/uio.h>
#include <stdio.h>
#include <time.h>
#include <unistd.h>

static int tl_on;
static char *tl_out;            /* the output directory */
static char tl_dir[PATH_MAX];   /* the private directory, once made */
static int tl_dir_state;        /* 0 not made, 1 being made, 2 made, 3 failed */
static uint64_t tl_limit;       /* bytes; 0: no limit */
static uint64_t tl_disk;        /* bytes written, every thread */
static int tl_final;            /* finalize began: nothing more written */
static int tl_stopped;          /* the disk limit was reached */
static uint64_t tl_stopped_tick;
static uint64_t tl_start;
static struct trun_tl *tl_list; /* every buffer made, newest first */
static int tl_index_fd = -1;    /* the private directory's index */
static uint32_t tl_names_on_disk; /* name ids 1.. written to the index */
static int tl_names_lock;
static int tl_rank = -1;
static struct trun_tl_rec_start tl_start_rec;
static struct trun_timeline model;
static struct trun_tl_stream *streams;

/* TRUN_TIMELINE_INCLUDE or _EXCLUDE set: every event goes through
   trun_tl_put_other, which tests the name (buffers' NEAR say so).  */
static int tl_filtered;
static regex_t tl_inc, tl_exc;
static int have_inc, have_exc;

int
trun_tl_on (void)
{
  return tl_on;
}

void
trun_tl_init (const char *output_dir)
{
  if (!trun_settings.timeline || !trun_settings.enabled)
    return;
  tl_out = strdup (output_dir ? output_dir : trun_settings.output_path);
  if (!tl_out)
    return;
  tl_limit = (uint64_t) trun_settings.timeline_max_mb << 20;
  have_inc = trun_regex_setting (&tl_inc, trun_filters.timeline_include,
                                 "TRUN_TIMELINE_INCLUDE");
  have_exc = trun_regex_setting (&tl_exc, trun_filters.timeline_exclude,
                                 "TRUN_TIMELINE_EXCLUDE");
  tl_filtered = have_inc || have_exc;
  tl_start = trun_now ();
  /* The index's start record, made now (its strings copied outside any
     signal handler) and written with the directory.  */
  struct trun_tl_rec_start *h = &tl_start_rec;
  memcpy (h->magic, TRUN_TL_MAGIC, sizeof h->magic);
  h->start_tick = tl_start;
  trun_clock_start_pair (&h->pair_tick, &h->pair_ns);
  h->pid = getpid ();
  h->use_tsc = trun_use_tsc;
  h->rank = -1;
  snprintf (h->program, sizeof h->program, "%s", program_invocation_short_name);
  snprintf (h->prefix, sizeof h->prefix, "%s",
            trun_settings.output_prefix ? trun_settings.output_prefix : "");
  tl_on = 1;
}

/* ---- which names are recorded: one byte per id (0 not decided yet, 1
   yes, 2 no), in chunks that are never moved ---- */
#define SEL_CHUNK 4096u
#define SEL_CHUNKS 4096u /* 16M names */
static unsigned char *sel[SEL_CHUNKS];

/* Whether the timeline records name ID.  */
static int
selected (uint32_t id)
{
  uint32_t c = id / SEL_CHUNK;
  if (c >= SEL_CHUNKS)
    return 1;
  unsigned char *p = __atomic_load_n (&sel[c], __ATOMIC_ACQUIRE);
  if (p && p[id % SEL_CHUNK])
    return p[id % SEL_CHUNK] == 1;
  /* First sight of this name: decided once (regexec may allocate: the
     thread is busy, its signals held, meanwhile).  */
  struct trun_thread *t = trun_self;
  sigset_t old;
  if (t)
    trun_busy_enter (t, &old);
  if (!p)
    {
      unsigned char *fresh = trun_mem_alloc (SEL_CHUNK);
      unsigned char *none = NULL;
      if (fresh
          && !__atomic_compare_exchange_n (&sel[c], &none, fresh, 0,
                                           __ATOMIC_ACQ_REL,
                                           __ATOMIC_ACQUIRE))
        trun_mem_free (fresh, SEL_CHUNK);
      p = __atomic_load_n (&sel[c], __ATOMIC_ACQUIRE);
    }
  const char *name = trun_intern_name (id);
  int yes = 1;
  if (name && have_inc && regexec (&tl_inc, name, 0, NULL, 0) != 0)
    yes = 0;
  if (name && yes && have_exc && regexec (&tl_exc, name, 0, NULL, 0) == 0)
    yes = 0;
  if (p)
    __atomic_store_n (&p[id % SEL_CHUNK], yes ? 1 : 2, __ATOMIC_RELEASE);
  if (t)
    trun_busy_leave (t, &old);
  return yes;
}

/* ---- async-signal-safe helpers ---- */

static void
say (const char *text)
{
  ssize_t w = write (STDERR_FILENO, text, strlen (text));
  (void) w;
}

static size_t
put_str (char *buf, size_t at, size_t cap, const char *s)
{
  while (*s && at + 1 < cap)
    buf[at++] = *s++;
  buf[at] = '\0';
  return at;
}

static size_t
put_num (char *buf, size_t at, size_t cap, unsigned long long v)
{
  char tmp[24];
  int n = 0;
  do
    tmp[n++] = (char) ('0' + v % 10);
  while ((v /= 10) && n < 23);
  while (n > 0 && at + 1 < cap)
    buf[at++] = tmp[--n];
  buf[at] = '\0';
  return at;
}

/* PATH and every directory above it.  */
static void
make_dirs (char *path)
{
  for (char *p = path + 1; *p; p++)
    if (*p == '/')
      {
        *p = '\0';
        mkdir (path, 0777);
        *p = '/';
      }
  mkdir (path, 0777);
}

/* One record of the index: its header and payload (two parts, the
   second may be empty) in one write.  */
static void
index_put (uint32_t type, const void *a, size_t na, const void *b, size_t nb)
{
  if (tl_index_fd < 0)
    return;
  struct trun_tl_rec h = { type, (uint32_t) (na + nb) };
  struct iovec v[3] = { { &h, sizeof h }, { (void *) a, na }, { (void *) b, nb } };
  ssize_t w;
  do
    w = writev (tl_index_fd, v, nb ? 3 : 2);
  while (w < 0 && errno == EINTR);
}

/* Names of ids not yet in the index, before a block that may hold them
   is written (one thread at a time: signals are held, so the holder is
   never the waiting thread).  */
static void
index_names (void)
{
  uint32_t now = trun_intern_count ();
  if (tl_index_fd < 0
      || __atomic_load_n (&tl_names_on_disk, __ATOMIC_ACQUIRE) >= now)
    return;
  struct timespec tick = { 0, 100000 };
  while (__atomic_exchange_n (&tl_names_lock, 1, __ATOMIC_ACQUIRE))
    nanosleep (&tick, NULL);
  for (uint32_t id = tl_names_on_disk + 1; id <= now; id++)
    {
      const char *name = trun_intern_name (id);
      index_put (TRUN_TL_REC_NAME, &id, sizeof id, name, strlen (name));
    }
  if (now > tl_names_on_disk)
    __atomic_store_n (&tl_names_on_disk, now, __ATOMIC_RELEASE);
  __atomic_store_n (&tl_names_lock, 0, __ATOMIC_RELEASE);
}

/* The private directory, made by the first thread that needs it (the
   others wait: signals are held, so it is never the same thread).  */
static int
ensure_dir (void)
{
  int expected = 0;
  if (__atomic_compare_exchange_n (&tl_dir_state, &expected, 1, 0,
                                   __ATOMIC_ACQ_REL, __ATOMIC_ACQUIRE))
    {
      char out[PATH_MAX];
      put_str (out, 0, sizeof out, tl_out);
      make_dirs (out);
      int ok = 0;
      for (unsigned try = 0; try < 100 && !ok; try++)
        {
          size_t at = put_str (tl_dir, 0, sizeof tl_dir, tl_out);
          at = put_str (tl_dir, at, sizeof tl_dir, "/.trun-timeline-");
          at = put_num (tl_dir, at, sizeof tl_dir, (unsigned long long) getpid ());
          at = put_str (tl_dir, at, sizeof tl_dir, "-");
          put_num (tl_dir, at, sizeof tl_dir, (trun_now () >> 4) % 1000000 + try);
          if (mkdir (tl_dir, 0700) == 0)
            ok = 1;
          else if (errno != EEXIST)
            break;
        }
      if (ok)
        {
          char path[PATH_MAX];
          size_t at = put_str (path, 0, sizeof path, tl_dir);
          put_str (path, at, sizeof path, "/" TRUN_TL_INDEX);
          tl_index_fd = open (path, O_WRONLY | O_CREAT | O_EXCL | O_APPEND
                                        | O_CLOEXEC | O_NOFOLLOW, 0600);
          tl_start_rec.rank = __atomic_load_n (&tl_rank, __ATOMIC_SEQ_CST);
          index_put (TRUN_TL_REC_START, &tl_start_rec, sizeof tl_start_rec,
                     NULL, 0);
        }
      __atomic_store_n (&tl_dir_state, ok ? 2 : 3, __ATOMIC_RELEASE);
      if (!ok)
        say ("trun: timeline: cannot make a directory in the output "
                  "directory: recording stops\n");
    }
  struct timespec tick = { 0, 100000 };
  while (__atomic_load_n (&tl_dir_state, __ATOMIC_ACQUIRE) == 1)
    nanosleep (&tick, NULL);
  return __atomic_load_n (&tl_dir_state, __ATOMIC_ACQUIRE) == 2;
}

static void
raw_path (char *buf, size_t cap, unsigned index)
{
  size_t at = put_str (buf, 0, cap, tl_dir);
  at = put_str (buf, at, cap, "/");
  at = put_num (buf, at, cap, index);
  put_str (buf, at, cap, ".raw");
}

/* FD without O_DIRECT from now on (a last block, a single event).  */
static void
buffered (int fd)
{
  int fl = fcntl (fd, F_GETFL);
  if (fl >= 0 && (fl & O_DIRECT))
    fcntl (fd, F_SETFL, fl & ~O_DIRECT);
}

static void
stop (struct trun_tl *b)
{
  b->stopped = 1;
  if (b->slot)
    __atomic_store_n (b->slot, NULL, __ATOMIC_RELAXED);
}

/* Write COUNT events of B's buffer to its file: with every signal held,
   by B's thread (or by finalize, when it is the only one left).  */
static void
flush_block (struct trun_tl *b, uint64_t count)
{
  if (b->stopped || count == 0)
    return;
  __atomic_store_n (&b->flushing, 1, __ATOMIC_SEQ_CST);
  if (__atomic_load_n (&tl_final, __ATOMIC_SEQ_CST))
    {
      stop (b); /* finalize reads the buffer as it is */
      __atomic_store_n (&b->flushing, 0, __ATOMIC_SEQ_CST);
      return;
    }
  uint64_t bytes = count * sizeof (trun_tl_word);
  uint64_t total = __atomic_add_fetch (&tl_disk, bytes, __ATOMIC_ACQ_REL);
  if (tl_limit && total > tl_limit)
    {
      __atomic_sub_fetch (&tl_disk, bytes, __ATOMIC_ACQ_REL);
      int none = 0;
      if (__atomic_compare_exchange_n (&tl_stopped, &none, 1, 0,
                                       __ATOMIC_ACQ_REL, __ATOMIC_ACQUIRE))
        tl_stopped_tick = trun_now ();
      stop (b);
      __atomic_store_n (&b->flushing, 0, __ATOMIC_SEQ_CST);
      return;
    }
  if (b->fd < 0 && ensure_dir ())
    {
      char path[PATH_MAX];
      raw_path (path, sizeof path, b->index);
      /* Direct I/O where the file system has it: the block goes to the
         disk from the buffer, without a copy into the page cache (most
         of a buffered write's cost).  */
      b->fd = open (path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_DIRECT,
                    0600);
      if (b->fd < 0 && errno == EINVAL)
        b->fd = open (path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
    }
  index_names ();
  if (b->fd >= 0 && bytes % 4096)
    buffered (b->fd); /* direct I/O takes whole pages */
  const char *p = (const char *) b->ev;
  uint64_t left = bytes;
  while (b->fd >= 0 && left > 0)
    {
      ssize_t w = write (b->fd, p, left);
      if (w < 0 && errno == EINTR)
        continue;
      if (w <= 0)
        break;
      p += w;
      left -= (uint64_t) w;
    }
  b->written += bytes - left;
  if (b->fd >= 0)
    {
      struct trun_tl_rec_block rec = { b->index, b->role, b->tid, b->written,
                                       0, 0 };
      trun_clock_pair (&rec.pair_tick, &rec.pair_ns);
      index_put (TRUN_TL_REC_BLOCK, &rec, sizeof rec, NULL, 0);
    }
  if (left)
    {
      say ("trun: timeline: a raw block could not be written "
                "(disk full?): recording stops\n");
      stop (b);
    }
  __atomic_store_n (&b->flushing, 0, __ATOMIC_SEQ_CST);
}

/* Word J into its slot, with every signal held.  */
static void
put_word (struct trun_tl *b, uint64_t j, trun_tl_word w)
{
  trun_tl_word *slot = &b->ev[j & b->mask];
  if (j < b->flushed)
    {
      /* A handler wrote J's block out (slot J empty) between our claim
         and our fill: put the word where the file has it.  If the fill
         took the slot, now word J + CAP's (or a later lap's), that word
         has not come (its own fill would have found the slot taken and
         come here, to the store below): empty it for it.  (Its word is
         never W: a later tick.)  */
      if (*slot == w)
        *slot = TRUN_TL_WORD_EMPTY;
      if (!b->stopped && b->fd >= 0 && b->written >= (j + 1) * sizeof w)
        {
          buffered (b->fd);
          ssize_t r = pwrite (b->fd, &w, sizeof w, (off_t) (j * sizeof w));
          (void) r;
        }
      return;
    }
  /* Full: write the buffer out, once per whole buffer J is past (more
     than once only when handlers claimed a buffer's worth while an
     interrupted marker waited).  */
  while (!b->stopped && j - b->flushed >= b->cap)
    {
      flush_block (b, b->cap);
      /* Every slot empty again, for the fills' test; not when recording
         stopped (finalize may be reading the buffer as it is).  */
      _Static_assert (TRUN_TL_WORD_EMPTY == 0, "memset empties a slot");
      if (!b->stopped)
        memset (b->ev, 0, b->bytes);
      b->flushed += b->cap;
      b->limit += b->cap;
    }
  /* A store, not a fill: the slot may hold the late fill of word
     J - CAP, whose slow path (under way below us) then leaves it.  */
  if (!b->stopped)
    *slot = w;
}

/* Out of line (as put_long): the markers' paths that tail-call them
   save no register.  */
__attribute__ ((noinline)) void
trun_tl_put_slow (struct trun_tl *b, uint64_t j, trun_tl_word w)
{
  int saved = errno;
  sigset_t old;
  trun_signals_hold (&old);
  put_word (b, j, w);
  trun_signals_release (&old);
  errno = saved;
}

/* The reference of the short events after a long one at TICK; the fast
   path's test fails for every tick while filters are set.  */
static void
set_ref (struct trun_tl *b, uint64_t tick)
{
  b->ref_near = tick - TRUN_TL_NEAR;
  b->near = b->ref_near + (tl_filtered ? (uint64_t) 1 << 63 : 0);
}

/* A long event's two words, with every signal held.  */
static void
put_long_held (struct trun_tl *b, uint64_t tick, uint32_t id, uint32_t kind)
{
  /* Both words in one claim, so that no handler's word comes between
     them; the short events after it are near its tick.  */
  uint64_t j = trun_tl_claim (&b->n, 2);
  put_word (b, j, TRUN_TL_WORD_LONG | (trun_tl_word) (kind & 0xffffffu) << 8
                      | (trun_tl_word) id << 32);
  put_word (b, j + 1, tick);
  set_ref (b, tick);
}

__attribute__ ((noinline)) void
trun_tl_put_long (struct trun_tl *b, uint64_t tick, uint32_t id,
                  uint32_t kind)
{
  int saved = errno;
  sigset_t old;
  trun_signals_hold (&old);
  put_long_held (b, tick, id, kind);
  trun_signals_release (&old);
  errno = saved;
}

__attribute__ ((noinline)) void
trun_tl_put_other (struct trun_tl *b, uint64_t tick, uint32_t id,
                   uint32_t kind)
{
  if (tl_filtered && !selected (id))
    return;
  if (((tick - b->ref_near) / (2 * TRUN_TL_NEAR)) | (id / TRUN_TL_SHORT_IDS))
    trun_tl_put_long (b, tick, id, kind);
  else
    trun_tl_put_word (b, trun_tl_short_word (tick, id, kind));
}

/* Whether the fast exit's event is one short word: trun_tl_short_ok
   for a frame the markers' fast path takes, whose id is small
   (TRUN_FRAME_SLOW): only the tick is tested.  */
static inline int
exit_short_ok (const struct trun_tl *b, uint64_t tick)
{
  return trun_likely (!((tick - b->near) / (2 * TRUN_TL_NEAR)));
}

/* The exits of trun_tl_exit_event that go further out of line: any
   event (trun_tl_put), or short word W, claimed as word J, for
   trun_tl_put_slow; then N's sample.  */
static __attribute__ ((noinline)) TRUN_REALIGN void
exit_other (struct trun_desc *desc, struct trun_node *n, uint64_t end,
            uint64_t ticks, struct trun_tl *b, int d)
{
  trun_tl_put (b, end, trun_desc_id (desc), TRUN_TL_KIND (1, d));
  trun_wall_sample (desc, n, ticks);
}

static __attribute__ ((noinline)) TRUN_REALIGN void
exit_slow (struct trun_desc *desc, struct trun_node *n, uint64_t ticks,
           struct trun_tl *b, uint64_t j, trun_tl_word w)
{
  trun_tl_put_slow (b, j, w);
  trun_wall_sample (desc, n, ticks);
}

void
trun_tl_exit_event (struct trun_desc *desc, struct trun_node *n,
                    uint64_t end, uint64_t ticks, struct trun_tl *b, int d)
{
  if (!exit_short_ok (b, end))
    {
      exit_other (desc, n, end, ticks, b, d);
      return;
    }
  trun_tl_word w
      = trun_tl_short_word (end, trun_desc_id (desc), TRUN_TL_KIND (1, d));
  uint64_t j;
  if (!trun_tl_try_word (b, w, &j))
    {
      exit_slow (desc, n, ticks, b, j, w);
      return;
    }
  trun_wall_sample (desc, n, ticks);
}

/* ---- threads ---- */

void
trun_tl_thread_start (struct trun_thread *t)
{
  if (!tl_on || __atomic_load_n (&tl_stopped, __ATOMIC_ACQUIRE))
    return;
  struct trun_tl *b = trun_mem_alloc (sizeof *b);
  if (!b)
    return;
  /* A power of two of words, at most TRUN_TIMELINE_BUFFER.  */
  size_t bytes = 2 * sizeof (trun_tl_word);
  while (bytes * 2 <= (size_t) trun_settings.timeline_buffer)
    bytes *= 2;
  b->ev = trun_mem_alloc (bytes);
  if (!b->ev)
    {
      trun_mem_free (b, sizeof *b);
      return;
    }
  b->bytes = bytes;
  b->cap = bytes / sizeof (trun_tl_word);
  b->mask = b->cap - 1;
  /* The stream's first event, long: the reference of the short ones
     (id 0: no event a reader takes).  */
  uint64_t now = trun_now ();
  set_ref (b, now);
  b->ev[0] = TRUN_TL_WORD_LONG;
  b->ev[1] = now;
  b->limit = b->cap;
  b->n = 2;
  b->fd = -1;
  b->index = t->index;
  b->tid = t->tid;
  b->role = t->index == 0 ? TRUN_TL_MAIN : TRUN_TL_PTHREAD;
  b->slot = &t->tl;
  struct trun_tl *head = __atomic_load_n (&tl_list, __ATOMIC_ACQUIRE);
  do
    b->next = head;
  while (!__atomic_compare_exchange_n (&tl_list, &head, b, 1,
                                       __ATOMIC_ACQ_REL, __ATOMIC_ACQUIRE));
  t->tl = b;
}

/* T's state is about to be freed (its signals are held).  */
void
trun_tl_thread_end (struct trun_thread *t)
{
  struct trun_tl *b = t->tl;
  if (!b)
    {
      /* Stopped: find it to free its buffer.  */
      for (struct trun_tl *x = tl_list; x; x = x->next)
        if (x->slot == &t->tl)
          b = x;
      if (!b)
        return;
    }
  /* (A thread that recorded nothing but its start writes no file.)  */
  uint64_t n = b->n == 2 ? 0 : b->n - b->flushed;
  flush_block (b, n < b->cap ? n : b->cap);
  if (b->fd >= 0)
    close (b->fd);
  b->fd = -1;
  b->slot = NULL;
  t->tl = NULL;
  trun_tl_word *ev = b->ev;
  b->ev = NULL;
  trun_mem_free (ev, b->bytes);
}

void
trun_tl_set_rank (int rank, int size)
{
  if (!tl_on)
    return;
  __atomic_store_n (&tl_rank, rank, __ATOMIC_SEQ_CST);
  /* A directory being made reads the rank into its start record, or is
     made already: then a record of its own.  */
  struct timespec tick = { 0, 100000 };
  while (__atomic_load_n (&tl_dir_state, __ATOMIC_SEQ_CST) == 1)
    nanosleep (&tick, NULL);
  if (__atomic_load_n (&tl_dir_state, __ATOMIC_SEQ_CST) == 2)
    {
      int32_t rec[2] = { rank, size };
      index_put (TRUN_TL_REC_RANK, rec, sizeof rec, NULL, 0);
    }
}

uint64_t
trun_tl_start_tick (void)
{
  return tl_start;
}

static struct trun_tl_sync tl_sync[2];
static int tl_nsync;

void
trun_tl_set_sync (const struct trun_tl_sync *sync, int n)
{
  tl_nsync = n < 0 ? 0 : n > 2 ? 2 : n;
  for (int i = 0; i < tl_nsync; i++)
    tl_sync[i] = sync[i];
}

void
trun_tl_forget_all (void)
{
  /* The parent's buffers and files stay the parent's.  */
  if (tl_index_fd >= 0)
    close (tl_index_fd);
  tl_index_fd = -1;
  tl_names_on_disk = 0;
  tl_names_lock = 0;
  tl_nsync = 0;
  tl_list = NULL;
  tl_dir_state = 0;
  tl_disk = 0;
  tl_stopped = 0;
}

/* ---- finalize ---- */

static int
by_index (const void *a, const void *b)
{
  const struct trun_tl_stream *x = a, *y = b;
  return (x->index > y->index) - (x->index < y->index);
}

const struct trun_timeline *
trun_tl_finish (uint64_t now)
{
  if (!tl_on)
    return NULL;
  __atomic_store_n (&tl_final, 1, __ATOMIC_SEQ_CST);
  size_t n = 0;
  for (struct trun_tl *b = tl_list; b; b = b->next)
    n++;
  free (streams);
  streams = calloc (n ? n : 1, sizeof *streams);
  if (!streams)
    return NULL;
  size_t k = 0;
  for (struct trun_tl *b = tl_list; b; b = b->next)
    {
      /* A thread writing a block: wait for it (at most 0.5 s: in the
         copy a signal forked, a block being written stays so).  */
      struct timespec tick = { 0, 1000000 };
      for (int i = 0; i < 500 && __atomic_load_n (&b->flushing,
                                                  __ATOMIC_SEQ_CST); i++)
        nanosleep (&tick, NULL);
      struct trun_tl_stream *s = &streams[k++];
      s->index = b->index;
      s->tid = b->tid;
      s->role = b->role;
      if (b->written)
        {
          char *path = malloc (PATH_MAX);
          if (path)
            raw_path (path, PATH_MAX, b->index);
          s->raw_path = path;
        }
      if (b->ev && !b->stopped)
        {
          s->tail = b->ev;
          /* FLUSHED is a multiple of CAP: the tail starts at slot 0.  */
          uint64_t left = b->n - b->flushed;
          s->ntail = left < b->cap ? left : b->cap;
          s->close_tick = now;
        }
    }
  qsort (streams, k, sizeof *streams, by_index);
  model.nstreams = k;
  model.streams = streams;
  model.start_tick = tl_start;
  model.tick_seconds = trun_tick_seconds;
  model.name = trun_intern_name;
  model.nnames = trun_intern_count ();
  model.raw_bytes = tl_disk;
  model.stopped = tl_stopped;
  model.stopped_tick = tl_stopped_tick;
  model.max_mb = trun_settings.timeline_max_mb;
  model.compress = trun_settings.timeline_compress;
  model.nsync = tl_nsync;
  for (int i = 0; i < tl_nsync; i++)
    model.sync[i] = tl_sync[i];
  return &model;
}

void
trun_tl_warn_stopped (void)
{
  if (!tl_on || !tl_stopped)
    return;
  double at = (double) (tl_stopped_tick - tl_start) * trun_tick_seconds;
  trun_warn ("timeline: recording stopped %.3f s into the run, when the "
             "raw events reached TRUN_TIMELINE_MAX_MB=%ld MB; the timeline "
             "ends there (set TRUN_TIMELINE_MAX_MB higher, or 0 for no "
             "limit, to record the whole run)",
             at, trun_settings.timeline_max_mb);
}

void
trun_tl_cleanup (int keep)
{
  if (!tl_on || tl_dir_state != 2)
    return;
  if (keep)
    {
      trun_warn ("timeline: its raw events are kept in %s (trun convert "
                 "%s --to=chrome writes the timeline from them)", tl_dir,
                 tl_out);
      return;
    }
  for (size_t i = 0; i < model.nstreams; i++)
    if (streams[i].raw_path)
      unlink (streams[i].raw_path);
  char path[PATH_MAX];
  put_str (path, put_str (path, 0, sizeof path, tl_dir), sizeof path,
           "/" TRUN_TL_INDEX);
  unlink (path);
  rmdir (tl_dir);
}
