/*
 * fs/fd/sys_xattr.c - the extended attribute calls: setxattr, getxattr,
 * listxattr and removexattr, each by path (following a final symlink), by
 * path without following it (l*), and on an open file (f*, not O_PATH).
 *
 * As in Linux, the attribute name (1..255 bytes, else ERANGE) and a value
 * to set (64 KiB at most, else E2BIG) are copied in before the file is
 * looked up; values and lists are copied out after the VFS (fs/vfs/xattr.c)
 * has done its checks. Buffers larger than 64 KiB are used as 64 KiB.
 */
#include "fs/fd/internal.h"
#include "lib/string.h"
#include "mm/kmalloc.h"
#include "proc/task.h"
#include "sys/uaccess.h"
#include "uapi/limits.h"
#include "uapi/xattr.h"

/* The file an xattr call is about: a looked-up path or an open file. */
struct xattr_target {
	struct path path;
	struct file *file; /* f* calls: the reference holding path */
};

static int target_get_path(unsigned long upath, bool follow, struct xattr_target *t)
{
	char *name;
	int err = getname(upath, &name);

	if (err)
		return err;
	t->file = NULL;
	err = vfs_lookup(current_vfs_ctx(), NULL, name, follow ? 0 : AT_SYMLINK_NOFOLLOW, &t->path);
	putname(name);
	return err;
}

static int target_get_fd(unsigned long fd, struct xattr_target *t)
{
	t->file = fget((int)fd);
	if (!t->file)
		return -EBADF;
	if (t->file->f_mode & FMODE_PATH) {
		file_put(t->file);
		return -EBADF;
	}
	t->path = t->file->f_path;
	return 0;
}

static void target_put(struct xattr_target *t)
{
	if (t->file)
		file_put(t->file);
	else
		path_put(&t->path);
}

/* Copy an attribute name in: -ERANGE when empty or longer than 255 bytes. */
static int get_xattr_name(unsigned long uname, char name[XATTR_NAME_MAX + 1])
{
	long len = strncpy_from_user(name, uname, XATTR_NAME_MAX + 1);

	if (len == 0 || len == -ENAMETOOLONG)
		return -ERANGE;
	return len < 0 ? (int)len : 0;
}

/* ----- set ----- */

struct xattr_value {
	char name[XATTR_NAME_MAX + 1];
	void *value; /* kmalloc'ed, NULL when size is 0 */
	size_t size;
	int flags;
};

static int set_args_get(unsigned long uname, unsigned long uvalue, unsigned long size,
			unsigned long flags, struct xattr_value *v)
{
	int err;

	v->value = NULL;
	if (flags & ~(unsigned long)(XATTR_CREATE | XATTR_REPLACE))
		return -EINVAL;
	err = get_xattr_name(uname, v->name);
	if (err)
		return err;
	if (size > XATTR_SIZE_MAX)
		return -E2BIG;
	v->size = size;
	v->flags = (int)flags;
	if (!size)
		return 0;
	v->value = kmalloc(size, GFP_KERNEL);
	if (!v->value)
		return -ENOMEM;
	err = copy_from_user(v->value, uvalue, size);
	if (err) {
		kfree(v->value);
		v->value = NULL;
	}
	return err;
}

static long do_setxattr(struct xattr_target *t, struct xattr_value *v)
{
	long err = vfs_setxattr(current_vfs_ctx(), &t->path, v->name, v->value, v->size, v->flags);

	target_put(t);
	return err;
}

static long path_setxattr(unsigned long upath, unsigned long uname, unsigned long uvalue,
			  unsigned long size, unsigned long flags, bool follow)
{
	struct xattr_value v;
	struct xattr_target t;
	long err = set_args_get(uname, uvalue, size, flags, &v);

	if (!err)
		err = target_get_path(upath, follow, &t);
	if (!err)
		err = do_setxattr(&t, &v);
	kfree(v.value);
	return err;
}

long sys_setxattr(unsigned long path, unsigned long name, unsigned long value, unsigned long size,
		  unsigned long flags)
{
	return path_setxattr(path, name, value, size, flags, true);
}

long sys_lsetxattr(unsigned long path, unsigned long name, unsigned long value, unsigned long size,
		   unsigned long flags)
{
	return path_setxattr(path, name, value, size, flags, false);
}

long sys_fsetxattr(unsigned long fd, unsigned long name, unsigned long value, unsigned long size,
		   unsigned long flags)
{
	struct xattr_value v;
	struct xattr_target t;
	long err = set_args_get(name, value, size, flags, &v);

	if (!err)
		err = target_get_fd(fd, &t);
	if (!err)
		err = do_setxattr(&t, &v);
	kfree(v.value);
	return err;
}

/* ----- get and list ----- */

/* A kernel buffer for @size bytes of a result (64 KiB at most); NULL buffer for size 0. */
static int result_buf(unsigned long *size, void **buf)
{
	*buf = NULL;
	if (*size == 0)
		return 0;
	if (*size > XATTR_SIZE_MAX)
		*size = XATTR_SIZE_MAX;
	*buf = kmalloc(*size, GFP_KERNEL);
	return *buf ? 0 : -ENOMEM;
}

/* Copy a positive result of @ret bytes out to @ubuf (when a buffer was given). */
static long result_put(long ret, void *buf, unsigned long ubuf)
{
	if (ret > 0 && buf && copy_to_user(ubuf, buf, (size_t)ret))
		ret = -EFAULT;
	kfree(buf);
	return ret;
}

static long do_getxattr(struct xattr_target *t, const char *name, unsigned long uvalue,
			unsigned long size)
{
	void *buf;
	long ret = result_buf(&size, &buf);

	if (!ret)
		ret = vfs_getxattr(current_vfs_ctx(), &t->path, name, buf, size);
	target_put(t);
	return result_put(ret, buf, uvalue);
}

static long path_getxattr(unsigned long upath, unsigned long uname, unsigned long uvalue,
			  unsigned long size, bool follow)
{
	char name[XATTR_NAME_MAX + 1];
	struct xattr_target t;
	long err = get_xattr_name(uname, name);

	if (!err)
		err = target_get_path(upath, follow, &t);
	return err ? err : do_getxattr(&t, name, uvalue, size);
}

long sys_getxattr(unsigned long path, unsigned long name, unsigned long value, unsigned long size)
{
	return path_getxattr(path, name, value, size, true);
}

long sys_lgetxattr(unsigned long path, unsigned long name, unsigned long value, unsigned long size)
{
	return path_getxattr(path, name, value, size, false);
}

long sys_fgetxattr(unsigned long fd, unsigned long uname, unsigned long value, unsigned long size)
{
	char name[XATTR_NAME_MAX + 1];
	struct xattr_target t;
	long err = get_xattr_name(uname, name);

	if (!err)
		err = target_get_fd(fd, &t);
	return err ? err : do_getxattr(&t, name, value, size);
}

static long do_listxattr(struct xattr_target *t, unsigned long ulist, unsigned long size)
{
	void *buf;
	long ret = result_buf(&size, &buf);

	if (!ret)
		ret = vfs_listxattr(current_vfs_ctx(), &t->path, buf, size);
	target_put(t);
	return result_put(ret, buf, ulist);
}

long sys_listxattr(unsigned long path, unsigned long list, unsigned long size)
{
	struct xattr_target t;
	long err = target_get_path(path, true, &t);

	return err ? err : do_listxattr(&t, list, size);
}

long sys_llistxattr(unsigned long path, unsigned long list, unsigned long size)
{
	struct xattr_target t;
	long err = target_get_path(path, false, &t);

	return err ? err : do_listxattr(&t, list, size);
}

long sys_flistxattr(unsigned long fd, unsigned long list, unsigned long size)
{
	struct xattr_target t;
	long err = target_get_fd(fd, &t);

	return err ? err : do_listxattr(&t, list, size);
}

/* ----- remove ----- */

static long do_removexattr(struct xattr_target *t, const char *name)
{
	long err = vfs_removexattr(current_vfs_ctx(), &t->path, name);

	target_put(t);
	return err;
}

static long path_removexattr(unsigned long upath, unsigned long uname, bool follow)
{
	char name[XATTR_NAME_MAX + 1];
	struct xattr_target t;
	long err = get_xattr_name(uname, name);

	if (!err)
		err = target_get_path(upath, follow, &t);
	return err ? err : do_removexattr(&t, name);
}

long sys_removexattr(unsigned long path, unsigned long name)
{
	return path_removexattr(path, name, true);
}

long sys_lremovexattr(unsigned long path, unsigned long name)
{
	return path_removexattr(path, name, false);
}

long sys_fremovexattr(unsigned long fd, unsigned long uname)
{
	char name[XATTR_NAME_MAX + 1];
	struct xattr_target t;
	long err = get_xattr_name(uname, name);

	if (!err)
		err = target_get_fd(fd, &t);
	return err ? err : do_removexattr(&t, name);
}
