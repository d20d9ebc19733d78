/*
 * core/signal/action.c - the action table and rt_sigaction(2): installing
 * an action that ignores a signal also discards it where it is pending.
 *
 * Locking: signal_lock around the table and the pending sets.
 */
#include "lib/string.h"
#include "signal/internal.h"
#include "signal/syscalls.h"
#include "sys/uaccess.h"
#include "uapi/errno.h"

/* The sa_flags bits riscv64 Linux keeps; the others read back as 0. */
#define SA_KNOWN_FLAGS                                                                             \
	(SA_NOCLDSTOP | SA_NOCLDWAIT | SA_SIGINFO | SA_ONSTACK | SA_RESTART | SA_NODEFER |         \
	 SA_RESETHAND)

/* Install @new for @sig in @p; an ignoring action drops what is pending. */
static void set_action_locked(struct process *p, int sig, const struct linux_sigaction *new)
{
	struct linux_sigaction *a = sig_action(p, sig);
	struct task *t;

	a->sa_handler = new->sa_handler;
	a->sa_flags = new->sa_flags &SA_KNOWN_FLAGS;
	a->sa_mask = new->sa_mask & ~SIG_KERNEL_ONLY_MASK;
	if (!sig_action_ignores(a, sig))
		return;
	sigpending_flush_mask(&p->sig.shared, sig_bit(sig));
	list_for_each_entry(t, &p->threads, thread_link)
	{
		sigpending_flush_mask(&t->sig.pending, sig_bit(sig));
		signal_recalc_locked(t);
	}
}

long sys_rt_sigaction(unsigned long usig, unsigned long uact, unsigned long uoact,
		      unsigned long sigsetsize)
{
	struct process *p = current_process();
	struct linux_sigaction new, old;
	unsigned long flags;
	int sig = (int)usig;

	if (sigsetsize != sizeof(linux_sigset_t))
		return -EINVAL;
	if (!sig_valid(sig) || (uact && (sig_bit(sig) & SIG_KERNEL_ONLY_MASK)))
		return -EINVAL;
	if (uact && copy_from_user(&new, uact, sizeof(new)))
		return -EFAULT;
	flags = spin_lock_irqsave(&proc_lock);
	spin_lock(&signal_lock);
	old = *sig_action(p, sig);
	if (uact)
		set_action_locked(p, sig, &new);
	spin_unlock(&signal_lock);
	spin_unlock_irqrestore(&proc_lock, flags);
	if (uoact && copy_to_user(uoact, &old, sizeof(old)))
		return -EFAULT;
	return 0;
}
