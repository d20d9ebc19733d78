/*
 * tests/ktest/procfs.c - the proc file system from a kernel thread: the
 * system files and their formats, listing, and what a caller that is no
 * process sees of /proc/self.
 */
#include "fs/procfs/procfs.h"
#include "fs/vfs/vfs.h"
#include "lib/compiler.h"
#include "lib/ktest.h"
#include "lib/printk.h"
#include "lib/string.h"
#include "mm/kmalloc.h"
#include "mm/mm.h"

struct pt {
	struct vfsmount *mnt;
	struct vfs_ctx ctx;
	struct cred cred;
};

static int pt_setup(struct pt *w)
{
	int err = procfs_init();

	if (err)
		return err;
	memset(w, 0, sizeof(*w));
	err = vfs_kern_mount("proc", 0, "proc", NULL, &w->mnt);
	if (err)
		return err;
	w->ctx.root.mnt = mntget(w->mnt);
	w->ctx.root.dentry = dget(w->mnt->mnt_root);
	w->ctx.cwd = w->ctx.root;
	path_get(&w->ctx.cwd);
	w->ctx.cred = &w->cred;
	return 0;
}

static int pt_teardown(struct pt *w)
{
	vfs_ctx_put(&w->ctx);
	return vfs_kern_umount(w->mnt);
}

/* Read all of @name into a new NUL-terminated buffer (kfree it). */
static long pt_read(struct pt *w, const char *name, char **out)
{
	char *buf = kzalloc(8192, GFP_KERNEL);
	struct file *f;
	long n, total = 0;
	int err;

	if (!buf)
		return -ENOMEM;
	err = vfs_openat(&w->ctx, NULL, name, O_RDONLY, 0, &f);
	if (err) {
		kfree(buf);
		return err;
	}
	/* Small reads, so the position logic is exercised. */
	while ((n = vfs_read(f, buf + total, MIN(100, 8191 - total), &f->f_pos)) > 0)
		total += n;
	vfs_close(f);
	*out = buf;
	return n < 0 ? n : total;
}

KTEST(procfs, meminfo_has_the_linux_format)
{
	char *text, line[64];
	struct mm_stats st;
	struct pt w;

	KT_ASSERT_EQ(pt_setup(&w), 0);
	KT_ASSERT(pt_read(&w, "meminfo", &text) > 0);
	mm_stats_get(&st);
	ksnprintf(line, sizeof(line), "MemTotal:       %8lu kB\n", st.total_pages * 4);
	KT_ASSERT(strncmp(text, line, strlen(line)) == 0);
	KT_ASSERT_NOT_NULL(strstr(text, "\nMemFree:  "));
	KT_ASSERT_NOT_NULL(strstr(text, "\nMemAvailable:  "));
	KT_ASSERT_NOT_NULL(strstr(text, "\nCached:  "));
	KT_ASSERT_EQ(text[strlen(text) - 1], '\n');
	kfree(text);
	KT_ASSERT_EQ(pt_teardown(&w), 0);
}

KTEST(procfs, system_files_read)
{
	static const char *const names[] = {"cpuinfo",	   "uptime",	       "loadavg",
					    "stat",	   "version",	       "cmdline",
					    "filesystems", "sys/kernel/ostype"};
	char *text;
	struct pt w;

	KT_ASSERT_EQ(pt_setup(&w), 0);
	for (size_t i = 0; i < ARRAY_SIZE(names); i++) {
		KT_ASSERT(pt_read(&w, names[i], &text) > 0);
		kfree(text);
	}
	KT_ASSERT(pt_read(&w, "cpuinfo", &text) > 0);
	KT_ASSERT(strncmp(text, "processor\t: 0\nhart\t\t: ", 21) == 0);
	kfree(text);
	KT_ASSERT(pt_read(&w, "sys/kernel/ostype", &text) > 0);
	KT_ASSERT_STR_EQ(text, "Linux\n");
	kfree(text);
	KT_ASSERT(pt_read(&w, "filesystems", &text) > 0);
	KT_ASSERT_NOT_NULL(strstr(text, "nodev\tproc\n"));
	kfree(text);
	KT_ASSERT_EQ(pt_teardown(&w), 0);
}

KTEST(procfs, files_are_read_only_and_typed)
{
	struct linux_stat st;
	struct file *f;
	struct pt w;

	KT_ASSERT_EQ(pt_setup(&w), 0);
	KT_ASSERT_EQ(vfs_fstatat(&w.ctx, NULL, "meminfo", 0, &st), 0);
	KT_ASSERT_EQ(st.st_mode, S_IFREG | 0444);
	KT_ASSERT_EQ(st.st_nlink, 1);
	KT_ASSERT_EQ(vfs_fstatat(&w.ctx, NULL, "sys/kernel", 0, &st), 0);
	KT_ASSERT(S_ISDIR(st.st_mode));
	KT_ASSERT_EQ(vfs_fstatat(&w.ctx, NULL, "self", AT_SYMLINK_NOFOLLOW, &st), 0);
	KT_ASSERT(S_ISLNK(st.st_mode));
	/* Root may open for writing by permission, but the files refuse. */
	KT_ASSERT_EQ(vfs_openat(&w.ctx, NULL, "meminfo", O_WRONLY, 0, &f), -EACCES);
	KT_ASSERT(vfs_mkdirat(&w.ctx, NULL, "x", 0755) < 0);
	KT_ASSERT_EQ(vfs_fstatat(&w.ctx, NULL, "nosuch", 0, &st), -ENOENT);
	KT_ASSERT_EQ(vfs_fstatat(&w.ctx, NULL, "0", 0, &st), -ENOENT);
	KT_ASSERT_EQ(vfs_fstatat(&w.ctx, NULL, "0123", 0, &st), -ENOENT);
	KT_ASSERT_EQ(pt_teardown(&w), 0);
}

KTEST(procfs, self_is_no_process_in_a_kernel_thread)
{
	char buf[16];
	struct pt w;

	KT_ASSERT_EQ(pt_setup(&w), 0);
	KT_ASSERT_EQ(vfs_readlinkat(&w.ctx, NULL, "self", buf, sizeof(buf)), -ENOENT);
	KT_ASSERT_EQ(vfs_readlinkat(&w.ctx, NULL, "mounts", buf, sizeof(buf)), 11);
	KT_ASSERT(memcmp(buf, "self/mounts", 11) == 0);
	KT_ASSERT_EQ(pt_teardown(&w), 0);
}

struct names {
	struct dir_context ctx;
	bool self, meminfo, sys;
	int count;
};

static bool collect(struct dir_context *ctx, const char *name, size_t len, int64_t next,
		    uint64_t ino, unsigned int type)
{
	struct names *n = container_of(ctx, struct names, ctx);

	n->self |= len == 4 && memcmp(name, "self", 4) == 0 && type == DT_LNK;
	n->meminfo |= len == 7 && memcmp(name, "meminfo", 7) == 0 && type == DT_REG;
	n->sys |= len == 3 && memcmp(name, "sys", 3) == 0 && type == DT_DIR;
	n->count++;
	ctx->pos = next;
	return true;
}

KTEST(procfs, root_lists_its_entries)
{
	struct names n = {.ctx.actor = collect};
	struct file *f;
	struct pt w;

	KT_ASSERT_EQ(pt_setup(&w), 0);
	KT_ASSERT_EQ(vfs_openat(&w.ctx, NULL, ".", O_RDONLY | O_DIRECTORY, 0, &f), 0);
	KT_ASSERT_EQ(f->f_op->iterate(f, &n.ctx), 0);
	KT_ASSERT(n.self && n.meminfo && n.sys);
	KT_ASSERT(n.count >= 12);
	/* Listing again from the end gives nothing more. */
	n.count = 0;
	KT_ASSERT_EQ(f->f_op->iterate(f, &n.ctx), 0);
	KT_ASSERT_EQ(n.count, 0);
	vfs_close(f);
	KT_ASSERT_EQ(pt_teardown(&w), 0);
}
