/*
 * fs/fd/sys_namei.c - calls that change names and attributes: mkdirat,
 * mknodat, unlinkat, renameat2, linkat, symlinkat, the chmod and chown
 * families, utimensat, truncate and ftruncate.
 *
 * Each copies its names in, resolves its dirfds and hands over to the VFS,
 * which does every check of its own (permissions, types, flags it knows).
 * The calls on an open file (fchmod, fchown, futimens) reuse the *at()
 * forms with the file's path, an empty name and AT_EMPTY_PATH.
 */
#include "fs/fd/internal.h"
#include "proc/task.h"
#include "sys/uaccess.h"
#include "uapi/time.h"

long sys_mkdirat(unsigned long dirfd, unsigned long uname, unsigned long mode)
{
	struct at_name at;
	int err = at_get((int)dirfd, uname, &at);

	if (err)
		return err;
	err = vfs_mkdirat(current_vfs_ctx(), at.start, at.name, (uint32_t)mode & 07777);
	at_put(&at);
	return err;
}

long sys_mknodat(unsigned long dirfd, unsigned long uname, unsigned long mode, unsigned long dev)
{
	struct at_name at;
	int err = at_get((int)dirfd, uname, &at);

	if (err)
		return err;
	err = vfs_mknodat(current_vfs_ctx(), at.start, at.name, (uint32_t)mode, (uint32_t)dev);
	at_put(&at);
	return err;
}

long sys_unlinkat(unsigned long dirfd, unsigned long uname, unsigned long flags)
{
	struct at_name at;
	int err;

	if (flags & ~(unsigned long)AT_REMOVEDIR)
		return -EINVAL;
	err = at_get((int)dirfd, uname, &at);
	if (err)
		return err;
	err = vfs_unlinkat(current_vfs_ctx(), at.start, at.name, (int)flags);
	at_put(&at);
	return err;
}

long sys_renameat2(unsigned long olddirfd, unsigned long oldname, unsigned long newdirfd,
		   unsigned long newname, unsigned long flags)
{
	struct at_name from, to;
	int err;

	if (flags & ~(unsigned long)(RENAME_NOREPLACE | RENAME_EXCHANGE))
		return -EINVAL;
	if ((flags & RENAME_NOREPLACE) && (flags & RENAME_EXCHANGE))
		return -EINVAL;
	err = at_get((int)olddirfd, oldname, &from);
	if (err)
		return err;
	err = at_get((int)newdirfd, newname, &to);
	if (!err) {
		err = vfs_renameat2(current_vfs_ctx(), from.start, from.name, to.start, to.name,
				    (unsigned int)flags);
		at_put(&to);
	}
	at_put(&from);
	return err;
}

long sys_linkat(unsigned long olddirfd, unsigned long oldname, unsigned long newdirfd,
		unsigned long newname, unsigned long flags)
{
	struct at_name from, to;
	int err;

	if (flags & ~(unsigned long)(AT_SYMLINK_FOLLOW | AT_EMPTY_PATH))
		return -EINVAL;
	err = at_get((int)olddirfd, oldname, &from);
	if (err)
		return err;
	err = at_get((int)newdirfd, newname, &to);
	if (!err) {
		err = vfs_linkat(current_vfs_ctx(), from.start, from.name, to.start, to.name,
				 (int)flags);
		at_put(&to);
	}
	at_put(&from);
	return err;
}

long sys_symlinkat(unsigned long target, unsigned long newdirfd, unsigned long linkname)
{
	struct at_name at;
	char *text;
	int err;

	err = getname(target, &text);
	if (err)
		return err;
	err = text[0] ? at_get((int)newdirfd, linkname, &at) : -ENOENT;
	if (!err) {
		err = vfs_symlinkat(current_vfs_ctx(), text, at.start, at.name);
		at_put(&at);
	}
	putname(text);
	return err;
}

/* ----- attributes ----- */

/* The open file @fd, not an O_PATH one, with a reference. */
static struct file *fget_nopath(int fd, int *err)
{
	struct file *file = fget(fd);

	*err = -EBADF;
	if (file && (file->f_mode & FMODE_PATH)) {
		file_put(file);
		file = NULL;
	}
	return file;
}

long sys_fchmod(unsigned long fd, unsigned long mode)
{
	struct file *file;
	int err;

	file = fget_nopath((int)fd, &err);
	if (!file)
		return err;
	err = vfs_fchmodat(current_vfs_ctx(), &file->f_path, "", (uint32_t)mode, AT_EMPTY_PATH);
	file_put(file);
	return err;
}

long sys_fchmodat(unsigned long dirfd, unsigned long uname, unsigned long mode)
{
	struct at_name at;
	int err = at_get((int)dirfd, uname, &at);

	if (err)
		return err;
	err = vfs_fchmodat(current_vfs_ctx(), at.start, at.name, (uint32_t)mode, 0);
	at_put(&at);
	return err;
}

long sys_fchown(unsigned long fd, unsigned long uid, unsigned long gid)
{
	struct file *file;
	int err;

	file = fget_nopath((int)fd, &err);
	if (!file)
		return err;
	err = vfs_fchownat(current_vfs_ctx(), &file->f_path, "", (uint32_t)uid, (uint32_t)gid,
			   AT_EMPTY_PATH);
	file_put(file);
	return err;
}

long sys_fchownat(unsigned long dirfd, unsigned long uname, unsigned long uid, unsigned long gid,
		  unsigned long flags)
{
	struct at_name at;
	int err;

	if (flags & ~(unsigned long)(AT_SYMLINK_NOFOLLOW | AT_EMPTY_PATH))
		return -EINVAL;
	err = at_get((int)dirfd, uname, &at);
	if (err)
		return err;
	err = vfs_fchownat(current_vfs_ctx(), at.start, at.name, (uint32_t)uid, (uint32_t)gid,
			   (int)flags);
	at_put(&at);
	return err;
}

/* utimensat(fd, NULL, times, 0) is futimens(fd, times). */
static int utimens_fd(int fd, const struct vfs_timespec *times, unsigned long flags)
{
	struct file *file;
	int err;

	if (flags & AT_SYMLINK_NOFOLLOW)
		return -EINVAL;
	if (fd == AT_FDCWD)
		return -EFAULT;
	file = fget(fd);
	if (!file)
		return -EBADF;
	err = vfs_utimensat(current_vfs_ctx(), &file->f_path, "", times, AT_EMPTY_PATH);
	file_put(file);
	return err;
}

long sys_utimensat(unsigned long dirfd, unsigned long uname, unsigned long utimes,
		   unsigned long flags)
{
	struct vfs_timespec times[2], *tp = NULL;
	struct linux_timespec ut[2];
	struct at_name at;
	int err;

	if (flags & ~(unsigned long)(AT_SYMLINK_NOFOLLOW | AT_EMPTY_PATH))
		return -EINVAL;
	if (utimes) {
		if (copy_from_user(ut, utimes, sizeof(ut)))
			return -EFAULT;
		for (int i = 0; i < 2; i++) {
			times[i].tv_sec = ut[i].tv_sec;
			times[i].tv_nsec = ut[i].tv_nsec;
		}
		tp = times;
	}
	if (!uname)
		return utimens_fd((int)dirfd, tp, flags);
	err = at_get((int)dirfd, uname, &at);
	if (err)
		return err;
	err = vfs_utimensat(current_vfs_ctx(), at.start, at.name, tp, (int)flags);
	at_put(&at);
	return err;
}

long sys_truncate(unsigned long uname, unsigned long length)
{
	struct path path;
	char *name;
	int err;

	if ((long)length < 0)
		return -EINVAL;
	err = getname(uname, &name);
	if (err)
		return err;
	err = vfs_lookup(current_vfs_ctx(), NULL, name, 0, &path);
	putname(name);
	if (err)
		return err;
	err = vfs_truncate(current_vfs_ctx(), &path, (int64_t)length);
	path_put(&path);
	return err;
}

long sys_ftruncate(unsigned long fd, unsigned long length)
{
	struct file *file;
	int err;

	if ((long)length < 0)
		return -EINVAL;
	file = fget_nopath((int)fd, &err);
	if (!file)
		return err;
	err = inode_is_reg(file->f_inode) ? vfs_ftruncate(file, (int64_t)length) : -EINVAL;
	file_put(file);
	return err;
}
