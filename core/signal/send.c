/*
 * core/signal/send.c - sending signals: to a task, a process, a process
 * group, everybody (kill -1), and the kernel's own: faults and SIGCHLD.
 *
 * Sending only queues the signal and wakes a thread that can take it;
 * the receiver acts on it in signal_deliver(). Two effects happen at send
 * time, as in Linux: SIGCONT resumes a stopped process (and cancels
 * pending stop signals), a stop signal cancels a pending SIGCONT; and a
 * signal the receiver ignores is dropped at once (unless blocked).
 *
 * Locking: signal_lock (irqsave) for the pending sets; process lookups and
 * the walks over process groups take proc_lock first.
 */
#include "lib/compiler.h"
#include "lib/string.h"
#include "signal/internal.h"
#include "signal/syscalls.h"
#include "sys/uaccess.h"
#include "uapi/errno.h"
#include "uapi/wait.h"

/* Make @t notice its signal: end an interruptible sleep. */
static void wake_task(struct task *t)
{
	/* The flag is set (seq_cst) before we look at the state: a thread
	 * going to sleep sets its state before it tests the flag. */
	if (READ_ONCE(t->thread.state) == THREAD_SLEEPING_INTERRUPTIBLE)
		thread_wake(&t->thread);
}

/* A thread of @p that does not block @sig (the first one if all do). */
static struct task *pick_taker(struct process *p, int sig)
{
	struct task *t;

	list_for_each_entry(t, &p->threads,
			    thread_link) if (!(t->sig.blocked & sig_bit(sig))) return t;
	return list_first_entry_or_null(&p->threads, struct task, thread_link);
}

static bool blocked_everywhere(struct process *p, struct task *only, int sig)
{
	struct task *t;

	if (only)
		return only->sig.blocked & sig_bit(sig);
	list_for_each_entry(t, &p->threads,
			    thread_link) if (!(t->sig.blocked & sig_bit(sig))) return false;
	return !list_empty(&p->threads);
}

static void flush_everywhere(struct process *p, linux_sigset_t mask)
{
	struct task *t;

	sigpending_flush_mask(&p->sig.shared, mask);
	list_for_each_entry(t, &p->threads, thread_link)
	{
		sigpending_flush_mask(&t->sig.pending, mask);
		signal_recalc_locked(t);
	}
}

/*
 * The send-time effects of @sig on @p. Returns false when the signal is
 * to be dropped (ignored, or the process is dying).
 */
static bool prepare_signal(struct process *p, struct task *only, int sig)
{
	if (p->group_exit || p->state != PROCESS_ALIVE)
		return false;
	/* Init gets only the process signals it has a handler for (so a
	 * plain "poweroff" cannot kill a shell running as init); faults,
	 * which are sent to the thread, still reach it. */
	if (p->pid == 1 && !only && sig_action(p, sig)->sa_handler == SIG_DFL)
		return false;
	if (sig_bit(sig) & SIG_STOP_MASK) {
		flush_everywhere(p, sig_bit(SIGCONT));
	} else if (sig == SIGCONT) {
		flush_everywhere(p, SIG_STOP_MASK);
		if (p->sig.stopped) {
			p->sig.stopped = false;
			p->sig.notify = SIGNAL_NOTIFY_CONTINUED;
			p->sig.notify_parent = SIGNAL_NOTIFY_CONTINUED;
			wake_up_all(&p->sig.stop_wq);
		}
	} else if (sig == SIGKILL) {
		wake_up_all(&p->sig.stop_wq);
	}
	if (sig == SIGKILL)
		return true;
	return !sig_action_ignores(sig_action(p, sig), sig) || blocked_everywhere(p, only, sig);
}

int signal_send_locked(struct process *p, struct task *only, const struct linux_siginfo *info)
{
	int sig = info->si_signo;
	struct task *t;
	int err;

	if (!prepare_signal(p, only, sig))
		return 0;
	err = sigpending_add(only ? &only->sig.pending : &p->sig.shared, info);
	if (err)
		return err;
	if (sig == SIGKILL) {
		/* Every thread wakes; the first to return to user mode kills
		 * the process. */
		list_for_each_entry(t, &p->threads, thread_link)
		{
			signal_recalc_locked(t);
			wake_task(t);
		}
		return 0;
	}
	t = only ? only : pick_taker(p, sig);
	if (!t)
		return 0;
	signal_recalc_locked(t);
	if (signal_pending(t))
		wake_task(t);
	return 0;
}

int signal_send_process(struct process *p, const struct linux_siginfo *info)
{
	unsigned long flags = spin_lock_irqsave(&signal_lock);
	int err = signal_send_locked(p, NULL, info);

	spin_unlock_irqrestore(&signal_lock, flags);
	return err;
}

int signal_send_task(struct task *t, const struct linux_siginfo *info)
{
	unsigned long flags = spin_lock_irqsave(&signal_lock);
	int err = signal_send_locked(t->proc, t, info);

	spin_unlock_irqrestore(&signal_lock, flags);
	return err;
}

int signal_kill_process(struct process *p, int sig)
{
	struct linux_siginfo info;

	signal_info_kernel(&info, sig);
	return signal_send_process(p, &info);
}

/* ---- process groups (proc_lock) ------------------------------------------- */

struct pgrp_kill {
	int pgid;
	const struct linux_siginfo *info;
	bool found;
};

static void kill_pgrp_one(struct process *p, void *arg)
{
	struct pgrp_kill *k = arg;

	if (p->pgid != k->pgid || p->state != PROCESS_ALIVE)
		return;
	k->found = true;
	spin_lock(&signal_lock);
	signal_send_locked(p, NULL, k->info);
	spin_unlock(&signal_lock);
}

int signal_kill_pgrp(int pgid, int sig)
{
	struct linux_siginfo info;
	struct pgrp_kill k = {pgid, &info, false};
	unsigned long flags;

	signal_info_kernel(&info, sig);
	flags = spin_lock_irqsave(&proc_lock);
	proc_for_each_locked(kill_pgrp_one, &k);
	spin_unlock_irqrestore(&proc_lock, flags);
	return k.found ? 0 : -ESRCH;
}

struct pgrp_query {
	int pgid;
	int sid;       /* a member's session, or -ESRCH */
	bool orphaned; /* no member has a parent in another group of its session */
};

static void pgrp_query_one(struct process *p, void *arg)
{
	struct pgrp_query *q = arg;
	struct process *parent = p->parent;

	if (p->pgid != q->pgid || p->state != PROCESS_ALIVE)
		return;
	q->sid = p->sid;
	if (parent && parent->pgid != q->pgid && parent->sid == p->sid)
		q->orphaned = false;
}

static struct pgrp_query pgrp_query(int pgid)
{
	struct pgrp_query q = {pgid, -ESRCH, true};
	unsigned long flags = spin_lock_irqsave(&proc_lock);

	proc_for_each_locked(pgrp_query_one, &q);
	spin_unlock_irqrestore(&proc_lock, flags);
	return q;
}

int signal_pgrp_session(int pgid)
{
	return pgrp_query(pgid).sid;
}

bool signal_pgrp_orphaned(int pgid)
{
	return pgrp_query(pgid).orphaned;
}

/* ---- kill(2), tkill(2), tgkill(2) ----------------------------------------- */

/* May the caller send @sig to @p (proc_lock held)? */
static bool may_signal(const struct process *self, const struct process *p, int sig)
{
	const struct cred *c = &self->cred;

	if (c->euid == 0 || self == p)
		return true;
	if (c->euid == p->cred.uid || c->euid == p->cred.suid || c->uid == p->cred.uid ||
	    c->uid == p->cred.suid)
		return true;
	return sig == SIGCONT && self->sid == p->sid;
}

static void user_info(struct linux_siginfo *info, int sig, int code)
{
	const struct process *self = current_process();

	memset(info, 0, sizeof(*info));
	info->si_signo = sig;
	info->si_code = code;
	info->fields.kill.pid = self->pid;
	info->fields.kill.uid = self->cred.uid;
}

/* Send to one process found under proc_lock: 0, -EPERM or -EAGAIN. */
static int kill_one_locked(struct process *p, const struct linux_siginfo *info, int sig)
{
	int err = 0;

	if (!may_signal(current_process(), p, sig))
		return -EPERM;
	if (sig) {
		spin_lock(&signal_lock);
		err = signal_send_locked(p, NULL, info);
		spin_unlock(&signal_lock);
	}
	return err;
}

struct kill_many {
	const struct linux_siginfo *info;
	int sig;
	bool all;     /* kill -1: every process but init and the caller */
	int pgid;     /* else: this process group */
	int err;      /* last error */
	bool success; /* some process got it */
	unsigned int count;
};

static void kill_many_one(struct process *p, void *arg)
{
	struct kill_many *k = arg;
	int err;

	if (p->state != PROCESS_ALIVE)
		return;
	if (k->all ? (p->pid <= 1 || p == current_process()) : p->pgid != k->pgid)
		return;
	err = kill_one_locked(p, k->info, k->sig);
	k->count++;
	k->success |= err == 0;
	if (!k->all || err != -EPERM)
		k->err = err;
}

/* kill(-pgid), or kill(-1) when @all; proc_lock held. */
static int kill_many_locked(bool all, int pgid, const struct linux_siginfo *info, int sig)
{
	struct kill_many k = {info, sig, all, pgid, 0, false, 0};

	proc_for_each_locked(kill_many_one, &k);
	if (!k.count)
		return -ESRCH;
	if (!all)
		return k.success ? 0 : k.err;
	return k.err;
}

long sys_kill(unsigned long upid, unsigned long usig)
{
	int pid = (int)upid, sig = (int)usig;
	struct linux_siginfo info;
	unsigned long flags;
	struct process *p;
	int err;

	if (sig < 0 || sig > _NSIG)
		return -EINVAL;
	user_info(&info, sig, SI_USER);
	flags = spin_lock_irqsave(&proc_lock);
	if (pid > 0) {
		p = proc_find_locked(pid);
		err = p ? kill_one_locked(p, &info, sig) : -ESRCH;
	} else if (pid == 0) {
		err = kill_many_locked(false, current_process()->pgid, &info, sig);
	} else if (pid == -1) {
		err = kill_many_locked(true, 0, &info, sig);
	} else {
		err = pid == INT32_MIN ? -ESRCH : kill_many_locked(false, -pid, &info, sig);
	}
	spin_unlock_irqrestore(&proc_lock, flags);
	return err;
}

static long kill_thread(int tgid, int tid, int sig)
{
	struct linux_siginfo info;
	unsigned long flags;
	struct task *t;
	int err = 0;

	if (tid <= 0 || sig < 0 || sig > _NSIG)
		return -EINVAL;
	user_info(&info, sig, SI_TKILL);
	flags = spin_lock_irqsave(&proc_lock);
	t = task_find_locked(tid);
	if (!t || (tgid > 0 && t->proc->pid != tgid)) {
		err = -ESRCH;
	} else if (!may_signal(current_process(), t->proc, sig)) {
		err = -EPERM;
	} else if (sig) {
		spin_lock(&signal_lock);
		err = signal_send_locked(t->proc, t, &info);
		spin_unlock(&signal_lock);
	}
	spin_unlock_irqrestore(&proc_lock, flags);
	return err;
}

long sys_tkill(unsigned long tid, unsigned long sig)
{
	return kill_thread(0, (int)tid, (int)sig);
}

long sys_tgkill(unsigned long tgid, unsigned long tid, unsigned long sig)
{
	if ((int)tgid <= 0)
		return -EINVAL;
	return kill_thread((int)tgid, (int)tid, (int)sig);
}

/*
 * rt_sigqueueinfo / rt_tgsigqueueinfo: a siginfo from user space. Only the
 * caller may claim to be the kernel or kill() (si_code >= 0) or tkill().
 */
static long queue_info(int tgid, int tid, int sig, unsigned long uinfo)
{
	struct linux_siginfo info;
	unsigned long flags;
	struct process *p;
	struct task *t = NULL;
	int err = 0;

	if (sig < 0 || sig > _NSIG)
		return -EINVAL;
	if (copy_from_user(&info, uinfo, sizeof(info)))
		return -EFAULT;
	if ((info.si_code >= 0 || info.si_code == SI_TKILL) && tgid != current_process()->pid)
		return -EPERM;
	info.si_signo = sig;
	flags = spin_lock_irqsave(&proc_lock);
	if (tid > 0) {
		t = task_find_locked(tid);
		p = t && t->proc->pid == tgid ? t->proc : NULL;
	} else {
		p = proc_find_locked(tgid);
	}
	if (!p)
		err = -ESRCH;
	else if (!may_signal(current_process(), p, sig))
		err = -EPERM;
	else if (sig) {
		spin_lock(&signal_lock);
		err = signal_send_locked(p, t, &info);
		spin_unlock(&signal_lock);
	}
	spin_unlock_irqrestore(&proc_lock, flags);
	return err;
}

long sys_rt_sigqueueinfo(unsigned long pid, unsigned long sig, unsigned long uinfo)
{
	if ((int)pid <= 0)
		return -ESRCH;
	return queue_info((int)pid, 0, (int)sig, uinfo);
}

long sys_rt_tgsigqueueinfo(unsigned long tgid, unsigned long tid, unsigned long sig,
			   unsigned long uinfo)
{
	if ((int)tgid <= 0 || (int)tid <= 0)
		return -EINVAL;
	return queue_info((int)tgid, (int)tid, (int)sig, uinfo);
}

/* ---- the kernel's own signals ------------------------------------------------ */

void signal_force_fault(struct task *t, int sig, int code, uint64_t addr)
{
	struct linux_sigaction *a = sig_action(t->proc, sig);
	struct linux_siginfo info;
	unsigned long flags;

	memset(&info, 0, sizeof(info));
	info.si_signo = sig;
	info.si_code = code;
	info.fields.fault.addr = addr;
	flags = spin_lock_irqsave(&signal_lock);
	if (a->sa_handler == SIG_IGN || (t->sig.blocked & sig_bit(sig))) {
		a->sa_handler = SIG_DFL;
		t->sig.blocked &= ~sig_bit(sig);
	}
	sigpending_add(&t->sig.pending, &info);
	signal_recalc_locked(t);
	spin_unlock_irqrestore(&signal_lock, flags);
}

static void chld_info(struct linux_siginfo *info, struct process *p, int code, int status)
{
	memset(info, 0, sizeof(*info));
	info->si_signo = SIGCHLD;
	info->si_code = code;
	info->fields.chld.pid = p->pid;
	info->fields.chld.uid = p->cred.uid;
	info->fields.chld.status = status;
}

bool signal_notify_parent_exit_locked(struct process *p, int wait_status)
{
	struct process *parent = p->parent;
	struct linux_siginfo info;
	struct linux_sigaction *a;
	bool autoreap = false;
	int code, status;

	if (!parent)
		return false;
	if (wait_status & 0x7f) {
		code = (wait_status & LINUX_WCOREFLAG) ? CLD_DUMPED : CLD_KILLED;
		status = wait_status & 0x7f;
	} else {
		code = CLD_EXITED;
		status = (wait_status >> 8) & 0xff;
	}
	chld_info(&info, p, code, status);
	spin_lock(&signal_lock);
	a = sig_action(parent, SIGCHLD);
	if (p->exit_signal == SIGCHLD && (a->sa_handler == SIG_IGN || (a->sa_flags & SA_NOCLDWAIT)))
		autoreap = true;
	if (p->exit_signal && !(p->exit_signal == SIGCHLD && a->sa_handler == SIG_IGN)) {
		info.si_signo = p->exit_signal;
		signal_send_locked(parent, NULL, &info);
	}
	spin_unlock(&signal_lock);
	return autoreap;
}

void signal_notify_parent_stop(struct process *p, unsigned int what)
{
	struct linux_siginfo info;
	struct process *parent;
	unsigned long flags;

	if (what == SIGNAL_NOTIFY_STOPPED)
		chld_info(&info, p, CLD_STOPPED, p->sig.stop_sig);
	else
		chld_info(&info, p, CLD_CONTINUED, SIGCONT);
	flags = spin_lock_irqsave(&proc_lock);
	parent = p->parent;
	if (parent) {
		spin_lock(&signal_lock);
		if (!(sig_action(parent, SIGCHLD)->sa_flags & SA_NOCLDSTOP))
			signal_send_locked(parent, NULL, &info);
		spin_unlock(&signal_lock);
		wake_up_all(&parent->child_wait);
	}
	spin_unlock_irqrestore(&proc_lock, flags);
}

int signal_wait_report(struct process *p, int options)
{
	unsigned long flags = spin_lock_irqsave(&signal_lock);
	int status = 0;

	if ((options & WUNTRACED) && p->sig.notify == SIGNAL_NOTIFY_STOPPED)
		status = LINUX_W_STOPCODE(p->sig.stop_sig);
	else if ((options & WCONTINUED) && p->sig.notify == SIGNAL_NOTIFY_CONTINUED)
		status = LINUX_W_CONTINUED;
	if (status && !(options & WNOWAIT))
		p->sig.notify = 0;
	spin_unlock_irqrestore(&signal_lock, flags);
	return status;
}
