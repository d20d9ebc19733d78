/*
 * tests/unit/ext4_test.h - shared helpers of the host-only ext4 tests:
 * images made with the host's mkfs.ext4, a mount of one through a
 * blkfile (tests/unit/blkfile.h), file helpers on the VFS, and the judges
 * e2fsck and debugfs.
 *
 *	struct e4 t;
 *	assert_int_equal(e4_mkfs("x.img", 4096, "64M", ""), 0);
 *	assert_int_equal(e4_mount(&t, "x.img", 0), 0);
 *	... vfs_*(&t.ctx, NULL, "a/b", ...) ...
 *	assert_int_equal(e4_umount(&t), 0);
 *	assert_int_equal(e4_fsck("x.img"), 0);
 *
 * Static functions only: each test program includes it once.
 */
#ifndef RUX_TESTS_UNIT_EXT4_TEST_H
#define RUX_TESTS_UNIT_EXT4_TEST_H

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "fs/ext4/ext4.h"
#include "fs/vfs/vfs.h"
#include "tests/unit/blkfile.h"

struct e4 {
	struct blkfile *bf;
	struct vfsmount *mnt;
	struct vfs_ctx ctx;
	struct cred cred;
};

/* Run a shell command; its exit status (or -1). */
static __attribute__((unused)) int e4_sh(const char *fmt, ...)
    __attribute__((format(printf, 1, 2)));
static __attribute__((unused)) int e4_sh(const char *fmt, ...)
{
	char cmd[1024];
	va_list ap;
	int st;

	va_start(ap, fmt);
	vsnprintf(cmd, sizeof(cmd), fmt, ap);
	va_end(ap);
	st = system(cmd);
	/* <sys/wait.h> clashes with the kernel's uapi headers: decode by hand. */
	return st == -1 || (st & 0x7f) ? -1 : (st >> 8) & 0xff;
}

/*
 * Work in a private directory (plain and Valgrind runs of a test go in
 * parallel in the same build directory); removed again by e4_workdir_leave.
 */
static char e4_workdir[64];

static __attribute__((unused)) void e4_workdir_enter(const char *name)
{
	snprintf(e4_workdir, sizeof(e4_workdir), "%s.%ld.tmp", name, (long)getpid());
	if (e4_sh("rm -rf %s && mkdir -p %s", e4_workdir, e4_workdir) != 0 ||
	    chdir(e4_workdir) != 0)
		abort();
}

static __attribute__((unused)) void e4_workdir_leave(void)
{
	if (chdir("..") == 0)
		e4_sh("rm -rf %s", e4_workdir);
}

/* A fresh image of @size ("64M") with @bs-byte blocks; @extra mkfs options. */
static __attribute__((unused)) int e4_mkfs(const char *img, unsigned int bs, const char *size,
					   const char *extra)
{
	return e4_sh("rm -f %s && mkfs.ext4 -q -F -b %u %s %s %s >/dev/null 2>&1", img, bs, extra,
		     img, size);
}

/* e2fsck -fn: 0 when clean; the report is printed otherwise. */
static __attribute__((unused)) int e4_fsck(const char *img)
{
	int st = e4_sh("e2fsck -fn %s > %s.fsck 2>&1", img, img);

	if (st != 0)
		e4_sh("cat %s.fsck", img);
	return st;
}

static __attribute__((unused)) int e4_mount(struct e4 *t, const char *img, unsigned long flags)
{
	int err = ext4_register();

	if (err)
		return err;
	memset(t, 0, sizeof(*t));
	t->bf = blkfile_open(img);
	if (!t->bf)
		return -ENODEV;
	err = vfs_kern_mount("ext4", flags, t->bf->bdev.name, NULL, &t->mnt);
	if (err) {
		blkfile_close(t->bf);
		t->bf = NULL;
		return err;
	}
	t->ctx.root.mnt = mntget(t->mnt);
	t->ctx.root.dentry = dget(t->mnt->mnt_root);
	t->ctx.cwd = t->ctx.root;
	path_get(&t->ctx.cwd);
	t->ctx.cred = &t->cred;
	t->ctx.umask = 022;
	return 0;
}

/* Unmount and close; 0, or an error (busy mount, leaked buffers: -EBUSY). */
static __attribute__((unused)) int e4_umount(struct e4 *t)
{
	int err;

	vfs_ctx_put(&t->ctx);
	err = vfs_kern_umount(t->mnt);
	if (err)
		return err;
	return blkfile_close(t->bf) ? -EBUSY : 0;
}

static __attribute__((unused)) long e4_write_at(struct e4 *t, const char *name, int flags,
						const void *buf, size_t len, int64_t pos)
{
	struct file *f;
	long n;
	int err = vfs_openat(&t->ctx, NULL, name, O_WRONLY | O_CREAT | flags, 0644, &f);

	if (err)
		return err;
	n = vfs_write(f, buf, len, &pos);
	vfs_close(f);
	return n;
}

static __attribute__((unused)) long e4_write_file(struct e4 *t, const char *name, const void *buf,
						  size_t len)
{
	return e4_write_at(t, name, O_TRUNC, buf, len, 0);
}

static __attribute__((unused)) long e4_read_at(struct e4 *t, const char *name, void *buf,
					       size_t len, int64_t pos)
{
	struct file *f;
	long n;
	int err = vfs_openat(&t->ctx, NULL, name, O_RDONLY, 0, &f);

	if (err)
		return err;
	n = vfs_read(f, buf, len, &pos);
	vfs_close(f);
	return n;
}

static __attribute__((unused)) int e4_stat(struct e4 *t, const char *name, struct linux_stat *st)
{
	return vfs_fstatat(&t->ctx, NULL, name, AT_SYMLINK_NOFOLLOW, st);
}

/* Deterministic content: byte i of file @seed. */
static __attribute__((unused)) uint8_t e4_byte(unsigned int seed, uint64_t i)
{
	return (uint8_t)((i * 131u + seed * 7u + (i >> 12)) ^ (seed >> 3));
}

static __attribute__((unused)) void e4_fill(void *buf, size_t len, unsigned int seed,
					    uint64_t start)
{
	for (size_t i = 0; i < len; i++)
		((uint8_t *)buf)[i] = e4_byte(seed, start + i);
}

/* debugfs -R "cat @path" into memory; bytes read or -1. The caller frees *@out. */
static __attribute__((unused)) long e4_debugfs_cat(const char *img, const char *path, uint8_t **out)
{
	char tmp[300];
	FILE *f;
	long n;

	snprintf(tmp, sizeof(tmp), "%s.cat", img);
	if (e4_sh("debugfs -R 'cat %s' %s > %s 2>/dev/null", path, img, tmp) != 0)
		return -1;
	f = fopen(tmp, "rb");
	if (!f)
		return -1;
	fseek(f, 0, SEEK_END);
	n = ftell(f);
	fseek(f, 0, SEEK_SET);
	*out = malloc(n > 0 ? (size_t)n : 1);
	if (!*out || fread(*out, 1, (size_t)n, f) != (size_t)n)
		n = -1;
	fclose(f);
	return n;
}

#endif /* RUX_TESTS_UNIT_EXT4_TEST_H */
