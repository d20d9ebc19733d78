/*
 * fs/ext4/data.c - the blocks of files and directories.
 *
 * This is the only place that turns file offsets into device blocks:
 *
 *	ext4_map_blocks()      logical -> physical, allocating on request
 *	ext4_data_read/write   file bytes through the page cache
 *	                       (fs/vfs/pagecache.h); ext4_aops.map tells the
 *	                       cache where blocks are (holes and unwritten
 *	                       extents read as zeros), ext4_aops.mkwrite
 *	                       allocates them for a write fault in a shared
 *	                       mapping
 *	ext4_data_zero_tail    clear a last block past the end of the file
 *	ext4_dir_bread/append  directory blocks (buffer cache, journaled)
 *
 * Allocation is immediate: a write maps (allocates) its blocks in a
 * journal handle, then copies the bytes into cached pages and marks them
 * dirty; write-back only writes pages to blocks that exist. Writing into
 * an unwritten extent zeroes the blocks the write covers on disk (directly,
 * not through any cache) and marks just them written, splitting the extent.
 *
 * Ordered mode (with a journal): data is never journaled. A handle that
 * gives the file new blocks or a larger size marks the inode ordered
 * (pagecache_mark_ordered); before that transaction commits, the journal
 * writes the dirty pages of every ordered inode (ext4_journal's commit
 * hook calls pagecache_write_ordered). So after a crash a file never shows
 * blocks or bytes that were never written. Overwrites inside the old size
 * reach the disk at fsync, sync or write-back (as in Linux, not atomic).
 */
#include "fs/ext4/internal.h"
#include "lib/string.h"
#include "mm/kmalloc.h"

/* Zeroing writes go out in pieces of at most this many bytes. */
#define ZERO_CHUNK (64u << 10)

static uint64_t default_goal(struct inode *inode)
{
	struct ext4_sb_info *sbi = EXT4_SB(inode->i_sb);
	uint32_t group = (uint32_t)((inode->i_ino - 1) / sbi->s_inodes_per_group);

	return EXT4_I(inode)->i_alloc_goal ? EXT4_I(inode)->i_alloc_goal
					   : ext4_group_first_block(sbi, group);
}

/* Ordered mode applies: new data reaches the disk before its metadata. */
static bool ordered(struct inode *inode)
{
	return EXT4_SB(inode->i_sb)->s_journal != NULL;
}

/* Write zeros to blocks [@pblk, @pblk + @n) on disk, synchronously. */
static int zero_blocks(struct ext4_sb_info *sbi, uint64_t pblk, uint32_t n)
{
	uint64_t bytes = (uint64_t)n << sbi->s_block_log;
	uint64_t sector = pblk << (sbi->s_block_log - SECTOR_SHIFT);
	size_t chunk = (size_t)MIN(bytes, (uint64_t)MAX(ZERO_CHUNK, sbi->s_block_size));
	void *zeros = kzalloc(chunk, 0);
	int err = 0;

	if (!zeros)
		return -ENOMEM;
	while (bytes && !err) {
		size_t len = (size_t)MIN(bytes, (uint64_t)chunk);

		err = blk_rw(sbi->s_bdev, BLK_WRITE, sector, zeros, len);
		sector += len >> SECTOR_SHIFT;
		bytes -= len;
	}
	kfree(zeros);
	return err ? -EIO : 0;
}

/*
 * Zero the @map->len blocks of an unwritten extent that @map covers (as
 * clamped to the write) and mark just them written: the extent is split.
 * The zeros go straight to the disk before the handle stops, so the
 * conversion can never commit over stale contents; the cached pages of
 * those blocks hold zeros already (unwritten blocks read as zeros).
 */
static int convert_unwritten(struct ext4_handle *h, struct inode *inode, struct ext4_map *map)
{
	int err = zero_blocks(EXT4_SB(inode->i_sb), map->pblk, map->len);

	if (!err)
		err = ext4_ext_convert_written(h, inode, map->lblk, map->len);
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
		if (map->len > max)
			map->len = max;
		if ((map->flags & EXT4_MAP_UNWRITTEN) && create)
			err = convert_unwritten(h, inode, map);
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

/* ext4_aops.map: where the byte at @pos lives (no allocation). */
static int ext4_pcache_map(struct inode *inode, int64_t pos, struct pcache_extent *ext)
{
	struct ext4_sb_info *sbi = EXT4_SB(inode->i_sb);
	uint32_t off = (uint32_t)(pos & (sbi->s_block_size - 1));
	struct ext4_map map = {.lblk = (uint32_t)(pos >> sbi->s_block_log)};
	int err = ext4_map_blocks(NULL, inode, &map, EXT4_MAX_LBLK, false);

	if (err)
		return err;
	ext->mapped = (map.flags & EXT4_MAP_MAPPED) && !(map.flags & EXT4_MAP_UNWRITTEN);
	ext->len = ((uint64_t)MAX(map.len, 1u) << sbi->s_block_log) - off;
	ext->sector = ext->mapped ? ((map.pblk << sbi->s_block_log) + off) >> SECTOR_SHIFT : 0;
	return 0;
}

/*
 * Map (allocate) blocks from @lblk on, at most @blocks, for data about to
 * be written: a new block larger than a page is zeroed on disk first, so
 * its pages that the write does not dirty still read as zeros.
 */
static int map_for_write(struct ext4_handle *h, struct inode *inode, struct ext4_map *map,
			 uint32_t blocks)
{
	struct ext4_sb_info *sbi = EXT4_SB(inode->i_sb);
	int err = ext4_map_blocks(h, inode, map, blocks, true);

	if (!err && (map->flags & EXT4_MAP_NEW) && sbi->s_block_size > PAGE_SIZE)
		err = zero_blocks(sbi, map->pblk, map->len);
	/* Ordered: new blocks wait for their data (the page is dirty already). */
	if (!err && ordered(inode) && (map->flags & EXT4_MAP_NEW))
		pagecache_mark_ordered(inode);
	return err;
}

/* One journal handle's worth of ext4_pcache_mkwrite; *@pos advances. */
static int mkwrite_run(struct inode *inode, int64_t *pos, int64_t end)
{
	struct ext4_sb_info *sbi = EXT4_SB(inode->i_sb);
	struct ext4_map map = {.lblk = (uint32_t)(*pos >> sbi->s_block_log)};
	uint32_t blocks = (uint32_t)(((end - 1) >> sbi->s_block_log) - map.lblk + 1);
	struct ext4_handle *h = ext4_journal_start(inode->i_sb, EXT4_DATA_TRANS_BLOCKS);
	int err;

	if (IS_ERR(h))
		return (int)PTR_ERR(h);
	err = map_for_write(h, inode, &map, blocks);
	if (!err)
		*pos = (int64_t)(((uint64_t)map.lblk + map.len) << sbi->s_block_log);
	if (!err && (map.flags & EXT4_MAP_NEW))
		err = ext4_write_inode(h, inode);
	ext4_journal_stop(h);
	return err;
}

/* ext4_aops.mkwrite: a shared mapping writes [@pos, @end); give it blocks. */
static int ext4_pcache_mkwrite(struct inode *inode, int64_t pos, int64_t end)
{
	int retries = 0, err = 0;

	if (ext4_sb_rdonly(inode->i_sb))
		return -EROFS;
	while (pos < end && !err) {
		err = mkwrite_run(inode, &pos, end);
		if (err == -ENOSPC && ext4_should_retry_alloc(inode->i_sb, &retries))
			err = 0;
	}
	return err;
}

static const struct address_space_operations ext4_aops = {
    .map = ext4_pcache_map,
    .mkwrite = ext4_pcache_mkwrite,
};

void ext4_data_init_mapping(struct inode *inode)
{
	inode->i_data.a_ops = &ext4_aops;
	inode->i_data.bdev = EXT4_SB(inode->i_sb)->s_bdev;
}

long ext4_data_read(struct file *file, struct inode *inode, struct vfs_iter *to, int64_t pos)
{
	return pagecache_read(file, inode, to, pos);
}

/* One journal handle's worth of a write: map (allocate) the blocks from
 * @pos on and copy their bytes in. *@pos advances. */
static int write_run(struct inode *inode, struct vfs_iter *from, int64_t *pos, int64_t end)
{
	struct ext4_sb_info *sbi = EXT4_SB(inode->i_sb);
	struct ext4_map map = {.lblk = (uint32_t)(*pos >> sbi->s_block_log)};
	uint32_t blocks = (uint32_t)(((end - 1) >> sbi->s_block_log) - map.lblk + 1);
	struct ext4_handle *h;
	int64_t run_end;
	size_t want, n;
	int err;

	h = ext4_journal_start(inode->i_sb, EXT4_DATA_TRANS_BLOCKS);
	if (IS_ERR(h))
		return (int)PTR_ERR(h);
	err = map_for_write(h, inode, &map, blocks);
	if (!err) {
		run_end = MIN(end, (int64_t)(((uint64_t)map.lblk + map.len) << sbi->s_block_log));
		want = (size_t)(run_end - *pos);
		n = pagecache_copy_from(inode, from, *pos, want);
		*pos += (int64_t)n;
		if (n < want)
			err = -ENOMEM;
		/* Ordered: a larger size waits for its data too. */
		if (ordered(inode) && *pos > inode->i_size)
			pagecache_mark_ordered(inode);
		if (*pos > inode->i_size)
			inode->i_size = *pos;
	}
	ext4_write_inode(h, inode);
	ext4_journal_stop(h);
	return err;
}

long ext4_data_write(struct inode *inode, struct vfs_iter *from, int64_t pos)
{
	int64_t end = pos + (int64_t)from->left;
	struct pcache_write w;
	int retries = 0, err = 0;

	if (pos > inode->i_size)
		err = ext4_data_zero_tail(inode, inode->i_size);
	if (!err)
		err = pagecache_write_begin(inode, pos, from->left, &w);
	if (err)
		return err;
	while (pos < end && !err) {
		err = write_run(inode, from, &pos, end);
		/* Blocks freed by an uncommitted transaction come back after a commit. */
		if (err == -ENOSPC && ext4_should_retry_alloc(inode->i_sb, &retries))
			err = 0;
	}
	pagecache_write_end(&w);
	if (from->done)
		return (long)from->done;
	return err;
}

int ext4_data_zero_tail(struct inode *inode, int64_t size)
{
	struct ext4_sb_info *sbi = EXT4_SB(inode->i_sb);
	uint32_t off = (uint32_t)(size & (sbi->s_block_size - 1));
	struct ext4_map map = {.lblk = (uint32_t)(size >> sbi->s_block_log)};
	int err;

	if (off == 0)
		return 0;
	err = ext4_map_blocks(NULL, inode, &map, 1, false);
	if (err || !(map.flags & EXT4_MAP_MAPPED) || (map.flags & EXT4_MAP_UNWRITTEN))
		return err;
	err = pagecache_zero_range(inode, size, size - off + sbi->s_block_size);
	/* Ordered: the zeros land before a larger size can commit. */
	if (!err && ordered(inode))
		pagecache_mark_ordered(inode);
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
