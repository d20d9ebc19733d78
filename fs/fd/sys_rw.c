/*
 * fs/fd/sys_rw.c - moving file data: read, write, their vector and
 * positioned forms, lseek and sendfile.
 *
 * Data goes through a kernel bounce buffer (at most FD_BOUNCE_MAX bytes at
 * a time, on the stack for small transfers) between the VFS and user
 * memory. Regular files and block devices are transferred chunk after chunk
 * until done or short; other files (pipes, character devices) return after
 * their first short read so a reader never blocks for data it did not need.
 * A fault in the user buffer ends the transfer: what was moved before
 * counts, else -EFAULT.
 *
 * The file position: read(2)/write(2) on regular files and directories hold
 * f_pos_lock around the transfer (the VFS rule); pipes and devices have no
 * position worth protecting and are not serialized, so one blocked reader
 * does not hold up the others.
 */
#include "fs/fd/internal.h"
#include "lib/compiler.h"
#include "mm/kmalloc.h"
#include "sched/wait.h"
#include "sys/uaccess.h"
#include "uapi/uio.h"

/* Largest transfer, as Linux: INT_MAX rounded down to a page. */
#define RW_MAX 0x7ffff000ul

static bool file_has_pos(struct file *file)
{
	uint32_t type = file->f_inode->i_mode & S_IFMT;

	return type == S_IFREG || type == S_IFDIR || type == S_IFBLK;
}

/*
 * The bounce buffer of one transfer: small ones (a byte to /dev/null, a
 * line to a pipe) use the stack, which keeps kmalloc and kfree off the
 * shortest read and write paths; larger ones a kmalloc'ed chunk.
 */
#define BOUNCE_ON_STACK 256

struct bounce {
	char *buf;
	char small[BOUNCE_ON_STACK];
};

/* Room for @chunk bytes in @b->buf; false when out of memory. */
static bool bounce_get(struct bounce *b, size_t chunk)
{
	b->buf = chunk <= sizeof(b->small) ? b->small : kmalloc(chunk, GFP_KERNEL);
	return b->buf != NULL;
}

static void bounce_put(struct bounce *b)
{
	if (b->buf != b->small)
		kfree(b->buf);
}

/* Read up to @len bytes at *@pos into user memory at @ubuf. */
static long do_read(struct file *file, unsigned long ubuf, size_t len, int64_t *pos)
{
	size_t chunk = MIN(len, (size_t)FD_BOUNCE_MAX), total = 0;
	bool loop = inode_is_reg(file->f_inode) || S_ISBLK(file->f_inode->i_mode);
	struct bounce b;
	long n = 0;
	char none;

	if (len == 0)
		return vfs_read(file, &none, 0, pos);
	if (!bounce_get(&b, chunk))
		return -ENOMEM;
	while (total < len) {
		size_t want = MIN(chunk, len - total);

		n = vfs_read(file, b.buf, want, pos);
		if (n <= 0)
			break;
		if (copy_to_user(ubuf + total, b.buf, (size_t)n)) {
			/* Undelivered bytes of a file stay unread, as on Linux. */
			if (file_has_pos(file))
				*pos -= n;
			n = -EFAULT;
			break;
		}
		total += (size_t)n;
		if ((size_t)n < want || !loop)
			break;
	}
	bounce_put(&b);
	return total ? (long)total : n;
}

/* Write @len bytes from user memory at @ubuf at *@pos. */
static long do_write(struct file *file, unsigned long ubuf, size_t len, int64_t *pos)
{
	size_t chunk = MIN(len, (size_t)FD_BOUNCE_MAX), total = 0;
	struct bounce b;
	long n = 0;
	char none = 0;

	if (len == 0)
		return vfs_write(file, &none, 0, pos);
	if (!bounce_get(&b, chunk))
		return -ENOMEM;
	while (total < len) {
		size_t want = MIN(chunk, len - total);

		if (copy_from_user(b.buf, ubuf + total, want)) {
			n = -EFAULT;
			break;
		}
		n = vfs_write(file, b.buf, want, pos);
		if (n <= 0)
			break;
		total += (size_t)n;
		if ((size_t)n < want)
			break;
	}
	bounce_put(&b);
	return total ? (long)total : n;
}

static void pos_lock(struct file *file)
{
	if (file_has_pos(file))
		mutex_lock(&file->f_pos_lock);
}

static void pos_unlock(struct file *file)
{
	if (file_has_pos(file))
		mutex_unlock(&file->f_pos_lock);
}

static long rw_checks(struct file *file, unsigned int need)
{
	if (!file)
		return -EBADF;
	if (!(file->f_mode & need))
		return -EBADF;
	return 0;
}

long sys_read(unsigned long fd, unsigned long buf, unsigned long count)
{
	struct file *file = fget((int)fd);
	long ret = rw_checks(file, FMODE_READ);

	if (ret)
		goto out;
	count = MIN(count, RW_MAX);
	pos_lock(file);
	ret = do_read(file, buf, count, &file->f_pos);
	pos_unlock(file);
out:
	if (file)
		file_put(file);
	return ret;
}

long sys_write(unsigned long fd, unsigned long buf, unsigned long count)
{
	struct file *file = fget((int)fd);
	long ret = rw_checks(file, FMODE_WRITE);

	if (ret)
		goto out;
	count = MIN(count, RW_MAX);
	pos_lock(file);
	ret = do_write(file, buf, count, &file->f_pos);
	pos_unlock(file);
out:
	if (file)
		file_put(file);
	return ret;
}

/* pread/pwrite need a seekable file and a non-negative position. */
static long pio_checks(struct file *file, int64_t pos)
{
	uint32_t type = file->f_inode->i_mode & S_IFMT;

	if (type == S_IFIFO || type == S_IFSOCK)
		return -ESPIPE;
	if (pos < 0)
		return -EINVAL;
	return 0;
}

long sys_pread64(unsigned long fd, unsigned long buf, unsigned long count, unsigned long pos)
{
	struct file *file = fget((int)fd);
	int64_t p = (int64_t)pos;
	long ret = rw_checks(file, FMODE_READ);

	if (!ret)
		ret = pio_checks(file, p);
	if (!ret)
		ret = do_read(file, buf, MIN(count, RW_MAX), &p);
	if (file)
		file_put(file);
	return ret;
}

long sys_pwrite64(unsigned long fd, unsigned long buf, unsigned long count, unsigned long pos)
{
	struct file *file = fget((int)fd);
	int64_t p = (int64_t)pos;
	long ret = rw_checks(file, FMODE_WRITE);

	if (!ret)
		ret = pio_checks(file, p);
	if (!ret)
		ret = do_write(file, buf, MIN(count, RW_MAX), &p);
	if (file)
		file_put(file);
	return ret;
}

/* ----- vectors ----- */

/* Copy in and check @cnt iovecs; *@out is kmalloc'ed (kfree it). */
static long iov_get(unsigned long uiov, unsigned long cnt, struct linux_iovec **out)
{
	struct linux_iovec *iov;
	uint64_t total = 0;

	if (cnt > UIO_MAXIOV)
		return -EINVAL;
	iov = kmalloc(cnt * sizeof(*iov) + 1, GFP_KERNEL);
	if (!iov)
		return -ENOMEM;
	if (copy_from_user(iov, uiov, cnt * sizeof(*iov))) {
		kfree(iov);
		return -EFAULT;
	}
	for (unsigned long i = 0; i < cnt; i++) {
		if ((int64_t)iov[i].iov_len < 0 || total + iov[i].iov_len > (uint64_t)INT64_MAX) {
			kfree(iov);
			return -EINVAL;
		}
		total += iov[i].iov_len;
	}
	*out = iov;
	return 0;
}

/* Transfer through each iovec in turn; stop at the first short one. */
static long do_vec(struct file *file, unsigned long uiov, unsigned long cnt, int64_t *pos,
		   bool write)
{
	struct linux_iovec *iov;
	size_t total = 0;
	long n = 0;

	n = iov_get(uiov, cnt, &iov);
	if (n)
		return n;
	for (unsigned long i = 0; i < cnt && total < RW_MAX; i++) {
		size_t len = MIN(iov[i].iov_len, RW_MAX - total);

		if (len == 0)
			continue;
		n = write ? do_write(file, iov[i].iov_base, len, pos)
			  : do_read(file, iov[i].iov_base, len, pos);
		if (n <= 0)
			break;
		total += (size_t)n;
		if ((size_t)n < len)
			break;
	}
	kfree(iov);
	return total ? (long)total : n;
}

static long vec_call(unsigned long fd, unsigned long iov, unsigned long cnt, bool write)
{
	struct file *file = fget((int)fd);
	long ret = rw_checks(file, write ? FMODE_WRITE : FMODE_READ);

	if (ret)
		goto out;
	pos_lock(file);
	ret = do_vec(file, iov, cnt, &file->f_pos, write);
	pos_unlock(file);
out:
	if (file)
		file_put(file);
	return ret;
}

long sys_readv(unsigned long fd, unsigned long iov, unsigned long iovcnt)
{
	return vec_call(fd, iov, iovcnt, false);
}

long sys_writev(unsigned long fd, unsigned long iov, unsigned long iovcnt)
{
	return vec_call(fd, iov, iovcnt, true);
}

static long pvec_call(unsigned long fd, unsigned long iov, unsigned long cnt, int64_t pos,
		      bool write)
{
	struct file *file = fget((int)fd);
	long ret = rw_checks(file, write ? FMODE_WRITE : FMODE_READ);

	if (!ret)
		ret = pio_checks(file, pos);
	if (!ret)
		ret = do_vec(file, iov, cnt, &pos, write);
	if (file)
		file_put(file);
	return ret;
}

long sys_preadv(unsigned long fd, unsigned long iov, unsigned long iovcnt, unsigned long pos_l,
		unsigned long pos_h)
{
	return pvec_call(fd, iov, iovcnt, (int64_t)pos_l, false);
}

long sys_pwritev(unsigned long fd, unsigned long iov, unsigned long iovcnt, unsigned long pos_l,
		 unsigned long pos_h)
{
	return pvec_call(fd, iov, iovcnt, (int64_t)pos_l, true);
}

long sys_lseek(unsigned long fd, unsigned long offset, unsigned long whence)
{
	struct file *file = fget((int)fd);
	long ret;

	if (!file)
		return -EBADF;
	ret = (long)vfs_lseek(file, (int64_t)offset, (int)whence);
	file_put(file);
	return ret;
}

/* ----- sendfile ----- */

/* Copy up to @count bytes from @in at *@pos to @out through one buffer. */
static long do_sendfile(struct file *out, struct file *in, int64_t *pos, size_t count)
{
	size_t chunk = MIN(count, (size_t)FD_BOUNCE_MAX), total = 0;
	long n = 0, w;
	char *buf;

	if (count == 0)
		return 0;
	buf = kmalloc(chunk, GFP_KERNEL);
	if (!buf)
		return -ENOMEM;
	while (total < count) {
		/* A long copy stops for a signal (SIGKILL above all) with what
		 * it has moved so far, as Linux's does. */
		if (total && wait_signal_pending())
			break;
		n = vfs_read(in, buf, MIN(chunk, count - total), pos);
		if (n <= 0)
			break;
		w = vfs_write(out, buf, (size_t)n, &out->f_pos);
		if (w < n) {
			/* What was read but not written is not consumed. */
			*pos -= n - (w > 0 ? w : 0);
			if (w > 0)
				total += (size_t)w;
			n = w;
			break;
		}
		total += (size_t)n;
	}
	kfree(buf);
	return total ? (long)total : n;
}

long sys_sendfile(unsigned long out_fd, unsigned long in_fd, unsigned long offset,
		  unsigned long count)
{
	struct file *out = fget((int)out_fd), *in = fget((int)in_fd);
	int64_t pos;
	long ret = -EBADF;

	if (!out || !in || !(out->f_mode & FMODE_WRITE) || !(in->f_mode & FMODE_READ))
		goto out;
	ret = -EINVAL;
	if (!inode_is_reg(in->f_inode) || (out->f_flags & O_APPEND))
		goto out;
	count = MIN(count, RW_MAX);
	if (offset) {
		ret = copy_from_user(&pos, offset, sizeof(pos));
		if (!ret && pos < 0)
			ret = -EINVAL;
		if (!ret)
			ret = do_sendfile(out, in, &pos, count);
		if (ret >= 0 && copy_to_user(offset, &pos, sizeof(pos)))
			ret = -EFAULT;
	} else {
		mutex_lock(&in->f_pos_lock);
		ret = do_sendfile(out, in, &in->f_pos, count);
		mutex_unlock(&in->f_pos_lock);
	}
out:
	if (out)
		file_put(out);
	if (in)
		file_put(in);
	return ret;
}
