/*
 * tests/ktest/vfs_helpers.h - a private world for each VFS test: a fresh
 * tmpfs mounted nowhere, a context rooted at it, and small file helpers.
 *
 *	struct vt w;
 *	KT_ASSERT_EQ(vt_setup(&w, NULL), 0);
 *	... vfs_*(&w.ctx, NULL, "a/b", ...) ...
 *	KT_ASSERT_EQ(vt_teardown(&w), 0);   // -EBUSY if something leaked
 */
#ifndef RUX_TESTS_VFS_HELPERS_H
#define RUX_TESTS_VFS_HELPERS_H

#include "fs/tmpfs/tmpfs.h"
#include "fs/vfs/vfs.h"
#include "lib/string.h"
#include "mm/mm.h"

struct vt {
	struct vfsmount *mnt;
	struct vfs_ctx ctx;
	struct cred cred; /* root unless a test changes it */
};

static inline int vt_setup(struct vt *w, const char *opts)
{
	int err = tmpfs_register();

	if (err)
		return err;
	memset(w, 0, sizeof(*w));
	err = vfs_kern_mount("tmpfs", 0, "test", opts, &w->mnt);
	if (err)
		return err;
	w->ctx.root.mnt = mntget(w->mnt);
	w->ctx.root.dentry = dget(w->mnt->mnt_root);
	w->ctx.cwd = w->ctx.root;
	path_get(&w->ctx.cwd);
	w->ctx.cred = &w->cred;
	w->ctx.umask = 022;
	return 0;
}

static inline int vt_teardown(struct vt *w)
{
	vfs_ctx_put(&w->ctx);
	return vfs_kern_umount(w->mnt);
}

/* Make a user cred (uid = gid = @id) in @c. */
static inline const struct cred *vt_user(struct cred *c, uint32_t id)
{
	memset(c, 0, sizeof(*c));
	c->uid = c->euid = c->suid = c->fsuid = id;
	c->gid = c->egid = c->sgid = c->fsgid = id;
	return c;
}

/* Create (or truncate) @name with @len bytes of @data; bytes written or error. */
static inline long vt_write_file(struct vt *w, const char *name, const void *data, size_t len)
{
	struct file *f;
	int64_t pos = 0;
	long n;
	int err = vfs_openat(&w->ctx, NULL, name, O_WRONLY | O_CREAT | O_TRUNC, 0644, &f);

	if (err)
		return err;
	n = vfs_write(f, data, len, &pos);
	vfs_close(f);
	return n;
}

/* Read up to @len bytes of @name from offset 0; bytes read or error. */
static inline long vt_read_file(struct vt *w, const char *name, void *buf, size_t len)
{
	struct file *f;
	int64_t pos = 0;
	long n;
	int err = vfs_openat(&w->ctx, NULL, name, O_RDONLY, 0, &f);

	if (err)
		return err;
	n = vfs_read(f, buf, len, &pos);
	vfs_close(f);
	return n;
}

static inline int vt_stat(struct vt *w, const char *name, struct linux_stat *st)
{
	return vfs_fstatat(&w->ctx, NULL, name, AT_SYMLINK_NOFOLLOW, st);
}

/* The inode number @name resolves to (following symlinks), or an error. */
static inline long long vt_ino(struct vt *w, const char *name)
{
	struct linux_stat st;
	int err = vfs_fstatat(&w->ctx, NULL, name, 0, &st);

	return err ? err : (long long)st.st_ino;
}

static inline unsigned long vt_free_pages(void)
{
	struct mm_stats st;

	mm_stats_get(&st);
	return st.free_pages;
}

#endif /* RUX_TESTS_VFS_HELPERS_H */
