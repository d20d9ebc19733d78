/*
 * fs/jbd2/jbd2.h - the journal of ext4 (jbd2): metadata changes are grouped
 * into transactions, written to a circular log with a commit record, and
 * only then allowed to reach their home blocks; after a crash the log is
 * replayed. The on-disk format is Linux's, so e2fsck and Linux accept a
 * log written here and Rux replays one written by them.
 *
 * Life of a journal (the file system drives it):
 *
 *	j = jbd2_journal_init(bdev, blocksize, nblocks, bmap, arg);
 *	err = jbd2_journal_load(j);            read the superblock, replay
 *	err = jbd2_journal_set_features(j, 0, 0, JBD2_FEATURE_INCOMPAT_CSUM_V3 | ...);
 *	... handles ...
 *	err = jbd2_journal_destroy(j);         commit, checkpoint, mark clean
 *
 * The journal knows nothing of the file system: it is @nblocks blocks of
 * @blocksize bytes on @bdev, and bmap() says where each one lives (for
 * ext4, the extents of inode 8). It is called once per block at init.
 *
 * Changing metadata (ordered mode: only metadata is journaled):
 *
 *	h = jbd2_journal_start(j, credits);   credits: most buffers it dirties
 *	if (IS_ERR(h)) return PTR_ERR(h);
 *	err = jbd2_journal_get_write_access(h, bh);  before touching bh->b_data
 *	... change bh->b_data ...
 *	err = jbd2_journal_dirty_metadata(h, bh);    instead of mark_buffer_dirty
 *	err = jbd2_journal_stop(h);
 *
 * A buffer in a transaction is kept out of the buffer cache's write-back
 * (not dirty) until its transaction commits; then it is marked dirty and
 * the checkpoint (or any sync) writes it home. A thread that already holds
 * a handle and calls jbd2_journal_start() again gets the same handle back
 * (nested); each start needs its stop.
 *
 * Rules for callers:
 *  - jbd2_journal_start() may wait for a commit or a checkpoint: call it
 *    before taking locks that a thread holding a handle may wait for.
 *  - Never wait for something only another handle's stop can provide
 *    while holding a handle; never call jbd2_journal_force_commit() with
 *    a handle open (it would wait for itself: -EDEADLK).
 *  - Freed metadata blocks: jbd2_journal_revoke(h, blocknr, bh) so that
 *    an older logged copy is not replayed over the block's next user. Do
 *    not reuse a block freed by a transaction before that transaction has
 *    committed (ext4's allocator has to hold such blocks back).
 *
 * Errors: negative errno. An I/O error on the log aborts the journal: new
 * handles fail with -EROFS, jbd2_journal_stop() returns -EIO, nothing more
 * reaches the disk, and the next mount replays what had committed.
 */
#ifndef RUX_FS_JBD2_H
#define RUX_FS_JBD2_H

#include <stdbool.h>
#include <stdint.h>

#include "drivers/block/buffer.h"
#include "fs/jbd2/format.h"

struct jbd2_journal;
struct jbd2_handle;

/* Smallest journal accepted (Linux's JBD2_MIN_JOURNAL_BLOCKS). */
#define JBD2_MIN_JOURNAL_BLOCKS 1024
/* Default age after which the running transaction is committed. */
#define JBD2_DEFAULT_COMMIT_INTERVAL_NS (5ull * 1000000000ull)

struct jbd2_stats {
	uint32_t tid;		 /* id the next transaction will get */
	uint64_t commits;	 /* transactions written with a commit block */
	uint64_t logged_blocks;	 /* metadata block copies written to the log */
	uint64_t revoke_records; /* revoke records written */
	uint64_t checkpoints;	 /* transactions checkpointed (log space freed) */
	uint32_t log_used;	 /* log blocks holding committed transactions */
	uint32_t max_credits;	 /* largest handle accepted */
	/* Recovery at load: */
	uint32_t recovered_transactions;
	uint64_t replayed_blocks; /* blocks written home */
	uint64_t revoked_blocks;  /* logged copies skipped because revoked */
};

/* ---- the journal --------------------------------------------------------- */

/*
 * A journal of @nblocks blocks of @blocksize bytes on @bdev; @bmap(@arg,
 * n, &pblk) gives the device block (in @blocksize units) of journal block
 * n, returning 0 or a negative errno. Nothing is read yet.
 * ERR_PTR(-EINVAL) for bad sizes or mappings outside the device, -ENOMEM.
 */
struct jbd2_journal *jbd2_journal_init(struct block_device *bdev, uint32_t blocksize,
				       uint32_t nblocks,
				       int (*bmap)(void *arg, uint32_t lblk, uint64_t *pblk),
				       void *arg);
/*
 * Read and check the journal superblock; if the log is not empty (the
 * system stopped without unmounting), replay its committed transactions
 * to their home blocks and flush. Leaves the log empty and the superblock
 * clean (s_start = 0), and starts the commit thread.
 * 0, -EINVAL (bad superblock, unknown features), -EIO, -EROFS, -ENOMEM.
 */
int jbd2_journal_load(struct jbd2_journal *j);
/*
 * Turn on JBD2_FEATURE_* flags (e.g. CSUM_V3 for metadata_csum, 64BIT for
 * a 64bit file system) and write the superblock. CSUM_V3 replaces CSUM_V2
 * and the v1 COMPAT_CHECKSUM. Call after load, before the first handle.
 * 0, -EINVAL (unknown or conflicting), -EBUSY (transactions exist), -EIO.
 */
int jbd2_journal_set_features(struct jbd2_journal *j, uint32_t compat, uint32_t ro_compat,
			      uint32_t incompat);
/* Commit the running transaction once it is @ns old (ext4's commit=). */
void jbd2_journal_set_commit_interval(struct jbd2_journal *j, uint64_t ns);
/*
 * Ordered mode: @fn(@arg) runs at each commit once the transaction's
 * handles have stopped and before anything is logged; it writes the data
 * the transaction's metadata points to (ext4: the cached pages of inodes
 * with new blocks or a larger size). Its error is logged, not fatal.
 */
void jbd2_journal_set_data_hook(struct jbd2_journal *j, int (*fn)(void *arg), void *arg);
/*
 * Commit the running transaction (if any) and wait until it is durable:
 * fsync, sync. 0, -EIO (journal aborted), -EDEADLK (the caller holds a
 * handle of @j).
 */
int jbd2_journal_force_commit(struct jbd2_journal *j);
/* Commit, then checkpoint every committed transaction: the log is empty
 * afterwards (freeze, tests). 0 or -EIO. */
int jbd2_journal_flush(struct jbd2_journal *j);
/*
 * Unmount: stop the commit thread, commit and checkpoint everything, and
 * mark the journal clean (s_start = 0); then free @j (also after a failed
 * load). No handle may be open. 0 or -EIO (then the journal is left to be
 * replayed at the next mount).
 */
int jbd2_journal_destroy(struct jbd2_journal *j);
void jbd2_journal_stats(struct jbd2_journal *j, struct jbd2_stats *st);

/* True once transaction @tid is durable (or was empty). Lets ext4 hold
 * back blocks freed by @tid from reuse until then. */
bool jbd2_journal_tid_committed(struct jbd2_journal *j, uint32_t tid);

/* ---- handles ------------------------------------------------------------- */

/*
 * A handle on the running transaction that may dirty up to @nblocks
 * buffers. Waits while the transaction is being closed, commits it if it
 * is too full, and checkpoints when the log is short of space.
 * ERR_PTR(-ENOSPC) when @nblocks exceeds jbd2_stats.max_credits, -EROFS
 * when the journal is aborted, -EINVAL, -ENOMEM.
 */
struct jbd2_handle *jbd2_journal_start(struct jbd2_journal *j, int nblocks);
/*
 * End the handle (or one level of nesting). Returns 0, or -EIO when the
 * journal was aborted or a synchronous handle's commit failed.
 */
int jbd2_journal_stop(struct jbd2_handle *h);
/* The id of the transaction @h belongs to. */
uint32_t jbd2_handle_tid(struct jbd2_handle *h);
/* Credits @h has left (buffers it may still dirty for the first time). */
int jbd2_handle_credits(struct jbd2_handle *h);
/* jbd2_journal_stop() will not return before the transaction commits
 * (O_SYNC, dirsync). */
void jbd2_handle_set_sync(struct jbd2_handle *h);
/* Ask for @nblocks more credits in the same transaction: 0, or 1 when the
 * transaction has no room left (then jbd2_journal_restart()). */
int jbd2_journal_extend(struct jbd2_handle *h, int nblocks);
/* Leave the current transaction (letting it commit) and continue in a new
 * one with @nblocks credits. Not for nested handles (-EINVAL). After any
 * other error the handle belongs to no transaction: only stop is left. */
int jbd2_journal_restart(struct jbd2_handle *h, int nblocks);

/*
 * Join @bh to the handle's transaction before changing it. @bh is a
 * buffer of the journal's device with the journal's block size (-EINVAL
 * otherwise). Waits for write-back of @bh in progress, takes the buffer
 * off the dirty list, cancels a revoke of it in this transaction.
 * 0, -EROFS, -ENOMEM.
 */
int jbd2_journal_get_write_access(struct jbd2_handle *h, struct buffer_head *bh);
/* The same for a newly allocated block the caller fills from scratch. */
int jbd2_journal_get_create_access(struct jbd2_handle *h, struct buffer_head *bh);
/*
 * @bh (which has write access in this handle's transaction) was changed:
 * log it at commit. The first time in a transaction uses one credit:
 * -ENOSPC when the handle has none left; -EINVAL without write access.
 */
int jbd2_journal_dirty_metadata(struct jbd2_handle *h, struct buffer_head *bh);
/*
 * @bh's block no longer holds metadata (it was freed): drop it from the
 * transaction and never write it home. 0, -EROFS.
 */
int jbd2_journal_forget(struct jbd2_handle *h, struct buffer_head *bh);
/*
 * Block @blocknr was freed: record a revoke so that no copy logged by this
 * or an earlier transaction is replayed over it, and forget its buffer
 * (@bh, or the cached one when @bh is NULL). 0, -EINVAL, -EROFS, -ENOMEM.
 */
int jbd2_journal_revoke(struct jbd2_handle *h, uint64_t blocknr, struct buffer_head *bh);

#endif /* RUX_FS_JBD2_H */
