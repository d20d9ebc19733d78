/*
 * core/signal/deliver.c - acting on signals on the way back to user mode.
 *
 * The user loop of core/proc calls signal_deliver() after every trap. It
 * takes the pending signals one at a time, synchronous faults first, then
 * by number, and does what the action says: nothing (ignored), stop the
 * process until SIGCONT, end it (terminate / core), or push a signal frame
 * and point the user registers at the handler. A system call interrupted
 * with an ERESTART* code is finished here too: restarted (pc back on the
 * ecall, a0 = its first argument) or failed with -EINTR, depending on
 * whether a handler runs and on its SA_RESTART.
 *
 * Locking: signal_lock around every look at pending/blocked/actions, never
 * while user memory is written (the frame copy may fault and sleep).
 */
#include "lib/compiler.h"
#include "lib/string.h"
#include "mm/kmalloc.h"
#include "signal/internal.h"
#include "signal/syscalls.h"
#include "sys/uaccess.h"
#include "uapi/errno.h"
#include "uapi/unistd.h"
#include "uapi/wait.h"

void signal_syscall_return(struct task *t, long ret, unsigned long orig_a0)
{
	t->sig.restart.code = 0;
	if (ret != -ERESTART_RESTARTBLOCK)
		t->sig.restart_block.fn = NULL; /* only the call that set it may use it */
	if (t->sig.in_sigreturn) {
		t->sig.in_sigreturn = false;
	} else if (ret == -ENOIOCTLCMD) {
		ret = -ENOTTY;
	} else if (ret == -ERESTARTSYS || ret == -ERESTARTNOINTR || ret == -ERESTARTNOHAND ||
		   ret == -ERESTART_RESTARTBLOCK) {
		t->sig.restart.code = -ret;
		t->sig.restart.orig_a0 = orig_a0;
		ret = -EINTR; /* what the call returns unless it restarts */
	}
	t->user.regs.a0 = (uint64_t)ret;
}

/* Finish an interrupted call: @a is the handler about to run, or NULL. */
static void finish_restart(struct task *t, const struct linux_sigaction *a)
{
	long code = t->sig.restart.code;
	struct linux_user_regs *r = &t->user.regs;

	if (!code)
		return;
	t->sig.restart.code = 0;
	if (a && code != ERESTARTNOINTR && (code != ERESTARTSYS || !(a->sa_flags & SA_RESTART))) {
		r->a0 = (uint64_t)-EINTR;
		return;
	}
	r->a0 = t->sig.restart.orig_a0;
	r->pc -= 4;
	if (code == ERESTART_RESTARTBLOCK && t->sig.restart_block.fn)
		r->a7 = __NR_restart_syscall;
}

long sys_restart_syscall(void)
{
	struct signal_restart_block *b = &current_task()->sig.restart_block;
	long (*fn)(struct signal_restart_block *) = b->fn;

	b->fn = NULL;
	return fn ? fn(b) : -EINTR;
}

/* Mark the process stopped by @sig; the loop of signal_deliver() sleeps. */
static void stop_locked(struct task *t, int sig)
{
	struct process *p = t->proc;

	p->sig.stopped = true;
	p->sig.stop_sig = sig;
	p->sig.notify = SIGNAL_NOTIFY_STOPPED;
	p->sig.notify_parent = SIGNAL_NOTIFY_STOPPED;
}

static bool may_continue(struct task *t)
{
	struct process *p = t->proc;
	unsigned long flags = spin_lock_irqsave(&signal_lock);
	bool go = !p->sig.stopped || p->group_exit ||
		  ((t->sig.pending.set | p->sig.shared.set) & sig_bit(SIGKILL));

	spin_unlock_irqrestore(&signal_lock, flags);
	return go;
}

/* Build the frame for @sig and enter its handler; false if the stack is bad. */
static bool setup_frame(struct task *t, int sig, const struct linux_siginfo *info,
			const struct linux_sigaction *a, linux_sigset_t old_mask)
{
	struct linux_rt_sigframe *frame = kmalloc(sizeof(*frame), GFP_KERNEL);
	struct signal_frame_args args = {
	    .sig = sig,
	    .info = info,
	    .action = a,
	    .old_mask = old_mask,
	    .ss_sp = t->sig.ss_sp,
	    .ss_size = t->sig.ss_size,
	    .ss_flags = t->sig.ss_flags,
	    .trampoline = t->proc->sig.trampoline,
	};
	uint64_t addr;
	bool ok = false;

	if (!frame)
		return false;
	addr = signal_frame_setup(&t->user, &args, frame);
	if (addr && copy_to_user(addr, frame, sizeof(*frame)) == 0) {
		signal_frame_enter(&t->user, &args, addr);
		if (t->sig.ss_flags & SS_AUTODISARM) {
			t->sig.ss_sp = 0;
			t->sig.ss_size = 0;
			t->sig.ss_flags = 0;
		}
		ok = true;
	}
	kfree(frame);
	return ok;
}

/*
 * The frame for @sig could not be written: SIGSEGV, which kills the
 * process when it was SIGSEGV's own frame that failed.
 */
static void force_sigsegv(struct task *t, int sig)
{
	unsigned long flags;

	if (sig == SIGSEGV) {
		flags = spin_lock_irqsave(&signal_lock);
		sig_action(t->proc, SIGSEGV)->sa_handler = SIG_DFL;
		spin_unlock_irqrestore(&signal_lock, flags);
	}
	signal_force_fault(t, SIGSEGV, SI_KERNEL, 0);
}

/* Run the handler @a of @sig: frame, then the new mask. */
static void handle_signal(struct task *t, int sig, const struct linux_siginfo *info,
			  struct linux_sigaction a)
{
	struct process *p = t->proc;
	linux_sigset_t old_mask;
	unsigned long flags;

	finish_restart(t, &a);
	old_mask = t->sig.restore_saved_mask ? t->sig.saved_mask : t->sig.blocked;
	if (!setup_frame(t, sig, info, &a, old_mask)) {
		force_sigsegv(t, sig);
		return;
	}
	flags = spin_lock_irqsave(&signal_lock);
	t->sig.restore_saved_mask = false;
	t->sig.blocked |= a.sa_mask;
	if (!(a.sa_flags & SA_NODEFER))
		t->sig.blocked |= sig_bit(sig);
	t->sig.blocked &= ~SIG_KERNEL_ONLY_MASK;
	if (a.sa_flags & SA_RESETHAND) {
		struct linux_sigaction *cur = sig_action(p, sig);

		cur->sa_handler = SIG_DFL;
		cur->sa_flags &= ~SA_SIGINFO;
	}
	signal_recalc_locked(t);
	spin_unlock_irqrestore(&signal_lock, flags);
}

/* Tell the parent about a stop or continue that signal_send set up. */
static bool notify_parent(struct task *t)
{
	struct process *p = t->proc;
	unsigned long flags = spin_lock_irqsave(&signal_lock);
	unsigned int what = p->sig.notify_parent;

	p->sig.notify_parent = 0;
	spin_unlock_irqrestore(&signal_lock, flags);
	if (what)
		signal_notify_parent_stop(p, what);
	return what != 0;
}

/* Do what SIG_DFL does for @sig; does not return for fatal ones. */
static void default_action(struct task *t, int sig)
{
	struct process *p = t->proc;
	unsigned long flags;

	switch (sig_default_action(sig)) {
	case SIG_DEFAULT_IGNORE:
	case SIG_DEFAULT_CONT:
		return;
	case SIG_DEFAULT_STOP:
		/* Job control stops of an orphaned group are dropped. */
		if (sig != SIGSTOP && signal_pgrp_orphaned(p->pgid))
			return;
		flags = spin_lock_irqsave(&signal_lock);
		if (!p->group_exit)
			stop_locked(t, sig);
		spin_unlock_irqrestore(&signal_lock, flags);
		return;
	case SIG_DEFAULT_CORE:
		proc_exit_group(LINUX_W_SIGNALED(sig, true));
	case SIG_DEFAULT_TERM:
		break;
	}
	proc_exit_group(LINUX_W_SIGNALED(sig, false));
}

/*
 * The common case of every return to user mode, without the lock: no
 * deliverable signal, no stop and no parent to notify, no interrupted call
 * to finish and no temporary mask to put back. A signal sent just after
 * this look is seen at the next return to the kernel, as one sent just
 * after the locked look would be.
 */
static bool nothing_to_deliver(const struct task *t)
{
	const struct process *p = t->proc;

	return !signal_pending(t) && !READ_ONCE(p->sig.notify_parent) &&
	       !READ_ONCE(p->sig.stopped) && !t->sig.restart.code && !t->sig.restore_saved_mask;
}

void signal_deliver(struct task *t)
{
	struct process *p = t->proc;
	struct linux_siginfo info;
	struct linux_sigaction a;
	unsigned long flags;
	bool handled = false;
	int sig;

	if (nothing_to_deliver(t))
		return;
	for (;;) {
		if (notify_parent(t))
			continue;
		if (!may_continue(t)) {
			wait_event(p->sig.stop_wq, may_continue(t));
			continue;
		}
		flags = spin_lock_irqsave(&signal_lock);
		sig = signal_dequeue_locked(t, t->sig.blocked, &info);
		if (sig)
			a = *sig_action(p, sig);
		spin_unlock_irqrestore(&signal_lock, flags);
		if (!sig)
			break;
		if (sig == SIGKILL)
			proc_exit_group(LINUX_W_SIGNALED(SIGKILL, false));
		if (a.sa_handler == SIG_IGN)
			continue;
		if (a.sa_handler == SIG_DFL) {
			default_action(t, sig);
			continue;
		}
		handle_signal(t, sig, &info, a);
		handled = true;
	}
	if (handled)
		return;
	/* No handler ran: an interrupted call starts again, sigsuspend's
	 * temporary mask goes. */
	finish_restart(t, NULL);
	if (t->sig.restore_saved_mask) {
		flags = spin_lock_irqsave(&signal_lock);
		t->sig.restore_saved_mask = false;
		t->sig.blocked = t->sig.saved_mask;
		signal_recalc_locked(t);
		spin_unlock_irqrestore(&signal_lock, flags);
	}
}

/* ---- rt_sigreturn ---------------------------------------------- */

/* The part of the FP area Linux uses for its extension headers: must be 0. */
static bool frame_valid(const struct linux_rt_sigframe *f)
{
	const struct linux_riscv_q_state *q = &f->uc.uc_mcontext.sc_fpregs.q;

	return q->reserved[0] == 0 && q->reserved[1] == 0;
}

long sys_rt_sigreturn(void)
{
	struct task *t = current_task();
	struct linux_rt_sigframe *frame = kmalloc(sizeof(*frame), GFP_KERNEL);
	unsigned long flags;

	if (!frame || copy_from_user(frame, t->user.regs.sp, sizeof(*frame)) ||
	    !frame_valid(frame)) {
		kfree(frame);
		signal_force_fault(t, SIGSEGV, SI_KERNEL, 0);
		t->sig.in_sigreturn = true;
		return (long)t->user.regs.a0;
	}
	signal_frame_restore(&t->user, frame);
	flags = spin_lock_irqsave(&signal_lock);
	t->sig.blocked = frame->uc.uc_sigmask & ~SIG_KERNEL_ONLY_MASK;
	signal_recalc_locked(t);
	spin_unlock_irqrestore(&signal_lock, flags);
	/* The alt stack as it was; errors are ignored, as in Linux. */
	signal_set_altstack(t, &frame->uc.uc_stack);
	kfree(frame);
	t->sig.in_sigreturn = true;
	t->sig.restart.code = 0;
	return (long)t->user.regs.a0;
}
