/*
 * drivers/block/bdev_file.c - a block device opened as a file: read,
 * write, lseek, fsync and the BLK* ioctls, with Linux's semantics.
 *
 * No page cache sits in between: data moves with blk_rw() through a
 * bounce buffer of at most BDEV_CHUNK bytes (requests need kmalloc memory,
 * the caller's buffer may be anything). Transfers are cut into logical
 * blocks: a write that covers a block only in part reads it first
 * (read-modify-write). bdev_write_lock serializes all writes to block
 * device files, so two partial writes to one block cannot undo each
 * other. Reads past the end return 0, writes there -ENOSPC, and both are
 * shortened at the end of the device.
 */
#include "drivers/block/bdev_file.h"

#include "drivers/block/blkdev.h"
#include "drivers/block/buffer.h"
#include "lib/compiler.h"
#include "mm/kmalloc.h"
#include "proc/task.h"
#include "sched/mutex.h"
#include "sys/uaccess.h"
#include "uapi/blkdev.h"
#include "uapi/errno.h"
#include "uapi/fcntl.h"

#define BDEV_CHUNK	   (64 * 1024) /* a multiple of every logical block size */
#define BDEV_MAX_BLOCKSIZE 4096	       /* a page: the largest BLKBSZGET answer */

static struct mutex bdev_write_lock = MUTEX_INIT(bdev_write_lock, "bdev_write");

static int bdev_open(struct inode *inode, struct file *file)
{
	struct block_device *bdev = blk_find_dev(inode->i_rdev);

	if (!bdev)
		return -ENXIO;
	if ((file->f_mode & FMODE_WRITE) && bdev->read_only)
		return -EROFS;
	file->private_data = bdev;
	return 0;
}

/* The aligned span [*start, *start + *span) holding @len bytes at @pos,
 * at most BDEV_CHUNK long; returns how many of the bytes it holds. */
static size_t block_span(const struct block_device *bdev, uint64_t pos, size_t len, uint64_t *start,
			 size_t *span)
{
	uint32_t lbs = bdev->logical_block_size;
	size_t skip, n;

	*start = ALIGN_DOWN(pos, (uint64_t)lbs);
	skip = (size_t)(pos - *start);
	n = MIN(len, (size_t)(BDEV_CHUNK - skip));
	n = (size_t)MIN((uint64_t)n, blk_size_bytes(bdev) - pos);
	*span =
	    (size_t)MIN((uint64_t)ALIGN_UP(skip + n, (size_t)lbs), blk_size_bytes(bdev) - *start);
	return n;
}

static long bdev_read(struct file *file, struct vfs_iter *to, int64_t *pos)
{
	struct block_device *bdev = file->private_data;
	uint64_t start;
	size_t span, n;
	char *buf;
	int err = 0;

	if (*pos < 0)
		return -EINVAL;
	if ((uint64_t)*pos >= blk_size_bytes(bdev) || to->left == 0)
		return 0;
	buf = kmalloc(BDEV_CHUNK, GFP_KERNEL);
	if (!buf)
		return -ENOMEM;
	while (to->left > 0 && (uint64_t)*pos < blk_size_bytes(bdev)) {
		n = block_span(bdev, (uint64_t)*pos, to->left, &start, &span);
		err = blk_rw(bdev, BLK_READ, start >> SECTOR_SHIFT, buf, span);
		if (err)
			break;
		vfs_iter_copy_to(to, buf + (*pos - (int64_t)start), n);
		*pos += (int64_t)n;
	}
	kfree(buf);
	return to->done ? (long)to->done : err;
}

/*
 * Read the blocks of [@start, @start + @span) that [@skip, @skip + @n)
 * covers only in part into @buf, so the write of the whole span keeps
 * their other bytes.
 */
static int read_partial_blocks(struct block_device *bdev, char *buf, uint64_t start, size_t span,
			       size_t skip, size_t n)
{
	uint32_t lbs = bdev->logical_block_size;
	size_t tail = ALIGN_DOWN(skip + n, (size_t)lbs);
	int err = 0;

	if (skip % lbs)
		err = blk_rw(bdev, BLK_READ, start >> SECTOR_SHIFT, buf, MIN((size_t)lbs, span));
	if (!err && (skip + n) % lbs && (tail != 0 || skip % lbs == 0))
		err = blk_rw(bdev, BLK_READ, (start + tail) >> SECTOR_SHIFT, buf + tail,
			     MIN((size_t)lbs, span - tail));
	return err;
}

static long bdev_write(struct file *file, struct vfs_iter *from, int64_t *pos)
{
	struct block_device *bdev = file->private_data;
	size_t span, n, skip, written = 0;
	uint64_t start;
	char *buf;
	int err = 0;

	if (*pos < 0)
		return -EINVAL;
	if (from->left == 0)
		return 0;
	if ((uint64_t)*pos >= blk_size_bytes(bdev))
		return -ENOSPC;
	buf = kmalloc(BDEV_CHUNK, GFP_KERNEL);
	if (!buf)
		return -ENOMEM;
	mutex_lock(&bdev_write_lock);
	while (from->left > 0 && (uint64_t)*pos < blk_size_bytes(bdev)) {
		n = block_span(bdev, (uint64_t)*pos, from->left, &start, &span);
		skip = (size_t)((uint64_t)*pos - start);
		err = read_partial_blocks(bdev, buf, start, span, skip, n);
		if (err)
			break;
		vfs_iter_copy_from(from, buf + skip, n);
		err = blk_rw(bdev, BLK_WRITE, start >> SECTOR_SHIFT, buf, span);
		if (err)
			break;
		*pos += (int64_t)n;
		written += n;
	}
	mutex_unlock(&bdev_write_lock);
	kfree(buf);
	return written ? (long)written : err;
}

/* Linux's fixed-size seek: [0, size], SEEK_DATA/SEEK_HOLE see no holes. */
static int64_t bdev_llseek(struct file *file, int64_t offset, int whence)
{
	struct block_device *bdev = file->private_data;
	int64_t size = (int64_t)blk_size_bytes(bdev), base, pos;

	switch (whence) {
	case SEEK_SET:
		base = 0;
		break;
	case SEEK_CUR:
		base = file->f_pos;
		break;
	case SEEK_END:
		base = size;
		break;
	case SEEK_DATA:
	case SEEK_HOLE:
		if (offset < 0 || offset >= size)
			return -ENXIO;
		base = 0;
		offset = whence == SEEK_HOLE ? size : offset;
		break;
	default:
		return -EINVAL;
	}
	if (__builtin_add_overflow(base, offset, &pos) || pos < 0 || pos > size)
		return -EINVAL;
	file->f_pos = pos;
	return pos;
}

static int bdev_fsync(struct file *file)
{
	return blk_flush(file->private_data);
}

/* BLKBSZGET: as Linux sets it for a whole disk, the largest power of two
 * from the logical block size up to a page that divides the size. */
static int soft_block_size(const struct block_device *bdev)
{
	uint32_t size = bdev->logical_block_size;

	while (size < BDEV_MAX_BLOCKSIZE && !(blk_size_bytes(bdev) & size))
		size <<= 1;
	return (int)size;
}

static long put_int(unsigned long arg, int value)
{
	return copy_to_user(arg, &value, sizeof(value));
}

static long bdev_ioctl(struct file *file, unsigned int cmd, unsigned long arg)
{
	struct block_device *bdev = file->private_data;
	uint64_t bytes = blk_size_bytes(bdev);
	unsigned long sectors = (unsigned long)bdev->nr_sectors;

	switch (cmd) {
	case BLKGETSIZE64:
		return copy_to_user(arg, &bytes, sizeof(bytes));
	case BLKGETSIZE:
		return copy_to_user(arg, &sectors, sizeof(sectors));
	case BLKSSZGET:
	case BLKPBSZGET:
		return put_int(arg, (int)bdev->logical_block_size);
	case BLKBSZGET:
		return put_int(arg, soft_block_size(bdev));
	case BLKROGET:
		return put_int(arg, bdev->read_only);
	case BLKFLSBUF:
		if (current_cred()->euid != 0)
			return -EACCES; /* CAP_SYS_ADMIN on Linux */
		buffer_sync_bdev(bdev);
		buffer_invalidate_bdev(bdev);
		return 0;
	default:
		return -ENOTTY;
	}
}

const struct file_operations blkdev_fops = {
    .open = bdev_open,
    .read = bdev_read,
    .write = bdev_write,
    .llseek = bdev_llseek,
    .fsync = bdev_fsync,
    .ioctl = bdev_ioctl,
};
