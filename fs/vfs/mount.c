/*
 * fs/vfs/mount.c - file system types, super blocks and the mount table.
 *
 * Each mount makes a new super block (there are no shared or bind mounts
 * yet), so a super block lives exactly as long as its one vfsmount.
 *
 * A mount attached on a directory is in the mount hash under (parent mount,
 * mountpoint dentry) and in its parent's mnt_mounts list; the mountpoint
 * dentry has d_mounted raised and is pinned by a reference. The path walker
 * crosses such a dentry into the mount's root (and ".." at a mount root back
 * out to the mountpoint).
 *
 * mnt_count counts paths that use the mount, plus one for being mounted (or,
 * for vfs_kern_mount(), the creator's). umount refuses (-EBUSY) while any
 * other reference exists, while something is mounted on it, or while cached
 * dentries of its super block are in use.
 *
 * Locking: the registry has its own spinlock. The mount hash, mnt_mounts
 * and d_mounted are changed and read under vfs_ns_lock. The list of super
 * blocks (for sync) has a mutex, held while each one is synced so that
 * none goes away meanwhile.
 */
#include "fs/vfs/internal.h"
#include "lib/panic.h"
#include "lib/string.h"
#include "mm/kmalloc.h"

#define MNT_HASH_SIZE 64

static LIST_HEAD(fs_types);
static struct spinlock fs_types_lock = SPINLOCK_INIT("fs_types");
static struct list_head mnt_hash_table[MNT_HASH_SIZE];
static bool mnt_hash_ready;
static uint32_t next_anon_dev = 1;
static LIST_HEAD(super_blocks);
static struct mutex super_blocks_lock = MUTEX_INIT(super_blocks_lock, "super_blocks");

/* ----- file system types ----- */

static struct file_system_type *find_fs_locked(const char *name)
{
	struct file_system_type *t;

	list_for_each_entry(t, &fs_types, link) if (strcmp(t->name, name) == 0) return t;
	return NULL;
}

int register_filesystem(struct file_system_type *type)
{
	int err = 0;

	spin_lock(&fs_types_lock);
	if (find_fs_locked(type->name))
		err = -EBUSY;
	else
		list_add_tail(&type->link, &fs_types);
	spin_unlock(&fs_types_lock);
	return err;
}

int unregister_filesystem(struct file_system_type *type)
{
	int err = -EINVAL;

	spin_lock(&fs_types_lock);
	if (find_fs_locked(type->name) == type) {
		list_del(&type->link);
		err = 0;
	}
	spin_unlock(&fs_types_lock);
	return err;
}

struct file_system_type *get_fs_type(const char *name)
{
	struct file_system_type *t;

	spin_lock(&fs_types_lock);
	t = find_fs_locked(name);
	spin_unlock(&fs_types_lock);
	return t;
}

/* ----- super blocks ----- */

static void free_super(struct super_block *sb)
{
	mutex_lock(&super_blocks_lock);
	list_del_init(&sb->s_list);
	mutex_unlock(&super_blocks_lock);
	evict_sb_inodes(sb);
	if (sb->s_op && sb->s_op->put_super)
		sb->s_op->put_super(sb);
	kfree(sb);
}

static int make_super(struct file_system_type *type, unsigned long flags, const char *source,
		      const void *data, struct super_block **out)
{
	struct super_block *sb = kzalloc(sizeof(*sb), GFP_KERNEL);
	int err;

	if (!sb)
		return -ENOMEM;
	sb->s_type = type;
	sb->s_flags = flags;
	sb->s_maxbytes = INT64_MAX;
	sb->s_dev = vfs_mkdev(0, __atomic_fetch_add(&next_anon_dev, 1, __ATOMIC_RELAXED));
	spin_lock_init(&sb->s_inode_lock, "s_inodes");
	list_init(&sb->s_inodes);
	list_init(&sb->s_list);
	err = type->fill_super(sb, source, data);
	if (err) {
		if (sb->s_root)
			dput(sb->s_root);
		free_super(sb);
		return err;
	}
	mutex_lock(&super_blocks_lock);
	list_add_tail(&sb->s_list, &super_blocks);
	mutex_unlock(&super_blocks_lock);
	*out = sb;
	return 0;
}

static int sync_one(struct super_block *sb)
{
	return sb->s_op && sb->s_op->sync_fs ? sb->s_op->sync_fs(sb, true) : 0;
}

void vfs_sync_all(void)
{
	struct super_block *sb;

	mutex_lock(&super_blocks_lock);
	list_for_each_entry(sb, &super_blocks, s_list)
	{
		sync_one(sb);
	}
	mutex_unlock(&super_blocks_lock);
}

int vfs_sync_fs(struct super_block *sb)
{
	int err;

	mutex_lock(&super_blocks_lock);
	err = sync_one(sb);
	mutex_unlock(&super_blocks_lock);
	return err;
}

/* ----- mounts ----- */

struct vfsmount *mntget(struct vfsmount *mnt)
{
	refcount_get(&mnt->mnt_count);
	return mnt;
}

void mntput(struct vfsmount *mnt)
{
	if (mnt)
		WARN_ON(refcount_put(&mnt->mnt_count));
}

void path_get(const struct path *path)
{
	mntget(path->mnt);
	dget(path->dentry);
}

void path_put(const struct path *path)
{
	dput(path->dentry);
	mntput(path->mnt);
}

static struct list_head *mnt_bucket(struct vfsmount *mnt, struct dentry *dentry)
{
	uintptr_t h = ((uintptr_t)mnt >> 4) ^ ((uintptr_t)dentry >> 6);

	if (!mnt_hash_ready) {
		for (unsigned int i = 0; i < MNT_HASH_SIZE; i++)
			list_init(&mnt_hash_table[i]);
		mnt_hash_ready = true;
	}
	return &mnt_hash_table[h % MNT_HASH_SIZE];
}

struct vfsmount *mnt_lookup_child(struct vfsmount *mnt, struct dentry *dentry)
{
	struct vfsmount *m;

	if (!dentry->d_mounted)
		return NULL;
	list_for_each_entry(m, mnt_bucket(mnt, dentry),
			    mnt_hash) if (m->mnt_parent == mnt &&
					  m->mnt_mountpoint == dentry) return m;
	return NULL;
}

int vfs_kern_mount(const char *fstype, unsigned long flags, const char *source, const void *data,
		   struct vfsmount **out)
{
	struct file_system_type *type = get_fs_type(fstype);
	struct vfsmount *mnt;
	struct super_block *sb;
	int err;

	if (!type)
		return -ENODEV;
	mnt = kzalloc(sizeof(*mnt), GFP_KERNEL);
	if (!mnt)
		return -ENOMEM;
	err = make_super(type, flags, source, data, &sb);
	if (err) {
		kfree(mnt);
		return err;
	}
	mnt->mnt_sb = sb;
	mnt->mnt_root = dget(sb->s_root);
	mnt->mnt_flags = flags;
	refcount_set(&mnt->mnt_count, 1);
	list_init(&mnt->mnt_hash);
	list_init(&mnt->mnt_child);
	list_init(&mnt->mnt_mounts);
	*out = mnt;
	return 0;
}

/* Destroy @mnt if only @refs references are left; else -EBUSY. */
static int mnt_destroy(struct vfsmount *mnt, int refs)
{
	struct super_block *sb = mnt->mnt_sb;

	if (refcount_read(&mnt->mnt_count) != refs || !list_empty(&mnt->mnt_mounts))
		return -EBUSY;
	if (d_sb_busy(sb))
		return -EBUSY;
	dput(mnt->mnt_root);
	dput(sb->s_root);
	free_super(sb);
	kfree(mnt);
	return 0;
}

int vfs_kern_umount(struct vfsmount *mnt)
{
	int err;

	mutex_lock(&vfs_ns_lock);
	err = mnt->mnt_parent ? -EINVAL : mnt_destroy(mnt, 1);
	mutex_unlock(&vfs_ns_lock);
	return err;
}

/* Attach @mnt (one reference, now the tree's) on the directory @at. */
static void mnt_attach(struct vfsmount *mnt, const struct path *at)
{
	mnt->mnt_parent = mntget(at->mnt);
	mnt->mnt_mountpoint = dget(at->dentry);
	at->dentry->d_mounted++;
	list_add_tail(&mnt->mnt_hash, mnt_bucket(at->mnt, at->dentry));
	list_add_tail(&mnt->mnt_child, &at->mnt->mnt_mounts);
}

static void mnt_detach(struct vfsmount *mnt)
{
	list_del_init(&mnt->mnt_hash);
	list_del_init(&mnt->mnt_child);
	mnt->mnt_mountpoint->d_mounted--;
	dput(mnt->mnt_mountpoint);
	mntput(mnt->mnt_parent);
	mnt->mnt_mountpoint = NULL;
	mnt->mnt_parent = NULL;
}

int vfs_mount(const struct vfs_ctx *ctx, const char *source, const char *target, const char *fstype,
	      unsigned long flags, const void *data)
{
	struct vfsmount *mnt;
	struct path at;
	int err;

	if (!cred_is_root(ctx->cred))
		return -EPERM;
	mutex_lock(&vfs_ns_lock);
	err = vfs_lookup_locked(ctx, NULL, target, 0, &at);
	if (err)
		goto out_unlock;
	err = -ENOTDIR;
	if (!inode_is_dir(at.dentry->d_inode))
		goto out_put;
	err = vfs_kern_mount(fstype, flags, source, data, &mnt);
	if (err)
		goto out_put;
	mnt_attach(mnt, &at);
out_put:
	path_put(&at);
out_unlock:
	mutex_unlock(&vfs_ns_lock);
	return err;
}

int vfs_umount(const struct vfs_ctx *ctx, const char *target, int flags)
{
	struct vfsmount *mnt;
	struct path at;
	int err;

	if (!cred_is_root(ctx->cred))
		return -EPERM;
	if (flags)
		return -EINVAL;
	mutex_lock(&vfs_ns_lock);
	err = vfs_lookup_locked(ctx, NULL, target, 0, &at);
	if (err)
		goto out_unlock;
	mnt = at.mnt;
	err = -EINVAL;
	if (at.dentry != mnt->mnt_root || !mnt->mnt_parent)
		goto out_put;
	err = -EBUSY;
	/* Ours and the tree's: nothing else may hold it. */
	if (refcount_read(&mnt->mnt_count) != 2 || !list_empty(&mnt->mnt_mounts))
		goto out_put;
	path_put(&at);
	if (d_sb_busy(mnt->mnt_sb))
		goto out_unlock;
	mnt_detach(mnt);
	err = mnt_destroy(mnt, 1);
	WARN_ON(err);
	goto out_unlock;
out_put:
	path_put(&at);
out_unlock:
	mutex_unlock(&vfs_ns_lock);
	return err;
}
