/*
 * fs/fd/fd.c - the glue between the calling process and the file system
 * calls: its fd table and limit, path names copied from user memory, and
 * dirfd resolution for the *at() calls.
 */
#include "fs/fd/internal.h"
#include "lib/compiler.h"
#include "mm/kmalloc.h"
#include "proc/task.h"
#include "sys/uaccess.h"
#include "uapi/limits.h"
#include "uapi/resource.h"

unsigned int fd_current_limit(void)
{
	struct process *p = current_process();
	uint64_t lim;

	if (!p)
		return FD_LIMIT_DEFAULT;
	lim = READ_ONCE(p->rlim[RLIMIT_NOFILE].rlim_cur);
	return (unsigned int)MIN(lim, (uint64_t)FD_TABLE_MAX);
}

struct file *fget(int fd)
{
	struct fd_table *t = current_files();

	return t ? fd_get_file(t, fd) : NULL;
}

int getname(unsigned long uaddr, char **out)
{
	char *buf = kmalloc(PATH_MAX, GFP_KERNEL);
	long n;

	if (!buf)
		return -ENOMEM;
	n = strncpy_from_user(buf, uaddr, PATH_MAX);
	if (n < 0) {
		kfree(buf);
		return (int)n;
	}
	*out = buf;
	return 0;
}

void putname(char *name)
{
	kfree(name);
}

int dirfd_get(int dirfd, const char *name, struct file **dirf, const struct path **start)
{
	*dirf = NULL;
	*start = NULL;
	if (name[0] == '/' || dirfd == AT_FDCWD)
		return 0;
	*dirf = fget(dirfd);
	if (!*dirf)
		return -EBADF;
	*start = &(*dirf)->f_path;
	return 0;
}

void dirfd_put(struct file *dirf)
{
	if (dirf)
		file_put(dirf);
}

int at_get(int dirfd, unsigned long uname, struct at_name *at)
{
	int err = getname(uname, &at->name);

	if (err)
		return err;
	err = dirfd_get(dirfd, at->name, &at->dirf, &at->start);
	if (err)
		putname(at->name);
	return err;
}

void at_put(struct at_name *at)
{
	dirfd_put(at->dirf);
	putname(at->name);
}
