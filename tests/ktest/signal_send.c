/*
 * tests/ktest/signal_send.c - sending and taking signals on a process of
 * our own making (a struct process with one task that never runs): masks,
 * ignoring, the SIGCONT/stop side effects, the reports for wait4, and what
 * fork and exec keep.
 */
#include "lib/ktest.h"
#include "lib/string.h"
#include "mm/kmalloc.h"
#include "signal/internal.h"
#include "uapi/wait.h"

struct fake {
	struct process p;
	struct task t;
};

static struct fake *fake_new(void)
{
	struct fake *f = kmalloc(sizeof(*f), GFP_KERNEL | __GFP_ZERO);

	if (!f)
		return NULL;
	list_init(&f->p.threads);
	f->p.state = PROCESS_ALIVE;
	f->p.pid = f->p.pgid = f->p.sid = 4242;
	f->t.proc = &f->p;
	f->t.tid = 4242;
	signal_init_process(&f->p);
	signal_init_task(&f->t);
	list_add_tail(&f->t.thread_link, &f->p.threads);
	return f;
}

static void fake_free(struct fake *f)
{
	signal_release_task(&f->t);
	signal_release_process(&f->p);
	kfree(f);
}

static int send(struct fake *f, int sig)
{
	return signal_kill_process(&f->p, sig);
}

/* Take the next deliverable signal (0 if none). */
static int take(struct fake *f, struct linux_siginfo *info)
{
	unsigned long flags = spin_lock_irqsave(&signal_lock);
	int sig = signal_dequeue_locked(&f->t, f->t.sig.blocked, info);

	spin_unlock_irqrestore(&signal_lock, flags);
	return sig;
}

static void set_handler(struct fake *f, int sig, uint64_t handler)
{
	f->p.sig.action[sig - 1].sa_handler = handler;
}

static void set_blocked(struct fake *f, linux_sigset_t mask)
{
	unsigned long flags = spin_lock_irqsave(&signal_lock);

	f->t.sig.blocked = mask;
	signal_recalc_locked(&f->t);
	spin_unlock_irqrestore(&signal_lock, flags);
}

KTEST(signal_send, pending_until_unblocked)
{
	struct fake *f = fake_new();
	struct linux_siginfo info;

	KT_ASSERT_NOT_NULL(f);
	set_handler(f, SIGUSR1, 0x1000);
	set_blocked(f, sig_bit(SIGUSR1));
	KT_ASSERT_EQ(send(f, SIGUSR1), 0);
	KT_ASSERT(!signal_pending(&f->t));
	KT_ASSERT_EQ(take(f, &info), 0);
	set_blocked(f, 0);
	KT_ASSERT(signal_pending(&f->t));
	KT_ASSERT_EQ(take(f, &info), SIGUSR1);
	KT_ASSERT_EQ(info.si_code, SI_KERNEL);
	KT_ASSERT(!signal_pending(&f->t));
	fake_free(f);
}

KTEST(signal_send, ignored_signals_are_dropped_unless_blocked)
{
	struct fake *f = fake_new();
	struct linux_siginfo info;

	KT_ASSERT_NOT_NULL(f);
	send(f, SIGCHLD); /* SIG_DFL ignores it */
	send(f, SIGWINCH);
	set_handler(f, SIGUSR2, SIG_IGN);
	send(f, SIGUSR2);
	KT_ASSERT_EQ(f->p.sig.shared.set, 0);
	KT_ASSERT(!signal_pending(&f->t));
	set_blocked(f, sig_bit(SIGUSR2));
	send(f, SIGUSR2);
	KT_ASSERT_EQ(f->p.sig.shared.set, sig_bit(SIGUSR2));
	set_blocked(f, 0);
	KT_ASSERT_EQ(take(f, &info), SIGUSR2); /* the taker then ignores it */
	fake_free(f);
}

KTEST(signal_send, kill_cannot_be_blocked)
{
	struct fake *f = fake_new();
	struct linux_siginfo info;

	KT_ASSERT_NOT_NULL(f);
	set_blocked(f, ~0ull);
	send(f, SIGKILL);
	KT_ASSERT(signal_pending(&f->t));
	KT_ASSERT_EQ(signal_dequeue_locked(&f->t, f->t.sig.blocked & ~SIG_KERNEL_ONLY_MASK, &info),
		     SIGKILL);
	fake_free(f);
}

KTEST(signal_send, thread_signals_and_faults_come_first)
{
	struct fake *f = fake_new();
	struct linux_siginfo info;

	KT_ASSERT_NOT_NULL(f);
	set_handler(f, SIGHUP, 0x1000);
	set_handler(f, SIGTERM, 0x1000);
	send(f, SIGHUP);
	KT_ASSERT_EQ(signal_send_task(&f->t, &(struct linux_siginfo){.si_signo = SIGTERM}), 0);
	signal_force_fault(&f->t, SIGSEGV, SEGV_ACCERR, 0xdead000);
	KT_ASSERT_EQ(take(f, &info), SIGSEGV);
	KT_ASSERT_EQ(info.si_code, SEGV_ACCERR);
	KT_ASSERT_EQ(info.fields.fault.addr, 0xdead000);
	KT_ASSERT_EQ(take(f, &info), SIGTERM); /* the thread's own before the process's */
	KT_ASSERT_EQ(take(f, &info), SIGHUP);
	KT_ASSERT_EQ(take(f, &info), 0);
	fake_free(f);
}

KTEST(signal_send, forced_fault_unblocks_and_resets_ignored)
{
	struct fake *f = fake_new();
	struct linux_siginfo info;

	KT_ASSERT_NOT_NULL(f);
	set_handler(f, SIGBUS, SIG_IGN);
	set_blocked(f, sig_bit(SIGILL));
	signal_force_fault(&f->t, SIGBUS, BUS_ADRERR, 0x10);
	signal_force_fault(&f->t, SIGILL, ILL_ILLOPC, 0x20);
	KT_ASSERT_EQ(f->p.sig.action[SIGBUS - 1].sa_handler, SIG_DFL);
	KT_ASSERT(!(f->t.sig.blocked & sig_bit(SIGILL)));
	KT_ASSERT_EQ(take(f, &info), SIGILL);
	KT_ASSERT_EQ(take(f, &info), SIGBUS);
	fake_free(f);
}

KTEST(signal_send, cont_and_stop_cancel_each_other)
{
	struct fake *f = fake_new();
	struct linux_siginfo info;

	KT_ASSERT_NOT_NULL(f);
	set_handler(f, SIGCONT, 0x1000);
	send(f, SIGTSTP);
	send(f, SIGTTIN);
	KT_ASSERT_EQ(f->p.sig.shared.set, sig_bit(SIGTSTP) | sig_bit(SIGTTIN));
	send(f, SIGCONT);
	KT_ASSERT_EQ(f->p.sig.shared.set, sig_bit(SIGCONT));
	send(f, SIGSTOP);
	KT_ASSERT_EQ(f->p.sig.shared.set, sig_bit(SIGSTOP));
	KT_ASSERT_EQ(take(f, &info), SIGSTOP);
	fake_free(f);
}

KTEST(signal_send, stop_and_continue_reports_for_wait)
{
	struct fake *f = fake_new();

	KT_ASSERT_NOT_NULL(f);
	/* What signal_deliver() records when SIGTSTP stops the process. */
	f->p.sig.stopped = true;
	f->p.sig.stop_sig = SIGTSTP;
	f->p.sig.notify = SIGNAL_NOTIFY_STOPPED;
	KT_ASSERT_EQ(signal_wait_report(&f->p, WEXITED), 0);
	KT_ASSERT_EQ(signal_wait_report(&f->p, WUNTRACED | WNOWAIT), 0x147f);
	KT_ASSERT_EQ(signal_wait_report(&f->p, WUNTRACED), 0x147f);
	KT_ASSERT_EQ(signal_wait_report(&f->p, WUNTRACED), 0); /* reported once */

	send(f, SIGCONT);
	KT_ASSERT(!f->p.sig.stopped);
	KT_ASSERT_EQ(f->p.sig.notify_parent, SIGNAL_NOTIFY_CONTINUED);
	KT_ASSERT_EQ(f->p.sig.shared.set, 0); /* SIG_DFL: nothing left to deliver */
	KT_ASSERT_EQ(signal_wait_report(&f->p, WUNTRACED), 0);
	KT_ASSERT_EQ(signal_wait_report(&f->p, WCONTINUED), 0xffff);
	KT_ASSERT_EQ(signal_wait_report(&f->p, WCONTINUED), 0);
	fake_free(f);
}

KTEST(signal_send, fork_copies_exec_resets_handlers)
{
	struct fake *parent = fake_new(), *child = fake_new();

	KT_ASSERT_NOT_NULL(parent);
	KT_ASSERT_NOT_NULL(child);
	set_handler(parent, SIGINT, 0x1000);
	parent->p.sig.action[SIGINT - 1].sa_flags = SA_RESTART;
	parent->p.sig.action[SIGINT - 1].sa_mask = sig_bit(SIGQUIT);
	set_handler(parent, SIGQUIT, SIG_IGN);
	parent->t.sig.blocked = sig_bit(SIGUSR1);
	parent->t.sig.ss_sp = 0x9000;
	parent->t.sig.ss_size = 0x4000;
	parent->p.sig.trampoline = 0x7000;
	send(parent, SIGUSR1);

	signal_fork(&child->t, &parent->t, false);
	KT_ASSERT_EQ(child->p.sig.action[SIGINT - 1].sa_handler, 0x1000);
	KT_ASSERT_EQ(child->p.sig.action[SIGQUIT - 1].sa_handler, SIG_IGN);
	KT_ASSERT_EQ(child->t.sig.blocked, sig_bit(SIGUSR1));
	KT_ASSERT_EQ(child->t.sig.ss_sp, 0x9000);
	KT_ASSERT_EQ(child->p.sig.trampoline, 0x7000);
	KT_ASSERT_EQ(child->p.sig.shared.set, 0); /* nothing pending in the child */

	signal_exec(&parent->t);
	KT_ASSERT_EQ(parent->p.sig.action[SIGINT - 1].sa_handler, SIG_DFL);
	KT_ASSERT_EQ(parent->p.sig.action[SIGINT - 1].sa_flags, 0);
	KT_ASSERT_EQ(parent->p.sig.action[SIGINT - 1].sa_mask, 0);
	KT_ASSERT_EQ(parent->p.sig.action[SIGQUIT - 1].sa_handler, SIG_IGN);
	KT_ASSERT_EQ(parent->t.sig.blocked, sig_bit(SIGUSR1));
	KT_ASSERT_EQ(parent->t.sig.ss_size, 0);
	KT_ASSERT_EQ(parent->p.sig.shared.set, sig_bit(SIGUSR1)); /* still pending */
	fake_free(parent);
	fake_free(child);
}

KTEST(signal_send, realtime_signals_queue_with_their_info)
{
	struct fake *f = fake_new();
	struct linux_siginfo info;

	KT_ASSERT_NOT_NULL(f);
	set_handler(f, SIGRTMIN + 2, 0x1000);
	for (int i = 0; i < 3; i++) {
		struct linux_siginfo q = {.si_signo = SIGRTMIN + 2, .si_code = SI_QUEUE};

		q.fields.rt.sigval.sival_int = i;
		KT_ASSERT_EQ(signal_send_process(&f->p, &q), 0);
	}
	for (int i = 0; i < 3; i++) {
		KT_ASSERT_EQ(take(f, &info), SIGRTMIN + 2);
		KT_ASSERT_EQ(info.fields.rt.sigval.sival_int, i);
	}
	KT_ASSERT_EQ(take(f, &info), 0);
	fake_free(f);
}

/* ---- system call restart (signal_syscall_return + signal_deliver) ------- */

static void syscall_returns(struct fake *f, long ret)
{
	f->t.user.regs.pc = 0x10004; /* past the ecall at 0x10000 */
	f->t.user.regs.a0 = 0;
	signal_syscall_return(&f->t, ret, 77);
}

KTEST(signal_send, restart_without_handler)
{
	struct fake *f = fake_new();

	KT_ASSERT_NOT_NULL(f);
	/* No signal at all: ERESTARTSYS goes back on the ecall. */
	syscall_returns(f, -ERESTARTSYS);
	KT_ASSERT_EQ(f->t.user.regs.a0, (uint64_t)-EINTR);
	signal_deliver(&f->t);
	KT_ASSERT_EQ(f->t.user.regs.pc, 0x10000);
	KT_ASSERT_EQ(f->t.user.regs.a0, 77);
	/* An ignored signal runs no handler: NOHAND restarts too. */
	set_blocked(f, sig_bit(SIGUSR1));
	set_handler(f, SIGUSR1, SIG_IGN);
	send(f, SIGUSR1);
	set_blocked(f, 0);
	syscall_returns(f, -ERESTARTNOHAND);
	signal_deliver(&f->t);
	KT_ASSERT_EQ(f->t.user.regs.pc, 0x10000);
	KT_ASSERT_EQ(f->t.user.regs.a0, 77);
	/* Ordinary results and ENOIOCTLCMD. */
	syscall_returns(f, 5);
	signal_deliver(&f->t);
	KT_ASSERT_EQ(f->t.user.regs.pc, 0x10004);
	KT_ASSERT_EQ(f->t.user.regs.a0, 5);
	syscall_returns(f, -ENOIOCTLCMD);
	KT_ASSERT_EQ(f->t.user.regs.a0, (uint64_t)-ENOTTY);
	fake_free(f);
}

static long restart_fn(struct signal_restart_block *b)
{
	return (long)b->data[0];
}

KTEST(signal_send, restart_block_goes_through_restart_syscall)
{
	struct fake *f = fake_new();

	KT_ASSERT_NOT_NULL(f);
	f->t.user.regs.a7 = 101; /* nanosleep */
	f->t.sig.restart_block.fn = restart_fn;
	f->t.sig.restart_block.data[0] = 42;
	syscall_returns(f, -ERESTART_RESTARTBLOCK);
	signal_deliver(&f->t);
	KT_ASSERT_EQ(f->t.user.regs.pc, 0x10000);
	KT_ASSERT_EQ(f->t.user.regs.a7, 128); /* __NR_restart_syscall */
	KT_ASSERT_EQ(f->t.sig.restart_block.fn, restart_fn);
	/* Any other result forgets the block: no stale restart. */
	syscall_returns(f, -ERESTARTSYS);
	KT_ASSERT_NULL(f->t.sig.restart_block.fn);
	f->t.user.regs.a7 = 101;
	syscall_returns(f, -ERESTART_RESTARTBLOCK);
	signal_deliver(&f->t);
	KT_ASSERT_EQ(f->t.user.regs.a7, 101); /* no block: the call itself again */
	fake_free(f);
}
