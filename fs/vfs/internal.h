/*
 * fs/vfs/internal.h - what the files of fs/vfs share and nobody else sees:
 * the name-space lock, the dentry cache internals, the mount table and the
 * path walker's entry points.
 */
#ifndef RUX_FS_VFS_INTERNAL_H
#define RUX_FS_VFS_INTERNAL_H

#include "fs/vfs/vfs.h"

/* Serializes walks and name-space changes (see vfs.h). */
extern struct mutex vfs_ns_lock;

/* Names of 255 bytes at most; a symlink chain of 40 links at most. */
#define VFS_MAX_SYMLINKS 40
/* Symlinks inside symlinks (in the middle of names) nest this deep at most. */
#define VFS_MAX_NESTING 8

/* ----- dcache.c ----- */

/* A new negative dentry @name (@len bytes) under @parent, hashed; NULL: -ENOMEM. */
struct dentry *d_alloc(struct dentry *parent, const char *name, size_t len);
/* The cached child @name of @parent with a reference, or NULL. */
struct dentry *d_lookup(struct dentry *parent, const char *name, size_t len);
/* Move @dentry to @parent under @name (rename); -ENOMEM leaves it alone. */
int d_move(struct dentry *dentry, struct dentry *parent, const char *name, size_t len);
/* Swap the names and places of @a and @b (RENAME_EXCHANGE). */
void d_exchange(struct dentry *a, struct dentry *b);
/* True if @ancestor is @d or one of its parents (same super block). */
bool d_is_ancestor(struct dentry *ancestor, struct dentry *d);
/* Free every unused dentry of @sb's tree; the root keeps the sb's reference. */
void d_shrink_sb(struct super_block *sb);
/* True when cached dentries of @sb other than the root are in use. */
bool d_sb_busy(struct super_block *sb);

/* ----- mount.c ----- */

/* The mount on (@mnt, @dentry), or NULL. Caller holds vfs_ns_lock. */
struct vfsmount *mnt_lookup_child(struct vfsmount *mnt, struct dentry *dentry);

/* ----- namei.c ----- */

/* Kind of the last component of a name. */
enum last_type {
	LAST_NORM, /* a real name */
	LAST_ROOT, /* the name was "/" (or only slashes) */
	LAST_DOT,
	LAST_DOTDOT,
};

struct nameidata {
	const struct vfs_ctx *ctx;
	struct path path; /* where the walk is now (reference) */
	int links;	  /* symlinks followed so far */
	int depth;	  /* nesting of follow_nested() */
	/* Set by walk_parent for the last component: */
	char last[NAME_MAX + 1];
	size_t last_len;
	enum last_type last_type;
	bool trailing_slash;
};

/*
 * Walk all but the last component of @name; on success nd->path is the
 * parent directory (reference held) and nd->last* describe the last one.
 * Caller holds vfs_ns_lock and path_put()s nd->path in every case.
 */
int walk_parent(struct nameidata *nd, const struct path *start, const char *name);
/* The child @name of directory @dir (after mounts), maybe negative, with
 * references in @out. Checks search permission on @dir. */
int lookup_child(struct nameidata *nd, const struct path *dir, const char *name, size_t len,
		 struct path *out);
/* Resolve nd->last from nd->path (after walk_parent). */
int walk_last(struct nameidata *nd, bool follow, bool must_dir);
/* Cross every mount stacked on @p into the topmost mounted root. */
void path_follow_mounts(struct path *p);
/* Walk the whole name; @follow: follow a symlink in the last component. */
int walk_path(struct nameidata *nd, const struct path *start, const char *name, bool follow,
	      bool empty_ok, bool must_dir);
/* The same as vfs_lookup() for a caller already holding vfs_ns_lock. */
int vfs_lookup_locked(const struct vfs_ctx *ctx, const struct path *start, const char *name,
		      int flags, struct path *out);
/* Read @dentry's symlink text into a new PATH_MAX buffer (kfree it). */
int read_link(struct dentry *dentry, char **out);

/* ----- perm.c ----- */

/* May @cred remove or rename @victim out of directory @dir? (sticky bit) */
int may_delete(const struct cred *cred, struct inode *dir, struct inode *victim);
/* May @cred change @inode's attributes as the owner would? */
bool owner_or_root(const struct cred *cred, const struct inode *inode);

/* ----- inode.c ----- */

/* Free every inode left on @sb (at umount, once they are unused). */
void evict_sb_inodes(struct super_block *sb);

/* ----- mount.c / super.c ----- */

struct file_system_type *get_fs_type(const char *name);

#endif /* RUX_FS_VFS_INTERNAL_H */
