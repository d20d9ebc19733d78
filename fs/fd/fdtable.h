/*
 * fs/fd/fdtable.h - file descriptor tables: the small integers a process
 * uses to name its open files.
 *
 * A struct fd_table maps descriptors 0..n-1 to struct file references and
 * keeps one close-on-exec bit per descriptor. Threads of one process share a
 * table (counted with fd_table_get/put); fork gives the child a copy
 * (fd_table_dup); exec closes the marked descriptors
 * (fd_table_close_on_exec). The table grows on demand
 * (FD_TABLE_MAX at most), and new descriptors are always the
 * lowest free number, as POSIX requires, and below the caller's limit
 * (RLIMIT_NOFILE, passed in; fd_install() reads the calling process's).
 *
 * References: a table slot holds one reference on its file. fd_install()
 * takes over the caller's reference; fd_get_file() hands out a new one that
 * the caller gives back with file_put().
 *
 * Locking: t->lock (a spinlock) protects the slots, the bitmaps and the
 * size. Files are never released (file_put) with it held, since a release
 * may sleep; closing takes the file out under the lock and drops it after.
 */
#ifndef RUX_FS_FD_FDTABLE_H
#define RUX_FS_FD_FDTABLE_H

#include <stdbool.h>

#include "lib/refcount.h"
#include "lib/spinlock.h"

struct file;

#define FD_TABLE_INITIAL 64    /* slots in a new table */
#define FD_TABLE_MAX	 65536 /* hard ceiling (Linux's nr_open is larger) */
#define FD_LIMIT_DEFAULT 1024  /* limit outside a process (kernel threads) */

struct fd_table {
	struct refcount count;	/* tasks sharing the table */
	struct spinlock lock;	/* everything below */
	unsigned int size;	/* slots in fds[] and the bitmaps */
	struct file **fds;	/* NULL: free */
	unsigned long *cloexec; /* bit fd: close on exec */
};

/* A new empty table (count 1), or NULL. */
struct fd_table *fd_table_create(void);
/* A copy of @t for fork: same files (new references), same flags; or NULL. */
struct fd_table *fd_table_dup(struct fd_table *t);
/* Share @t once more (CLONE_FILES). */
struct fd_table *fd_table_get(struct fd_table *t);
/* Drop a reference; the last one closes every descriptor and frees @t. */
void fd_table_put(struct fd_table *t);
/* exec: close every descriptor marked close-on-exec. */
void fd_table_close_on_exec(struct fd_table *t);
/* The calling process's RLIMIT_NOFILE soft limit, capped at FD_TABLE_MAX
 * (FD_LIMIT_DEFAULT in a kernel thread). */
unsigned int fd_current_limit(void);

/*
 * Put @file in the lowest free slot >= @min_fd and below @limit, and return
 * that descriptor; O_CLOEXEC in @flags sets its close-on-exec bit. Takes
 * over the caller's reference on success. -EMFILE when no slot is free
 * (-EINVAL if @min_fd itself is not below @limit), -ENOMEM.
 */
int fd_alloc(struct fd_table *t, struct file *file, unsigned int min_fd, unsigned int flags,
	     unsigned int limit);
/* fd_alloc(t, file, 0, flags, fd_current_limit()). */
int fd_install(struct fd_table *t, struct file *file, unsigned int flags);
/*
 * dup2/dup3: make @fd name @file (whose reference is taken over), closing
 * what @fd named before. -EBADF if @fd is not below @limit, -ENOMEM.
 */
int fd_replace(struct fd_table *t, unsigned int fd, struct file *file, unsigned int flags,
	       unsigned int limit);
/* The file @fd names, with a new reference, or NULL (the caller's -EBADF). */
struct file *fd_get_file(struct fd_table *t, int fd);
/* Close @fd: 0, or -EBADF if it was not open. */
int fd_close(struct fd_table *t, int fd);
/* close_range(2): close (or with @cloexec_only mark) every open fd in [lo, hi]. */
void fd_close_range(struct fd_table *t, unsigned int lo, unsigned int hi, bool cloexec_only);
/* FD_CLOEXEC of @fd, or -EBADF. */
int fd_get_cloexec(struct fd_table *t, int fd);
/* Set or clear FD_CLOEXEC of @fd: 0 or -EBADF. */
int fd_set_cloexec(struct fd_table *t, int fd, bool on);
/* Open descriptors (for tests and /proc). */
unsigned int fd_count(struct fd_table *t);
/* The highest descriptor number + 1 that may be open (a bound for loops). */
unsigned int fd_table_size(struct fd_table *t);

#endif /* RUX_FS_FD_FDTABLE_H */
