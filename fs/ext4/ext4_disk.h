/*
 * fs/ext4/ext4_disk.h - the ext4 on-disk format: super block, group
 * descriptors, inodes, extents, directory entries and htree nodes.
 *
 * Every structure is little-endian on disk with explicit widths; sizes and
 * key offsets are checked with _Static_assert. Fields are read and written
 * through le16()/le32() (identity on the little-endian machines Rux runs
 * on) so the code says where disk values enter.
 *
 * Only the fields Rux uses are named; the rest are kept as padding so the
 * offsets stay right.
 */
#ifndef RUX_FS_EXT4_DISK_H
#define RUX_FS_EXT4_DISK_H

#include <stddef.h>
#include <stdint.h>

_Static_assert(__BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__, "ext4 assumes a little-endian CPU");

static inline uint16_t le16(uint16_t v)
{
	return v;
}

static inline uint32_t le32(uint32_t v)
{
	return v;
}

static inline uint64_t le64(uint64_t v)
{
	return v;
}

#define EXT4_SUPER_MAGIC	 0xEF53
#define EXT4_SUPER_OFFSET	 1024 /* bytes from the start of the device */
#define EXT4_MIN_BLOCK_LOG	 10   /* 1 KiB */
#define EXT4_MAX_BLOCK_LOG	 16   /* 64 KiB */
#define EXT4_GOOD_OLD_INODE_SIZE 128
#define EXT4_GOOD_OLD_FIRST_INO	 11
#define EXT4_ROOT_INO		 2
#define EXT4_RESIZE_INO		 7
#define EXT4_JOURNAL_INO	 8
#define EXT4_NAME_LEN		 255
#define EXT4_LINK_MAX		 65000
#define EXT4_N_BLOCKS		 15

/* s_state */
#define EXT4_VALID_FS 0x0001
#define EXT4_ERROR_FS 0x0002
/* s_flags */
#define EXT2_FLAGS_SIGNED_HASH	 0x0001
#define EXT2_FLAGS_UNSIGNED_HASH 0x0002

/* Feature flags (s_feature_compat, _incompat, _ro_compat). */
#define EXT4_FEATURE_COMPAT_HAS_JOURNAL	 0x0004
#define EXT3_JNL_BACKUP_BLOCKS		 1 /* s_jnl_backup_type: s_jnl_blocks holds the journal inode */
#define EXT4_FEATURE_COMPAT_EXT_ATTR	 0x0008
#define EXT4_FEATURE_COMPAT_RESIZE_INODE 0x0010
#define EXT4_FEATURE_COMPAT_DIR_INDEX	 0x0020
#define EXT4_FEATURE_COMPAT_FAST_COMMIT	 0x0400
#define EXT4_FEATURE_COMPAT_ORPHAN_FILE	 0x1000

#define EXT4_FEATURE_INCOMPAT_FILETYPE	0x0002
#define EXT4_FEATURE_INCOMPAT_RECOVER	0x0004
#define EXT4_FEATURE_INCOMPAT_EXTENTS	0x0040
#define EXT4_FEATURE_INCOMPAT_64BIT	0x0080
#define EXT4_FEATURE_INCOMPAT_FLEX_BG	0x0200
#define EXT4_FEATURE_INCOMPAT_CSUM_SEED 0x2000

#define EXT4_FEATURE_RO_COMPAT_SPARSE_SUPER  0x0001
#define EXT4_FEATURE_RO_COMPAT_LARGE_FILE    0x0002
#define EXT4_FEATURE_RO_COMPAT_HUGE_FILE     0x0008
#define EXT4_FEATURE_RO_COMPAT_GDT_CSUM	     0x0010
#define EXT4_FEATURE_RO_COMPAT_DIR_NLINK     0x0020
#define EXT4_FEATURE_RO_COMPAT_EXTRA_ISIZE   0x0040
#define EXT4_FEATURE_RO_COMPAT_METADATA_CSUM 0x0400

/* What this driver reads and writes correctly. */
#define EXT4_INCOMPAT_SUPPORTED                                                                    \
	(EXT4_FEATURE_INCOMPAT_FILETYPE | EXT4_FEATURE_INCOMPAT_RECOVER |                          \
	 EXT4_FEATURE_INCOMPAT_EXTENTS | EXT4_FEATURE_INCOMPAT_64BIT |                             \
	 EXT4_FEATURE_INCOMPAT_FLEX_BG | EXT4_FEATURE_INCOMPAT_CSUM_SEED)
#define EXT4_RO_COMPAT_SUPPORTED                                                                   \
	(EXT4_FEATURE_RO_COMPAT_SPARSE_SUPER | EXT4_FEATURE_RO_COMPAT_LARGE_FILE |                 \
	 EXT4_FEATURE_RO_COMPAT_HUGE_FILE | EXT4_FEATURE_RO_COMPAT_GDT_CSUM |                      \
	 EXT4_FEATURE_RO_COMPAT_DIR_NLINK | EXT4_FEATURE_RO_COMPAT_EXTRA_ISIZE |                   \
	 EXT4_FEATURE_RO_COMPAT_METADATA_CSUM)

#define EXT4_CRC32C_CHKSUM 1 /* s_checksum_type */

struct ext4_super_block {
	uint32_t s_inodes_count; /* 0x00 */
	uint32_t s_blocks_count_lo;
	uint32_t s_r_blocks_count_lo;
	uint32_t s_free_blocks_count_lo;
	uint32_t s_free_inodes_count; /* 0x10 */
	uint32_t s_first_data_block;
	uint32_t s_log_block_size;
	uint32_t s_log_cluster_size;
	uint32_t s_blocks_per_group; /* 0x20 */
	uint32_t s_clusters_per_group;
	uint32_t s_inodes_per_group;
	uint32_t s_mtime;
	uint32_t s_wtime; /* 0x30 */
	uint16_t s_mnt_count;
	int16_t s_max_mnt_count;
	uint16_t s_magic; /* 0x38 */
	uint16_t s_state;
	uint16_t s_errors;
	uint16_t s_minor_rev_level;
	uint32_t s_lastcheck; /* 0x40 */
	uint32_t s_checkinterval;
	uint32_t s_creator_os;
	uint32_t s_rev_level;
	uint16_t s_def_resuid; /* 0x50 */
	uint16_t s_def_resgid;
	uint32_t s_first_ino;
	uint16_t s_inode_size;
	uint16_t s_block_group_nr;
	uint32_t s_feature_compat;
	uint32_t s_feature_incompat; /* 0x60 */
	uint32_t s_feature_ro_compat;
	uint8_t s_uuid[16];		   /* 0x68 */
	char s_volume_name[16];		   /* 0x78 */
	char s_last_mounted[64];	   /* 0x88 */
	uint32_t s_algorithm_usage_bitmap; /* 0xC8 */
	uint8_t s_prealloc_blocks;
	uint8_t s_prealloc_dir_blocks;
	uint16_t s_reserved_gdt_blocks;
	uint8_t s_journal_uuid[16]; /* 0xD0 */
	uint32_t s_journal_inum;    /* 0xE0 */
	uint32_t s_journal_dev;
	uint32_t s_last_orphan;	    /* 0xE8: head of the orphan inode chain */
	uint32_t s_hash_seed[4];    /* 0xEC */
	uint8_t s_def_hash_version; /* 0xFC */
	uint8_t s_jnl_backup_type;
	uint16_t s_desc_size;
	uint32_t s_default_mount_opts; /* 0x100 */
	uint32_t s_first_meta_bg;
	uint32_t s_mkfs_time;
	uint32_t s_jnl_blocks[17];
	uint32_t s_blocks_count_hi; /* 0x150 */
	uint32_t s_r_blocks_count_hi;
	uint32_t s_free_blocks_count_hi;
	uint16_t s_min_extra_isize;
	uint16_t s_want_extra_isize;
	uint32_t s_flags; /* 0x160 */
	uint8_t s_pad0[0x174 - 0x164];
	uint8_t s_log_groups_per_flex; /* 0x174 */
	uint8_t s_checksum_type;
	uint8_t s_pad1[0x248 - 0x176];
	uint32_t s_overhead_clusters; /* 0x248: metadata + journal, 0: unknown */
	uint8_t s_pad1b[0x270 - 0x24C];
	uint32_t s_checksum_seed; /* 0x270 */
	uint8_t s_pad2[0x3FC - 0x274];
	uint32_t s_checksum; /* 0x3FC: crc32c(~0, super block up to here) */
};
_Static_assert(sizeof(struct ext4_super_block) == 1024, "ext4 super block size");
_Static_assert(offsetof(struct ext4_super_block, s_magic) == 0x38, "s_magic");
_Static_assert(offsetof(struct ext4_super_block, s_uuid) == 0x68, "s_uuid");
_Static_assert(offsetof(struct ext4_super_block, s_last_orphan) == 0xE8, "s_last_orphan");
_Static_assert(offsetof(struct ext4_super_block, s_desc_size) == 0xFE, "s_desc_size");
_Static_assert(offsetof(struct ext4_super_block, s_blocks_count_hi) == 0x150, "s_blocks_hi");
_Static_assert(offsetof(struct ext4_super_block, s_flags) == 0x160, "s_flags");
_Static_assert(offsetof(struct ext4_super_block, s_overhead_clusters) == 0x248, "s_overhead");

/* bg_flags */
#define EXT4_BG_INODE_UNINIT 0x0001
#define EXT4_BG_BLOCK_UNINIT 0x0002
#define EXT4_BG_INODE_ZEROED 0x0004

#define EXT4_MIN_DESC_SIZE	 32
#define EXT4_MIN_DESC_SIZE_64BIT 64
#define EXT4_MAX_DESC_SIZE	 1024

struct ext4_group_desc {
	uint32_t bg_block_bitmap_lo;
	uint32_t bg_inode_bitmap_lo;
	uint32_t bg_inode_table_lo;
	uint16_t bg_free_blocks_count_lo;
	uint16_t bg_free_inodes_count_lo;
	uint16_t bg_used_dirs_count_lo; /* 0x10 */
	uint16_t bg_flags;
	uint32_t bg_exclude_bitmap_lo;
	uint16_t bg_block_bitmap_csum_lo;
	uint16_t bg_inode_bitmap_csum_lo;
	uint16_t bg_itable_unused_lo;
	uint16_t bg_checksum; /* 0x1E */
	/* 64-byte descriptors (64bit feature) only: */
	uint32_t bg_block_bitmap_hi; /* 0x20 */
	uint32_t bg_inode_bitmap_hi;
	uint32_t bg_inode_table_hi;
	uint16_t bg_free_blocks_count_hi;
	uint16_t bg_free_inodes_count_hi;
	uint16_t bg_used_dirs_count_hi; /* 0x30 */
	uint16_t bg_itable_unused_hi;
	uint32_t bg_exclude_bitmap_hi;
	uint16_t bg_block_bitmap_csum_hi; /* 0x38 */
	uint16_t bg_inode_bitmap_csum_hi;
	uint32_t bg_reserved;
};
_Static_assert(sizeof(struct ext4_group_desc) == 64, "ext4 group descriptor size");
_Static_assert(offsetof(struct ext4_group_desc, bg_checksum) == 0x1E, "bg_checksum");

/* i_flags */
#define EXT4_INDEX_FL	    0x00001000 /* htree directory */
#define EXT4_HUGE_FILE_FL   0x00040000 /* i_blocks in file system blocks */
#define EXT4_EXTENTS_FL	    0x00080000
#define EXT4_EA_INODE_FL    0x00200000
#define EXT4_INLINE_DATA_FL 0x10000000

struct ext4_inode {
	uint16_t i_mode;
	uint16_t i_uid;
	uint32_t i_size_lo;
	uint32_t i_atime;
	uint32_t i_ctime;
	uint32_t i_mtime; /* 0x10 */
	uint32_t i_dtime; /* deletion time, or the next orphan's number */
	uint16_t i_gid;
	uint16_t i_links_count;
	uint32_t i_blocks_lo;
	uint32_t i_flags; /* 0x20 */
	uint32_t i_version;
	uint32_t i_block[EXT4_N_BLOCKS]; /* 0x28 */
	uint32_t i_generation;		 /* 0x64 */
	uint32_t i_file_acl_lo;
	uint32_t i_size_high;
	uint32_t i_obso_faddr;
	uint16_t i_blocks_high; /* 0x74 */
	uint16_t i_file_acl_high;
	uint16_t i_uid_high;
	uint16_t i_gid_high;
	uint16_t i_checksum_lo; /* 0x7C */
	uint16_t i_reserved;
	/* large inodes (s_inode_size > 128), present up to 128 + i_extra_isize: */
	uint16_t i_extra_isize; /* 0x80 */
	uint16_t i_checksum_hi;
	uint32_t i_ctime_extra;
	uint32_t i_mtime_extra;
	uint32_t i_atime_extra;
	uint32_t i_crtime; /* 0x90 */
	uint32_t i_crtime_extra;
	uint32_t i_version_hi;
	uint32_t i_projid;
};
_Static_assert(sizeof(struct ext4_inode) == 160, "ext4 inode size");
_Static_assert(offsetof(struct ext4_inode, i_block) == 0x28, "i_block");
_Static_assert(offsetof(struct ext4_inode, i_checksum_lo) == 0x7C, "i_checksum_lo");
_Static_assert(offsetof(struct ext4_inode, i_crtime) == 0x90, "i_crtime");

/* True when the large-inode field ending at byte @end fits in @extra_isize. */
#define EXT4_INODE_HAS(extra_isize, field)                                                         \
	((size_t)EXT4_GOOD_OLD_INODE_SIZE + (extra_isize) >=                                       \
	 offsetof(struct ext4_inode, field) + sizeof(((struct ext4_inode *)0)->field))

/* ----- extent trees ----- */

#define EXT4_EXT_MAGIC		   0xF30A
#define EXT4_EXT_MAX_DEPTH	   5
#define EXT4_EXT_INIT_MAX_LEN	   32768u /* longer ee_len means unwritten */
#define EXT4_EXT_UNWRITTEN_MAX_LEN (EXT4_EXT_INIT_MAX_LEN - 1)

struct ext4_extent_header {
	uint16_t eh_magic;
	uint16_t eh_entries;
	uint16_t eh_max;
	uint16_t eh_depth; /* 0: entries are extents */
	uint32_t eh_generation;
};

struct ext4_extent {
	uint32_t ee_block; /* first logical block */
	uint16_t ee_len;
	uint16_t ee_start_hi;
	uint32_t ee_start_lo;
};

struct ext4_extent_idx {
	uint32_t ei_block; /* covers logical blocks from here */
	uint32_t ei_leaf_lo;
	uint16_t ei_leaf_hi;
	uint16_t ei_unused;
};

struct ext4_extent_tail {
	uint32_t et_checksum;
};
_Static_assert(sizeof(struct ext4_extent_header) == 12, "extent header");
_Static_assert(sizeof(struct ext4_extent) == 12, "extent");
_Static_assert(sizeof(struct ext4_extent_idx) == 12, "extent index");

/* ----- directories ----- */

#define EXT4_FT_UNKNOWN	 0
#define EXT4_FT_REG_FILE 1
#define EXT4_FT_DIR	 2
#define EXT4_FT_CHRDEV	 3
#define EXT4_FT_BLKDEV	 4
#define EXT4_FT_FIFO	 5
#define EXT4_FT_SOCK	 6
#define EXT4_FT_SYMLINK	 7
#define EXT4_FT_MAX	 8
#define EXT4_FT_DIR_CSUM 0xDE /* file_type of the checksum tail */

struct ext4_dir_entry {
	uint32_t inode;
	uint16_t rec_len;
	uint8_t name_len;
	uint8_t file_type;
	char name[];
};
_Static_assert(sizeof(struct ext4_dir_entry) == 8, "dir entry header");

/* The last 12 bytes of a leaf block when metadata_csum is on. */
struct ext4_dir_entry_tail {
	uint32_t det_reserved_zero1;
	uint16_t det_rec_len; /* 12 */
	uint8_t det_reserved_zero2;
	uint8_t det_reserved_ft; /* EXT4_FT_DIR_CSUM */
	uint32_t det_checksum;
};
_Static_assert(sizeof(struct ext4_dir_entry_tail) == 12, "dir entry tail");

/* htree: block 0 holds ".", "..", then this root info and the entries. */
#define DX_HASH_LEGACY		  0
#define DX_HASH_HALF_MD4	  1
#define DX_HASH_TEA		  2
#define DX_HASH_LEGACY_UNSIGNED	  3
#define DX_HASH_HALF_MD4_UNSIGNED 4
#define DX_HASH_TEA_UNSIGNED	  5

struct dx_root_info {
	uint32_t reserved_zero;
	uint8_t hash_version;
	uint8_t info_length; /* 8 */
	uint8_t indirect_levels;
	uint8_t unused_flags;
};

/* The first dx_entry's hash field holds limit and count instead. */
struct dx_countlimit {
	uint16_t limit;
	uint16_t count;
};

struct dx_entry {
	uint32_t hash;
	uint32_t block; /* logical block of the directory */
};

struct dx_tail {
	uint32_t dt_reserved;
	uint32_t dt_checksum;
};
_Static_assert(sizeof(struct dx_root_info) == 8, "dx_root_info");
_Static_assert(sizeof(struct dx_entry) == 8, "dx_entry");

/* Offsets in a dx root block: "." (12 bytes) and ".." (12 bytes), the info. */
#define DX_ROOT_INFO_OFFSET 24
#define DX_ROOT_ENTRIES	    (DX_ROOT_INFO_OFFSET + 8)
/* In an interior node: a fake empty entry of 8 bytes, then the entries. */
#define DX_NODE_ENTRIES 8

#endif /* RUX_FS_EXT4_DISK_H */
