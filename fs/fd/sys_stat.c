/*
 * fs/fd/sys_stat.c - asking about files: newfstatat, fstat, statx,
 * readlinkat, faccessat(2), statfs and fstatfs.
 */
#include "fs/fd/internal.h"
#include "lib/compiler.h"
#include "mm/kmalloc.h"
#include "proc/task.h"
#include "sys/uaccess.h"
#include "uapi/limits.h"

/* access(2) mode bits (F_OK is 0). */
#define R_OK 4
#define W_OK 2
#define X_OK 1

long sys_newfstatat(unsigned long dirfd, unsigned long uname, unsigned long buf,
		    unsigned long flags)
{
	struct linux_stat st;
	struct at_name at;
	int err;

	if (flags & ~(unsigned long)(AT_SYMLINK_NOFOLLOW | AT_EMPTY_PATH | AT_NO_AUTOMOUNT))
		return -EINVAL;
	err = at_get((int)dirfd, uname, &at);
	if (err)
		return err;
	err = vfs_fstatat(current_vfs_ctx(), at.start, at.name, (int)flags, &st);
	at_put(&at);
	if (!err && copy_to_user(buf, &st, sizeof(st)))
		err = -EFAULT;
	return err;
}

long sys_fstat(unsigned long fd, unsigned long buf)
{
	struct file *file = fget((int)fd);
	struct linux_stat st;
	struct kstat ks;
	int err;

	if (!file)
		return -EBADF;
	err = vfs_getattr(&file->f_path, &ks);
	file_put(file);
	if (err)
		return err;
	vfs_kstat_to_stat(&ks, &st);
	return copy_to_user(buf, &st, sizeof(st));
}

long sys_statx(unsigned long dirfd, unsigned long uname, unsigned long flags, unsigned long mask,
	       unsigned long buf)
{
	const unsigned long ok =
	    AT_SYMLINK_NOFOLLOW | AT_EMPTY_PATH | AT_NO_AUTOMOUNT | AT_STATX_SYNC_TYPE;
	struct linux_statx stx;
	struct at_name at = {0};
	int err;

	if ((flags & ~ok) || (flags & AT_STATX_SYNC_TYPE) == AT_STATX_SYNC_TYPE)
		return -EINVAL;
	if ((unsigned int)mask & STATX__RESERVED)
		return -EINVAL;
	if (!uname && (flags & AT_EMPTY_PATH)) {
		/* Linux 6.11: a NULL name with AT_EMPTY_PATH means dirfd itself. */
		at.name = kzalloc(1, GFP_KERNEL);
		err = at.name ? dirfd_get((int)dirfd, at.name, &at.dirf, &at.start) : -ENOMEM;
		if (err)
			putname(at.name);
	} else {
		err = at_get((int)dirfd, uname, &at);
	}
	if (err)
		return err;
	err = vfs_statx(current_vfs_ctx(), at.start, at.name, (int)flags, (unsigned int)mask, &stx);
	at_put(&at);
	if (!err && copy_to_user(buf, &stx, sizeof(stx)))
		err = -EFAULT;
	return err;
}

long sys_readlinkat(unsigned long dirfd, unsigned long uname, unsigned long buf, unsigned long size)
{
	struct at_name at;
	char *kbuf;
	int n;

	if ((long)size <= 0)
		return -EINVAL;
	n = at_get((int)dirfd, uname, &at);
	if (n)
		return n;
	kbuf = kmalloc(PATH_MAX, GFP_KERNEL);
	n = -ENOMEM;
	if (kbuf)
		n = vfs_readlinkat(current_vfs_ctx(), at.start, at.name, kbuf, PATH_MAX);
	at_put(&at);
	/* A link longer than the buffer is cut, as readlink(2) does. */
	if (n > 0 && (unsigned long)n > size)
		n = (int)size;
	if (n > 0 && copy_to_user(buf, kbuf, (size_t)n))
		n = -EFAULT;
	kfree(kbuf);
	return n;
}

/* faccessat2: the check runs with the real ids unless AT_EACCESS. */
static long do_faccessat(int dirfd, unsigned long uname, unsigned int mode, unsigned int flags)
{
	struct vfs_ctx ctx = *current_vfs_ctx();
	struct cred cred = *ctx.cred;
	struct at_name at;
	struct path path;
	int err, mask = 0;

	if (mode & ~(unsigned int)(R_OK | W_OK | X_OK))
		return -EINVAL;
	if (flags & ~(unsigned int)(AT_EACCESS | AT_SYMLINK_NOFOLLOW | AT_EMPTY_PATH))
		return -EINVAL;
	if (!(flags & AT_EACCESS)) {
		cred.fsuid = cred.uid;
		cred.fsgid = cred.gid;
		ctx.cred = &cred;
	}
	err = at_get(dirfd, uname, &at);
	if (err)
		return err;
	err = vfs_lookup(&ctx, at.start, at.name, (int)(flags & ~AT_EACCESS), &path);
	at_put(&at);
	if (err)
		return err;
	if (mode & R_OK)
		mask |= MAY_READ;
	if (mode & W_OK)
		mask |= MAY_WRITE;
	if (mode & X_OK)
		mask |= MAY_EXEC;
	if (mask)
		err = inode_permission(ctx.cred, path.dentry->d_inode, mask);
	path_put(&path);
	return err;
}

long sys_faccessat(unsigned long dirfd, unsigned long name, unsigned long mode)
{
	return do_faccessat((int)dirfd, name, (unsigned int)mode, 0);
}

long sys_faccessat2(unsigned long dirfd, unsigned long name, unsigned long mode,
		    unsigned long flags)
{
	return do_faccessat((int)dirfd, name, (unsigned int)mode, (unsigned int)flags);
}

long sys_statfs(unsigned long uname, unsigned long buf)
{
	struct linux_statfs st;
	struct path path;
	char *name;
	int err;

	err = getname(uname, &name);
	if (err)
		return err;
	err = vfs_lookup(current_vfs_ctx(), NULL, name, 0, &path);
	putname(name);
	if (err)
		return err;
	err = vfs_statfs(&path, &st);
	path_put(&path);
	if (!err && copy_to_user(buf, &st, sizeof(st)))
		err = -EFAULT;
	return err;
}

long sys_fstatfs(unsigned long fd, unsigned long buf)
{
	struct file *file = fget((int)fd);
	struct linux_statfs st;
	int err;

	if (!file)
		return -EBADF;
	err = vfs_statfs(&file->f_path, &st);
	file_put(file);
	if (!err && copy_to_user(buf, &st, sizeof(st)))
		err = -EFAULT;
	return err;
}
