/*
 * fs/ext4/group.c - block groups: their descriptors (32 or 64 bytes, in
 * the descriptor table after the super block, held in memory while
 * mounted), the geometry of each group, and the block and inode bitmaps.
 *
 * Bitmaps of groups that were never used may be flagged BLOCK_UNINIT /
 * INODE_UNINIT: their blocks on disk are garbage and the bitmap is built
 * in memory (the group's super block backup, descriptor table and, with
 * flex_bg, the bitmaps and inode tables of other groups it houses). With
 * metadata_csum each bitmap has a CRC-32C in the descriptor, checked the
 * first time the bitmap is read.
 */
#include "fs/ext4/internal.h"
#include "lib/string.h"
#include "mm/kmalloc.h"

struct ext4_group_desc *ext4_group_desc(struct ext4_sb_info *sbi, uint32_t group)
{
	uint32_t block = group / sbi->s_descs_per_block;
	uint32_t offset = (group % sbi->s_descs_per_block) * sbi->s_desc_size;

	return (struct ext4_group_desc *)((uint8_t *)sbi->s_gdt_bh[block]->b_data + offset);
}

static bool has_hi(struct ext4_sb_info *sbi)
{
	return sbi->s_desc_size >= EXT4_MIN_DESC_SIZE_64BIT;
}

uint64_t ext4_gd_block_bitmap(struct ext4_sb_info *sbi, const struct ext4_group_desc *gd)
{
	return le32(gd->bg_block_bitmap_lo) |
	       (has_hi(sbi) ? (uint64_t)le32(gd->bg_block_bitmap_hi) << 32 : 0);
}

uint64_t ext4_gd_inode_bitmap(struct ext4_sb_info *sbi, const struct ext4_group_desc *gd)
{
	return le32(gd->bg_inode_bitmap_lo) |
	       (has_hi(sbi) ? (uint64_t)le32(gd->bg_inode_bitmap_hi) << 32 : 0);
}

uint64_t ext4_gd_inode_table(struct ext4_sb_info *sbi, const struct ext4_group_desc *gd)
{
	return le32(gd->bg_inode_table_lo) |
	       (has_hi(sbi) ? (uint64_t)le32(gd->bg_inode_table_hi) << 32 : 0);
}

static uint32_t get_pair(struct ext4_sb_info *sbi, uint16_t lo, uint16_t hi)
{
	return le16(lo) | (has_hi(sbi) ? (uint32_t)le16(hi) << 16 : 0);
}

uint32_t ext4_gd_free_blocks(struct ext4_sb_info *sbi, const struct ext4_group_desc *gd)
{
	return get_pair(sbi, gd->bg_free_blocks_count_lo, gd->bg_free_blocks_count_hi);
}

uint32_t ext4_gd_free_inodes(struct ext4_sb_info *sbi, const struct ext4_group_desc *gd)
{
	return get_pair(sbi, gd->bg_free_inodes_count_lo, gd->bg_free_inodes_count_hi);
}

uint32_t ext4_gd_used_dirs(struct ext4_sb_info *sbi, const struct ext4_group_desc *gd)
{
	return get_pair(sbi, gd->bg_used_dirs_count_lo, gd->bg_used_dirs_count_hi);
}

uint32_t ext4_gd_itable_unused(struct ext4_sb_info *sbi, const struct ext4_group_desc *gd)
{
	return get_pair(sbi, gd->bg_itable_unused_lo, gd->bg_itable_unused_hi);
}

static void set_pair(struct ext4_sb_info *sbi, uint16_t *lo, uint16_t *hi, uint32_t n)
{
	*lo = le16((uint16_t)n);
	if (has_hi(sbi))
		*hi = le16((uint16_t)(n >> 16));
}

void ext4_gd_set_free_blocks(struct ext4_sb_info *sbi, struct ext4_group_desc *gd, uint32_t n)
{
	set_pair(sbi, &gd->bg_free_blocks_count_lo, &gd->bg_free_blocks_count_hi, n);
}

void ext4_gd_set_free_inodes(struct ext4_sb_info *sbi, struct ext4_group_desc *gd, uint32_t n)
{
	set_pair(sbi, &gd->bg_free_inodes_count_lo, &gd->bg_free_inodes_count_hi, n);
}

void ext4_gd_set_used_dirs(struct ext4_sb_info *sbi, struct ext4_group_desc *gd, uint32_t n)
{
	set_pair(sbi, &gd->bg_used_dirs_count_lo, &gd->bg_used_dirs_count_hi, n);
}

void ext4_gd_set_itable_unused(struct ext4_sb_info *sbi, struct ext4_group_desc *gd, uint32_t n)
{
	set_pair(sbi, &gd->bg_itable_unused_lo, &gd->bg_itable_unused_hi, n);
}

int ext4_group_desc_access(struct ext4_handle *h, struct super_block *sb, uint32_t group)
{
	struct ext4_sb_info *sbi = EXT4_SB(sb);

	return ext4_journal_get_write_access(h, sbi->s_gdt_bh[group / sbi->s_descs_per_block]);
}

int ext4_bitmap_access(struct ext4_handle *h, struct super_block *sb, uint32_t group,
		       struct buffer_head *bh)
{
	int err = ext4_journal_get_write_access(h, bh);

	if (!err)
		err = ext4_group_desc_access(h, sb, group);
	if (!err)
		err = ext4_super_access(h, sb);
	if (err)
		brelse(bh);
	return err;
}

void ext4_group_desc_dirty(struct ext4_handle *h, struct super_block *sb, uint32_t group)
{
	struct ext4_sb_info *sbi = EXT4_SB(sb);
	struct ext4_group_desc *gd = ext4_group_desc(sbi, group);
	struct buffer_head *bh = sbi->s_gdt_bh[group / sbi->s_descs_per_block];

	if (sbi->s_metadata_csum || sbi->s_gdt_csum)
		gd->bg_checksum = le16(ext4_group_desc_csum(sbi, group, gd));
	ext4_handle_dirty_metadata(h, NULL, bh);
}

/* ----- geometry ----- */

uint64_t ext4_group_first_block(struct ext4_sb_info *sbi, uint32_t group)
{
	return sbi->s_first_data_block + (uint64_t)group * sbi->s_blocks_per_group;
}

uint32_t ext4_group_blocks(struct ext4_sb_info *sbi, uint32_t group)
{
	uint64_t left = sbi->s_blocks_count - ext4_group_first_block(sbi, group);

	return left < sbi->s_blocks_per_group ? (uint32_t)left : sbi->s_blocks_per_group;
}

static bool is_power_of(uint32_t n, uint32_t base)
{
	while (n > 1 && n % base == 0)
		n /= base;
	return n == 1;
}

/* sparse_super keeps backups in groups 0, 1 and powers of 3, 5 and 7. */
static bool group_has_super(struct ext4_sb_info *sbi, uint32_t group)
{
	if (!(le32(sbi->s_es->s_feature_ro_compat) & EXT4_FEATURE_RO_COMPAT_SPARSE_SUPER))
		return true;
	return group <= 1 || is_power_of(group, 3) || is_power_of(group, 5) ||
	       is_power_of(group, 7);
}

uint32_t ext4_group_sb_gdt_blocks(struct ext4_sb_info *sbi, uint32_t group)
{
	if (!group_has_super(sbi, group))
		return 0;
	return 1 + sbi->s_gdt_blocks + le16(sbi->s_es->s_reserved_gdt_blocks);
}

/* ----- checks at mount ----- */

static bool desc_csum_ok(struct ext4_sb_info *sbi, uint32_t group, const struct ext4_group_desc *gd)
{
	if (!sbi->s_metadata_csum && !sbi->s_gdt_csum)
		return true;
	return le16(gd->bg_checksum) == ext4_group_desc_csum(sbi, group, gd);
}

int ext4_check_descriptors(struct super_block *sb)
{
	struct ext4_sb_info *sbi = EXT4_SB(sb);
	uint64_t free_blocks = 0, free_inodes = 0;

	for (uint32_t g = 0; g < sbi->s_group_count; g++) {
		struct ext4_group_desc *gd = ext4_group_desc(sbi, g);

		if (!desc_csum_ok(sbi, g, gd)) {
			ext4_msg(sb, "group %u descriptor checksum mismatch", g);
			return -EUCLEAN;
		}
		if (!ext4_blocks_valid(sbi, ext4_gd_block_bitmap(sbi, gd), 1) ||
		    !ext4_blocks_valid(sbi, ext4_gd_inode_bitmap(sbi, gd), 1) ||
		    !ext4_blocks_valid(sbi, ext4_gd_inode_table(sbi, gd), sbi->s_itable_blocks)) {
			ext4_msg(sb, "group %u metadata lies outside the file system", g);
			return -EUCLEAN;
		}
		if (ext4_gd_free_blocks(sbi, gd) > ext4_group_blocks(sbi, g) ||
		    ext4_gd_free_inodes(sbi, gd) > sbi->s_inodes_per_group ||
		    ext4_gd_itable_unused(sbi, gd) > sbi->s_inodes_per_group) {
			ext4_msg(sb, "group %u has impossible counts", g);
			return -EUCLEAN;
		}
		free_blocks += ext4_gd_free_blocks(sbi, gd);
		free_inodes += ext4_gd_free_inodes(sbi, gd);
	}
	/* As Linux: the descriptors are the truth, the super block a summary. */
	ext4_set_free_blocks_count(sbi, free_blocks);
	sbi->s_es->s_free_inodes_count = le32((uint32_t)free_inodes);
	sbi->s_group_state = kzalloc(sbi->s_group_count, GFP_KERNEL);
	return sbi->s_group_state ? 0 : -ENOMEM;
}

/* ----- bitmaps ----- */

static bool uninit_flag(struct ext4_sb_info *sbi, const struct ext4_group_desc *gd, uint16_t flag)
{
	return (sbi->s_metadata_csum || sbi->s_gdt_csum) && (le16(gd->bg_flags) & flag);
}

static void mark_range(uint8_t *map, uint64_t start, uint64_t len, uint64_t group_first,
		       uint32_t group_len)
{
	for (uint64_t b = start; b < start + len; b++)
		if (b >= group_first && b < group_first + group_len)
			ext4_set_bit(map, (uint32_t)(b - group_first));
}

/* The bitmap of a BLOCK_UNINIT group: only metadata is in use. */
static void build_block_bitmap(struct ext4_sb_info *sbi, uint32_t group, uint8_t *map)
{
	uint64_t first = ext4_group_first_block(sbi, group);
	uint32_t len = ext4_group_blocks(sbi, group);

	memset(map, 0, sbi->s_block_size);
	mark_range(map, first, ext4_group_sb_gdt_blocks(sbi, group), first, len);
	for (uint32_t g = 0; g < sbi->s_group_count; g++) {
		struct ext4_group_desc *gd = ext4_group_desc(sbi, g);

		mark_range(map, ext4_gd_block_bitmap(sbi, gd), 1, first, len);
		mark_range(map, ext4_gd_inode_bitmap(sbi, gd), 1, first, len);
		mark_range(map, ext4_gd_inode_table(sbi, gd), sbi->s_itable_blocks, first, len);
	}
	for (uint32_t b = len; b < sbi->s_block_size * 8; b++)
		ext4_set_bit(map, b);
}

static uint32_t bitmap_csum(struct ext4_sb_info *sbi, const void *map, uint32_t bits)
{
	return ext4_crc32c(sbi->s_csum_seed, map, bits / 8);
}

void ext4_block_bitmap_csum_set(struct ext4_sb_info *sbi, uint32_t group, struct buffer_head *bh)
{
	struct ext4_group_desc *gd = ext4_group_desc(sbi, group);
	uint32_t c;

	if (!sbi->s_metadata_csum)
		return;
	c = bitmap_csum(sbi, bh->b_data, sbi->s_blocks_per_group);
	gd->bg_block_bitmap_csum_lo = le16((uint16_t)c);
	if (has_hi(sbi))
		gd->bg_block_bitmap_csum_hi = le16((uint16_t)(c >> 16));
}

void ext4_inode_bitmap_csum_set(struct ext4_sb_info *sbi, uint32_t group, struct buffer_head *bh)
{
	struct ext4_group_desc *gd = ext4_group_desc(sbi, group);
	uint32_t c;

	if (!sbi->s_metadata_csum)
		return;
	c = bitmap_csum(sbi, bh->b_data, sbi->s_inodes_per_group);
	gd->bg_inode_bitmap_csum_lo = le16((uint16_t)c);
	if (has_hi(sbi))
		gd->bg_inode_bitmap_csum_hi = le16((uint16_t)(c >> 16));
}

static bool bitmap_csum_ok(struct ext4_sb_info *sbi, const void *map, uint32_t bits, uint16_t lo,
			   uint16_t hi)
{
	uint32_t c = bitmap_csum(sbi, map, bits);

	if ((uint16_t)c != le16(lo))
		return false;
	return !has_hi(sbi) || (uint16_t)(c >> 16) == le16(hi);
}

/* bread a bitmap block, or build it when @build is given. */
static struct buffer_head *get_bitmap(struct super_block *sb, uint64_t block, uint32_t group,
				      void (*build)(struct ext4_sb_info *, uint32_t, uint8_t *))
{
	struct ext4_sb_info *sbi = EXT4_SB(sb);
	struct buffer_head *bh;

	if (!build)
		return bread(sbi->s_bdev, block, sbi->s_block_size);
	bh = bget(sbi->s_bdev, block, sbi->s_block_size);
	if (IS_ERR(bh))
		return bh;
	lock_buffer(bh);
	build(sbi, group, bh->b_data);
	set_buffer_uptodate(bh);
	unlock_buffer(bh);
	return bh;
}

struct buffer_head *ext4_read_block_bitmap(struct super_block *sb, uint32_t group)
{
	struct ext4_sb_info *sbi = EXT4_SB(sb);
	struct ext4_group_desc *gd = ext4_group_desc(sbi, group);
	bool uninit = uninit_flag(sbi, gd, EXT4_BG_BLOCK_UNINIT);
	struct buffer_head *bh;

	bh = get_bitmap(sb, ext4_gd_block_bitmap(sbi, gd), group,
			uninit ? build_block_bitmap : NULL);
	if (IS_ERR(bh) || uninit || !sbi->s_metadata_csum ||
	    (sbi->s_group_state[group] & EXT4_GROUP_BB_CHECKED))
		return bh;
	if (!bitmap_csum_ok(sbi, bh->b_data, sbi->s_blocks_per_group, gd->bg_block_bitmap_csum_lo,
			    gd->bg_block_bitmap_csum_hi)) {
		ext4_error(sb, "group %u block bitmap checksum mismatch", group);
		brelse(bh);
		return ERR_PTR(-EUCLEAN);
	}
	sbi->s_group_state[group] |= EXT4_GROUP_BB_CHECKED;
	return bh;
}

static void build_inode_bitmap(struct ext4_sb_info *sbi, uint32_t group, uint8_t *map)
{
	(void)group;
	memset(map, 0, sbi->s_block_size);
	for (uint32_t b = sbi->s_inodes_per_group; b < sbi->s_block_size * 8; b++)
		ext4_set_bit(map, b);
}

struct buffer_head *ext4_read_inode_bitmap(struct super_block *sb, uint32_t group)
{
	struct ext4_sb_info *sbi = EXT4_SB(sb);
	struct ext4_group_desc *gd = ext4_group_desc(sbi, group);
	bool uninit = uninit_flag(sbi, gd, EXT4_BG_INODE_UNINIT);
	struct buffer_head *bh;

	bh = get_bitmap(sb, ext4_gd_inode_bitmap(sbi, gd), group,
			uninit ? build_inode_bitmap : NULL);
	if (IS_ERR(bh) || uninit || !sbi->s_metadata_csum ||
	    (sbi->s_group_state[group] & EXT4_GROUP_IB_CHECKED))
		return bh;
	if (!bitmap_csum_ok(sbi, bh->b_data, sbi->s_inodes_per_group, gd->bg_inode_bitmap_csum_lo,
			    gd->bg_inode_bitmap_csum_hi)) {
		ext4_error(sb, "group %u inode bitmap checksum mismatch", group);
		brelse(bh);
		return ERR_PTR(-EUCLEAN);
	}
	sbi->s_group_state[group] |= EXT4_GROUP_IB_CHECKED;
	return bh;
}
