/*
 * tests/ktest/devfs.c - the devfs directory and the memory devices:
 * /dev/null, /dev/zero, /dev/full, /dev/urandom.
 */
#include "fs/devfs/devfs.h"
#include "lib/ktest.h"
#include "lib/string.h"

struct dt {
	struct vfsmount *mnt;
	struct vfs_ctx ctx;
	struct cred cred;
};

static int dt_setup(struct dt *w)
{
	int err = devfs_init();

	if (err)
		return err;
	memset(w, 0, sizeof(*w));
	err = vfs_kern_mount("devtmpfs", 0, "dev", NULL, &w->mnt);
	if (err)
		return err;
	w->ctx.root.mnt = mntget(w->mnt);
	w->ctx.root.dentry = dget(w->mnt->mnt_root);
	w->ctx.cwd = w->ctx.root;
	path_get(&w->ctx.cwd);
	w->ctx.cred = &w->cred;
	return 0;
}

static int dt_teardown(struct dt *w)
{
	vfs_ctx_put(&w->ctx);
	return vfs_kern_umount(w->mnt);
}

static long dev_rw(struct dt *w, const char *name, bool write, void *buf, size_t len)
{
	struct file *f;
	long n;
	int err = vfs_openat(&w->ctx, NULL, name, write ? O_WRONLY : O_RDONLY, 0, &f);

	if (err)
		return err;
	n = write ? vfs_write(f, buf, len, &f->f_pos) : vfs_read(f, buf, len, &f->f_pos);
	vfs_close(f);
	return n;
}

KTEST(devfs, null_reads_eof_and_swallows_writes)
{
	char buf[16] = "abc";
	struct dt w;

	KT_ASSERT_EQ(dt_setup(&w), 0);
	KT_ASSERT_EQ(dev_rw(&w, "null", false, buf, sizeof(buf)), 0);
	KT_ASSERT_EQ(dev_rw(&w, "null", true, buf, sizeof(buf)), sizeof(buf));
	KT_ASSERT_EQ(dt_teardown(&w), 0);
}

KTEST(devfs, zero_and_full)
{
	char buf[64];
	struct dt w;

	KT_ASSERT_EQ(dt_setup(&w), 0);
	memset(buf, 'x', sizeof(buf));
	KT_ASSERT_EQ(dev_rw(&w, "zero", false, buf, sizeof(buf)), sizeof(buf));
	for (size_t i = 0; i < sizeof(buf); i++)
		KT_ASSERT_EQ(buf[i], 0);
	KT_ASSERT_EQ(dev_rw(&w, "zero", true, buf, 5), 5);
	memset(buf, 'x', sizeof(buf));
	KT_ASSERT_EQ(dev_rw(&w, "full", false, buf, 8), 8);
	KT_ASSERT_EQ(buf[7], 0);
	KT_ASSERT_EQ(dev_rw(&w, "full", true, buf, 8), -ENOSPC);
	KT_ASSERT_EQ(dt_teardown(&w), 0);
}

KTEST(devfs, urandom_fills_the_buffer)
{
	unsigned char a[32] = {0}, b[32] = {0};
	struct dt w;

	KT_ASSERT_EQ(dt_setup(&w), 0);
	KT_ASSERT_EQ(dev_rw(&w, "urandom", false, a, sizeof(a)), sizeof(a));
	KT_ASSERT_EQ(dev_rw(&w, "urandom", false, b, sizeof(b)), sizeof(b));
	KT_ASSERT(memcmp(a, b, sizeof(a)) != 0);
	KT_ASSERT_EQ(dt_teardown(&w), 0);
}

KTEST(devfs, nodes_links_and_types)
{
	struct linux_stat st;
	char link[32];
	struct dt w;

	KT_ASSERT_EQ(dt_setup(&w), 0);
	KT_ASSERT_EQ(vfs_fstatat(&w.ctx, NULL, "null", 0, &st), 0);
	KT_ASSERT_EQ(st.st_mode, S_IFCHR | 0666);
	KT_ASSERT_EQ(st.st_rdev, vfs_mkdev(1, 3));
	KT_ASSERT_EQ(vfs_fstatat(&w.ctx, NULL, "pts", 0, &st), 0);
	KT_ASSERT(S_ISDIR(st.st_mode));
	KT_ASSERT_EQ(vfs_readlinkat(&w.ctx, NULL, "stdout", link, sizeof(link)), 15);
	KT_ASSERT(memcmp(link, "/proc/self/fd/1", 15) == 0);
	KT_ASSERT_EQ(vfs_fstatat(&w.ctx, NULL, "nonexistent", 0, &st), -ENOENT);
	KT_ASSERT(vfs_mkdirat(&w.ctx, NULL, "newdir", 0755) < 0);
	KT_ASSERT_EQ(dt_teardown(&w), 0);
}
