/*
 * fs/devfs/mem.c - the memory devices: /dev/null (reads end, writes
 * vanish), /dev/zero (reads zeros), /dev/full (reads zeros, writes fail
 * with -ENOSPC), /dev/random and /dev/urandom (the kernel's random pool;
 * both never block, as on Linux once the pool is seeded; writes are
 * accepted and ignored). Seeking any of them leaves the position at 0.
 */
#include "fs/devfs/devfs.h"
#include "lib/compiler.h"
#include "proc/internal.h"

#define MEM_MAJOR 1

static int64_t mem_llseek(struct file *file, int64_t offset, int whence)
{
	file->f_pos = 0;
	return 0;
}

static long read_none(struct file *file, struct vfs_iter *to, int64_t *pos)
{
	return 0;
}

static long write_all(struct file *file, struct vfs_iter *from, int64_t *pos)
{
	long n = (long)from->left;

	from->done += from->left;
	from->base += from->left;
	from->left = 0;
	return n;
}

static long read_zero(struct file *file, struct vfs_iter *to, int64_t *pos)
{
	return (long)vfs_iter_zero(to, to->left);
}

static long write_full(struct file *file, struct vfs_iter *from, int64_t *pos)
{
	return from->left ? -ENOSPC : 0;
}

static long read_random(struct file *file, struct vfs_iter *to, int64_t *pos)
{
	char buf[256];

	while (to->left > 0) {
		size_t n = MIN(to->left, sizeof(buf));

		random_bytes(buf, n);
		vfs_iter_copy_to(to, buf, n);
	}
	return (long)to->done;
}

static const struct file_operations null_fops = {
    .read = read_none,
    .write = write_all,
    .llseek = mem_llseek,
};

static const struct file_operations zero_fops = {
    .read = read_zero,
    .write = write_all,
    .llseek = mem_llseek,
};

bool file_maps_anonymous(const struct file *file)
{
	return file->f_op == &zero_fops;
}


static const struct file_operations full_fops = {
    .read = read_zero,
    .write = write_full,
    .llseek = mem_llseek,
};

static const struct file_operations random_fops = {
    .read = read_random,
    .write = write_all,
    .llseek = mem_llseek,
};

int devfs_mem_init(void)
{
	int err = chrdev_register(MEM_MAJOR, 3, "null", 0666, &null_fops);

	if (!err)
		err = chrdev_register(MEM_MAJOR, 5, "zero", 0666, &zero_fops);
	if (!err)
		err = chrdev_register(MEM_MAJOR, 7, "full", 0666, &full_fops);
	if (!err)
		err = chrdev_register(MEM_MAJOR, 8, "random", 0666, &random_fops);
	if (!err)
		err = chrdev_register(MEM_MAJOR, 9, "urandom", 0666, &random_fops);
	return err;
}
