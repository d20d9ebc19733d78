/*
 * core/signal/mask.c - the calling thread's view of its signals:
 * rt_sigprocmask(2), rt_sigpending(2) and sigaltstack(2).
 *
 * Locking: signal_lock around the mask and pending sets; user memory is
 * copied before taking it or after dropping it.
 */
#include "lib/string.h"
#include "signal/internal.h"
#include "signal/syscalls.h"
#include "sys/uaccess.h"
#include "uapi/errno.h"

long sys_rt_sigprocmask(unsigned long how, unsigned long uset, unsigned long uoset,
			unsigned long sigsetsize)
{
	struct task *t = current_task();
	linux_sigset_t set = 0, old;
	unsigned long flags;
	long err = 0;

	if (sigsetsize != sizeof(linux_sigset_t))
		return -EINVAL;
	if (uset && copy_from_user(&set, uset, sizeof(set)))
		return -EFAULT;
	set &= ~SIG_KERNEL_ONLY_MASK;
	flags = spin_lock_irqsave(&signal_lock);
	old = t->sig.blocked;
	if (uset) {
		switch (how) {
		case SIG_BLOCK:
			t->sig.blocked |= set;
			break;
		case SIG_UNBLOCK:
			t->sig.blocked &= ~set;
			break;
		case SIG_SETMASK:
			t->sig.blocked = set;
			break;
		default:
			err = -EINVAL;
		}
		signal_recalc_locked(t);
	}
	spin_unlock_irqrestore(&signal_lock, flags);
	if (err)
		return err;
	if (uoset && copy_to_user(uoset, &old, sizeof(old)))
		return -EFAULT;
	return 0;
}

long sys_rt_sigpending(unsigned long uset, unsigned long sigsetsize)
{
	struct task *t = current_task();
	linux_sigset_t set;
	unsigned long flags;

	if (sigsetsize > sizeof(linux_sigset_t))
		return -EINVAL;
	flags = spin_lock_irqsave(&signal_lock);
	set = (t->sig.pending.set | t->proc->sig.shared.set) & t->sig.blocked;
	spin_unlock_irqrestore(&signal_lock, flags);
	if (copy_to_user(uset, &set, sigsetsize))
		return -EFAULT;
	return 0;
}

int signal_set_altstack(struct task *t, const struct linux_stack_t *ss)
{
	uint32_t mode = (uint32_t)ss->ss_flags & ~SS_AUTODISARM;
	unsigned long flags;
	int err = 0;

	flags = spin_lock_irqsave(&signal_lock);
	if (signal_altstack_flags(t->sig.ss_sp, t->sig.ss_size, t->sig.ss_flags, t->user.regs.sp) ==
	    SS_ONSTACK) {
		err = -EPERM;
	} else if (mode != 0 && mode != SS_DISABLE && mode != SS_ONSTACK) {
		err = -EINVAL;
	} else if (mode == SS_DISABLE) {
		t->sig.ss_sp = 0;
		t->sig.ss_size = 0;
		t->sig.ss_flags = 0;
	} else if (ss->ss_size < MINSIGSTKSZ) {
		err = -ENOMEM;
	} else {
		t->sig.ss_sp = ss->ss_sp;
		t->sig.ss_size = ss->ss_size;
		t->sig.ss_flags = (uint32_t)ss->ss_flags & SS_AUTODISARM;
	}
	spin_unlock_irqrestore(&signal_lock, flags);
	return err;
}

long sys_sigaltstack(unsigned long uss, unsigned long uoss)
{
	struct task *t = current_task();
	struct linux_stack_t ss, old;
	unsigned long flags;
	int err;

	memset(&old, 0, sizeof(old));
	flags = spin_lock_irqsave(&signal_lock);
	old.ss_sp = t->sig.ss_sp;
	old.ss_size = t->sig.ss_size;
	old.ss_flags =
	    signal_altstack_flags(t->sig.ss_sp, t->sig.ss_size, t->sig.ss_flags, t->user.regs.sp) |
	    (int32_t)t->sig.ss_flags;
	spin_unlock_irqrestore(&signal_lock, flags);
	if (uss) {
		if (copy_from_user(&ss, uss, sizeof(ss)))
			return -EFAULT;
		err = signal_set_altstack(t, &ss);
		if (err)
			return err;
	}
	if (uoss && copy_to_user(uoss, &old, sizeof(old)))
		return -EFAULT;
	return 0;
}

bool signal_ignored_or_blocked(struct task *t, int sig)
{
	unsigned long flags = spin_lock_irqsave(&signal_lock);
	bool no =
	    (t->sig.blocked & sig_bit(sig)) || sig_action(t->proc, sig)->sa_handler == SIG_IGN;

	spin_unlock_irqrestore(&signal_lock, flags);
	return no;
}
