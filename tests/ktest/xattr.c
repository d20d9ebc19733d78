/*
 * tests/ktest/xattr.c - the VFS's extended attribute and fallocate checks
 * (fs/vfs/xattr.c, fs/vfs/fallocate.c) on tmpfs, and tmpfs's own
 * attributes and fallocate: set/get/list/remove, flags, namespaces and
 * limits, other users, page allocation with the size= limit, punching.
 */
#include "uapi/xattr.h"
#include "lib/ktest.h"
#include "uapi/falloc.h"
#include "vfs_helpers.h"
#include "xattr_helpers.h"

KTEST(xattr, set_get_list_remove)
{
	char buf[64];
	struct vt w;

	KT_ASSERT_EQ(vt_setup(&w, NULL), 0);
	KT_ASSERT_EQ(vt_write_file(&w, "f", "x", 1), 1);
	KT_ASSERT_EQ(xset(&w.ctx, "f", "user.a", "hello", 5, 0), 0);
	KT_ASSERT_EQ(xget(&w.ctx, "f", "user.a", NULL, 0), 5);
	KT_ASSERT_EQ(xget(&w.ctx, "f", "user.a", buf, 4), -ERANGE);
	KT_ASSERT_EQ(xget(&w.ctx, "f", "user.a", buf, sizeof(buf)), 5);
	KT_ASSERT(memcmp(buf, "hello", 5) == 0);
	KT_ASSERT_EQ(xset(&w.ctx, "f", "user.a", "x", 1, XATTR_CREATE), -EEXIST);
	KT_ASSERT_EQ(xset(&w.ctx, "f", "user.b", "x", 1, XATTR_REPLACE), -ENODATA);
	KT_ASSERT_EQ(xset(&w.ctx, "f", "user.a", "bye", 3, XATTR_REPLACE), 0);
	KT_ASSERT_EQ(xset(&w.ctx, "f", "user.e", NULL, 0, 0), 0);
	KT_ASSERT_EQ(xget(&w.ctx, "f", "user.e", buf, sizeof(buf)), 0);
	/* "user.a\0user.e\0", in the order set. */
	KT_ASSERT_EQ(xlist(&w.ctx, "f", NULL, 0), 14);
	KT_ASSERT_EQ(xlist(&w.ctx, "f", buf, 13), -ERANGE);
	KT_ASSERT_EQ(xlist(&w.ctx, "f", buf, sizeof(buf)), 14);
	KT_ASSERT(memcmp(buf, "user.a\0user.e\0", 14) == 0);
	KT_ASSERT_EQ(xremove(&w.ctx, "f", "user.a"), 0);
	KT_ASSERT_EQ(xremove(&w.ctx, "f", "user.a"), -ENODATA);
	KT_ASSERT_EQ(xget(&w.ctx, "f", "user.a", buf, sizeof(buf)), -ENODATA);
	KT_ASSERT_EQ(xset(&w.ctx, "f", "user.c", "x", 1, 4), -EINVAL);
	/* Left set: freed with the inode. */
	KT_ASSERT_EQ(xset(&w.ctx, "f", "trusted.t", "t", 1, 0), 0);
	KT_ASSERT_EQ(vt_teardown(&w), 0);
}

KTEST(xattr, namespaces_and_limits)
{
	static char big[XATTR_SIZE_MAX + 1];
	char name[XATTR_NAME_MAX + 2], buf[64];
	struct cred user;
	struct vt w;

	KT_ASSERT_EQ(vt_setup(&w, NULL), 0);
	KT_ASSERT_EQ(vt_write_file(&w, "f", "x", 1), 1);
	KT_ASSERT_EQ(vfs_mkdirat(&w.ctx, NULL, "sticky", 01777), 0);
	KT_ASSERT_EQ(vfs_symlinkat(&w.ctx, "f", NULL, "l"), 0);
	KT_ASSERT_EQ(xset(&w.ctx, "l", "user.u", "u", 1, 0), -EPERM);
	KT_ASSERT_EQ(xget(&w.ctx, "l", "user.u", buf, sizeof(buf)), -ENODATA);
	KT_ASSERT_EQ(xset(&w.ctx, "l", "trusted.t", "t", 1, 0), 0);
	KT_ASSERT_EQ(xset(&w.ctx, "f", "system.posix_acl_access", "", 0, 0), -EOPNOTSUPP);
	KT_ASSERT_EQ(xset(&w.ctx, "f", "os2.x", "", 0, 0), -EOPNOTSUPP);
	KT_ASSERT_EQ(xset(&w.ctx, "f", "trusted.", "", 0, 0), -EINVAL);
	KT_ASSERT_EQ(xset(&w.ctx, "f", "", "", 0, 0), -ERANGE);
	memset(name, 'n', sizeof(name));
	memcpy(name, "user.", 5);
	name[XATTR_NAME_MAX] = '\0';
	KT_ASSERT_EQ(xset(&w.ctx, "f", name, "v", 1, 0), 0);
	name[XATTR_NAME_MAX] = 'n';
	name[XATTR_NAME_MAX + 1] = '\0';
	KT_ASSERT_EQ(xset(&w.ctx, "f", name, "v", 1, 0), -ERANGE);
	KT_ASSERT_EQ(xset(&w.ctx, "f", "user.big", big, sizeof(big), 0), -E2BIG);
	KT_ASSERT_EQ(xset(&w.ctx, "f", "user.big", big, XATTR_SIZE_MAX, 0), 0);
	KT_ASSERT_EQ(xset(&w.ctx, "f", "trusted.t", "t", 1, 0), 0);
	KT_ASSERT_EQ(xset(&w.ctx, "sticky", "user.s", "s", 1, 0), 0);
	/* Another user: no trusted.*, no writing others' files. */
	w.ctx.cred = vt_user(&user, 1000);
	KT_ASSERT_EQ(xget(&w.ctx, "f", "trusted.t", buf, sizeof(buf)), -ENODATA);
	KT_ASSERT_EQ(xset(&w.ctx, "f", "trusted.t", "x", 1, 0), -EPERM);
	KT_ASSERT_EQ(xset(&w.ctx, "f", "security.s", "x", 1, 0), -EPERM);
	KT_ASSERT_EQ(xset(&w.ctx, "f", "user.x", "x", 1, 0), -EACCES);
	KT_ASSERT_EQ(xget(&w.ctx, "f", "user.big", NULL, 0), XATTR_SIZE_MAX);
	/* The list leaves trusted.t out: the long name and user.big. */
	KT_ASSERT_EQ(xlist(&w.ctx, "f", NULL, 0), XATTR_NAME_MAX + 1 + 9);
	/* A sticky directory writable by all: only its owner writes user.*. */
	KT_ASSERT_EQ(xset(&w.ctx, "sticky", "user.s", "x", 1, 0), -EPERM);
	w.ctx.cred = &w.cred;
	KT_ASSERT_EQ(xlist(&w.ctx, "f", NULL, 0), XATTR_NAME_MAX + 1 + 9 + 10);
	KT_ASSERT_EQ(vt_teardown(&w), 0);
}

static int falloc(struct vt *w, const char *name, int mode, int64_t off, int64_t len)
{
	struct file *f;
	int err = vfs_openat(&w->ctx, NULL, name, O_RDWR | O_CREAT, 0644, &f);

	if (err)
		return err;
	err = vfs_fallocate(f, mode, off, len);
	vfs_close(f);
	return err;
}

KTEST(xattr, tmpfs_fallocate)
{
	struct linux_stat st;
	static char buf[3 * PAGE_SIZE];
	int64_t huge;
	struct vt w;

	KT_ASSERT_EQ(vt_setup(&w, "size=64k"), 0);
	KT_ASSERT_EQ(falloc(&w, "a", 0, 100, 2 * PAGE_SIZE), 0);
	KT_ASSERT_EQ(vt_stat(&w, "a", &st), 0);
	KT_ASSERT_EQ(st.st_size, 100 + 2 * PAGE_SIZE);
	KT_ASSERT_EQ(st.st_blocks, 3 * PAGE_SIZE / 512);
	KT_ASSERT_EQ(falloc(&w, "k", FALLOC_FL_KEEP_SIZE, 0, PAGE_SIZE), 0);
	KT_ASSERT_EQ(vt_stat(&w, "k", &st), 0);
	KT_ASSERT_EQ(st.st_size, 0);
	KT_ASSERT_EQ(st.st_blocks, PAGE_SIZE / 512);
	/* 12 of 16 pages left: asking for 13 allocates nothing. */
	KT_ASSERT_EQ(falloc(&w, "n", 0, 0, 13 * PAGE_SIZE), -ENOSPC);
	KT_ASSERT_EQ(vt_stat(&w, "n", &st), 0);
	KT_ASSERT_EQ(st.st_size, 0);
	KT_ASSERT_EQ(st.st_blocks, 0);
	/* Punching: whole pages go, partial ones are zeroed. */
	memset(buf, 'p', sizeof(buf));
	KT_ASSERT_EQ(vt_write_file(&w, "p", buf, sizeof(buf)), sizeof(buf));
	KT_ASSERT_EQ(falloc(&w, "p", FALLOC_FL_PUNCH_HOLE | FALLOC_FL_KEEP_SIZE, 10, 2 * PAGE_SIZE),
		     0);
	KT_ASSERT_EQ(vt_stat(&w, "p", &st), 0);
	KT_ASSERT_EQ(st.st_size, sizeof(buf));
	KT_ASSERT_EQ(st.st_blocks, 2 * PAGE_SIZE / 512);
	KT_ASSERT_EQ(vt_read_file(&w, "p", buf, sizeof(buf)), sizeof(buf));
	for (size_t i = 0; i < sizeof(buf); i++)
		KT_ASSERT_EQ(buf[i], i < 10 || i >= 10 + 2 * PAGE_SIZE ? 'p' : 0);
	KT_ASSERT_EQ(falloc(&w, "p", FALLOC_FL_ZERO_RANGE, 0, 10), -EOPNOTSUPP);
	/* Huge ranges are answered without walking them. */
	huge = w.mnt->mnt_sb->s_maxbytes;
	KT_ASSERT_EQ(falloc(&w, "h", 0, 0, huge), -ENOSPC);
	KT_ASSERT_EQ(falloc(&w, "p", FALLOC_FL_PUNCH_HOLE | FALLOC_FL_KEEP_SIZE, 0, huge), 0);
	KT_ASSERT_EQ(vt_stat(&w, "p", &st), 0);
	KT_ASSERT_EQ(st.st_blocks, 0);
	KT_ASSERT_EQ(vt_teardown(&w), 0);
}
