/*
 * fs/ext4/journal.h - the door every ext4 metadata change goes through,
 * and ext4's side of the journal (fs/jbd2).
 *
 * Shaped like Linux's ext4_jbd2.h:
 *
 *	h = ext4_journal_start(sb, credits);       before taking ext4 locks
 *	if (IS_ERR(h)) return PTR_ERR(h);
 *	ext4_journal_get_write_access(h, bh);      before changing bh->b_data
 *	... change the block ...
 *	ext4_handle_dirty_metadata(h, inode, bh);  after changing it
 *	ext4_journal_stop(h);
 *
 * @credits is the most blocks the operation may dirty. On a file system
 * with a journal (has_journal, the default) each handle is a jbd2 handle:
 * its changes reach their home blocks only after the transaction holding
 * them is committed to the log, so a crash leaves either all or none of
 * an operation. Without a journal the calls only mark buffers dirty (a
 * crash can leave the file system inconsistent until e2fsck runs).
 *
 * Ordered mode: file data is not journaled, but a data block allocated by
 * a handle is written to disk before that handle stops, so its transaction
 * can never commit before the data it points at (data.c).
 */
#ifndef RUX_FS_EXT4_JOURNAL_H
#define RUX_FS_EXT4_JOURNAL_H

#include <stdbool.h>
#include <stdint.h>

#include "drivers/block/buffer.h"
#include "fs/jbd2/jbd2.h"
#include "fs/vfs/vfs.h"

struct ext4_handle {
	struct super_block *h_sb;
	struct jbd2_handle *h_jh; /* NULL without a journal */
	int h_err;		  /* a failed restart: the handle is dead */
};

/* Credits of common operations (blocks a single one may dirty). */
#define EXT4_DATA_TRANS_BLOCKS	  64 /* one extent insert that may split every level */
#define EXT4_INODE_CREATE_CREDITS 96 /* new inode + dir entry + htree split */

/* ERR_PTR(-EROFS) on a read-only mount or an aborted journal, -ENOMEM. */
struct ext4_handle *ext4_journal_start(struct super_block *sb, int credits);
/* 0, or -EIO when the journal failed. */
int ext4_journal_stop(struct ext4_handle *h);
int ext4_journal_get_write_access(struct ext4_handle *h, struct buffer_head *bh);
/* A freshly allocated metadata block (no old contents to keep). */
int ext4_journal_get_create_access(struct ext4_handle *h, struct buffer_head *bh);
/* @inode may be NULL for file-system-wide blocks. */
int ext4_handle_dirty_metadata(struct ext4_handle *h, struct inode *inode, struct buffer_head *bh);
/*
 * Metadata block @blocknr (cached as @bh, or NULL) is being freed: drop it
 * from the journal and record a revoke, so that no older logged copy is
 * replayed over the block's next user.
 */
int ext4_journal_revoke(struct ext4_handle *h, uint64_t blocknr, struct buffer_head *bh);
/*
 * Make sure @h may dirty @credits more blocks: extend it, or restart it
 * in a new transaction (which lets the current one commit). The caller's
 * changes so far must leave the file system consistent, since a crash
 * may keep them without the rest. 0 or -errno.
 */
int ext4_journal_ensure_credits(struct ext4_handle *h, int credits);
/* True when @h belongs to a journal (its transaction id is meaningful). */
bool ext4_handle_journaled(const struct ext4_handle *h);
uint32_t ext4_handle_tid(const struct ext4_handle *h);

/*
 * Mount: map the journal inode, load the journal (replaying it if the
 * system stopped without unmounting) and turn on the jbd2 features that
 * match the file system. Called before anything else of the file system
 * but the super block and descriptor blocks is read. 0 or -errno.
 */
int ext4_journal_load(struct super_block *sb);
/* Unmount: commit and checkpoint everything, leave the log clean. */
int ext4_journal_destroy(struct super_block *sb);
/* Commit the running transaction and wait until it is durable (fsync). */
int ext4_journal_force_commit(struct super_block *sb);

#endif /* RUX_FS_EXT4_JOURNAL_H */
