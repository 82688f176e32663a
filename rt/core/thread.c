/* rt/core/thread.c -- per-thread state: lazy creation, the global list
 * kept until finalize (data of ended threads stays), the start of a thread
 * created by another (entry/wrap.c passes where it attaches), and the
 * fork() child's reset.
 */
#define _GNU_SOURCE
#include "core/core.h"

#include <dlfcn.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <unistd.h>

__thread struct trun_thread *trun_self __attribute__ ((tls_model ("initial-exec")));
/* The markers' fast paths read its depth limit (0: none entered) and
   top frame (a sentinel no exit matches) without testing BUSY.  */
static struct trun_frame no_frame = { .mask = TRUN_FRAME_SLOW };
struct trun_thread trun_no_thread = {
  .busy = 1,
  .dom = { [TRUN_DOMAIN_TRACE] = { .frames = &no_frame },
           [TRUN_DOMAIN_REGION] = { .frames = &no_frame } },
};
__thread struct trun_thread *trun_marker_self
    __attribute__ ((tls_model ("initial-exec"))) = &trun_no_thread;

static struct trun_thread *threads; /* live, newest first */
static unsigned nthreads;           /* ever made: the next index */
static pthread_mutex_t threads_lock = PTHREAD_MUTEX_INITIALIZER;

/* Ended threads: their graphs in ticks, one tree per domain, and what
   the report says of each.  Under threads_lock.  */
static struct trun_mtree retired[TRUN_NDOMAIN];
static struct trun_thread_record *records;
static size_t nrecords, records_cap;
static size_t retired_nodes, retired_bytes;
static uint64_t retired_folded[TRUN_NDOMAIN];
static pthread_key_t end_key; /* its destructor sees a thread end */
static pthread_once_t end_key_once = PTHREAD_ONCE_INIT;

static void thread_end (void *state);
static void release (struct trun_thread *t);

static void
make_end_key (void)
{
  pthread_key_create (&end_key, thread_end);
}

struct trun_thread *
trun_thread_list (void)
{
  return __atomic_load_n (&threads, __ATOMIC_ACQUIRE);
}

unsigned
trun_thread_count (void)
{
  return nthreads;
}

void
trun_thread_lock (void)
{
  pthread_mutex_lock (&threads_lock);
}

void
trun_thread_unlock (void)
{
  pthread_mutex_unlock (&threads_lock);
}

/* A new state for the calling thread, its roots under the given nodes.  */
static struct trun_thread *
thread_new (unsigned parent, struct trun_node *attach_region,
            struct trun_node *attach_trace)
{
  struct trun_thread *t = trun_mem_alloc (sizeof *t);
  if (!t)
    return NULL;
  t->busy = 1;
  trun_ccache_init (t);
  t->parent = parent;
  t->tid = syscall (SYS_gettid);
  t->first_cpu = sched_getcpu (); /* PU and NUMA node: at finalize */
  trun_dstate_init (t, TRUN_DOMAIN_REGION, attach_region);
  trun_dstate_init (t, TRUN_DOMAIN_TRACE, attach_trace);
  pthread_mutex_lock (&threads_lock);
  t->index = nthreads++;
  t->next = threads;
  __atomic_store_n (&threads, t, __ATOMIC_RELEASE);
  pthread_mutex_unlock (&threads_lock);
  trun_tl_thread_start (t);
  trun_self = t;
  /* Before BUSY is clear, so that nothing changes in between: the
     markers' fast paths cannot take a call of a state that has made no
     frame and cached no node, and their slow paths see BUSY.  */
  trun_signal_fence ();
  trun_marker_self = t;
  pthread_once (&end_key_once, make_end_key);
  pthread_setspecific (end_key, t);
  t->busy = 0;
  return t;
}

struct trun_thread *
trun_thread_get (void)
{
  if (trun_self)
    return trun_self;
  if (!trun_initialized)
    return NULL; /* still starting: record nothing yet */
  return thread_new (0, NULL, NULL);
}

struct trun_node *
trun_current_node (struct trun_thread *t, int d)
{
  if (!t)
    return NULL;
  struct trun_dstate *ds = &t->dom[d];
  struct trun_node *n = ds->frames[ds->depth].cur;
  return (n->flags & TRUN_NODE_ROOT) ? n->parent : n;
}

struct trun_thread *
trun_thread_start (struct trun_thread *creator,
                   struct trun_node *const attach[TRUN_NDOMAIN])
{
  if (!trun_initialized || trun_self || (trun_gate_now () & TRUN_GATE_FINAL))
    {
      if (creator)
        trun_thread_drop (creator);
      return trun_self;
    }
  struct trun_thread *t = thread_new (creator ? creator->index : 0,
                                      attach[TRUN_DOMAIN_REGION],
                                      attach[TRUN_DOMAIN_TRACE]);
  if (t && creator)
    t->owners[t->nowners++] = creator; /* takes over trun_thread_hold's pin */
  else if (creator)
    trun_thread_drop (creator);
  return t;
}

void
trun_thread_hold (struct trun_thread *owner)
{
  __atomic_fetch_add (&owner->pins, 1, __ATOMIC_ACQ_REL);
}

void
trun_thread_drop (struct trun_thread *owner)
{
  pthread_mutex_lock (&threads_lock);
  if (__atomic_sub_fetch (&owner->pins, 1, __ATOMIC_ACQ_REL) == 0
      && owner->ended)
    release (owner);
  pthread_mutex_unlock (&threads_lock);
}

void
trun_thread_pin (struct trun_thread *t, struct trun_thread *owner)
{
  if (!owner || owner == t)
    return;
  for (unsigned i = 0; i < t->nowners; i++)
    if (t->owners[i] == owner)
      return;
  __atomic_fetch_add (&owner->pins, 1, __ATOMIC_ACQ_REL);
  /* Past TRUN_MAX_OWNERS the pin stays for ever: no room to remember it. */
  if (t->nowners < TRUN_MAX_OWNERS)
    t->owners[t->nowners++] = owner;
}

static void
free_state (struct trun_thread *t)
{
  trun_stacks_free (t); /* before the arena: the stacks live in it */
  for (struct trun_arena_chunk *c = t->chunks, *next; c; c = next)
    {
      next = c->next;
      munmap (c, c->size);
    }
  trun_ctable_free (t->table);
  trun_ctable_free (t->retired);
  for (int d = 0; d < TRUN_NDOMAIN; d++)
    {
      trun_mem_free (t->dom[d].frames, t->dom[d].cap * sizeof (struct trun_frame));
      trun_mem_free (t->dom[d].samples, t->dom[d].samples_cap * sizeof (double));
    }
  trun_mem_free (t, sizeof *t);
}

/* T ended and nothing hangs under it any more: free it, and with it
   the pins it held; an owner that ended and loses its last pin goes
   too.  Iterative (chains of ended creators).  Under threads_lock.  */
static void
release (struct trun_thread *t)
{
  t->idle_next = NULL;
  struct trun_thread *todo = t;
  while (todo)
    {
      struct trun_thread *x = todo;
      todo = x->idle_next;
      for (unsigned i = 0; i < x->nowners; i++)
        {
          struct trun_thread *o = x->owners[i];
          if (__atomic_sub_fetch (&o->pins, 1, __ATOMIC_ACQ_REL) == 0
              && o->ended)
            {
              o->idle_next = todo;
              todo = o;
            }
        }
      /* Owners past TRUN_MAX_OWNERS stay pinned: they are never freed.  */
      free_state (x);
    }
}

/* A thread ends: close what it left open, fold it into the retired
   trees, keep a record, free it (or keep it while pinned).  */
static void
thread_end (void *state)
{
  struct trun_thread *t = state;
  if (!t || t != trun_self || (trun_gate_now () & TRUN_GATE_FINAL))
    return;
  sigset_t old;
  trun_busy_enter (t, &old);
  struct trun_fpenv env; /* ticks become floating point: the program's flags stay */
  trun_fpenv_save (&env);
  trun_thread_check_moved (t);
  trun_close_all (t, trun_now ());
  pthread_mutex_lock (&threads_lock);
  if (trun_gate_now () & TRUN_GATE_FINAL)
    {
      pthread_mutex_unlock (&threads_lock);
      trun_fpenv_restore (&env);
      trun_busy_leave (t, &old);
      return; /* finalize reads it as a live thread */
    }
  for (int d = 0; d < TRUN_NDOMAIN; d++)
    {
      if (!retired[d].index)
        {
          trun_mtree_init (&retired[d], d, 1);
          retired[d].small_blocks = 1;
        }
      trun_merge_thread (&retired[d], t, d);
    }
  if (nrecords == records_cap)
    {
      size_t cap = records_cap ? records_cap * 2 : 64;
      struct trun_thread_record *r = realloc (records, cap * sizeof *r);
      if (r)
        records = r, records_cap = cap;
    }
  if (nrecords < records_cap)
    records[nrecords++] = (struct trun_thread_record){
      t->index, t->parent, t->tid, t->first_cpu, t->moved
    };
  retired_nodes += t->nodes;
  retired_bytes += t->node_bytes;
  for (int d = 0; d < TRUN_NDOMAIN; d++)
    retired_folded[d] += t->folded[d];
  for (struct trun_thread **p = &threads; *p; p = &(*p)->next)
    if (*p == t)
      {
        *p = t->next;
        break;
      }
  trun_tl_thread_end (t);
  trun_marker_self = &trun_no_thread;
  trun_signal_fence ();
  trun_self = NULL;
  t->ended = 1;
  trun_fpenv_restore (&env);
  if (__atomic_load_n (&t->pins, __ATOMIC_ACQUIRE) == 0)
    release (t);
  pthread_mutex_unlock (&threads_lock);
  trun_signals_release (&old);
}

const struct trun_mtree *
trun_retired_tree (int d)
{
  return retired[d].index ? &retired[d] : NULL;
}

const struct trun_thread_record *
trun_retired_threads (size_t *n, size_t *nodes, size_t *bytes)
{
  *n = nrecords;
  *nodes = retired_nodes;
  *bytes = retired_bytes;
  return records;
}

uint64_t
trun_folded_calls (int d)
{
  uint64_t n = retired_folded[d];
  for (struct trun_thread *t = threads; t; t = t->next)
    n += __atomic_load_n (&t->folded[d], __ATOMIC_RELAXED);
  return n;
}

/* TRUN_THREAD_BINDING: note whether T runs on another CPU than it first
   recorded on.  Called from slow paths only (new nodes, thread end,
   finalize), so a thread that migrates and comes back may go unseen.  */
void
trun_thread_check_moved (struct trun_thread *t)
{
  if (!trun_settings.thread_binding || t->moved || t->first_cpu < 0)
    return;
  int cpu = sched_getcpu ();
  if (cpu >= 0 && cpu != t->first_cpu)
    t->moved = 1;
}

struct trun_thread *
trun_thread_forget_all (void)
{
  pthread_mutex_init (&threads_lock, NULL);
  struct trun_thread *old = trun_self;
  threads = NULL;
  nthreads = 0;
  memset (retired, 0, sizeof retired); /* the parent's, left behind */
  nrecords = records_cap = 0;
  records = NULL;
  retired_nodes = retired_bytes = 0;
  memset (retired_folded, 0, sizeof retired_folded);
  trun_marker_self = &trun_no_thread;
  trun_signal_fence ();
  trun_self = NULL;
  return old;
}
