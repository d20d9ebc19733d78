/*
 * fs/jbd2/recovery.c - replaying the log after a crash.
 *
 * The superblock's s_start/s_sequence say where the oldest transaction
 * still needed begins. Three walks over the log from there:
 *
 *  scan    find where the log ends: the first transaction without a valid
 *          commit block. Blocks must carry the magic and the expected
 *          transaction id; with checksums (v2/v3) descriptor, revoke and
 *          commit blocks and every data copy are verified. A block that
 *          fails ends the log before its transaction (with a message).
 *  revoke  collect the revoke records of the committed transactions:
 *          block -> latest revoking transaction.
 *  replay  write each logged copy home (un-escaping it) unless a
 *          transaction at least as new revoked the block.
 *
 * The walk is bounded by the size of the log, so a corrupt log cannot make
 * it loop. Home blocks are written through the buffer cache (so cached
 * copies stay coherent) and flushed before the log is declared empty.
 */
#include "fs/jbd2/internal.h"

#include "lib/compiler.h"
#include "lib/err.h"
#include "lib/printk.h"
#include "lib/string.h"
#include "mm/kmalloc.h"
#include "uapi/errno.h"

#define RECOVERY_REVOKE_BUCKETS 256

enum pass { PASS_SCAN, PASS_REVOKE, PASS_REPLAY };

struct recovery {
	struct jbd2_journal *j;
	uint8_t *block; /* the metadata block being parsed */
	uint8_t *data;	/* a logged data block */
	uint64_t dev_blocks;
	uint32_t start, start_tid;
	uint32_t end_tid; /* first transaction that did not commit */
	struct jbd2_revoke_table revoked;
	uint64_t replayed, skipped;
};

/* Where one walk is. */
struct cursor {
	uint32_t pos;	  /* log block to read next */
	uint32_t tid;	  /* transaction expected there */
	uint32_t visited; /* log blocks read */
};

static void log_corrupt(struct recovery *rc, const struct cursor *c, const char *what)
{
	printk("jbd2: %s: recovery: %s at journal block %u (transaction %u); "
	       "replaying only up to transaction %u\n",
	       rc->j->j_name, what, c->pos, c->tid, c->tid - 1);
}

/* Read the next log block into @buf; -ENOSPC when the walk has read the
 * whole log (a log cannot be longer than that). */
static int read_next(struct recovery *rc, struct cursor *c, void *buf)
{
	if (c->visited >= jbd2_log_size(rc->j))
		return -ENOSPC;
	c->visited++;
	return jbd2_log_read(rc->j, c->pos, buf);
}

static void advance(struct recovery *rc, struct cursor *c)
{
	c->pos = jbd2_log_next(rc->j, c->pos);
}

static bool block_csum_ok(struct recovery *rc, const uint8_t *block, size_t csum_off)
{
	struct jbd2_journal *j = rc->j;

	if (!jbd2_format_has_csum(j->j_incompat))
		return true;
	return jbd2_get_be32(block + csum_off) ==
	       jbd2_block_csum(j->j_csum_seed, block, j->j_blocksize, csum_off);
}

static bool data_csum_ok(struct recovery *rc, const struct jbd2_tag_info *tag, uint32_t tid)
{
	struct jbd2_journal *j = rc->j;
	uint32_t csum;

	if (!jbd2_format_has_csum(j->j_incompat))
		return true;
	csum = jbd2_data_csum(j->j_csum_seed, tid, rc->data, j->j_blocksize);
	if (!(j->j_incompat & JBD2_FEATURE_INCOMPAT_CSUM_V3))
		csum &= 0xffff;
	return csum == tag->checksum;
}

/* ---- tags of a descriptor block ------------------------------------------ */

struct tag_iter {
	const uint8_t *block;
	size_t off, limit;
	uint32_t incompat;
	bool done;
};

static void tag_iter_init(struct tag_iter *it, struct recovery *rc)
{
	it->block = rc->block;
	it->off = sizeof(struct jbd2_header);
	it->limit = rc->j->j_blocksize - jbd2_tail_bytes(rc->j->j_incompat);
	it->incompat = rc->j->j_incompat;
	it->done = false;
}

/* The next tag in @tag: true, or false at the end of the block. */
static bool tag_next(struct tag_iter *it, struct jbd2_tag_info *tag)
{
	unsigned int bytes = jbd2_tag_bytes(it->incompat);

	if (it->done || it->off + bytes > it->limit)
		return false;
	jbd2_tag_decode(it->block + it->off, it->incompat, tag);
	it->off += bytes;
	if (!(tag->flags & JBD2_FLAG_SAME_UUID))
		it->off += JBD2_UUID_SIZE;
	it->done = tag->flags & JBD2_FLAG_LAST_TAG;
	return true;
}

/* ---- the passes, block by block ------------------------------------------ */

/* Write one logged copy (in rc->data) to its home block. */
static int replay_block(struct recovery *rc, const struct jbd2_tag_info *tag)
{
	struct jbd2_journal *j = rc->j;
	struct buffer_head *bh;

	if (tag->flags & JBD2_FLAG_ESCAPE)
		jbd2_put_be32(rc->data, JBD2_MAGIC);
	bh = bget(j->j_bdev, tag->blocknr, j->j_blocksize);
	if (IS_ERR(bh))
		return (int)PTR_ERR(bh);
	lock_buffer(bh);
	memcpy(bh->b_data, rc->data, j->j_blocksize);
	unlock_buffer(bh);
	mark_buffer_dirty(bh);
	brelse(bh);
	rc->replayed++;
	return 0;
}

/*
 * A descriptor block (in rc->block) at c->pos and the data blocks after
 * it. Returns 0, 1 when the scan found it bad (the log ends), or -errno.
 */
static int do_descriptor(struct recovery *rc, enum pass pass, struct cursor *c)
{
	struct jbd2_tag_info tag;
	struct tag_iter it;
	unsigned int ntags = 0;
	uint32_t rtid;
	int err;

	if (pass == PASS_SCAN &&
	    !block_csum_ok(rc, rc->block, rc->j->j_blocksize - JBD2_TAIL_SIZE)) {
		log_corrupt(rc, c, "descriptor block checksum mismatch");
		return 1;
	}
	tag_iter_init(&it, rc);
	while (tag_next(&it, &tag)) {
		ntags++;
		advance(rc, c);
		if (pass == PASS_SCAN && tag.blocknr >= rc->dev_blocks) {
			log_corrupt(rc, c, "block tag beyond the device");
			return 1;
		}
		if (pass == PASS_REVOKE) {
			if (c->visited++ >= jbd2_log_size(rc->j))
				return -EIO;
			continue;
		}
		if (pass == PASS_REPLAY && jbd2_revoke_lookup(&rc->revoked, tag.blocknr, &rtid) &&
		    tid_geq(rtid, c->tid)) {
			rc->skipped++;
			c->visited++;
			continue;
		}
		err = read_next(rc, c, rc->data);
		if (err == -ENOSPC && pass == PASS_SCAN) {
			log_corrupt(rc, c, "descriptor runs past the end of the log");
			return 1;
		}
		if (err)
			return err;
		if (pass == PASS_SCAN && !data_csum_ok(rc, &tag, c->tid)) {
			log_corrupt(rc, c, "data block checksum mismatch");
			return 1;
		}
		if (pass == PASS_REPLAY) {
			err = replay_block(rc, &tag);
			if (err)
				return err;
		}
	}
	if (!ntags && pass == PASS_SCAN) {
		log_corrupt(rc, c, "descriptor block without tags");
		return 1;
	}
	advance(rc, c);
	return 0;
}

/* A revoke block (in rc->block). Returns 0, 1 when bad (scan), -errno. */
static int do_revoke(struct recovery *rc, enum pass pass, struct cursor *c)
{
	struct jbd2_journal *j = rc->j;
	uint32_t count = jbd2_get_be32(JBD2_FIELD(rc->block, struct jbd2_revoke_header, r_count));
	unsigned int rec = jbd2_revoke_record_bytes(j->j_incompat);
	size_t hdr = sizeof(struct jbd2_revoke_header);
	uint64_t blocknr;
	int err;

	if (pass == PASS_SCAN) {
		if (!block_csum_ok(rc, rc->block, j->j_blocksize - JBD2_TAIL_SIZE)) {
			log_corrupt(rc, c, "revoke block checksum mismatch");
			return 1;
		}
		if (count < hdr || count > j->j_blocksize - jbd2_tail_bytes(j->j_incompat) ||
		    (count - hdr) % rec) {
			log_corrupt(rc, c, "bad revoke block size");
			return 1;
		}
	}
	if (pass == PASS_REVOKE) {
		for (size_t off = hdr; off + rec <= count; off += rec) {
			blocknr = rec == 8 ? jbd2_get_be64(rc->block + off)
					   : jbd2_get_be32(rc->block + off);
			err = jbd2_revoke_insert(&rc->revoked, blocknr, c->tid);
			if (err < 0)
				return err;
		}
	}
	advance(rc, c);
	return 0;
}

/* A commit block (in rc->block). Returns 0, 1 when bad (scan). */
static int do_commit(struct recovery *rc, enum pass pass, struct cursor *c)
{
	if (pass == PASS_SCAN && !block_csum_ok(rc, rc->block, JBD2_COMMIT_CSUM_OFFSET)) {
		log_corrupt(rc, c, "commit block checksum mismatch");
		return 1;
	}
	advance(rc, c);
	c->tid++;
	return 0;
}

/*
 * One walk over the log. The scan sets rc->end_tid; the other passes stop
 * there, and what the scan accepted must still be there (-EIO otherwise).
 */
static int walk(struct recovery *rc, enum pass pass)
{
	struct cursor c = {.pos = rc->start, .tid = rc->start_tid};
	uint32_t type;
	int ret;

	for (;;) {
		if (pass != PASS_SCAN && c.tid == rc->end_tid)
			return 0;
		ret = read_next(rc, &c, rc->block);
		if (ret == -ENOSPC && pass == PASS_SCAN) {
			log_corrupt(rc, &c, "log does not end");
			break;
		}
		if (ret)
			return ret == -ENOSPC ? -EIO : ret;
		if (jbd2_get_be32(JBD2_FIELD(rc->block, struct jbd2_header, h_magic)) !=
			JBD2_MAGIC ||
		    jbd2_get_be32(JBD2_FIELD(rc->block, struct jbd2_header, h_sequence)) != c.tid) {
			if (pass != PASS_SCAN)
				return -EIO;
			break; /* the normal end of the log */
		}
		type = jbd2_get_be32(JBD2_FIELD(rc->block, struct jbd2_header, h_blocktype));
		if (type == JBD2_DESCRIPTOR_BLOCK) {
			ret = do_descriptor(rc, pass, &c);
		} else if (type == JBD2_REVOKE_BLOCK) {
			ret = do_revoke(rc, pass, &c);
		} else if (type == JBD2_COMMIT_BLOCK) {
			ret = do_commit(rc, pass, &c);
		} else {
			log_corrupt(rc, &c, "unexpected block type");
			ret = 1;
		}
		if (ret < 0)
			return ret;
		if (ret > 0) {
			if (pass != PASS_SCAN)
				return -EIO;
			break;
		}
	}
	rc->end_tid = c.tid;
	return 0;
}

static void recovery_free(struct recovery *rc)
{
	jbd2_revoke_table_destroy(&rc->revoked);
	kfree(rc->block);
	kfree(rc->data);
}

static int replay(struct recovery *rc)
{
	int err;

	printk("jbd2: %s: recovering transactions %u to %u\n", rc->j->j_name, rc->start_tid,
	       rc->end_tid - 1);
	err = walk(rc, PASS_REVOKE);
	if (!err)
		err = walk(rc, PASS_REPLAY);
	if (!err)
		err = buffer_sync_bdev(rc->j->j_bdev);
	if (err)
		printk("jbd2: %s: recovery failed: %d\n", rc->j->j_name, err);
	else
		printk("jbd2: %s: recovery done: %llu blocks replayed, %llu revoked\n",
		       rc->j->j_name, (unsigned long long)rc->replayed,
		       (unsigned long long)rc->skipped);
	return err;
}

int jbd2_recover(struct jbd2_journal *j)
{
	struct recovery rc = {.j = j};
	int err;

	jbd2_sb_log_start(j, &rc.start, &rc.start_tid);
	if (!rc.start) {
		j->j_next_tid = rc.start_tid;
		return 0;
	}
	rc.dev_blocks = j->j_bdev->nr_sectors / (j->j_blocksize >> SECTOR_SHIFT);
	rc.block = kmalloc(j->j_blocksize, GFP_KERNEL);
	rc.data = kmalloc(j->j_blocksize, GFP_KERNEL);
	err = rc.block && rc.data ? jbd2_revoke_table_init(&rc.revoked, RECOVERY_REVOKE_BUCKETS)
				  : -ENOMEM;
	if (!err)
		err = walk(&rc, PASS_SCAN);
	if (!err && rc.end_tid != rc.start_tid)
		err = replay(&rc);
	if (!err) {
		spin_lock(&j->j_state_lock);
		j->j_stats.recovered_transactions = rc.end_tid - rc.start_tid;
		j->j_stats.replayed_blocks = rc.replayed;
		j->j_stats.revoked_blocks = rc.skipped;
		spin_unlock(&j->j_state_lock);
		/* Skip the id of a transaction that may be half-written in the
		 * log, so that none of its blocks can ever look valid. */
		j->j_next_tid = rc.end_tid + 1;
	}
	recovery_free(&rc);
	return err;
}
