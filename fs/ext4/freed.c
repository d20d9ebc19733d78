/*
 * fs/ext4/freed.c - blocks freed by journal transactions that have not
 * committed yet.
 *
 * Freeing clears the bitmap bits at once (in the running transaction),
 * but until that transaction commits a crash brings the old owner back.
 * File data is written in place, outside the journal, so if the block
 * went to a new file meanwhile, the old owner would come back with the
 * new file's bytes. The allocator therefore skips the ranges listed here
 * (Linux keeps the same list per group, "free pending").
 *
 * A range is remembered with the id of the transaction that freed it and
 * forgotten once jbd2 says that transaction committed. Everything here is
 * under sbi->s_lock; without a journal nothing is ever held.
 */
#include "fs/ext4/internal.h"
#include "mm/kmalloc.h"

struct ext4_freed {
	struct list_head link; /* in sbi->s_freed, oldest first */
	uint32_t tid;
	uint64_t start, end; /* blocks [start, end) */
};

int ext4_freed_add(struct ext4_handle *h, struct super_block *sb, uint64_t first, uint64_t count)
{
	struct ext4_sb_info *sbi = EXT4_SB(sb);
	struct ext4_freed *last, *fr;
	uint32_t tid;

	if (!ext4_handle_journaled(h))
		return 0;
	tid = ext4_handle_tid(h);
	last = list_empty(&sbi->s_freed) ? NULL
					 : list_last_entry(&sbi->s_freed, struct ext4_freed, link);
	if (last && last->tid == tid && last->end == first) {
		last->end += count; /* a truncate frees its extents back to back */
		return 0;
	}
	fr = kmalloc(sizeof(*fr), GFP_KERNEL);
	if (!fr)
		return -ENOMEM;
	fr->tid = tid;
	fr->start = first;
	fr->end = first + count;
	list_add_tail(&fr->link, &sbi->s_freed);
	return 0;
}

bool ext4_freed_find(struct ext4_sb_info *sbi, uint64_t pblk, uint64_t *start, uint64_t *end)
{
	struct ext4_freed *fr;
	bool found = false;

	list_for_each_entry(fr, &sbi->s_freed, link)
	{
		if (fr->end <= pblk || (found && fr->start >= *start))
			continue;
		*start = fr->start;
		*end = fr->end;
		found = true;
	}
	return found;
}

void ext4_freed_prune(struct super_block *sb)
{
	struct ext4_sb_info *sbi = EXT4_SB(sb);
	struct ext4_freed *fr, *next;

	list_for_each_entry_safe(fr, next, &sbi->s_freed, link)
	{
		if (!jbd2_journal_tid_committed(sbi->s_journal, fr->tid))
			continue;
		list_del(&fr->link);
		kfree(fr);
	}
}

void ext4_freed_release(struct ext4_sb_info *sbi)
{
	struct ext4_freed *fr, *next;

	list_for_each_entry_safe(fr, next, &sbi->s_freed, link)
	{
		list_del(&fr->link);
		kfree(fr);
	}
}

bool ext4_should_retry_alloc(struct super_block *sb, int *retries)
{
	struct ext4_sb_info *sbi = EXT4_SB(sb);
	bool held;

	if (!sbi->s_journal || (*retries)++ >= 3)
		return false;
	mutex_lock(&sbi->s_lock);
	held = !list_empty(&sbi->s_freed);
	mutex_unlock(&sbi->s_lock);
	return held && ext4_journal_force_commit(sb) == 0;
}
