/*
 * core/proc/time.c - clocks and sleeping for user space: clock_gettime,
 * clock_getres, gettimeofday, nanosleep, clock_nanosleep.
 *
 * CLOCK_REALTIME (and _COARSE, TAI) is hal_wall_clock_ns(); MONOTONIC,
 * MONOTONIC_RAW, _COARSE and BOOTTIME are hal_clock_ns() (nothing suspends,
 * so boot time and monotonic time agree); the CPU-time clocks count the
 * scheduler's per-thread run time.
 *
 * A signal ends a sleep early: a relative sleep writes the time left to
 * @rem, leaves its deadline in the task's restart block and returns
 * ERESTART_RESTARTBLOCK; an absolute one returns ERESTARTNOHAND. core/signal
 * turns both into -EINTR when a handler runs; otherwise the call goes on
 * (restart_syscall sleeps to the same deadline; the absolute sleep simply
 * runs again with its arguments).
 */
#include "uapi/time.h"
#include "hal/hal.h"
#include "lib/string.h"
#include "proc/internal.h"
#include "proc/rlimit.h"
#include "proc/syscalls.h"
#include "sched/cpu.h"
#include "signal/signal.h"
#include "sys/uaccess.h"
#include "uapi/errno.h"

#define NSEC_PER_SEC  1000000000ull
#define COARSE_RES_NS (NSEC_PER_SEC / HZ)

static uint64_t thread_cpu_ns(void)
{
	struct thread *t = current_thread();

	return t->sum_exec_ns + (hal_clock_ns() - t->exec_start_ns);
}

/* The time of @clock in ns, or -EINVAL. */
static int clock_read(int clock, uint64_t *ns)
{
	switch (clock) {
	case CLOCK_REALTIME:
	case CLOCK_REALTIME_COARSE:
	case CLOCK_TAI:
		*ns = hal_wall_clock_ns();
		return 0;
	case CLOCK_MONOTONIC:
	case CLOCK_MONOTONIC_RAW:
	case CLOCK_MONOTONIC_COARSE:
	case CLOCK_BOOTTIME:
		*ns = hal_clock_ns();
		return 0;
	case CLOCK_PROCESS_CPUTIME_ID:
		*ns = proc_cpu_ns(current_process()) +
		      (hal_clock_ns() - current_thread()->exec_start_ns);
		return 0;
	case CLOCK_THREAD_CPUTIME_ID:
		*ns = thread_cpu_ns();
		return 0;
	default:
		return -EINVAL;
	}
}

static struct linux_timespec ns_to_ts(uint64_t ns)
{
	return (struct linux_timespec){(int64_t)(ns / NSEC_PER_SEC), (int64_t)(ns % NSEC_PER_SEC)};
}

/* A valid timespec (0 <= nsec < 1e9, sec >= 0) as ns, saturating. */
static int ts_to_ns(const struct linux_timespec *ts, uint64_t *ns)
{
	if (ts->tv_nsec < 0 || ts->tv_nsec >= (int64_t)NSEC_PER_SEC || ts->tv_sec < 0)
		return -EINVAL;
	if ((uint64_t)ts->tv_sec >= UINT64_MAX / NSEC_PER_SEC - 1)
		*ns = UINT64_MAX;
	else
		*ns = (uint64_t)ts->tv_sec * NSEC_PER_SEC + (uint64_t)ts->tv_nsec;
	return 0;
}

long sys_clock_gettime(unsigned long clock, unsigned long utp)
{
	struct linux_timespec ts;
	uint64_t ns;
	int err = clock_read((int)clock, &ns);

	if (err)
		return err;
	ts = ns_to_ts(ns);
	return copy_to_user(utp, &ts, sizeof(ts)) ? -EFAULT : 0;
}

long sys_clock_getres(unsigned long clock, unsigned long utp)
{
	struct linux_timespec ts = {0, 1};
	uint64_t ns;
	int err = clock_read((int)clock, &ns);

	if (err)
		return err;
	if (clock == CLOCK_REALTIME_COARSE || clock == CLOCK_MONOTONIC_COARSE)
		ts.tv_nsec = (int64_t)COARSE_RES_NS;
	if (utp && copy_to_user(utp, &ts, sizeof(ts)))
		return -EFAULT;
	return 0;
}

long sys_gettimeofday(unsigned long utv, unsigned long utz)
{
	uint64_t ns = hal_wall_clock_ns();
	struct linux_timeval tv = {(int64_t)(ns / NSEC_PER_SEC),
				   (int64_t)(ns % NSEC_PER_SEC) / 1000};
	struct linux_timezone tz = {0, 0};

	if (utv && copy_to_user(utv, &tv, sizeof(tv)))
		return -EFAULT;
	if (utz && copy_to_user(utz, &tz, sizeof(tz)))
		return -EFAULT;
	return 0;
}

/* Sleep until hal_clock_ns() reaches @deadline: 0, or -EINTR (a signal). */
static int sleep_to(uint64_t deadline)
{
	return signal_sleep_until(deadline);
}

static long nanosleep_restart(struct signal_restart_block *b);

/* Sleep to monotonic @deadline; on a signal, report the rest in @urem. */
static long sleep_deadline(uint64_t deadline, unsigned long urem)
{
	struct signal_restart_block *b;
	struct linux_timespec rem;
	uint64_t now;

	if (!sleep_to(deadline))
		return 0;
	now = hal_clock_ns();
	rem = ns_to_ts(deadline > now ? deadline - now : 0);
	if (urem && copy_to_user(urem, &rem, sizeof(rem)))
		return -EFAULT;
	b = &current_task()->sig.restart_block;
	b->fn = nanosleep_restart;
	b->data[0] = deadline;
	b->data[1] = urem;
	return -ERESTART_RESTARTBLOCK;
}

/* restart_syscall after an interrupted relative sleep: the same deadline. */
static long nanosleep_restart(struct signal_restart_block *b)
{
	return sleep_deadline(b->data[0], (unsigned long)b->data[1]);
}

static long sleep_relative(unsigned long ureq, unsigned long urem)
{
	struct linux_timespec req;
	uint64_t ns, now;

	if (copy_from_user(&req, ureq, sizeof(req)))
		return -EFAULT;
	if (ts_to_ns(&req, &ns))
		return -EINVAL;
	now = hal_clock_ns();
	return sleep_deadline(ns > UINT64_MAX - now ? UINT64_MAX : now + ns, urem);
}

long sys_nanosleep(unsigned long ureq, unsigned long urem)
{
	return sleep_relative(ureq, urem);
}

long sys_clock_nanosleep(unsigned long clock, unsigned long flags, unsigned long ureq,
			 unsigned long urem)
{
	struct linux_timespec req;
	uint64_t ns, now_clock, now;

	switch ((int)clock) {
	case CLOCK_REALTIME:
	case CLOCK_TAI:
	case CLOCK_MONOTONIC:
	case CLOCK_BOOTTIME:
		break;
	case CLOCK_THREAD_CPUTIME_ID:
		return -EINVAL;
	default:
		return clock_read((int)clock, &ns) ? -EINVAL : -EOPNOTSUPP;
	}
	if (!(flags & TIMER_ABSTIME))
		return sleep_relative(ureq, urem);
	if (copy_from_user(&req, ureq, sizeof(req)))
		return -EFAULT;
	if (ts_to_ns(&req, &ns))
		return -EINVAL;
	clock_read((int)clock, &now_clock);
	now = hal_clock_ns();
	if (ns <= now_clock)
		return 0;
	if (sleep_to(ns - now_clock > UINT64_MAX - now ? UINT64_MAX : now + (ns - now_clock)))
		return -ERESTARTNOHAND;
	return 0;
}
