/*
 * core/proc/rlimit.c - resource limits (getrlimit, setrlimit, prlimit64)
 * and resource usage (getrusage).
 *
 * Limits are per process, inherited by fork and kept by exec. The rules of
 * setrlimit(2): the soft limit may not exceed the hard one (-EINVAL); only
 * a privileged process (euid 0) may raise a hard limit (-EPERM), and not
 * even it may raise RLIMIT_NOFILE's past nr_open (-EPERM).
 * Which limits are enforced is up to their subsystems (fd table: NOFILE;
 * fork: NPROC; exec: STACK for the stack size).
 */
#include "proc/rlimit.h"
#include "lib/string.h"
#include "proc/internal.h"
#include "proc/syscalls.h"
#include "sys/uaccess.h"
#include "uapi/errno.h"

#define NR_OPEN_MAX 1048576 /* Linux's default fs.nr_open */

void rlimit_init_defaults(struct linux_rlimit rlim[RLIM_NLIMITS])
{
	for (int i = 0; i < RLIM_NLIMITS; i++)
		rlim[i] = (struct linux_rlimit){RLIM64_INFINITY, RLIM64_INFINITY};
	rlim[RLIMIT_STACK].rlim_cur = RLIMIT_STACK_DEFAULT;
	rlim[RLIMIT_CORE].rlim_cur = 0;
	rlim[RLIMIT_NPROC] = (struct linux_rlimit){RLIMIT_NPROC_DEFAULT, RLIMIT_NPROC_DEFAULT};
	rlim[RLIMIT_NOFILE] = (struct linux_rlimit){1024, 4096};
	rlim[RLIMIT_MEMLOCK] = (struct linux_rlimit){8 << 20, 8 << 20};
	rlim[RLIMIT_SIGPENDING] = (struct linux_rlimit){RLIMIT_NPROC_DEFAULT, RLIMIT_NPROC_DEFAULT};
	rlim[RLIMIT_MSGQUEUE] = (struct linux_rlimit){819200, 819200};
	rlim[RLIMIT_NICE] = (struct linux_rlimit){0, 0};
	rlim[RLIMIT_RTPRIO] = (struct linux_rlimit){0, 0};
}

int rlimit_check(const struct linux_rlimit *old, const struct linux_rlimit *new, int resource,
		 bool privileged)
{
	if (resource < 0 || resource >= RLIM_NLIMITS)
		return -EINVAL;
	if (new->rlim_cur > new->rlim_max)
		return -EINVAL;
	if (new->rlim_max > old->rlim_max && !privileged)
		return -EPERM;
	if (resource == RLIMIT_NOFILE && new->rlim_max > NR_OPEN_MAX)
		return -EPERM;
	return 0;
}

uint64_t rlimit_get(int resource)
{
	struct process *p = current_process();

	return p ? READ_ONCE(p->rlim[resource].rlim_cur) : RLIM64_INFINITY;
}

/* May the caller look at and change @target's limits? (prlimit64) */
static bool may_touch(const struct cred *me, const struct cred *them)
{
	if (me->euid == 0)
		return true;
	return me->uid == them->uid && me->uid == them->euid && me->uid == them->suid &&
	       me->gid == them->gid && me->gid == them->egid && me->gid == them->sgid;
}

/* Read and/or change @p's limit @resource under proc_lock. */
static int do_prlimit(struct process *p, int resource, const struct linux_rlimit *new,
		      struct linux_rlimit *old)
{
	unsigned long flags;
	int err = 0;

	if (resource < 0 || resource >= RLIM_NLIMITS)
		return -EINVAL;
	flags = spin_lock_irqsave(&proc_lock);
	if (old)
		*old = p->rlim[resource];
	if (new) {
		err = rlimit_check(&p->rlim[resource], new, resource, current_cred()->euid == 0);
		if (!err)
			p->rlim[resource] = *new;
	}
	spin_unlock_irqrestore(&proc_lock, flags);
	return err;
}

long sys_getrlimit(unsigned long resource, unsigned long urlim)
{
	struct linux_rlimit r;
	int err = do_prlimit(current_process(), (int)resource, NULL, &r);

	if (err)
		return err;
	return copy_to_user(urlim, &r, sizeof(r)) ? -EFAULT : 0;
}

long sys_setrlimit(unsigned long resource, unsigned long urlim)
{
	struct linux_rlimit r;

	if (copy_from_user(&r, urlim, sizeof(r)))
		return -EFAULT;
	return do_prlimit(current_process(), (int)resource, &r, NULL);
}

long sys_prlimit64(unsigned long pid, unsigned long resource, unsigned long unew,
		   unsigned long uold)
{
	struct linux_rlimit new, old;
	struct process *p;
	int err;

	if (unew && copy_from_user(&new, unew, sizeof(new)))
		return -EFAULT;
	if ((int)pid < 0)
		return -EINVAL;
	p = (int)pid == 0 ? current_process() : proc_find((int)pid);
	if (!p)
		return -ESRCH;
	if ((int)pid == 0)
		proc_get(p);
	if (p != current_process() && !may_touch(current_cred(), &p->cred))
		err = -EPERM;
	else
		err = do_prlimit(p, (int)resource, unew ? &new : NULL, uold ? &old : NULL);
	proc_put(p);
	if (err)
		return err;
	if (uold && copy_to_user(uold, &old, sizeof(old)))
		return -EFAULT;
	return 0;
}

static struct linux_timeval ns_to_timeval(uint64_t ns)
{
	return (struct linux_timeval){(int64_t)(ns / 1000000000ull),
				      (int64_t)(ns % 1000000000ull) / 1000};
}

uint64_t proc_cpu_ns(struct process *p)
{
	unsigned long flags = spin_lock_irqsave(&proc_lock);
	uint64_t ns = p->exited_cpu_ns;
	struct task *t;

	list_for_each_entry(t, &p->threads, thread_link) ns += READ_ONCE(t->thread.sum_exec_ns);
	spin_unlock_irqrestore(&proc_lock, flags);
	return ns;
}

long sys_getrusage(unsigned long who, unsigned long uusage)
{
	struct process *p = current_process();
	struct linux_rusage ru;
	uint64_t ns;

	switch ((int)who) {
	case RUSAGE_SELF:
		ns = proc_cpu_ns(p);
		break;
	case RUSAGE_CHILDREN:
		ns = READ_ONCE(p->children_cpu_ns);
		break;
	case RUSAGE_THREAD:
		ns = current_thread()->sum_exec_ns;
		break;
	default:
		return -EINVAL;
	}
	memset(&ru, 0, sizeof(ru));
	ru.ru_utime = ns_to_timeval(ns);
	return copy_to_user(uusage, &ru, sizeof(ru)) ? -EFAULT : 0;
}
