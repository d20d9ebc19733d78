/*
 * fs/ext4/internal.h - what the files of fs/ext4 share.
 *
 * Layers, bottom to top:
 *	csum.c      crc32c/crc16 checksums of every metadata kind
 *	super.c     mount: super block checks, features; statfs; unmount
 *	group.c     group descriptors and the two bitmaps of each group
 *	balloc.c    block allocation and freeing (bitmaps + free counts)
 *	ialloc.c    inode number allocation and freeing
 *	inode.c     the inode cache, reading/writing on-disk inodes, eviction
 *	extents.c   the extent tree: map, insert, truncate
 *	indirect.c  read-only block maps of old (ext2/3) files
 *	data.c      block maps; file data through the page cache,
 *	            directory blocks through the buffer cache
 *	file.c      file_operations of regular files, truncate, setattr
 *	fallocate.c fallocate(2): unwritten extents
 *	dir.c       directory blocks: entries, checksum tails, readdir
 *	hash.c      htree name hashes (legacy, half MD4, TEA)
 *	htree.c     dir_index: indexed lookup, insert, leaf and index splits
 *	namei.c     inode_operations of directories (create ... rename)
 *	symlink.c   fast and slow symbolic links
 *	orphan.c    the orphan list (unlinked but open, truncates in flight)
 *	xattr.c     extended attributes: get/set/list/remove, in-inode and block
 *	xattr_format.c  the on-disk attribute areas <-> sorted lists
 *	journal.c   handles over jbd2, the journal inode at mount
 *	freed.c     blocks freed by transactions not yet committed (held back)
 *
 * Corruption found on disk is logged ("ext4: vda: ...") and returned as
 * -EUCLEAN (Linux's EFSCORRUPTED); I/O errors are -EIO.
 *
 * Locking: namespace changes (namei.c, directory blocks) run under the
 * VFS's vfs_ns_lock; a file's data, size and extent tree under its
 * inode->i_lock; the allocators, group descriptors, super block counters
 * and the orphan list under sbi->s_lock (taken inside balloc/ialloc/orphan
 * only, never around I/O of other inodes); the inode cache hash under
 * sbi->s_icache_lock; buffer contents under the buffer's b_lock.
 * A journal handle is started before any of these locks is taken (starting
 * one may wait for a commit, which waits for every open handle).
 */
#ifndef RUX_FS_EXT4_INTERNAL_H
#define RUX_FS_EXT4_INTERNAL_H

#include <stdbool.h>
#include <stdint.h>

#include "drivers/block/buffer.h"
#include "fs/ext4/ext4.h"
#include "fs/ext4/ext4_disk.h"
#include "fs/ext4/journal.h"
#include "fs/vfs/vfs.h"
#include "lib/compiler.h"
#include "lib/list.h"
#include "lib/printk.h"
#include "lib/spinlock.h"
#include "sched/mutex.h"

#define EXT4_ICACHE_BUCKETS 256

/* s_group_state bits: the bitmap on disk was checked against its checksum. */
#define EXT4_GROUP_BB_CHECKED (1u << 0)
#define EXT4_GROUP_IB_CHECKED (1u << 1)

struct ext4_sb_info {
	struct block_device *s_bdev;
	char s_name[16];	       /* device name, for messages */
	struct buffer_head *s_sbh;     /* the block holding the super block */
	struct ext4_super_block *s_es; /* inside s_sbh */
	struct buffer_head **s_gdt_bh; /* descriptor blocks, held while mounted */
	uint32_t s_block_size;
	unsigned int s_block_log; /* log2 of s_block_size */
	uint64_t s_blocks_count;
	uint32_t s_first_data_block;
	uint32_t s_blocks_per_group;
	uint32_t s_inodes_per_group;
	uint32_t s_inodes_count;
	uint32_t s_group_count;
	uint32_t s_desc_size;
	uint32_t s_descs_per_block;
	uint32_t s_gdt_blocks;
	uint32_t s_inode_size;
	uint32_t s_itable_blocks; /* inode table blocks per group */
	uint32_t s_first_ino;
	uint16_t s_want_extra_isize;
	uint32_t s_csum_seed; /* crc32c seed of every metadata_csum checksum */
	uint32_t s_hash_seed[4];
	uint8_t s_def_hash_version;
	bool s_hash_unsigned;
	bool s_metadata_csum;
	bool s_gdt_csum;
	bool s_64bit;
	bool s_dir_index;
	bool s_filetype;
	bool s_huge_file;
	bool s_rdonly;
	bool s_was_clean;		/* EXT4_VALID_FS was set at mount */
	bool s_mounted_rw;		/* marked in use on disk: put_super marks it clean */
	struct jbd2_journal *s_journal; /* NULL without has_journal or read-only */
	struct list_head s_freed;	/* ext4_freed ranges, under s_lock (freed.c) */
	uint32_t s_dir_rotor;		/* where the next new directory goes */
	uint8_t *s_group_state;		/* EXT4_GROUP_* per group, under s_lock */
	struct mutex s_lock;		/* allocators, descriptors, counters, orphans */
	struct list_head s_orphans;	/* ext4_inode_info.i_orphan, newest first */
	struct spinlock s_icache_lock;
	struct list_head s_icache[EXT4_ICACHE_BUCKETS];
};

struct ext4_inode_info {
	struct inode vfs;
	uint32_t i_data[EXT4_N_BLOCKS]; /* i_block: extent root, link text, rdev */
	uint32_t i_flags;
	uint32_t i_generation;
	uint64_t i_file_acl;
	uint32_t i_dtime;     /* next orphan while on the orphan list */
	uint32_t i_csum_seed; /* crc32c(seed, ino, generation) */
	uint16_t i_extra_isize;
	struct vfs_timespec i_crtime;
	uint64_t i_alloc_goal;	   /* physical block to try next */
	struct list_head i_orphan; /* in sbi->s_orphans when on the chain */
	bool i_on_orphan;
	bool i_bad;		 /* failed to read: never free anything of it */
	struct list_head i_hash; /* in the inode cache */
};

static inline struct ext4_inode_info *EXT4_I(struct inode *inode)
{
	return container_of(inode, struct ext4_inode_info, vfs);
}

static inline struct ext4_sb_info *EXT4_SB(struct super_block *sb)
{
	return sb->s_fs_info;
}

static inline bool ext4_sb_rdonly(struct super_block *sb)
{
	return EXT4_SB(sb)->s_rdonly;
}

/* ----- errors (super.c) ----- */

/* Log a corruption ("ext4: vda: ...") and mark the file system in error. */
void ext4_error(struct super_block *sb, const char *fmt, ...) __printf(2, 3);
#define ext4_msg(sb, fmt, ...) printk("ext4: %s: " fmt "\n", EXT4_SB(sb)->s_name, ##__VA_ARGS__)

/* Rewrite the super block's checksum and dirty it (caller holds s_lock or
 * is the only user, and got write access with ext4_super_access before
 * changing it). */
void ext4_super_dirty(struct ext4_handle *h, struct super_block *sb);
uint64_t ext4_free_blocks_count(struct ext4_sb_info *sbi);
void ext4_set_free_blocks_count(struct ext4_sb_info *sbi, uint64_t n);

/* ----- checksums (csum.c) ----- */

uint32_t ext4_crc32c(uint32_t seed, const void *buf, size_t len);
uint16_t ext4_crc16(uint16_t crc, const void *buf, size_t len);
bool ext4_super_csum_ok(const struct ext4_super_block *es);
void ext4_super_csum_set(struct ext4_super_block *es);
uint16_t ext4_group_desc_csum(struct ext4_sb_info *sbi, uint32_t group,
			      const struct ext4_group_desc *gd);
uint32_t ext4_inode_csum(struct ext4_sb_info *sbi, uint32_t seed, const uint8_t *raw);
/* The per-inode seed of inode, extent, directory and htree checksums. */
uint32_t ext4_inode_seed(struct ext4_sb_info *sbi, uint32_t ino, uint32_t generation);

/* ----- groups and bitmaps (group.c) ----- */

/* Descriptor of @group (group < s_group_count), inside a held buffer. */
struct ext4_group_desc *ext4_group_desc(struct ext4_sb_info *sbi, uint32_t group);
uint64_t ext4_gd_block_bitmap(struct ext4_sb_info *sbi, const struct ext4_group_desc *gd);
uint64_t ext4_gd_inode_bitmap(struct ext4_sb_info *sbi, const struct ext4_group_desc *gd);
uint64_t ext4_gd_inode_table(struct ext4_sb_info *sbi, const struct ext4_group_desc *gd);
uint32_t ext4_gd_free_blocks(struct ext4_sb_info *sbi, const struct ext4_group_desc *gd);
uint32_t ext4_gd_free_inodes(struct ext4_sb_info *sbi, const struct ext4_group_desc *gd);
uint32_t ext4_gd_used_dirs(struct ext4_sb_info *sbi, const struct ext4_group_desc *gd);
uint32_t ext4_gd_itable_unused(struct ext4_sb_info *sbi, const struct ext4_group_desc *gd);
void ext4_gd_set_free_blocks(struct ext4_sb_info *sbi, struct ext4_group_desc *gd, uint32_t n);
void ext4_gd_set_free_inodes(struct ext4_sb_info *sbi, struct ext4_group_desc *gd, uint32_t n);
void ext4_gd_set_used_dirs(struct ext4_sb_info *sbi, struct ext4_group_desc *gd, uint32_t n);
void ext4_gd_set_itable_unused(struct ext4_sb_info *sbi, struct ext4_group_desc *gd, uint32_t n);
/* Recompute @group's descriptor checksum and dirty its block (write access
 * first: ext4_group_desc_access). */
void ext4_group_desc_dirty(struct ext4_handle *h, struct super_block *sb, uint32_t group);
/* Check every descriptor at mount: locations in range, checksums. */
int ext4_check_descriptors(struct super_block *sb);
/* Blocks in @group (the last one may be short). */
uint32_t ext4_group_blocks(struct ext4_sb_info *sbi, uint32_t group);
uint64_t ext4_group_first_block(struct ext4_sb_info *sbi, uint32_t group);
/* Super block backup + descriptor blocks at the start of @group. */
uint32_t ext4_group_sb_gdt_blocks(struct ext4_sb_info *sbi, uint32_t group);
/*
 * The block or inode bitmap of @group, checked (checksum) or built
 * (BLOCK_UNINIT/INODE_UNINIT groups). Caller holds s_lock. ERR_PTR.
 */
struct buffer_head *ext4_read_block_bitmap(struct super_block *sb, uint32_t group);
struct buffer_head *ext4_read_inode_bitmap(struct super_block *sb, uint32_t group);
/* Store the bitmap's checksum in @group's descriptor (caller dirties it). */
void ext4_block_bitmap_csum_set(struct ext4_sb_info *sbi, uint32_t group, struct buffer_head *bh);
void ext4_inode_bitmap_csum_set(struct ext4_sb_info *sbi, uint32_t group, struct buffer_head *bh);

static inline bool ext4_test_bit(const void *map, uint32_t bit)
{
	return (((const uint8_t *)map)[bit >> 3] >> (bit & 7)) & 1;
}

static inline void ext4_set_bit(void *map, uint32_t bit)
{
	((uint8_t *)map)[bit >> 3] |= (uint8_t)(1u << (bit & 7));
}

static inline void ext4_clear_bit(void *map, uint32_t bit)
{
	((uint8_t *)map)[bit >> 3] &= (uint8_t) ~(1u << (bit & 7));
}

/* ----- block and inode allocation (balloc.c, ialloc.c) ----- */

/* True when [pblk, pblk + len) lies inside the file system's data area. */
bool ext4_blocks_valid(struct ext4_sb_info *sbi, uint64_t pblk, uint64_t len);
/*
 * Allocate 1..@want contiguous blocks, the first as close to @goal as
 * possible; *@first and *@got say which. -ENOSPC when none is free.
 */
int ext4_new_blocks(struct ext4_handle *h, struct super_block *sb, uint64_t goal, uint32_t want,
		    uint64_t *first, uint32_t *got);
int ext4_free_blocks(struct ext4_handle *h, struct super_block *sb, uint64_t first, uint64_t count);
/* Get write access to the super block / the descriptor block of @group
 * before changing them (they are dirtied with ext4_super_dirty and
 * ext4_group_desc_dirty). */
int ext4_super_access(struct ext4_handle *h, struct super_block *sb);
int ext4_group_desc_access(struct ext4_handle *h, struct super_block *sb, uint32_t group);
/*
 * Write access, in @h, to everything a bitmap change in @group touches:
 * the bitmap @bh, the group descriptor and the super block (free counts).
 * On failure @bh is released.
 */
int ext4_bitmap_access(struct ext4_handle *h, struct super_block *sb, uint32_t group,
		       struct buffer_head *bh);
/* Blocks used by metadata (for statfs). */
uint64_t ext4_overhead_blocks(struct ext4_sb_info *sbi);
/*
 * freed.c: with a journal, a block freed by transaction T must not be
 * given to anyone else before T commits: a crash before that brings the
 * old owner back, and new data written there in place would have
 * overwritten it. Callers hold s_lock.
 */
int ext4_freed_add(struct ext4_handle *h, struct super_block *sb, uint64_t first, uint64_t count);
/* The first held range ending after @pblk, in [*start, *end); false if none. */
bool ext4_freed_find(struct ext4_sb_info *sbi, uint64_t pblk, uint64_t *start, uint64_t *end);
/* Let go of the ranges whose transaction has committed. */
void ext4_freed_prune(struct super_block *sb);
void ext4_freed_release(struct ext4_sb_info *sbi);
/*
 * After -ENOSPC (no handle held): if freed blocks are held back, commit
 * so they come back, and say whether to try again (at most 3 times).
 */
bool ext4_should_retry_alloc(struct super_block *sb, int *retries);

/* A free inode number for a new inode of @mode in @dir. */
int ext4_new_ino(struct ext4_handle *h, struct inode *dir, uint32_t mode, uint32_t *ino);
int ext4_free_ino(struct ext4_handle *h, struct super_block *sb, uint32_t ino, bool is_dir);

/* ----- inodes (inode.c) ----- */

/* The inode table block holding @ino and the byte offset in it. */
int ext4_inode_location(struct super_block *sb, uint32_t ino, uint64_t *block, uint32_t *offset);
/* The cached or freshly read inode @ino, with a reference. ERR_PTR. */
struct inode *ext4_iget(struct super_block *sb, uint32_t ino);
/* The same, also for a zero link count (orphan cleanup). */
struct inode *ext4_iget_unlinked(struct super_block *sb, uint32_t ino);
/* A new inode in @dir (number, on-disk record, cache); ERR_PTR. */
struct inode *ext4_new_inode(struct ext4_handle *h, struct inode *dir, uint32_t mode, uint32_t rdev,
			     const struct cred *cred);
/* Copy @inode into its on-disk record (checksummed) and dirty it. */
int ext4_write_inode(struct ext4_handle *h, struct inode *inode);
/* Like ext4_write_inode with its own handle, for callers without one. */
int ext4_write_inode_now(struct inode *inode);
void ext4_inode_add_blocks(struct inode *inode, uint64_t fs_blocks);
void ext4_inode_sub_blocks(struct inode *inode, uint64_t fs_blocks);
/* The on-disk link count / file type of @inode. */
uint8_t ext4_file_type(uint32_t mode);
/* Set the VFS operations for @inode's type. */
void ext4_set_inode_ops(struct inode *inode);
/* Release an unlinked inode's blocks and number (eviction, orphans). */
void ext4_free_inode(struct inode *inode);
void ext4_evict_inode(struct inode *inode);
struct inode *ext4_alloc_inode(struct super_block *sb);
void ext4_destroy_inode(struct inode *inode);

/* ----- extent trees (extents.c) ----- */

#define EXT4_MAP_MAPPED	   (1u << 0)
#define EXT4_MAP_UNWRITTEN (1u << 1) /* allocated, reads as zeros */
#define EXT4_MAP_NEW	   (1u << 2) /* just allocated by this call */

struct ext4_map {
	uint32_t lblk;
	uint32_t len;	    /* blocks mapped from lblk on, or hole length */
	uint64_t pblk;	    /* when MAPPED; else an allocation goal or 0 */
	uint32_t ext_start; /* when MAPPED by an extent: its first logical block */
	unsigned int flags;
};

/* A hole runs to the end of the 32-bit logical block space at most. */
#define EXT4_MAX_LBLK 0xFFFFFFFFu

void ext4_ext_init_root(struct inode *inode);
/* Map @map->lblk: the extent holding it, or the hole up to the next one. */
int ext4_ext_map(struct inode *inode, struct ext4_map *map);
/* Add the initialized extent (lblk, pblk, len) into a hole. */
int ext4_ext_insert(struct ext4_handle *h, struct inode *inode, uint32_t lblk, uint64_t pblk,
		    uint32_t len);
/* Where new blocks of @inode should go: after its last allocation, or
 * at the start of its group. */
uint64_t ext4_alloc_goal(struct inode *inode);
/* Add the unwritten extent (lblk, pblk, len <= 32767) into a hole (fallocate). */
int ext4_ext_insert_unwritten(struct ext4_handle *h, struct inode *inode, uint32_t lblk,
			      uint64_t pblk, uint32_t len);
/*
 * Mark [@lblk, @lblk + @len) of the unwritten extent holding @lblk written
 * (the range is cut to the extent's end; its blocks hold their final or
 * zeroed contents), splitting the extent into up to three. May split a
 * leaf first (allocates: -ENOSPC).
 */
int ext4_ext_convert_written(struct ext4_handle *h, struct inode *inode, uint32_t lblk,
			     uint32_t len);
/* Free every block from logical block @from on. */
int ext4_ext_truncate(struct ext4_handle *h, struct inode *inode, uint32_t from);
/* Check the root in i_block when an inode is read. */
int ext4_ext_check_root(struct inode *inode);

/* indirect.c: read-only mapping of block-mapped (non-extent) files. */
int ext4_ind_map(struct inode *inode, struct ext4_map *map);

/* ----- data blocks (data.c) ----- */

/* Map and, with @create, allocate up to @max blocks from map->lblk. */
int ext4_map_blocks(struct ext4_handle *h, struct inode *inode, struct ext4_map *map, uint32_t max,
		    bool create);
/* A regular file's data goes through the page cache (ext4_aops). */
void ext4_data_init_mapping(struct inode *inode);
/* File bytes through the page cache; i_lock held. @file: readahead state. */
long ext4_data_read(struct file *file, struct inode *inode, struct vfs_iter *to, int64_t pos);
long ext4_data_write(struct inode *inode, struct vfs_iter *from, int64_t pos);
/* Zero the bytes of the block holding @size that lie past it, before the
 * size grows over them (they are not kept zero on disk). */
int ext4_data_zero_tail(struct inode *inode, int64_t size);
/* Block @lblk of a directory; a hole there is corruption. ERR_PTR. */
struct buffer_head *ext4_dir_bread(struct inode *dir, uint32_t lblk);
/* A new, zeroed block appended to directory @dir (i_size grows). ERR_PTR. */
struct buffer_head *ext4_dir_append(struct ext4_handle *h, struct inode *dir, uint32_t *lblk);

/* ----- files (file.c) ----- */

extern const struct file_operations ext4_file_fops;
extern const struct inode_operations ext4_file_iops;
extern const struct inode_operations ext4_special_iops;
/* fsync of files and directories: data written, transaction committed. */
int ext4_fsync(struct file *file);
/* Set a regular file's size to @size, freeing blocks past it (also when
 * @size is the current size: orphan cleanup). i_lock held. */
int ext4_truncate(struct inode *inode, int64_t size);
int ext4_setattr(struct dentry *dentry, const struct iattr *attr);
int ext4_getattr(struct dentry *dentry, struct kstat *st);
/* fallocate.c: the default mode and FALLOC_FL_KEEP_SIZE (unwritten extents). */
int ext4_fallocate(struct file *file, int mode, int64_t offset, int64_t len);

/* ----- directories (dir.c, htree.c, hash.c, namei.c) ----- */

/* A found directory entry: block, offset and the entry itself. */
struct ext4_dir_slot {
	struct buffer_head *bh; /* referenced */
	uint32_t lblk;
	uint32_t offset;
	struct ext4_dir_entry *de;
};

extern const struct file_operations ext4_dir_fops;
extern const struct inode_operations ext4_dir_iops;

/* The on-disk length of an entry with an @name_len byte name. */
static inline uint32_t ext4_dirent_size(uint32_t name_len)
{
	return (8 + name_len + 3) & ~3u;
}

uint32_t ext4_rec_len(struct ext4_sb_info *sbi, const struct ext4_dir_entry *de);
void ext4_set_rec_len(struct ext4_sb_info *sbi, struct ext4_dir_entry *de, uint32_t len);
/* Bytes of a leaf block usable by entries (the checksum tail excluded). */
uint32_t ext4_dir_leaf_space(struct ext4_sb_info *sbi);
/* Check every entry of leaf block @lblk of @dir (and its checksum). */
int ext4_dir_check_leaf(struct inode *dir, struct buffer_head *bh, uint32_t lblk);
/* Store the leaf checksum tail of @bh (metadata_csum). */
void ext4_dir_leaf_csum_set(struct inode *dir, struct buffer_head *bh);
/* Make @bh an empty leaf (one unused entry and the tail). */
void ext4_dir_init_leaf(struct inode *dir, struct buffer_head *bh);
/* Find @name in leaf @bh; its offset or -ENOENT. */
int ext4_dir_leaf_find(struct inode *dir, struct buffer_head *bh, const char *name, uint32_t len);
/* Put (name, ino, type) into leaf @bh if it fits: 0, or -ENOSPC. */
int ext4_dir_leaf_insert(struct inode *dir, struct buffer_head *bh, const char *name, uint32_t len,
			 uint32_t ino, uint8_t type);
int ext4_find_entry(struct inode *dir, const char *name, uint32_t len, struct ext4_dir_slot *slot);
int ext4_add_entry(struct ext4_handle *h, struct inode *dir, const char *name, uint32_t len,
		   struct inode *inode);
int ext4_delete_entry(struct ext4_handle *h, struct inode *dir, struct ext4_dir_slot *slot);
/* Point an existing entry at another inode (rename over, "..", exchange). */
int ext4_set_entry(struct ext4_handle *h, struct inode *dir, struct ext4_dir_slot *slot,
		   struct inode *inode);
bool ext4_dir_is_empty(struct inode *dir, int *err);
/* Write "." and ".." into a new directory's first block. */
int ext4_make_empty_dir(struct ext4_handle *h, struct inode *dir, struct inode *parent);

/* hash.c: the htree hash of a name; *@minor for TEA/MD4 (may be NULL). */
int ext4_dx_hash(const char *name, uint32_t len, unsigned int version, const uint32_t seed[4],
		 uint32_t *hash, uint32_t *minor);

/* htree.c */
int ext4_dx_find(struct inode *dir, const char *name, uint32_t len, struct ext4_dir_slot *slot);
int ext4_dx_add(struct ext4_handle *h, struct inode *dir, const char *name, uint32_t len,
		uint32_t ino, uint8_t type);
/* Turn a full one-block directory into an htree and add the entry. */
int ext4_dx_make_indexed(struct ext4_handle *h, struct inode *dir, struct buffer_head *bh0,
			 const char *name, uint32_t len, uint32_t ino, uint8_t type);
/* True when @bh (block @lblk of @dir) is an htree root or interior node. */
bool ext4_dx_is_node(struct inode *dir, struct buffer_head *bh, uint32_t lblk);

/* ----- extended attributes (xattr.c, xattr_format.c) ----- */

/* Drop @inode's use of its extended attribute block (deletion). */
int ext4_xattr_release(struct ext4_handle *h, struct inode *inode);
/* The inode_operations of every kind of ext4 inode (EXT4_XATTR_IOPS). */
long ext4_getxattr(struct dentry *dentry, const char *name, void *buf, size_t size);
int ext4_setxattr(struct dentry *dentry, const char *name, const void *value, size_t size,
		  int flags);
long ext4_listxattr(struct dentry *dentry, char *buf, size_t size, const struct cred *cred);
int ext4_removexattr(struct dentry *dentry, const char *name);

#define EXT4_XATTR_IOPS                                                                            \
	.getxattr = ext4_getxattr, .setxattr = ext4_setxattr, .listxattr = ext4_listxattr,         \
	.removexattr = ext4_removexattr

/* ----- symlinks (symlink.c) ----- */

extern const struct inode_operations ext4_symlink_iops;
int ext4_symlink_init(struct ext4_handle *h, struct inode *inode, const char *target, uint32_t len);

/* ----- orphans (orphan.c) ----- */

int ext4_orphan_add(struct ext4_handle *h, struct inode *inode);
int ext4_orphan_del(struct ext4_handle *h, struct inode *inode);
/* At mount: finish the deletions and truncations the chain records. */
int ext4_orphan_cleanup(struct super_block *sb);

#endif /* RUX_FS_EXT4_INTERNAL_H */
