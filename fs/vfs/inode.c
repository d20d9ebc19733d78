/*
 * fs/vfs/inode.c - inode life cycle, link counts, time stamps and the
 * default getattr/setattr.
 *
 * An inode lives while it has references (i_count: dentries, open files)
 * or names (i_nlink). When the last reference goes and no name is left it
 * is evicted (the file system frees its data) and destroyed. An inode with
 * names but no references stays on its super block's s_inodes list: for
 * tmpfs that list is the only place the file exists. At umount every
 * remaining inode is evicted and destroyed.
 */
#include "fs/vfs/internal.h"
#include "hal/hal.h"
#include "lib/panic.h"
#include "lib/string.h"

struct vfs_timespec vfs_now(void)
{
	uint64_t ns = hal_wall_clock_ns();
	struct vfs_timespec t = {
	    .tv_sec = (int64_t)(ns / 1000000000u),
	    .tv_nsec = (int64_t)(ns % 1000000000u),
	};

	return t;
}

struct inode *new_inode(struct super_block *sb)
{
	struct inode *inode = sb->s_op->alloc_inode(sb);

	if (!inode)
		return NULL;
	inode->i_sb = sb;
	inode->i_nlink = 1;
	inode->i_atime = inode->i_mtime = inode->i_ctime = vfs_now();
	mutex_init(&inode->i_lock, "inode");
	pagecache_mapping_init(&inode->i_data);
	refcount_set(&inode->i_count, 1);
	spin_lock(&sb->s_inode_lock);
	list_add_tail(&inode->i_sb_list, &sb->s_inodes);
	spin_unlock(&sb->s_inode_lock);
	return inode;
}

void ihold(struct inode *inode)
{
	refcount_get(&inode->i_count);
}

static void evict(struct inode *inode)
{
	struct super_block *sb = inode->i_sb;

	spin_lock(&sb->s_inode_lock);
	list_del(&inode->i_sb_list);
	spin_unlock(&sb->s_inode_lock);
	pagecache_evict_inode(inode);
	if (sb->s_op->evict_inode)
		sb->s_op->evict_inode(inode);
	sb->s_op->destroy_inode(inode);
}

void iput(struct inode *inode)
{
	if (!inode)
		return;
	if (refcount_put(&inode->i_count) && READ_ONCE(inode->i_nlink) == 0)
		evict(inode);
}

void evict_sb_inodes(struct super_block *sb)
{
	for (;;) {
		struct inode *inode;

		spin_lock(&sb->s_inode_lock);
		inode = list_first_entry_or_null(&sb->s_inodes, struct inode, i_sb_list);
		spin_unlock(&sb->s_inode_lock);
		if (!inode)
			return;
		WARN_ON(refcount_read(&inode->i_count) != 0);
		evict(inode);
	}
}

void inc_nlink(struct inode *inode)
{
	inode->i_nlink++;
}

void drop_nlink(struct inode *inode)
{
	WARN_ON(inode->i_nlink == 0);
	if (inode->i_nlink)
		inode->i_nlink--;
}

void vfs_fill_kstat(struct inode *inode, struct kstat *st)
{
	memset(st, 0, sizeof(*st));
	st->ino = inode->i_ino;
	st->dev = inode->i_sb->s_dev;
	st->mode = inode->i_mode;
	st->nlink = inode->i_nlink;
	st->uid = inode->i_uid;
	st->gid = inode->i_gid;
	st->rdev = inode->i_rdev;
	mutex_lock(&inode->i_lock);
	st->size = inode->i_size;
	st->blocks = inode->i_blocks;
	mutex_unlock(&inode->i_lock);
	st->blksize = 4096;
	st->atime = inode->i_atime;
	st->mtime = inode->i_mtime;
	st->ctime = inode->i_ctime;
}

void vfs_setattr_copy(struct inode *inode, const struct iattr *attr)
{
	if (attr->valid & ATTR_MODE)
		inode->i_mode = (inode->i_mode & S_IFMT) | (attr->mode & 07777);
	if (attr->valid & ATTR_UID)
		inode->i_uid = attr->uid;
	if (attr->valid & ATTR_GID)
		inode->i_gid = attr->gid;
	if (attr->valid & ATTR_ATIME)
		inode->i_atime = attr->atime;
	if (attr->valid & ATTR_MTIME)
		inode->i_mtime = attr->mtime;
	if (attr->valid & ATTR_CTIME)
		inode->i_ctime = attr->ctime;
}
