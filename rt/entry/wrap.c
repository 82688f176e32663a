/* rt/entry/wrap.c -- every libc and pthread symbol the runtime
 * interposes, in one file.  pthread_create: a new thread's graph hangs
 * under the node current in its creator at creation.
 *
 * A sanitizer (ASan, TSan) interposes pthread_create ahead of libtrun and
 * calls this one as its "real" pthread_create, with a start routine of
 * its own that sets the new thread up for the sanitizer: nothing of the
 * runtime may run in the new thread before that routine.  The trampoline
 * then only keeps the start in a thread-local and calls the routine; the
 * thread's state is made, under the same node, when the thread first
 * enters the runtime (trun_wrap_deferred_start, from entry/slow.c).
 */
#define _GNU_SOURCE
#include "entry/entry.h"

#include <dlfcn.h>
#include <errno.h>
#include <stdlib.h>
#include <unistd.h>

typedef int (*create_fn) (pthread_t *, const pthread_attr_t *,
                          void *(*) (void *), void *);

struct start
{
  void *(*fn) (void *);
  void *arg;
  struct trun_thread *creator; /* pinned until the thread starts */
  pid_t pid;                   /* the creator's process */
  struct trun_node *attach[TRUN_NDOMAIN];
};

/* A deferred start not yet taken up by the thread (one that ends with
   pthread_exit before it ever enters the runtime leaves it allocated).  */
static __thread struct start *pending
    __attribute__ ((tls_model ("initial-exec")));

/* After the thread's start routine returned.  */
static __attribute__ ((noinline)) void *
thread_done (void *result)
{
  struct start *s = pending;
  if (s)
    {
      pending = NULL;
      if (s->pid == getpid ())
        trun_thread_drop (s->creator);
      free (s); /* the thread never entered the runtime */
    }
  if (trun_self)
    trun_thread_check_moved (trun_self);
  return result;
}

static void *
trampoline (void *p)
{
  struct start s = *(struct start *) p;
  free (p);
  trun_thread_start (s.creator, s.attach);
  return thread_done (s.fn (s.arg));
}

/* The trampoline under another pthread_create (a sanitizer's): S->FN is
   that one's start routine and must run first, so this touches only its
   argument and a thread-local, uninstrumented.  */
static __attribute__ ((no_sanitize_address, no_sanitize_thread,
                       no_sanitize_undefined)) void *
trampoline_deferred (void *p)
{
  struct start *s = p;
  pending = s;
  return thread_done (s->fn (s->arg));
}

struct trun_thread *
trun_wrap_deferred_start (void)
{
  struct start *s = pending;
  if (!s)
    return NULL;
  /* Taken first: a marker reached from the allocations below finds
     nothing pending and starts the thread the plain way.  In a fork()
     child the creator's graphs are forgotten: nothing to attach to.  */
  pending = NULL;
  struct trun_thread *t = s->pid == getpid ()
                              ? trun_thread_start (s->creator, s->attach)
                              : NULL;
  free (s);
  return t;
}

static create_fn real_fn;
static int interposed; /* another pthread_create runs before this one */

/* The next pthread_create, and in *DEFER whether this one runs under
   another.  Found once; threads racing here find the same.  */
static create_fn
real_create (int *defer)
{
  create_fn fn = __atomic_load_n (&real_fn, __ATOMIC_ACQUIRE);
  if (!fn)
    {
      fn = (create_fn) dlsym (RTLD_NEXT, "pthread_create");
      if (!fn)
        fn = (create_fn) dlsym (RTLD_DEFAULT, "pthread_create");
      void *first = dlsym (RTLD_DEFAULT, "pthread_create");
      Dl_info in_first, in_self;
      int other = first && dladdr (first, &in_first)
                  && dladdr ((void *) trampoline, &in_self)
                  && in_first.dli_fbase != in_self.dli_fbase;
      __atomic_store_n (&interposed, other, __ATOMIC_RELAXED);
      __atomic_store_n (&real_fn, fn, __ATOMIC_RELEASE);
    }
  *defer = __atomic_load_n (&interposed, __ATOMIC_RELAXED);
  return fn;
}

TRUN_ABI_EXPORT int
pthread_create (pthread_t *th, const pthread_attr_t *attr,
                void *(*fn) (void *), void *arg)
{
  int defer;
  create_fn create = real_create (&defer);
  struct trun_thread *t = trun_self;
  if (!create)
    return EAGAIN;
  if (!t || !trun_initialized || (trun_gate_now () & TRUN_GATE_FINAL))
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
  s->pid = getpid ();
  trun_thread_hold (t);
  for (int d = 0; d < TRUN_NDOMAIN; d++)
    s->attach[d] = trun_settings.flat_profile ? NULL
                                              : trun_current_node (t, d);
  int rc = create (th, attr, defer ? trampoline_deferred : trampoline, s);
  if (rc != 0)
    {
      trun_thread_drop (t);
      free (s);
    }
  return rc;
}

/* longjmp, _longjmp, siglongjmp and __longjmp_chk (x86-64 glibc): the
   frames a jump abandons are closed before it, from the stack pointer
   the jmp_buf holds, so calls made after it nest exactly (without, the
   next enter's stack pointer tells only that frames below it were
   abandoned, not those of the functions called at the setjmp caller's
   level with smaller frames than the next one's).  glibc stores that
   stack pointer mangled with the thread's pointer guard, as
   ThreadSanitizer reads it too; a value that is not above the current
   stack pointer is not used.  The real functions are found at load
   time: a handler's siglongjmp must not call dlsym.  */
#if defined(__x86_64__) && defined(__GLIBC__)
#include <setjmp.h>

typedef void (*jump_fn) (struct __jmp_buf_tag *, int);
static jump_fn real_siglongjmp, real_longjmp_chk;

static __attribute__ ((constructor)) void
find_jumps (void)
{
  real_siglongjmp = (jump_fn) dlsym (RTLD_NEXT, "siglongjmp");
  real_longjmp_chk = (jump_fn) dlsym (RTLD_NEXT, "__longjmp_chk");
}

static void
before_jump (struct __jmp_buf_tag *env)
{
  struct trun_thread *t = trun_self;
  if (!t || t->busy)
    return;
  int saved = errno;
  uintptr_t sp = (uintptr_t) env->__jmpbuf[6], guard; /* JB_RSP */
  __asm__ ("movq %%fs:0x30, %0" : "=r"(guard)); /* POINTER_GUARD */
  sp = ((sp >> 17) | (sp << 47)) ^ guard;
  uintptr_t here = (uintptr_t) __builtin_frame_address (0);
  if (sp > here)
    for (int d = 0; d < TRUN_NDOMAIN; d++)
      trun_stack_longjmp (t, d, sp);
  errno = saved;
}

static __attribute__ ((noreturn)) void
jump (jump_fn fn, struct __jmp_buf_tag *env, int val)
{
  before_jump (env);
  if (!fn)
    fn = real_siglongjmp ? real_siglongjmp
                         : (jump_fn) dlsym (RTLD_NEXT, "siglongjmp");
  fn (env, val);
  abort ();
}

/* In glibc the first three are one function (whether the signal mask
   is restored is in ENV).  */
TRUN_ABI_EXPORT __attribute__ ((noreturn)) void
longjmp (struct __jmp_buf_tag env[1], int val)
{
  jump (real_siglongjmp, env, val);
}

TRUN_ABI_EXPORT __attribute__ ((noreturn)) void
_longjmp (struct __jmp_buf_tag env[1], int val)
{
  jump (real_siglongjmp, env, val);
}

TRUN_ABI_EXPORT __attribute__ ((noreturn)) void
siglongjmp (struct __jmp_buf_tag env[1], int val)
{
  jump (real_siglongjmp, env, val);
}

TRUN_ABI_EXPORT __attribute__ ((noreturn)) void
__longjmp_chk (struct __jmp_buf_tag env[1], int val)
{
  jump (real_longjmp_chk ? real_longjmp_chk : real_siglongjmp, env, val);
}
#endif
