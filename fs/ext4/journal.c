/*
 * fs/ext4/journal.c - the journaling wrapper, without a journal yet: a
 * handle only remembers its super block, and dirty metadata is simply
 * marked dirty in the buffer cache. jbd2 will replace these bodies.
 */
#include "fs/ext4/internal.h"
#include "mm/kmalloc.h"

struct ext4_handle *ext4_journal_start(struct super_block *sb, int credits)
{
	struct ext4_handle *h;

	if (ext4_sb_rdonly(sb))
		return ERR_PTR(-EROFS);
	h = kmalloc(sizeof(*h), GFP_KERNEL);
	if (!h)
		return ERR_PTR(-ENOMEM);
	h->h_sb = sb;
	h->h_credits = credits;
	return h;
}

int ext4_journal_stop(struct ext4_handle *h)
{
	kfree(h);
	return 0;
}

int ext4_journal_get_write_access(struct ext4_handle *h, struct buffer_head *bh)
{
	(void)h;
	(void)bh;
	return 0;
}

int ext4_journal_get_create_access(struct ext4_handle *h, struct buffer_head *bh)
{
	(void)h;
	(void)bh;
	return 0;
}

int ext4_handle_dirty_metadata(struct ext4_handle *h, struct inode *inode, struct buffer_head *bh)
{
	(void)h;
	(void)inode;
	mark_buffer_dirty(bh);
	return 0;
}

void ext4_journal_forget(struct ext4_handle *h, struct buffer_head *bh)
{
	(void)h;
	clear_buffer_dirty(bh);
}
