/*
 * fs/ext4/file.c - regular files: read, write, seek (with SEEK_DATA and
 * SEEK_HOLE), fsync, and the attribute changes including truncate.
 *
 * Data moves through data.c and the page cache. A file's size, data and extent tree change
 * under its inode->i_lock. Shrinking puts the inode on the orphan list
 * while blocks are freed, as Linux does, so a crash in the middle is
 * finished at the next mount. The bytes past the new size in its last
 * block are left as they are (a crash before the shrink commits must find
 * the old contents intact); they are zeroed when the file grows over them
 * again (ext4_data_zero_tail). Access times are not updated (as noatime).
 */
#include "fs/ext4/internal.h"
#include "uapi/fcntl.h"

static long ext4_file_read(struct file *file, struct vfs_iter *to, int64_t *pos)
{
	struct inode *inode = file->f_inode;
	long ret;

	mutex_lock(&inode->i_lock);
	ret = ext4_data_read(file, inode, to, *pos);
	if (ret > 0)
		*pos += ret;
	mutex_unlock(&inode->i_lock);
	return ret;
}

static long ext4_file_write(struct file *file, struct vfs_iter *from, int64_t *pos)
{
	struct inode *inode = file->f_inode;
	int64_t max = inode->i_sb->s_maxbytes;
	int64_t p;
	long ret;

	if (ext4_sb_rdonly(inode->i_sb))
		return -EROFS;
	mutex_lock(&inode->i_lock);
	p = (file->f_flags & O_APPEND) ? inode->i_size : *pos;
	if (from->left == 0) {
		ret = 0;
		goto out;
	}
	if (p >= max) {
		ret = -EFBIG;
		goto out;
	}
	if ((uint64_t)(max - p) < from->left)
		from->left = (size_t)(max - p);
	ret = ext4_data_write(inode, from, p);
	if (ret > 0) {
		*pos = p + ret;
		inode->i_mtime = inode->i_ctime = vfs_now();
		ext4_write_inode_now(inode);
		pagecache_balance_dirty(inode);
	}
out:
	mutex_unlock(&inode->i_lock);
	return ret;
}

/* The first offset >= @pos that is data (@want_data) or a hole; -ENXIO past the end. */
static int64_t seek_data_hole(struct inode *inode, int64_t pos, bool want_data)
{
	struct ext4_sb_info *sbi = EXT4_SB(inode->i_sb);
	int64_t size = inode->i_size;

	if (pos < 0 || pos >= size)
		return -ENXIO;
	while (pos < size) {
		struct ext4_map map = {.lblk = (uint32_t)(pos >> sbi->s_block_log)};
		bool data;
		int err = ext4_map_blocks(NULL, inode, &map, EXT4_MAX_LBLK, false);

		if (err)
			return err;
		data = map.flags & EXT4_MAP_MAPPED;
		if (data == want_data)
			return pos;
		pos = (int64_t)(((uint64_t)map.lblk + map.len) << sbi->s_block_log);
	}
	return want_data ? -ENXIO : size;
}

static int64_t ext4_file_llseek(struct file *file, int64_t offset, int whence)
{
	struct inode *inode = file->f_inode;
	int64_t pos;

	if (whence != SEEK_DATA && whence != SEEK_HOLE)
		return vfs_generic_llseek(file, offset, whence);
	mutex_lock(&inode->i_lock);
	pos = seek_data_hole(inode, offset, whence == SEEK_DATA);
	mutex_unlock(&inode->i_lock);
	if (pos >= 0)
		file->f_pos = pos;
	return pos;
}

/*
 * fsync/fdatasync of a file or directory: its dirty pages (only this
 * inode's) are written, then the running transaction - which holds every
 * change made to the file so far - is committed (the commit flushes the
 * device's cache). Without a journal the dirty metadata buffers are
 * written and the device flushed instead. When this returns, the file's
 * contents, size and names survive a crash.
 */
int ext4_fsync(struct file *file)
{
	struct inode *inode = file->f_inode;
	struct super_block *sb = inode->i_sb;
	int err;

	if (ext4_sb_rdonly(sb))
		return 0;
	mutex_lock(&inode->i_lock);
	err = pagecache_writeback(inode);
	mutex_unlock(&inode->i_lock);
	if (!err)
		err = blk_flush(EXT4_SB(sb)->s_bdev); /* the commit may have nothing to do */
	if (err)
		return err;
	if (!EXT4_SB(sb)->s_journal)
		return buffer_sync_bdev(EXT4_SB(sb)->s_bdev);
	return ext4_journal_force_commit(sb);
}

const struct file_operations ext4_file_fops = {
    .read = ext4_file_read,
    .write = ext4_file_write,
    .llseek = ext4_file_llseek,
    .fsync = ext4_fsync,
    .fallocate = ext4_fallocate,
    .map_page = pagecache_map_page,
};

/* ----- truncate and attributes ----- */

static int shrink(struct inode *inode, int64_t size)
{
	struct ext4_sb_info *sbi = EXT4_SB(inode->i_sb);
	uint64_t keep = ((uint64_t)size + sbi->s_block_size - 1) >> sbi->s_block_log;
	struct ext4_handle *h;
	int err;

	/* Cached pages past the size go before their blocks are freed. */
	pagecache_truncate(inode, size);
	h = ext4_journal_start(inode->i_sb, EXT4_DATA_TRANS_BLOCKS);
	if (IS_ERR(h))
		return (int)PTR_ERR(h);
	err = ext4_orphan_add(h, inode);
	if (err)
		goto out;
	inode->i_size = size;
	ext4_write_inode(h, inode);
	if (EXT4_I(inode)->i_flags & EXT4_EXTENTS_FL)
		err = ext4_ext_truncate(h, inode,
					keep > EXT4_MAX_LBLK ? EXT4_MAX_LBLK : (uint32_t)keep);
	else if (inode->i_blocks)
		err = -EOPNOTSUPP;
	ext4_journal_ensure_credits(h, 4); /* the orphan list and the inode */
	ext4_orphan_del(h, inode);
	ext4_write_inode(h, inode);
out:
	ext4_journal_stop(h);
	return err;
}

int ext4_truncate(struct inode *inode, int64_t size)
{
	int err = 0;

	if (size <= inode->i_size) {
		err = shrink(inode, size);
	} else if (size > inode->i_size) {
		err = ext4_data_zero_tail(inode, inode->i_size);
		if (!err)
			inode->i_size = size;
	}
	if (!err)
		inode->i_mtime = inode->i_ctime = vfs_now();
	return err;
}

int ext4_setattr(struct dentry *dentry, const struct iattr *attr)
{
	struct inode *inode = dentry->d_inode;
	int err = 0;

	if (ext4_sb_rdonly(inode->i_sb))
		return -EROFS;
	if ((attr->valid & ATTR_SIZE) && !inode_is_reg(inode))
		return -EINVAL;
	if (attr->valid & ATTR_SIZE) {
		mutex_lock(&inode->i_lock);
		if (attr->size != inode->i_size)
			err = ext4_truncate(inode, attr->size);
		mutex_unlock(&inode->i_lock);
		if (err)
			return err;
	}
	vfs_setattr_copy(inode, attr);
	return ext4_write_inode_now(inode);
}

int ext4_getattr(struct dentry *dentry, struct kstat *st)
{
	struct inode *inode = dentry->d_inode;

	vfs_fill_kstat(inode, st);
	st->blksize = EXT4_SB(inode->i_sb)->s_block_size;
	if (inode_is_dir(inode) && inode->i_nlink == 1)
		st->nlink = 1; /* dir_nlink: too many to count */
	return 0;
}

const struct inode_operations ext4_file_iops = {
    .setattr = ext4_setattr,
    .getattr = ext4_getattr,
    EXT4_XATTR_IOPS,
};

const struct inode_operations ext4_special_iops = {
    .setattr = ext4_setattr,
    .getattr = ext4_getattr,
    EXT4_XATTR_IOPS,
};
