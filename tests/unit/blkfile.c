/*
 * tests/unit/blkfile.c - a host file as a Rux block device (see blkfile.h).
 */
#include "tests/unit/blkfile.h"

#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include "drivers/block/buffer.h"
#include "uapi/errno.h"

#define BLKFILE_MAJOR 240 /* "local/experimental use" on Linux */

static unsigned int blkfile_count;

static int transfer(struct blkfile *bf, struct blk_request *req)
{
	off_t off = (off_t)(req->sector << SECTOR_SHIFT);
	ssize_t done;

	if (req->op == BLK_READ)
		done = pread(bf->fd, req->buf, req->len, off);
	else
		done = pwrite(bf->fd, req->buf, req->len, off);
	return done == (ssize_t)req->len ? 0 : -EIO;
}

static int blkfile_submit(struct block_device *bdev, struct blk_request *req)
{
	struct blkfile *bf = bdev->driver_data;
	int status = 0;

	switch (req->op) {
	case BLK_READ:
		status = transfer(bf, req);
		break;
	case BLK_WRITE:
		if (bf->hook)
			bf->hook(bf->hook_arg, bf->writes, req->sector, req->buf, req->len);
		if (blkfile_write_lands(bf, bf->writes))
			status = transfer(bf, req);
		bf->writes++;
		break;
	case BLK_FLUSH:
		if (bf->fsync && bf->writes <= bf->cut_after && fsync(bf->fd) != 0)
			status = -EIO;
		bf->flushes++;
		break;
	}
	blk_complete(bdev, req, status);
	return 0;
}

static const struct block_device_ops blkfile_ops = {
    .submit = blkfile_submit,
};

struct blkfile *blkfile_open(const char *path)
{
	struct blkfile *bf = calloc(1, sizeof(*bf));
	struct stat st;

	if (!bf)
		return NULL;
	bf->fd = open(path, O_RDWR);
	if (bf->fd < 0 || fstat(bf->fd, &st) != 0 || st.st_size <= 0 ||
	    st.st_size % SECTOR_SIZE != 0) {
		fprintf(stderr, "blkfile: cannot use %s as a block device\n", path);
		goto fail;
	}
	bf->cut_after = BLKFILE_NO_CUT;
	bf->fsync = true;
	snprintf(bf->bdev.name, sizeof(bf->bdev.name), "bf%u", blkfile_count);
	/* vfs_mkdev(BLKFILE_MAJOR, n) (fs/vfs/vfs.h clashes with <fcntl.h>) */
	bf->bdev.dev =
	    (blkfile_count & 0xff) | (BLKFILE_MAJOR << 8) | ((blkfile_count & ~0xffu) << 12);
	blkfile_count++;
	bf->bdev.nr_sectors = (uint64_t)st.st_size >> SECTOR_SHIFT;
	bf->bdev.logical_block_size = SECTOR_SIZE;
	bf->bdev.ops = &blkfile_ops;
	bf->bdev.driver_data = bf;
	if (blk_register(&bf->bdev) != 0) {
		fprintf(stderr, "blkfile: cannot register %s\n", bf->bdev.name);
		goto fail;
	}
	return bf;
fail:
	if (bf->fd >= 0)
		close(bf->fd);
	free(bf);
	return NULL;
}

unsigned int blkfile_close(struct blkfile *bf)
{
	unsigned int busy = buffer_invalidate_bdev(&bf->bdev);

	blk_unregister(&bf->bdev);
	close(bf->fd);
	/* Referenced buffers still point at the device: keep it allocated. */
	if (!busy)
		free(bf);
	return busy;
}

void blkfile_cut_after(struct blkfile *bf, uint64_t nwrites)
{
	bf->cut_after = nwrites;
}

void blkfile_set_write_hook(struct blkfile *bf, blkfile_write_hook hook, void *arg)
{
	bf->hook = hook;
	bf->hook_arg = arg;
}

bool blkfile_write_lands(const struct blkfile *bf, uint64_t index)
{
	return index < bf->cut_after;
}
