/*
 * core/proc/fork.c - new tasks: fork, vfork, clone and clone3.
 *
 * The child is a copy of the calling task: same user registers (pc is
 * already past the ecall, see user_loop.c) except a0 = 0, plus what the
 * flags ask for: another stack (sp), a TLS pointer (tp), tid words to
 * write. A new process (no CLONE_THREAD) gets
 *	an address space: shared (CLONE_VM) or a copy-on-write copy
 *	an fd table: shared (CLONE_FILES) or a copy
 *	a copy of root, cwd and umask (CLONE_FS: not shared yet, copied)
 *	a copy of the credentials, limits, process group and session
 *	the signal state core/signal decides on (signal_fork)
 * A thread (CLONE_THREAD, which needs CLONE_SIGHAND and CLONE_VM) is one
 * more task of the caller's process. CLONE_VFORK parks the parent until
 * the child execs or exits. Namespaces, pidfds and cgroups are not
 * supported: -EINVAL with a log line.
 */
#include "fs/fd/fdtable.h"
#include "lib/printk.h"
#include "lib/string.h"
#include "mm/mm.h"
#include "mm/vm.h"
#include "proc/internal.h"
#include "proc/rlimit.h"
#include "proc/syscalls.h"
#include "sys/uaccess.h"
#include "uapi/errno.h"
#include "uapi/sched.h"

#define CLONE_UNSUPPORTED                                                                          \
	(CLONE_NEWTIME | CLONE_PIDFD | CLONE_NEWNS | CLONE_NEWCGROUP | CLONE_NEWUTS |              \
	 CLONE_NEWIPC | CLONE_NEWUSER | CLONE_NEWPID | CLONE_NEWNET | CLONE_CLEAR_SIGHAND |        \
	 CLONE_INTO_CGROUP)

/* One clone request, from clone(2) or clone3(2). */
struct clone_req {
	uint64_t flags;	     /* CLONE_*, without the exit signal */
	int exit_signal;     /* to the parent at exit */
	uint64_t stack;	     /* new sp, 0: the parent's */
	uint64_t tls;	     /* CLONE_SETTLS */
	uint64_t parent_tid; /* CLONE_PARENT_SETTID */
	uint64_t child_tid;  /* CLONE_CHILD_SETTID / CLONE_CHILD_CLEARTID */
};

static int clone_check_flags(uint64_t flags)
{
	if (flags & CLONE_UNSUPPORTED) {
		printk("clone: flags 0x%llx not supported\n",
		       (unsigned long long)(flags & CLONE_UNSUPPORTED));
		return -EINVAL;
	}
	if ((flags & CLONE_THREAD) && !(flags & CLONE_SIGHAND))
		return -EINVAL;
	if ((flags & CLONE_SIGHAND) && !(flags & CLONE_VM))
		return -EINVAL;
	return 0;
}

struct uid_count {
	uint32_t uid;
	unsigned int n;
};

static void count_uid(struct process *p, void *arg)
{
	struct uid_count *c = arg;

	if (p->cred.uid == c->uid && p->state != PROCESS_REAPED)
		c->n++;
}

/* RLIMIT_NPROC: processes of the same real user; root is exempt. */
static bool nproc_exceeded_locked(const struct process *parent)
{
	uint64_t limit = parent->rlim[RLIMIT_NPROC].rlim_cur;
	struct uid_count c = {parent->cred.uid, 0};

	if (parent->cred.euid == 0 || limit == RLIM64_INFINITY)
		return false;
	proc_for_each_locked(count_uid, &c);
	return c.n >= limit;
}

/* The process-wide parts of a new process, copied or shared from @cur. */
static int copy_process_parts(struct process *np, struct process *cur, const struct clone_req *req)
{
	np->cred = cur->cred;
	memcpy(np->rlim, cur->rlim, sizeof(np->rlim));
	np->fs.root = cur->fs.root;
	np->fs.cwd = cur->fs.cwd;
	path_get(&np->fs.root);
	path_get(&np->fs.cwd);
	np->exe = cur->exe;
	if (np->exe.dentry)
		path_get(&np->exe);
	np->fs.umask = cur->fs.umask;
	np->exit_signal = req->exit_signal;
	np->files =
	    (req->flags & CLONE_FILES) ? fd_table_get(cur->files) : fd_table_dup(cur->files);
	if (!np->files)
		return -ENOMEM;
	if (req->flags & CLONE_VM) {
		mm_get(cur->mm);
		np->mm = cur->mm;
	} else {
		np->mm = mm_dup(cur->mm);
		if (!np->mm)
			return -ENOMEM;
	}
	signal_init_process(np);
	return 0;
}

/* Undo copy_process_parts() of a process that never ran. */
static void free_new_process(struct process *np)
{
	if (np->mm)
		mm_put(np->mm);
	if (np->files)
		fd_table_put(np->files);
	if (np->fs.root.dentry)
		vfs_ctx_put(&np->fs);
	proc_put(np);
}

/* Link @child (and @np, a new process or NULL for a thread) into the
 * tree and hashes. -EAGAIN when ids or RLIMIT_NPROC run out. */
static int attach_task(struct task *cur, struct task *child, struct process *np,
		       const struct clone_req *req)
{
	struct process *p = np ? np : cur->proc;
	unsigned long flags = spin_lock_irqsave(&proc_lock);
	int tid;

	if (np && nproc_exceeded_locked(cur->proc)) {
		spin_unlock_irqrestore(&proc_lock, flags);
		return -EAGAIN;
	}
	if (cur->proc->group_exit) { /* dying: no new children */
		spin_unlock_irqrestore(&proc_lock, flags);
		return -EINTR;
	}
	if (np && (req->flags & CLONE_PARENT) && !cur->proc->parent) {
		spin_unlock_irqrestore(&proc_lock, flags);
		return -EINVAL; /* init has no parent to share */
	}
	if (!task_count_add_locked(1)) {
		spin_unlock_irqrestore(&proc_lock, flags);
		return -EAGAIN;
	}
	tid = pid_alloc_locked();
	if (tid < 0) {
		task_count_add_locked(-1);
		spin_unlock_irqrestore(&proc_lock, flags);
		return tid;
	}
	child->tid = tid;
	child->proc = p;
	if (np) {
		struct process *parent =
		    (req->flags & CLONE_PARENT) ? cur->proc->parent : cur->proc;

		np->pid = tid;
		np->pgid = cur->proc->pgid;
		np->sid = cur->proc->sid;
		np->parent = parent;
		list_add_tail(&np->sibling, &parent->children);
		proc_hash_add_locked(np);
		proc_count_add_locked(1);
	}
	proc_get(p); /* the task's reference (a new process's first one is its parent's link) */
	list_add_tail(&child->thread_link, &p->threads);
	p->nr_threads++;
	task_hash_add_locked(child);
	spin_unlock_irqrestore(&proc_lock, flags);
	return tid;
}

static void setup_child_regs(struct task *child, struct task *cur, const struct clone_req *req)
{
	child->user = cur->user;
	child->user.regs.a0 = 0;
	if (req->stack)
		child->user.regs.sp = req->stack;
	if (req->flags & CLONE_SETTLS)
		child->user.regs.tp = req->tls;
	if (req->flags & CLONE_CHILD_SETTID)
		child->set_child_tid = req->child_tid;
	if (req->flags & CLONE_CHILD_CLEARTID)
		child->clear_child_tid = req->child_tid;
	memcpy(child->comm, cur->comm, sizeof(child->comm));
	strlcpy(child->thread.name, cur->comm, sizeof(child->thread.name));
}

static void vfork_wait(struct task *cur)
{
	wait_event(cur->vfork_wait, READ_ONCE(cur->vfork_done));
}

static long do_clone(const struct clone_req *req)
{
	struct task *cur = current_task();
	bool thread = (req->flags & CLONE_THREAD) != 0;
	struct process *np = NULL;
	struct task *child;
	int tid, err;

	err = clone_check_flags(req->flags);
	if (err)
		return err;
	child = task_alloc();
	if (!child)
		return -ENOMEM;
	if (!thread) {
		np = process_alloc();
		err = np ? copy_process_parts(np, cur->proc, req) : -ENOMEM;
		if (err)
			goto out_free;
	}
	setup_child_regs(child, cur, req);
	sched_fork(&child->thread, &cur->thread); /* affinity and nice */
	child->proc = np ? np : cur->proc;
	signal_init_task(child);
	signal_fork(child, cur, thread);
	tid = attach_task(cur, child, np, req);
	if (tid < 0) {
		err = tid;
		goto out_free;
	}
	if (req->flags & CLONE_PARENT_SETTID) {
		int32_t v = tid;

		(void)copy_to_user(req->parent_tid, &v, sizeof(v));
	}
	if (req->flags & CLONE_VFORK) {
		cur->vfork_done = false;
		thread_get(&cur->thread);
		child->vfork_parent = cur;
	}
	thread_start(&child->thread);
	thread_put(&child->thread); /* it runs detached */
	if (req->flags & CLONE_VFORK)
		vfork_wait(cur);
	return tid;

out_free:
	signal_release_task(child);
	if (np)
		free_new_process(np);
	task_free_unstarted(child);
	return err;
}

long sys_clone(unsigned long flags, unsigned long stack, unsigned long parent_tid,
	       unsigned long tls, unsigned long child_tid)
{
	struct clone_req req = {
	    .flags = flags & ~(unsigned long)CSIGNAL,
	    .exit_signal = (int)(flags & CSIGNAL),
	    .stack = stack,
	    .tls = tls,
	    .parent_tid = parent_tid,
	    .child_tid = child_tid,
	};

	if (req.flags & (CLONE_CLEAR_SIGHAND | CLONE_INTO_CGROUP))
		return -EINVAL; /* clone3 only */
	if (req.exit_signal > _NSIG)
		return -EINVAL;
	if (req.flags & CLONE_THREAD)
		req.exit_signal = 0;
	return do_clone(&req);
}

long sys_clone3(unsigned long uargs, unsigned long size)
{
	struct linux_clone_args args;
	struct clone_req req;

	if (size < CLONE_ARGS_SIZE_VER0)
		return -EINVAL;
	if (size > PAGE_SIZE)
		return -E2BIG;
	memset(&args, 0, sizeof(args));
	if (copy_from_user(&args, uargs, MIN(size, sizeof(args))))
		return -EFAULT;
	for (unsigned long off = sizeof(args); off < size; off++) {
		uint8_t b;

		if (copy_from_user(&b, uargs + off, 1))
			return -EFAULT;
		if (b)
			return -E2BIG;
	}
	if ((args.flags & CSIGNAL) || args.exit_signal > _NSIG || args.set_tid || args.set_tid_size)
		return -EINVAL;
	if ((args.stack == 0) != (args.stack_size == 0))
		return -EINVAL;
	req = (struct clone_req){
	    .flags = args.flags,
	    .exit_signal = (args.flags & CLONE_THREAD) ? 0 : (int)args.exit_signal,
	    .stack = args.stack ? args.stack + args.stack_size : 0,
	    .tls = args.tls,
	    .parent_tid = args.parent_tid,
	    .child_tid = args.child_tid,
	};
	return do_clone(&req);
}
