/*
 * fs/jbd2/commit.c - writing a transaction to the log.
 *
 * One commit at a time (j_commit_mutex), in the thread that asked for it:
 *
 *  1. lock: the transaction takes no new handles; wait until the open
 *     ones stop (t_updates == 0). Then the data hook writes the data
 *     the transaction's metadata points to (ordered mode).
 *  2. freeze: copy every buffer it dirtied (under the buffer lock), so a
 *     later transaction may change the buffers while this one is written;
 *     a copy starting with JBD2_MAGIC is escaped (first word zeroed).
 *  3. close: the transaction stops being the running one; new handles go
 *     to a new transaction from here on.
 *  4. write: the superblock if the log was empty (so s_start points here),
 *     revoke blocks, then descriptor blocks each followed by the copies
 *     they describe; flush; the commit block; flush. Only now is the
 *     transaction durable.
 *  5. finish: each buffer moves to this transaction's checkpoint list and,
 *     unless a newer transaction already took it, is marked dirty in the
 *     buffer cache so that write-back or the checkpoint puts it home.
 *     Blocks it freed leave older checkpoint lists.
 */
#include "fs/jbd2/internal.h"

#include "hal/hal.h"
#include "lib/compiler.h"
#include "lib/printk.h"
#include "lib/string.h"
#include "mm/kmalloc.h"
#include "uapi/errno.h"

#define NSEC_PER_SEC 1000000000ull

static void lock_transaction(struct jbd2_journal *j, struct jbd2_transaction *t)
{
	spin_lock(&j->j_state_lock);
	t->t_state = T_LOCKED;
	spin_unlock(&j->j_state_lock);
	wait_event(j->j_wait, READ_ONCE(t->t_updates) == 0);
}

/* Copy the buffers to log. No handle is open, so the list is stable. */
static int freeze_buffers(struct jbd2_journal *j, struct jbd2_transaction *t)
{
	struct jbd2_head *jh;

	list_for_each_entry(jh, &t->t_buffers, jh_node) {
		jh->jh_frozen = kmalloc(j->j_blocksize, GFP_KERNEL);
		if (!jh->jh_frozen)
			return -ENOMEM;
		lock_buffer(jh->jh_bh);
		memcpy(jh->jh_frozen, jh->jh_bh->b_data, j->j_blocksize);
		unlock_buffer(jh->jh_bh);
		jh->jh_escaped = jbd2_get_be32(jh->jh_frozen) == JBD2_MAGIC;
		if (jh->jh_escaped)
			jbd2_put_be32(jh->jh_frozen, 0);
	}
	return 0;
}

/* Buffers that got write access but were never dirtied go back to how
 * they were: dirty again if an older transaction still owes them home. */
static void release_reserved(struct jbd2_journal *j, struct jbd2_transaction *t)
{
	struct buffer_head *release;
	struct jbd2_head *jh;

	for (;;) {
		spin_lock(&j->j_state_lock);
		jh = list_first_entry_or_null(&t->t_reserved, struct jbd2_head, jh_node);
		if (!jh) {
			spin_unlock(&j->j_state_lock);
			return;
		}
		list_del_init(&jh->jh_node);
		jh->jh_transaction = NULL;
		jh->jh_jlist = JH_NONE;
		if (jh->jh_cp_transaction)
			mark_buffer_dirty(jh->jh_bh);
		release = jbd2_head_put_if_unused(jh);
		spin_unlock(&j->j_state_lock);
		brelse(release);
	}
}

/* [S] held: move @from's heads to the committer's list @to. */
static void hand_to_committer(struct list_head *from, struct list_head *to)
{
	struct jbd2_head *jh, *next;

	list_for_each_entry_safe(jh, next, from, jh_node) {
		list_del_init(&jh->jh_node);
		jh->jh_transaction = NULL;
		jh->jh_jlist = JH_NONE;
		jh->jh_in_commit = true;
		list_add_tail(&jh->jh_commit_node, to);
	}
}

static void close_transaction(struct jbd2_journal *j, struct jbd2_transaction *t)
{
	release_reserved(j, t);
	spin_lock(&j->j_state_lock);
	hand_to_committer(&t->t_buffers, &t->t_logged);
	hand_to_committer(&t->t_forget, &t->t_freed);
	t->t_state = T_COMMITTING;
	t->t_log_start = j->j_head;
	j->j_committing = t;
	j->j_running = NULL;
	spin_unlock(&j->j_state_lock);
	wake_up(&j->j_wait);
}

/* Write @buf at the log head. Only the committer moves the head. */
static int log_append(struct jbd2_journal *j, struct jbd2_transaction *t, const void *buf)
{
	int err = jbd2_log_write(j, j->j_head, buf);

	if (err)
		return err;
	spin_lock(&j->j_state_lock);
	j->j_head = jbd2_log_next(j, j->j_head);
	j->j_log_used++;
	t->t_log_blocks++;
	spin_unlock(&j->j_state_lock);
	return 0;
}

static void put_header(void *buf, uint32_t type, uint32_t tid)
{
	jbd2_put_be32(JBD2_FIELD(buf, struct jbd2_header, h_magic), JBD2_MAGIC);
	jbd2_put_be32(JBD2_FIELD(buf, struct jbd2_header, h_blocktype), type);
	jbd2_put_be32(JBD2_FIELD(buf, struct jbd2_header, h_sequence), tid);
}

/* Seal a descriptor or revoke block with its tail checksum. */
static void put_tail_csum(struct jbd2_journal *j, uint8_t *buf)
{
	size_t off = j->j_blocksize - JBD2_TAIL_SIZE;

	if (jbd2_format_has_csum(j->j_incompat))
		jbd2_put_be32(buf + off, jbd2_block_csum(j->j_csum_seed, buf, j->j_blocksize, off));
}

/* ---- revoke blocks ------------------------------------------------------- */

struct revoke_writer {
	struct jbd2_journal *j;
	struct jbd2_transaction *t;
	uint8_t *buf;
	unsigned int used; /* bytes of buf filled; 0: no block started */
	unsigned int records;
	int err;
};

static void revoke_block_flush(struct revoke_writer *w)
{
	if (!w->used || w->err)
		return;
	jbd2_put_be32(JBD2_FIELD(w->buf, struct jbd2_revoke_header, r_count), w->used);
	put_tail_csum(w->j, w->buf);
	w->err = log_append(w->j, w->t, w->buf);
	w->used = 0;
}

static void revoke_block_add(void *arg, uint64_t blocknr)
{
	struct revoke_writer *w = arg;
	unsigned int rec = jbd2_revoke_record_bytes(w->j->j_incompat);
	unsigned int limit = w->j->j_blocksize - jbd2_tail_bytes(w->j->j_incompat);

	if (w->used + rec > limit)
		revoke_block_flush(w);
	if (w->err)
		return;
	if (!w->used) {
		memset(w->buf, 0, w->j->j_blocksize);
		put_header(w->buf, JBD2_REVOKE_BLOCK, w->t->t_tid);
		w->used = sizeof(struct jbd2_revoke_header);
	}
	if (rec == 8)
		jbd2_put_be64(w->buf + w->used, blocknr);
	else
		jbd2_put_be32(w->buf + w->used, (uint32_t)blocknr);
	w->used += rec;
	w->records++;
}

static int write_revokes(struct jbd2_journal *j, struct jbd2_transaction *t, uint8_t *buf)
{
	struct revoke_writer w = {.j = j, .t = t, .buf = buf};

	jbd2_revoke_for_each(&t->t_revoke, revoke_block_add, &w);
	revoke_block_flush(&w);
	spin_lock(&j->j_state_lock);
	j->j_stats.revoke_records += w.records;
	spin_unlock(&j->j_state_lock);
	return w.err;
}

/* ---- descriptor and data blocks ----------------------------------------- */

/* The tag of @jh, the @n-th of @count in its descriptor block. */
static int make_tag(struct jbd2_journal *j, struct jbd2_transaction *t, struct jbd2_head *jh,
		    unsigned int n, unsigned int count, struct jbd2_tag_info *tag)
{
	tag->blocknr = jh->jh_bh->b_blocknr;
	if (tag->blocknr > UINT32_MAX && !(j->j_incompat & JBD2_FEATURE_INCOMPAT_64BIT)) {
		printk("jbd2: %s: block %llu needs a 64bit journal\n", j->j_name,
		       (unsigned long long)tag->blocknr);
		return -EINVAL;
	}
	tag->flags = (jh->jh_escaped ? JBD2_FLAG_ESCAPE : 0) | (n ? JBD2_FLAG_SAME_UUID : 0) |
		     (n + 1 == count ? JBD2_FLAG_LAST_TAG : 0);
	tag->checksum = 0;
	if (jbd2_format_has_csum(j->j_incompat))
		tag->checksum =
		    jbd2_data_csum(j->j_csum_seed, t->t_tid, jh->jh_frozen, j->j_blocksize);
	return 0;
}

/*
 * Write one descriptor block describing up to a block's worth of heads
 * from *@pos on, followed by their frozen copies; advance *@pos.
 */
static int write_descriptor(struct jbd2_journal *j, struct jbd2_transaction *t,
			    struct jbd2_head **pos, uint8_t *buf)
{
	unsigned int max = jbd2_tags_per_descriptor(j->j_blocksize, j->j_incompat);
	size_t off = sizeof(struct jbd2_header);
	struct jbd2_head *first = *pos, *jh;
	unsigned int count = 0, n = 0;
	struct jbd2_tag_info tag;
	int err;

	for (jh = first; &jh->jh_commit_node != &t->t_logged && count < max;
	     jh = list_next_entry(jh, jh_commit_node))
		count++;
	*pos = jh;

	memset(buf, 0, j->j_blocksize);
	put_header(buf, JBD2_DESCRIPTOR_BLOCK, t->t_tid);
	for (jh = first; n < count; jh = list_next_entry(jh, jh_commit_node), n++) {
		err = make_tag(j, t, jh, n, count, &tag);
		if (err)
			return err;
		jbd2_tag_encode(buf + off, j->j_incompat, &tag);
		off += jbd2_tag_bytes(j->j_incompat);
		if (!n) {
			memcpy(buf + off, JBD2_FIELD(j->j_sb_buf, struct jbd2_superblock, s_uuid),
			       JBD2_UUID_SIZE);
			off += JBD2_UUID_SIZE;
		}
	}
	put_tail_csum(j, buf);
	err = log_append(j, t, buf);
	for (jh = first, n = 0; !err && n < count; jh = list_next_entry(jh, jh_commit_node), n++)
		err = log_append(j, t, jh->jh_frozen);
	return err;
}

static int write_buffers(struct jbd2_journal *j, struct jbd2_transaction *t, uint8_t *buf)
{
	struct jbd2_head *pos = list_first_entry(&t->t_logged, struct jbd2_head, jh_commit_node);
	int err = 0;

	while (!err && &pos->jh_commit_node != &t->t_logged)
		err = write_descriptor(j, t, &pos, buf);
	return err;
}

static int write_commit_block(struct jbd2_journal *j, struct jbd2_transaction *t, uint8_t *buf)
{
	uint64_t now = hal_wall_clock_ns();

	memset(buf, 0, j->j_blocksize);
	put_header(buf, JBD2_COMMIT_BLOCK, t->t_tid);
	jbd2_put_be64(JBD2_FIELD(buf, struct jbd2_commit_header, h_commit_sec), now / NSEC_PER_SEC);
	jbd2_put_be32(JBD2_FIELD(buf, struct jbd2_commit_header, h_commit_nsec),
		      (uint32_t)(now % NSEC_PER_SEC));
	if (jbd2_format_has_csum(j->j_incompat))
		jbd2_put_be32(
		    buf + JBD2_COMMIT_CSUM_OFFSET,
		    jbd2_block_csum(j->j_csum_seed, buf, j->j_blocksize, JBD2_COMMIT_CSUM_OFFSET));
	return log_append(j, t, buf);
}

static unsigned int count_list(struct list_head *head)
{
	unsigned int n = 0;
	struct list_head *pos;

	list_for_each(pos, head) {
		n++;
	}
	return n;
}

/* Step 4: put @t in the log, durably. */
static int write_transaction(struct jbd2_journal *j, struct jbd2_transaction *t)
{
	uint32_t buffers = count_list(&t->t_logged), revokes = t->t_revoke.count;
	uint32_t needed = jbd2_log_blocks_needed(j, buffers, revokes);
	uint8_t *buf;
	int err;

	if (!buffers && !revokes)
		return 0;
	if (needed >= jbd2_log_size(j) - READ_ONCE(j->j_log_used)) {
		printk("jbd2: %s: transaction %u (%u log blocks) does not fit the log\n", j->j_name,
		       t->t_tid, needed);
		return -ENOSPC;
	}
	buf = kmalloc(j->j_blocksize, GFP_KERNEL);
	if (!buf)
		return -ENOMEM;
	/* The superblock must point into the log (and announce revoke
	 * records) before this commit block can count. */
	err = 0;
	if (j->j_sb_clean || jbd2_sb_features_stale(j))
		err = jbd2_sb_write_tail(j, false);
	if (!err)
		err = write_revokes(j, t, buf);
	if (!err)
		err = write_buffers(j, t, buf);
	if (!err)
		err = blk_flush(j->j_bdev);
	if (!err)
		err = write_commit_block(j, t, buf);
	if (!err)
		err = blk_flush(j->j_bdev);
	kfree(buf);
	if (!err) {
		spin_lock(&j->j_state_lock);
		j->j_stats.logged_blocks += buffers;
		spin_unlock(&j->j_state_lock);
	}
	return err;
}

/* ---- after the write ----------------------------------------------------- */

/* Take the first head off @list (a committer's list) and apply @fn to it
 * under the state lock; false when the list is empty. */
static bool finish_one(struct jbd2_journal *j, struct jbd2_transaction *t, struct list_head *list,
		       void (*fn)(struct jbd2_transaction *t, struct jbd2_head *jh))
{
	struct buffer_head *release;
	struct jbd2_head *jh;
	void *frozen;

	spin_lock(&j->j_state_lock);
	jh = list_first_entry_or_null(list, struct jbd2_head, jh_commit_node);
	if (!jh) {
		spin_unlock(&j->j_state_lock);
		return false;
	}
	list_del_init(&jh->jh_commit_node);
	jh->jh_in_commit = false;
	frozen = jh->jh_frozen;
	jh->jh_frozen = NULL;
	if (fn)
		fn(t, jh);
	release = jbd2_head_put_if_unused(jh);
	spin_unlock(&j->j_state_lock);
	kfree(frozen);
	brelse(release);
	return true;
}

/* A logged buffer: now owed home by @t (no longer by an older one). */
static void checkpoint_logged(struct jbd2_transaction *t, struct jbd2_head *jh)
{
	if (jh->jh_cp_transaction)
		list_del_init(&jh->jh_cp_node);
	jh->jh_cp_transaction = t;
	list_add_tail(&jh->jh_cp_node, &t->t_cp_list);
	/* A newer transaction holding it will log it again: keep it out of
	 * write-back until then. */
	if (!jh->jh_transaction)
		mark_buffer_dirty(jh->jh_bh);
}

/* A freed block: nobody owes it home any more. */
static void checkpoint_freed(struct jbd2_transaction *t, struct jbd2_head *jh)
{
	(void)t;
	if (jh->jh_cp_transaction) {
		list_del_init(&jh->jh_cp_node);
		jh->jh_cp_transaction = NULL;
	}
	if (!jh->jh_transaction)
		clear_buffer_dirty(jh->jh_bh);
}

/* Step 5 (or the end of a failed commit when @durable is false). */
static void finish_commit(struct jbd2_journal *j, struct jbd2_transaction *t, bool durable)
{
	while (finish_one(j, t, &t->t_logged, durable ? checkpoint_logged : NULL))
		;
	while (finish_one(j, t, &t->t_freed, durable ? checkpoint_freed : NULL))
		;
	spin_lock(&j->j_state_lock);
	t->t_state = T_COMMITTED;
	j->j_committing = NULL;
	j->j_commit_sequence = t->t_tid;
	if (durable && t->t_log_blocks) {
		j->j_stats.commits++;
		list_add_tail(&t->t_link, &j->j_checkpoint);
		t = NULL;
	}
	spin_unlock(&j->j_state_lock);
	if (t)
		jbd2_transaction_free(t);
}

/* Commit @t, the running transaction. Called with j_commit_mutex held. */
static void commit_transaction(struct jbd2_journal *j, struct jbd2_transaction *t)
{
	int err;

	lock_transaction(j, t);
	if (j->j_data_hook && j->j_data_hook(j->j_data_hook_arg))
		printk("jbd2: %s: ordered data of transaction %u not written\n", j->j_name,
		       t->t_tid);
	err = freeze_buffers(j, t);
	close_transaction(j, t);
	if (!err && READ_ONCE(j->j_errno))
		err = -EIO;
	if (!err)
		err = write_transaction(j, t);
	if (err)
		jbd2_journal_abort(j, err);
	finish_commit(j, t, !err);
}

int jbd2_log_commit(struct jbd2_journal *j, uint32_t tid)
{
	struct jbd2_transaction *t;
	int err;

	mutex_lock(&j->j_commit_mutex);
	spin_lock(&j->j_state_lock);
	t = j->j_running;
	if (t && t->t_tid != tid)
		t = NULL; /* @tid committed already (or not started) */
	spin_unlock(&j->j_state_lock);
	if (t)
		commit_transaction(j, t);
	err = READ_ONCE(j->j_errno) ? -EIO : 0;
	mutex_unlock(&j->j_commit_mutex);
	return err;
}

void jbd2_log_wait_committing(struct jbd2_journal *j)
{
	mutex_lock(&j->j_commit_mutex);
	mutex_unlock(&j->j_commit_mutex);
}
