/*
 * core/signal/task.c - the signal state of tasks and processes over their
 * lives: made, forked, exec'd, freed; and the flag that tells the
 * scheduler a task has a signal to handle.
 *
 * Locking: signal_lock (irqsave), defined here, guards the signal state of
 * every task and process (see signal.h).
 */
#include "lib/string.h"
#include "signal/internal.h"
#include "uapi/errno.h"


struct spinlock signal_lock = SPINLOCK_INIT("signal");

void signal_recalc_locked(struct task *t)
{
	struct process *p = t->proc;
	linux_sigset_t pending = t->sig.pending.set | p->sig.shared.set;
	bool wake = (pending & ~t->sig.blocked) || (pending & sig_bit(SIGKILL));

	__atomic_store_n(&t->sig.wake_flag, wake ? 1 : 0, __ATOMIC_SEQ_CST);
}

bool signal_pending(const struct task *t)
{
	return __atomic_load_n(&t->sig.wake_flag, __ATOMIC_SEQ_CST) != 0;
}

int signal_dequeue_locked(struct task *t, linux_sigset_t blocked, struct linux_siginfo *info)
{
	struct signal_process *ps = &t->proc->sig;
	int own = sigpending_next(&t->sig.pending, blocked);
	int shared = sigpending_next(&ps->shared, blocked);
	int sig;

	/* The thread's own signals (faults, tkill) before the process's. */
	if (own) {
		sig = own;
		sigpending_take(&t->sig.pending, sig, info);
	} else if (shared) {
		sig = shared;
		sigpending_take(&ps->shared, sig, info);
	} else {
		return 0;
	}
	signal_recalc_locked(t);
	return sig;
}

/* The scheduler's question (sched/thread.h); kernel threads get no signals. */
bool thread_signal_pending(struct thread *thread)
{
	struct task *t = task_of_thread(thread);

	return t && signal_pending(t);
}

int signal_sleep_until(uint64_t deadline_ns)
{
	struct task *t = current_task();
	int err = 0;

	/* A sender sets the pending flag, then wakes interruptible sleepers
	 * (send.c), so the flag is tested after the state is set. */
	for (;;) {
		thread_set_sleeping(THREAD_SLEEPING_INTERRUPTIBLE);
		if (t && signal_pending(t)) {
			err = -EINTR;
			break;
		}
		if (hal_clock_ns() >= deadline_ns)
			break;
		schedule_until(deadline_ns);
	}
	thread_set_running();
	return err;
}

void signal_init_process(struct process *p)
{
	memset(&p->sig, 0, sizeof(p->sig));
	sigpending_init(&p->sig.shared);
	wait_queue_init(&p->sig.stop_wq, "signal stop");
}

void signal_init_task(struct task *t)
{
	memset(&t->sig, 0, sizeof(t->sig));
	sigpending_init(&t->sig.pending);
}

void signal_fork(struct task *child, struct task *parent, bool thread)
{
	unsigned long flags = spin_lock_irqsave(&signal_lock);

	child->sig.blocked = parent->sig.blocked;
	child->sig.ss_sp = parent->sig.ss_sp;
	child->sig.ss_size = parent->sig.ss_size;
	child->sig.ss_flags = parent->sig.ss_flags;
	if (!thread) {
		memcpy(child->proc->sig.action, parent->proc->sig.action,
		       sizeof(child->proc->sig.action));
		child->proc->sig.trampoline = parent->proc->sig.trampoline;
	}
	spin_unlock_irqrestore(&signal_lock, flags);
}

void signal_exec(struct task *t)
{
	struct signal_process *ps = &t->proc->sig;
	unsigned long flags = spin_lock_irqsave(&signal_lock);

	for (int i = 0; i < _NSIG; i++) {
		if (ps->action[i].sa_handler != SIG_IGN)
			ps->action[i].sa_handler = SIG_DFL;
		ps->action[i].sa_flags = 0;
		ps->action[i].sa_mask = 0;
	}
	t->sig.ss_sp = 0;
	t->sig.ss_size = 0;
	t->sig.ss_flags = 0;
	spin_unlock_irqrestore(&signal_lock, flags);
}

void signal_release_task(struct task *t)
{
	unsigned long flags = spin_lock_irqsave(&signal_lock);

	sigpending_flush_mask(&t->sig.pending, ~0ull);
	spin_unlock_irqrestore(&signal_lock, flags);
}

void signal_release_process(struct process *p)
{
	unsigned long flags = spin_lock_irqsave(&signal_lock);

	sigpending_flush_mask(&p->sig.shared, ~0ull);
	spin_unlock_irqrestore(&signal_lock, flags);
}
