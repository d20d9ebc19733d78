/*
 * fuzz/ramdisk.h - a block device over a private copy of some bytes, for
 * the fuzz targets: the input becomes a disk, and whatever the file
 * system writes stays in the copy.
 *
 *	struct ramdisk *rd = ramdisk_create(data, size, 4 << 20);   "fuzzN"
 *	... vfs_kern_mount("ext4", 0, rd->bdev.name, ...) ...
 *	if (ramdisk_destroy(rd)) abort();                   leaked buffers
 */
#ifndef RUX_FUZZ_RAMDISK_H
#define RUX_FUZZ_RAMDISK_H

#include <stddef.h>
#include <stdint.h>

#include "drivers/block/blkdev.h"

struct ramdisk {
	struct block_device bdev; /* registered; its name is the mount source */
	uint8_t *bytes;		  /* host memory, a multiple of SECTOR_SIZE */
};

/*
 * A new registered device of @disk_size bytes (at least @size, rounded up
 * to whole sectors) that starts with a copy of @data and reads as zeros
 * after it. NULL when it would be empty or the host has no memory.
 */
struct ramdisk *ramdisk_create(const uint8_t *data, size_t size, size_t disk_size);
/* Drop the device's cached buffers, unregister and free it. Returns the
 * number of buffers still referenced (a leak; 0 expected). */
unsigned int ramdisk_destroy(struct ramdisk *rd);

#endif /* RUX_FUZZ_RAMDISK_H */
