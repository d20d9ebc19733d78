/*
 * fs/ext4/journal.h - the door every ext4 metadata change goes through.
 *
 * Shaped like Linux's ext4_jbd2.h so jbd2 can be plugged in without
 * touching the callers:
 *
 *	h = ext4_journal_start(sb, credits);       before taking ext4 locks
 *	if (IS_ERR(h)) return PTR_ERR(h);
 *	ext4_journal_get_write_access(h, bh);      before changing bh->b_data
 *	... change the block ...
 *	ext4_handle_dirty_metadata(h, inode, bh);  after changing it
 *	ext4_journal_stop(h);
 *
 * @credits is the most blocks the operation may dirty. Today there is no
 * journal: get_write_access does nothing and dirty_metadata marks the
 * buffer dirty, so changes reach the disk at the next sync. A crash can
 * therefore leave the file system inconsistent (e2fsck fixes it).
 */
#ifndef RUX_FS_EXT4_JOURNAL_H
#define RUX_FS_EXT4_JOURNAL_H

#include "drivers/block/buffer.h"
#include "fs/vfs/vfs.h"

struct ext4_handle {
	struct super_block *h_sb;
	int h_credits; /* blocks reserved by ext4_journal_start */
};

/* Credits of common operations (blocks a single one may dirty). */
#define EXT4_DATA_TRANS_BLOCKS	  64 /* one extent insert that may split every level */
#define EXT4_INODE_CREATE_CREDITS 96 /* new inode + dir entry + htree split */

/* ERR_PTR(-EROFS) on a read-only mount, -ENOMEM. */
struct ext4_handle *ext4_journal_start(struct super_block *sb, int credits);
int ext4_journal_stop(struct ext4_handle *h);
int ext4_journal_get_write_access(struct ext4_handle *h, struct buffer_head *bh);
/* A freshly allocated metadata block (no old contents to keep). */
int ext4_journal_get_create_access(struct ext4_handle *h, struct buffer_head *bh);
/* @inode may be NULL for file-system-wide blocks. */
int ext4_handle_dirty_metadata(struct ext4_handle *h, struct inode *inode, struct buffer_head *bh);
/* A metadata block was freed: forget it in the journal. */
void ext4_journal_forget(struct ext4_handle *h, struct buffer_head *bh);

#endif /* RUX_FS_EXT4_JOURNAL_H */
