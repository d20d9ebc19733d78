/*
 * fs/vfs/vfs.h - the virtual file system: the objects every file system
 * shares and the kernel-level API the system calls will be built on.
 *
 * Objects (each described where it is defined below):
 *	super_block	one mounted instance of a file system
 *	inode		one file (any type), owned by a super_block
 *	dentry		one name in a directory, cached; points at an inode or
 *			is negative (the name does not exist)
 *	vfsmount	where a super_block is attached in the name space
 *	path		a (vfsmount, dentry) pair: a place in the name space
 *	file		an open file: operations, position, flags
 *
 * Operations take a struct vfs_ctx (root, cwd, credentials, umask) instead of
 * looking at a current process, so process code later just supplies one.
 * Buffers are kernel memory, passed as struct vfs_iter; copies to and from
 * user memory will go through the same iterator.
 *
 * Errors are negative errno values (uapi/errno.h). Functions that hand out a
 * reference say so; every reference is given back with the matching put.
 *
 * Locking (this first version is deliberately coarse):
 *  - vfs_ns_lock, a mutex, serializes everything that reads or changes the
 *    name space: path walks, lookups, creating, removing and renaming names,
 *    directory reading, mount and umount. File systems' inode_operations and
 *    iterate are called with it held.
 *  - inode->i_lock (mutex) protects a file's size and data; taken around
 *    read, write and truncate (and by getattr for a stable size).
 *  - dcache_lock (spinlock, inside dcache.c) protects dentry counts, the
 *    hash table and the child lists, so dput() works without vfs_ns_lock.
 *  - Counts of inodes, files and mounts are atomic (lib/refcount.h).
 */
#ifndef RUX_FS_VFS_H
#define RUX_FS_VFS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "fs/vfs/pagecache.h"
#include "lib/list.h"
#include "lib/refcount.h"
#include "lib/spinlock.h"
#include "proc/cred.h"
#include "sched/mutex.h"
#include "uapi/dirent.h"
#include "uapi/errno.h"
#include "uapi/fcntl.h"
#include "uapi/limits.h"
#include "uapi/stat.h"
#include "uapi/statfs.h"

struct dentry;
struct file;
struct inode;
struct page;
struct super_block;
struct vfsmount;

/* Time stamps, as the kernel keeps them. */
struct vfs_timespec {
	int64_t tv_sec;
	int64_t tv_nsec;
};

/* Device numbers in Linux's 32-bit encoding (major 12 bits, minor 20). */
static inline uint32_t vfs_mkdev(uint32_t major, uint32_t minor)
{
	return (minor & 0xff) | ((major & 0xfff) << 8) | ((minor & ~0xffu) << 12);
}

static inline uint32_t vfs_major(uint32_t dev)
{
	return (dev >> 8) & 0xfff;
}

static inline uint32_t vfs_minor(uint32_t dev)
{
	return (dev & 0xff) | ((dev >> 12) & ~0xffu);
}

/* The caller's view: what a process would provide. */
struct path {
	struct vfsmount *mnt;
	struct dentry *dentry;
};

struct vfs_ctx {
	struct path root;	 /* "/" for this caller (chroot) */
	struct path cwd;	 /* where relative names start */
	const struct cred *cred; /* who asks */
	uint32_t umask;		 /* cleared from modes of new files */
};

/*
 * A buffer in kernel memory that read, write and getdents move data through.
 * File systems use the vfs_iter_* helpers only, never base directly, so user
 * buffers can later be added here without changing them.
 */
struct vfs_iter {
	char *base;  /* next byte */
	size_t left; /* bytes left */
	size_t done; /* bytes moved so far */
};

static inline void vfs_iter_init(struct vfs_iter *it, void *buf, size_t len)
{
	it->base = buf;
	it->left = len;
	it->done = 0;
}

/* Move min(@n, left) bytes; return how many moved. */
size_t vfs_iter_copy_to(struct vfs_iter *it, const void *src, size_t n);
size_t vfs_iter_copy_from(struct vfs_iter *it, void *dst, size_t n);
size_t vfs_iter_zero(struct vfs_iter *it, size_t n);

/* ----- inodes ----- */

/* Bits of struct iattr.valid: which fields setattr should change. */
#define ATTR_MODE  (1u << 0)
#define ATTR_UID   (1u << 1)
#define ATTR_GID   (1u << 2)
#define ATTR_SIZE  (1u << 3)
#define ATTR_ATIME (1u << 4)
#define ATTR_MTIME (1u << 5)
#define ATTR_CTIME (1u << 6)

struct iattr {
	unsigned int valid;
	uint32_t mode;
	uint32_t uid, gid;
	int64_t size;
	struct vfs_timespec atime, mtime, ctime;
};

/* What getattr reports; converted to struct linux_stat / linux_statx. */
struct kstat {
	uint64_t ino;
	uint32_t dev;
	uint32_t mode;
	uint32_t nlink;
	uint32_t uid, gid;
	uint32_t rdev;
	int64_t size;
	uint32_t blksize;
	uint64_t blocks; /* 512-byte units */
	struct vfs_timespec atime, mtime, ctime;
};

struct inode_operations {
	/* Find @dentry's name in @dir; d_add() the inode, or leave it
	 * negative when there is none (that is not an error). */
	int (*lookup)(struct inode *dir, struct dentry *dentry);
	/* Make a new object at negative @dentry and d_instantiate() it. */
	int (*create)(struct inode *dir, struct dentry *dentry, uint32_t mode,
		      const struct cred *cred);
	int (*mkdir)(struct inode *dir, struct dentry *dentry, uint32_t mode,
		     const struct cred *cred);
	int (*mknod)(struct inode *dir, struct dentry *dentry, uint32_t mode, uint32_t rdev,
		     const struct cred *cred);
	int (*symlink)(struct inode *dir, struct dentry *dentry, const char *target,
		       const struct cred *cred);
	/* New name @dentry in @dir for the inode of @old. */
	int (*link)(struct dentry *old, struct inode *dir, struct dentry *dentry);
	/* Remove names; the VFS has checked types and permissions, rmdir
	 * returns -ENOTEMPTY itself. */
	int (*unlink)(struct inode *dir, struct dentry *dentry);
	int (*rmdir)(struct inode *dir, struct dentry *dentry);
	/* Move or exchange (RENAME_EXCHANGE) names; a positive @new_dentry is
	 * replaced. -ENOTEMPTY for a non-empty directory target. */
	int (*rename)(struct inode *old_dir, struct dentry *old_dentry, struct inode *new_dir,
		      struct dentry *new_dentry, unsigned int flags);
	/* Copy a symlink's target (not terminated) into @buf; its length, or
	 * -ENAMETOOLONG when it does not fit. */
	int (*readlink)(struct dentry *dentry, char *buf, size_t size);
	/* Magic links (procfs cwd, exe, fd/N): the place the link stands for,
	 * with a reference. Path walks jump there instead of resolving the
	 * readlink text. Called with vfs_ns_lock held. May be NULL. */
	int (*get_path)(struct dentry *dentry, struct path *out);
	/* Apply @attr (already permitted). NULL: vfs_setattr_copy(). */
	int (*setattr)(struct dentry *dentry, const struct iattr *attr);
	/* Fill @st. NULL: vfs_fill_kstat() from the inode. */
	int (*getattr)(struct dentry *dentry, struct kstat *st);
	/*
	 * Extended attributes (fs/vfs/xattr.c has checked the name, the
	 * namespace and the permissions). @name is the full name
	 * ("user.foo"). getxattr: the value's size, copied into @buf when
	 * @size > 0 (-ERANGE if it does not fit), -ENODATA when absent.
	 * setxattr: @flags XATTR_CREATE (-EEXIST) / XATTR_REPLACE (-ENODATA).
	 * listxattr: the NUL-terminated names the caller may see, like
	 * getxattr for @size. removexattr: -ENODATA when absent.
	 * NULL: the file system has no extended attributes (-EOPNOTSUPP).
	 */
	long (*getxattr)(struct dentry *dentry, const char *name, void *buf, size_t size);
	int (*setxattr)(struct dentry *dentry, const char *name, const void *value, size_t size,
			int flags);
	long (*listxattr)(struct dentry *dentry, char *buf, size_t size, const struct cred *cred);
	int (*removexattr)(struct dentry *dentry, const char *name);
};

struct inode {
	uint64_t i_ino;
	uint32_t i_mode; /* S_IF* type and permission bits */
	uint32_t i_uid, i_gid;
	uint32_t i_nlink;  /* names pointing here (changed under vfs_ns_lock) */
	uint32_t i_rdev;   /* device nodes: vfs_mkdev() encoding */
	int64_t i_size;	   /* bytes; under i_lock */
	uint64_t i_blocks; /* 512-byte units in use */
	struct vfs_timespec i_atime, i_mtime, i_ctime;
	const struct inode_operations *i_op;
	const struct file_operations *i_fop;
	struct super_block *i_sb;
	void *i_private;	    /* the file system's */
	struct mutex i_lock;	    /* size and data */
	struct refcount i_count;    /* dentries and others using it */
	struct list_head i_sb_list; /* on i_sb->s_inodes, under s_inode_lock */
	struct address_space i_data; /* cached pages (fs/vfs/pagecache.h) */
};

static inline bool inode_is_dir(const struct inode *inode)
{
	return (inode->i_mode & S_IFMT) == S_IFDIR;
}

static inline bool inode_is_reg(const struct inode *inode)
{
	return (inode->i_mode & S_IFMT) == S_IFREG;
}

static inline bool inode_is_symlink(const struct inode *inode)
{
	return (inode->i_mode & S_IFMT) == S_IFLNK;
}

/*
 * A new inode of @sb (count 1, nlink 1, times now, a fresh lock), from the
 * file system's alloc_inode. NULL when memory is out.
 */
struct inode *new_inode(struct super_block *sb);
/* Take one more reference. */
void ihold(struct inode *inode);
/*
 * Drop a reference. The last one frees an inode with no names left
 * (nlink 0): the file system's evict_inode, then destroy_inode.
 */
void iput(struct inode *inode);
void inc_nlink(struct inode *inode);
void drop_nlink(struct inode *inode);
/* The current wall-clock time, for time stamps. */
struct vfs_timespec vfs_now(void);
/* Fill @st from @inode's fields (the default getattr). */
void vfs_fill_kstat(struct inode *inode, struct kstat *st);
/* Copy @attr into @inode (the default setattr; not ATTR_SIZE). */
void vfs_setattr_copy(struct inode *inode, const struct iattr *attr);

/* ----- dentries ----- */

struct dentry {
	int d_count;		 /* references; under dcache_lock */
	bool d_hashed;		 /* findable by name */
	unsigned int d_mounted;	 /* mounts on top of this dentry (vfs_ns_lock) */
	struct dentry *d_parent; /* holds a reference; the root's is itself */
	struct inode *d_inode;	 /* holds a reference; NULL: negative */
	struct super_block *d_sb;
	struct list_head d_hash;    /* in a dcache hash chain */
	struct list_head d_child;   /* in d_parent->d_subdirs */
	struct list_head d_subdirs; /* cached children */
	struct list_head d_shrink;  /* scratch list while shrinking */
	uint32_t d_name_hash;
	size_t d_name_len;
	char *d_name; /* NUL-terminated; d_iname when short */
	char d_iname[32];
};

/* A root dentry for @inode (takes over the caller's inode reference). */
struct dentry *d_make_root(struct inode *inode);
/* Take one more reference. */
struct dentry *dget(struct dentry *dentry);
/* Drop one; unused negative or unhashed dentries are freed. NULL is ok. */
void dput(struct dentry *dentry);
/* Make negative @dentry point at @inode (takes the caller's reference). */
void d_instantiate(struct dentry *dentry, struct inode *inode);
/* For lookup: the same as d_instantiate; @inode may be NULL (negative). */
void d_add(struct dentry *dentry, struct inode *inode);
/* True when @dentry's name was removed (it is no root and not hashed). */
bool d_unlinked(struct dentry *dentry);
/* Make @dentry unfindable; it is freed when its last reference goes. */
void d_drop(struct dentry *dentry);

/* ----- super blocks and file system types ----- */

struct super_operations {
	/* Allocate an inode (usually embedded in the fs's own struct). */
	struct inode *(*alloc_inode)(struct super_block *sb);
	/* Free what alloc_inode returned. */
	void (*destroy_inode)(struct inode *inode);
	/* Release an inode's data before it is destroyed. May be NULL. */
	void (*evict_inode)(struct inode *inode);
	/* Free the super block's private data, after every inode is gone. */
	void (*put_super)(struct super_block *sb);
	int (*statfs)(struct super_block *sb, struct linux_statfs *st);
	/* Write everything dirty to stable storage (sync, syncfs). May be
	 * NULL (nothing to write: tmpfs). */
	int (*sync_fs)(struct super_block *sb, bool wait);
};

struct file_system_type {
	const char *name;
	/*
	 * Fill in a new super block: s_op, s_magic, s_root, s_fs_info ...
	 * @data is the mount option string (may be NULL). On error the VFS
	 * frees what is left: the fs must have dropped its inodes.
	 */
	int (*fill_super)(struct super_block *sb, const char *source, const void *data);
	struct list_head link; /* in the registry */
};

struct super_block {
	const struct super_operations *s_op;
	struct file_system_type *s_type;
	struct dentry *s_root;
	uint64_t s_magic;
	uint32_t s_dev;		      /* st_dev of its files */
	unsigned long s_flags;	      /* MS_* from mount */
	int64_t s_maxbytes;	      /* largest file size */
	void *s_fs_info;	      /* the file system's */
	struct spinlock s_inode_lock; /* protects s_inodes */
	struct list_head s_inodes;    /* every live inode */
	struct list_head s_list;      /* in the list of mounted super blocks */
};

/* Add @type to the registry; -EBUSY if the name is taken. */
int register_filesystem(struct file_system_type *type);
int unregister_filesystem(struct file_system_type *type);

/* ----- mounts ----- */

struct vfsmount {
	struct dentry *mnt_root; /* reference */
	struct super_block *mnt_sb;
	struct vfsmount *mnt_parent;   /* NULL: not attached anywhere */
	struct dentry *mnt_mountpoint; /* reference; where in mnt_parent */
	unsigned long mnt_flags;
	struct refcount mnt_count;   /* paths using it, plus one for being mounted */
	struct list_head mnt_hash;   /* in the mount hash (attached only) */
	struct list_head mnt_child;  /* in mnt_parent->mnt_mounts */
	struct list_head mnt_mounts; /* mounts on top of dentries of this one */
};

struct vfsmount *mntget(struct vfsmount *mnt);
void mntput(struct vfsmount *mnt);
void path_get(const struct path *path);
void path_put(const struct path *path);

/*
 * Mount a new instance of file system @fstype, not attached anywhere, with
 * one reference for the caller. Give it back with vfs_kern_umount().
 */
int vfs_kern_mount(const char *fstype, unsigned long flags, const char *source, const void *data,
		   struct vfsmount **out);
/* sync(2): sync_fs every mounted super block. */
void vfs_sync_all(void);
/* syncfs(2): sync_fs @sb. 0 or -errno. */
int vfs_sync_fs(struct super_block *sb);
/* Destroy a mount from vfs_kern_mount(); -EBUSY while used or covered. */
int vfs_kern_umount(struct vfsmount *mnt);
/* mount(2): attach a new @fstype instance on directory @target. */
int vfs_mount(const struct vfs_ctx *ctx, const char *source, const char *target, const char *fstype,
	      unsigned long flags, const void *data);
/* umount2(2): detach the mount whose root @target names; -EBUSY if used. */
int vfs_umount(const struct vfs_ctx *ctx, const char *target, int flags);

/* ----- path walk ----- */

/*
 * Resolve @name to a path with a reference, following the rules of
 * path_resolution(7). Relative names start at @start (a dirfd's path), or
 * at ctx->cwd when @start is NULL (AT_FDCWD). @flags: AT_SYMLINK_NOFOLLOW,
 * AT_EMPTY_PATH (an empty @name then means @start itself).
 */
int vfs_lookup(const struct vfs_ctx *ctx, const struct path *start, const char *name, int flags,
	       struct path *out);
/* The name of @path relative to ctx->root into @buf ("/a/b"); length or
 * -ENAMETOOLONG; "(unreachable)/..." style names are not produced:
 * a path outside the root gives -ENOENT. */
int vfs_d_path(const struct vfs_ctx *ctx, const struct path *path, char *buf, size_t size);

/* ----- permissions ----- */

#define MAY_EXEC  1
#define MAY_WRITE 2
#define MAY_READ  4

/* 0 if @cred may access @inode as @mask (MAY_*), else -EACCES. */
int inode_permission(const struct cred *cred, struct inode *inode, int mask);

/* ----- open files ----- */

/* file->f_mode bits. */
#define FMODE_READ  (1u << 0)
#define FMODE_WRITE (1u << 1)
#define FMODE_PATH  (1u << 2) /* O_PATH: no I/O at all */

struct dir_context;
/*
 * Called for each entry by iterate; @next is the position of the entry
 * after this one. Returns false when the caller's buffer is full: stop,
 * and leave ctx->pos at this entry.
 */
typedef bool (*filldir_t)(struct dir_context *ctx, const char *name, size_t len, int64_t next,
			  uint64_t ino, unsigned int type);

struct dir_context {
	filldir_t actor;
	int64_t pos; /* where to start; the fs advances it past each entry emitted */
};

struct file_operations {
	long (*read)(struct file *file, struct vfs_iter *to, int64_t *pos);
	long (*write)(struct file *file, struct vfs_iter *from, int64_t *pos);
	/* NULL: vfs_generic_llseek(). */
	int64_t (*llseek)(struct file *file, int64_t offset, int whence);
	/* Emit entries from ctx->pos on, calling vfs_dir_emit_dots() first. */
	int (*iterate)(struct file *file, struct dir_context *ctx);
	int (*fsync)(struct file *file);
	long (*ioctl)(struct file *file, unsigned int cmd, unsigned long arg);
	/* Ready events (POLLIN ...); NULL means always readable and writable. */
	unsigned int (*poll)(struct file *file);
	int (*open)(struct inode *inode, struct file *file);
	int (*release)(struct inode *inode, struct file *file);
	/* fallocate(2) after vfs_fallocate()'s checks: @mode FALLOC_FL_*
	 * bits, [@offset, @offset + @len) inside s_maxbytes. NULL: -EOPNOTSUPP. */
	int (*fallocate)(struct file *file, int mode, int64_t offset, int64_t len);
	/* MAP_SHARED: the page backing file page @index, with a page reference
	 * in *@page, mapped by every process (@write: the fault will map it
	 * writable; storage is allocated now). -EIO past the end of the file,
	 * -ENOSPC, -ENOMEM. NULL: shared mappings are private copies and can
	 * never be writable. Takes inode->i_lock (called under mm->lock). */
	int (*map_page)(struct file *file, uint64_t index, bool write, struct page **page);
};

struct file {
	const struct file_operations *f_op;
	struct path f_path;    /* reference */
	struct inode *f_inode; /* f_path.dentry's inode */
	unsigned int f_flags;  /* O_* as opened (O_CLOEXEC kept for the fd layer) */
	unsigned int f_mode;   /* FMODE_* */
	int64_t f_pos;	       /* under f_pos_lock */
	struct mutex f_pos_lock;
	struct refcount f_count;
	void *private_data; /* the file system's or driver's */
	struct file_ra_state f_ra; /* readahead (page-cached files) */
};

/* Emit "." and ".." if ctx->pos is before them (positions 0 and 1). */
bool vfs_dir_emit_dots(struct file *file, struct dir_context *ctx);
/* SEEK_SET/CUR/END within [0, s_maxbytes]. */
int64_t vfs_generic_llseek(struct file *file, int64_t offset, int whence);

struct file *file_get(struct file *file);
/* Drop a reference; the last one calls release and drops the path. */
void file_put(struct file *file);

/* ----- operations (kernel-level system calls) ----- */

int vfs_openat(const struct vfs_ctx *ctx, const struct path *start, const char *name, int flags,
	       uint32_t mode, struct file **out);
/* Open an already resolved path (takes no ownership of @path). */
int vfs_open_path(const struct vfs_ctx *ctx, const struct path *path, int flags, struct file **out);
int vfs_close(struct file *file);
/* Read/write at *@pos (the caller passes &file->f_pos for read(2)). */
long vfs_read(struct file *file, void *buf, size_t len, int64_t *pos);
long vfs_write(struct file *file, const void *buf, size_t len, int64_t *pos);
int64_t vfs_lseek(struct file *file, int64_t offset, int whence);
int vfs_fsync(struct file *file);
/* Fill @buf with struct linux_dirent64 records from file->f_pos on. Returns
 * bytes used, 0 at the end, -EINVAL if not even one record fits. */
long vfs_getdents64(struct file *file, void *buf, size_t len);

int vfs_mkdirat(const struct vfs_ctx *ctx, const struct path *start, const char *name,
		uint32_t mode);
int vfs_mknodat(const struct vfs_ctx *ctx, const struct path *start, const char *name,
		uint32_t mode, uint32_t dev);
/* @flags: 0 or AT_REMOVEDIR. */
int vfs_unlinkat(const struct vfs_ctx *ctx, const struct path *start, const char *name, int flags);
/* @flags: RENAME_NOREPLACE, RENAME_EXCHANGE. */
int vfs_renameat2(const struct vfs_ctx *ctx, const struct path *old_start, const char *old_name,
		  const struct path *new_start, const char *new_name, unsigned int flags);
/* @flags: AT_SYMLINK_FOLLOW, AT_EMPTY_PATH. */
int vfs_linkat(const struct vfs_ctx *ctx, const struct path *old_start, const char *old_name,
	       const struct path *new_start, const char *new_name, int flags);
int vfs_symlinkat(const struct vfs_ctx *ctx, const char *target, const struct path *start,
		  const char *name);
/* The link text (not terminated) in @buf; its length. */
int vfs_readlinkat(const struct vfs_ctx *ctx, const struct path *start, const char *name, char *buf,
		   size_t size);

/* stat family; @flags: AT_SYMLINK_NOFOLLOW, AT_EMPTY_PATH. */
int vfs_getattr(const struct path *path, struct kstat *st);
int vfs_fstatat(const struct vfs_ctx *ctx, const struct path *start, const char *name, int flags,
		struct linux_stat *st);
int vfs_statx(const struct vfs_ctx *ctx, const struct path *start, const char *name, int flags,
	      unsigned int mask, struct linux_statx *stx);
void vfs_kstat_to_stat(const struct kstat *ks, struct linux_stat *st);
void vfs_kstat_to_statx(const struct kstat *ks, struct linux_statx *stx);

/* chmod/chown/utimensat/truncate, checked against ctx->cred. */
int vfs_setattr(const struct vfs_ctx *ctx, const struct path *path, struct iattr *attr);
int vfs_fchmodat(const struct vfs_ctx *ctx, const struct path *start, const char *name,
		 uint32_t mode, int flags);
/* uid/gid (uint32_t)-1 means unchanged. */
int vfs_fchownat(const struct vfs_ctx *ctx, const struct path *start, const char *name,
		 uint32_t uid, uint32_t gid, int flags);
/* @times NULL: both now. A tv_nsec of UTIME_NOW / UTIME_OMIT works as in utimensat(2). */
int vfs_utimensat(const struct vfs_ctx *ctx, const struct path *start, const char *name,
		  const struct vfs_timespec times[2], int flags);
int vfs_truncate(const struct vfs_ctx *ctx, const struct path *path, int64_t length);
int vfs_ftruncate(struct file *file, int64_t length);

int vfs_statfs(const struct path *path, struct linux_statfs *st);

/* fallocate(2) on an open file: Linux's checks, then f_op->fallocate. */
int vfs_fallocate(struct file *file, int mode, int64_t offset, int64_t len);

/*
 * Extended attributes of @path (xattr.c): Linux's namespaces ("user.",
 * "trusted.", "security."; "system." is -EOPNOTSUPP), name and size
 * limits and permission checks, then the inode_operations above.
 * @buf/@value are kernel memory.
 */
long vfs_getxattr(const struct vfs_ctx *ctx, const struct path *path, const char *name, void *buf,
		  size_t size);
int vfs_setxattr(const struct vfs_ctx *ctx, const struct path *path, const char *name,
		 const void *value, size_t size, int flags);
long vfs_listxattr(const struct vfs_ctx *ctx, const struct path *path, char *buf, size_t size);
int vfs_removexattr(const struct vfs_ctx *ctx, const struct path *path, const char *name);
/* For listxattr: may @cred see attribute @name (trusted.* needs CAP_SYS_ADMIN)? */
bool vfs_xattr_visible(const struct cred *cred, const char *name);

/* ----- bring-up ----- */

/* Register the built-in file systems and mount the root tmpfs. */
int vfs_init(void);
/* A context at the root of the name space with root credentials (after
 * vfs_init); the caller path_put()s root and cwd with vfs_ctx_put(). */
void vfs_root_ctx(struct vfs_ctx *ctx);
void vfs_ctx_put(struct vfs_ctx *ctx);

#endif /* RUX_FS_VFS_H */
