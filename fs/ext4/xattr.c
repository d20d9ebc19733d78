/*
 * fs/ext4/xattr.c - the one thing done with extended attribute blocks
 * today: letting go of a deleted inode's block. A block may be shared by
 * inodes with identical attributes (h_refcount); the last user frees it,
 * the others only lower the count (and refresh the block's checksum:
 * CRC-32C of its 64-bit block number, then of the block with h_checksum
 * taken as zero). Reading and setting attributes needs VFS xattr
 * operations, which do not exist yet.
 */
#include "fs/ext4/internal.h"

#define EXT4_XATTR_MAGIC 0xEA020000u

struct ext4_xattr_header {
	uint32_t h_magic;
	uint32_t h_refcount;
	uint32_t h_blocks;
	uint32_t h_hash;
	uint32_t h_checksum;
	uint32_t h_reserved[3];
};
_Static_assert(sizeof(struct ext4_xattr_header) == 32, "xattr block header");

static uint32_t xattr_block_csum(struct ext4_sb_info *sbi, uint64_t block, const uint8_t *data)
{
	const size_t at = offsetof(struct ext4_xattr_header, h_checksum);
	uint64_t le_block = le64(block);
	uint32_t zero = 0, c;

	c = ext4_crc32c(sbi->s_csum_seed, &le_block, sizeof(le_block));
	c = ext4_crc32c(c, data, at);
	c = ext4_crc32c(c, &zero, sizeof(zero));
	return ext4_crc32c(c, data + at + 4, sbi->s_block_size - at - 4);
}

int ext4_xattr_release(struct ext4_handle *h, struct inode *inode)
{
	struct ext4_sb_info *sbi = EXT4_SB(inode->i_sb);
	struct ext4_inode_info *ei = EXT4_I(inode);
	struct ext4_xattr_header *hdr;
	struct buffer_head *bh;
	uint64_t block = ei->i_file_acl;
	uint32_t refs;
	int err = 0;

	if (!block)
		return 0;
	bh = bread(sbi->s_bdev, block, sbi->s_block_size);
	if (IS_ERR(bh))
		return (int)PTR_ERR(bh);
	hdr = bh->b_data;
	refs = le32(hdr->h_refcount);
	if (le32(hdr->h_magic) != EXT4_XATTR_MAGIC || refs == 0) {
		ext4_error(inode->i_sb, "inode %llu: bad xattr block %llu",
			   (unsigned long long)inode->i_ino, (unsigned long long)block);
		brelse(bh);
		return -EUCLEAN;
	}
	if (refs == 1) {
		err = ext4_journal_revoke(h, block, bh);
		if (!err)
			err = ext4_free_blocks(h, inode->i_sb, block, 1);
	} else {
		ext4_journal_get_write_access(h, bh);
		lock_buffer(bh);
		hdr->h_refcount = le32(refs - 1);
		if (sbi->s_metadata_csum)
			hdr->h_checksum = le32(xattr_block_csum(sbi, block, bh->b_data));
		unlock_buffer(bh);
		err = ext4_handle_dirty_metadata(h, inode, bh);
	}
	brelse(bh);
	ext4_inode_sub_blocks(inode, 1);
	ei->i_file_acl = 0;
	return err;
}
