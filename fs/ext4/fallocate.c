/*
 * fs/ext4/fallocate.c - fallocate(2) for extent-mapped files: the default
 * mode and FALLOC_FL_KEEP_SIZE reserve blocks as unwritten extents (ee_len
 * above 32768), which read as zeros until a write converts the blocks it
 * covers (data.c, ext4_ext_convert_written). Other modes are -EOPNOTSUPP.
 *
 * The holes of the range are filled one extent per journal handle, each
 * step leaving the tree, the bitmaps and the inode consistent. Without
 * KEEP_SIZE the size grows with the steps, to the end of what is
 * allocated so far (as Linux), so -ENOSPC in the middle keeps the blocks
 * already reserved and a size that covers them. With KEEP_SIZE blocks may
 * lie past i_size (e2fsck accepts unwritten blocks there).
 *
 * Runs under inode->i_lock, like writes and truncation.
 */
#include "fs/ext4/internal.h"
#include "uapi/falloc.h"

/* Reserve the hole at @map->lblk (at most @max blocks) as an unwritten extent. */
static int fill_hole(struct ext4_handle *h, struct inode *inode, struct ext4_map *map, uint32_t max)
{
	uint32_t want = MIN(MIN(map->len, max), EXT4_EXT_UNWRITTEN_MAX_LEN);
	uint64_t goal = map->pblk ? map->pblk : ext4_alloc_goal(inode);
	uint64_t first;
	uint32_t got;
	int err;

	err = ext4_new_blocks(h, inode->i_sb, goal, want, &first, &got);
	if (err)
		return err;
	err = ext4_ext_insert_unwritten(h, inode, map->lblk, first, got);
	if (err) {
		ext4_free_blocks(h, inode->i_sb, first, got);
		return err;
	}
	ext4_inode_add_blocks(inode, got);
	EXT4_I(inode)->i_alloc_goal = first + got;
	map->len = got;
	return 0;
}

/*
 * One step: from @lblk, skip what is mapped or fill one hole, up to @last.
 * *@next is where the next step starts. Grows the size to @new_size at
 * most (0: keep it).
 */
static int alloc_step(struct inode *inode, uint32_t lblk, uint32_t last, int64_t new_size,
		      uint64_t *next)
{
	struct ext4_sb_info *sbi = EXT4_SB(inode->i_sb);
	struct ext4_map map = {.lblk = lblk};
	struct ext4_handle *h;
	int64_t end;
	int err;

	h = ext4_journal_start(inode->i_sb, EXT4_DATA_TRANS_BLOCKS);
	if (IS_ERR(h))
		return (int)PTR_ERR(h);
	err = ext4_ext_map(inode, &map);
	if (!err && !(map.flags & EXT4_MAP_MAPPED))
		err = fill_hole(h, inode, &map, last - lblk + 1);
	if (!err) {
		*next = (uint64_t)lblk + MIN(map.len, last - lblk + 1);
		end = (int64_t)(*next << sbi->s_block_log);
		if (new_size && MIN(end, new_size) > inode->i_size)
			inode->i_size = MIN(end, new_size);
		err = ext4_write_inode(h, inode);
	}
	ext4_journal_stop(h);
	return err;
}

/* Reserve every hole of bytes [@offset, @offset + @len). */
static int alloc_range(struct inode *inode, int64_t offset, int64_t len, bool keep_size)
{
	struct ext4_sb_info *sbi = EXT4_SB(inode->i_sb);
	int64_t end = offset + len;
	uint64_t lblk = (uint64_t)offset >> sbi->s_block_log;
	uint64_t last = (uint64_t)(end - 1) >> sbi->s_block_log;
	int64_t new_size = !keep_size && end > inode->i_size ? end : 0;
	int retries = 0, err = 0;

	if (last > EXT4_MAX_LBLK)
		return -EFBIG;
	/* The old last block's bytes past the size must read as zeros. */
	if (new_size)
		err = ext4_data_zero_tail(inode, inode->i_size);
	while (!err && lblk <= last) {
		err = alloc_step(inode, (uint32_t)lblk, (uint32_t)last, new_size, &lblk);
		/* Blocks freed by an uncommitted transaction come back after a commit. */
		if (err == -ENOSPC && ext4_should_retry_alloc(inode->i_sb, &retries))
			err = 0;
	}
	return err;
}

int ext4_fallocate(struct file *file, int mode, int64_t offset, int64_t len)
{
	struct inode *inode = file->f_inode;
	int err;

	if (mode & ~FALLOC_FL_KEEP_SIZE)
		return -EOPNOTSUPP;
	if (ext4_sb_rdonly(inode->i_sb))
		return -EROFS;
	if (!(EXT4_I(inode)->i_flags & EXT4_EXTENTS_FL))
		return -EOPNOTSUPP;
	mutex_lock(&inode->i_lock);
	err = alloc_range(inode, offset, len, mode & FALLOC_FL_KEEP_SIZE);
	if (!err) {
		inode->i_mtime = inode->i_ctime = vfs_now();
		err = ext4_write_inode_now(inode);
	}
	mutex_unlock(&inode->i_lock);
	return err;
}
