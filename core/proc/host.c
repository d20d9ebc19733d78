/*
 * core/proc/host.c - a process whose only thread runs a kernel function
 * instead of user code (proc_run_as_process(), see task.h).
 *
 * The hosted kernel has no user-mode CPU outside ruxsim, yet the system
 * call handlers need a process: current_process() with an fd table, a file
 * system context and an address space whose pages uaccess walks. This
 * builds such a process the way fork and init do (process_alloc, a task
 * that runs the user loop), but the task's first act (task_first_run in
 * user_loop.c) is to call the function and then exit, before it ever
 * reaches user mode. The function makes system calls through
 * syscall_dispatch() as the user loop would.
 *
 * The process has no parent: when it exits, nobody waits for it and it is
 * reaped at once (exit.c). It never takes pid 1, whose exit would power
 * the machine off.
 */
#include "fs/fd/fdtable.h"
#include "mm/vm.h"
#include "proc/internal.h"
#include "uapi/errno.h"
#include "uapi/wait.h"

/* What the task runs, and where the caller learns the result. */
struct host_call {
	int (*fn)(void *arg);
	void *arg;
	int result;
};

/* The task's first act (user_loop.c): run the function, then exit. */
__attribute__((noreturn)) void proc_host_task_run(struct task *t)
{
	struct host_call *call = t->host_call;

	t->host_call = NULL;
	call->result = call->fn(call->arg);
	proc_exit_task(LINUX_W_EXITCODE(0));
}

/* A pid other than 1 (proc_lock held): 0 when none is left. */
static int host_pid_alloc_locked(void)
{
	int pid = pid_alloc_locked();

	if (pid == 1) {
		pid = pid_alloc_locked();
		pid_free_locked(1);
	}
	return pid > 0 ? pid : 0;
}

/* Give @t and @p ids and make them visible, as fork does; false when
 * out of ids or past the task limit. */
static bool host_process_publish(struct process *p, struct task *t)
{
	unsigned long flags = spin_lock_irqsave(&proc_lock);
	int pid = host_pid_alloc_locked();
	bool ok = pid && task_count_add_locked(1);

	if (ok) {
		p->pid = t->tid = pid; /* pgid and sid 0, as init's */
		proc_hash_add_locked(p);
		task_hash_add_locked(t);
		list_add_tail(&t->thread_link, &p->threads);
		p->nr_threads = 1;
		proc_count_add_locked(1);
	} else if (pid) {
		pid_free_locked(pid);
	}
	spin_unlock_irqrestore(&proc_lock, flags);
	return ok;
}

/* Undo host_process_create() for a process that never ran. */
static void host_process_destroy(struct process *p)
{
	if (p->files)
		fd_table_put(p->files);
	if (p->mm)
		mm_put(p->mm);
	vfs_ctx_put(&p->fs);
	proc_put(p);
}

/* The process: root's credentials, @fs's root, cwd and umask, no open
 * files, an empty address space. NULL when out of memory. */
static struct process *host_process_create(const struct vfs_ctx *fs)
{
	struct process *p = process_alloc();

	if (!p)
		return NULL;
	signal_init_process(p); /* first: proc_put() flushes its queues */
	p->fs.root = fs->root;
	p->fs.cwd = fs->cwd;
	path_get(&p->fs.root);
	path_get(&p->fs.cwd);
	p->fs.umask = fs->umask;
	p->files = fd_table_create();
	p->mm = mm_create();
	if (!p->files || !p->mm) {
		host_process_destroy(p);
		return NULL;
	}
	return p;
}

int proc_run_as_process(const struct vfs_ctx *fs, int (*fn)(void *arg), void *arg)
{
	struct host_call call = {.fn = fn, .arg = arg};
	struct task *t = task_alloc();
	struct process *p;

	if (!t)
		return -ENOMEM;
	p = host_process_create(fs);
	if (!p) {
		task_free_unstarted(t);
		return -ENOMEM;
	}
	/* Two references, like a forked child's: the task's and the parent
	 * link's, which exit drops when it reaps the parentless process. */
	proc_get(p);
	t->proc = p;
	signal_init_task(t);
	task_set_comm(t, "host");
	if (!host_process_publish(p, t)) {
		t->proc = NULL;
		signal_release_task(t);
		proc_put(p);
		host_process_destroy(p);
		task_free_unstarted(t);
		return -EAGAIN;
	}
	t->host_call = &call;
	thread_start(&t->thread);
	thread_join(&t->thread);
	return call.result;
}
