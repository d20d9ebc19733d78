/*
 * core/proc/exit.c - the end of tasks and processes: exit, exit_group,
 * zombies, reparenting, and the parent's side: wait4 and waitid.
 *
 * A task exits on its own thread (nothing kills a thread from outside: a
 * fatal signal or exit_group makes each thread call proc_exit_task() on
 * its way back to user mode). The last thread of a process releases what
 * the process holds (files, fs context, address space), hands its children
 * to init, becomes a zombie with its wait status and tells the parent
 * (SIGCHLD via core/signal, and a wake-up of parent->child_wait). The
 * parent's wait4/waitid reaps it: the pid is freed then, not earlier, so
 * it cannot be reused while the zombie still names it.
 *
 * When init (pid 1) exits the machine powers off with init's status:
 * the exit code, or 128 + the signal that killed it, like a shell's $?.
 */
#include "drivers/tty/tty_io.h"
#include "fs/fd/fdtable.h"
#include "ipc/futex.h"
#include "init/init.h"
#include "lib/printk.h"
#include "lib/string.h"
#include "mm/vm.h"
#include "proc/internal.h"
#include "proc/syscalls.h"
#include "sys/uaccess.h"
#include "uapi/errno.h"
#include "uapi/wait.h"

/*
 * The thread's user-space obligations at exit: robust futexes it holds are
 * marked as abandoned, and the word a joiner watches (CLONE_CHILD_CLEARTID,
 * set_tid_address; pthread_join) is zeroed and its waiter woken.
 */
static void release_user_futexes(struct task *t)
{
	int32_t zero = 0;

	if (!t->proc->mm)
		return;
	futex_exit_robust_list(t);
	if (!t->clear_child_tid)
		return;
	if (copy_to_user(t->clear_child_tid, &zero, sizeof(zero)) == 0)
		futex_wake_private(t->clear_child_tid, 1);
	t->clear_child_tid = 0;
}

void proc_vfork_release(struct task *t)
{
	struct task *parent = t->vfork_parent;

	if (!parent)
		return;
	t->vfork_parent = NULL;
	WRITE_ONCE(parent->vfork_done, true);
	wake_up(&parent->vfork_wait);
	thread_put(&parent->thread);
}

int proc_status_for_shell(int status)
{
	if ((status & 0x7f) == 0)
		return (status >> 8) & 0xff;
	return 128 + (status & 0x7f);
}

/* Give @p's children to init; wake init if one of them is a zombie. */
static void reparent_children_locked(struct process *p)
{
	struct process *init = proc_find_locked(1);
	struct process *c, *tmp;
	bool zombie = false;

	list_for_each_entry_safe(c, tmp, &p->children, sibling)
	{
		c->parent = init;
		list_move_tail(&c->sibling, &init->children);
		zombie |= c->state == PROCESS_ZOMBIE;
	}
	if (zombie)
		wake_up(&init->child_wait);
}

/* Collect zombie @c for @parent (NULL: a host process, host.c): it leaves
 * the tree and its pid is free. */
static void reap_locked(struct process *parent, struct process *c)
{
	list_del_init(&c->sibling);
	proc_hash_del_locked(c);
	pid_free_locked(c->pid);
	c->state = PROCESS_REAPED;
	c->parent = NULL; /* which may be freed now */
	if (parent)
		parent->children_cpu_ns += c->exited_cpu_ns + c->children_cpu_ns;
	proc_count_add_locked(-1);
}

/* Release what a process holds once its last thread is gone. */
static void process_release_resources(struct process *p)
{
	if (p->files) {
		fd_table_put(p->files);
		p->files = NULL;
	}
	if (p->fs.root.dentry) {
		vfs_ctx_put(&p->fs);
		memset(&p->fs.root, 0, sizeof(p->fs.root));
		memset(&p->fs.cwd, 0, sizeof(p->fs.cwd));
	}
	if (p->exe.dentry) {
		path_put(&p->exe);
		memset(&p->exe, 0, sizeof(p->exe));
	}
	if (p->mm) {
		struct mm *mm = p->mm;

		p->mm = NULL;
		mm_put(mm);
	}
}

static __attribute__((noreturn)) void init_died(int status)
{
	int code = proc_status_for_shell(status);

	printk("init: exited with status %d\n", code);
	root_shutdown();
	hal_poweroff(code);
}

/*
 * The last thread of @p is leaving with wait status @status. Becoming a
 * zombie, the parent's SIGCHLD and its wake-up happen under one hold of
 * proc_lock, so the zombie is there for whoever hears of it: busybox sh
 * takes SIGCHLD in rt_sigsuspend, then reaps with wait4(WNOHANG) and
 * suspends again if that finds nothing, which a zombie made after the
 * signal would leave asleep for good. The same hold keeps the parent from
 * reaping @p before the signal is sent. (A zombie may be reaped, and its
 * parent exit and be freed, at any moment after that.)
 */
static void process_exit(struct process *p, int status)
{
	unsigned long flags;
	struct process *parent;
	bool autoreap;

	process_release_resources(p);
	if (p->pid == 1)
		init_died(status);
	/* A session leader's end hangs up its controlling terminal. */
	if (p->pid == p->sid)
		tty_session_exit(console_tty(), p->sid);
	flags = spin_lock_irqsave(&proc_lock);
	reparent_children_locked(p);
	p->exit_status = status;
	p->state = PROCESS_ZOMBIE;
	parent = p->parent;
	autoreap = signal_notify_parent_exit_locked(p, status);
	if (autoreap || !parent) { /* !parent: a host process, nobody waits */
		reap_locked(parent, p);
		spin_unlock_irqrestore(&proc_lock, flags);
		proc_put(p); /* the parent's link */
		return;
	}
	wake_up(&parent->child_wait);
	spin_unlock_irqrestore(&proc_lock, flags);
}

__attribute__((noreturn)) void proc_exit_task(int status)
{
	struct task *t = current_task();
	struct process *p = t->proc;
	unsigned long flags;
	bool last;

	release_user_futexes(t);
	proc_vfork_release(t);
	/* This CPU forgets the address space before anyone may free it. */
	proc_deactivate_mm();
	flags = spin_lock_irqsave(&proc_lock);
	list_del_init(&t->thread_link);
	task_hash_del_locked(t);
	if (t->tid != p->pid)
		pid_free_locked(t->tid);
	last = --p->nr_threads == 0;
	if (p->nr_threads == 1)
		wake_up(&p->threads_wait); /* an exec may wait for this */
	task_count_add_locked(-1);
	p->exited_cpu_ns += t->thread.sum_exec_ns;
	if (p->group_exit)
		status = p->group_exit_status;
	spin_unlock_irqrestore(&proc_lock, flags);
	if (last)
		process_exit(p, status);
	signal_release_task(t);
	t->proc = NULL;
	proc_put(p);
	thread_exit();
}

__attribute__((noreturn)) void proc_exit_group(int status)
{
	struct task *t = current_task();
	struct process *p = t->proc;
	unsigned long flags = spin_lock_irqsave(&proc_lock);
	struct linux_siginfo info;
	struct task *other;

	if (!p->group_exit) {
		/* SIGKILL wakes the other threads wherever they sleep; sent
		 * before group_exit is set, as a dying process takes no
		 * signals. Each then leaves through the user loop. */
		signal_info_kernel(&info, SIGKILL);
		list_for_each_entry(other, &p->threads, thread_link) if (other != t)
		    signal_send_task(other, &info);
		p->group_exit_status = status;
		WRITE_ONCE(p->group_exit, true);
	}
	spin_unlock_irqrestore(&proc_lock, flags);
	proc_exit_task(status);
}

long sys_exit(unsigned long code)
{
	proc_exit_task(LINUX_W_EXITCODE((int)code));
}

long sys_exit_group(unsigned long code)
{
	proc_exit_group(LINUX_W_EXITCODE((int)code));
}

/* ---- wait4 / waitid -------------------------------------------------- */

enum wait_which { WAIT_ANY, WAIT_PID, WAIT_PGID };

struct wait_req {
	enum wait_which which;
	int id;
	int options; /* WNOHANG WEXITED WSTOPPED WCONTINUED WNOWAIT */
	/* results */
	int pid;
	int status;	 /* wait status word */
	uint32_t uid;	 /* the child's real uid (waitid's si_uid) */
	uint64_t cpu_ns; /* its CPU time (rusage) */
};

static bool wait_matches(const struct wait_req *w, const struct process *c)
{
	switch (w->which) {
	case WAIT_PID:
		return c->pid == w->id;
	case WAIT_PGID:
		return c->pgid == w->id;
	case WAIT_ANY:
		break;
	}
	return true;
}

static void wait_record(struct wait_req *w, struct process *c, int status)
{
	w->pid = c->pid;
	w->status = status;
	w->uid = c->cred.uid;
	w->cpu_ns = c->exited_cpu_ns;
}

/*
 * Look for a child to report (proc_lock held). 1: found (in @w, reaped
 * unless WNOWAIT; *@reaped is the child whose parent link the caller must
 * drop), 0: matching children exist but none has news, -ECHILD: none.
 */
static int wait_scan_locked(struct process *me, struct wait_req *w, struct process **reaped)
{
	struct process *c;
	bool any = false;

	list_for_each_entry(c, &me->children, sibling)
	{
		int st;

		if (!wait_matches(w, c))
			continue;
		any = true;
		if (c->state == PROCESS_ZOMBIE && (w->options & WEXITED)) {
			wait_record(w, c, c->exit_status);
			if (!(w->options & WNOWAIT)) {
				reap_locked(me, c);
				*reaped = c;
			}
			return 1;
		}
		if (c->state != PROCESS_ALIVE)
			continue;
		st = signal_wait_report(c, w->options);
		if (st) {
			wait_record(w, c, st);
			return 1;
		}
	}
	return any ? 0 : -ECHILD;
}

static bool wait_ready(struct process *me, struct wait_req *w, struct process **reaped, int *ret)
{
	unsigned long flags = spin_lock_irqsave(&proc_lock);

	*ret = wait_scan_locked(me, w, reaped);
	spin_unlock_irqrestore(&proc_lock, flags);
	return *ret != 0;
}

/* 1 with @w filled, 0 (WNOHANG, nothing yet), or -ECHILD / -ERESTARTSYS. */
static int do_wait(struct wait_req *w)
{
	struct process *me = current_process();
	struct process *reaped = NULL;
	int ret;

	if (w->options & WNOHANG) {
		wait_ready(me, w, &reaped, &ret);
	} else if (wait_event_interruptible(me->child_wait, wait_ready(me, w, &reaped, &ret))) {
		return -ERESTARTSYS;
	}
	if (reaped)
		proc_put(reaped);
	return ret;
}

static int put_rusage(unsigned long urusage, uint64_t cpu_ns)
{
	struct linux_rusage ru;

	if (!urusage)
		return 0;
	memset(&ru, 0, sizeof(ru));
	ru.ru_utime.tv_sec = (int64_t)(cpu_ns / 1000000000ull);
	ru.ru_utime.tv_usec = (int64_t)(cpu_ns % 1000000000ull) / 1000;
	return copy_to_user(urusage, &ru, sizeof(ru)) ? -EFAULT : 0;
}

long sys_wait4(unsigned long upid, unsigned long ustatus, unsigned long options,
	       unsigned long urusage)
{
	struct wait_req w = {.options = (int)options | WEXITED};
	int pid = (int)upid;
	int ret;

	if (options &
	    ~(unsigned long)(WNOHANG | WUNTRACED | WCONTINUED | __WNOTHREAD | __WCLONE | __WALL))
		return -EINVAL;
	if (pid == INT32_MIN)
		return -ESRCH;
	if (pid > 0) {
		w.which = WAIT_PID;
		w.id = pid;
	} else if (pid == 0) {
		w.which = WAIT_PGID;
		w.id = current_process()->pgid;
	} else if (pid < -1) {
		w.which = WAIT_PGID;
		w.id = -pid;
	}
	ret = do_wait(&w);
	if (ret <= 0)
		return ret;
	if (ustatus && copy_to_user(ustatus, &w.status, sizeof(w.status)))
		return -EFAULT;
	if (put_rusage(urusage, w.cpu_ns))
		return -EFAULT;
	return w.pid;
}

void proc_waitid_info(struct linux_siginfo *si, int pid, uint32_t uid, int st)
{
	memset(si, 0, sizeof(*si));
	si->si_signo = SIGCHLD;
	si->fields.chld.pid = pid;
	si->fields.chld.uid = uid;
	if (st == LINUX_W_CONTINUED) {
		si->si_code = CLD_CONTINUED;
		si->fields.chld.status = SIGCONT;
	} else if ((st & 0xff) == 0x7f) {
		si->si_code = CLD_STOPPED;
		si->fields.chld.status = (st >> 8) & 0xff;
	} else if ((st & 0x7f) == 0) {
		si->si_code = CLD_EXITED;
		si->fields.chld.status = (st >> 8) & 0xff;
	} else {
		si->si_code = (st & LINUX_WCOREFLAG) ? CLD_DUMPED : CLD_KILLED;
		si->fields.chld.status = st & 0x7f;
	}
}

long sys_waitid(unsigned long idtype, unsigned long id, unsigned long uinfo, unsigned long options,
		unsigned long urusage)
{
	struct wait_req w = {.options = (int)options};
	struct linux_siginfo si;
	int ret;

	if (options & ~(unsigned long)(WNOHANG | WNOWAIT | WEXITED | WSTOPPED | WCONTINUED |
				       __WNOTHREAD | __WCLONE | __WALL))
		return -EINVAL;
	if (!(options & (WEXITED | WSTOPPED | WCONTINUED)))
		return -EINVAL;
	switch (idtype) {
	case P_ALL:
		w.which = WAIT_ANY;
		break;
	case P_PID:
		if ((int)id <= 0)
			return -EINVAL;
		w.which = WAIT_PID;
		w.id = (int)id;
		break;
	case P_PGID:
		if ((int)id < 0)
			return -EINVAL;
		w.which = WAIT_PGID;
		w.id = (int)id ? (int)id : current_process()->pgid;
		break;
	default:
		return -EINVAL;
	}
	ret = do_wait(&w);
	if (ret < 0)
		return ret;
	memset(&si, 0, sizeof(si));
	if (ret > 0)
		proc_waitid_info(&si, w.pid, w.uid, w.status);
	if (uinfo && copy_to_user(uinfo, &si, sizeof(si)))
		return -EFAULT;
	if (ret > 0 && put_rusage(urusage, w.cpu_ns))
		return -EFAULT;
	return 0;
}
