/*
 * fs/jbd2/journal.c - the journal object: creating it over a block device
 * and a block map, loading (and recovering) it, features, flushing,
 * aborting and tearing it down; journal heads and transactions as objects.
 */
#include "fs/jbd2/internal.h"

#include "lib/compiler.h"
#include "lib/err.h"
#include "lib/printk.h"
#include "lib/string.h"
#include "mm/kmalloc.h"
#include "uapi/errno.h"

#define TRANSACTION_REVOKE_BUCKETS 64

struct jbd2_journal *jbd2_journal_init(struct block_device *bdev, uint32_t blocksize,
				       uint32_t nblocks,
				       int (*bmap)(void *arg, uint32_t lblk, uint64_t *pblk),
				       void *arg)
{
	struct jbd2_journal *j;
	int err;

	if (!bdev || !bmap || blocksize < 1024 || blocksize > 65536 ||
	    (blocksize & (blocksize - 1)) || blocksize < bdev->logical_block_size ||
	    nblocks < JBD2_MIN_JOURNAL_BLOCKS)
		return ERR_PTR(-EINVAL);
	j = kzalloc(sizeof(*j), GFP_KERNEL);
	if (!j)
		return ERR_PTR(-ENOMEM);
	j->j_bdev = bdev;
	j->j_blocksize = blocksize;
	j->j_nblocks = nblocks;
	strlcpy(j->j_name, bdev->name, sizeof(j->j_name));
	j->j_commit_interval_ns = JBD2_DEFAULT_COMMIT_INTERVAL_NS;
	mutex_init(&j->j_sb_mutex, "jbd2 sb");
	mutex_init(&j->j_commit_mutex, "jbd2 commit");
	mutex_init(&j->j_checkpoint_mutex, "jbd2 checkpoint");
	spin_lock_init(&j->j_state_lock, "jbd2 state");
	wait_queue_init(&j->j_wait, "jbd2 wait");
	wait_queue_init(&j->j_thread_wait, "jbd2 thread");
	list_init(&j->j_checkpoint);
	list_init(&j->j_handles);
	j->j_sb_buf = kmalloc(blocksize, GFP_KERNEL);
	err = j->j_sb_buf ? jbd2_map_build(j, bmap, arg) : -ENOMEM;
	if (err) {
		kfree(j->j_sb_buf);
		kfree(j->j_map);
		kfree(j);
		return ERR_PTR(err);
	}
	return j;
}

int jbd2_journal_load(struct jbd2_journal *j)
{
	int err;

	if (j->j_loaded)
		return -EBUSY;
	if (j->j_bdev->read_only)
		return -EROFS;
	err = jbd2_sb_load(j);
	if (!err)
		err = jbd2_recover(j);
	if (err)
		return err;
	/* A v1 checksum would need crc32 commit records: stop using it. */
	j->j_compat &= ~JBD2_FEATURE_COMPAT_CHECKSUM;
	j->j_head = j->j_first;
	j->j_log_used = 0;
	j->j_commit_sequence = j->j_next_tid - 1;
	err = jbd2_sb_write(j, 0, j->j_next_tid);
	if (!err)
		err = blk_flush(j->j_bdev);
	if (!err)
		err = jbd2_thread_start(j);
	if (!err)
		j->j_loaded = true;
	return err;
}

int jbd2_journal_set_features(struct jbd2_journal *j, uint32_t compat, uint32_t ro_compat,
			      uint32_t incompat)
{
	const uint32_t csum = JBD2_FEATURE_INCOMPAT_CSUM_V2 | JBD2_FEATURE_INCOMPAT_CSUM_V3;
	uint32_t new_incompat = j->j_incompat | incompat;
	int err;

	if ((compat & ~JBD2_KNOWN_COMPAT) || (ro_compat & ~JBD2_KNOWN_RO_COMPAT) ||
	    (incompat & ~JBD2_KNOWN_INCOMPAT) || (incompat & csum) == csum)
		return -EINVAL;
	if (!j->j_loaded || j->j_format_version < 2)
		return -EINVAL;
	if (compat & JBD2_FEATURE_COMPAT_CHECKSUM)
		return -EINVAL; /* v1 checksums are not written here */
	if (incompat & JBD2_FEATURE_INCOMPAT_CSUM_V3)
		new_incompat &= ~JBD2_FEATURE_INCOMPAT_CSUM_V2;
	if (incompat & JBD2_FEATURE_INCOMPAT_CSUM_V2)
		new_incompat &= ~JBD2_FEATURE_INCOMPAT_CSUM_V3;

	spin_lock(&j->j_state_lock);
	if (j->j_running || j->j_committing || !list_empty(&j->j_checkpoint)) {
		spin_unlock(&j->j_state_lock);
		return -EBUSY;
	}
	j->j_compat |= compat;
	j->j_ro_compat |= ro_compat;
	j->j_incompat = new_incompat;
	jbd2_log_set_limits(j);
	spin_unlock(&j->j_state_lock);
	err = jbd2_sb_write_tail(j, j->j_sb_clean);
	return err;
}

void jbd2_journal_set_commit_interval(struct jbd2_journal *j, uint64_t ns)
{
	WRITE_ONCE(j->j_commit_interval_ns, ns);
}

void jbd2_journal_set_data_hook(struct jbd2_journal *j, int (*fn)(void *arg), void *arg)
{
	j->j_data_hook_arg = arg;
	j->j_data_hook = fn;
}

/* True when the calling thread holds a handle of @j. */
static bool holds_handle(struct jbd2_journal *j)
{
	struct thread *self = current_thread();
	struct jbd2_handle *h;
	bool found = false;

	spin_lock(&j->j_state_lock);
	list_for_each_entry(h, &j->j_handles, h_link) {
		if (h->h_owner == self)
			found = true;
	}
	spin_unlock(&j->j_state_lock);
	return found;
}

int jbd2_journal_force_commit(struct jbd2_journal *j)
{
	uint32_t tid;

	if (holds_handle(j))
		return -EDEADLK;
	spin_lock(&j->j_state_lock);
	tid = j->j_running ? j->j_running->t_tid : j->j_commit_sequence;
	spin_unlock(&j->j_state_lock);
	return jbd2_log_commit(j, tid);
}

bool jbd2_journal_tid_committed(struct jbd2_journal *j, uint32_t tid)
{
	bool done;

	spin_lock(&j->j_state_lock);
	done = tid_geq(j->j_commit_sequence, tid);
	spin_unlock(&j->j_state_lock);
	return done;
}

int jbd2_journal_flush(struct jbd2_journal *j)
{
	int err = jbd2_journal_force_commit(j);

	if (!err)
		err = jbd2_log_checkpoint_all(j);
	return err;
}

void jbd2_journal_abort(struct jbd2_journal *j, int err)
{
	bool first;

	spin_lock(&j->j_state_lock);
	first = j->j_errno == 0;
	if (first)
		j->j_errno = err;
	spin_unlock(&j->j_state_lock);
	if (!first)
		return;
	printk("jbd2: %s: journal aborted (error %d); the log will be replayed at next mount\n",
	       j->j_name, err);
	wake_up(&j->j_wait);
}

struct buffer_head *jbd2_head_put_if_unused(struct jbd2_head *jh)
{
	struct buffer_head *bh = jh->jh_bh;

	if (jh->jh_transaction || jh->jh_cp_transaction || jh->jh_in_commit)
		return NULL;
	bh->b_private = NULL;
	kfree(jh);
	return bh;
}

struct jbd2_transaction *jbd2_transaction_alloc(void)
{
	struct jbd2_transaction *t = kzalloc(sizeof(*t), GFP_KERNEL);

	if (!t)
		return NULL;
	if (jbd2_revoke_table_init(&t->t_revoke, TRANSACTION_REVOKE_BUCKETS)) {
		kfree(t);
		return NULL;
	}
	list_init(&t->t_reserved);
	list_init(&t->t_buffers);
	list_init(&t->t_forget);
	list_init(&t->t_logged);
	list_init(&t->t_freed);
	list_init(&t->t_cp_list);
	list_init(&t->t_link);
	return t;
}

void jbd2_transaction_free(struct jbd2_transaction *t)
{
	jbd2_revoke_table_destroy(&t->t_revoke);
	kfree(t);
}

/* Drop a journal head that an aborted journal leaves behind. */
static void release_head(struct jbd2_head *jh)
{
	struct buffer_head *bh = jh->jh_bh;

	list_del_init(&jh->jh_node);
	list_del_init(&jh->jh_cp_node);
	kfree(jh->jh_frozen);
	bh->b_private = NULL;
	kfree(jh);
	brelse(bh);
}

/* After an abort: forget every transaction still held (no locks needed,
 * nothing else runs any more). */
static void drop_transactions(struct jbd2_journal *j)
{
	struct jbd2_transaction *t, *next;
	struct jbd2_head *jh, *jn;

	if (j->j_running) {
		list_splice_tail_init(&j->j_running->t_reserved, &j->j_running->t_buffers);
		list_splice_tail_init(&j->j_running->t_forget, &j->j_running->t_buffers);
		list_add_tail(&j->j_running->t_link, &j->j_checkpoint);
		j->j_running = NULL;
	}
	list_for_each_entry_safe(t, next, &j->j_checkpoint, t_link) {
		list_for_each_entry_safe(jh, jn, &t->t_buffers, jh_node) {
			jh->jh_transaction = NULL;
			list_del_init(&jh->jh_node);
			if (!jh->jh_cp_transaction)
				release_head(jh);
		}
		list_for_each_entry_safe(jh, jn, &t->t_cp_list, jh_cp_node) {
			jh->jh_cp_transaction = NULL;
			list_del_init(&jh->jh_cp_node);
			if (!jh->jh_transaction)
				release_head(jh);
		}
		list_del(&t->t_link);
		jbd2_transaction_free(t);
	}
}

int jbd2_journal_destroy(struct jbd2_journal *j)
{
	int err = 0;

	if (IS_ERR_OR_NULL(j))
		return 0;
	if (j->j_loaded) {
		jbd2_thread_stop(j);
		if (!list_empty(&j->j_handles))
			printk("jbd2: %s: destroyed with handles open\n", j->j_name);
		err = jbd2_journal_flush(j);
		/* Clean only when everything is home; else keep the tail (and
		 * record s_errno) so that the next mount replays the log. */
		if (!err)
			err = jbd2_sb_write_tail(j, true);
		else
			jbd2_sb_write_tail(j, false);
		drop_transactions(j);
	}
	kfree(j->j_map);
	kfree(j->j_sb_buf);
	kfree(j);
	return err;
}

void jbd2_journal_stats(struct jbd2_journal *j, struct jbd2_stats *st)
{
	spin_lock(&j->j_state_lock);
	*st = j->j_stats;
	st->tid = j->j_next_tid;
	st->log_used = j->j_log_used;
	st->max_credits = j->j_max_credits;
	spin_unlock(&j->j_state_lock);
}
