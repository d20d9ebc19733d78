/*
 * core/proc/sysinfo.c - what the system says about itself and a few
 * whole-system calls: uname, sethostname, sysinfo, times, sched_yield,
 * sched_getaffinity, reboot.
 *
 * uname says "Linux", as programs (and glibc's version check) expect, with
 * a release that names Rux. The host name lives here, under uts_lock.
 */
#include "uapi/sysinfo.h"
#include "hal/hal.h"
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

long sys_sched_yield(void)
{
	sched_yield_current();
	return 0;
}

long sys_sched_getaffinity(unsigned long pid, unsigned long len, unsigned long umask)
{
	unsigned long mask = 0, flags;
	bool found;

	if (len < sizeof(mask) || (len & (sizeof(mask) - 1)))
		return -EINVAL;
	if ((int)pid < 0)
		return -ESRCH;
	if (pid) { /* any thread's id will do */
		flags = spin_lock_irqsave(&proc_lock);
		found = task_find_locked((int)pid) != NULL;
		spin_unlock_irqrestore(&proc_lock, flags);
		if (!found)
			return -ESRCH;
	}
	for (unsigned int i = 0; i < HAL_MAX_CPUS; i++)
		if (READ_ONCE(cpus[i].online))
			mask |= 1ul << i;
	if (copy_to_user(umask, &mask, sizeof(mask)))
		return -EFAULT;
	return sizeof(mask);
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
		printk("reboot: Restarting system\n");
		hal_reboot();
	case LINUX_REBOOT_CMD_POWER_OFF:
	case LINUX_REBOOT_CMD_HALT:
		printk("reboot: Power down\n");
		hal_poweroff(0);
	case LINUX_REBOOT_CMD_CAD_ON:
	case LINUX_REBOOT_CMD_CAD_OFF:
		return 0;
	default:
		return -EINVAL;
	}
}
