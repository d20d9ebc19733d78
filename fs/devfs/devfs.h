/*
 * fs/devfs/devfs.h - character devices and the file system that shows
 * them in /dev.
 *
 * A driver registers its file_operations for a (major, minor) number with
 * chrdev_register(). Any inode with S_IFCHR - in devfs or a node made with
 * mknod on tmpfs - opens through chrdev_fops, which finds the driver by
 * the inode's i_rdev and switches the open file to the driver's
 * operations (-ENXIO when no driver has the number). File systems call
 * special_inode_init() for device and FIFO inodes to get this behaviour.
 *
 * devfs ("devtmpfs", as busybox mounts it) is a read-only directory of
 * every registered character device and block device (blk_register) plus
 * the links fd -> /proc/self/fd and
 * stdin/stdout/stderr -> /proc/self/fd/0..2, and the empty directories
 * pts and shm.
 *
 * Devices registered by devfs_init(): null (1,3), zero (1,5), full (1,7),
 * random (1,8), urandom (1,9), tty (5,0), console (5,1).
 */
#ifndef RUX_FS_DEVFS_H
#define RUX_FS_DEVFS_H

#include <stdbool.h>
#include <stdint.h>

#include "fs/vfs/vfs.h"

#define DEVFS_MAX_DEVICES 64

/*
 * Make (@major, @minor) open with @fops; the device appears in devfs as
 * @name with permissions @mode (07777 bits). -EBUSY if the number is
 * taken, -ENOSPC when the table is full.
 */
int chrdev_register(uint32_t major, uint32_t minor, const char *name, uint32_t mode,
		    const struct file_operations *fops);
/* The operations registered for @rdev (vfs_mkdev encoding), or NULL. */
const struct file_operations *chrdev_lookup(uint32_t rdev);

/* Opens S_IFCHR inodes: dispatches to the driver of inode->i_rdev. */
extern const struct file_operations chrdev_fops;

/*
 * Give a device or FIFO inode the operations it opens with: character
 * devices chrdev_fops, block devices blkdev_fops (drivers/block), FIFOs
 * pipe_fifo_fops; sockets none (opening them fails with -ENXIO).
 */
void special_inode_init(struct inode *inode, uint32_t mode, uint32_t rdev);

/* True for /dev/zero, whose mappings are anonymous memory, as on Linux. */
bool file_maps_anonymous(const struct file *file);

/* Register the built-in devices and the "devtmpfs" file system type (once;
 * later calls return 0). */
int devfs_init(void);

/* Memory devices (mem.c) and the console (console.c), for devfs_init. */
int devfs_mem_init(void);
int devfs_console_init(void);

#endif /* RUX_FS_DEVFS_H */
