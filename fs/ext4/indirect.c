/*
 * fs/ext4/indirect.c - reading files that use the old ext2/ext3 block map
 * instead of extents: i_block[0..11] point at data, [12] at a block of
 * pointers, [13] at a block of pointer blocks, [14] one level more.
 * Read-only: new files always get extents, and writes to a block-mapped
 * file that would allocate are refused (-EOPNOTSUPP) by data.c.
 */
#include "fs/ext4/internal.h"

#define IND_DIRECT 12

/* Follow @levels pointer blocks from @block to the entry for @index. */
static int walk(struct inode *inode, uint32_t block, uint32_t index, int levels, uint32_t *out)
{
	struct ext4_sb_info *sbi = EXT4_SB(inode->i_sb);
	uint32_t per_block = sbi->s_block_size / 4;

	while (levels-- > 0) {
		struct buffer_head *bh;
		uint32_t span = 1, slot;

		if (block == 0)
			break;
		if (!ext4_blocks_valid(sbi, block, 1))
			return -EUCLEAN;
		for (int i = 0; i < levels; i++)
			span *= per_block;
		slot = index / span;
		index %= span;
		bh = bread(sbi->s_bdev, block, sbi->s_block_size);
		if (IS_ERR(bh))
			return (int)PTR_ERR(bh);
		block = le32(((uint32_t *)bh->b_data)[slot]);
		brelse(bh);
	}
	*out = block;
	return 0;
}

int ext4_ind_map(struct inode *inode, struct ext4_map *map)
{
	struct ext4_sb_info *sbi = EXT4_SB(inode->i_sb);
	const uint32_t *data = EXT4_I(inode)->i_data;
	uint64_t per_block = sbi->s_block_size / 4;
	uint64_t lblk = map->lblk;
	uint32_t pblk = 0;
	int err = 0;

	if (lblk < IND_DIRECT) {
		pblk = le32(data[lblk]);
	} else if ((lblk -= IND_DIRECT) < per_block) {
		err = walk(inode, le32(data[12]), (uint32_t)lblk, 1, &pblk);
	} else if ((lblk -= per_block) < per_block * per_block) {
		err = walk(inode, le32(data[13]), (uint32_t)lblk, 2, &pblk);
	} else if ((lblk -= per_block * per_block) < per_block * per_block * per_block) {
		err = walk(inode, le32(data[14]), (uint32_t)lblk, 3, &pblk);
	}
	if (err)
		return err;
	map->len = 1;
	map->flags = 0;
	map->pblk = 0;
	if (pblk) {
		if (!ext4_blocks_valid(sbi, pblk, 1))
			return -EUCLEAN;
		map->pblk = pblk;
		map->flags = EXT4_MAP_MAPPED;
	}
	return 0;
}
