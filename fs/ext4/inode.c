/*
 * fs/ext4/inode.c - inodes: the cache that maps numbers to live VFS
 * inodes, reading and checking on-disk inodes, writing them back with
 * their checksum, creating new ones and releasing unlinked ones.
 *
 * The VFS keeps an inode with names but no references on its super
 * block's list until unmount, so a number's inode is found again in
 * s_icache instead of being read twice. Inodes are written through:
 * every change is copied into the inode table block in the buffer cache
 * at once (ext4_write_inode), so eviction at unmount has nothing to write.
 *
 * Fields Rux does not manage (project id, i_version ...) stay as they
 * are on disk; the in-inode extended attributes are xattr.c's.
 */
#include "fs/devfs/devfs.h"
#include "fs/ext4/internal.h"
#include "lib/string.h"
#include "mm/kmalloc.h"

/* ----- the inode cache ----- */

static struct list_head *icache_bucket(struct ext4_sb_info *sbi, uint64_t ino)
{
	return &sbi->s_icache[ino % EXT4_ICACHE_BUCKETS];
}

static struct inode *icache_find(struct super_block *sb, uint64_t ino)
{
	struct ext4_sb_info *sbi = EXT4_SB(sb);
	struct ext4_inode_info *ei;
	struct inode *found = NULL;

	spin_lock(&sbi->s_icache_lock);
	list_for_each_entry(ei, icache_bucket(sbi, ino), i_hash)
	{
		if (ei->vfs.i_ino == ino) {
			found = &ei->vfs;
			ihold(found);
			break;
		}
	}
	spin_unlock(&sbi->s_icache_lock);
	return found;
}

static void icache_add(struct inode *inode)
{
	struct ext4_sb_info *sbi = EXT4_SB(inode->i_sb);

	spin_lock(&sbi->s_icache_lock);
	list_add(&EXT4_I(inode)->i_hash, icache_bucket(sbi, inode->i_ino));
	spin_unlock(&sbi->s_icache_lock);
}

static void icache_del(struct inode *inode)
{
	struct ext4_sb_info *sbi = EXT4_SB(inode->i_sb);

	spin_lock(&sbi->s_icache_lock);
	list_del_init(&EXT4_I(inode)->i_hash);
	spin_unlock(&sbi->s_icache_lock);
}

struct inode *ext4_alloc_inode(struct super_block *sb)
{
	struct ext4_inode_info *ei = kzalloc(sizeof(*ei), GFP_KERNEL);

	(void)sb;
	if (!ei)
		return NULL;
	list_init(&ei->i_orphan);
	list_init(&ei->i_hash);
	return &ei->vfs;
}

void ext4_destroy_inode(struct inode *inode)
{
	kfree(EXT4_I(inode));
}

/* ----- on-disk location and time stamps ----- */

int ext4_inode_location(struct super_block *sb, uint32_t ino, uint64_t *block, uint32_t *offset)
{
	struct ext4_sb_info *sbi = EXT4_SB(sb);
	uint32_t group, index, per_block = sbi->s_block_size / sbi->s_inode_size;

	if (ino == 0 || ino > sbi->s_inodes_count)
		return -EUCLEAN;
	group = (ino - 1) / sbi->s_inodes_per_group;
	index = (ino - 1) % sbi->s_inodes_per_group;
	*block = ext4_gd_inode_table(sbi, ext4_group_desc(sbi, group)) + index / per_block;
	*offset = (index % per_block) * sbi->s_inode_size;
	return 0;
}

/* Seconds and extra word -> time: 2 epoch bits extend the signed 32-bit seconds. */
static struct vfs_timespec decode_time(uint32_t sec, uint32_t extra, bool has_extra)
{
	struct vfs_timespec t = {.tv_sec = (int32_t)sec, .tv_nsec = 0};

	if (has_extra) {
		t.tv_sec += (int64_t)(extra & 3) << 32;
		t.tv_nsec = extra >> 2;
		if (t.tv_nsec >= 1000000000)
			t.tv_nsec = 0;
	}
	return t;
}

static uint32_t encode_extra(struct vfs_timespec t)
{
	uint32_t epoch = (uint32_t)(((t.tv_sec - (int32_t)t.tv_sec) >> 32) & 3);

	return ((uint32_t)t.tv_nsec << 2) | epoch;
}

/* ----- reading ----- */

static bool inode_csum_ok(struct ext4_sb_info *sbi, struct ext4_inode_info *ei, const uint8_t *raw)
{
	const struct ext4_inode *di = (const struct ext4_inode *)raw;
	uint32_t c = ext4_inode_csum(sbi, ei->i_csum_seed, raw);
	uint32_t stored = le16(di->i_checksum_lo);

	if (!sbi->s_metadata_csum)
		return true;
	if (sbi->s_inode_size > EXT4_GOOD_OLD_INODE_SIZE &&
	    EXT4_INODE_HAS(ei->i_extra_isize, i_checksum_hi)) {
		stored |= (uint32_t)le16(di->i_checksum_hi) << 16;
		return stored == c;
	}
	return stored == (c & 0xFFFF);
}

uint8_t ext4_file_type(uint32_t mode)
{
	switch (mode & S_IFMT) {
	case S_IFREG:
		return EXT4_FT_REG_FILE;
	case S_IFDIR:
		return EXT4_FT_DIR;
	case S_IFCHR:
		return EXT4_FT_CHRDEV;
	case S_IFBLK:
		return EXT4_FT_BLKDEV;
	case S_IFIFO:
		return EXT4_FT_FIFO;
	case S_IFSOCK:
		return EXT4_FT_SOCK;
	case S_IFLNK:
		return EXT4_FT_SYMLINK;
	default:
		return EXT4_FT_UNKNOWN;
	}
}

void ext4_set_inode_ops(struct inode *inode)
{
	switch (inode->i_mode & S_IFMT) {
	case S_IFREG:
		inode->i_op = &ext4_file_iops;
		inode->i_fop = &ext4_file_fops;
		ext4_data_init_mapping(inode);
		break;
	case S_IFDIR:
		inode->i_op = &ext4_dir_iops;
		inode->i_fop = &ext4_dir_fops;
		break;
	case S_IFLNK:
		inode->i_op = &ext4_symlink_iops;
		break;
	default:
		inode->i_op = &ext4_special_iops;
		special_inode_init(inode, inode->i_mode, inode->i_rdev);
		break;
	}
}

/* Device numbers: the old 16-bit form in i_block[0], else the new one in [1]. */
static uint32_t decode_rdev(const uint32_t *data)
{
	uint32_t old = le32(data[0]);

	if (old)
		return vfs_mkdev((old >> 8) & 0xff, old & 0xff);
	return le32(data[1]);
}

static bool is_fast_symlink(struct ext4_inode_info *ei)
{
	uint64_t ea = ei->i_file_acl ? (EXT4_SB(ei->vfs.i_sb)->s_block_size >> 9) : 0;

	return inode_is_symlink(&ei->vfs) && ei->vfs.i_blocks <= ea;
}

/* Type-specific checks of a freshly read inode. */
static int check_inode(struct inode *inode)
{
	struct ext4_inode_info *ei = EXT4_I(inode);
	struct ext4_sb_info *sbi = EXT4_SB(inode->i_sb);

	if (ei->i_flags & EXT4_INLINE_DATA_FL)
		return -EUCLEAN; /* inline_data is refused at mount */
	if (ei->i_file_acl && !ext4_blocks_valid(sbi, ei->i_file_acl, 1))
		return -EUCLEAN;
	if (inode->i_size < 0)
		return -EUCLEAN;
	if (inode_is_symlink(inode) && is_fast_symlink(ei))
		return inode->i_size < (int64_t)sizeof(ei->i_data) ? 0 : -EUCLEAN;
	if (inode_is_symlink(inode) && inode->i_size >= sbi->s_block_size)
		return -EUCLEAN;
	if (inode_is_reg(inode) || inode_is_dir(inode) || inode_is_symlink(inode)) {
		if (ei->i_flags & EXT4_EXTENTS_FL)
			return ext4_ext_check_root(inode);
	}
	return 0;
}

static void fill_from_disk(struct inode *inode, const struct ext4_inode *di)
{
	struct ext4_inode_info *ei = EXT4_I(inode);
	struct ext4_sb_info *sbi = EXT4_SB(inode->i_sb);
	bool big = sbi->s_inode_size > EXT4_GOOD_OLD_INODE_SIZE;
	uint16_t x = ei->i_extra_isize;
	uint64_t blocks;

	inode->i_mode = le16(di->i_mode);
	inode->i_uid = le16(di->i_uid) | (uint32_t)le16(di->i_uid_high) << 16;
	inode->i_gid = le16(di->i_gid) | (uint32_t)le16(di->i_gid_high) << 16;
	inode->i_nlink = le16(di->i_links_count);
	inode->i_size = (int64_t)(le32(di->i_size_lo) | (uint64_t)le32(di->i_size_high) << 32);
	inode->i_atime = decode_time(le32(di->i_atime), big ? le32(di->i_atime_extra) : 0,
				     big && EXT4_INODE_HAS(x, i_atime_extra));
	inode->i_mtime = decode_time(le32(di->i_mtime), big ? le32(di->i_mtime_extra) : 0,
				     big && EXT4_INODE_HAS(x, i_mtime_extra));
	inode->i_ctime = decode_time(le32(di->i_ctime), big ? le32(di->i_ctime_extra) : 0,
				     big && EXT4_INODE_HAS(x, i_ctime_extra));
	if (big && EXT4_INODE_HAS(x, i_crtime_extra))
		ei->i_crtime = decode_time(le32(di->i_crtime), le32(di->i_crtime_extra), true);
	ei->i_dtime = le32(di->i_dtime);
	ei->i_flags = le32(di->i_flags);
	ei->i_generation = le32(di->i_generation);
	ei->i_file_acl = le32(di->i_file_acl_lo);
	if (sbi->s_64bit)
		ei->i_file_acl |= (uint64_t)le16(di->i_file_acl_high) << 32;
	blocks = le32(di->i_blocks_lo);
	if (sbi->s_huge_file) {
		blocks |= (uint64_t)le16(di->i_blocks_high) << 32;
		if (ei->i_flags & EXT4_HUGE_FILE_FL)
			blocks <<= sbi->s_block_log - 9;
	}
	inode->i_blocks = blocks;
	memcpy(ei->i_data, di->i_block, sizeof(ei->i_data));
	if (S_ISCHR(inode->i_mode) || S_ISBLK(inode->i_mode))
		inode->i_rdev = decode_rdev(ei->i_data);
}

/* Read inode @ino; @unlinked allows a zero link count (orphan cleanup). */
static struct inode *read_inode(struct super_block *sb, uint32_t ino, bool unlinked)
{
	struct ext4_sb_info *sbi = EXT4_SB(sb);
	struct buffer_head *bh;
	struct inode *inode;
	struct ext4_inode_info *ei;
	const uint8_t *raw;
	uint64_t block;
	uint32_t offset;
	int err;

	if (ext4_inode_location(sb, ino, &block, &offset)) {
		ext4_error(sb, "bad inode number %u", ino);
		return ERR_PTR(-EUCLEAN);
	}
	bh = bread(sbi->s_bdev, block, sbi->s_block_size);
	if (IS_ERR(bh))
		return (struct inode *)bh;
	inode = new_inode(sb);
	if (!inode) {
		brelse(bh);
		return ERR_PTR(-ENOMEM);
	}
	ei = EXT4_I(inode);
	inode->i_ino = ino;
	raw = (const uint8_t *)bh->b_data + offset;
	err = -EUCLEAN;
	lock_buffer(bh);
	if (sbi->s_inode_size > EXT4_GOOD_OLD_INODE_SIZE) {
		ei->i_extra_isize = le16(((const struct ext4_inode *)raw)->i_extra_isize);
		if (ei->i_extra_isize > sbi->s_inode_size - EXT4_GOOD_OLD_INODE_SIZE ||
		    (ei->i_extra_isize & 3)) {
			unlock_buffer(bh);
			ext4_error(sb, "inode %u has bad extra size %u", ino, ei->i_extra_isize);
			goto fail;
		}
	}
	fill_from_disk(inode, (const struct ext4_inode *)raw);
	ei->i_csum_seed = ext4_inode_seed(sbi, ino, ei->i_generation);
	if (!inode_csum_ok(sbi, ei, raw)) {
		unlock_buffer(bh);
		ext4_error(sb, "inode %u checksum mismatch", ino);
		goto fail;
	}
	unlock_buffer(bh);
	if (inode->i_nlink == 0 && !unlinked) {
		ext4_error(sb, "inode %u is deleted but still referenced", ino);
		goto fail;
	}
	err = check_inode(inode);
	if (err) {
		ext4_error(sb, "inode %u is corrupt", ino);
		goto fail;
	}
	brelse(bh);
	ext4_set_inode_ops(inode);
	icache_add(inode);
	return inode;
fail:
	brelse(bh);
	/* Drop the half-read inode; eviction must not free anything on disk. */
	ei->i_bad = true;
	inode->i_nlink = 0;
	iput(inode);
	return ERR_PTR(err);
}

struct inode *ext4_iget(struct super_block *sb, uint32_t ino)
{
	struct inode *inode = icache_find(sb, ino);

	return inode ? inode : read_inode(sb, ino, false);
}

struct inode *ext4_iget_unlinked(struct super_block *sb, uint32_t ino)
{
	struct inode *inode = icache_find(sb, ino);

	return inode ? inode : read_inode(sb, ino, true);
}

/* ----- writing ----- */

void ext4_inode_add_blocks(struct inode *inode, uint64_t fs_blocks)
{
	inode->i_blocks += fs_blocks << (EXT4_SB(inode->i_sb)->s_block_log - 9);
}

void ext4_inode_sub_blocks(struct inode *inode, uint64_t fs_blocks)
{
	uint64_t n = fs_blocks << (EXT4_SB(inode->i_sb)->s_block_log - 9);

	inode->i_blocks = inode->i_blocks > n ? inode->i_blocks - n : 0;
}

static void store_times(struct ext4_inode_info *ei, struct ext4_inode *di, bool big)
{
	struct inode *inode = &ei->vfs;
	uint16_t x = ei->i_extra_isize;

	di->i_atime = le32((uint32_t)inode->i_atime.tv_sec);
	di->i_mtime = le32((uint32_t)inode->i_mtime.tv_sec);
	di->i_ctime = le32((uint32_t)inode->i_ctime.tv_sec);
	if (!big)
		return;
	if (EXT4_INODE_HAS(x, i_ctime_extra))
		di->i_ctime_extra = le32(encode_extra(inode->i_ctime));
	if (EXT4_INODE_HAS(x, i_mtime_extra))
		di->i_mtime_extra = le32(encode_extra(inode->i_mtime));
	if (EXT4_INODE_HAS(x, i_atime_extra))
		di->i_atime_extra = le32(encode_extra(inode->i_atime));
	if (EXT4_INODE_HAS(x, i_crtime_extra)) {
		di->i_crtime = le32((uint32_t)ei->i_crtime.tv_sec);
		di->i_crtime_extra = le32(encode_extra(ei->i_crtime));
	}
}

/* Fill the managed fields of @di from @inode. */
static void fill_to_disk(struct inode *inode, struct ext4_inode *di)
{
	struct ext4_inode_info *ei = EXT4_I(inode);
	struct ext4_sb_info *sbi = EXT4_SB(inode->i_sb);
	uint32_t nlink = inode->i_nlink;
	uint64_t blocks = inode->i_blocks;
	uint32_t flags = ei->i_flags & ~EXT4_HUGE_FILE_FL;

	if (inode_is_dir(inode) && nlink >= EXT4_LINK_MAX)
		nlink = 1; /* dir_nlink: "many" */
	di->i_mode = le16((uint16_t)inode->i_mode);
	di->i_uid = le16((uint16_t)inode->i_uid);
	di->i_uid_high = le16((uint16_t)(inode->i_uid >> 16));
	di->i_gid = le16((uint16_t)inode->i_gid);
	di->i_gid_high = le16((uint16_t)(inode->i_gid >> 16));
	di->i_links_count = le16((uint16_t)nlink);
	di->i_size_lo = le32((uint32_t)inode->i_size);
	di->i_size_high = le32((uint32_t)((uint64_t)inode->i_size >> 32));
	di->i_dtime = le32(ei->i_dtime);
	if (blocks >> 48) {
		flags |= EXT4_HUGE_FILE_FL;
		blocks >>= sbi->s_block_log - 9;
	}
	di->i_blocks_lo = le32((uint32_t)blocks);
	di->i_blocks_high = sbi->s_huge_file ? le16((uint16_t)(blocks >> 32)) : 0;
	di->i_flags = le32(flags);
	memcpy(di->i_block, ei->i_data, sizeof(di->i_block));
	di->i_generation = le32(ei->i_generation);
	di->i_file_acl_lo = le32((uint32_t)ei->i_file_acl);
	if (sbi->s_64bit)
		di->i_file_acl_high = le16((uint16_t)(ei->i_file_acl >> 32));
	store_times(ei, di, sbi->s_inode_size > EXT4_GOOD_OLD_INODE_SIZE);
}

static void set_inode_csum(struct ext4_sb_info *sbi, struct ext4_inode_info *ei, uint8_t *raw)
{
	struct ext4_inode *di = (struct ext4_inode *)raw;
	uint32_t c;

	if (!sbi->s_metadata_csum)
		return;
	c = ext4_inode_csum(sbi, ei->i_csum_seed, raw);
	di->i_checksum_lo = le16((uint16_t)c);
	if (sbi->s_inode_size > EXT4_GOOD_OLD_INODE_SIZE &&
	    EXT4_INODE_HAS(ei->i_extra_isize, i_checksum_hi))
		di->i_checksum_hi = le16((uint16_t)(c >> 16));
}

/* Copy @inode to disk; @fresh first clears the whole record (new inode). */
static int write_inode(struct ext4_handle *h, struct inode *inode, bool fresh)
{
	struct ext4_sb_info *sbi = EXT4_SB(inode->i_sb);
	struct ext4_inode_info *ei = EXT4_I(inode);
	struct buffer_head *bh;
	uint64_t block;
	uint32_t offset;
	uint8_t *raw;
	int err;

	err = ext4_inode_location(inode->i_sb, (uint32_t)inode->i_ino, &block, &offset);
	if (err)
		return err;
	bh = bread(sbi->s_bdev, block, sbi->s_block_size);
	if (IS_ERR(bh))
		return (int)PTR_ERR(bh);
	ext4_journal_get_write_access(h, bh);
	lock_buffer(bh);
	raw = (uint8_t *)bh->b_data + offset;
	if (fresh) {
		memset(raw, 0, sbi->s_inode_size);
		if (sbi->s_inode_size > EXT4_GOOD_OLD_INODE_SIZE)
			((struct ext4_inode *)raw)->i_extra_isize = le16(ei->i_extra_isize);
	}
	fill_to_disk(inode, (struct ext4_inode *)raw);
	set_inode_csum(sbi, ei, raw);
	unlock_buffer(bh);
	err = ext4_handle_dirty_metadata(h, inode, bh);
	brelse(bh);
	return err;
}

int ext4_write_inode(struct ext4_handle *h, struct inode *inode)
{
	return write_inode(h, inode, false);
}

int ext4_write_inode_now(struct inode *inode)
{
	struct ext4_handle *h = ext4_journal_start(inode->i_sb, 1);
	int err;

	if (IS_ERR(h))
		return (int)PTR_ERR(h);
	err = ext4_write_inode(h, inode);
	ext4_journal_stop(h);
	return err;
}

/* ----- creating ----- */

static uint32_t new_generation(struct ext4_sb_info *sbi)
{
	static uint32_t counter;
	uint64_t ns = (uint64_t)vfs_now().tv_nsec;

	(void)sbi;
	counter = counter * 1103515245u + 12345u + (uint32_t)ns;
	return counter;
}

struct inode *ext4_new_inode(struct ext4_handle *h, struct inode *dir, uint32_t mode, uint32_t rdev,
			     const struct cred *cred)
{
	struct super_block *sb = dir->i_sb;
	struct ext4_sb_info *sbi = EXT4_SB(sb);
	struct ext4_inode_info *ei;
	struct inode *inode;
	uint32_t ino;
	int err;

	err = ext4_new_ino(h, dir, mode, &ino);
	if (err)
		return ERR_PTR(err);
	inode = new_inode(sb);
	if (!inode) {
		ext4_free_ino(h, sb, ino, S_ISDIR(mode));
		return ERR_PTR(-ENOMEM);
	}
	ei = EXT4_I(inode);
	inode->i_ino = ino;
	inode->i_mode = mode;
	inode->i_uid = cred->fsuid;
	inode->i_gid = cred->fsgid;
	if (dir->i_mode & S_ISGID) {
		inode->i_gid = dir->i_gid;
		if (S_ISDIR(mode))
			inode->i_mode |= S_ISGID;
	}
	inode->i_rdev = rdev;
	ei->i_crtime = inode->i_mtime;
	ei->i_generation = new_generation(sbi);
	ei->i_csum_seed = ext4_inode_seed(sbi, ino, ei->i_generation);
	ei->i_extra_isize = sbi->s_want_extra_isize;
	if (S_ISREG(mode) || S_ISDIR(mode))
		ext4_ext_init_root(inode);
	if (S_ISCHR(mode) || S_ISBLK(mode))
		ei->i_data[1] = le32(rdev);
	err = write_inode(h, inode, true);
	ext4_set_inode_ops(inode);
	icache_add(inode);
	if (err) {
		/* The number is ours: eviction gives it back. */
		inode->i_nlink = 0;
		iput(inode);
		return ERR_PTR(err);
	}
	return inode;
}

/* ----- releasing ----- */

void ext4_free_inode(struct inode *inode)
{
	struct ext4_inode_info *ei = EXT4_I(inode);
	struct super_block *sb = inode->i_sb;
	struct ext4_handle *h = ext4_journal_start(sb, EXT4_DATA_TRANS_BLOCKS);

	if (IS_ERR(h))
		return;
	if ((ei->i_flags & EXT4_EXTENTS_FL) && !is_fast_symlink(ei))
		ext4_ext_truncate(h, inode, 0);
	else if (inode->i_blocks && !is_fast_symlink(ei))
		ext4_msg(sb, "inode %llu: block-mapped data not freed (read-only support)",
			 (unsigned long long)inode->i_ino);
	/* The xattr block, the orphan list, the inode, its bitmap bit (on
	 * failure the calls below fail too; the orphan list remains). */
	ext4_journal_ensure_credits(h, 12);
	ext4_xattr_release(h, inode);
	ext4_orphan_del(h, inode);
	inode->i_size = 0;
	ei->i_dtime = (uint32_t)vfs_now().tv_sec;
	ext4_write_inode(h, inode);
	ext4_free_ino(h, sb, (uint32_t)inode->i_ino, inode_is_dir(inode));
	ext4_journal_stop(h);
}

void ext4_evict_inode(struct inode *inode)
{
	icache_del(inode);
	if (inode->i_nlink == 0 && !EXT4_I(inode)->i_bad && !ext4_sb_rdonly(inode->i_sb))
		ext4_free_inode(inode);
}
