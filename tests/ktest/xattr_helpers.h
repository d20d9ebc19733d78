/*
 * tests/ktest/xattr_helpers.h - the extended attribute calls by path name
 * (without following a last symlink, as the l*xattr system calls), for the
 * tests that drive the VFS directly: tests/ktest/xattr.c on tmpfs and
 * tests/unit/test_ext4_xattr.c on ext4.
 */
#ifndef RUX_TESTS_XATTR_HELPERS_H
#define RUX_TESTS_XATTR_HELPERS_H

#include "fs/vfs/vfs.h"
#include "uapi/fcntl.h"

static inline int xset(struct vfs_ctx *ctx, const char *file, const char *name,
		       const void *value, size_t size, int flags)
{
	struct path p;
	int err = vfs_lookup(ctx, NULL, file, AT_SYMLINK_NOFOLLOW, &p);

	if (err)
		return err;
	err = vfs_setxattr(ctx, &p, name, value, size, flags);
	path_put(&p);
	return err;
}

static inline long xget(struct vfs_ctx *ctx, const char *file, const char *name, void *buf,
			size_t size)
{
	struct path p;
	long ret = vfs_lookup(ctx, NULL, file, AT_SYMLINK_NOFOLLOW, &p);

	if (ret)
		return ret;
	ret = vfs_getxattr(ctx, &p, name, buf, size);
	path_put(&p);
	return ret;
}

static inline long xlist(struct vfs_ctx *ctx, const char *file, char *buf, size_t size)
{
	struct path p;
	long ret = vfs_lookup(ctx, NULL, file, AT_SYMLINK_NOFOLLOW, &p);

	if (ret)
		return ret;
	ret = vfs_listxattr(ctx, &p, buf, size);
	path_put(&p);
	return ret;
}

static inline int xremove(struct vfs_ctx *ctx, const char *file, const char *name)
{
	struct path p;
	int err = vfs_lookup(ctx, NULL, file, AT_SYMLINK_NOFOLLOW, &p);

	if (err)
		return err;
	err = vfs_removexattr(ctx, &p, name);
	path_put(&p);
	return err;
}

#endif /* RUX_TESTS_XATTR_HELPERS_H */
