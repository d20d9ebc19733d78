/*
 * fs/procfs/internal.h - the pieces of procfs: a table-driven tree of
 * entries (inode.c), text generation (seq.c), the system-wide files
 * (root.c) and the per-process ones (pid.c).
 *
 * Every file, directory and link is a struct proc_entry. A node is an
 * entry plus the process (and descriptor) it is about, so one table of
 * entries serves every /proc/<pid>. A directory has static children, a
 * dynamic set (pids, fds) or both; dynamic children are numbered by their
 * id, and their directory position is PROC_DYN_POS + id so a listing
 * resumes correctly while processes come and go.
 */
#ifndef RUX_FS_PROCFS_INTERNAL_H
#define RUX_FS_PROCFS_INTERNAL_H

#include <stdarg.h>
#include <stdbool.h>

#include "fs/procfs/procfs.h"
#include "fs/vfs/vfs.h"
#include "lib/compiler.h"

/* A growing text buffer (seq.c). */
struct seq {
	char *buf;
	size_t len, size;
	int err; /* -ENOMEM once an append failed */
};

void seq_printf(struct seq *s, const char *fmt, ...) __printf(2, 3);
void seq_puts(struct seq *s, const char *str);
void seq_putc(struct seq *s, char c);
void seq_write(struct seq *s, const void *data, size_t len);

struct proc_node {
	const struct proc_entry *e;
	int pid; /* the process it is about, 0: none */
	int fd;	 /* fd/<n> links */
};

struct proc_entry {
	const char *name;
	uint32_t mode; /* type and permissions */
	/* Regular files: write the content. */
	int (*show)(struct seq *s, const struct proc_node *n);
	/* Symlinks: the target into @buf; its length, or -errno. May be NULL
	 * for a magic link: the text is then the name of its path. */
	int (*link)(const struct proc_node *n, char *buf, size_t size);
	/* Magic links (cwd, exe, fd/N): the place itself, with a reference. */
	int (*path)(const struct proc_node *n, struct path *out);
	/* Directories: static children, ending with a NULL name. */
	const struct proc_entry *children;
	/* Directories: the dynamic children. next() finds the first id >= @id
	 * that exists (false: none); the child for an id is @dyn_entry. */
	bool (*next)(const struct proc_node *dir, int *id);
	const struct proc_entry *dyn_entry;
};

#define PROC_DYN_POS 0x10000 /* directory positions of dynamic children */

/* The root directory entry (root.c) and the per-process ones (pid.c). */
extern const struct proc_entry proc_root_entry;
extern const struct proc_entry proc_pid_entry;
bool proc_next_pid(const struct proc_node *dir, int *id);
int proc_self_link(const struct proc_node *n, char *buf, size_t size);
/* The mount table, one line per mount (root.c; also /proc/<pid>/mounts). */
int proc_show_mounts(struct seq *s, const struct proc_node *n);

/* /proc/partitions and /proc/diskstats (block.c). */
int proc_show_partitions(struct seq *s, const struct proc_node *n);
int proc_show_diskstats(struct seq *s, const struct proc_node *n);

/* The caller's vfs context, or the global root's for kernel threads
 * (vfs_root_ctx'ed into @tmp; release with proc_ctx_put). */
const struct vfs_ctx *proc_reader_ctx(struct vfs_ctx *tmp, bool *tmp_used);
void proc_ctx_put(struct vfs_ctx *tmp, bool tmp_used);
/* @path's name as the reader sees it. */
int proc_path_name(const struct path *path, char *buf, size_t size);

#endif /* RUX_FS_PROCFS_INTERNAL_H */
