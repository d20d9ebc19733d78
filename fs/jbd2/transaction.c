/*
 * fs/jbd2/transaction.c - handles: joining the running transaction and
 * putting buffers into it.
 *
 * A transaction accepts handles while RUNNING. It holds t_credits: the
 * buffers already logged plus what open handles may still log; a handle
 * only joins if the transaction, grown by its credits, still fits
 * j_max_log_blocks. Otherwise the transaction is committed first (by the
 * thread that wanted to join, which holds no handle of its own).
 *
 * A buffer joins with get_write_access: it gets a journal head owned by
 * the transaction and leaves the buffer cache's dirty list, so that
 * write-back cannot put half-made changes on disk. dirty_metadata moves it
 * to the list the commit logs; forget and revoke handle freed blocks.
 */
#include "fs/jbd2/internal.h"

#include "hal/hal.h"
#include "lib/compiler.h"
#include "lib/err.h"
#include "lib/printk.h"
#include "mm/kmalloc.h"
#include "uapi/errno.h"

/* [S] held: the open handle of the calling thread, if any. */
static struct jbd2_handle *current_handle(struct jbd2_journal *j)
{
	struct thread *self = current_thread();
	struct jbd2_handle *h;

	list_for_each_entry(h, &j->j_handles, h_link) {
		if (h->h_owner == self)
			return h;
	}
	return NULL;
}

/* [S] held: would @t still fit the log with @nblocks more credits? */
static bool transaction_fits(struct jbd2_journal *j, struct jbd2_transaction *t, int nblocks)
{
	return jbd2_log_blocks_needed(j, (uint32_t)(t->t_credits + nblocks), t->t_revoke.count) <=
	       j->j_max_log_blocks;
}

/* Wait condition: the running transaction is not being closed. */
static bool running_unlocked(struct jbd2_journal *j)
{
	bool unlocked;

	spin_lock(&j->j_state_lock);
	unlocked = !j->j_running || j->j_running->t_state == T_RUNNING || j->j_errno;
	spin_unlock(&j->j_state_lock);
	return unlocked;
}

/* [S] held: make @t the running transaction. */
static void install_transaction(struct jbd2_journal *j, struct jbd2_transaction *t)
{
	t->t_tid = j->j_next_tid++;
	t->t_state = T_RUNNING;
	t->t_start_ns = hal_clock_ns();
	j->j_running = t;
}

/*
 * Attach @h, with @nblocks credits, to the running transaction, creating
 * one (after making log space) when there is none. Returns 0 or -errno.
 */
static int start_this_handle(struct jbd2_journal *j, struct jbd2_handle *h, int nblocks)
{
	struct jbd2_transaction *fresh = NULL, *t;
	bool created = false;
	uint32_t tid;
	int err = 0;

	for (;;) {
		spin_lock(&j->j_state_lock);
		if (j->j_errno) {
			err = -EROFS;
			break;
		}
		t = j->j_running;
		if (!t && !jbd2_log_has_room(j)) {
			spin_unlock(&j->j_state_lock);
			err = jbd2_log_make_space(j);
			if (err)
				goto out;
			continue;
		}
		if (!t && !fresh) {
			spin_unlock(&j->j_state_lock);
			fresh = jbd2_transaction_alloc();
			if (!fresh)
				return -ENOMEM;
			continue;
		}
		if (!t) {
			install_transaction(j, fresh);
			t = fresh;
			fresh = NULL;
			created = true;
		}
		if (t->t_state != T_RUNNING) {
			spin_unlock(&j->j_state_lock);
			wait_event(j->j_wait, running_unlocked(j));
			continue;
		}
		if (!transaction_fits(j, t, nblocks)) {
			tid = t->t_tid;
			spin_unlock(&j->j_state_lock);
			err = jbd2_log_commit(j, tid);
			if (err)
				goto out;
			continue;
		}
		t->t_updates++;
		t->t_credits += nblocks;
		h->h_transaction = t;
		h->h_credits = nblocks;
		list_add_tail(&h->h_link, &j->j_handles);
		break;
	}
	spin_unlock(&j->j_state_lock);
	if (created)
		wake_up(&j->j_thread_wait);
out:
	if (fresh)
		jbd2_transaction_free(fresh);
	return err;
}

struct jbd2_handle *jbd2_journal_start(struct jbd2_journal *j, int nblocks)
{
	struct jbd2_handle *h;
	int err;

	if (!j || nblocks < 0)
		return ERR_PTR(-EINVAL);
	if ((uint32_t)nblocks > j->j_max_credits)
		return ERR_PTR(-ENOSPC);
	spin_lock(&j->j_state_lock);
	h = current_handle(j);
	if (h)
		h->h_ref++;
	spin_unlock(&j->j_state_lock);
	if (h)
		return h;

	h = kzalloc(sizeof(*h), GFP_KERNEL);
	if (!h)
		return ERR_PTR(-ENOMEM);
	h->h_journal = j;
	h->h_ref = 1;
	h->h_owner = current_thread();
	list_init(&h->h_link);
	err = start_this_handle(j, h, nblocks);
	if (err) {
		kfree(h);
		return ERR_PTR(err);
	}
	return h;
}

/* Take @h out of its transaction, returning its unused credits. Wakes a
 * committer waiting for the last handle. Returns the transaction's tid. */
static uint32_t leave_transaction(struct jbd2_handle *h)
{
	struct jbd2_journal *j = h->h_journal;
	struct jbd2_transaction *t;
	bool last;
	uint32_t tid;

	spin_lock(&j->j_state_lock);
	t = h->h_transaction;
	t->t_credits -= h->h_credits;
	h->h_credits = 0;
	last = --t->t_updates == 0;
	tid = t->t_tid;
	h->h_transaction = NULL;
	list_del_init(&h->h_link);
	spin_unlock(&j->j_state_lock);
	if (last)
		wake_up(&j->j_wait);
	return tid;
}

int jbd2_journal_stop(struct jbd2_handle *h)
{
	struct jbd2_journal *j = h->h_journal;
	bool nested, sync = h->h_sync;
	uint32_t tid;
	int err = 0;

	spin_lock(&j->j_state_lock);
	nested = --h->h_ref > 0;
	spin_unlock(&j->j_state_lock);
	if (nested)
		return 0;
	if (!h->h_transaction) { /* jbd2_journal_restart() failed: nothing to leave */
		kfree(h);
		return -EIO;
	}
	tid = leave_transaction(h);
	kfree(h);
	if (sync)
		err = jbd2_log_commit(j, tid);
	if (!err && READ_ONCE(j->j_errno))
		err = -EIO;
	return err;
}

uint32_t jbd2_handle_tid(struct jbd2_handle *h)
{
	return h->h_transaction->t_tid;
}

int jbd2_handle_credits(struct jbd2_handle *h)
{
	struct jbd2_journal *j = h->h_journal;
	int credits;

	spin_lock(&j->j_state_lock);
	credits = h->h_credits;
	spin_unlock(&j->j_state_lock);
	return credits;
}

void jbd2_handle_set_sync(struct jbd2_handle *h)
{
	h->h_sync = true;
}

int jbd2_journal_extend(struct jbd2_handle *h, int nblocks)
{
	struct jbd2_journal *j = h->h_journal;
	struct jbd2_transaction *t;
	int ret = 1;

	if (nblocks < 0)
		return -EINVAL;
	spin_lock(&j->j_state_lock);
	t = h->h_transaction;
	if (j->j_errno) {
		ret = -EROFS;
	} else if (t->t_state == T_RUNNING && transaction_fits(j, t, nblocks) &&
		   (uint32_t)(h->h_credits + nblocks) <= j->j_max_credits) {
		t->t_credits += nblocks;
		h->h_credits += nblocks;
		ret = 0;
	}
	spin_unlock(&j->j_state_lock);
	return ret;
}

int jbd2_journal_restart(struct jbd2_handle *h, int nblocks)
{
	struct jbd2_journal *j = h->h_journal;

	if (h->h_ref != 1 || nblocks < 0 || (uint32_t)nblocks > j->j_max_credits)
		return -EINVAL;
	leave_transaction(h);
	return start_this_handle(j, h, nblocks);
}

static bool buffer_belongs(struct jbd2_journal *j, struct buffer_head *bh)
{
	return bh && bh->b_bdev == j->j_bdev && bh->b_size == j->j_blocksize;
}

static int get_access(struct jbd2_handle *h, struct buffer_head *bh)
{
	struct jbd2_journal *j = h->h_journal;
	struct jbd2_transaction *t = h->h_transaction;
	struct jbd2_head *fresh, *jh;
	int err = 0;

	if (!buffer_belongs(j, bh))
		return -EINVAL;
	fresh = kzalloc(sizeof(*fresh), GFP_KERNEL);
	if (!fresh)
		return -ENOMEM;
	lock_buffer(bh); /* wait for a write-back in progress */
	spin_lock(&j->j_state_lock);
	jh = bh->b_private;
	if (j->j_errno) {
		err = -EROFS;
		goto out;
	}
	if (!jh) {
		jh = fresh;
		fresh = NULL;
		jh->jh_bh = bh;
		list_init(&jh->jh_node);
		list_init(&jh->jh_cp_node);
		list_init(&jh->jh_commit_node);
		bhold(bh);
		bh->b_private = jh;
	}
	if (!jh->jh_transaction) {
		jh->jh_transaction = t;
		jh->jh_jlist = JH_RESERVED;
		list_add_tail(&jh->jh_node, &t->t_reserved);
		/* Committed contents waiting for the checkpoint: from now on
		 * this transaction will log them. */
		clear_buffer_dirty(bh);
	} else if (jh->jh_transaction != t) {
		printk("jbd2: %s: block %llu belongs to another transaction\n", j->j_name,
		       (unsigned long long)bh->b_blocknr);
		err = -EBUSY;
		goto out;
	}
	/* The block is metadata again: an earlier revoke in this
	 * transaction must not hide the copy it will log. */
	jbd2_revoke_remove(&t->t_revoke, bh->b_blocknr);
out:
	spin_unlock(&j->j_state_lock);
	unlock_buffer(bh);
	kfree(fresh);
	return err;
}

int jbd2_journal_get_write_access(struct jbd2_handle *h, struct buffer_head *bh)
{
	return get_access(h, bh);
}

int jbd2_journal_get_create_access(struct jbd2_handle *h, struct buffer_head *bh)
{
	return get_access(h, bh);
}

int jbd2_journal_dirty_metadata(struct jbd2_handle *h, struct buffer_head *bh)
{
	struct jbd2_journal *j = h->h_journal;
	struct jbd2_transaction *t = h->h_transaction;
	struct jbd2_head *jh;
	int err = 0;

	if (!buffer_belongs(j, bh))
		return -EINVAL;
	set_buffer_uptodate(bh); /* the caller made its contents */
	spin_lock(&j->j_state_lock);
	jh = bh->b_private;
	if (j->j_errno) {
		err = -EROFS;
	} else if (!jh || jh->jh_transaction != t) {
		err = -EINVAL;
	} else if (jh->jh_jlist != JH_LOGGED) {
		if (h->h_credits <= 0) {
			err = -ENOSPC;
		} else {
			h->h_credits--;
			jh->jh_jlist = JH_LOGGED;
			list_move_tail(&jh->jh_node, &t->t_buffers);
			t->t_nr_buffers++;
		}
	}
	spin_unlock(&j->j_state_lock);
	if (err == -EINVAL)
		printk("jbd2: %s: block %llu dirtied without write access\n", j->j_name,
		       (unsigned long long)bh->b_blocknr);
	else if (err == -ENOSPC)
		printk("jbd2: %s: handle out of credits at block %llu\n", j->j_name,
		       (unsigned long long)bh->b_blocknr);
	return err;
}

int jbd2_journal_forget(struct jbd2_handle *h, struct buffer_head *bh)
{
	struct jbd2_journal *j = h->h_journal;
	struct jbd2_transaction *t = h->h_transaction;
	struct buffer_head *release = NULL;
	struct jbd2_head *jh;
	int err = 0;

	if (!buffer_belongs(j, bh))
		return -EINVAL;
	spin_lock(&j->j_state_lock);
	jh = bh->b_private;
	if (j->j_errno) {
		err = -EROFS;
	} else if (jh && jh->jh_transaction && jh->jh_transaction != t) {
		err = -EBUSY;
	} else if (jh) {
		if (jh->jh_jlist == JH_LOGGED)
			t->t_nr_buffers--;
		list_del_init(&jh->jh_node);
		if (jh->jh_cp_transaction || jh->jh_in_commit) {
			/* An older transaction still owes this block a
			 * checkpoint: it is released when this one commits. */
			jh->jh_transaction = t;
			jh->jh_jlist = JH_FORGOT;
			list_add_tail(&jh->jh_node, &t->t_forget);
		} else {
			jh->jh_transaction = NULL;
			jh->jh_jlist = JH_NONE;
			release = jbd2_head_put_if_unused(jh);
		}
	}
	if (!err)
		clear_buffer_dirty(bh);
	spin_unlock(&j->j_state_lock);
	brelse(release);
	return err;
}

int jbd2_journal_revoke(struct jbd2_handle *h, uint64_t blocknr, struct buffer_head *bh)
{
	struct jbd2_journal *j = h->h_journal;
	struct jbd2_transaction *t = h->h_transaction;
	uint64_t dev_blocks = j->j_bdev->nr_sectors / (j->j_blocksize >> SECTOR_SHIFT);
	struct buffer_head *cached = NULL;
	int err;

	if (blocknr >= dev_blocks || (bh && bh->b_blocknr != blocknr))
		return -EINVAL;
	/* A cached copy of the block must not be written home either. */
	if (!bh) {
		cached = bget(j->j_bdev, blocknr, j->j_blocksize);
		if (IS_ERR(cached))
			return (int)PTR_ERR(cached);
		bh = cached;
	}
	err = jbd2_journal_forget(h, bh);
	brelse(cached);
	if (err)
		return err;
	spin_lock(&j->j_state_lock);
	if (j->j_errno) {
		err = -EROFS;
	} else {
		err = jbd2_revoke_insert(&t->t_revoke, blocknr, t->t_tid);
		if (err > 0) {
			err = 0;
			j->j_incompat |= JBD2_FEATURE_INCOMPAT_REVOKE;
		}
	}
	spin_unlock(&j->j_state_lock);
	return err;
}
