/* rt/entry/wrap.c -- every libc and pthread symbol the runtime
 * interposes, in one file.  pthread_create: a new thread's graph hangs
 * under the node current in its creator at creation.
 */
#define _GNU_SOURCE
#include "entry/entry.h"

#include <dlfcn.h>
#include <errno.h>
#include <stdlib.h>

typedef int (*create_fn) (pthread_t *, const pthread_attr_t *,
                          void *(*) (void *), void *);

struct start
{
  void *(*fn) (void *);
  void *arg;
  struct trun_thread *creator; /* pinned until the thread starts */
  struct trun_node *attach[TRUN_NDOMAIN];
};

static void *
trampoline (void *p)
{
  struct start s = *(struct start *) p;
  free (p);
  trun_thread_start (s.creator, s.attach);
  void *result = s.fn (s.arg);
  if (trun_self)
    trun_thread_check_moved (trun_self);
  return result;
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
  sigset_t old;
  trun_busy_enter (t, &old);
  struct start *s = malloc (sizeof *s);
  trun_busy_leave (t, &old);
  if (!s)
    return create (th, attr, fn, arg);
  s->fn = fn;
  s->arg = arg;
  s->creator = t;
  trun_thread_hold (t);
  for (int d = 0; d < TRUN_NDOMAIN; d++)
    s->attach[d] = trun_settings.flat_profile ? NULL
                                              : trun_current_node (t, d);
  int rc = create (th, attr, trampoline, s);
  if (rc != 0)
    {
      trun_thread_drop (t);
      free (s);
    }
  return rc;
}

