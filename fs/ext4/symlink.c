/*
 * fs/ext4/symlink.c - symbolic links. A target shorter than 60 bytes is
 * kept in i_block itself ("fast" link, no data block, no extents flag);
 * longer ones live in the link's first data block, mapped by extents.
 */
#include "fs/ext4/internal.h"
#include "lib/string.h"

static bool is_fast(struct inode *inode)
{
	uint64_t ea = EXT4_I(inode)->i_file_acl ? (EXT4_SB(inode->i_sb)->s_block_size >> 9) : 0;

	return inode->i_blocks <= ea;
}

int ext4_symlink_init(struct ext4_handle *h, struct inode *inode, const char *target, uint32_t len)
{
	struct ext4_inode_info *ei = EXT4_I(inode);
	struct ext4_sb_info *sbi = EXT4_SB(inode->i_sb);
	struct ext4_map map = {.lblk = 0};
	struct buffer_head *bh;
	int err;

	inode->i_size = len;
	if (len < sizeof(ei->i_data)) {
		memset(ei->i_data, 0, sizeof(ei->i_data));
		memcpy(ei->i_data, target, len);
		return 0;
	}
	ext4_ext_init_root(inode);
	err = ext4_map_blocks(h, inode, &map, 1, true);
	if (err)
		return err;
	bh = bget(sbi->s_bdev, map.pblk, sbi->s_block_size);
	if (IS_ERR(bh))
		return (int)PTR_ERR(bh);
	ext4_journal_get_create_access(h, bh);
	lock_buffer(bh);
	memset(bh->b_data, 0, sbi->s_block_size);
	memcpy(bh->b_data, target, len);
	set_buffer_uptodate(bh);
	unlock_buffer(bh);
	err = ext4_handle_dirty_metadata(h, inode, bh);
	brelse(bh);
	return err;
}

static int ext4_readlink(struct dentry *dentry, char *buf, size_t size)
{
	struct inode *inode = dentry->d_inode;
	size_t len = (size_t)inode->i_size;
	struct ext4_map map = {.lblk = 0};
	struct buffer_head *bh;
	int err;

	if (len > size)
		return -ENAMETOOLONG;
	if (is_fast(inode)) {
		memcpy(buf, EXT4_I(inode)->i_data, len);
		return (int)len;
	}
	err = ext4_map_blocks(NULL, inode, &map, 1, false);
	if (err)
		return err;
	if (!(map.flags & EXT4_MAP_MAPPED)) {
		ext4_error(inode->i_sb, "symlink %llu has no data block",
			   (unsigned long long)inode->i_ino);
		return -EUCLEAN;
	}
	bh = bread(EXT4_SB(inode->i_sb)->s_bdev, map.pblk, EXT4_SB(inode->i_sb)->s_block_size);
	if (IS_ERR(bh))
		return (int)PTR_ERR(bh);
	memcpy(buf, bh->b_data, len);
	brelse(bh);
	return (int)len;
}

const struct inode_operations ext4_symlink_iops = {
    .readlink = ext4_readlink,
    .setattr = ext4_setattr,
    .getattr = ext4_getattr,
    EXT4_XATTR_IOPS,
};
