/*
 * fs/devfs/chrdev.c - the character device table: registering drivers by
 * device number and opening device inodes through them.
 *
 * Locking: chrdev_lock (a spinlock) protects the table. Entries are never
 * removed, so a looked-up file_operations pointer stays valid.
 */
#include "drivers/block/bdev_file.h"
#include "fs/devfs/devfs.h"
#include "fs/devfs/internal.h"
#include "ipc/pipe.h"
#include "lib/string.h"

static struct chrdev chrdevs[DEVFS_MAX_DEVICES];
static unsigned int nr_chrdevs;
static struct spinlock chrdev_lock = SPINLOCK_INIT("chrdev");

int chrdev_register(uint32_t major, uint32_t minor, const char *name, uint32_t mode,
		    const struct file_operations *fops)
{
	uint32_t rdev = vfs_mkdev(major, minor);
	int err = 0;

	spin_lock(&chrdev_lock);
	for (unsigned int i = 0; i < nr_chrdevs; i++) {
		if (chrdevs[i].rdev == rdev)
			err = -EBUSY;
	}
	if (!err && nr_chrdevs == DEVFS_MAX_DEVICES)
		err = -ENOSPC;
	if (!err) {
		chrdevs[nr_chrdevs] = (struct chrdev){rdev, mode & 07777, fops, ""};
		strlcpy(chrdevs[nr_chrdevs].name, name, sizeof(chrdevs[0].name));
		__atomic_store_n(&nr_chrdevs, nr_chrdevs + 1, __ATOMIC_RELEASE);
	}
	spin_unlock(&chrdev_lock);
	return err;
}

const struct chrdev *chrdev_at(unsigned int i)
{
	return i < __atomic_load_n(&nr_chrdevs, __ATOMIC_ACQUIRE) ? &chrdevs[i] : NULL;
}

const struct file_operations *chrdev_lookup(uint32_t rdev)
{
	const struct chrdev *d;

	for (unsigned int i = 0; (d = chrdev_at(i)); i++) {
		if (d->rdev == rdev)
			return d->fops;
	}
	return NULL;
}

static int chrdev_open(struct inode *inode, struct file *file)
{
	const struct file_operations *fops = chrdev_lookup(inode->i_rdev);

	if (!fops)
		return -ENXIO;
	file->f_op = fops;
	return fops->open ? fops->open(inode, file) : 0;
}

const struct file_operations chrdev_fops = {
    .open = chrdev_open,
};

void special_inode_init(struct inode *inode, uint32_t mode, uint32_t rdev)
{
	inode->i_rdev = rdev;
	switch (mode & S_IFMT) {
	case S_IFCHR:
		inode->i_fop = &chrdev_fops;
		break;
	case S_IFBLK:
		inode->i_fop = &blkdev_fops;
		break;
	case S_IFIFO:
		inode->i_fop = &pipe_fifo_fops;
		break;
	default:
		inode->i_fop = NULL;
		break;
	}
}
