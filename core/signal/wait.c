/*
 * core/signal/wait.c - waiting for signals: rt_sigsuspend(2) and
 * rt_sigtimedwait(2), and the temporary masks of ppoll and pselect6.
 *
 * Both open the mask for the awaited signals and sleep interruptibly until
 * one of them is pending. rt_sigsuspend leaves its temporary mask in place
 * (restore_saved_mask) so that the handler runs under it and signal_deliver
 * puts the old one back; rt_sigtimedwait takes the signal itself and
 * restores the mask before it returns.
 *
 * Locking: signal_lock around masks and pending sets, dropped to sleep.
 */
#include "lib/string.h"
#include "signal/internal.h"
#include "signal/syscalls.h"
#include "sys/uaccess.h"
#include "uapi/errno.h"
#include "uapi/time.h"

#define NSEC_PER_SEC 1000000000ull

/* Sleep until @t has a signal to handle. */
static void sleep_for_signal(struct task *t)
{
	for (;;) {
		thread_set_sleeping(THREAD_SLEEPING_INTERRUPTIBLE);
		if (signal_pending(t))
			break;
		schedule();
	}
	thread_set_running();
}

int signal_wait_mask_begin(unsigned long umask, unsigned long sigsetsize)
{
	struct task *t = current_task();
	linux_sigset_t mask;
	unsigned long flags;

	if (sigsetsize != sizeof(linux_sigset_t))
		return -EINVAL;
	if (copy_from_user(&mask, umask, sizeof(mask)))
		return -EFAULT;
	flags = spin_lock_irqsave(&signal_lock);
	t->sig.saved_mask = t->sig.blocked;
	t->sig.restore_saved_mask = true;
	t->sig.blocked = mask & ~SIG_KERNEL_ONLY_MASK;
	signal_recalc_locked(t);
	spin_unlock_irqrestore(&signal_lock, flags);
	return 0;
}

void signal_wait_mask_end(long ret)
{
	struct task *t = current_task();
	unsigned long flags;

	/* Interrupted: the handler runs under the temporary mask and
	 * signal_deliver() puts the saved one back afterwards. */
	if (ret == -EINTR || ret == -ERESTARTNOHAND)
		return;
	flags = spin_lock_irqsave(&signal_lock);
	t->sig.restore_saved_mask = false;
	t->sig.blocked = t->sig.saved_mask;
	signal_recalc_locked(t);
	spin_unlock_irqrestore(&signal_lock, flags);
}

long sys_rt_sigsuspend(unsigned long umask, unsigned long sigsetsize)
{
	int err = signal_wait_mask_begin(umask, sigsetsize);

	if (err)
		return err;
	sleep_for_signal(current_task());
	return -ERESTARTNOHAND;
}

/* Take a pending signal of @want for @t; 0 if none. */
static int take_wanted(struct task *t, linux_sigset_t want, struct linux_siginfo *info)
{
	unsigned long flags = spin_lock_irqsave(&signal_lock);
	int sig = signal_dequeue_locked(t, ~want, info);

	spin_unlock_irqrestore(&signal_lock, flags);
	return sig;
}

/* Let signals of @want wake @t (true) or block them again as before. */
static void open_mask(struct task *t, linux_sigset_t want, linux_sigset_t *saved, bool open)
{
	unsigned long flags = spin_lock_irqsave(&signal_lock);

	if (open) {
		*saved = t->sig.blocked;
		t->sig.blocked &= ~want;
	} else {
		t->sig.blocked = *saved;
	}
	signal_recalc_locked(t);
	spin_unlock_irqrestore(&signal_lock, flags);
}

/* The deadline of timeout @uts (0: none), or -EFAULT / -EINVAL. */
static int read_deadline(unsigned long uts, uint64_t *deadline)
{
	struct linux_timespec ts;
	uint64_t now = hal_clock_ns(), ns;

	*deadline = 0;
	if (!uts)
		return 0;
	if (copy_from_user(&ts, uts, sizeof(ts)))
		return -EFAULT;
	if (ts.tv_sec < 0 || ts.tv_nsec < 0 || (uint64_t)ts.tv_nsec >= NSEC_PER_SEC)
		return -EINVAL;
	if ((uint64_t)ts.tv_sec >= (UINT64_MAX - now) / NSEC_PER_SEC)
		ns = UINT64_MAX - now - 1;
	else
		ns = (uint64_t)ts.tv_sec * NSEC_PER_SEC + (uint64_t)ts.tv_nsec;
	*deadline = now + ns;
	return 0;
}

long sys_rt_sigtimedwait(unsigned long uthese, unsigned long uinfo, unsigned long uts,
			 unsigned long sigsetsize)
{
	struct task *t = current_task();
	struct linux_siginfo info;
	linux_sigset_t want, saved;
	uint64_t deadline;
	bool timed_out = false;
	int sig, err;

	if (sigsetsize != sizeof(linux_sigset_t))
		return -EINVAL;
	if (copy_from_user(&want, uthese, sizeof(want)))
		return -EFAULT;
	want &= ~SIG_KERNEL_ONLY_MASK;
	err = read_deadline(uts, &deadline);
	if (err)
		return err;
	sig = take_wanted(t, want, &info);
	if (!sig) {
		if (uts && deadline <= hal_clock_ns())
			return -EAGAIN;
		open_mask(t, want, &saved, true);
		if (deadline)
			timed_out = signal_sleep_until(deadline) == 0;
		else
			sleep_for_signal(t);
		open_mask(t, want, &saved, false);
		sig = take_wanted(t, want, &info);
	}
	if (!sig)
		return timed_out ? -EAGAIN : -EINTR;
	if (uinfo && copy_to_user(uinfo, &info, sizeof(info)))
		return -EFAULT;
	return sig;
}
