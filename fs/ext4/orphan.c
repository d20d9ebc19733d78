/*
 * fs/ext4/orphan.c - the orphan list: inodes whose last name is gone but
 * which are still open, and files being truncated. On disk it is a chain
 * from s_last_orphan through each inode's i_dtime; in memory the same
 * inodes are on sbi->s_orphans in chain order (newest first), so removing
 * one knows which inode (or the super block) points at it.
 *
 * At mount the chain left by a crash is walked: unlinked inodes are freed,
 * the others truncated to their size.
 */
#include "fs/ext4/internal.h"

int ext4_orphan_add(struct ext4_handle *h, struct inode *inode)
{
	struct ext4_sb_info *sbi = EXT4_SB(inode->i_sb);
	struct ext4_inode_info *ei = EXT4_I(inode);
	int err = 0;

	mutex_lock(&sbi->s_lock);
	if (!ei->i_on_orphan) {
		err = ext4_super_access(h, inode->i_sb);
		if (err)
			goto out;
		ei->i_dtime = le32(sbi->s_es->s_last_orphan);
		err = ext4_write_inode(h, inode);
		if (!err) {
			sbi->s_es->s_last_orphan = le32((uint32_t)inode->i_ino);
			ext4_super_dirty(h, inode->i_sb);
			list_add(&ei->i_orphan, &sbi->s_orphans);
			ei->i_on_orphan = true;
		}
	}
out:
	mutex_unlock(&sbi->s_lock);
	return err;
}

int ext4_orphan_del(struct ext4_handle *h, struct inode *inode)
{
	struct ext4_sb_info *sbi = EXT4_SB(inode->i_sb);
	struct ext4_inode_info *ei = EXT4_I(inode);
	int err = 0;

	mutex_lock(&sbi->s_lock);
	if (ei->i_on_orphan) {
		uint32_t next = ei->i_dtime;

		/* Off the list in memory even if the disk cannot follow (a
		 * failed journal): the inode may be about to go away. */
		if (ei->i_orphan.prev == &sbi->s_orphans) {
			err = ext4_super_access(h, inode->i_sb);
			if (!err) {
				sbi->s_es->s_last_orphan = le32(next);
				ext4_super_dirty(h, inode->i_sb);
			}
		} else {
			struct ext4_inode_info *prev =
			    container_of(ei->i_orphan.prev, struct ext4_inode_info, i_orphan);

			prev->i_dtime = next;
			err = ext4_write_inode(h, &prev->vfs);
		}
		list_del_init(&ei->i_orphan);
		ei->i_on_orphan = false;
		ei->i_dtime = 0;
	}
	mutex_unlock(&sbi->s_lock);
	return err;
}

/* Finish one orphan, the current head of the chain. */
static int cleanup_one(struct super_block *sb, uint32_t ino)
{
	struct ext4_sb_info *sbi = EXT4_SB(sb);
	struct inode *inode = ext4_iget_unlinked(sb, ino);
	struct ext4_inode_info *ei;
	int err = 0;

	if (IS_ERR(inode))
		return (int)PTR_ERR(inode);
	ei = EXT4_I(inode);
	if (ei->i_dtime == ino) {
		ei->i_bad = true;
		iput(inode);
		return -EUCLEAN;
	}
	mutex_lock(&sbi->s_lock);
	list_add(&ei->i_orphan, &sbi->s_orphans);
	ei->i_on_orphan = true;
	mutex_unlock(&sbi->s_lock);
	if (inode->i_nlink) {
		/* A truncation in flight: free what lies past the size. */
		mutex_lock(&inode->i_lock);
		err = ext4_truncate(inode, inode->i_size);
		mutex_unlock(&inode->i_lock);
	}
	iput(inode); /* an unlinked one is freed here */
	return err;
}

int ext4_orphan_cleanup(struct super_block *sb)
{
	struct ext4_sb_info *sbi = EXT4_SB(sb);
	uint32_t n = 0;

	while (le32(sbi->s_es->s_last_orphan)) {
		uint32_t ino = le32(sbi->s_es->s_last_orphan);
		int err;

		if (n++ >= sbi->s_inodes_count || ino < sbi->s_first_ino ||
		    ino > sbi->s_inodes_count) {
			ext4_error(sb, "orphan list is corrupt at inode %u", ino);
			return -EUCLEAN;
		}
		err = cleanup_one(sb, ino);
		if (err) {
			ext4_error(sb, "orphan inode %u could not be cleaned up (%d)", ino, err);
			return err;
		}
	}
	if (n)
		ext4_msg(sb, "cleaned up %u orphan inodes", n);
	return 0;
}
