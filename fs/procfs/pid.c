/*
 * fs/procfs/pid.c - /proc/<pid>: one directory per process, with stat,
 * statm, status, cmdline, comm, maps, mounts, the links cwd, root and exe, and
 * fd/ (one link per open descriptor).
 *
 * Each file takes a snapshot under proc_lock (ids, state, names, times)
 * and, for the process's files, cwd and memory, references taken under
 * the process's exec_lock (the lock its threads change them under).
 *
 * Signal masks in status are shown as zero.
 */
#include "fs/fd/fdtable.h"
#include "fs/procfs/internal.h"
#include "ipc/pipe.h"
#include "lib/printk.h"
#include "lib/rbtree.h"
#include "lib/string.h"
#include "mm/kmalloc.h"
#include "mm/uaccess.h"
#include "mm/vm.h"
#include "proc/task.h"
#include "uapi/mman.h"
#include "uapi/time.h"

#define NS_PER_TICK (1000000000ull / USER_HZ)
#define PAGE_KB	    4

/* What the files of one process print, copied under proc_lock. */
struct pinfo {
	int pid, ppid, pgid, sid, nr_threads, exit_signal;
	int nice;	  /* the leader's */
	unsigned int cpu; /* the CPU the leader last ran on */
	char state;
	char comm[TASK_COMM_LEN];
	uint64_t cpu_ns, children_ns, start_ns;
	struct cred cred;
};

static char thread_state_char(const struct process *p, const struct task *t)
{
	if (p->state != PROCESS_ALIVE)
		return 'Z';
	if (READ_ONCE(p->sig.stopped))
		return 'T';
	if (!t)
		return 'R';
	switch (READ_ONCE(t->thread.state)) {
	case THREAD_SLEEPING_INTERRUPTIBLE:
		return 'S';
	case THREAD_SLEEPING_UNINTERRUPTIBLE:
		return 'D';
	default:
		return 'R';
	}
}

static int pinfo_get(int pid, struct pinfo *pi)
{
	unsigned long flags = spin_lock_irqsave(&proc_lock);
	struct process *p = proc_find_locked(pid);
	struct task *t, *leader;

	if (!p) {
		spin_unlock_irqrestore(&proc_lock, flags);
		return -ESRCH;
	}
	memset(pi, 0, sizeof(*pi));
	leader = list_first_entry_or_null(&p->threads, struct task, thread_link);
	pi->pid = p->pid;
	pi->ppid = p->parent ? p->parent->pid : 0;
	pi->pgid = p->pgid;
	pi->sid = p->sid;
	pi->nr_threads = (int)p->nr_threads;
	pi->exit_signal = p->exit_signal;
	pi->state = thread_state_char(p, leader);
	pi->cpu_ns = p->exited_cpu_ns;
	pi->children_ns = p->children_cpu_ns;
	pi->start_ns = p->start_ns;
	pi->cred = p->cred;
	list_for_each_entry(t, &p->threads, thread_link)
	{
		pi->cpu_ns += READ_ONCE(t->thread.sum_exec_ns);
	}
	if (leader) {
		strlcpy(pi->comm, leader->comm, sizeof(pi->comm));
		pi->nice = sched_get_nice(&leader->thread);
		pi->cpu = READ_ONCE(leader->thread.cpu);
	}
	spin_unlock_irqrestore(&proc_lock, flags);
	return 0;
}

/* References to what another process owns (NULL: it has none any more). */
struct pres {
	struct fd_table *files;
	struct path cwd, root, exe;
	struct mm *mm;
	uint64_t arg_start, arg_end; /* argv strings in mm */
};

static int pres_get(int pid, struct pres *r)
{
	struct process *p = proc_find(pid);

	memset(r, 0, sizeof(*r));
	if (!p)
		return -ESRCH;
	mutex_lock(&p->exec_lock);
	if (p->files) {
		r->files = fd_table_get(p->files);
		r->cwd = p->fs.cwd;
		r->root = p->fs.root;
		path_get(&r->cwd);
		path_get(&r->root);
	}
	if (p->mm) {
		r->mm = p->mm;
		mm_get(r->mm);
		r->arg_start = p->arg_start;
		r->arg_end = p->arg_end;
	}
	if (p->exe.dentry) {
		r->exe = p->exe;
		path_get(&r->exe);
	}
	mutex_unlock(&p->exec_lock);
	proc_put(p);
	return 0;
}

static void pres_put(struct pres *r)
{
	if (r->files) {
		fd_table_put(r->files);
		path_put(&r->cwd);
		path_put(&r->root);
	}
	if (r->mm)
		mm_put(r->mm);
	if (r->exe.dentry)
		path_put(&r->exe);
}

static void mm_usage(struct mm *mm, struct mm_usage *u)
{
	memset(u, 0, sizeof(*u));
	if (mm)
		mm_get_usage(mm, u);
}

/* ----- the files ----- */

static int show_stat(struct seq *s, const struct proc_node *n)
{
	struct mm_usage u;
	struct pinfo pi;
	struct pres r;
	int err = pinfo_get(n->pid, &pi);

	if (!err)
		err = pres_get(n->pid, &r);
	if (err)
		return err;
	mm_usage(r.mm, &u);
	pres_put(&r);
	seq_printf(s, "%d (%s) %c %d %d %d 0 -1 0 0 0 0 0 ", pi.pid, pi.comm, pi.state, pi.ppid,
		   pi.pgid, pi.sid);
	/* priority is 20 + nice for normal threads, as on Linux */
	seq_printf(s, "%llu 0 %llu 0 %d %d %d 0 %llu ",
		   (unsigned long long)(pi.cpu_ns / NS_PER_TICK),
		   (unsigned long long)(pi.children_ns / NS_PER_TICK), 20 + pi.nice, pi.nice,
		   pi.nr_threads,
		   (unsigned long long)(pi.start_ns / NS_PER_TICK));
	seq_printf(s,
		   "%lu %lu 18446744073709551615 0 0 0 0 0 0 0 0 0 0 0 0 %d %u 0 0 0 0 0 0 0 0 0 "
		   "0 0 0 0\n",
		   u.total_vm * 4096, u.rss_anon + u.rss_file + u.rss_shmem, pi.exit_signal,
		   pi.cpu);
	return 0;
}

static int show_statm(struct seq *s, const struct proc_node *n)
{
	struct mm_usage u;
	struct pres r;
	int err = pres_get(n->pid, &r);

	if (err)
		return err;
	mm_usage(r.mm, &u);
	pres_put(&r);
	seq_printf(s, "%lu %lu %lu %lu 0 %lu 0\n", u.total_vm,
		   u.rss_anon + u.rss_file + u.rss_shmem, u.rss_file + u.rss_shmem, u.exec_vm,
		   u.data_vm + u.stack_vm);
	return 0;
}

static const char *state_name(char c)
{
	switch (c) {
	case 'R':
		return "R (running)";
	case 'S':
		return "S (sleeping)";
	case 'D':
		return "D (disk sleep)";
	case 'T':
		return "T (stopped)";
	default:
		return "Z (zombie)";
	}
}

static int show_status(struct seq *s, const struct proc_node *n)
{
	struct mm_usage u;
	struct pinfo pi;
	struct pres r;
	int err = pinfo_get(n->pid, &pi);

	if (!err)
		err = pres_get(n->pid, &r);
	if (err)
		return err;
	mm_usage(r.mm, &u);
	seq_printf(s, "Name:\t%s\nState:\t%s\nTgid:\t%d\nNgid:\t0\nPid:\t%d\nPPid:\t%d\n", pi.comm,
		   state_name(pi.state), pi.pid, pi.pid, pi.ppid);
	seq_printf(s, "TracerPid:\t0\nUid:\t%u\t%u\t%u\t%u\nGid:\t%u\t%u\t%u\t%u\n", pi.cred.uid,
		   pi.cred.euid, pi.cred.suid, pi.cred.fsuid, pi.cred.gid, pi.cred.egid,
		   pi.cred.sgid, pi.cred.fsgid);
	seq_printf(s, "FDSize:\t%u\nGroups:\t", r.files ? fd_table_size(r.files) : 0);
	for (unsigned int i = 0; i < pi.cred.ngroups && i < CRED_NGROUPS_MAX; i++)
		seq_printf(s, "%u ", pi.cred.groups[i]);
	seq_putc(s, '\n');
	pres_put(&r);
	if (u.total_vm) {
		seq_printf(s, "VmPeak:\t%8lu kB\nVmSize:\t%8lu kB\n", u.total_vm * PAGE_KB,
			   u.total_vm * PAGE_KB);
		seq_printf(s, "VmRSS:\t%8lu kB\nRssAnon:\t%8lu kB\nRssFile:\t%8lu kB\n",
			   (u.rss_anon + u.rss_file + u.rss_shmem) * PAGE_KB, u.rss_anon * PAGE_KB,
			   u.rss_file * PAGE_KB);
		seq_printf(s, "VmData:\t%8lu kB\nVmStk:\t%8lu kB\nVmExe:\t%8lu kB\n",
			   u.data_vm * PAGE_KB, u.stack_vm * PAGE_KB, u.exec_vm * PAGE_KB);
	}
	seq_printf(s, "Threads:\t%d\n", pi.nr_threads);
	seq_puts(s, "SigPnd:\t0000000000000000\nShdPnd:\t0000000000000000\n"
		    "SigBlk:\t0000000000000000\nSigIgn:\t0000000000000000\n"
		    "SigCgt:\t0000000000000000\n");
	return 0;
}

static int show_comm(struct seq *s, const struct proc_node *n)
{
	struct pinfo pi;
	int err = pinfo_get(n->pid, &pi);

	if (!err)
		seq_printf(s, "%s\n", pi.comm);
	return err;
}

/* One line of maps; @name may be NULL. */
static void maps_line(struct seq *s, const struct vma *v, const char *name)
{
	uint64_t ino = 0, dev = 0;
	size_t start = s->len;

	if (v->file) {
		ino = v->file->f_inode->i_ino;
		dev = v->file->f_inode->i_sb->s_dev;
	}
	seq_printf(s, "%08lx-%08lx %c%c%c%c %08llx %02x:%02x %llu", (unsigned long)v->start,
		   (unsigned long)v->end, (v->prot & PROT_READ) ? 'r' : '-',
		   (v->prot & PROT_WRITE) ? 'w' : '-', (v->prot & PROT_EXEC) ? 'x' : '-',
		   (v->flags & VM_SHARED) ? 's' : 'p',
		   (unsigned long long)(v->file ? v->pgoff * 4096 : 0), vfs_major((uint32_t)dev),
		   vfs_minor((uint32_t)dev), (unsigned long long)ino);
	if (name) {
		/* Linux pads to column 73 before the name. */
		while (s->len - start < 72 && !s->err)
			seq_putc(s, ' ');
		seq_printf(s, " %s", name);
	}
	seq_putc(s, '\n');
}

static int show_maps(struct seq *s, const struct proc_node *n)
{
	char *path = kmalloc(PATH_MAX, GFP_KERNEL);
	struct rb_node *rb;
	struct pres r;
	int err = path ? pres_get(n->pid, &r) : -ENOMEM;

	if (err) {
		kfree(path);
		return err;
	}
	if (r.mm) {
		mutex_lock(&r.mm->lock);
		for (rb = rb_first(&r.mm->vmas); rb; rb = rb_next(rb)) {
			const struct vma *v = rb_entry(rb, struct vma, rb);
			const char *name = NULL;

			if (v->file && proc_path_name(&v->file->f_path, path, PATH_MAX) >= 0)
				name = path;
			else if (v->flags & VM_GROWSDOWN)
				name = "[stack]";
			else if (v->start >= r.mm->brk_start &&
				 v->end <= ALIGN_UP(r.mm->brk, 4096) && r.mm->brk > r.mm->brk_start)
				name = "[heap]";
			maps_line(s, v, name);
		}
		mutex_unlock(&r.mm->lock);
	}
	pres_put(&r);
	kfree(path);
	return 0;
}

static int show_mounts(struct seq *s, const struct proc_node *n)
{
	struct pinfo pi;
	int err = pinfo_get(n->pid, &pi);

	return err ? err : proc_show_mounts(s, n);
}

/* ----- links ----- */

#define CMDLINE_MAX (128 * 1024) /* what /proc/<pid>/cmdline shows at most */

/* The argument strings exec left on the stack, NUL after each. */
static int show_cmdline(struct seq *s, const struct proc_node *n)
{
	struct pres r;
	int err = pres_get(n->pid, &r);
	size_t len;
	char *buf;

	if (err)
		return err;
	if (r.mm && r.arg_end > r.arg_start) {
		len = MIN(r.arg_end - r.arg_start, (uint64_t)CMDLINE_MAX);
		buf = kmalloc(len, GFP_KERNEL);
		if (!buf)
			err = -ENOMEM;
		else if (mm_copy_from_user(r.mm, buf, r.arg_start, len) == 0)
			seq_write(s, buf, len);
		kfree(buf);
	}
	pres_put(&r);
	return err;
}

/* Which of a process's places a magic link stands for. */
enum pres_place { PLACE_CWD, PLACE_ROOT, PLACE_EXE };

static int place_path(const struct proc_node *n, enum pres_place which, struct path *out)
{
	const struct path *p;
	struct pres r;
	int err = pres_get(n->pid, &r);

	if (err)
		return err;
	p = which == PLACE_CWD ? &r.cwd : which == PLACE_ROOT ? &r.root : &r.exe;
	err = p->dentry ? 0 : -ENOENT;
	if (!err) {
		*out = *p;
		path_get(out);
	}
	pres_put(&r);
	return err;
}

static int cwd_path(const struct proc_node *n, struct path *out)
{
	return place_path(n, PLACE_CWD, out);
}

static int root_path(const struct proc_node *n, struct path *out)
{
	return place_path(n, PLACE_ROOT, out);
}

static int exe_path(const struct proc_node *n, struct path *out)
{
	return place_path(n, PLACE_EXE, out);
}

static struct file *fd_file(const struct proc_node *n)
{
	struct file *file = NULL;
	struct pres r;

	if (pres_get(n->pid, &r))
		return NULL;
	if (r.files)
		file = fd_get_file(r.files, n->fd);
	pres_put(&r);
	return file;
}

static int fd_path(const struct proc_node *n, struct path *out)
{
	struct file *file = fd_file(n);

	if (!file)
		return -ENOENT;
	*out = file->f_path;
	path_get(out);
	file_put(file);
	return 0;
}

/* fd/N's text: the file's name, or "pipe:[inode]" for an anonymous pipe. */
static int fd_link(const struct proc_node *n, char *buf, size_t size)
{
	struct file *file = fd_file(n);
	char *tmp = kmalloc(PATH_MAX, GFP_KERNEL);
	int len = -ENOENT;

	if (file && tmp) {
		if (file_is_pipe(file) && file->f_inode->i_nlink == 0)
			len = ksnprintf(tmp, PATH_MAX, "pipe:[%llu]",
					(unsigned long long)file->f_inode->i_ino);
		else
			len = proc_path_name(&file->f_path, tmp, PATH_MAX);
	} else if (!tmp) {
		len = -ENOMEM;
	}
	if (len >= 0 && (size_t)len > size)
		len = -ENAMETOOLONG;
	if (len >= 0)
		memcpy(buf, tmp, (size_t)len);
	kfree(tmp);
	if (file)
		file_put(file);
	return len;
}

/* ----- directories ----- */

static bool fd_next(const struct proc_node *dir, int *id)
{
	struct file *file = NULL;
	struct pres r;
	int fd;

	if (pres_get(dir->pid, &r) || !r.files) {
		pres_put(&r);
		return false;
	}
	for (fd = *id; fd < (int)fd_table_size(r.files); fd++) {
		file = fd_get_file(r.files, fd);
		if (file)
			break;
	}
	pres_put(&r);
	if (!file)
		return false;
	file_put(file);
	*id = fd;
	return true;
}

struct next_pid {
	int from, best;
};

static void next_pid_cb(struct process *p, void *arg)
{
	struct next_pid *np = arg;

	if (p->pid >= np->from && (np->best < 0 || p->pid < np->best))
		np->best = p->pid;
}

bool proc_next_pid(const struct proc_node *dir, int *id)
{
	struct next_pid np = {*id, -1};
	unsigned long flags = spin_lock_irqsave(&proc_lock);

	proc_for_each_locked(next_pid_cb, &np);
	spin_unlock_irqrestore(&proc_lock, flags);
	if (np.best < 0)
		return false;
	*id = np.best;
	return true;
}

#define FILE_RO(n, fn)                                                                             \
	{                                                                                          \
		.name = (n), .mode = S_IFREG | 0444, .show = (fn)                                  \
	}
#define MAGIC_LINK(n, fn)                                                                          \
	{                                                                                          \
		.name = (n), .mode = S_IFLNK | 0777, .path = (fn)                                  \
	}

static const struct proc_entry fd_entry = {.name = "", .mode = S_IFLNK | 0700, .link = fd_link,
					  .path = fd_path};

static const struct proc_entry pid_entries[] = {
    FILE_RO("stat", show_stat),
    FILE_RO("statm", show_statm),
    FILE_RO("status", show_status),
    FILE_RO("cmdline", show_cmdline),
    FILE_RO("comm", show_comm),
    FILE_RO("maps", show_maps),
    FILE_RO("mounts", show_mounts),
    MAGIC_LINK("cwd", cwd_path),
    MAGIC_LINK("exe", exe_path),
    MAGIC_LINK("root", root_path),
    {.name = "fd", .mode = S_IFDIR | 0500, .next = fd_next, .dyn_entry = &fd_entry},
    {0},
};

const struct proc_entry proc_pid_entry = {
    .name = "",
    .mode = S_IFDIR | 0555,
    .children = pid_entries,
};
