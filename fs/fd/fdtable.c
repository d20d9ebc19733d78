/*
 * fs/fd/fdtable.c - file descriptor tables (see fdtable.h).
 *
 * The slots are one array of file pointers with a close-on-exec bitmap
 * beside it; both double in size when a descriptor beyond the end is
 * needed (kmalloc never sleeps, so growing happens under t->lock).
 * Lowest-free search is a linear scan: tables are small (64 slots cover
 * almost every process) and the scan is cheap next to an open.
 *
 * Files removed from the table are released only after t->lock is dropped:
 * file_put() may sleep in a release method.
 */
#include "fs/fd/fdtable.h"
#include "fs/vfs/vfs.h"
#include "lib/bitmap.h"
#include "lib/compiler.h"
#include "lib/string.h"
#include "mm/kmalloc.h"
#include "uapi/errno.h"
#include "uapi/fcntl.h"

static struct fd_table *table_alloc(unsigned int size)
{
	struct fd_table *t = kzalloc(sizeof(*t), GFP_KERNEL);

	if (!t)
		return NULL;
	t->fds = kcalloc(size, sizeof(*t->fds), GFP_KERNEL);
	t->cloexec = kcalloc(BITMAP_WORDS(size), sizeof(unsigned long), GFP_KERNEL);
	if (!t->fds || !t->cloexec) {
		kfree(t->fds);
		kfree(t->cloexec);
		kfree(t);
		return NULL;
	}
	refcount_set(&t->count, 1);
	spin_lock_init(&t->lock, "fd_table");
	t->size = size;
	return t;
}

struct fd_table *fd_table_create(void)
{
	return table_alloc(FD_TABLE_INITIAL);
}

/* Make room for descriptor @fd. Caller holds t->lock. 0 or -ENOMEM. */
static int table_grow(struct fd_table *t, unsigned int fd)
{
	unsigned int size = t->size;
	unsigned long *cloexec;
	struct file **fds;

	while (size <= fd)
		size *= 2;
	size = MIN(size, FD_TABLE_MAX);
	fds = kcalloc(size, sizeof(*fds), GFP_KERNEL);
	cloexec = kcalloc(BITMAP_WORDS(size), sizeof(unsigned long), GFP_KERNEL);
	if (!fds || !cloexec) {
		kfree(fds);
		kfree(cloexec);
		return -ENOMEM;
	}
	memcpy(fds, t->fds, t->size * sizeof(*fds));
	memcpy(cloexec, t->cloexec, BITMAP_WORDS(t->size) * sizeof(unsigned long));
	kfree(t->fds);
	kfree(t->cloexec);
	t->fds = fds;
	t->cloexec = cloexec;
	t->size = size;
	return 0;
}

struct fd_table *fd_table_dup(struct fd_table *t)
{
	struct fd_table *n;
	unsigned int size;

	spin_lock(&t->lock);
	size = t->size;
	spin_unlock(&t->lock);
	for (;;) {
		n = table_alloc(size);
		if (!n)
			return NULL;
		spin_lock(&t->lock);
		if (t->size == size)
			break;
		/* Another thread grew the table meanwhile: try again. */
		size = t->size;
		spin_unlock(&t->lock);
		fd_table_put(n);
	}
	for (unsigned int fd = 0; fd < size; fd++) {
		if (t->fds[fd])
			n->fds[fd] = file_get(t->fds[fd]);
	}
	memcpy(n->cloexec, t->cloexec, BITMAP_WORDS(size) * sizeof(unsigned long));
	spin_unlock(&t->lock);
	return n;
}

struct fd_table *fd_table_get(struct fd_table *t)
{
	refcount_get(&t->count);
	return t;
}

void fd_table_put(struct fd_table *t)
{
	if (!refcount_put(&t->count))
		return;
	/* Nobody else can see the table any more: no lock needed. */
	for (unsigned int fd = 0; fd < t->size; fd++) {
		if (t->fds[fd])
			file_put(t->fds[fd]);
	}
	kfree(t->fds);
	kfree(t->cloexec);
	kfree(t);
}

/* Take the file out of slot @fd (open). Caller holds t->lock. */
static struct file *slot_take(struct fd_table *t, unsigned int fd)
{
	struct file *file = t->fds[fd];

	t->fds[fd] = NULL;
	clear_bit(t->cloexec, fd);
	return file;
}

void fd_close_range(struct fd_table *t, unsigned int lo, unsigned int hi, bool cloexec_only)
{
	struct file *file;

	for (unsigned int fd = lo;; fd++) {
		spin_lock(&t->lock);
		if (fd > hi || fd >= t->size) {
			spin_unlock(&t->lock);
			return;
		}
		file = NULL;
		if (t->fds[fd]) {
			if (cloexec_only)
				set_bit(t->cloexec, fd);
			else
				file = slot_take(t, fd);
		}
		spin_unlock(&t->lock);
		if (file)
			file_put(file);
	}
}

void fd_table_close_on_exec(struct fd_table *t)
{
	struct file *file;

	for (unsigned int fd = 0;; fd++) {
		spin_lock(&t->lock);
		if (fd >= t->size) {
			spin_unlock(&t->lock);
			return;
		}
		file = NULL;
		if (t->fds[fd] && test_bit(t->cloexec, fd))
			file = slot_take(t, fd);
		spin_unlock(&t->lock);
		if (file)
			file_put(file);
	}
}

static void slot_set(struct fd_table *t, unsigned int fd, struct file *file, unsigned int flags)
{
	t->fds[fd] = file;
	if (flags & O_CLOEXEC)
		set_bit(t->cloexec, fd);
	else
		clear_bit(t->cloexec, fd);
}

int fd_alloc(struct fd_table *t, struct file *file, unsigned int min_fd, unsigned int flags,
	     unsigned int limit)
{
	unsigned int fd;
	int ret;

	limit = MIN(limit, (unsigned int)FD_TABLE_MAX);
	spin_lock(&t->lock);
	if (min_fd >= limit) {
		ret = -EINVAL;
		goto out_unlock;
	}
	for (fd = min_fd; fd < t->size && t->fds[fd]; fd++)
		;
	if (fd >= limit) {
		ret = -EMFILE;
		goto out_unlock;
	}
	if (fd >= t->size) {
		ret = table_grow(t, fd);
		if (ret)
			goto out_unlock;
	}
	slot_set(t, fd, file, flags);
	ret = (int)fd;
out_unlock:
	spin_unlock(&t->lock);
	return ret;
}

int fd_install(struct fd_table *t, struct file *file, unsigned int flags)
{
	return fd_alloc(t, file, 0, flags, fd_current_limit());
}

int fd_replace(struct fd_table *t, unsigned int fd, struct file *file, unsigned int flags,
	       unsigned int limit)
{
	struct file *old = NULL;
	int ret = 0;

	limit = MIN(limit, (unsigned int)FD_TABLE_MAX);
	spin_lock(&t->lock);
	if (fd >= limit) {
		ret = -EBADF;
		goto out_unlock;
	}
	if (fd >= t->size) {
		ret = table_grow(t, fd);
		if (ret)
			goto out_unlock;
	}
	old = t->fds[fd];
	slot_set(t, fd, file, flags);
out_unlock:
	spin_unlock(&t->lock);
	if (old)
		file_put(old);
	return ret;
}

struct file *fd_get_file(struct fd_table *t, int fd)
{
	struct file *file = NULL;

	if (fd < 0)
		return NULL;
	spin_lock(&t->lock);
	if ((unsigned int)fd < t->size && t->fds[fd])
		file = file_get(t->fds[fd]);
	spin_unlock(&t->lock);
	return file;
}

int fd_close(struct fd_table *t, int fd)
{
	struct file *file = NULL;

	if (fd < 0)
		return -EBADF;
	spin_lock(&t->lock);
	if ((unsigned int)fd < t->size)
		file = slot_take(t, (unsigned int)fd);
	spin_unlock(&t->lock);
	if (!file)
		return -EBADF;
	file_put(file);
	return 0;
}

int fd_get_cloexec(struct fd_table *t, int fd)
{
	int ret = -EBADF;

	if (fd < 0)
		return -EBADF;
	spin_lock(&t->lock);
	if ((unsigned int)fd < t->size && t->fds[fd])
		ret = test_bit(t->cloexec, (unsigned int)fd) ? FD_CLOEXEC : 0;
	spin_unlock(&t->lock);
	return ret;
}

int fd_set_cloexec(struct fd_table *t, int fd, bool on)
{
	int ret = -EBADF;

	if (fd < 0)
		return -EBADF;
	spin_lock(&t->lock);
	if ((unsigned int)fd < t->size && t->fds[fd]) {
		if (on)
			set_bit(t->cloexec, (unsigned int)fd);
		else
			clear_bit(t->cloexec, (unsigned int)fd);
		ret = 0;
	}
	spin_unlock(&t->lock);
	return ret;
}

unsigned int fd_count(struct fd_table *t)
{
	unsigned int n = 0;

	spin_lock(&t->lock);
	for (unsigned int fd = 0; fd < t->size; fd++)
		n += t->fds[fd] != NULL;
	spin_unlock(&t->lock);
	return n;
}

unsigned int fd_table_size(struct fd_table *t)
{
	unsigned int size;

	spin_lock(&t->lock);
	size = t->size;
	spin_unlock(&t->lock);
	return size;
}
