/*
 * fs/ext4/ialloc.c - inode number allocation.
 *
 * Files go into their directory's group (or the next one with a free
 * inode). New directories are spread: the search starts at a rotating
 * group and takes the first one with at least the average number of free
 * inodes and blocks, so trees do not pile up in group 0. The group's
 * inode bitmap, free counts, used-directory count and bg_itable_unused
 * (the never-used tail of the inode table) are kept current.
 */
#include "fs/ext4/internal.h"

static uint32_t ino_group(struct ext4_sb_info *sbi, uint32_t ino)
{
	return (ino - 1) / sbi->s_inodes_per_group;
}

/* A group with room for a new directory, or @fallback. */
static uint32_t dir_group(struct ext4_sb_info *sbi, uint32_t fallback)
{
	uint64_t avg_inodes = le32(sbi->s_es->s_free_inodes_count) / sbi->s_group_count;
	uint64_t avg_blocks = ext4_free_blocks_count(sbi) / sbi->s_group_count;
	uint32_t start = sbi->s_dir_rotor++ % sbi->s_group_count;

	for (uint32_t i = 0; i < sbi->s_group_count; i++) {
		uint32_t g = (start + i) % sbi->s_group_count;
		struct ext4_group_desc *gd = ext4_group_desc(sbi, g);

		if (ext4_gd_free_inodes(sbi, gd) && ext4_gd_free_inodes(sbi, gd) >= avg_inodes &&
		    ext4_gd_free_blocks(sbi, gd) >= avg_blocks)
			return g;
	}
	return fallback;
}

static void take_inode(struct ext4_handle *h, struct super_block *sb, uint32_t group, uint32_t bit,
		       bool is_dir)
{
	struct ext4_sb_info *sbi = EXT4_SB(sb);
	struct ext4_group_desc *gd = ext4_group_desc(sbi, group);
	uint32_t unused = ext4_gd_itable_unused(sbi, gd);

	ext4_gd_set_free_inodes(sbi, gd, ext4_gd_free_inodes(sbi, gd) - 1);
	if (is_dir)
		ext4_gd_set_used_dirs(sbi, gd, ext4_gd_used_dirs(sbi, gd) + 1);
	if ((sbi->s_metadata_csum || sbi->s_gdt_csum) && bit >= sbi->s_inodes_per_group - unused)
		ext4_gd_set_itable_unused(sbi, gd, sbi->s_inodes_per_group - bit - 1);
	gd->bg_flags = le16(le16(gd->bg_flags) & ~EXT4_BG_INODE_UNINIT);
	sbi->s_es->s_free_inodes_count = le32(le32(sbi->s_es->s_free_inodes_count) - 1);
	ext4_group_desc_dirty(h, sb, group);
	ext4_super_dirty(h, sb);
}

/* Take the first free inode of @group; its bit or -ENOSPC. */
static int alloc_in_group(struct ext4_handle *h, struct super_block *sb, uint32_t group,
			  bool is_dir)
{
	struct ext4_sb_info *sbi = EXT4_SB(sb);
	uint32_t first = group == 0 ? sbi->s_first_ino - 1 : 0;
	struct buffer_head *bh;
	uint32_t bit;
	int err;

	if (ext4_gd_free_inodes(sbi, ext4_group_desc(sbi, group)) == 0)
		return -ENOSPC;
	bh = ext4_read_inode_bitmap(sb, group);
	if (IS_ERR(bh))
		return (int)PTR_ERR(bh);
	for (bit = first; bit < sbi->s_inodes_per_group; bit++)
		if (!ext4_test_bit(bh->b_data, bit))
			break;
	if (bit == sbi->s_inodes_per_group) {
		brelse(bh);
		return -ENOSPC;
	}
	err = ext4_bitmap_access(h, sb, group, bh);
	if (err)
		return err;
	lock_buffer(bh);
	ext4_set_bit(bh->b_data, bit);
	ext4_inode_bitmap_csum_set(sbi, group, bh);
	unlock_buffer(bh);
	ext4_handle_dirty_metadata(h, NULL, bh);
	brelse(bh);
	take_inode(h, sb, group, bit, is_dir);
	return (int)bit;
}

int ext4_new_ino(struct ext4_handle *h, struct inode *dir, uint32_t mode, uint32_t *ino)
{
	struct super_block *sb = dir->i_sb;
	struct ext4_sb_info *sbi = EXT4_SB(sb);
	bool is_dir = S_ISDIR(mode);
	uint32_t start = ino_group(sbi, (uint32_t)dir->i_ino);
	int ret = -ENOSPC;

	mutex_lock(&sbi->s_lock);
	if (is_dir)
		start = dir_group(sbi, start);
	for (uint32_t i = 0; i < sbi->s_group_count; i++) {
		uint32_t g = (start + i) % sbi->s_group_count;

		ret = alloc_in_group(h, sb, g, is_dir);
		if (ret >= 0) {
			*ino = g * sbi->s_inodes_per_group + (uint32_t)ret + 1;
			ret = 0;
			break;
		}
		if (ret != -ENOSPC)
			break;
	}
	mutex_unlock(&sbi->s_lock);
	return ret;
}

int ext4_free_ino(struct ext4_handle *h, struct super_block *sb, uint32_t ino, bool is_dir)
{
	struct ext4_sb_info *sbi = EXT4_SB(sb);
	uint32_t group = ino_group(sbi, ino);
	uint32_t bit = (ino - 1) % sbi->s_inodes_per_group;
	struct ext4_group_desc *gd;
	struct buffer_head *bh;
	int err = 0;

	mutex_lock(&sbi->s_lock);
	bh = ext4_read_inode_bitmap(sb, group);
	if (IS_ERR(bh)) {
		err = (int)PTR_ERR(bh);
		goto out;
	}
	if (!ext4_test_bit(bh->b_data, bit)) {
		ext4_error(sb, "freeing free inode %u", ino);
		brelse(bh);
		err = -EUCLEAN;
		goto out;
	}
	err = ext4_bitmap_access(h, sb, group, bh);
	if (err)
		goto out;
	lock_buffer(bh);
	ext4_clear_bit(bh->b_data, bit);
	ext4_inode_bitmap_csum_set(sbi, group, bh);
	unlock_buffer(bh);
	ext4_handle_dirty_metadata(h, NULL, bh);
	brelse(bh);
	gd = ext4_group_desc(sbi, group);
	ext4_gd_set_free_inodes(sbi, gd, ext4_gd_free_inodes(sbi, gd) + 1);
	if (is_dir && ext4_gd_used_dirs(sbi, gd))
		ext4_gd_set_used_dirs(sbi, gd, ext4_gd_used_dirs(sbi, gd) - 1);
	sbi->s_es->s_free_inodes_count = le32(le32(sbi->s_es->s_free_inodes_count) + 1);
	ext4_group_desc_dirty(h, sb, group);
	ext4_super_dirty(h, sb);
out:
	mutex_unlock(&sbi->s_lock);
	return err;
}
