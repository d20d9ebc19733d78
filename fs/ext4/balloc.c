/*
 * fs/ext4/balloc.c - block allocation: find free runs in the block
 * bitmaps near a goal, mark them, and keep the group descriptor and super
 * block free counts and the bitmap checksums in step.
 *
 * The search starts in the goal's group at the goal and then walks the
 * following groups; the first free block found starts the run, which is
 * extended while the next blocks are free (never across a group). The
 * root-reserved blocks (s_r_blocks_count) are not held back: every
 * caller is treated like root. With a journal, blocks freed by a
 * transaction that has not committed yet are skipped (freed.c).
 */
#include "fs/ext4/internal.h"

bool ext4_blocks_valid(struct ext4_sb_info *sbi, uint64_t pblk, uint64_t len)
{
	return len && pblk >= sbi->s_first_data_block && pblk < sbi->s_blocks_count &&
	       len <= sbi->s_blocks_count - pblk;
}

/* First clear bit in [from, limit) of @map, or @limit. */
static uint32_t find_zero(const uint8_t *map, uint32_t from, uint32_t limit)
{
	uint32_t b = from;

	while (b < limit) {
		if ((b & 7) == 0 && map[b >> 3] == 0xFF) {
			b += 8;
			continue;
		}
		if (!ext4_test_bit(map, b))
			return b;
		b++;
	}
	return limit;
}

static void count_blocks(struct ext4_handle *h, struct super_block *sb, uint32_t group,
			 int64_t delta)
{
	struct ext4_sb_info *sbi = EXT4_SB(sb);
	struct ext4_group_desc *gd = ext4_group_desc(sbi, group);

	ext4_gd_set_free_blocks(sbi, gd, (uint32_t)(ext4_gd_free_blocks(sbi, gd) + delta));
	ext4_set_free_blocks_count(sbi, (uint64_t)((int64_t)ext4_free_blocks_count(sbi) + delta));
	ext4_group_desc_dirty(h, sb, group);
	ext4_super_dirty(h, sb);
}

/*
 * First bit in [from, limit) of @group that is clear in @map and not held
 * back (or @limit); *@run_end gets where the next held range starts.
 */
static uint32_t find_free(struct ext4_sb_info *sbi, uint32_t group, const uint8_t *map,
			  uint32_t from, uint32_t limit, uint32_t *run_end)
{
	uint64_t base = ext4_group_first_block(sbi, group);
	uint32_t bit = from;

	while ((bit = find_zero(map, bit, limit)) < limit) {
		uint64_t start, end;

		if (!ext4_freed_find(sbi, base + bit, &start, &end) || start >= base + limit) {
			*run_end = limit;
			return bit;
		}
		if (start > base + bit) {
			*run_end = (uint32_t)(start - base);
			return bit;
		}
		if (end >= base + limit)
			break;
		bit = (uint32_t)(end - base);
	}
	return limit;
}

/* Take up to @want blocks from @group starting the search at bit @start. */
static int alloc_in_group(struct ext4_handle *h, struct super_block *sb, uint32_t group,
			  uint32_t start, uint32_t want, uint64_t *first, uint32_t *got)
{
	struct ext4_sb_info *sbi = EXT4_SB(sb);
	struct ext4_group_desc *gd = ext4_group_desc(sbi, group);
	uint32_t limit = ext4_group_blocks(sbi, group);
	uint32_t free = ext4_gd_free_blocks(sbi, gd);
	struct buffer_head *bh;
	uint32_t bit, run_end, n = 0;
	int err;

	if (free == 0)
		return -ENOSPC;
	bh = ext4_read_block_bitmap(sb, group);
	if (IS_ERR(bh))
		return (int)PTR_ERR(bh);
	bit = find_free(sbi, group, bh->b_data, start < limit ? start : 0, limit, &run_end);
	if (bit == limit && start)
		bit = find_free(sbi, group, bh->b_data, 0, limit, &run_end);
	if (bit == limit) {
		brelse(bh);
		return -ENOSPC;
	}
	err = ext4_bitmap_access(h, sb, group, bh);
	if (err)
		return err;
	lock_buffer(bh);
	while (n < want && n < free && bit + n < run_end && !ext4_test_bit(bh->b_data, bit + n)) {
		ext4_set_bit(bh->b_data, bit + n);
		n++;
	}
	ext4_block_bitmap_csum_set(sbi, group, bh);
	unlock_buffer(bh);
	ext4_handle_dirty_metadata(h, NULL, bh);
	brelse(bh);
	gd->bg_flags = le16(le16(gd->bg_flags) & ~EXT4_BG_BLOCK_UNINIT);
	count_blocks(h, sb, group, -(int64_t)n);
	*first = ext4_group_first_block(sbi, group) + bit;
	*got = n;
	return 0;
}

int ext4_new_blocks(struct ext4_handle *h, struct super_block *sb, uint64_t goal, uint32_t want,
		    uint64_t *first, uint32_t *got)
{
	struct ext4_sb_info *sbi = EXT4_SB(sb);
	uint32_t group, start;
	int err = -ENOSPC;

	if (!ext4_blocks_valid(sbi, goal, 1))
		goal = sbi->s_first_data_block;
	group = (uint32_t)((goal - sbi->s_first_data_block) / sbi->s_blocks_per_group);
	start = (uint32_t)((goal - sbi->s_first_data_block) % sbi->s_blocks_per_group);
	mutex_lock(&sbi->s_lock);
	if (sbi->s_journal)
		ext4_freed_prune(sb);
	for (uint32_t i = 0; i < sbi->s_group_count; i++) {
		uint32_t g = (group + i) % sbi->s_group_count;

		err = alloc_in_group(h, sb, g, i == 0 ? start : 0, want, first, got);
		if (err != -ENOSPC)
			break;
	}
	mutex_unlock(&sbi->s_lock);
	return err;
}

/* Free [first, first + count) inside one group. */
static int free_in_group(struct ext4_handle *h, struct super_block *sb, uint32_t group,
			 uint32_t bit, uint32_t count)
{
	struct ext4_sb_info *sbi = EXT4_SB(sb);
	struct buffer_head *bh = ext4_read_block_bitmap(sb, group);
	uint32_t freed = 0;
	int err = 0;

	if (IS_ERR(bh))
		return (int)PTR_ERR(bh);
	err = ext4_bitmap_access(h, sb, group, bh);
	if (err)
		return err;
	lock_buffer(bh);
	for (uint32_t b = bit; b < bit + count; b++) {
		if (!ext4_test_bit(bh->b_data, b)) {
			err = -EUCLEAN;
			continue;
		}
		ext4_clear_bit(bh->b_data, b);
		freed++;
	}
	ext4_block_bitmap_csum_set(sbi, group, bh);
	unlock_buffer(bh);
	ext4_handle_dirty_metadata(h, NULL, bh);
	brelse(bh);
	count_blocks(h, sb, group, freed);
	if (err)
		ext4_error(sb, "freeing already free blocks in group %u", group);
	return err;
}

int ext4_free_blocks(struct ext4_handle *h, struct super_block *sb, uint64_t first, uint64_t count)
{
	struct ext4_sb_info *sbi = EXT4_SB(sb);
	int err = 0;

	if (!ext4_blocks_valid(sbi, first, count)) {
		ext4_error(sb, "freeing blocks %llu+%llu outside the file system",
			   (unsigned long long)first, (unsigned long long)count);
		return -EUCLEAN;
	}
	mutex_lock(&sbi->s_lock);
	while (count && !err) {
		uint64_t rel = first - sbi->s_first_data_block;
		uint32_t group = (uint32_t)(rel / sbi->s_blocks_per_group);
		uint32_t bit = (uint32_t)(rel % sbi->s_blocks_per_group);
		uint32_t n = sbi->s_blocks_per_group - bit;

		if (n > count)
			n = (uint32_t)count;
		err = free_in_group(h, sb, group, bit, n);
		if (!err)
			err = ext4_freed_add(h, sb, first, n);
		first += n;
		count -= n;
	}
	mutex_unlock(&sbi->s_lock);
	return err;
}

uint64_t ext4_overhead_blocks(struct ext4_sb_info *sbi)
{
	uint64_t n = sbi->s_first_data_block;

	for (uint32_t g = 0; g < sbi->s_group_count; g++)
		n += ext4_group_sb_gdt_blocks(sbi, g) + 2 + sbi->s_itable_blocks;
	return n;
}
