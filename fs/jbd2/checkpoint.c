/*
 * fs/jbd2/checkpoint.c - freeing log space: once every buffer a committed
 * transaction logged is safely at its home location, the transaction is no
 * longer needed for recovery and the tail of the log moves past it.
 *
 * Checkpointing the oldest transaction T: for each buffer still on T's
 * list, write it home if it is dirty (it holds T's contents or a later
 * committed version). A buffer that a newer, uncommitted transaction has
 * taken (not dirty, its contents half-changed) cannot be written: that
 * transaction is committed first, which moves the buffer to its own list.
 * Then flush the device, and record the new tail in the superblock.
 *
 * Checkpoints run one at a time (j_checkpoint_mutex) in the thread that
 * needs log space, in jbd2_journal_flush() and at unmount.
 */
#include "fs/jbd2/internal.h"

#include "lib/compiler.h"
#include "lib/printk.h"
#include "uapi/errno.h"

enum cp_step {
	CP_DONE,	/* T's list is empty */
	CP_WROTE,	/* one buffer handled */
	CP_COMMIT,	/* a newer transaction holds the first buffer: commit it */
	CP_WAIT_COMMIT, /* the committer holds it: wait for that commit */
};

/*
 * Handle the first buffer on @t's list. *@tid gets the transaction to
 * commit for CP_COMMIT. Returns the step taken or a negative errno.
 */
static int checkpoint_one_buffer(struct jbd2_journal *j, struct jbd2_transaction *t, uint32_t *tid)
{
	struct buffer_head *bh, *release = NULL;
	struct jbd2_head *jh;
	int err;

	spin_lock(&j->j_state_lock);
	jh = list_first_entry_or_null(&t->t_cp_list, struct jbd2_head, jh_cp_node);
	if (!jh) {
		spin_unlock(&j->j_state_lock);
		return CP_DONE;
	}
	if (jh->jh_transaction) {
		*tid = jh->jh_transaction->t_tid;
		spin_unlock(&j->j_state_lock);
		return CP_COMMIT;
	}
	if (jh->jh_in_commit) {
		spin_unlock(&j->j_state_lock);
		return CP_WAIT_COMMIT;
	}
	bh = jh->jh_bh;
	bhold(bh);
	spin_unlock(&j->j_state_lock);

	err = sync_dirty_buffer(bh); /* also waits for a write in progress */

	spin_lock(&j->j_state_lock);
	/* Still ours to drop? (Someone may have taken it meanwhile.) */
	if (!err && jh->jh_cp_transaction == t && !jh->jh_transaction && !jh->jh_in_commit &&
	    !buffer_dirty(bh)) {
		list_del_init(&jh->jh_cp_node);
		jh->jh_cp_transaction = NULL;
		release = jbd2_head_put_if_unused(jh);
	}
	spin_unlock(&j->j_state_lock);
	brelse(release);
	brelse(bh);
	return err ? err : CP_WROTE;
}

/* Write home every buffer of the oldest committed transaction, then drop it
 * and advance the tail. Called with j_checkpoint_mutex held. */
static int checkpoint_oldest(struct jbd2_journal *j)
{
	struct jbd2_transaction *t;
	uint32_t tid = 0;
	int step, err;

	spin_lock(&j->j_state_lock);
	t = list_first_entry_or_null(&j->j_checkpoint, struct jbd2_transaction, t_link);
	spin_unlock(&j->j_state_lock);
	if (!t)
		return 0;
	do {
		step = checkpoint_one_buffer(j, t, &tid);
		if (step == CP_COMMIT)
			step = jbd2_log_commit(j, tid);
		else if (step == CP_WAIT_COMMIT)
			jbd2_log_wait_committing(j);
		if (READ_ONCE(j->j_errno))
			return -EIO;
	} while (step >= 0 && step != CP_DONE);
	if (step < 0) {
		jbd2_journal_abort(j, step);
		return step;
	}
	err = blk_flush(j->j_bdev);
	if (err) {
		jbd2_journal_abort(j, -EIO);
		return -EIO;
	}
	spin_lock(&j->j_state_lock);
	list_del(&t->t_link);
	j->j_log_used -= t->t_log_blocks;
	j->j_stats.checkpoints++;
	spin_unlock(&j->j_state_lock);
	jbd2_transaction_free(t);
	err = jbd2_sb_write_tail(j, false);
	if (err)
		jbd2_journal_abort(j, err);
	return err;
}

static bool checkpoint_list_empty(struct jbd2_journal *j)
{
	bool empty;

	spin_lock(&j->j_state_lock);
	empty = list_empty(&j->j_checkpoint);
	spin_unlock(&j->j_state_lock);
	return empty;
}

int jbd2_log_make_space(struct jbd2_journal *j)
{
	bool room;
	int err = 0;

	mutex_lock(&j->j_checkpoint_mutex);
	for (;;) {
		spin_lock(&j->j_state_lock);
		room = jbd2_log_has_room(j) || j->j_errno;
		spin_unlock(&j->j_state_lock);
		if (room)
			break;
		if (checkpoint_list_empty(j)) {
			/* Only a commit in flight holds space: wait for it. */
			jbd2_log_wait_committing(j);
			if (checkpoint_list_empty(j))
				break;
			continue;
		}
		err = checkpoint_oldest(j);
		if (err)
			break;
	}
	mutex_unlock(&j->j_checkpoint_mutex);
	return err ? err : (READ_ONCE(j->j_errno) ? -EIO : 0);
}

int jbd2_log_checkpoint_all(struct jbd2_journal *j)
{
	int err = 0;

	mutex_lock(&j->j_checkpoint_mutex);
	while (!err && !checkpoint_list_empty(j))
		err = checkpoint_oldest(j);
	mutex_unlock(&j->j_checkpoint_mutex);
	return err;
}
