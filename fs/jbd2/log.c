/*
 * fs/jbd2/log.c - the journal as a circular log of blocks: where each
 * journal block lives on the device, reading and writing one, and the
 * space accounting that keeps the head from running into the tail.
 *
 * Space: the blocks from the tail (oldest transaction still needed) to the
 * head (next block to write) are in use (j_log_used). A transaction may
 * take at most j_max_log_blocks: a quarter of the log as in Linux, and no
 * more than JBD2_MAX_TRANSACTION_BYTES. A new one only starts when twice
 * that is free below j_log_limit, so the one being committed and the new
 * one always fit, with room to spare for revoke records that handles add
 * beyond their credits. j_log_limit is the whole log for small journals;
 * for big ones it stops at JBD2_MAX_PINNED_BYTES of committed blocks,
 * because every buffer waiting for its checkpoint stays in memory.
 */
#include "fs/jbd2/internal.h"

#include "lib/compiler.h"
#include "lib/printk.h"
#include "mm/kmalloc.h"
#include "uapi/errno.h"

#define MAP_GROW		   16
#define JBD2_MAX_TRANSACTION_BYTES (8u << 20)
#define JBD2_MAX_PINNED_BYTES	   (16u << 20)

static int map_append(struct jbd2_journal *j, unsigned int *cap, uint32_t lblk, uint64_t pblk)
{
	struct jbd2_extent *last = j->j_map_len ? &j->j_map[j->j_map_len - 1] : NULL;

	if (last && last->pblk + last->len == pblk) {
		last->len++;
		return 0;
	}
	if (j->j_map_len == *cap) {
		struct jbd2_extent *bigger =
		    krealloc(j->j_map, (*cap + MAP_GROW) * sizeof(*bigger), GFP_KERNEL);

		if (!bigger)
			return -ENOMEM;
		j->j_map = bigger;
		*cap += MAP_GROW;
	}
	j->j_map[j->j_map_len++] = (struct jbd2_extent){.lblk = lblk, .len = 1, .pblk = pblk};
	return 0;
}

int jbd2_map_build(struct jbd2_journal *j, int (*bmap)(void *, uint32_t, uint64_t *), void *arg)
{
	uint64_t dev_blocks = j->j_bdev->nr_sectors / (j->j_blocksize >> SECTOR_SHIFT);
	unsigned int cap = 0;
	uint64_t pblk;
	int err;

	for (uint32_t lblk = 0; lblk < j->j_nblocks; lblk++) {
		err = bmap(arg, lblk, &pblk);
		if (err)
			return err;
		if (pblk >= dev_blocks) {
			printk("jbd2: %s: journal block %u maps outside the device (%llu)\n",
			       j->j_name, lblk, (unsigned long long)pblk);
			return -EINVAL;
		}
		err = map_append(j, &cap, lblk, pblk);
		if (err)
			return err;
	}
	return 0;
}

/* Device block of journal block @lblk (< j_nblocks). */
static uint64_t map_lookup(const struct jbd2_journal *j, uint32_t lblk)
{
	unsigned int lo = 0, hi = j->j_map_len;

	while (hi - lo > 1) {
		unsigned int mid = lo + (hi - lo) / 2;

		if (j->j_map[mid].lblk <= lblk)
			lo = mid;
		else
			hi = mid;
	}
	return j->j_map[lo].pblk + (lblk - j->j_map[lo].lblk);
}

static int log_io(struct jbd2_journal *j, enum blk_op op, uint32_t lblk, void *buf)
{
	uint64_t sector;
	int err;

	if (lblk >= j->j_nblocks)
		return -EINVAL;
	sector = map_lookup(j, lblk) * (j->j_blocksize >> SECTOR_SHIFT);
	err = blk_rw(j->j_bdev, op, sector, buf, j->j_blocksize);
	if (err)
		printk("jbd2: %s: %s error on journal block %u: %d\n", j->j_name,
		       op == BLK_READ ? "read" : "write", lblk, err);
	return err ? -EIO : 0;
}

int jbd2_log_read(struct jbd2_journal *j, uint32_t lblk, void *buf)
{
	return log_io(j, BLK_READ, lblk, buf);
}

int jbd2_log_write(struct jbd2_journal *j, uint32_t lblk, const void *buf)
{
	return log_io(j, BLK_WRITE, lblk, (void *)buf);
}

static uint32_t div_round_up(uint32_t n, uint32_t d)
{
	return (n + d - 1) / d;
}

uint32_t jbd2_log_blocks_needed(const struct jbd2_journal *j, uint32_t buffers, uint32_t revokes)
{
	uint32_t tags = jbd2_tags_per_descriptor(j->j_blocksize, j->j_incompat);
	uint32_t records = jbd2_records_per_revoke_block(j->j_blocksize, j->j_incompat);

	return buffers + div_round_up(buffers, tags) + div_round_up(revokes, records) + 1;
}

void jbd2_log_set_limits(struct jbd2_journal *j)
{
	uint32_t credits;

	j->j_max_log_blocks =
	    MIN((jbd2_log_size(j) - 1) / 4, JBD2_MAX_TRANSACTION_BYTES / j->j_blocksize);
	j->j_log_limit = MIN(jbd2_log_size(j) - 1,
			     2 * j->j_max_log_blocks + JBD2_MAX_PINNED_BYTES / j->j_blocksize);
	credits = j->j_max_log_blocks;
	while (credits > 0 && jbd2_log_blocks_needed(j, credits, 0) > j->j_max_log_blocks)
		credits--;
	j->j_max_credits = credits;
}

bool jbd2_log_has_room(const struct jbd2_journal *j)
{
	return j->j_log_used + 2 * j->j_max_log_blocks <= j->j_log_limit;
}

void jbd2_log_tail(const struct jbd2_journal *j, uint32_t *pos, uint32_t *tid)
{
	struct jbd2_transaction *oldest =
	    list_first_entry_or_null(&j->j_checkpoint, struct jbd2_transaction, t_link);

	if (!oldest && j->j_committing && j->j_committing->t_log_blocks)
		oldest = j->j_committing;
	if (oldest) {
		*pos = oldest->t_log_start;
		*tid = oldest->t_tid;
	} else {
		*pos = j->j_head;
		*tid = j->j_commit_sequence + 1;
	}
}
