/*
 * fs/procfs/root.c - the top of /proc: the system-wide files, /proc/self,
 * /proc/sys/kernel, and the directory of processes (pid.c has their
 * contents).
 *
 * Formats follow Linux (proc(5)) so programs that parse them - busybox
 * ps, top, free, mount, df - work unchanged. What Rux does not track yet
 * is reported as zero: per-CPU busy/idle time (all time counts as idle),
 * buffers, anonymous and mapped pages.
 */
#include "drivers/block/blkdev.h"
#include "fs/procfs/internal.h"
#include "hal/hal.h"
#include "init/cmdline.h"
#include "lib/printk.h"
#include "lib/string.h"
#include "mm/kmalloc.h"
#include "mm/mm.h"
#include "proc/task.h"
#include "sched/cpu.h"
#include "uapi/mount.h"
#include "uapi/time.h"
#include "uapi/utsname.h"

#define NS_PER_SEC  1000000000ull
#define NS_PER_TICK (NS_PER_SEC / USER_HZ)
#define PAGE_KB	    4

static int show_meminfo(struct seq *s, const struct proc_node *n)
{
	struct mm_stats st;
	struct pagecache_stats pc;
	static const char *const zero[] = {
	    "SwapCached:", "Active:", "Inactive:", "Shmem:", "SwapTotal:", "SwapFree:",
	};

	mm_stats_get(&st);
	pagecache_get_stats(&pc);
	seq_printf(s, "%-16s%8lu kB\n", "MemTotal:", st.total_pages * PAGE_KB);
	seq_printf(s, "%-16s%8lu kB\n", "MemFree:", st.free_pages * PAGE_KB);
	seq_printf(s, "%-16s%8lu kB\n", "MemAvailable:", st.free_pages * PAGE_KB);
	seq_printf(s, "%-16s%8lu kB\n", "Buffers:", 0ul);
	seq_printf(s, "%-16s%8lu kB\n", "Cached:", pc.cached * PAGE_KB);
	for (size_t i = 0; i < ARRAY_SIZE(zero); i++)
		seq_printf(s, "%-16s%8lu kB\n", zero[i], 0ul);
	seq_printf(s, "%-16s%8lu kB\n", "Dirty:", pc.dirty * PAGE_KB);
	seq_printf(s, "%-16s%8lu kB\n", "Writeback:", pc.writeback * PAGE_KB);
	seq_printf(s, "%-16s%8lu kB\n", "AnonPages:", 0ul);
	seq_printf(s, "%-16s%8lu kB\n", "Mapped:", 0ul);
	seq_printf(s, "%-16s%8lu kB\n", "Slab:", st.slab_pages * PAGE_KB);
	seq_printf(s, "%-16s%8lu kB\n", "SUnreclaim:", st.slab_pages * PAGE_KB);
	seq_printf(s, "%-16s%8lu kB\n", "KernelStack:", 0ul);
	seq_printf(s, "%-16s%8lu kB\n", "PageTables:", st.pagetable_pages * PAGE_KB);
	return 0;
}

static int show_cpuinfo(struct seq *s, const struct proc_node *n)
{
	for (unsigned int cpu = 0; cpu < cpus_online(); cpu++) {
		seq_printf(s, "processor\t: %u\n", cpu);
		seq_printf(s, "hart\t\t: %lu\n", hal_cpu_hwid(cpu));
		seq_puts(s, "isa\t\t: rv64imafdc\nmmu\t\t: sv39\n");
		seq_puts(s, "mvendorid\t: 0x0\nmarchid\t\t: 0x0\nmimpid\t\t: 0x0\n\n");
	}
	return 0;
}

/* Seconds with hundredths, as /proc/uptime prints them. */
static void put_centis(struct seq *s, uint64_t ns, char end)
{
	seq_printf(s, "%llu.%02llu%c", (unsigned long long)(ns / NS_PER_SEC),
		   (unsigned long long)(ns % NS_PER_SEC / (NS_PER_SEC / 100)), end);
}

static int show_uptime(struct seq *s, const struct proc_node *n)
{
	uint64_t up = hal_clock_ns();

	put_centis(s, up, ' ');
	put_centis(s, up * cpus_online(), '\n');
	return 0;
}

static void count_running(struct process *p, void *arg)
{
	struct task *t;

	list_for_each_entry(t, &p->threads, thread_link)
	{
		enum thread_state st = READ_ONCE(t->thread.state);

		if (st == THREAD_RUNNING || st == THREAD_RUNNABLE)
			++*(unsigned int *)arg;
	}
}

static unsigned int nr_running(void)
{
	unsigned long flags = spin_lock_irqsave(&proc_lock);
	unsigned int n = 0;

	proc_for_each_locked(count_running, &n);
	spin_unlock_irqrestore(&proc_lock, flags);
	return n;
}

static int show_loadavg(struct seq *s, const struct proc_node *n)
{
	seq_printf(s, "0.00 0.00 0.00 %u/%u 0\n", nr_running(), proc_count());
	return 0;
}

static int show_stat(struct seq *s, const struct proc_node *n)
{
	uint64_t idle = hal_clock_ns() / NS_PER_TICK;
	uint64_t boot = (hal_wall_clock_ns() - hal_clock_ns()) / NS_PER_SEC;

	seq_printf(s, "cpu  0 0 0 %llu 0 0 0 0 0 0\n", (unsigned long long)(idle * cpus_online()));
	for (unsigned int cpu = 0; cpu < cpus_online(); cpu++)
		seq_printf(s, "cpu%u 0 0 0 %llu 0 0 0 0 0 0\n", cpu, (unsigned long long)idle);
	seq_printf(s, "intr 0\nctxt 0\nbtime %llu\nprocesses %u\n", (unsigned long long)boot,
		   proc_count());
	seq_printf(s, "procs_running %u\nprocs_blocked 0\n", nr_running());
	return 0;
}

static int show_version(struct seq *s, const struct proc_node *n)
{
	struct linux_utsname u;

	proc_uname(&u);
	seq_printf(s, "%s version %s (rux@rux) %s\n", u.sysname, u.release, u.version);
	return 0;
}

static int show_cmdline(struct seq *s, const struct proc_node *n)
{
	seq_printf(s, "%s\n", cmdline_raw());
	return 0;
}

static int show_filesystems(struct seq *s, const struct proc_node *n)
{
	/* The types Rux registers (the VFS has no registry listing yet);
	 * those that need a device have no "nodev" (mount(8) tries them). */
	static const char *const types[] = {"tmpfs", "proc", "devtmpfs", "sysfs", "pipefs"};
	static const char *const block_types[] = {"ext4"};

	for (size_t i = 0; i < ARRAY_SIZE(types); i++)
		seq_printf(s, "nodev\t%s\n", types[i]);
	for (size_t i = 0; i < ARRAY_SIZE(block_types); i++)
		seq_printf(s, "\t%s\n", block_types[i]);
	return 0;
}

/* ----- mounts ----- */

static void mount_options(struct seq *s, unsigned long fl)
{
	seq_puts(s, (fl & MS_RDONLY) ? "ro" : "rw");
	if (fl & MS_NOSUID)
		seq_puts(s, ",nosuid");
	if (fl & MS_NODEV)
		seq_puts(s, ",nodev");
	if (fl & MS_NOEXEC)
		seq_puts(s, ",noexec");
	if (fl & MS_NOATIME)
		seq_puts(s, ",noatime");
	else if (!(fl & MS_STRICTATIME))
		seq_puts(s, ",relatime");
}

/*
 * One line per mount, parents before children. The mount tree is read
 * without the VFS's name-space lock (it has no iterator yet), so a mount
 * or umount at the same moment can race with this listing.
 */
static void show_mount_tree(struct seq *s, struct vfsmount *mnt, char *buf)
{
	const char *type = mnt->mnt_parent ? mnt->mnt_sb->s_type->name : "rootfs";
	struct block_device *bdev = blk_find_dev(mnt->mnt_sb->s_dev);
	struct path root = {mnt, mnt->mnt_root};
	struct vfsmount *child;

	/* No source is recorded with a mount: a disk's file system names its
	 * device (its st_dev is the disk's), the others their type. */
	if (proc_path_name(&root, buf, PATH_MAX) >= 0) {
		if (bdev)
			seq_printf(s, "/dev/%s %s %s ", bdev->name, buf, type);
		else
			seq_printf(s, "%s %s %s ", type, buf, type);
		mount_options(s, mnt->mnt_sb->s_flags);
		seq_puts(s, " 0 0\n");
	}
	list_for_each_entry(child, &mnt->mnt_mounts, mnt_child)
	{
		show_mount_tree(s, child, buf);
	}
}

int proc_show_mounts(struct seq *s, const struct proc_node *n)
{
	char *buf = kmalloc(PATH_MAX, GFP_KERNEL);
	struct vfs_ctx global;

	if (!buf)
		return -ENOMEM;
	vfs_root_ctx(&global);
	show_mount_tree(s, global.root.mnt, buf);
	vfs_ctx_put(&global);
	kfree(buf);
	return 0;
}

/* ----- /proc/sys/kernel ----- */

static int show_hostname(struct seq *s, const struct proc_node *n)
{
	struct linux_utsname u;

	proc_uname(&u);
	seq_printf(s, "%s\n", u.nodename);
	return 0;
}

static int show_ostype(struct seq *s, const struct proc_node *n)
{
	struct linux_utsname u;

	proc_uname(&u);
	seq_printf(s, "%s\n", u.sysname);
	return 0;
}

static int show_osrelease(struct seq *s, const struct proc_node *n)
{
	struct linux_utsname u;

	proc_uname(&u);
	seq_printf(s, "%s\n", u.release);
	return 0;
}

static int show_pid_max(struct seq *s, const struct proc_node *n)
{
	seq_printf(s, "%d\n", PID_MAX);
	return 0;
}

/* ----- links ----- */

static int copy_link(char *buf, size_t size, const char *text)
{
	size_t len = strlen(text);

	if (len > size)
		return -ENAMETOOLONG;
	memcpy(buf, text, len);
	return (int)len;
}

int proc_self_link(const struct proc_node *n, char *buf, size_t size)
{
	struct process *p = current_process();
	char num[16];

	if (!p)
		return -ENOENT;
	ksnprintf(num, sizeof(num), "%d", p->pid);
	return copy_link(buf, size, num);
}

static int mounts_link(const struct proc_node *n, char *buf, size_t size)
{
	return copy_link(buf, size, "self/mounts");
}

/* ----- the tables ----- */

#define FILE_RO(n, fn)                                                                             \
	{                                                                                          \
		.name = (n), .mode = S_IFREG | 0444, .show = (fn)                                  \
	}
#define DIR(n, c)                                                                                  \
	{                                                                                          \
		.name = (n), .mode = S_IFDIR | 0555, .children = (c)                               \
	}
#define LINK(n, fn)                                                                                \
	{                                                                                          \
		.name = (n), .mode = S_IFLNK | 0777, .link = (fn)                                  \
	}

static const struct proc_entry sys_kernel_entries[] = {
    FILE_RO("hostname", show_hostname),
    FILE_RO("ostype", show_ostype),
    FILE_RO("osrelease", show_osrelease),
    FILE_RO("pid_max", show_pid_max),
    {0},
};

static const struct proc_entry sys_entries[] = {
    DIR("kernel", sys_kernel_entries),
    {0},
};

/* One entry a line. */
/* clang-format off */
static const struct proc_entry root_entries[] = {
    LINK("self", proc_self_link),
    LINK("mounts", mounts_link),
    FILE_RO("meminfo", show_meminfo),
    FILE_RO("cpuinfo", show_cpuinfo),
    FILE_RO("uptime", show_uptime),
    FILE_RO("loadavg", show_loadavg),
    FILE_RO("stat", show_stat),
    FILE_RO("version", show_version),
    FILE_RO("cmdline", show_cmdline),
    FILE_RO("filesystems", show_filesystems),
    FILE_RO("partitions", proc_show_partitions),
    FILE_RO("diskstats", proc_show_diskstats),
    DIR("sys", sys_entries),
    {0},
};
/* clang-format on */

const struct proc_entry proc_root_entry = {
    .name = "",
    .mode = S_IFDIR | 0555,
    .children = root_entries,
    .next = proc_next_pid,
    .dyn_entry = &proc_pid_entry,
};
