/*
 * core/signal/itimer.c - the real-time interval timer of a process:
 * setitimer(2)/getitimer(2) with ITIMER_REAL (alarm(3) is built on it),
 * which sends SIGALRM when it expires and re-arms with its interval.
 *
 * The deadlines live in struct signal_process. One kernel thread, started
 * by the first setitimer, looks at every process each ITIMER_TICK_NS and
 * fires the timers that are due, so SIGALRM comes at most that late (the
 * scheduler has no timer callbacks yet). Timers survive exec; a fork
 * child starts with none (signal_init_process).
 *
 * Locking: the fields are under signal_lock; the thread walks processes
 * under proc_lock (then signal_lock, the usual order).
 */
#include "lib/printk.h"
#include "lib/string.h"
#include "signal/internal.h"
#include "signal/syscalls.h"
#include "sys/uaccess.h"
#include "uapi/errno.h"
#include "uapi/time.h"

#define ITIMER_TICK_NS 10000000ull /* 10 ms */
#define NSEC_PER_USEC  1000ull
#define USEC_PER_SEC   1000000ull

static struct spinlock start_lock = SPINLOCK_INIT("itimer start");
static bool thread_started;

/* Fire @p's timer if it is due at @now (proc_lock held). */
static void fire_one(struct process *p, void *arg)
{
	uint64_t now = *(uint64_t *)arg;
	struct linux_siginfo info;

	if (p->state != PROCESS_ALIVE)
		return;
	spin_lock(&signal_lock);
	if (p->sig.itimer_deadline_ns && p->sig.itimer_deadline_ns <= now) {
		if (p->sig.itimer_interval_ns)
			p->sig.itimer_deadline_ns = now + p->sig.itimer_interval_ns;
		else
			p->sig.itimer_deadline_ns = 0;
		signal_info_kernel(&info, SIGALRM);
		signal_send_locked(p, NULL, &info);
	}
	spin_unlock(&signal_lock);
}

static void itimer_thread(void *arg)
{
	for (;;) {
		uint64_t now = hal_clock_ns();
		unsigned long flags = spin_lock_irqsave(&proc_lock);

		proc_for_each_locked(fire_one, &now);
		spin_unlock_irqrestore(&proc_lock, flags);
		thread_sleep_ns(ITIMER_TICK_NS);
	}
}

static int start_thread(void)
{
	unsigned long flags = spin_lock_irqsave(&start_lock);
	bool first = !thread_started;

	thread_started = true;
	spin_unlock_irqrestore(&start_lock, flags);
	if (first && !kthread_run(itimer_thread, NULL, "itimer")) {
		printk("itimer: cannot start the timer thread\n");
		__atomic_store_n(&thread_started, false, __ATOMIC_SEQ_CST);
		return -ENOMEM;
	}
	return 0;
}

static uint64_t tv_to_ns(const struct linux_timeval *tv)
{
	return (uint64_t)tv->tv_sec * USEC_PER_SEC * NSEC_PER_USEC +
	       (uint64_t)tv->tv_usec * NSEC_PER_USEC;
}

static struct linux_timeval ns_to_tv(uint64_t ns)
{
	/* Round up: an armed timer never reads as 0. */
	uint64_t us = (ns + NSEC_PER_USEC - 1) / NSEC_PER_USEC;

	return (struct linux_timeval){(int64_t)(us / USEC_PER_SEC), (int64_t)(us % USEC_PER_SEC)};
}

static bool tv_valid(const struct linux_timeval *tv)
{
	return tv->tv_sec >= 0 && tv->tv_usec >= 0 && (uint64_t)tv->tv_usec < USEC_PER_SEC &&
	       (uint64_t)tv->tv_sec < UINT64_MAX / 2 / (USEC_PER_SEC * NSEC_PER_USEC);
}

/* @p's timer as getitimer reports it (signal_lock held). */
static struct linux_itimerval current_value(struct process *p, uint64_t now)
{
	struct linux_itimerval v = {{0, 0}, {0, 0}};
	uint64_t deadline = p->sig.itimer_deadline_ns;

	v.it_interval = ns_to_tv(p->sig.itimer_interval_ns);
	if (deadline)
		v.it_value = ns_to_tv(deadline > now ? deadline - now : 1);
	return v;
}

long sys_getitimer(unsigned long which, unsigned long uvalue)
{
	struct process *p = current_process();
	struct linux_itimerval v;
	unsigned long flags;

	if (which != ITIMER_REAL)
		return -EINVAL;
	flags = spin_lock_irqsave(&signal_lock);
	v = current_value(p, hal_clock_ns());
	spin_unlock_irqrestore(&signal_lock, flags);
	return copy_to_user(uvalue, &v, sizeof(v)) ? -EFAULT : 0;
}

long sys_setitimer(unsigned long which, unsigned long unew, unsigned long uold)
{
	struct process *p = current_process();
	struct linux_itimerval new, old;
	unsigned long flags;
	uint64_t now, value;
	int err;

	if (which != ITIMER_REAL)
		return -EINVAL;
	if (!unew)
		memset(&new, 0, sizeof(new));
	else if (copy_from_user(&new, unew, sizeof(new)))
		return -EFAULT;
	if (!tv_valid(&new.it_value) || !tv_valid(&new.it_interval))
		return -EINVAL;
	value = tv_to_ns(&new.it_value);
	if (value) {
		err = start_thread();
		if (err)
			return err;
	}
	now = hal_clock_ns();
	flags = spin_lock_irqsave(&signal_lock);
	old = current_value(p, now);
	p->sig.itimer_deadline_ns = value ? now + value : 0;
	p->sig.itimer_interval_ns = value ? tv_to_ns(&new.it_interval) : 0;
	spin_unlock_irqrestore(&signal_lock, flags);
	if (uold && copy_to_user(uold, &old, sizeof(old)))
		return -EFAULT;
	return 0;
}
