/*
 * core/proc/ids.c - who a process is and where it belongs: getpid,
 * getppid, gettid, process groups and sessions (setpgid, getpgid, setsid,
 * getsid), set_tid_address, the robust futex list, umask and prctl names.
 *
 * Process group and session rules are those of setpgid(2) and setsid(2):
 * a process may move itself or a child that has not yet exec'd, within
 * its own session, into an existing group of that session or a new one
 * named after the moved process; a session leader never moves.
 */
#include "lib/string.h"
#include "proc/internal.h"
#include "proc/syscalls.h"
#include "sys/uaccess.h"
#include "uapi/errno.h"
#include "uapi/prctl.h"

#define ROBUST_LIST_HEAD_SIZE 24 /* struct robust_list_head on 64-bit */

long sys_getpid(void)
{
	return current_process()->pid;
}

long sys_getppid(void)
{
	struct process *p = current_process();
	unsigned long flags = spin_lock_irqsave(&proc_lock);
	int ppid = p->parent ? p->parent->pid : 0;

	spin_unlock_irqrestore(&proc_lock, flags);
	return ppid;
}

long sys_gettid(void)
{
	return current_task()->tid;
}

long sys_set_tid_address(unsigned long tidptr)
{
	struct task *t = current_task();

	t->clear_child_tid = tidptr;
	return t->tid;
}

long sys_set_robust_list(unsigned long head, unsigned long len)
{
	struct task *t = current_task();

	if (len != ROBUST_LIST_HEAD_SIZE)
		return -EINVAL;
	t->robust_list_head = head;
	t->robust_list_len = len;
	return 0;
}

long sys_get_robust_list(unsigned long tid, unsigned long head_ptr, unsigned long len_ptr)
{
	uint64_t head, len;
	unsigned long flags;
	struct task *t;

	flags = spin_lock_irqsave(&proc_lock);
	t = (int)tid == 0 ? current_task() : task_find_locked((int)tid);
	if (t) {
		head = t->robust_list_head;
		len = t->robust_list_len;
	}
	spin_unlock_irqrestore(&proc_lock, flags);
	if (!t)
		return -ESRCH;
	if (copy_to_user(len_ptr, &len, sizeof(len)) || copy_to_user(head_ptr, &head, sizeof(head)))
		return -EFAULT;
	return 0;
}

int proc_setpgid(struct process *me, int pid, int pgid)
{
	unsigned long flags;
	struct process *p;
	int err = 0;

	if (pgid < 0)
		return -EINVAL;
	flags = spin_lock_irqsave(&proc_lock);
	p = pid ? proc_find_locked(pid) : me;
	if (!pid)
		pid = me->pid;
	if (!pgid)
		pgid = pid;
	if (!p || (p != me && p->parent != me) || p->state != PROCESS_ALIVE) {
		err = -ESRCH;
		goto out;
	}
	if (p != me) {
		if (p->sid != me->sid) {
			err = -EPERM;
			goto out;
		}
		if (p->did_exec) {
			err = -EACCES;
			goto out;
		}
	}
	if (p->sid == p->pid) {
		err = -EPERM;
		goto out;
	}
	if (pgid != p->pid && !proc_pgrp_exists_locked(pgid, me->sid)) {
		err = -EPERM;
		goto out;
	}
	p->pgid = pgid;
out:
	spin_unlock_irqrestore(&proc_lock, flags);
	return err;
}

long sys_setpgid(unsigned long pid, unsigned long pgid)
{
	if ((int)pid < 0)
		return -EINVAL;
	return proc_setpgid(current_process(), (int)pid, (int)pgid);
}

/* getpgid/getsid: @sid chooses which id of @pid to return. */
static long get_group_id(int pid, bool sid)
{
	unsigned long flags;
	struct process *p;
	long ret;

	if (pid < 0)
		return -ESRCH;
	flags = spin_lock_irqsave(&proc_lock);
	p = pid ? proc_find_locked(pid) : current_process();
	ret = !p ? -ESRCH : sid ? p->sid : p->pgid;
	spin_unlock_irqrestore(&proc_lock, flags);
	return ret;
}

long sys_getpgid(unsigned long pid)
{
	return get_group_id((int)pid, false);
}

long sys_getsid(unsigned long pid)
{
	return get_group_id((int)pid, true);
}

int proc_setsid(struct process *me)
{
	unsigned long flags = spin_lock_irqsave(&proc_lock);
	int ret;

	/* A process group leader (its pid names some group) may not. */
	if (me->pgid == me->pid || proc_pgrp_exists_locked(me->pid, -1)) {
		ret = -EPERM;
	} else {
		me->sid = me->pgid = me->pid;
		ret = me->pid;
	}
	spin_unlock_irqrestore(&proc_lock, flags);
	return ret;
}

long sys_setsid(void)
{
	return proc_setsid(current_process());
}

long sys_umask(unsigned long mask)
{
	struct process *p = current_process();
	uint32_t old = p->fs.umask;

	p->fs.umask = (uint32_t)mask & 0777;
	return old;
}

static long prctl_set_name(unsigned long uname)
{
	char name[TASK_COMM_LEN];
	size_t i;

	for (i = 0; i < TASK_COMM_LEN - 1; i++) {
		if (copy_from_user(&name[i], uname + i, 1))
			return -EFAULT;
		if (!name[i])
			break;
	}
	name[i] = '\0';
	task_set_comm(current_task(), name);
	return 0;
}

long sys_prctl(unsigned long option, unsigned long arg2, unsigned long arg3, unsigned long arg4,
	       unsigned long arg5)
{
	char name[TASK_COMM_LEN];

	(void)arg3;
	(void)arg4;
	(void)arg5;
	switch (option) {
	case PR_SET_NAME:
		return prctl_set_name(arg2);
	case PR_GET_NAME:
		memcpy(name, current_task()->comm, sizeof(name));
		return copy_to_user(arg2, name, sizeof(name)) ? -EFAULT : 0;
	default:
		return -EINVAL;
	}
}
