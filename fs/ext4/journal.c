/*
 * fs/ext4/journal.c - ext4 on top of jbd2: handles wrap jbd2 handles, and
 * the journal inode (usually 8) becomes a jbd2 journal at mount.
 *
 * Without a journal (no has_journal, or a read-only mount) a handle is
 * only a marker: dirty metadata is marked dirty in the buffer cache and
 * written back at the next sync.
 *
 * With one, the rules of fs/jbd2/jbd2.h apply: write access before any
 * change, dirty_metadata instead of mark_buffer_dirty, revokes for freed
 * metadata blocks, and handles that may be extended or restarted when a
 * long operation (truncate) runs out of credits.
 */
#include "fs/ext4/internal.h"
#include "mm/kmalloc.h"

static struct jbd2_journal *sb_journal(struct super_block *sb)
{
	return EXT4_SB(sb)->s_journal;
}

/* ----- handles ----- */

struct ext4_handle *ext4_journal_start(struct super_block *sb, int credits)
{
	struct jbd2_journal *j = sb_journal(sb);
	struct ext4_handle *h;

	if (ext4_sb_rdonly(sb))
		return ERR_PTR(-EROFS);
	h = kzalloc(sizeof(*h), GFP_KERNEL);
	if (!h)
		return ERR_PTR(-ENOMEM);
	h->h_sb = sb;
	if (j) {
		h->h_jh = jbd2_journal_start(j, credits);
		if (IS_ERR(h->h_jh)) {
			int err = (int)PTR_ERR(h->h_jh);

			kfree(h);
			return ERR_PTR(err);
		}
	}
	return h;
}

int ext4_journal_stop(struct ext4_handle *h)
{
	int err = h->h_err;

	if (h->h_jh) {
		int stop = jbd2_journal_stop(h->h_jh);

		if (!err)
			err = stop;
	}
	kfree(h);
	return err;
}

bool ext4_handle_journaled(const struct ext4_handle *h)
{
	return h && h->h_jh && !h->h_err;
}

uint32_t ext4_handle_tid(const struct ext4_handle *h)
{
	return jbd2_handle_tid(h->h_jh);
}

int ext4_journal_get_write_access(struct ext4_handle *h, struct buffer_head *bh)
{
	if (h->h_err)
		return h->h_err;
	return h->h_jh ? jbd2_journal_get_write_access(h->h_jh, bh) : 0;
}

int ext4_journal_get_create_access(struct ext4_handle *h, struct buffer_head *bh)
{
	if (h->h_err)
		return h->h_err;
	return h->h_jh ? jbd2_journal_get_create_access(h->h_jh, bh) : 0;
}

int ext4_handle_dirty_metadata(struct ext4_handle *h, struct inode *inode, struct buffer_head *bh)
{
	(void)inode;
	if (h->h_err)
		return h->h_err;
	if (h->h_jh)
		return jbd2_journal_dirty_metadata(h->h_jh, bh);
	mark_buffer_dirty(bh);
	return 0;
}

int ext4_journal_revoke(struct ext4_handle *h, uint64_t blocknr, struct buffer_head *bh)
{
	if (h->h_err)
		return h->h_err;
	if (h->h_jh)
		return jbd2_journal_revoke(h->h_jh, blocknr, bh);
	if (bh)
		clear_buffer_dirty(bh); /* never write a freed block back */
	return 0;
}

int ext4_journal_ensure_credits(struct ext4_handle *h, int credits)
{
	int have, err;

	if (h->h_err || !h->h_jh)
		return h->h_err;
	have = jbd2_handle_credits(h->h_jh);
	if (have >= credits)
		return 0;
	err = jbd2_journal_extend(h->h_jh, credits - have);
	if (err <= 0)
		return err;
	err = jbd2_journal_restart(h->h_jh, credits);
	if (err == -EINVAL)
		return 0; /* a nested handle cannot move: go on with what is left */
	if (err)
		h->h_err = err; /* out of every transaction: only stop is left */
	return err;
}

/* ----- the journal inode ----- */

/* jbd2's block map: journal block -> device block, through the extents. */
struct journal_map {
	struct inode *inode;
	struct ext4_map last; /* the last extent looked up */
};

static int journal_bmap(void *arg, uint32_t lblk, uint64_t *pblk)
{
	struct journal_map *jm = arg;
	struct ext4_map *m = &jm->last;
	int err;

	if (!(m->flags & EXT4_MAP_MAPPED) || lblk < m->lblk || lblk - m->lblk >= m->len) {
		*m = (struct ext4_map){.lblk = lblk};
		err = ext4_map_blocks(NULL, jm->inode, m, EXT4_MAX_LBLK, false);
		if (err)
			return err;
		if (!(m->flags & EXT4_MAP_MAPPED) || (m->flags & EXT4_MAP_UNWRITTEN)) {
			ext4_error(jm->inode->i_sb, "journal inode has a hole at block %u", lblk);
			m->flags = 0;
			return -EUCLEAN;
		}
	}
	*pblk = m->pblk + (lblk - m->lblk);
	return 0;
}

/* The jbd2 journal over inode @ino (not loaded yet). */
static struct jbd2_journal *journal_from_inode(struct super_block *sb, uint32_t ino)
{
	struct ext4_sb_info *sbi = EXT4_SB(sb);
	struct journal_map jm = {0};
	struct jbd2_journal *j;
	uint64_t nblocks;

	jm.inode = ext4_iget(sb, ino);
	if (IS_ERR(jm.inode))
		return (struct jbd2_journal *)jm.inode;
	nblocks = (uint64_t)jm.inode->i_size >> sbi->s_block_log;
	if (!inode_is_reg(jm.inode) || nblocks < JBD2_MIN_JOURNAL_BLOCKS || nblocks > UINT32_MAX) {
		ext4_error(sb, "journal inode %u is not a usable journal", ino);
		iput(jm.inode);
		return ERR_PTR(-EUCLEAN);
	}
	j = jbd2_journal_init(sbi->s_bdev, sbi->s_block_size, (uint32_t)nblocks, journal_bmap, &jm);
	iput(jm.inode);
	return j;
}

/* The journal's data hook: ordered mode (see data.c). */
static int write_ordered_data(void *sb)
{
	return pagecache_write_ordered(sb);
}

int ext4_journal_load(struct super_block *sb)
{
	struct ext4_sb_info *sbi = EXT4_SB(sb);
	uint32_t ino = le32(sbi->s_es->s_journal_inum);
	uint32_t features = 0;
	struct jbd2_journal *j;
	struct jbd2_stats st;
	int err;

	if (ino == 0 || le32(sbi->s_es->s_journal_dev)) {
		ext4_msg(sb, "external journals are not supported");
		return -EINVAL;
	}
	j = journal_from_inode(sb, ino);
	if (IS_ERR(j)) {
		ext4_msg(sb, "cannot open the journal (%d)", (int)PTR_ERR(j));
		return (int)PTR_ERR(j);
	}
	err = jbd2_journal_load(j);
	if (err) {
		ext4_msg(sb, "cannot load the journal (%d)", err);
		jbd2_journal_destroy(j);
		return err;
	}
	jbd2_journal_stats(j, &st);
	if (st.recovered_transactions)
		ext4_msg(sb, "journal: recovered %u transactions (%llu blocks replayed)",
			 st.recovered_transactions, (unsigned long long)st.replayed_blocks);
	if (sbi->s_metadata_csum)
		features |= JBD2_FEATURE_INCOMPAT_CSUM_V3;
	if (sbi->s_64bit)
		features |= JBD2_FEATURE_INCOMPAT_64BIT;
	err = jbd2_journal_set_features(j, 0, 0, features);
	if (err) {
		ext4_msg(sb, "cannot set journal features (%d)", err);
		jbd2_journal_destroy(j);
		return err;
	}
	jbd2_journal_set_data_hook(j, write_ordered_data, sb);
	sbi->s_journal = j;
	return 0;
}

int ext4_journal_destroy(struct super_block *sb)
{
	struct ext4_sb_info *sbi = EXT4_SB(sb);
	int err = jbd2_journal_destroy(sbi->s_journal);

	sbi->s_journal = NULL;
	if (err)
		ext4_msg(sb, "journal not written back (%d); it will be replayed at next mount",
			 err);
	return err;
}

int ext4_journal_force_commit(struct super_block *sb)
{
	struct jbd2_journal *j = sb_journal(sb);

	return j ? jbd2_journal_force_commit(j) : 0;
}
