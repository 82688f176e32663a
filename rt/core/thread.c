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
#include <sys/syscall.h>
#include <unistd.h>

__thread struct trun_thread *trun_self __attribute__ ((tls_model ("initial-exec")));

static struct trun_thread *threads; /* newest first */
static unsigned nthreads;
static pthread_mutex_t threads_lock = PTHREAD_MUTEX_INITIALIZER;

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

struct trun_thread *
trun_thread_start (unsigned parent, struct trun_node *const attach[TRUN_NDOMAIN])
{
  if (!trun_initialized || trun_self)
    return trun_self;
  return thread_new (parent, attach[TRUN_DOMAIN_REGION],
                     attach[TRUN_DOMAIN_TRACE]);
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
  trun_self = NULL;
  return old;
}
