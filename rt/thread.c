/* rt/thread.c -- per-thread state: lazy creation, the global list kept
 * until finalize (data of ended threads stays), pthread_create
 * interposition so a new thread's graph hangs under the creator's current
 * node, OpenMP fork/join contexts, and the fork() child reset.
 */
#define _GNU_SOURCE
#include "core.h"

#include <dlfcn.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

__thread struct trun_thread *trun_self __attribute__ ((tls_model ("initial-exec")));

static struct trun_thread *threads; /* newest first */
static unsigned nthreads;
static pthread_mutex_t threads_lock = PTHREAD_MUTEX_INITIALIZER;
static struct trun_omp_ctx *volatile latest_fork;

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
  struct trun_thread *t = calloc (1, sizeof *t);
  if (!t)
    return NULL;
  t->busy = 1;
  t->parent = parent;
  t->tid = syscall (SYS_gettid);
  t->pu = t->numa = -1;
  trun_topology_where (&t->pu, &t->numa);
  t->first_cpu = sched_getcpu ();
  trun_dstate_init (t, TRUN_DOMAIN_REGION, attach_region);
  trun_dstate_init (t, TRUN_DOMAIN_TRACE, attach_trace);
  pthread_mutex_lock (&threads_lock);
  t->index = nthreads++;
  t->next = threads;
  __atomic_store_n (&threads, t, __ATOMIC_RELEASE);
  pthread_mutex_unlock (&threads_lock);
  trun_self = t;
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

/* ---- pthread_create ---- */

typedef int (*create_fn) (pthread_t *, const pthread_attr_t *,
                          void *(*) (void *), void *);

struct start
{
  void *(*fn) (void *);
  void *arg;
  unsigned parent;
  int from_trun; /* creator had a state */
  struct trun_node *attach[TRUN_NDOMAIN];
};

static void *
trampoline (void *p)
{
  struct start s = *(struct start *) p;
  free (p);
  if (s.from_trun && trun_initialized && !trun_self)
    thread_new (s.parent, s.attach[TRUN_DOMAIN_REGION],
                s.attach[TRUN_DOMAIN_TRACE]);
  void *result = s.fn (s.arg);
  if (trun_self)
    trun_thread_check_moved (trun_self);
  return result;
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

static create_fn
real_create (void)
{
  static create_fn fn;
  if (!fn)
    {
      fn = (create_fn) dlsym (RTLD_NEXT, "pthread_create");
      if (!fn)
        fn = (create_fn) dlsym (RTLD_DEFAULT, "pthread_create");
    }
  return fn;
}

TRUN_ABI_EXPORT int
pthread_create (pthread_t *th, const pthread_attr_t *attr,
                void *(*fn) (void *), void *arg)
{
  create_fn create = real_create ();
  struct trun_thread *t = trun_self;
  if (!create)
    return EAGAIN;
  if (!t || !trun_initialized || (trun_gate & TRUN_GATE_FINAL))
    return create (th, attr, fn, arg);
  t->busy++;
  struct start *s = malloc (sizeof *s);
  t->busy--;
  if (!s)
    return create (th, attr, fn, arg);
  s->fn = fn;
  s->arg = arg;
  s->parent = t->index;
  s->from_trun = 1;
  for (int d = 0; d < TRUN_NDOMAIN; d++)
    s->attach[d] = trun_settings.flat_profile ? NULL
                                              : trun_current_node (t, d);
  int rc = create (th, attr, trampoline, s);
  if (rc != 0)
    free (s);
  return rc;
}

/* ---- OpenMP ---- */

void *
__trun_omp_fork (void)
{
  struct trun_thread *t = trun_self;
  if (!t)
    {
      if (!trun_initialized)
        trun_ensure_init ();
      t = trun_thread_get ();
      if (!t)
        return NULL;
    }
  if (t->omp_level >= TRUN_OMP_NEST)
    {
      t->omp_level++;
      return NULL;
    }
  struct trun_omp_ctx *c = &t->omp[t->omp_level++];
  for (int d = 0; d < TRUN_NDOMAIN; d++)
    c->node[d] = trun_settings.flat_profile ? NULL : trun_current_node (t, d);
  c->owner = t;
  latest_fork = c;
  return c;
}

void
__trun_omp_join (void *ctx)
{
  struct trun_thread *t = trun_self;
  (void) ctx;
  if (t && t->omp_level > 0)
    t->omp_level--;
}

static void
omp_enter (int d, struct trun_desc *desc, void *ctx)
{
  struct trun_thread *t = trun_self;
  if (!t)
    {
      int saved = errno;
      if (!trun_initialized)
        trun_ensure_init ();
      t = trun_thread_get ();
      errno = saved;
    }
  struct trun_omp_ctx *c = ctx ? ctx : latest_fork;
  if (t && c && c->owner != t && t->dom[d].depth == 0 && !t->busy)
    trun_attach_root (t, d, c->node[d]);
  if (d == TRUN_DOMAIN_TRACE)
    __trun_trace_enter (desc);
  else
    __trun_region_enter (desc);
}

void
__trun_trace_omp_enter (struct trun_desc *desc, void *ctx)
{
  omp_enter (TRUN_DOMAIN_TRACE, desc, ctx);
}

void
__trun_region_omp_enter (struct trun_desc *desc, void *ctx)
{
  omp_enter (TRUN_DOMAIN_REGION, desc, ctx);
}

/* ---- fork() ---- */

static void
atfork_prepare (void)
{
  pthread_mutex_lock (&threads_lock);
}

static void
atfork_parent (void)
{
  pthread_mutex_unlock (&threads_lock);
}

/* Replay the open frames of OLD into a fresh state so the child's graph
   has the same path it was forked at, timed from the fork.  */
static void
replay_frames (struct trun_thread *old)
{
  for (int d = 0; d < TRUN_NDOMAIN; d++)
    {
      struct trun_dstate *ds = &old->dom[d];
      for (uint32_t i = 1; i <= ds->depth; i++)
        trun_enter_id (d, ds->frames[i].id);
    }
}

static void
atfork_child (void)
{
  pthread_mutex_init (&threads_lock, NULL);
  trun_intern_reset_locks ();
  struct trun_thread *old = trun_self;
  threads = NULL;
  nthreads = 0;
  latest_fork = NULL;
  trun_self = NULL;
  trun_lifecycle_after_fork_child ();
  if (old && !(trun_gate & (TRUN_GATE_FINAL | TRUN_GATE_OFF)))
    {
      struct trun_thread *t = thread_new (0, NULL, NULL);
      if (t)
        replay_frames (old);
    }
}

void
trun_thread_init_hooks (void)
{
  pthread_atfork (atfork_prepare, atfork_parent, atfork_child);
}
