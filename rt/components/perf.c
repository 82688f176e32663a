/* rt/components/perf.c -- hardware counters (cycles, instructions, cache
 * misses, branch misses) through perf_event_open, counting user space of
 * the calling thread.  Each thread opens its own counters on first use.
 * Where the kernel refuses (perf_event_paranoid, containers, no PMU), one
 * notice names the reason and the counters are unavailable; everything
 * else runs.
 */
#include <errno.h>
#include <linux/perf_event.h>
#include <pthread.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "components/family.h"

enum
{
  HW_CYCLES,
  HW_INSTRUCTIONS,
  HW_CACHE_MISSES,
  HW_BRANCH_MISSES,
  HW_N
};

static const uint64_t hw_config[HW_N] = {
  PERF_COUNT_HW_CPU_CYCLES,
  PERF_COUNT_HW_INSTRUCTIONS,
  PERF_COUNT_HW_CACHE_MISSES,
  PERF_COUNT_HW_BRANCH_MISSES,
};

static const char *const hw_name[HW_N] = {
  "hw_cpu_cycles", "hw_instructions", "hw_cache_misses", "hw_branch_misses"
};

/* Per thread: -2 not opened yet, -1 failed, else the descriptor.  */
static __thread int hw_fd[HW_N] = { -2, -2, -2, -2 };
static pthread_key_t hw_key;
static pthread_once_t hw_key_once = PTHREAD_ONCE_INIT;

static int
open_counter (int which)
{
  struct perf_event_attr attr;
  memset (&attr, 0, sizeof attr);
  attr.size = sizeof attr;
  attr.type = PERF_TYPE_HARDWARE;
  attr.config = hw_config[which];
  attr.exclude_kernel = 1;
  attr.exclude_hv = 1;
  return (int) syscall (SYS_perf_event_open, &attr, 0 /* this thread */,
                        -1 /* any cpu */, -1 /* no group */, PERF_FLAG_FD_CLOEXEC);
}

/* Closes a finished thread's counters.  */
static void
close_thread_counters (void *unused)
{
  (void) unused;
  for (int i = 0; i < HW_N; i++)
    if (hw_fd[i] >= 0)
      {
        close (hw_fd[i]);
        hw_fd[i] = -1;
      }
}

/* A forked child inherits descriptors that still count the parent's
   thread: drop them so the child opens its own.  */
static void
reset_after_fork (void)
{
  close_thread_counters (NULL);
  for (int i = 0; i < HW_N; i++)
    hw_fd[i] = -2;
}

static void
make_key (void)
{
  pthread_key_create (&hw_key, close_thread_counters);
  pthread_atfork (NULL, NULL, reset_after_fork);
}

/* Availability, decided once per counter by opening it in the calling
   thread.  The first refusal prints the one notice for the family.  */
static int hw_state[HW_N]; /* 0 unknown, 1 usable, -1 refused */
static int hw_notice_given;

void
trun_components_quiet (void)
{
  __atomic_store_n (&hw_notice_given, 1, __ATOMIC_RELEASE);
}

static int
hw_available (int which)
{
  int state = __atomic_load_n (&hw_state[which], __ATOMIC_ACQUIRE);
  if (state == 0)
    {
      int fd = open_counter (which);
      int err = errno;
      if (fd >= 0)
        close (fd);
      state = fd >= 0 ? 1 : -1;
      __atomic_store_n (&hw_state[which], state, __ATOMIC_RELEASE);
      if (fd < 0 && !__atomic_exchange_n (&hw_notice_given, 1, __ATOMIC_ACQ_REL))
        trun_warn ("hardware counters are not available here "
                   "(perf_event_open for %s: %s); hw_* components are "
                   "dropped, the rest runs",
                   hw_name[which], strerror (err));
    }
  return state > 0 ? 0 : -1;
}

static void
hw_sample (int which, double *out)
{
  int fd = hw_fd[which];
  if (trun_unlikely (fd == -2))
    {
      pthread_once (&hw_key_once, make_key);
      pthread_setspecific (hw_key, hw_fd); /* any non-NULL value */
      fd = hw_fd[which] = open_counter (which);
    }
  uint64_t value = 0;
  if (fd < 0 || read (fd, &value, sizeof value) != (ssize_t) sizeof value)
    value = 0;
  out[0] = (double) value;
}

int trun_available_hw_cpu_cycles (void) { return hw_available (HW_CYCLES); }
int trun_available_hw_instructions (void) { return hw_available (HW_INSTRUCTIONS); }
int trun_available_hw_cache_misses (void) { return hw_available (HW_CACHE_MISSES); }
int trun_available_hw_branch_misses (void) { return hw_available (HW_BRANCH_MISSES); }

void trun_sample_hw_cpu_cycles (double *out) { hw_sample (HW_CYCLES, out); }
void trun_sample_hw_instructions (double *out) { hw_sample (HW_INSTRUCTIONS, out); }
void trun_sample_hw_cache_misses (double *out) { hw_sample (HW_CACHE_MISSES, out); }
void trun_sample_hw_branch_misses (double *out) { hw_sample (HW_BRANCH_MISSES, out); }
