/* fs/devfs/internal.h - what the files of fs/devfs share. */
#ifndef RUX_FS_DEVFS_INTERNAL_H
#define RUX_FS_DEVFS_INTERNAL_H

#include "fs/devfs/devfs.h"

struct chrdev {
	uint32_t rdev;
	uint32_t mode; /* permission bits of its devfs node */
	const struct file_operations *fops;
	char name[16];
};

/* The @i-th registered device, or NULL past the end (never changes once set). */
const struct chrdev *chrdev_at(unsigned int i);

#endif /* RUX_FS_DEVFS_INTERNAL_H */
