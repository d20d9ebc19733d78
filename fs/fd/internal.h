/*
 * fs/fd/internal.h - what the system-call files of fs/fd share: finding
 * the caller's files, copying path names in, resolving dirfds.
 */
#ifndef RUX_FS_FD_INTERNAL_H
#define RUX_FS_FD_INTERNAL_H

#include "fs/fd/fdtable.h"
#include "fs/fd/syscalls.h"
#include "fs/vfs/vfs.h"
#include "uapi/errno.h"
#include "uapi/fcntl.h"

/* The calling process's file @fd with a reference (file_put it), or NULL. */
struct file *fget(int fd);

/*
 * Copy the user path at @uaddr into a new PATH_MAX buffer (*@out; give it
 * back with putname). -EFAULT, -ENAMETOOLONG, -ENOMEM; an empty name is
 * returned as is (the VFS decides whether it is allowed).
 */
int getname(unsigned long uaddr, char **out);
void putname(char *name);

/*
 * Where a *at() call starts for @name: AT_FDCWD or an absolute name give
 * *@start = NULL (the VFS then uses the cwd or root); otherwise @dirfd's
 * path, held through *@dirf until dirfd_put(). -EBADF.
 */
int dirfd_get(int dirfd, const char *name, struct file **dirf, const struct path **start);
void dirfd_put(struct file *dirf);

/*
 * getname + dirfd_get together, for the common *at() case. On success the
 * caller ends with at_put(&at).
 */
struct at_name {
	char *name;
	struct file *dirf;
	const struct path *start;
};

int at_get(int dirfd, unsigned long uname, struct at_name *at);
void at_put(struct at_name *at);

/* Bounce buffers for moving file data through user memory. */
#define FD_BOUNCE_MAX (64 * 1024)

#endif /* RUX_FS_FD_INTERNAL_H */
