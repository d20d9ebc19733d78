/*
 * fs/fd/sys_fallocate.c - fallocate(2): the descriptor is resolved here
 * (not O_PATH: -EBADF), every other check is vfs_fallocate()'s.
 */
#include "fs/fd/internal.h"

long sys_fallocate(unsigned long fd, unsigned long mode, unsigned long offset, unsigned long len)
{
	struct file *file = fget((int)fd);
	int err;

	if (!file)
		return -EBADF;
	if (file->f_mode & FMODE_PATH)
		err = -EBADF;
	else
		err = vfs_fallocate(file, (int)mode, (int64_t)offset, (int64_t)len);
	file_put(file);
	return err;
}
