/* fs/sysfs/internal.h - what the files of fs/sysfs share. */
#ifndef RUX_FS_SYSFS_INTERNAL_H
#define RUX_FS_SYSFS_INTERNAL_H

#include "fs/vfs/vfs.h"

/* /sys/block (block.c): one directory per registered block device. */
extern const struct inode_operations sysfs_block_iops;
extern const struct file_operations sysfs_block_fops;

#endif /* RUX_FS_SYSFS_INTERNAL_H */
