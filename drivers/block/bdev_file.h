/*
 * drivers/block/bdev_file.h - block devices as files (/dev/vda): the
 * file operations every S_IFBLK inode opens with.
 */
#ifndef RUX_DRIVERS_BLOCK_BDEV_FILE_H
#define RUX_DRIVERS_BLOCK_BDEV_FILE_H

#include "fs/vfs/vfs.h"

/*
 * Open finds the registered device of inode->i_rdev (-ENXIO when there is
 * none; -EROFS when opening a read-only one for writing). Reads and
 * writes work at any offset and length within the device, lseek allows
 * [0, size], fsync flushes the device's cache, and the ioctls of
 * uapi/blkdev.h report its geometry.
 */
extern const struct file_operations blkdev_fops;

#endif /* RUX_DRIVERS_BLOCK_BDEV_FILE_H */
