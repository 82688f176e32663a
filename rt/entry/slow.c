/* rt/entry/slow.c -- the entry points' slow paths: the lazy start of the
 * runtime and of a thread's state, and the first use of a descriptor
 * (its name becomes an id).  Out of line: the markers reach them through
 * one unlikely branch.
 */
#include "entry/entry.h"

#include <errno.h>

struct trun_thread *
trun_entry_thread (void)
{
  struct trun_thread *t = trun_self;
  if (trun_likely (t != NULL))
    return t;
  if (!trun_initialized)
    trun_ensure_init ();
  t = trun_wrap_deferred_start ();
  return t ? t : trun_thread_get ();
}

void
trun_entry_enter_id (int d, uint32_t id)
{
  struct trun_thread *t = trun_entry_thread ();
  if (t)
    trun_enter_id_sp (t, d, id, 0);
}

/* A disabled descriptor's call is counted whatever the thread's state
   (in the thread's node of the call when it can have one, else in the
   descriptor), and gets its (recording nothing) frame like an enabled
   one, so its exit finds it.  A descriptor the run-time filters claimed
   (TRUN_DESC_ID_SKIPPED: the call tested the flag just before) gets no
   frame: its exit pops nothing.  */
void
trun_enter_desc_slow (int d, struct trun_desc *desc, uintptr_t sp)
{
  int saved = errno;
  int on = trun_desc_measured (desc);
  struct trun_thread *t = trun_entry_thread ();
  int ready = t && !t->busy;
  uint32_t id = trun_desc_id (desc);
  if (ready && !id)
    {
      sigset_t old;
      trun_busy_enter (t, &old);
      id = trun_desc_set_id (desc, trun_intern (desc->name));
      trun_busy_leave (t, &old);
    }
  if (ready && id != TRUN_DESC_ID_SKIPPED)
    {
      if (on)
        trun_enter_id_sp (t, d, id, sp);
      else
        trun_enter_unmeasured (t, d, desc, id, sp);
    }
  else if (!on || id == TRUN_DESC_ID_SKIPPED)
    __atomic_fetch_add (&desc->calls, 1, __ATOMIC_RELAXED);
  errno = saved;
}
