/*
 * fs/fd/sys_open.c - calls that make, copy and close descriptors or work on
 * one open file as a whole: openat, close, close_range, dup, dup3, fcntl,
 * ioctl, pipe2 and getdents64.
 */
#include "fs/fd/internal.h"
#include "ipc/pipe.h"
#include "lib/compiler.h"
#include "mm/kmalloc.h"
#include "proc/task.h"
#include "sys/uaccess.h"
#include "uapi/termios.h"

#define CLOSE_RANGE_UNSHARE (1u << 1)
#define CLOSE_RANGE_CLOEXEC (1u << 2)

/* The flags F_GETFL reports: the O_ flags an open file keeps. */
#define FL_KEPT                                                                                    \
	(O_ACCMODE | O_APPEND | O_NONBLOCK | O_DSYNC | FASYNC | O_DIRECT | O_NOATIME | __O_SYNC |  \
	 O_PATH | O_DIRECTORY | O_NOFOLLOW)
/* The flags F_SETFL may change. */
#define FL_SETTABLE (O_APPEND | O_NONBLOCK)

long sys_openat(unsigned long dirfd, unsigned long uname, unsigned long flags, unsigned long mode)
{
	struct fd_table *t = current_files();
	struct at_name at;
	struct file *file;
	int err, fd;

	if (flags & __O_TMPFILE)
		return -EOPNOTSUPP;
	err = at_get((int)dirfd, uname, &at);
	if (err)
		return err;
	err = vfs_openat(current_vfs_ctx(), at.start, at.name, (int)flags, (uint32_t)mode & 07777,
			 &file);
	at_put(&at);
	if (err)
		return err;
	fd = fd_install(t, file, (unsigned int)flags);
	if (fd < 0)
		file_put(file);
	return fd;
}

long sys_close(unsigned long fd)
{
	return fd_close(current_files(), (int)fd);
}

long sys_close_range(unsigned long first, unsigned long last, unsigned long flags)
{
	if (flags & ~(unsigned long)(CLOSE_RANGE_UNSHARE | CLOSE_RANGE_CLOEXEC))
		return -EINVAL;
	if ((unsigned int)first > (unsigned int)last)
		return -EINVAL;
	fd_close_range(current_files(), (unsigned int)first, (unsigned int)last,
		       flags & CLOSE_RANGE_CLOEXEC);
	return 0;
}

long sys_dup(unsigned long fd)
{
	struct file *file = fget((int)fd);
	int ret;

	if (!file)
		return -EBADF;
	ret = fd_install(current_files(), file, 0);
	if (ret < 0)
		file_put(file);
	return ret;
}

long sys_dup3(unsigned long oldfd, unsigned long newfd, unsigned long flags)
{
	struct file *file;
	int ret;

	if (flags & ~(unsigned long)O_CLOEXEC)
		return -EINVAL;
	if ((int)oldfd == (int)newfd)
		return -EINVAL;
	file = fget((int)oldfd);
	if (!file)
		return -EBADF;
	if ((int)newfd < 0) {
		file_put(file);
		return -EBADF;
	}
	ret = fd_replace(current_files(), (unsigned int)newfd, file, (unsigned int)flags,
			 fd_current_limit());
	if (ret) {
		file_put(file);
		return ret;
	}
	return (long)(int)newfd;
}

/* ----- fcntl ----- */

static unsigned int file_getfl(struct file *file)
{
	unsigned int fl = READ_ONCE(file->f_flags) & FL_KEPT;

	return (fl & O_PATH) ? fl : fl | O_LARGEFILE;
}

static void file_setfl(struct file *file, unsigned int set, unsigned int mask)
{
	unsigned int old = READ_ONCE(file->f_flags), new;

	do {
		new = (old & ~mask) | (set & mask);
	} while (!__atomic_compare_exchange_n(&file->f_flags, &old, new, false, __ATOMIC_SEQ_CST,
					      __ATOMIC_SEQ_CST));
}

/* Record locks: there is no lock manager; every lock is granted at once
 * and F_GETLK reports the range free. The request is still checked. */
static long fcntl_lock(struct file *file, unsigned int cmd, unsigned long arg)
{
	struct linux_flock fl;

	if (copy_from_user(&fl, arg, sizeof(fl)))
		return -EFAULT;
	if (fl.l_type != F_RDLCK && fl.l_type != F_WRLCK && fl.l_type != F_UNLCK)
		return -EINVAL;
	if (fl.l_whence != SEEK_SET && fl.l_whence != SEEK_CUR && fl.l_whence != SEEK_END)
		return -EINVAL;
	if (cmd == F_GETLK || cmd == F_OFD_GETLK) {
		fl.l_type = F_UNLCK;
		return copy_to_user(arg, &fl, sizeof(fl));
	}
	if (fl.l_type == F_RDLCK && !(file->f_mode & FMODE_READ))
		return -EBADF;
	if (fl.l_type == F_WRLCK && !(file->f_mode & FMODE_WRITE))
		return -EBADF;
	return 0;
}

static long fcntl_pipe_size(struct file *file, unsigned int cmd, unsigned long arg)
{
	if (!file_is_pipe(file))
		return -EBADF;
	if (cmd == F_SETPIPE_SZ && arg > PIPE_SIZE)
		return -EINVAL;
	return PIPE_SIZE;
}

long sys_fcntl(unsigned long fd, unsigned long cmd, unsigned long arg)
{
	struct fd_table *t = current_files();
	struct file *file = fget((int)fd);
	long ret;

	if (!file)
		return -EBADF;
	switch ((unsigned int)cmd) {
	case F_DUPFD:
	case F_DUPFD_CLOEXEC:
		ret = fd_alloc(t, file_get(file), (unsigned int)MIN(arg, (unsigned long)UINT32_MAX),
			       cmd == F_DUPFD_CLOEXEC ? O_CLOEXEC : 0, fd_current_limit());
		if (ret < 0)
			file_put(file);
		break;
	case F_GETFD:
		ret = fd_get_cloexec(t, (int)fd);
		break;
	case F_SETFD:
		ret = fd_set_cloexec(t, (int)fd, arg & FD_CLOEXEC);
		break;
	case F_GETFL:
		ret = file_getfl(file);
		break;
	case F_SETFL:
		file_setfl(file, (unsigned int)arg, FL_SETTABLE);
		ret = 0;
		break;
	case F_GETLK:
	case F_SETLK:
	case F_SETLKW:
	case F_OFD_GETLK:
	case F_OFD_SETLK:
	case F_OFD_SETLKW:
		ret =
		    (file->f_mode & FMODE_PATH) ? -EBADF : fcntl_lock(file, (unsigned int)cmd, arg);
		break;
	case F_GETOWN:
		ret = 0;
		break;
	case F_GETPIPE_SZ:
	case F_SETPIPE_SZ:
		ret = fcntl_pipe_size(file, (unsigned int)cmd, arg);
		break;
	default:
		ret = -EINVAL;
		break;
	}
	file_put(file);
	return ret;
}

/* ----- ioctl ----- */

/* FIONREAD of a regular file: the bytes after the position. */
static long reg_fionread(struct file *file, unsigned long arg)
{
	int64_t left;
	int n;

	mutex_lock(&file->f_inode->i_lock);
	left = file->f_inode->i_size - READ_ONCE(file->f_pos);
	mutex_unlock(&file->f_inode->i_lock);
	n = (int)MAX(MIN(left, (int64_t)INT32_MAX), (int64_t)0);
	return copy_to_user(arg, &n, sizeof(n));
}

long sys_ioctl(unsigned long fd, unsigned long cmd, unsigned long arg)
{
	struct file *file = fget((int)fd);
	long ret;
	int on;

	if (!file)
		return -EBADF;
	ret = -EBADF;
	if (file->f_mode & FMODE_PATH)
		goto out;
	switch ((unsigned int)cmd) {
	case FIOCLEX:
	case FIONCLEX:
		ret = fd_set_cloexec(current_files(), (int)fd, cmd == FIOCLEX);
		break;
	case FIONBIO:
		ret = copy_from_user(&on, arg, sizeof(on));
		if (!ret)
			file_setfl(file, on ? O_NONBLOCK : 0, O_NONBLOCK);
		break;
	case FIOASYNC:
		ret = copy_from_user(&on, arg, sizeof(on));
		if (!ret && on)
			ret = -EINVAL; /* no SIGIO delivery */
		break;
	default:
		if (file->f_op->ioctl)
			ret = file->f_op->ioctl(file, (unsigned int)cmd, arg);
		else if (inode_is_reg(file->f_inode) && cmd == FIONREAD)
			ret = reg_fionread(file, arg);
		else
			ret = -ENOTTY;
		break;
	}
out:
	file_put(file);
	return ret;
}

/* ----- pipe2 ----- */

long sys_pipe2(unsigned long ufds, unsigned long flags)
{
	struct fd_table *t = current_files();
	struct file *files[2];
	int fds[2];
	int err;

	if (flags & ~(unsigned long)(O_CLOEXEC | O_NONBLOCK))
		return -EINVAL;
	err = pipe_create((unsigned int)flags, files);
	if (err)
		return err;
	fds[0] = fd_install(t, files[0], (unsigned int)flags);
	if (fds[0] < 0) {
		file_put(files[0]);
		file_put(files[1]);
		return fds[0];
	}
	fds[1] = fd_install(t, files[1], (unsigned int)flags);
	if (fds[1] < 0) {
		fd_close(t, fds[0]);
		file_put(files[1]);
		return fds[1];
	}
	if (copy_to_user(ufds, fds, sizeof(fds))) {
		fd_close(t, fds[0]);
		fd_close(t, fds[1]);
		return -EFAULT;
	}
	return 0;
}

/* ----- getdents64 ----- */

long sys_getdents64(unsigned long fd, unsigned long dirp, unsigned long count)
{
	struct file *file = fget((int)fd);
	size_t len = MIN(count, (unsigned long)FD_BOUNCE_MAX);
	long ret;
	void *buf;

	if (!file)
		return -EBADF;
	buf = kmalloc(len ? len : 1, GFP_KERNEL);
	ret = -ENOMEM;
	if (buf) {
		ret = vfs_getdents64(file, buf, len);
		if (ret > 0 && copy_to_user(dirp, buf, (size_t)ret))
			ret = -EFAULT;
		kfree(buf);
	}
	file_put(file);
	return ret;
}
