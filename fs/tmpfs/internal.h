/*
 * fs/tmpfs/internal.h - what the files of fs/tmpfs share.
 *
 * A tmpfs inode is a struct tmpfs_inode with the VFS inode embedded.
 * Directories keep their entries in a list, in creation order; each entry
 * has a cookie (2, 3, ... per directory, never reused) that is its
 * getdents position, so reading can resume after entries come and go.
 * Regular files keep their data in pages found through a two-level table
 * (a growable array of leaf pages, each holding PAGE_SIZE / 8 page
 * pointers); a missing page is a hole and reads as zeros. Symlinks keep
 * their target in a kmalloc'ed string.
 *
 * Locking: directory entries and nlink change under the VFS's vfs_ns_lock
 * (all inode_operations run under it); file data and i_size under the
 * inode's i_lock; the super block counters under tmpfs_sb.lock.
 */
#ifndef RUX_FS_TMPFS_INTERNAL_H
#define RUX_FS_TMPFS_INTERNAL_H

#include "fs/tmpfs/tmpfs.h"
#include "fs/vfs/vfs.h"
#include "mm/page.h"

#define TMPFS_LEAF_ENTRIES (PAGE_SIZE / sizeof(void *))
/* Directory sizes as Linux's tmpfs reports them: 20 bytes an entry. */
#define TMPFS_BOGO_DIRENT_SIZE 20

struct tmpfs_sb {
	struct spinlock lock; /* protects the counters */
	uint64_t max_pages;   /* size= in pages, 0: unlimited */
	uint64_t used_pages;  /* data pages in use */
	uint64_t next_ino;
};

struct tmpfs_dirent {
	struct list_head link; /* in the directory's entries, cookie order */
	struct inode *inode;   /* a link (nlink), not a reference */
	uint64_t cookie;
	size_t len;
	char name[]; /* NUL-terminated */
};

struct tmpfs_inode {
	struct inode vfs;
	/* directories */
	struct list_head entries;
	uint64_t next_cookie;
	/* regular files: leaves[i] covers pages i * LEAF_ENTRIES ... */
	void ***leaves;
	size_t nleaves;
	uint64_t npages; /* data pages held */
	/* symlinks */
	char *target;
	/* every type: extended attributes (xattr.c), under vfs_ns_lock */
	struct list_head xattrs;
};

static inline struct tmpfs_inode *TMPFS_I(struct inode *inode)
{
	return container_of(inode, struct tmpfs_inode, vfs);
}

static inline struct tmpfs_sb *TMPFS_SB(struct super_block *sb)
{
	return sb->s_fs_info;
}

extern const struct inode_operations tmpfs_dir_iops;
extern const struct inode_operations tmpfs_symlink_iops;
extern const struct inode_operations tmpfs_file_iops;
extern const struct file_operations tmpfs_dir_fops;
extern const struct file_operations tmpfs_file_fops;

/* dir.c: a new inode of @mode for a directory of @sb, owned by @cred. */
struct inode *tmpfs_new_inode(struct super_block *sb, struct inode *dir, uint32_t mode,
			      uint32_t rdev, const struct cred *cred);
/* dir.c: free a directory's entry list (at eviction). */
void tmpfs_dir_free(struct tmpfs_inode *ti);
/* file.c: set a regular file's size, freeing pages past it. Caller holds i_lock. */
void tmpfs_truncate(struct inode *inode, int64_t size);
/* file.c: free every data page (at eviction). */
void tmpfs_free_data(struct inode *inode);
/* xattr.c: the extended attribute operations of every tmpfs inode. */
long tmpfs_getxattr(struct dentry *dentry, const char *name, void *buf, size_t size);
int tmpfs_setxattr(struct dentry *dentry, const char *name, const void *value, size_t size,
		   int flags);
long tmpfs_listxattr(struct dentry *dentry, char *buf, size_t size, const struct cred *cred);
int tmpfs_removexattr(struct dentry *dentry, const char *name);
/* Free an inode's attributes (at eviction). */
void tmpfs_xattr_free_all(struct tmpfs_inode *ti);

#define TMPFS_XATTR_IOPS                                                                           \
	.getxattr = tmpfs_getxattr, .setxattr = tmpfs_setxattr, .listxattr = tmpfs_listxattr,      \
	.removexattr = tmpfs_removexattr

#endif /* RUX_FS_TMPFS_INTERNAL_H */
