/*
 * fs/ext4/data.c - the blocks of files and directories.
 *
 * This is the only place that turns file offsets into device blocks, so
 * a page cache can replace it later without touching the rest:
 *
 *	ext4_map_blocks()      logical -> physical, allocating on request
 *	ext4_data_read/write   file bytes <-> blocks (holes and unwritten
 *	                       extents read as zeros)
 *	ext4_data_zero_tail    clear a last block past the end of the file
 *	ext4_dir_bread/append  directory blocks
 *
 * Today file data goes through the buffer cache: one buffer per block,
 * written back at sync or when the cache evicts it. Writing into an
 * unwritten extent zeroes the whole extent on disk first and then marks
 * it written (simple, and never exposes stale data).
 *
 * Ordered mode (with a journal): data is never journaled, but a block the
 * file did not have before - newly allocated, or an unwritten extent
 * zeroed, or the tail of the last block cleared before the size grows -
 * and a block holding bytes past the old size (an append) are written to
 * disk before the handle that records them stops. Their transaction cannot
 * commit earlier, so after a crash a file never shows bytes that were
 * never written. Overwrites inside the old size stay in the cache until
 * fsync, sync or write-back.
 */
#include "fs/ext4/internal.h"
#include "lib/string.h"

static uint64_t default_goal(struct inode *inode)
{
	struct ext4_sb_info *sbi = EXT4_SB(inode->i_sb);
	uint32_t group = (uint32_t)((inode->i_ino - 1) / sbi->s_inodes_per_group);

	return EXT4_I(inode)->i_alloc_goal ? EXT4_I(inode)->i_alloc_goal
					   : ext4_group_first_block(sbi, group);
}

/*
 * Zero every block of the unwritten extent holding @map->lblk (@map as
 * ext4_ext_map left it, not yet clamped) and mark the extent written.
 */
/* A data block changed: mark it dirty and, when @ordered, write it now. */
static int data_dirty(struct buffer_head *bh, bool ordered)
{
	mark_buffer_dirty(bh);
	return ordered ? sync_dirty_buffer(bh) : 0;
}

/* Ordered mode applies: new data reaches the disk before its metadata. */
static bool ordered(struct inode *inode)
{
	return EXT4_SB(inode->i_sb)->s_journal != NULL;
}

static int convert_unwritten(struct ext4_handle *h, struct inode *inode, struct ext4_map *map)
{
	struct ext4_sb_info *sbi = EXT4_SB(inode->i_sb);
	uint32_t before = map->lblk - map->ext_start;
	uint64_t first = map->pblk - before;
	int err;

	for (uint64_t i = 0; i < (uint64_t)before + map->len; i++) {
		struct buffer_head *bh = bget(sbi->s_bdev, first + i, sbi->s_block_size);

		if (IS_ERR(bh))
			return (int)PTR_ERR(bh);
		lock_buffer(bh);
		memset(bh->b_data, 0, sbi->s_block_size);
		set_buffer_uptodate(bh);
		unlock_buffer(bh);
		err = data_dirty(bh, ordered(inode));
		brelse(bh);
		if (err)
			return err;
	}
	err = ext4_ext_mark_written(h, inode, map->lblk);
	if (!err)
		map->flags &= ~EXT4_MAP_UNWRITTEN;
	return err;
}

int ext4_map_blocks(struct ext4_handle *h, struct inode *inode, struct ext4_map *map, uint32_t max,
		    bool create)
{
	struct ext4_inode_info *ei = EXT4_I(inode);
	uint64_t first;
	uint32_t want, got;
	int err;

	if (ei->i_flags & EXT4_EXTENTS_FL)
		err = ext4_ext_map(inode, map);
	else
		err = ext4_ind_map(inode, map);
	if (err)
		return err;
	if (map->flags & EXT4_MAP_MAPPED) {
		if ((map->flags & EXT4_MAP_UNWRITTEN) && create)
			err = convert_unwritten(h, inode, map);
		if (map->len > max)
			map->len = max;
		return err;
	}
	want = MIN(MIN(map->len, max), EXT4_EXT_INIT_MAX_LEN);
	if (!create) {
		map->len = MIN(map->len, max);
		return 0;
	}
	if (!(ei->i_flags & EXT4_EXTENTS_FL))
		return -EOPNOTSUPP;
	err = ext4_new_blocks(h, inode->i_sb, map->pblk ? map->pblk : default_goal(inode), want,
			      &first, &got);
	if (err)
		return err;
	err = ext4_ext_insert(h, inode, map->lblk, first, got);
	if (err) {
		ext4_free_blocks(h, inode->i_sb, first, got);
		return err;
	}
	ext4_inode_add_blocks(inode, got);
	ei->i_alloc_goal = first + got;
	map->pblk = first;
	map->len = got;
	map->flags = EXT4_MAP_MAPPED | EXT4_MAP_NEW;
	return 0;
}

long ext4_data_read(struct inode *inode, struct vfs_iter *to, int64_t pos)
{
	struct ext4_sb_info *sbi = EXT4_SB(inode->i_sb);
	uint32_t bs = sbi->s_block_size;
	int64_t end;
	int err = 0;

	if (pos >= inode->i_size)
		return 0;
	end = pos + (int64_t)MIN((uint64_t)to->left, (uint64_t)(inode->i_size - pos));
	while (pos < end && !err) {
		struct ext4_map map = {.lblk = (uint32_t)(pos >> sbi->s_block_log)};
		uint32_t blocks = (uint32_t)(((end - 1) >> sbi->s_block_log) - map.lblk + 1);

		err = ext4_map_blocks(NULL, inode, &map, blocks, false);
		for (uint32_t i = 0; i < map.len && pos < end && !err; i++) {
			uint32_t off = (uint32_t)(pos & (bs - 1));
			size_t chunk = (size_t)MIN((int64_t)(bs - off), end - pos);
			struct buffer_head *bh;

			if (!(map.flags & EXT4_MAP_MAPPED) || (map.flags & EXT4_MAP_UNWRITTEN)) {
				pos += (int64_t)vfs_iter_zero(to, chunk);
				continue;
			}
			bh = bread(sbi->s_bdev, map.pblk + i, bs);
			if (IS_ERR(bh)) {
				err = (int)PTR_ERR(bh);
				break;
			}
			pos += (int64_t)vfs_iter_copy_to(to, (char *)bh->b_data + off, chunk);
			brelse(bh);
		}
	}
	if (to->done)
		return (long)to->done;
	return err;
}

/* Copy @chunk bytes from @from into block @pblk at @off; a @fresh block
 * (just allocated) is zero-filled first. With @now it is written at once. */
static int write_block(struct inode *inode, uint64_t pblk, uint32_t off, size_t chunk, bool fresh,
		       bool now, struct vfs_iter *from)
{
	struct ext4_sb_info *sbi = EXT4_SB(inode->i_sb);
	bool whole = off == 0 && chunk == sbi->s_block_size;
	struct buffer_head *bh;
	int err;

	bh = (fresh || whole) ? bget(sbi->s_bdev, pblk, sbi->s_block_size)
			      : bread(sbi->s_bdev, pblk, sbi->s_block_size);
	if (IS_ERR(bh))
		return (int)PTR_ERR(bh);
	lock_buffer(bh);
	if (fresh && !whole)
		memset(bh->b_data, 0, sbi->s_block_size);
	vfs_iter_copy_from(from, (char *)bh->b_data + off, chunk);
	set_buffer_uptodate(bh);
	unlock_buffer(bh);
	err = data_dirty(bh, now);
	brelse(bh);
	return err;
}

long ext4_data_write(struct inode *inode, struct vfs_iter *from, int64_t pos)
{
	struct ext4_sb_info *sbi = EXT4_SB(inode->i_sb);
	uint32_t bs = sbi->s_block_size;
	int64_t end = pos + (int64_t)from->left;
	struct ext4_handle *h;
	int retries = 0, err = 0;

	if (pos > inode->i_size && (inode->i_size & (bs - 1)))
		err = ext4_data_zero_tail(inode, inode->i_size);
	while (pos < end && !err) {
		struct ext4_map map = {.lblk = (uint32_t)(pos >> sbi->s_block_log)};
		uint32_t blocks = (uint32_t)(((end - 1) >> sbi->s_block_log) - map.lblk + 1);

		h = ext4_journal_start(inode->i_sb, EXT4_DATA_TRANS_BLOCKS);
		if (IS_ERR(h)) {
			err = (int)PTR_ERR(h);
			break;
		}
		err = ext4_map_blocks(h, inode, &map, blocks, true);
		for (uint32_t i = 0; i < map.len && pos < end && !err; i++) {
			uint32_t off = (uint32_t)(pos & (bs - 1));
			size_t chunk = (size_t)MIN((int64_t)(bs - off), end - pos);
			bool fresh = map.flags & EXT4_MAP_NEW;
			/* Ordered: new blocks, and bytes the size will grow over. */
			bool now =
			    ordered(inode) && (fresh || pos + (int64_t)chunk > inode->i_size);

			err = write_block(inode, map.pblk + i, off, chunk, fresh, now, from);
			if (!err)
				pos += (int64_t)chunk;
		}
		if (pos > inode->i_size)
			inode->i_size = pos;
		ext4_write_inode(h, inode);
		ext4_journal_stop(h);
		/* Blocks freed by an uncommitted transaction come back after a commit. */
		if (err == -ENOSPC && ext4_should_retry_alloc(inode->i_sb, &retries))
			err = 0;
	}
	if (from->done)
		return (long)from->done;
	return err;
}

int ext4_data_zero_tail(struct inode *inode, int64_t size)
{
	struct ext4_sb_info *sbi = EXT4_SB(inode->i_sb);
	uint32_t off = (uint32_t)(size & (sbi->s_block_size - 1));
	struct ext4_map map = {.lblk = (uint32_t)(size >> sbi->s_block_log)};
	struct buffer_head *bh;
	int err;

	if (off == 0)
		return 0;
	err = ext4_map_blocks(NULL, inode, &map, 1, false);
	if (err || !(map.flags & EXT4_MAP_MAPPED) || (map.flags & EXT4_MAP_UNWRITTEN))
		return err;
	bh = bread(sbi->s_bdev, map.pblk, sbi->s_block_size);
	if (IS_ERR(bh))
		return (int)PTR_ERR(bh);
	lock_buffer(bh);
	memset((char *)bh->b_data + off, 0, sbi->s_block_size - off);
	unlock_buffer(bh);
	/* Ordered: the zeros land before a larger size can commit. */
	err = data_dirty(bh, ordered(inode));
	brelse(bh);
	return err;
}

struct buffer_head *ext4_dir_bread(struct inode *dir, uint32_t lblk)
{
	struct ext4_sb_info *sbi = EXT4_SB(dir->i_sb);
	struct ext4_map map = {.lblk = lblk};
	int err = ext4_map_blocks(NULL, dir, &map, 1, false);

	if (err)
		return ERR_PTR(err);
	if (!(map.flags & EXT4_MAP_MAPPED) || (map.flags & EXT4_MAP_UNWRITTEN)) {
		ext4_error(dir->i_sb, "directory %llu has a hole at block %u",
			   (unsigned long long)dir->i_ino, lblk);
		return ERR_PTR(-EUCLEAN);
	}
	return bread(sbi->s_bdev, map.pblk, sbi->s_block_size);
}

struct buffer_head *ext4_dir_append(struct ext4_handle *h, struct inode *dir, uint32_t *lblk)
{
	struct ext4_sb_info *sbi = EXT4_SB(dir->i_sb);
	uint64_t blocks = (uint64_t)dir->i_size >> sbi->s_block_log;
	struct ext4_map map = {.lblk = (uint32_t)blocks};
	struct buffer_head *bh;
	int err;

	if (blocks >= (1u << 28)) /* htree block numbers have 28 bits */
		return ERR_PTR(-ENOSPC);
	err = ext4_map_blocks(h, dir, &map, 1, true);
	if (err)
		return ERR_PTR(err);
	bh = bget(sbi->s_bdev, map.pblk, sbi->s_block_size);
	if (IS_ERR(bh))
		return bh;
	ext4_journal_get_create_access(h, bh);
	lock_buffer(bh);
	memset(bh->b_data, 0, sbi->s_block_size);
	set_buffer_uptodate(bh);
	unlock_buffer(bh);
	dir->i_size += sbi->s_block_size;
	err = ext4_write_inode(h, dir);
	if (err) {
		brelse(bh);
		return ERR_PTR(err);
	}
	*lblk = map.lblk;
	return bh;
}
