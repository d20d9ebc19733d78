/*
 * fs/fd/sys_fs.c - the caller's place in the name space and the name space
 * itself: chdir, fchdir, chroot, getcwd, the sync family, mount, umount2.
 *
 * Locking: a process's cwd and root change only under its exec_lock (see
 * proc/task.h), so threads of one process do not race on them.
 */
#include "fs/fd/internal.h"
#include "lib/string.h"
#include "mm/kmalloc.h"
#include "proc/task.h"
#include "sys/uaccess.h"
#include "uapi/limits.h"
#include "uapi/mount.h"

#define FSTYPE_MAX     64
#define MOUNT_DATA_MAX 4096 /* mount(2) copies at most a page of options */

/* Is @path a directory the caller may search? */
static int may_chdir(const struct vfs_ctx *ctx, const struct path *path)
{
	if (!inode_is_dir(path->dentry->d_inode))
		return -ENOTDIR;
	return inode_permission(ctx->cred, path->dentry->d_inode, MAY_EXEC);
}

/* Make @path (whose reference is taken over) the cwd or the root. */
static void set_fs_path(bool root, const struct path *path)
{
	struct process *proc = current_process();
	struct path old;

	mutex_lock(&proc->exec_lock);
	if (root) {
		old = proc->fs.root;
		proc->fs.root = *path;
	} else {
		old = proc->fs.cwd;
		proc->fs.cwd = *path;
	}
	mutex_unlock(&proc->exec_lock);
	path_put(&old);
}

static long chdir_name(unsigned long uname, bool root)
{
	struct vfs_ctx *ctx = current_vfs_ctx();
	struct path path;
	char *name;
	int err;

	if (root && ctx->cred->euid != 0)
		return -EPERM;
	err = getname(uname, &name);
	if (err)
		return err;
	err = vfs_lookup(ctx, NULL, name, 0, &path);
	putname(name);
	if (err)
		return err;
	err = may_chdir(ctx, &path);
	if (err) {
		path_put(&path);
		return err;
	}
	set_fs_path(root, &path);
	return 0;
}

long sys_chdir(unsigned long name)
{
	return chdir_name(name, false);
}

long sys_chroot(unsigned long name)
{
	return chdir_name(name, true);
}

long sys_fchdir(unsigned long fd)
{
	struct file *file = fget((int)fd);
	int err;

	if (!file)
		return -EBADF;
	err = may_chdir(current_vfs_ctx(), &file->f_path);
	if (!err) {
		path_get(&file->f_path);
		set_fs_path(false, &file->f_path);
	}
	file_put(file);
	return err;
}

/*
 * The cwd's name; -ENOENT once it was removed. A cwd outside the root (after chroot) is named from the
 * real root with "(unreachable)" in front, as Linux does.
 */
static int cwd_name(char *buf, size_t size)
{
	struct vfs_ctx *ctx = current_vfs_ctx();
	static const char prefix[] = "(unreachable)";
	struct vfs_ctx global;
	int n;

	if (d_unlinked(ctx->cwd.dentry))
		return -ENOENT;
	n = vfs_d_path(ctx, &ctx->cwd, buf, size);
	if (n != -ENOENT)
		return n;
	vfs_root_ctx(&global);
	n = vfs_d_path(&global, &ctx->cwd, buf + sizeof(prefix) - 1, size - sizeof(prefix) + 1);
	vfs_ctx_put(&global);
	if (n < 0)
		return n;
	memcpy(buf, prefix, sizeof(prefix) - 1);
	return n + (int)sizeof(prefix) - 1;
}

long sys_getcwd(unsigned long ubuf, unsigned long size)
{
	char *buf = kmalloc(PATH_MAX, GFP_KERNEL);
	int n;

	if (!buf)
		return -ENOMEM;
	n = cwd_name(buf, PATH_MAX);
	if (n >= 0 && (unsigned long)n + 1 > size)
		n = -ERANGE;
	if (n >= 0 && copy_to_user(ubuf, buf, (size_t)n + 1))
		n = -EFAULT;
	kfree(buf);
	return n < 0 ? n : n + 1;
}

/* ----- sync: the file systems write what they hold (tmpfs: nothing) ----- */

long sys_sync(void)
{
	vfs_sync_all();
	return 0;
}

long sys_syncfs(unsigned long fd)
{
	struct file *file = fget((int)fd);
	int err;

	if (!file)
		return -EBADF;
	err = file->f_inode->i_sb ? vfs_sync_fs(file->f_inode->i_sb) : 0;
	file_put(file);
	return err;
}

long sys_fsync(unsigned long fd)
{
	struct file *file = fget((int)fd);
	int err;

	if (!file)
		return -EBADF;
	err = vfs_fsync(file);
	file_put(file);
	return err;
}

long sys_fdatasync(unsigned long fd)
{
	return sys_fsync(fd);
}

/* ----- mount ----- */

/* Mount flags a new mount keeps (the rest are operations or ignored). */
#define MS_KEPT                                                                                    \
	(MS_RDONLY | MS_NOSUID | MS_NODEV | MS_NOEXEC | MS_SYNCHRONOUS | MS_MANDLOCK |             \
	 MS_DIRSYNC | MS_NOSYMFOLLOW | MS_NOATIME | MS_NODIRATIME | MS_RELATIME | MS_STRICTATIME | \
	 MS_LAZYTIME)
#define MS_PROPAGATION (MS_SHARED | MS_PRIVATE | MS_SLAVE | MS_UNBINDABLE)

/* Copy an optional user string of at most @size bytes; NULL if @uaddr is 0. */
static int get_opt_string(unsigned long uaddr, size_t size, char **out)
{
	long n;

	*out = NULL;
	if (!uaddr)
		return 0;
	*out = kmalloc(size, GFP_KERNEL);
	if (!*out)
		return -ENOMEM;
	n = strncpy_from_user(*out, uaddr, size);
	if (n == -ENAMETOOLONG && size == MOUNT_DATA_MAX) {
		(*out)[size - 1] = '\0'; /* options are cut at a page, as Linux does */
		n = 0;
	}
	if (n < 0) {
		kfree(*out);
		*out = NULL;
		return (int)n;
	}
	return 0;
}

/* MS_REMOUNT and propagation changes: the target must exist; no effect. */
static int mount_noop(const char *target)
{
	struct path path;
	int err = vfs_lookup(current_vfs_ctx(), NULL, target, 0, &path);

	if (!err)
		path_put(&path);
	return err;
}

long sys_mount(unsigned long usource, unsigned long utarget, unsigned long ufstype,
	       unsigned long flags, unsigned long udata)
{
	char *source = NULL, *target = NULL, *fstype = NULL, *data = NULL;
	int err;

	if (current_cred()->euid != 0)
		return -EPERM;
	if ((flags & MS_MGC_MSK) == MS_MGC_VAL)
		flags &= ~(unsigned long)MS_MGC_MSK;
	err = getname(utarget, &target);
	if (!err)
		err = get_opt_string(usource, PATH_MAX, &source);
	if (!err)
		err = get_opt_string(ufstype, FSTYPE_MAX, &fstype);
	if (!err && !(flags & (MS_REMOUNT | MS_BIND | MS_MOVE | MS_PROPAGATION)))
		err = get_opt_string(udata, MOUNT_DATA_MAX, &data);
	if (err)
		goto out;
	if (flags & (MS_REMOUNT | MS_PROPAGATION)) {
		err = mount_noop(target);
	} else if (flags & (MS_BIND | MS_MOVE)) {
		err = -EINVAL;
	} else if (!fstype) {
		err = -EFAULT;
	} else {
		err = vfs_mount(current_vfs_ctx(), source ? source : "none", target, fstype,
				flags & MS_KEPT, data);
	}
out:
	kfree(data);
	kfree(fstype);
	kfree(source);
	if (target)
		putname(target);
	return err;
}

long sys_umount2(unsigned long utarget, unsigned long flags)
{
	char *target;
	int err;

	if (flags & ~(unsigned long)(MNT_FORCE | MNT_DETACH | MNT_EXPIRE | UMOUNT_NOFOLLOW))
		return -EINVAL;
	if ((flags & MNT_EXPIRE) && (flags & (MNT_FORCE | MNT_DETACH)))
		return -EINVAL;
	if (current_cred()->euid != 0)
		return -EPERM;
	err = getname(utarget, &target);
	if (err)
		return err;
	err = vfs_umount(current_vfs_ctx(), target, (int)flags);
	putname(target);
	return err;
}
