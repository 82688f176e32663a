/* rt/report/otf2.c -- TRUN_TIMELINE_FORMAT=otf2: the timeline as an
 * OTF2 archive (`<prefix>timeline<mark>.otf2`, `.def` and the directory
 * of per-location files), which otf2-print, Vampir and Scalasca read.
 *
 * Definitions: the strings; one region per name (its source file and
 * line from the name's first descriptor; role function, OpenMP parallel
 * or task, or code for a region); a system tree (the machine, a node per
 * host), a location group per process (an MPI rank's is "rank N"), a
 * location per trun thread (CPU thread; a thread with events in both
 * domains has a second location for its regions, so each one nests).
 * Events: enter/leave, from the same walk as the Chrome JSON (timeline.c),
 * in nanoseconds since the epoch (the clock properties' resolution is
 * 1e9).
 *
 * Under MPI (R->collective, inside MPI_Finalize) the job writes one
 * archive the way Score-P lays it out: rank 0 makes the directory; each
 * rank sends rank 0 its process, locations and region names; rank 0
 * unifies the names and sends each rank its regions' global ids; each
 * rank writes its own locations' event files, rank 0 the global
 * definitions, through OTF2's collective callbacks over the same
 * collective.  Alone, the process is a job of one rank.
 *
 * libtrun never links libotf2: it is loaded with dlopen here, only when
 * the format is asked for (TRUN_OTF2_SONAME, found by configure).  OTF2
 * writes its files itself, into a private directory trun_out_dir_open
 * makes, moved into place when complete (output.c).
 */
#define _GNU_SOURCE
#include "config.h"

#include "report/writers.h"

#include <dlfcn.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "config/settings.h"

#ifndef TRUN_HAVE_OTF2

int
trun_timeline_otf2 (const struct trun_report *r)
{
  (void) r;
  trun_warn ("TRUN_TIMELINE_FORMAT=otf2: trun was built without OTF2's "
             "headers (libotf2-trace-dev): the timeline is written as "
             "Chrome JSON");
  return -1;
}

#else /* TRUN_HAVE_OTF2 */

#include <otf2/otf2.h>

/* Every OTF2 call made, resolved by name from the library.  */
#define TRUN_OTF2_CALLS(X)                                                    \
  X (Archive_Open)                                                            \
  X (Archive_Close)                                                           \
  X (Archive_SetFlushCallbacks)                                               \
  X (Archive_SetCollectiveCallbacks)                                          \
  X (Archive_SetSerialCollectiveCallbacks)                                    \
  X (Archive_SetCreator)                                                      \
  X (Archive_SetDescription)                                                  \
  X (Archive_SetMachineName)                                                  \
  X (Archive_OpenEvtFiles)                                                    \
  X (Archive_CloseEvtFiles)                                                   \
  X (Archive_GetEvtWriter)                                                    \
  X (Archive_CloseEvtWriter)                                                  \
  X (Archive_OpenDefFiles)                                                    \
  X (Archive_CloseDefFiles)                                                   \
  X (Archive_GetDefWriter)                                                    \
  X (Archive_CloseDefWriter)                                                  \
  X (Archive_GetGlobalDefWriter)                                              \
  X (Archive_CloseGlobalDefWriter)                                            \
  X (EvtWriter_Enter)                                                         \
  X (EvtWriter_Leave)                                                         \
  X (GlobalDefWriter_WriteClockProperties)                                    \
  X (GlobalDefWriter_WriteString)                                             \
  X (GlobalDefWriter_WriteSystemTreeNode)                                     \
  X (GlobalDefWriter_WriteLocationGroup)                                      \
  X (GlobalDefWriter_WriteLocation)                                           \
  X (GlobalDefWriter_WriteRegion)                                             \
  X (Error_GetName)
#define TRUN_OTF2_FIELD(f) __typeof__ (OTF2_##f) *f;
static struct
{
  TRUN_OTF2_CALLS (TRUN_OTF2_FIELD)
} api;
static int api_state; /* 0 not tried, 1 loaded, -1 failed */

static int
load_otf2 (void)
{
  if (api_state)
    return api_state > 0 ? 0 : -1;
  api_state = -1;
  void *lib = dlopen (TRUN_OTF2_SONAME, RTLD_NOW | RTLD_LOCAL);
  if (!lib)
    {
      trun_warn ("TRUN_TIMELINE_FORMAT=otf2: %s could not be loaded (%s): "
                 "the timeline is written as Chrome JSON",
                 TRUN_OTF2_SONAME, dlerror ());
      return -1;
    }
#define TRUN_OTF2_RESOLVE(f)                                                  \
  if (!(api.f = (__typeof__ (api.f)) dlsym (lib, "OTF2_" #f)))                \
    {                                                                         \
      trun_warn ("TRUN_TIMELINE_FORMAT=otf2: %s has no OTF2_%s: the "         \
                 "timeline is written as Chrome JSON", TRUN_OTF2_SONAME, #f); \
      dlclose (lib);                                                          \
      return -1;                                                              \
    }
  TRUN_OTF2_CALLS (TRUN_OTF2_RESOLVE)
  api_state = 1;
  return 0;
}

/* ---- a byte buffer: what a rank sends rank 0 ---- */
struct buf
{
  char *p;
  size_t len, cap, at; /* AT: the reading position */
  int err;
};

static void
put (struct buf *b, const void *p, size_t n)
{
  if (b->err)
    return;
  if (b->len + n > b->cap)
    {
      size_t cap = b->cap ? b->cap * 2 : 4096;
      while (cap < b->len + n)
        cap *= 2;
      char *q = realloc (b->p, cap);
      if (!q)
        {
          b->err = 1;
          return;
        }
      b->p = q;
      b->cap = cap;
    }
  memcpy (b->p + b->len, p, n);
  b->len += n;
}

static void
put_u64 (struct buf *b, uint64_t v)
{
  put (b, &v, sizeof v);
}

static void
put_str (struct buf *b, const char *s)
{
  s = s ? s : "";
  put_u64 (b, strlen (s));
  put (b, s, strlen (s) + 1);
}

static uint64_t
get_u64 (struct buf *b)
{
  uint64_t v = 0;
  if (b->at + sizeof v <= b->len)
    memcpy (&v, b->p + b->at, sizeof v);
  else
    b->err = 1;
  b->at += sizeof v;
  return v;
}

static const char *
get_str (struct buf *b)
{
  uint64_t n = get_u64 (b);
  if (b->err || n >= b->len - b->at || b->p[b->at + n] != '\0')
    {
      b->err = 1;
      return "";
    }
  const char *s = b->p + b->at;
  b->at += n + 1;
  return s;
}

/* ---- the process alone: a job of one ---- */
static int
alone_barrier (void)
{
  return 0;
}

static int
alone_bcast (void *buf, size_t n, int root)
{
  (void) buf, (void) n, (void) root;
  return 0;
}

static int
alone_gather (const void *in, void *out, size_t n, int root)
{
  (void) root;
  memmove (out, in, n);
  return 0;
}

static int
alone_gatherv (const void *in, size_t n, void *out, const size_t *counts,
               const size_t *displs, int root)
{
  (void) counts, (void) root;
  memmove ((char *) out + displs[0], in, n);
  return 0;
}

static int
alone_scatter (const void *in, void *out, size_t n, int root)
{
  (void) root;
  memmove (out, in, n);
  return 0;
}

static int
alone_scatterv (const void *in, const size_t *counts, const size_t *displs,
                void *out, size_t n, int root)
{
  (void) counts, (void) root;
  memmove (out, (const char *) in + displs[0], n);
  return 0;
}

static const struct trun_collective alone
    = { 0,           1,           alone_barrier, alone_bcast, alone_gather,
        alone_gatherv, alone_scatter, alone_scatterv };

/* Whether OK is true on every rank.  */
static int
all_agree (const struct trun_collective *c, int ok)
{
  unsigned char mine = ok != 0, every = 1;
  unsigned char *all = c->rank == 0 ? calloc ((size_t) c->size, 1) : NULL;
  if (c->rank == 0 && !all)
    mine = 0;
  unsigned char sink;
  int err = c->gather (&mine, all ? all : &sink, 1, 0);
  if (all)
    for (int i = 0; i < c->size; i++)
      every &= all[i];
  free (all);
  if (c->rank != 0 || err)
    every = !err && mine;
  err |= c->bcast (&every, 1, 0);
  return !err && every;
}

/* ---- OTF2's collective callbacks, over a struct trun_collective ---- */
static size_t
type_size (OTF2_Type t)
{
  switch (t)
    {
    case OTF2_TYPE_UINT8:
    case OTF2_TYPE_INT8:
      return 1;
    case OTF2_TYPE_UINT16:
    case OTF2_TYPE_INT16:
      return 2;
    case OTF2_TYPE_UINT32:
    case OTF2_TYPE_INT32:
    case OTF2_TYPE_FLOAT:
      return 4;
    default:
      return 8;
    }
}

#define COLL(ud) ((const struct trun_collective *) (ud))
#define CB(err) ((err) ? OTF2_CALLBACK_ERROR : OTF2_CALLBACK_SUCCESS)

static OTF2_CallbackCode
cb_size (void *ud, OTF2_CollectiveContext *cc, uint32_t *size)
{
  (void) cc;
  *size = (uint32_t) COLL (ud)->size;
  return OTF2_CALLBACK_SUCCESS;
}

static OTF2_CallbackCode
cb_rank (void *ud, OTF2_CollectiveContext *cc, uint32_t *rank)
{
  (void) cc;
  *rank = (uint32_t) COLL (ud)->rank;
  return OTF2_CALLBACK_SUCCESS;
}

static OTF2_CallbackCode
cb_barrier (void *ud, OTF2_CollectiveContext *cc)
{
  (void) cc;
  return CB (COLL (ud)->barrier ());
}

static OTF2_CallbackCode
cb_bcast (void *ud, OTF2_CollectiveContext *cc, void *data, uint32_t n,
          OTF2_Type t, uint32_t root)
{
  (void) cc;
  return CB (COLL (ud)->bcast (data, n * type_size (t), (int) root));
}

static OTF2_CallbackCode
cb_gather (void *ud, OTF2_CollectiveContext *cc, const void *in, void *out,
           uint32_t n, OTF2_Type t, uint32_t root)
{
  (void) cc;
  return CB (COLL (ud)->gather (in, out, n * type_size (t), (int) root));
}

/* Byte counts and displacements of per-rank element counts N (at the
   root; elsewhere unused).  */
static int
layout (const struct trun_collective *c, const uint32_t *n, size_t es,
        int root, size_t **counts, size_t **displs)
{
  *counts = *displs = NULL;
  if (c->rank != root)
    return 0;
  *counts = calloc ((size_t) c->size, sizeof **counts);
  *displs = calloc ((size_t) c->size, sizeof **displs);
  if (!*counts || !*displs)
    return -1;
  size_t at = 0;
  for (int i = 0; i < c->size; i++)
    {
      (*counts)[i] = n[i] * es;
      (*displs)[i] = at;
      at += (*counts)[i];
    }
  return 0;
}

static OTF2_CallbackCode
cb_gatherv (void *ud, OTF2_CollectiveContext *cc, const void *in,
            uint32_t nin, void *out, const uint32_t *nout, OTF2_Type t,
            uint32_t root)
{
  (void) cc;
  const struct trun_collective *c = COLL (ud);
  size_t *counts, *displs;
  int err = layout (c, nout, type_size (t), (int) root, &counts, &displs);
  /* Every rank takes part, even one out of memory.  */
  err |= c->gatherv (in, nin * type_size (t), out, counts, displs, (int) root);
  free (counts);
  free (displs);
  return CB (err);
}

static OTF2_CallbackCode
cb_scatter (void *ud, OTF2_CollectiveContext *cc, const void *in, void *out,
            uint32_t n, OTF2_Type t, uint32_t root)
{
  (void) cc;
  return CB (COLL (ud)->scatter (in, out, n * type_size (t), (int) root));
}

static OTF2_CallbackCode
cb_scatterv (void *ud, OTF2_CollectiveContext *cc, const void *in,
             const uint32_t *nin, void *out, uint32_t nout, OTF2_Type t,
             uint32_t root)
{
  (void) cc;
  const struct trun_collective *c = COLL (ud);
  size_t *counts, *displs;
  int err = layout (c, nin, type_size (t), (int) root, &counts, &displs);
  err |= c->scatterv (in, counts, displs, out, nout * type_size (t),
                      (int) root);
  free (counts);
  free (displs);
  return CB (err);
}

static const OTF2_CollectiveCallbacks otf2_collectives = {
  .otf2_get_size = cb_size,
  .otf2_get_rank = cb_rank,
  .otf2_barrier = cb_barrier,
  .otf2_bcast = cb_bcast,
  .otf2_gather = cb_gather,
  .otf2_gatherv = cb_gatherv,
  .otf2_scatter = cb_scatter,
  .otf2_scatterv = cb_scatterv,
};

static OTF2_FlushType
pre_flush (void *ud, OTF2_FileType ft, OTF2_LocationRef loc, void *caller,
           bool final)
{
  (void) ud, (void) ft, (void) loc, (void) caller, (void) final;
  return OTF2_FLUSH;
}

static OTF2_TimeStamp
post_flush (void *ud, OTF2_FileType ft, OTF2_LocationRef loc)
{
  (void) ud, (void) ft, (void) loc;
  return 0; /* no buffer flush events: the events are written after the run */
}

static const OTF2_FlushCallbacks flush_callbacks = { pre_flush, post_flush };

/* ---- this process's part: its locations and regions ---- */

/* A location: a stream's track of one domain.  */
struct location
{
  uint64_t id;
  const struct trun_tl_stream *st;
  int domain;
  uint64_t events; /* enters and leaves */
  char name[80];
};

struct local
{
  const struct trun_report *r;
  const struct trun_timeline *tl;
  int rank;
  struct location *loc;
  size_t nloc;
  unsigned char *used;    /* per name id: has events */
  uint32_t *global;       /* per name id: its region in the archive */
  const struct trun_desc **desc; /* per name id: its first descriptor */
  uint64_t base_ns, end_ns;
  /* The walk that writes: */
  OTF2_EvtWriter *w[2];
  uint64_t count[2];
  int err;
};

static void
count_enter (void *ctx, int d, uint32_t id, uint64_t ns)
{
  struct local *l = ctx;
  (void) ns;
  l->count[d]++;
  if (id <= l->tl->nnames)
    l->used[id] = 1;
}

static void
count_leave (void *ctx, int d, uint32_t id, uint64_t start, uint64_t ns)
{
  struct local *l = ctx;
  (void) id, (void) start;
  l->count[d]++;
  if (l->base_ns + ns > l->end_ns)
    l->end_ns = l->base_ns + ns;
}

static void
write_enter (void *ctx, int d, uint32_t id, uint64_t ns)
{
  struct local *l = ctx;
  if (l->w[d]
      && api.EvtWriter_Enter (l->w[d], NULL, l->base_ns + ns, l->global[id])
             != OTF2_SUCCESS)
    l->err = 1;
}

static void
write_leave (void *ctx, int d, uint32_t id, uint64_t start, uint64_t ns)
{
  struct local *l = ctx;
  (void) start;
  if (l->w[d]
      && api.EvtWriter_Leave (l->w[d], NULL, l->base_ns + ns, l->global[id])
             != OTF2_SUCCESS)
    l->err = 1;
}

/* L's locations, their event counts and the names with events.  */
static int
local_scan (struct local *l)
{
  const struct trun_timeline *tl = l->tl;
  size_t names = (size_t) tl->nnames + 1;
  l->used = calloc (names, 1);
  l->global = calloc (names, sizeof *l->global);
  l->desc = calloc (names, sizeof *l->desc);
  l->loc = calloc (tl->nstreams * 2 + 1, sizeof *l->loc);
  if (!l->used || !l->global || !l->desc || !l->loc)
    return -1;
  for (size_t i = 0; i < l->r->nranges; i++)
    for (const struct trun_desc *d = l->r->ranges[i].begin;
         d < l->r->ranges[i].end; d++)
      if (d->id && d->id < names && !l->desc[d->id])
        l->desc[d->id] = d;
  double start = l->r->info ? l->r->info->start_time : l->r->start_time;
  l->base_ns = (uint64_t) (start * 1e9);
  l->end_ns = l->base_ns;
  for (size_t i = 0; i < tl->nstreams; i++)
    {
      const struct trun_tl_stream *st = &tl->streams[i];
      l->count[0] = l->count[1] = 0;
      struct trun_tl_visitor v = { l, count_enter, count_leave, NULL };
      trun_tl_walk (tl, st, &v);
      char tname[64];
      trun_tl_thread_name (st, tname, sizeof tname);
      if (!l->count[0] && !l->count[1])
        continue; /* a thread without events has no location */
      int both = l->count[0] && l->count[1];
      /* The thread's own location (its functions' track when it has both
         domains), then its regions'.  */
      for (int k = 0; k < 2; k++)
        {
          int d = k == 0 ? (l->count[TRUN_DOMAIN_TRACE] || !l->count[TRUN_DOMAIN_REGION]
                                ? TRUN_DOMAIN_TRACE : TRUN_DOMAIN_REGION)
                         : TRUN_DOMAIN_REGION;
          if (k == 1 && !both)
            break;
          struct location *x = &l->loc[l->nloc++];
          x->id = ((uint64_t) (unsigned) l->rank << 32) | ((uint64_t) st->index << 1)
                  | (uint64_t) k;
          x->st = st;
          x->domain = d;
          x->events = l->count[d];
          snprintf (x->name, sizeof x->name, k ? "%s: regions" : "%s", tname);
        }
    }
  return 0;
}

/* What rank 0 needs of L (struct part).  */
static void
local_pack (const struct local *l, struct buf *b)
{
  const struct trun_report *r = l->r;
  char pname[256];
  put_u64 (b, l->base_ns);
  put_u64 (b, l->end_ns);
  put_u64 (b, (uint64_t) (r->info ? r->info->pid : (long) getpid ()));
  put_str (b, r->info ? r->info->host : "");
  trun_tl_process_name (r, pname, sizeof pname);
  put_str (b, pname);
  put_u64 (b, l->nloc);
  for (size_t i = 0; i < l->nloc; i++)
    {
      put_u64 (b, l->loc[i].id);
      put_u64 (b, l->loc[i].events);
      put_str (b, l->loc[i].name);
    }
  uint64_t nreg = 0;
  for (uint32_t id = 1; id <= l->tl->nnames; id++)
    nreg += l->used[id];
  put_u64 (b, nreg);
  for (uint32_t id = 1; id <= l->tl->nnames; id++)
    if (l->used[id])
      {
        const struct trun_desc *d = l->desc[id];
        const char *name = l->tl->name (id);
        put_str (b, name ? name : "?");
        put_str (b, d ? d->asm_name : NULL);
        put_str (b, d ? d->file : NULL);
        put_u64 (b, d ? d->line : 0);
        put_u64 (b, d ? d->kind : TRUN_KIND_REGION);
      }
}

/* ---- rank 0: the job's definitions ---- */

/* Strings, each once: sorted, an id is the index.  */
struct strings
{
  const char **s;
  size_t n, cap;
  int err;
};

static void
add (struct strings *t, const char *s)
{
  if (t->n == t->cap)
    {
      size_t cap = t->cap ? t->cap * 2 : 1024;
      const char **ns = realloc (t->s, cap * sizeof *ns);
      if (!ns)
        {
          t->err = 1;
          return;
        }
      t->s = ns;
      t->cap = cap;
    }
  t->s[t->n++] = s;
}

static int
by_string (const void *a, const void *b)
{
  return strcmp (*(const char *const *) a, *(const char *const *) b);
}

/* Sorted, without repeats.  */
static void
unique (struct strings *t)
{
  if (t->n)
    qsort (t->s, t->n, sizeof *t->s, by_string);
  size_t k = 0;
  for (size_t i = 0; i < t->n; i++)
    if (k == 0 || strcmp (t->s[k - 1], t->s[i]) != 0)
      t->s[k++] = t->s[i];
  t->n = k;
}

/* S's id in T (unique), which has it.  */
static uint32_t
id_of (const struct strings *t, const char *s)
{
  const char **x = bsearch (&s, t->s, t->n, sizeof *t->s, by_string);
  return x ? (uint32_t) (x - t->s) : 0;
}

static OTF2_RegionRole
region_role (uint64_t kind, OTF2_Paradigm *paradigm)
{
  switch (kind)
    {
    case TRUN_KIND_FUNCTION:
      *paradigm = OTF2_PARADIGM_COMPILER;
      return OTF2_REGION_ROLE_FUNCTION;
    case TRUN_KIND_OMP_PARALLEL:
      *paradigm = OTF2_PARADIGM_OPENMP;
      return OTF2_REGION_ROLE_PARALLEL;
    case TRUN_KIND_OMP_TASK:
      *paradigm = OTF2_PARADIGM_OPENMP;
      return OTF2_REGION_ROLE_TASK;
    default:
      *paradigm = OTF2_PARADIGM_USER;
      return OTF2_REGION_ROLE_CODE;
    }
}

/* A region as a part lists it.  */
struct region_def
{
  const char *name, *canonical, *file;
  uint64_t line, kind;
};

/* A part's process, up to its locations (local_pack's order).  */
struct process
{
  uint64_t base, last, pid, nloc;
  const char *host, *name;
};

static void
read_process (struct buf *b, struct process *p)
{
  p->base = get_u64 (b);
  p->last = get_u64 (b);
  p->pid = get_u64 (b);
  p->host = get_str (b);
  p->name = get_str (b);
  p->nloc = get_u64 (b);
}

/* The parts of PARTS (concatenated, COUNTS bytes each; a rank with
   nothing to send has none), in turn.  */
struct parts
{
  char *p;
  const size_t *counts;
  int nranks, rank;
  size_t at;
};

static int
next_part (struct parts *ps, struct buf *b)
{
  while (ps->rank < ps->nranks && ps->counts[ps->rank] == 0)
    ps->rank++;
  if (ps->rank >= ps->nranks)
    return 0;
  size_t n = ps->counts[ps->rank];
  *b = (struct buf){ ps->p + ps->at, n, n, 0, 0 };
  ps->at += n;
  ps->rank++;
  return 1;
}

/* The global definitions from every rank's part (PARTS, concatenated,
   COUNTS bytes each) on G; *IDS_OUT: each rank's regions' global ids
   (uint32 each, in the order its part lists them; *IDCOUNTS_OUT bytes
   per rank at *IDDISPLS_OUT).  */
static int
write_global_defs (OTF2_GlobalDefWriter *g, char *parts, const size_t *counts,
                   int nranks, uint32_t **ids_out, size_t **idcounts_out,
                   size_t **iddispls_out)
{
  struct strings str = { 0 }, names = { 0 }, hosts = { 0 };
  struct region_def *reg = NULL;
  size_t nreg = 0, capreg = 0;
  uint64_t offset = UINT64_MAX, end = 0;
  int err = 0;
  add (&str, "machine");
  add (&str, "node");
  /* Pass 1: every string, host, name; each name's first definition.  */
  struct parts ps = { parts, counts, nranks, 0, 0 };
  struct buf b;
  size_t nids = 0;
  while (!err && next_part (&ps, &b))
    {
      struct process pr;
      read_process (&b, &pr);
      offset = pr.base < offset ? pr.base : offset;
      end = pr.last > end ? pr.last : end;
      add (&hosts, pr.host);
      add (&str, pr.host);
      add (&str, pr.name);
      for (uint64_t i = 0; i < pr.nloc && !b.err; i++)
        {
          get_u64 (&b), get_u64 (&b);
          add (&str, get_str (&b));
        }
      uint64_t nr = get_u64 (&b);
      for (uint64_t i = 0; i < nr && !b.err && !err; i++, nids++)
        {
          struct region_def d;
          d.name = get_str (&b), d.canonical = get_str (&b);
          d.file = get_str (&b);
          d.line = get_u64 (&b), d.kind = get_u64 (&b);
          if (!*d.canonical)
            d.canonical = d.name;
          add (&names, d.name);
          add (&str, d.name), add (&str, d.canonical), add (&str, d.file);
          if (nreg == capreg)
            {
              capreg = capreg ? capreg * 2 : 256;
              struct region_def *n = realloc (reg, capreg * sizeof *reg);
              err |= !n;
              reg = n ? n : reg;
            }
          if (!err)
            reg[nreg++] = d;
        }
      err |= b.err;
    }
  unique (&str);
  unique (&names);
  unique (&hosts);
  err |= str.err || names.err || hosts.err;
  /* Each name's region: the first part's definition of it.  */
  const struct region_def **first = calloc (names.n + 1, sizeof *first);
  uint32_t *ids = malloc ((nids ? nids : 1) * sizeof *ids);
  size_t *idcounts = calloc ((size_t) nranks, sizeof *idcounts);
  size_t *iddispls = calloc ((size_t) nranks, sizeof *iddispls);
  err |= !first || !ids || !idcounts || !iddispls;
  size_t k = 0;
  ps = (struct parts){ parts, counts, nranks, 0, 0 };
  while (!err && next_part (&ps, &b))
    {
      int rk = ps.rank - 1;
      struct process pr;
      read_process (&b, &pr);
      for (uint64_t i = 0; i < pr.nloc && !b.err; i++)
        get_u64 (&b), get_u64 (&b), get_str (&b);
      /* Its regions, which REG holds in order.  */
      uint64_t nr = get_u64 (&b);
      iddispls[rk] = k * sizeof *ids;
      for (uint64_t i = 0; i < nr && k < nreg; i++, k++)
        {
          uint32_t id = id_of (&names, reg[k].name);
          ids[k] = id;
          if (!first[id])
            first[id] = &reg[k];
        }
      idcounts[rk] = k * sizeof *ids - iddispls[rk];
    }
  if (offset == UINT64_MAX)
    offset = end = 0;
  /* Pass 2: the records, strings first.  */
  err |= g == NULL;
  if (!err)
    err |= api.GlobalDefWriter_WriteClockProperties (
               g, 1000000000u, offset, end - offset, offset)
           != OTF2_SUCCESS;
  for (uint32_t i = 0; !err && i < str.n; i++)
    err |= api.GlobalDefWriter_WriteString (g, i, str.s[i]) != OTF2_SUCCESS;
  uint32_t s_machine = id_of (&str, "machine"), s_node = id_of (&str, "node");
  if (!err)
    err |= api.GlobalDefWriter_WriteSystemTreeNode (
               g, 0, s_machine, s_machine, OTF2_UNDEFINED_SYSTEM_TREE_NODE)
           != OTF2_SUCCESS;
  for (uint32_t i = 0; !err && i < hosts.n; i++)
    err |= api.GlobalDefWriter_WriteSystemTreeNode (
               g, i + 1, id_of (&str, hosts.s[i]), s_node, 0)
           != OTF2_SUCCESS;
  ps = (struct parts){ parts, counts, nranks, 0, 0 };
  while (!err && next_part (&ps, &b))
    {
      OTF2_LocationGroupRef rk = (OTF2_LocationGroupRef) (ps.rank - 1);
      struct process pr;
      read_process (&b, &pr);
      err |= api.GlobalDefWriter_WriteLocationGroup (
                 g, rk, id_of (&str, pr.name), OTF2_LOCATION_GROUP_TYPE_PROCESS,
                 id_of (&hosts, pr.host) + 1, OTF2_UNDEFINED_LOCATION_GROUP)
             != OTF2_SUCCESS;
      for (uint64_t i = 0; i < pr.nloc && !b.err && !err; i++)
        {
          uint64_t id = get_u64 (&b), events = get_u64 (&b);
          uint32_t lname = id_of (&str, get_str (&b));
          err |= api.GlobalDefWriter_WriteLocation (
                     g, id, lname, OTF2_LOCATION_TYPE_CPU_THREAD, events, rk)
                 != OTF2_SUCCESS;
        }
    }
  for (uint32_t i = 0; !err && i < names.n; i++)
    {
      const struct region_def *d = first[i];
      OTF2_Paradigm paradigm;
      OTF2_RegionRole role = region_role (d->kind, &paradigm);
      err |= api.GlobalDefWriter_WriteRegion (
                 g, i, id_of (&str, d->name), id_of (&str, d->canonical),
                 OTF2_UNDEFINED_STRING, role, paradigm, OTF2_REGION_FLAG_NONE,
                 *d->file ? id_of (&str, d->file) : OTF2_UNDEFINED_STRING,
                 (uint32_t) d->line, 0)
             != OTF2_SUCCESS;
    }
  free (first);
  free (reg);
  free (str.s);
  free (names.s);
  free (hosts.s);
  *ids_out = ids;
  *idcounts_out = idcounts;
  *iddispls_out = iddispls;
  return err;
}

/* ---- the archive ---- */

static int
write_events (OTF2_Archive *a, struct local *l)
{
  int err = api.Archive_OpenEvtFiles (a) != OTF2_SUCCESS;
  for (size_t i = 0; i < l->nloc && !err; i++)
    {
      /* A stream's locations are next to each other: one walk writes
         both.  */
      const struct location *x = &l->loc[i];
      l->w[0] = l->w[1] = NULL;
      l->w[x->domain] = api.Archive_GetEvtWriter (a, x->id);
      if (i + 1 < l->nloc && l->loc[i + 1].st == x->st)
        {
          i++;
          l->w[l->loc[i].domain] = api.Archive_GetEvtWriter (a, l->loc[i].id);
        }
      if (!l->w[0] && !l->w[1])
        err = 1;
      struct trun_tl_visitor v = { l, write_enter, write_leave, NULL };
      if (!err)
        trun_tl_walk (l->tl, x->st, &v);
      for (int d = 0; d < 2; d++)
        if (l->w[d])
          err |= api.Archive_CloseEvtWriter (a, l->w[d]) != OTF2_SUCCESS;
      err |= l->err;
    }
  err |= api.Archive_CloseEvtFiles (a) != OTF2_SUCCESS;
  /* An empty local definitions file per location, as readers expect.  */
  err |= api.Archive_OpenDefFiles (a) != OTF2_SUCCESS;
  for (size_t i = 0; i < l->nloc && !err; i++)
    {
      OTF2_DefWriter *dw = api.Archive_GetDefWriter (a, l->loc[i].id);
      err |= !dw || api.Archive_CloseDefWriter (a, dw) != OTF2_SUCCESS;
    }
  err |= api.Archive_CloseDefFiles (a) != OTF2_SUCCESS;
  return err;
}

int
trun_timeline_otf2 (const struct trun_report *r)
{
  const struct trun_collective *c = r->collective ? r->collective : &alone;
  if (!all_agree (c, load_otf2 () == 0))
    {
      if (api_state > 0 && c->rank == 0)
        trun_warn ("TRUN_TIMELINE_FORMAT=otf2: a rank could not load %s: "
                   "the timeline is written as Chrome JSON", TRUN_OTF2_SONAME);
      return -1;
    }
  /* Rank 0's directory and the archive's name, for every rank.  */
  char path[PATH_MAX], stem[256];
  memset (path, 0, sizeof path);
  memset (stem, 0, sizeof stem);
  char *tmp = NULL;
  if (c->rank == 0)
    {
      /* The job's one archive: no rank in its name.  */
      struct trun_report job = *r;
      if (r->collective)
        job.file_mark = "";
      char *name = trun_out_file_name (&job, "timeline.otf2");
      tmp = name ? trun_out_dir_open (r) : NULL;
      if (tmp && strlen (tmp) < sizeof path && strlen (name) < sizeof stem)
        {
          strcpy (path, tmp);
          strcpy (stem, name);
          stem[strlen (stem) - strlen (".otf2")] = '\0';
        }
      free (name);
    }
  int err = c->bcast (path, sizeof path, 0) | c->bcast (stem, sizeof stem, 0);
  if (err || !path[0] || access (path, W_OK) != 0)
    err = 1;
  if (!all_agree (c, !err))
    {
      if (tmp)
        trun_out_dir_close (r, tmp, (const char *const[]){ NULL }, 0);
      return -1; /* the message said why; the Chrome JSON instead */
    }

  /* Every rank's part to rank 0; the regions' global ids back.  */
  struct local l;
  memset (&l, 0, sizeof l);
  l.r = r;
  l.tl = r->timeline;
  l.rank = c->rank;
  struct buf part = { 0 };
  if (local_scan (&l) == 0)
    local_pack (&l, &part);
  else
    part.err = 1;
  if (part.err)
    part.len = 0; /* sends nothing: the agreement below fails */
  uint64_t len = part.len, *lens = NULL;
  size_t *counts = NULL, *displs = NULL, total = 0;
  char *parts = NULL;
  if (c->rank == 0)
    {
      lens = calloc ((size_t) c->size, sizeof *lens);
      counts = calloc ((size_t) c->size, sizeof *counts);
      displs = calloc ((size_t) c->size, sizeof *displs);
    }
  uint64_t sink;
  err = c->gather (&len, lens ? lens : &sink, sizeof len, 0);
  if (c->rank == 0 && lens && counts && displs)
    {
      for (int i = 0; i < c->size; i++)
        {
          counts[i] = lens[i];
          displs[i] = total;
          total += lens[i];
        }
      parts = malloc (total ? total : 1);
    }
  int ok = !err && !part.err && (c->rank != 0 || parts);
  if (!all_agree (c, ok))
    {
      if (c->rank == 0)
        trun_warn ("the OTF2 timeline could not be written: out of memory");
      goto out;
    }
  err = c->gatherv (part.p, part.len, parts, counts, displs, 0);

  OTF2_Archive *a = api.Archive_Open (path, stem, OTF2_FILEMODE_WRITE,
                                      OTF2_CHUNK_SIZE_EVENTS_DEFAULT,
                                      OTF2_CHUNK_SIZE_DEFINITIONS_DEFAULT,
                                      OTF2_SUBSTRATE_POSIX,
                                      OTF2_COMPRESSION_NONE);
  err |= !a;
  if (a)
    {
      api.Archive_SetFlushCallbacks (a, &flush_callbacks, NULL);
      if (r->collective)
        err |= api.Archive_SetCollectiveCallbacks (
                   a, &otf2_collectives, (void *) c,
                   (OTF2_CollectiveContext *) c, NULL)
               != OTF2_SUCCESS;
      else
        err |= api.Archive_SetSerialCollectiveCallbacks (a) != OTF2_SUCCESS;
      api.Archive_SetCreator (a, "trun");
      api.Archive_SetDescription (a, r->info && r->info->command_line
                                         ? r->info->command_line : "");
      api.Archive_SetMachineName (a, r->info ? r->info->host : "");
    }
  uint32_t *ids = NULL;
  size_t *idcounts = NULL, *iddispls = NULL;
  if (c->rank == 0 && a && !err)
    {
      OTF2_GlobalDefWriter *g = api.Archive_GetGlobalDefWriter (a);
      err |= write_global_defs (g, parts, counts, c->size, &ids, &idcounts,
                                &iddispls);
      if (g)
        err |= api.Archive_CloseGlobalDefWriter (a, g) != OTF2_SUCCESS;
    }
  /* The ranks' region ids.  */
  uint64_t nreg = 0;
  for (uint32_t id = 1; l.used && id <= l.tl->nnames; id++)
    nreg += l.used[id];
  uint32_t *mine = calloc (nreg ? nreg : 1, sizeof *mine);
  err |= !mine;
  if (all_agree (c, !err && a))
    {
      err = c->scatterv (ids, idcounts, iddispls, mine, nreg * sizeof *mine, 0);
      for (uint32_t id = 1, k = 0; id <= l.tl->nnames; id++)
        if (l.used[id])
          l.global[id] = mine[k++];
      err |= write_events (a, &l);
    }
  else
    err = 1;
  if (a)
    err |= api.Archive_Close (a) != OTF2_SUCCESS;
  free (mine);
  free (ids);
  free (idcounts);
  free (iddispls);
  ok = all_agree (c, !err);
  if (c->rank == 0)
    {
      char anchor[sizeof stem + 8], defs[sizeof stem + 8];
      snprintf (anchor, sizeof anchor, "%s.otf2", stem);
      snprintf (defs, sizeof defs, "%s.def", stem);
      const char *const names[] = { stem, defs, anchor, NULL };
      if (trun_out_dir_close (r, tmp, names, ok) != 0)
        ok = 0;
      tmp = NULL;
      if (!ok)
        trun_warn ("the OTF2 timeline %s/%s could not be written",
                   r->output_dir, anchor);
    }
  else
    ok = 1; /* rank 0 says when it could not */
out:
  if (tmp)
    trun_out_dir_close (r, tmp, (const char *const[]){ NULL }, 0);
  free (part.p);
  free (parts);
  free (lens);
  free (counts);
  free (displs);
  free (l.used);
  free (l.global);
  free (l.desc);
  free (l.loc);
  return ok ? 0 : 1;
}

#endif /* TRUN_HAVE_OTF2 */
