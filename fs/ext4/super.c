/*
 * fs/ext4/super.c - mounting and unmounting ext4: the super block is read,
 * checked field by field and against its checksum, the features decide
 * between read-write, read-only and refusal, the group descriptors are
 * loaded and checked, orphans left by a crash are cleaned up, and the
 * root inode becomes the root dentry. Unmount writes everything back and
 * marks the file system clean. Also statfs, sync and error reporting.
 *
 * With a journal (has_journal, read-write) the journal is loaded and
 * replayed right after the descriptor blocks are read and before anything
 * is checked or used: replay rewrites metadata in the buffer cache. While
 * mounted, needs_recovery (INCOMPAT_RECOVER) is set on disk; a clean
 * unmount commits and checkpoints everything and clears it.
 *
 * The super block is read once with blk_rw() at byte 1024 (before the
 * block size is known) and from then on lives in the buffer cache block
 * that holds it (block 1 with 1 KiB blocks, block 0 otherwise).
 */
#include <stdarg.h>

#include "fs/ext4/internal.h"
#include "lib/string.h"
#include "mm/kmalloc.h"
#include "uapi/mount.h"

/*
 * Record the error in the super block. With a journal the buffer may hold
 * changes of a transaction that has not committed, so it is not marked
 * dirty: the flag goes to disk with the next logged copy, or at unmount.
 */
static void ext4_mark_error(struct super_block *sb)
{
	struct ext4_sb_info *sbi = EXT4_SB(sb);

	if (sbi->s_rdonly || !sbi->s_sbh)
		return;
	lock_buffer(sbi->s_sbh);
	sbi->s_es->s_state = le16(le16(sbi->s_es->s_state) | EXT4_ERROR_FS);
	ext4_super_csum_set(sbi->s_es);
	if (!sbi->s_journal)
		mark_buffer_dirty(sbi->s_sbh);
	unlock_buffer(sbi->s_sbh);
}

void ext4_error(struct super_block *sb, const char *fmt, ...)
{
	char msg[160];
	va_list ap;

	va_start(ap, fmt);
	kvsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	printk("ext4: %s: %s\n", EXT4_SB(sb)->s_name, msg);
	ext4_mark_error(sb);
}

uint64_t ext4_free_blocks_count(struct ext4_sb_info *sbi)
{
	uint64_t n = le32(sbi->s_es->s_free_blocks_count_lo);

	if (sbi->s_64bit)
		n |= (uint64_t)le32(sbi->s_es->s_free_blocks_count_hi) << 32;
	return n;
}

void ext4_set_free_blocks_count(struct ext4_sb_info *sbi, uint64_t n)
{
	sbi->s_es->s_free_blocks_count_lo = le32((uint32_t)n);
	if (sbi->s_64bit)
		sbi->s_es->s_free_blocks_count_hi = le32((uint32_t)(n >> 32));
}

int ext4_super_access(struct ext4_handle *h, struct super_block *sb)
{
	return ext4_journal_get_write_access(h, EXT4_SB(sb)->s_sbh);
}

void ext4_super_dirty(struct ext4_handle *h, struct super_block *sb)
{
	struct ext4_sb_info *sbi = EXT4_SB(sb);

	lock_buffer(sbi->s_sbh);
	ext4_super_csum_set(sbi->s_es);
	unlock_buffer(sbi->s_sbh);
	ext4_handle_dirty_metadata(h, NULL, sbi->s_sbh);
}

/* ----- checking the super block ----- */

static bool is_power_of_2(uint32_t x)
{
	return x && !(x & (x - 1));
}

/* Block size and group geometry; fills the sbi fields they give. */
static int check_geometry(struct super_block *sb, const struct ext4_super_block *es)
{
	struct ext4_sb_info *sbi = EXT4_SB(sb);
	uint32_t log = le32(es->s_log_block_size);
	uint64_t dev_blocks, groups;

	if (log > EXT4_MAX_BLOCK_LOG - EXT4_MIN_BLOCK_LOG) {
		ext4_msg(sb, "bad block size log %u", log);
		return -EINVAL;
	}
	sbi->s_block_log = EXT4_MIN_BLOCK_LOG + log;
	sbi->s_block_size = 1u << sbi->s_block_log;
	if (sbi->s_block_size < sbi->s_bdev->logical_block_size) {
		ext4_msg(sb, "block size %u below the device's %u", sbi->s_block_size,
			 sbi->s_bdev->logical_block_size);
		return -EINVAL;
	}
	if (le32(es->s_log_cluster_size) != log) {
		ext4_msg(sb, "bigalloc (clusters) is not supported");
		return -EINVAL;
	}
	sbi->s_blocks_count = le32(es->s_blocks_count_lo);
	if (sbi->s_64bit)
		sbi->s_blocks_count |= (uint64_t)le32(es->s_blocks_count_hi) << 32;
	sbi->s_first_data_block = le32(es->s_first_data_block);
	sbi->s_blocks_per_group = le32(es->s_blocks_per_group);
	sbi->s_inodes_per_group = le32(es->s_inodes_per_group);
	sbi->s_inodes_count = le32(es->s_inodes_count);
	dev_blocks = blk_size_bytes(sbi->s_bdev) >> sbi->s_block_log;
	if (sbi->s_blocks_count > dev_blocks) {
		ext4_msg(sb, "%llu blocks do not fit the device (%llu)",
			 (unsigned long long)sbi->s_blocks_count, (unsigned long long)dev_blocks);
		return -EINVAL;
	}
	if (sbi->s_first_data_block != (sbi->s_block_size == 1024 ? 1u : 0u) ||
	    sbi->s_first_data_block >= sbi->s_blocks_count) {
		ext4_msg(sb, "bad first data block %u", sbi->s_first_data_block);
		return -EUCLEAN;
	}
	if (sbi->s_blocks_per_group < 8 || sbi->s_blocks_per_group > 8 * sbi->s_block_size ||
	    sbi->s_blocks_per_group % 8 ||
	    le32(es->s_clusters_per_group) != sbi->s_blocks_per_group) {
		ext4_msg(sb, "bad blocks per group %u", sbi->s_blocks_per_group);
		return -EUCLEAN;
	}
	groups = (sbi->s_blocks_count - sbi->s_first_data_block + sbi->s_blocks_per_group - 1) /
		 sbi->s_blocks_per_group;
	if (groups == 0 || groups > UINT32_MAX / 2) {
		ext4_msg(sb, "bad group count %llu", (unsigned long long)groups);
		return -EUCLEAN;
	}
	sbi->s_group_count = (uint32_t)groups;
	return 0;
}

/* Inode size, inodes per group and the descriptor table. */
static int check_tables(struct super_block *sb, const struct ext4_super_block *es)
{
	struct ext4_sb_info *sbi = EXT4_SB(sb);
	uint32_t bs = sbi->s_block_size;

	if (le32(es->s_rev_level) == 0) {
		sbi->s_inode_size = EXT4_GOOD_OLD_INODE_SIZE;
		sbi->s_first_ino = EXT4_GOOD_OLD_FIRST_INO;
	} else {
		sbi->s_inode_size = le16(es->s_inode_size);
		sbi->s_first_ino = le32(es->s_first_ino);
	}
	if (sbi->s_inode_size < EXT4_GOOD_OLD_INODE_SIZE || sbi->s_inode_size > bs ||
	    !is_power_of_2(sbi->s_inode_size)) {
		ext4_msg(sb, "bad inode size %u", sbi->s_inode_size);
		return -EUCLEAN;
	}
	if (sbi->s_inodes_per_group == 0 || sbi->s_inodes_per_group > 8 * bs ||
	    sbi->s_inodes_per_group % (bs / sbi->s_inode_size) ||
	    (uint64_t)sbi->s_inodes_per_group * sbi->s_group_count != sbi->s_inodes_count) {
		ext4_msg(sb, "bad inode counts (%u per group, %u total)", sbi->s_inodes_per_group,
			 sbi->s_inodes_count);
		return -EUCLEAN;
	}
	if (sbi->s_first_ino < EXT4_GOOD_OLD_FIRST_INO || sbi->s_first_ino >= sbi->s_inodes_count) {
		ext4_msg(sb, "bad first inode %u", sbi->s_first_ino);
		return -EUCLEAN;
	}
	sbi->s_itable_blocks = sbi->s_inodes_per_group / (bs / sbi->s_inode_size);
	sbi->s_desc_size = EXT4_MIN_DESC_SIZE;
	if (sbi->s_64bit) {
		sbi->s_desc_size = le16(es->s_desc_size);
		if (sbi->s_desc_size < EXT4_MIN_DESC_SIZE_64BIT ||
		    sbi->s_desc_size > EXT4_MAX_DESC_SIZE || !is_power_of_2(sbi->s_desc_size) ||
		    sbi->s_desc_size > bs) {
			ext4_msg(sb, "bad descriptor size %u", sbi->s_desc_size);
			return -EUCLEAN;
		}
	}
	sbi->s_descs_per_block = bs / sbi->s_desc_size;
	sbi->s_gdt_blocks =
	    (sbi->s_group_count + sbi->s_descs_per_block - 1) / sbi->s_descs_per_block;
	if (le16(es->s_reserved_gdt_blocks) > bs / 4 ||
	    sbi->s_first_data_block + 1 + (uint64_t)sbi->s_gdt_blocks >= sbi->s_blocks_count) {
		ext4_msg(sb, "descriptor table does not fit");
		return -EUCLEAN;
	}
	sbi->s_want_extra_isize = 0;
	if (sbi->s_inode_size > EXT4_GOOD_OLD_INODE_SIZE) {
		uint32_t want = sizeof(struct ext4_inode) - EXT4_GOOD_OLD_INODE_SIZE;

		if (want > sbi->s_inode_size - EXT4_GOOD_OLD_INODE_SIZE)
			want = sbi->s_inode_size - EXT4_GOOD_OLD_INODE_SIZE;
		sbi->s_want_extra_isize = (uint16_t)want;
	}
	return 0;
}

/* Features: refuse unknown incompat ones, go read-only for unknown ro_compat. */
static int check_features(struct super_block *sb, const struct ext4_super_block *es,
			  unsigned long flags)
{
	struct ext4_sb_info *sbi = EXT4_SB(sb);
	uint32_t incompat = le32(es->s_feature_incompat);
	uint32_t ro_compat = le32(es->s_feature_ro_compat);
	uint32_t compat = le32(es->s_feature_compat);

	if (incompat & ~EXT4_INCOMPAT_SUPPORTED) {
		ext4_msg(sb, "unsupported incompat features 0x%x",
			 incompat & ~EXT4_INCOMPAT_SUPPORTED);
		return -EINVAL;
	}
	sbi->s_rdonly = flags & MS_RDONLY;
	if ((ro_compat & ~EXT4_RO_COMPAT_SUPPORTED) && !sbi->s_rdonly) {
		ext4_msg(sb, "unsupported ro_compat features 0x%x, mounting read-only",
			 ro_compat & ~EXT4_RO_COMPAT_SUPPORTED);
		sbi->s_rdonly = true;
	}
	if (compat & EXT4_FEATURE_COMPAT_FAST_COMMIT && !sbi->s_rdonly) {
		ext4_msg(sb, "fast_commit journal not supported, mounting read-only");
		sbi->s_rdonly = true;
	}
	if (incompat & EXT4_FEATURE_INCOMPAT_RECOVER) {
		if (sbi->s_rdonly) {
			ext4_msg(sb, "journal needs recovery; mounted read-only without replay");
		} else if (!(compat & EXT4_FEATURE_COMPAT_HAS_JOURNAL)) {
			ext4_msg(sb, "needs_recovery is set but there is no journal");
			return -EUCLEAN;
		}
	}
	sbi->s_metadata_csum = ro_compat & EXT4_FEATURE_RO_COMPAT_METADATA_CSUM;
	sbi->s_gdt_csum = !sbi->s_metadata_csum && (ro_compat & EXT4_FEATURE_RO_COMPAT_GDT_CSUM);
	sbi->s_huge_file = ro_compat & EXT4_FEATURE_RO_COMPAT_HUGE_FILE;
	sbi->s_64bit = incompat & EXT4_FEATURE_INCOMPAT_64BIT;
	sbi->s_filetype = incompat & EXT4_FEATURE_INCOMPAT_FILETYPE;
	sbi->s_dir_index = compat & EXT4_FEATURE_COMPAT_DIR_INDEX;
	if (sbi->s_metadata_csum) {
		if (es->s_checksum_type != EXT4_CRC32C_CHKSUM) {
			ext4_msg(sb, "unknown checksum type %u", es->s_checksum_type);
			return -EINVAL;
		}
		if (!ext4_super_csum_ok(es)) {
			ext4_msg(sb, "super block checksum mismatch");
			return -EUCLEAN;
		}
	}
	if (incompat & EXT4_FEATURE_INCOMPAT_CSUM_SEED)
		sbi->s_csum_seed = le32(es->s_checksum_seed);
	else
		sbi->s_csum_seed = ext4_crc32c(~0u, es->s_uuid, sizeof(es->s_uuid));
	return 0;
}

static void load_hash_settings(struct ext4_sb_info *sbi, const struct ext4_super_block *es)
{
	for (int i = 0; i < 4; i++)
		sbi->s_hash_seed[i] = le32(es->s_hash_seed[i]);
	sbi->s_def_hash_version = es->s_def_hash_version;
	if (sbi->s_def_hash_version > DX_HASH_TEA)
		sbi->s_def_hash_version = DX_HASH_HALF_MD4;
	sbi->s_hash_unsigned = le32(es->s_flags) & EXT2_FLAGS_UNSIGNED_HASH;
}

/* Read the super block at byte 1024 and check everything in it. */
static int read_super(struct super_block *sb, unsigned long flags)
{
	struct ext4_sb_info *sbi = EXT4_SB(sb);
	struct ext4_super_block *es = kmalloc(sizeof(*es), GFP_KERNEL);
	uint64_t sb_block;
	int err;

	if (!es)
		return -ENOMEM;
	err = blk_rw(sbi->s_bdev, BLK_READ, EXT4_SUPER_OFFSET / SECTOR_SIZE, es, sizeof(*es));
	if (err)
		goto out;
	err = -EINVAL;
	if (le16(es->s_magic) != EXT4_SUPER_MAGIC) {
		ext4_msg(sb, "no ext4 file system (bad magic 0x%x)", le16(es->s_magic));
		goto out;
	}
	err = check_features(sb, es, flags);
	if (!err)
		err = check_geometry(sb, es);
	if (!err)
		err = check_tables(sb, es);
	if (err)
		goto out;
	load_hash_settings(sbi, es);
	sb_block = EXT4_SUPER_OFFSET >> sbi->s_block_log;
	sbi->s_sbh = bread(sbi->s_bdev, sb_block, sbi->s_block_size);
	if (IS_ERR(sbi->s_sbh)) {
		err = (int)PTR_ERR(sbi->s_sbh);
		sbi->s_sbh = NULL;
		goto out;
	}
	sbi->s_es = (struct ext4_super_block *)((uint8_t *)sbi->s_sbh->b_data +
						(EXT4_SUPER_OFFSET & (sbi->s_block_size - 1)));
	err = 0;
out:
	kfree(es);
	return err;
}

/* Read the descriptor blocks (checked after the journal is replayed). */
static int read_descriptors(struct super_block *sb)
{
	struct ext4_sb_info *sbi = EXT4_SB(sb);

	sbi->s_gdt_bh = kcalloc(sbi->s_gdt_blocks, sizeof(*sbi->s_gdt_bh), GFP_KERNEL);
	if (!sbi->s_gdt_bh)
		return -ENOMEM;
	for (uint32_t i = 0; i < sbi->s_gdt_blocks; i++) {
		struct buffer_head *bh =
		    bread(sbi->s_bdev, sbi->s_first_data_block + 1 + i, sbi->s_block_size);

		if (IS_ERR(bh))
			return (int)PTR_ERR(bh);
		sbi->s_gdt_bh[i] = bh;
	}
	return 0;
}

static bool has_journal(struct ext4_sb_info *sbi)
{
	return le32(sbi->s_es->s_feature_compat) & EXT4_FEATURE_COMPAT_HAS_JOURNAL;
}

static void release_sbi(struct ext4_sb_info *sbi)
{
	if (sbi->s_gdt_bh) {
		for (uint32_t i = 0; i < sbi->s_gdt_blocks; i++)
			brelse(sbi->s_gdt_bh[i]);
		kfree(sbi->s_gdt_bh);
	}
	kfree(sbi->s_group_state);
	ext4_freed_release(sbi);
	brelse(sbi->s_sbh);
	buffer_invalidate_bdev(sbi->s_bdev);
	kfree(sbi);
}

/*
 * Read-write mounts: the file system is "in use" until unmounted. Without
 * a journal that is a cleared EXT4_VALID_FS (e2fsck must check it after a
 * crash); with one it is INCOMPAT_RECOVER (replay the log), as in Linux,
 * written before the first handle: Linux and e2fsck wipe a journal whose
 * file system does not say it needs recovery.
 */
static void mark_mounted(struct super_block *sb)
{
	struct ext4_sb_info *sbi = EXT4_SB(sb);
	struct ext4_super_block *es = sbi->s_es;

	lock_buffer(sbi->s_sbh);
	if (sbi->s_journal)
		es->s_feature_incompat =
		    le32(le32(es->s_feature_incompat) | EXT4_FEATURE_INCOMPAT_RECOVER);
	else
		es->s_state = le16(le16(es->s_state) & ~EXT4_VALID_FS);
	es->s_mnt_count = le16((uint16_t)(le16(es->s_mnt_count) + 1));
	es->s_mtime = le32((uint32_t)vfs_now().tv_sec);
	strlcpy(es->s_last_mounted, "/", sizeof(es->s_last_mounted));
	ext4_super_csum_set(es);
	mark_buffer_dirty(sbi->s_sbh);
	unlock_buffer(sbi->s_sbh);
	sync_dirty_buffer(sbi->s_sbh);
	sbi->s_mounted_rw = true;
}

/*
 * Unmount of a read-write mount: data first, then the journal is committed
 * and checkpointed, then the super block says clean. If the journal could
 * not be written back, needs_recovery stays and the next mount replays.
 */
static void mark_unmounted(struct super_block *sb)
{
	struct ext4_sb_info *sbi = EXT4_SB(sb);
	struct ext4_super_block *es = sbi->s_es;

	buffer_sync_bdev(sbi->s_bdev);
	if (sbi->s_journal && ext4_journal_destroy(sb))
		return;
	lock_buffer(sbi->s_sbh);
	es->s_feature_incompat =
	    le32(le32(es->s_feature_incompat) & ~EXT4_FEATURE_INCOMPAT_RECOVER);
	if (sbi->s_was_clean && !(le16(es->s_state) & EXT4_ERROR_FS))
		es->s_state = le16(le16(es->s_state) | EXT4_VALID_FS);
	es->s_wtime = le32((uint32_t)vfs_now().tv_sec);
	ext4_super_csum_set(es);
	mark_buffer_dirty(sbi->s_sbh);
	unlock_buffer(sbi->s_sbh);
	buffer_sync_bdev(sbi->s_bdev);
}

static void ext4_put_super(struct super_block *sb)
{
	struct ext4_sb_info *sbi = EXT4_SB(sb);

	if (!sbi)
		return;
	if (sbi->s_mounted_rw)
		mark_unmounted(sb);
	else if (sbi->s_journal)
		ext4_journal_destroy(sb); /* the mount failed after loading it */
	release_sbi(sbi);
	sb->s_fs_info = NULL;
}

/*
 * sync(2), syncfs(2): every dirty page of the file system's files, then
 * every dirty buffer (metadata whose transaction committed), is written,
 * then the running transaction is committed. Without a journal the first
 * two parts are all there is.
 */
static int ext4_sync_fs(struct super_block *sb, bool wait)
{
	struct ext4_sb_info *sbi = EXT4_SB(sb);
	int err;

	(void)wait; /* every write here is synchronous */
	if (sbi->s_rdonly)
		return 0;
	err = pagecache_sync_sb(sb);
	if (!err)
		err = buffer_sync_bdev(sbi->s_bdev);
	if (!err)
		err = ext4_journal_force_commit(sb);
	return err;
}

/* Blocks of the internal journal, from the super block's backup of the
 * journal inode's size (what mke2fs writes). */
static uint64_t journal_blocks(struct ext4_sb_info *sbi)
{
	struct ext4_super_block *es = sbi->s_es;
	uint64_t bytes;

	if (!(le32(es->s_feature_compat) & EXT4_FEATURE_COMPAT_HAS_JOURNAL) ||
	    es->s_jnl_backup_type != EXT3_JNL_BACKUP_BLOCKS)
		return 0;
	bytes = (uint64_t)le32(es->s_jnl_blocks[15]) << 32 | le32(es->s_jnl_blocks[16]);
	return bytes / sbi->s_block_size;
}

/*
 * As Linux reports it: the metadata and the journal are not counted as
 * blocks of the file system, and besides the root-reserved blocks 2% of it
 * (at most 4096 blocks) are held back from "available" on extent file
 * systems, so that delayed allocations never find the disk full.
 */
static int ext4_statfs(struct super_block *sb, struct linux_statfs *st)
{
	struct ext4_sb_info *sbi = EXT4_SB(sb);
	struct ext4_super_block *es = sbi->s_es;
	uint64_t reserved, free, overhead;

	mutex_lock(&sbi->s_lock);
	free = ext4_free_blocks_count(sbi);
	reserved = le32(es->s_r_blocks_count_lo);
	if (sbi->s_64bit)
		reserved |= (uint64_t)le32(es->s_r_blocks_count_hi) << 32;
	if (le32(es->s_feature_incompat) & EXT4_FEATURE_INCOMPAT_EXTENTS)
		reserved += MIN(sbi->s_blocks_count / 50, (uint64_t)4096);
	overhead = le32(es->s_overhead_clusters);
	if (!overhead)
		overhead = ext4_overhead_blocks(sbi) + journal_blocks(sbi);
	st->f_type = EXT4_SUPER_MAGIC;
	st->f_bsize = sbi->s_block_size;
	st->f_frsize = sbi->s_block_size;
	st->f_blocks = (int64_t)(sbi->s_blocks_count > overhead ? sbi->s_blocks_count - overhead : 0);
	st->f_bfree = (int64_t)free;
	st->f_bavail = (int64_t)(free > reserved ? free - reserved : 0);
	st->f_files = sbi->s_inodes_count;
	st->f_ffree = le32(es->s_free_inodes_count);
	st->f_namelen = EXT4_NAME_LEN;
	memcpy(&st->f_fsid, es->s_uuid, sizeof(st->f_fsid));
	mutex_unlock(&sbi->s_lock);
	return 0;
}

static const struct super_operations ext4_sops = {
    .alloc_inode = ext4_alloc_inode,
    .destroy_inode = ext4_destroy_inode,
    .evict_inode = ext4_evict_inode,
    .put_super = ext4_put_super,
    .statfs = ext4_statfs,
    .sync_fs = ext4_sync_fs,
};

static struct block_device *find_device(const char *source)
{
	if (!source)
		return NULL;
	if (strncmp(source, "/dev/", 5) == 0)
		source += 5;
	return blk_find(source);
}

static struct ext4_sb_info *new_sbi(struct block_device *bdev)
{
	struct ext4_sb_info *sbi = kzalloc(sizeof(*sbi), GFP_KERNEL);

	if (!sbi)
		return NULL;
	sbi->s_bdev = bdev;
	strlcpy(sbi->s_name, bdev->name, sizeof(sbi->s_name));
	mutex_init(&sbi->s_lock, "ext4_sb");
	spin_lock_init(&sbi->s_icache_lock, "ext4_icache");
	list_init(&sbi->s_orphans);
	list_init(&sbi->s_freed);
	for (int i = 0; i < EXT4_ICACHE_BUCKETS; i++)
		list_init(&sbi->s_icache[i]);
	return sbi;
}

static int make_root(struct super_block *sb)
{
	struct inode *root = ext4_iget(sb, EXT4_ROOT_INO);

	if (IS_ERR(root))
		return (int)PTR_ERR(root);
	if (!inode_is_dir(root) || root->i_nlink == 0) {
		ext4_msg(sb, "root inode is not a directory");
		iput(root);
		return -EUCLEAN;
	}
	sb->s_root = d_make_root(root);
	return sb->s_root ? 0 : -ENOMEM;
}

/* Largest file: 2^32 logical blocks, and i_blocks limits without huge_file. */
static int64_t max_file_size(struct ext4_sb_info *sbi)
{
	int64_t extent_max = (int64_t)(((uint64_t)EXT4_MAX_LBLK) << sbi->s_block_log);
	int64_t blocks_max = (int64_t)((1ull << 32) - 1) * 512; /* i_blocks_lo only */

	if (sbi->s_huge_file)
		blocks_max = (int64_t)(((1ull << 48) - 1) * 512);
	return extent_max < blocks_max ? extent_max : blocks_max;
}

static int ext4_fill_super(struct super_block *sb, const char *source, const void *data)
{
	struct block_device *bdev = find_device(source);
	struct ext4_sb_info *sbi;
	int err;

	(void)data;
	if (!bdev) {
		printk("ext4: %s: no such block device\n", source ? source : "(none)");
		return -ENODEV;
	}
	sbi = new_sbi(bdev);
	if (!sbi)
		return -ENOMEM;
	sb->s_fs_info = sbi;
	sb->s_op = &ext4_sops;
	sb->s_magic = EXT4_SUPER_MAGIC;
	sb->s_dev = bdev->dev;
	err = read_super(sb, sb->s_flags);
	if (!err)
		err = read_descriptors(sb);
	if (!err && !sbi->s_rdonly && has_journal(sbi))
		err = ext4_journal_load(sb);
	if (!err)
		err = ext4_check_descriptors(sb);
	if (err)
		return err;
	sbi->s_was_clean = le16(sbi->s_es->s_state) & EXT4_VALID_FS;
	if (!sbi->s_was_clean)
		ext4_msg(sb, "warning: file system was not cleanly unmounted, run e2fsck");
	if (le16(sbi->s_es->s_state) & EXT4_ERROR_FS)
		ext4_msg(sb, "warning: file system has errors, run e2fsck");
	sb->s_maxbytes = max_file_size(sbi);
	if (!sbi->s_rdonly) {
		mark_mounted(sb);
		err = ext4_orphan_cleanup(sb);
		if (err)
			return err;
	}
	err = make_root(sb);
	if (err)
		return err;
	ext4_msg(sb, "mounted %s (%u-byte blocks, %u groups%s%s)",
		 sbi->s_rdonly ? "read-only" : "read-write", sbi->s_block_size, sbi->s_group_count,
		 sbi->s_metadata_csum ? ", metadata_csum" : "",
		 sbi->s_journal ? ", journaled" : "");
	return 0;
}

static struct file_system_type ext4_type = {
    .name = "ext4",
    .fill_super = ext4_fill_super,
};

int ext4_register(void)
{
	static bool registered;
	int err;

	if (registered)
		return 0;
	err = register_filesystem(&ext4_type);
	if (!err)
		registered = true;
	return err;
}
