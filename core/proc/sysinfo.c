/*
 * core/proc/sysinfo.c - what the system says about itself and a few
 * whole-system calls: uname, sethostname, sysinfo, times, reboot; and the
 * scheduling requests: sched_yield, sched_setaffinity/sched_getaffinity
 * (per thread), getcpu and setpriority/getpriority (nice values of a thread, a
 * process group or a user's threads). The policy itself is core/sched's.
 *
 * uname says "Linux", as programs (and glibc's version check) expect, with
 * a release that names Rux. The host name lives here, under uts_lock.
 */
#include "uapi/sysinfo.h"
#include "hal/hal.h"
#include "init/init.h"
#include "lib/err.h"
#include "lib/printk.h"
#include "lib/spinlock.h"
#include "lib/string.h"
#include "mm/mm.h"
#include "proc/internal.h"
#include "proc/rlimit.h"
#include "proc/syscalls.h"
#include "sched/cpu.h"
#include "sys/uaccess.h"
#include "uapi/errno.h"
#include "uapi/reboot.h"
#include "uapi/resource.h"
#include "uapi/time.h"
#include "uapi/utsname.h"

#define UTS_RELEASE "6.12.0-rux"
#define UTS_VERSION "#1 SMP Rux " RUX_VERSION
#define NS_PER_TICK (1000000000ull / USER_HZ)

static struct spinlock uts_lock = SPINLOCK_INIT("uts");
static char hostname[LINUX_UTS_LEN + 1] = "rux";

void proc_uname(struct linux_utsname *u)
{
	unsigned long flags;

	memset(u, 0, sizeof(*u));
	strlcpy(u->sysname, "Linux", sizeof(u->sysname));
	strlcpy(u->release, UTS_RELEASE, sizeof(u->release));
	strlcpy(u->version, UTS_VERSION, sizeof(u->version));
	strlcpy(u->machine, "riscv64", sizeof(u->machine));
	strlcpy(u->domainname, "(none)", sizeof(u->domainname));
	flags = spin_lock_irqsave(&uts_lock);
	memcpy(u->nodename, hostname, sizeof(hostname));
	spin_unlock_irqrestore(&uts_lock, flags);
}

long sys_uname(unsigned long ubuf)
{
	struct linux_utsname u;

	proc_uname(&u);
	return copy_to_user(ubuf, &u, sizeof(u)) ? -EFAULT : 0;
}

long sys_sethostname(unsigned long uname, unsigned long len)
{
	char buf[LINUX_UTS_LEN + 1] = {0};
	unsigned long flags;

	if (current_cred()->euid != 0)
		return -EPERM;
	if (len > LINUX_UTS_LEN)
		return -EINVAL;
	if (copy_from_user(buf, uname, len))
		return -EFAULT;
	flags = spin_lock_irqsave(&uts_lock);
	memcpy(hostname, buf, sizeof(hostname));
	spin_unlock_irqrestore(&uts_lock, flags);
	return 0;
}

long sys_sysinfo(unsigned long uinfo)
{
	struct linux_sysinfo si;
	struct mm_stats st;
	uint64_t now = hal_clock_ns();

	mm_stats_get(&st);
	memset(&si, 0, sizeof(si));
	si.uptime = (int64_t)((now + 999999999ull) / 1000000000ull);
	si.totalram = st.total_pages * PAGE_SIZE;
	si.freeram = st.free_pages * PAGE_SIZE;
	si.procs = (uint16_t)MIN(proc_count(), 65535u);
	si.mem_unit = 1;
	return copy_to_user(uinfo, &si, sizeof(si)) ? -EFAULT : 0;
}

long sys_times(unsigned long utms)
{
	struct process *p = current_process();
	struct linux_tms tms = {0};

	tms.tms_utime = (linux_clock_t)(proc_cpu_ns(p) / NS_PER_TICK);
	tms.tms_cutime = (linux_clock_t)(READ_ONCE(p->children_cpu_ns) / NS_PER_TICK);
	if (utms && copy_to_user(utms, &tms, sizeof(tms)))
		return -EFAULT;
	return (long)(hal_clock_ns() / NS_PER_TICK);
}

long sys_reboot(unsigned long magic1, unsigned long magic2, unsigned long cmd, unsigned long arg)
{
	(void)arg;
	if (current_cred()->euid != 0)
		return -EPERM;
	if ((uint32_t)magic1 != LINUX_REBOOT_MAGIC1 ||
	    ((uint32_t)magic2 != LINUX_REBOOT_MAGIC2 && (uint32_t)magic2 != LINUX_REBOOT_MAGIC2A &&
	     (uint32_t)magic2 != LINUX_REBOOT_MAGIC2B && (uint32_t)magic2 != LINUX_REBOOT_MAGIC2C))
		return -EINVAL;
	switch ((uint32_t)cmd) {
	case LINUX_REBOOT_CMD_RESTART:
	case LINUX_REBOOT_CMD_RESTART2:
		root_shutdown();
		printk("reboot: Restarting system\n");
		hal_reboot();
	case LINUX_REBOOT_CMD_POWER_OFF:
	case LINUX_REBOOT_CMD_HALT:
		root_shutdown();
		printk("reboot: Power down\n");
		hal_poweroff(0);
	case LINUX_REBOOT_CMD_CAD_ON:
	case LINUX_REBOOT_CMD_CAD_OFF:
		return 0;
	default:
		return -EINVAL;
	}
}

/* ---- scheduling: yield, CPU affinity, nice values ------------------------ */

long sys_sched_yield(void)
{
	sched_yield_current();
	return 0;
}

#define CPUMASK_BYTES sizeof(uint64_t) /* the kernel's cpumask size, as Linux reports it */

/*
 * May @self change the scheduling of @p (proc_lock held)? As Linux without
 * CAP_SYS_NICE: root, or its effective uid is @p's real or effective uid.
 */
static bool may_reschedule(const struct process *self, const struct process *p)
{
	const struct cred *c = &self->cred;

	return c->euid == 0 || c->euid == p->cred.uid || c->euid == p->cred.euid;
}

/* The thread @tid names (0: the caller), with a reference for the caller
 * to drop; ERR_PTR(-ESRCH), or -EPERM when @change is not allowed. */
static struct task *affinity_target(unsigned long tid, bool change)
{
	struct task *self = current_task(), *t;
	unsigned long flags;
	int err = 0;

	flags = spin_lock_irqsave(&proc_lock);
	t = (int)tid == 0 ? self : task_find_locked((int)tid);
	if (!t)
		err = -ESRCH;
	else if (change && !may_reschedule(self->proc, t->proc))
		err = -EPERM;
	else
		thread_get(&t->thread);
	spin_unlock_irqrestore(&proc_lock, flags);
	return err ? ERR_PTR(err) : t;
}

long sys_sched_setaffinity(unsigned long pid, unsigned long len, unsigned long umask)
{
	uint64_t mask = 0; /* a shorter user mask leaves the high CPUs out */
	struct task *t;
	int err;

	if (copy_from_user(&mask, umask, MIN((unsigned int)len, CPUMASK_BYTES)))
		return -EFAULT;
	t = affinity_target(pid, true);
	if (IS_ERR(t))
		return PTR_ERR(t);
	err = sched_set_affinity(&t->thread, mask);
	thread_put(&t->thread);
	return err;
}

long sys_sched_getaffinity(unsigned long pid, unsigned long len, unsigned long umask)
{
	uint64_t mask;
	struct task *t;

	if ((unsigned int)len < CPUMASK_BYTES || (len & (CPUMASK_BYTES - 1)))
		return -EINVAL;
	t = affinity_target(pid, false);
	if (IS_ERR(t))
		return PTR_ERR(t);
	mask = sched_get_affinity(&t->thread);
	thread_put(&t->thread);
	if (copy_to_user(umask, &mask, sizeof(mask)))
		return -EFAULT;
	return CPUMASK_BYTES;
}

/* getcpu(2): the CPU the caller runs on (it may move right after), node 0.
 * The third argument, a cache, has been unused since Linux 2.6.24. */
long sys_getcpu(unsigned long ucpu, unsigned long unode, unsigned long ucache)
{
	unsigned int cpu = hal_cpu_id(), node = 0;

	(void)ucache;
	if (ucpu && copy_to_user(ucpu, &cpu, sizeof(cpu)))
		return -EFAULT;
	if (unode && copy_to_user(unode, &node, sizeof(node)))
		return -EFAULT;
	return 0;
}

/* One setpriority or getpriority over the threads it names. */
struct prio_req {
	struct process *self;
	int which;   /* PRIO_PROCESS, PRIO_PGRP, PRIO_USER */
	int who;     /* a tid, process group or uid; 0 already resolved */
	bool set;    /* setpriority */
	int nice;    /* setpriority: the new value, clamped */
	int err;     /* setpriority: -ESRCH until a thread is found, then the last error */
	bool found;  /* getpriority: some thread matched */
	int highest; /* getpriority: the highest 20 - nice seen */
};

/* May @self lower @p's nice to @nice? Root, or within @p's RLIMIT_NICE
 * (which counts 20 - nice, and is 0 by default). proc_lock held. */
static bool may_lower_nice(const struct process *self, const struct process *p, int nice)
{
	return self->cred.euid == 0 || (uint64_t)(20 - nice) <= p->rlim[RLIMIT_NICE].rlim_cur;
}

/* setpriority or getpriority on one thread (proc_lock held). */
static void prio_one(struct prio_req *r, struct task *t)
{
	int old = sched_get_nice(&t->thread);

	if (!r->set) {
		r->highest = r->found ? MAX(r->highest, 20 - old) : 20 - old;
		r->found = true;
		return;
	}
	if (!may_reschedule(r->self, t->proc)) {
		r->err = -EPERM;
		return;
	}
	if (r->nice < old && !may_lower_nice(r->self, t->proc, r->nice)) {
		r->err = -EACCES;
		return;
	}
	if (r->err == -ESRCH)
		r->err = 0;
	sched_set_nice(&t->thread, r->nice);
}

/* Every thread of @p if @p is in the group or of the user asked for. */
static void prio_process(struct process *p, void *arg)
{
	struct prio_req *r = arg;
	struct task *t;

	if (r->which == PRIO_PGRP ? p->pgid != r->who : p->cred.uid != (uint32_t)r->who)
		return;
	list_for_each_entry(t, &p->threads, thread_link)
	{
		prio_one(r, t);
	}
}

/* Apply @r to the threads @which and @who name: PRIO_PROCESS one thread
 * (0: the caller), PRIO_PGRP a process group's, PRIO_USER a real uid's. */
static void prio_walk(struct prio_req *r, int which, int who)
{
	unsigned long flags = spin_lock_irqsave(&proc_lock);
	struct task *t;

	r->which = which;
	switch (which) {
	case PRIO_PROCESS:
		t = who ? task_find_locked(who) : current_task();
		if (t)
			prio_one(r, t);
		break;
	case PRIO_PGRP:
		r->who = who ? who : r->self->pgid;
		proc_for_each_locked(prio_process, r);
		break;
	case PRIO_USER:
		r->who = who ? who : (int)r->self->cred.uid;
		proc_for_each_locked(prio_process, r);
		break;
	}
	spin_unlock_irqrestore(&proc_lock, flags);
}

long sys_setpriority(unsigned long which, unsigned long who, unsigned long niceval)
{
	struct prio_req r = {.self = current_process(), .set = true, .err = -ESRCH};

	if ((unsigned int)which > PRIO_USER)
		return -EINVAL;
	r.nice = MAX(SCHED_NICE_MIN, MIN(SCHED_NICE_MAX, (int)niceval));
	prio_walk(&r, (int)which, (int)who);
	return r.err;
}

/* The raw call answers 20 - nice (1..40), so that no answer looks like an
 * error; the C library turns it back into a nice value. */
long sys_getpriority(unsigned long which, unsigned long who)
{
	struct prio_req r = {.self = current_process()};

	if ((unsigned int)which > PRIO_USER)
		return -EINVAL;
	prio_walk(&r, (int)which, (int)who);
	return r.found ? r.highest : -ESRCH;
}
