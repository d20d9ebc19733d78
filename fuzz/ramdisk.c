/*
 * fuzz/ramdisk.c - a block device over a private copy of some bytes (see
 * ramdisk.h). Requests complete synchronously inside submit.
 */
#include "fuzz/ramdisk.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "drivers/block/buffer.h"
#include "uapi/errno.h"

#define RAMDISK_MAJOR 241 /* "local/experimental use" on Linux; blkfile takes 240 */

static unsigned int ramdisk_count;

static int ramdisk_submit(struct block_device *bdev, struct blk_request *req)
{
	struct ramdisk *rd = bdev->driver_data;
	uint8_t *at = rd->bytes + (req->sector << SECTOR_SHIFT);

	/* The block layer has checked the range against nr_sectors. */
	if (req->op == BLK_READ)
		memcpy(req->buf, at, req->len);
	else if (req->op == BLK_WRITE)
		memcpy(at, req->buf, req->len);
	blk_complete(bdev, req, 0);
	return 0;
}

static const struct block_device_ops ramdisk_ops = {
    .submit = ramdisk_submit,
};

struct ramdisk *ramdisk_create(const uint8_t *data, size_t size, size_t disk_size)
{
	size_t bytes = disk_size > size ? disk_size : size;
	size_t padded = (bytes + SECTOR_SIZE - 1) & ~(size_t)(SECTOR_SIZE - 1);
	struct ramdisk *rd;
	unsigned int n = ramdisk_count++;

	if (!padded)
		return NULL;
	rd = calloc(1, sizeof(*rd));
	if (!rd)
		return NULL;
	rd->bytes = calloc(1, padded);
	if (!rd->bytes) {
		free(rd);
		return NULL;
	}
	memcpy(rd->bytes, data, size);
	snprintf(rd->bdev.name, sizeof(rd->bdev.name), "fuzz%u", n);
	/* vfs_mkdev(RAMDISK_MAJOR, n); fs/vfs/vfs.h is not needed here otherwise. */
	rd->bdev.dev = (n & 0xff) | (RAMDISK_MAJOR << 8) | ((n & ~0xffu) << 12);
	rd->bdev.nr_sectors = padded >> SECTOR_SHIFT;
	rd->bdev.logical_block_size = SECTOR_SIZE;
	rd->bdev.ops = &ramdisk_ops;
	rd->bdev.driver_data = rd;
	if (blk_register(&rd->bdev) != 0) {
		free(rd->bytes);
		free(rd);
		return NULL;
	}
	return rd;
}

unsigned int ramdisk_destroy(struct ramdisk *rd)
{
	unsigned int busy = buffer_invalidate_bdev(&rd->bdev);

	blk_unregister(&rd->bdev);
	/* Referenced buffers still point at the device: keep it allocated. */
	if (!busy) {
		free(rd->bytes);
		free(rd);
	}
	return busy;
}
