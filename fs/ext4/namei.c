/*
 * fs/ext4/namei.c - the inode_operations of directories: lookup, create,
 * mkdir, mknod, symlink, link, unlink, rmdir and rename.
 *
 * The VFS has made every generic check (types, permissions, existence,
 * RENAME_NOREPLACE, loops) and holds vfs_ns_lock. What is left is the
 * on-disk part: entries, link counts (with dir_nlink: a directory with
 * 65000 or more subdirectories stores a link count of 1), ".." of moved
 * directories, time stamps, and the orphan list for inodes whose last
 * name goes while they may still be open.
 */
#include "fs/ext4/internal.h"
#include "lib/string.h"

static bool valid_inum(struct super_block *sb, uint32_t ino)
{
	struct ext4_sb_info *sbi = EXT4_SB(sb);

	return ino == EXT4_ROOT_INO || (ino >= sbi->s_first_ino && ino <= sbi->s_inodes_count);
}

static int ext4_lookup(struct inode *dir, struct dentry *dentry)
{
	struct ext4_dir_slot slot;
	struct inode *inode;
	uint32_t ino;
	int err;

	if (dentry->d_name_len > EXT4_NAME_LEN)
		return -ENAMETOOLONG;
	err = ext4_find_entry(dir, dentry->d_name, (uint32_t)dentry->d_name_len, &slot);
	if (err == -ENOENT) {
		d_add(dentry, NULL);
		return 0;
	}
	if (err)
		return err;
	ino = le32(slot.de->inode);
	brelse(slot.bh);
	if (!valid_inum(dir->i_sb, ino)) {
		ext4_error(dir->i_sb, "directory %llu: entry with bad inode %u",
			   (unsigned long long)dir->i_ino, ino);
		return -EUCLEAN;
	}
	inode = ext4_iget(dir->i_sb, ino);
	if (IS_ERR(inode))
		return (int)PTR_ERR(inode);
	d_add(dentry, inode);
	return 0;
}

/* Link counts of directories: past the limit they stay at 1 ("many"). */
static void dir_inc_count(struct inode *dir)
{
	if (dir->i_nlink == 1)
		return;
	inc_nlink(dir);
}

static void dir_dec_count(struct inode *dir)
{
	if (dir->i_nlink > 2)
		drop_nlink(dir);
}

static void touch(struct inode *inode)
{
	inode->i_mtime = inode->i_ctime = vfs_now();
}

static int start(struct inode *dir, struct ext4_handle **h)
{
	*h = ext4_journal_start(dir->i_sb, EXT4_INODE_CREATE_CREDITS);
	return IS_ERR(*h) ? (int)PTR_ERR(*h) : 0;
}

/* Create an inode of @mode and give it the name @dentry in @dir. */
static int make_node(struct inode *dir, struct dentry *dentry, uint32_t mode, uint32_t rdev,
		     const char *target, const struct cred *cred)
{
	uint32_t len = (uint32_t)dentry->d_name_len;
	struct ext4_handle *h;
	struct inode *inode;
	int err;

	if (len > EXT4_NAME_LEN)
		return -ENAMETOOLONG;
	if (S_ISDIR(mode) && dir->i_nlink >= EXT4_LINK_MAX && !EXT4_SB(dir->i_sb)->s_dir_index)
		return -EMLINK;
	err = start(dir, &h);
	if (err)
		return err;
	inode = ext4_new_inode(h, dir, mode, rdev, cred);
	if (IS_ERR(inode)) {
		err = (int)PTR_ERR(inode);
		goto out;
	}
	if (S_ISDIR(mode)) {
		inode->i_nlink = 2;
		err = ext4_make_empty_dir(h, inode, dir);
	} else if (S_ISLNK(mode)) {
		err = ext4_symlink_init(h, inode, target, (uint32_t)strlen(target));
	}
	if (!err)
		err = ext4_write_inode(h, inode);
	if (!err)
		err = ext4_add_entry(h, dir, dentry->d_name, len, inode);
	if (err) {
		inode->i_nlink = 0;
		iput(inode);
		goto out;
	}
	if (S_ISDIR(mode))
		dir_inc_count(dir);
	touch(dir);
	ext4_write_inode(h, dir);
	d_instantiate(dentry, inode);
out:
	ext4_journal_stop(h);
	return err;
}

static int ext4_create(struct inode *dir, struct dentry *dentry, uint32_t mode,
		       const struct cred *cred)
{
	return make_node(dir, dentry, S_IFREG | (mode & 07777), 0, NULL, cred);
}

static int ext4_mkdir(struct inode *dir, struct dentry *dentry, uint32_t mode,
		      const struct cred *cred)
{
	return make_node(dir, dentry, S_IFDIR | (mode & 07777), 0, NULL, cred);
}

static int ext4_mknod(struct inode *dir, struct dentry *dentry, uint32_t mode, uint32_t rdev,
		      const struct cred *cred)
{
	return make_node(dir, dentry, mode, rdev, NULL, cred);
}

static int ext4_symlink(struct inode *dir, struct dentry *dentry, const char *target,
			const struct cred *cred)
{
	if (strlen(target) >= EXT4_SB(dir->i_sb)->s_block_size)
		return -ENAMETOOLONG;
	return make_node(dir, dentry, S_IFLNK | 0777, 0, target, cred);
}

static int ext4_link(struct dentry *old, struct inode *dir, struct dentry *dentry)
{
	struct inode *inode = old->d_inode;
	struct ext4_handle *h;
	int err;

	if (inode->i_nlink >= EXT4_LINK_MAX)
		return -EMLINK;
	if (dentry->d_name_len > EXT4_NAME_LEN)
		return -ENAMETOOLONG;
	err = start(dir, &h);
	if (err)
		return err;
	err = ext4_add_entry(h, dir, dentry->d_name, (uint32_t)dentry->d_name_len, inode);
	if (!err) {
		inc_nlink(inode);
		inode->i_ctime = vfs_now();
		ext4_write_inode(h, inode);
		touch(dir);
		ext4_write_inode(h, dir);
		ihold(inode);
		d_instantiate(dentry, inode);
	}
	ext4_journal_stop(h);
	return err;
}

/* Find @dentry's entry in @dir and check it still names its inode. */
static int find_named(struct inode *dir, struct dentry *dentry, struct ext4_dir_slot *slot)
{
	int err = ext4_find_entry(dir, dentry->d_name, (uint32_t)dentry->d_name_len, slot);

	if (err)
		return err;
	if (dentry->d_inode && le32(slot->de->inode) != dentry->d_inode->i_ino) {
		brelse(slot->bh);
		ext4_error(dir->i_sb, "directory %llu: entry changed under its dentry",
			   (unsigned long long)dir->i_ino);
		return -EUCLEAN;
	}
	return 0;
}

/* @inode lost a name: drop the count, and queue it as an orphan at zero. */
static void lose_link(struct ext4_handle *h, struct inode *inode, bool is_dir)
{
	if (is_dir)
		inode->i_nlink = 0;
	else
		drop_nlink(inode);
	inode->i_ctime = vfs_now();
	if (inode->i_nlink == 0)
		ext4_orphan_add(h, inode);
	ext4_write_inode(h, inode);
}

static int remove_name(struct inode *dir, struct dentry *dentry, bool is_dir)
{
	struct inode *inode = dentry->d_inode;
	struct ext4_dir_slot slot;
	struct ext4_handle *h;
	int err;

	err = start(dir, &h);
	if (err)
		return err;
	err = find_named(dir, dentry, &slot);
	if (err)
		goto out;
	err = ext4_delete_entry(h, dir, &slot);
	brelse(slot.bh);
	if (err)
		goto out;
	lose_link(h, inode, is_dir);
	if (is_dir)
		dir_dec_count(dir);
	touch(dir);
	ext4_write_inode(h, dir);
out:
	ext4_journal_stop(h);
	return err;
}

static int ext4_unlink(struct inode *dir, struct dentry *dentry)
{
	return remove_name(dir, dentry, false);
}

static int ext4_rmdir(struct inode *dir, struct dentry *dentry)
{
	int err;

	if (!ext4_dir_is_empty(dentry->d_inode, &err))
		return err ? err : -ENOTEMPTY;
	return remove_name(dir, dentry, true);
}

/* Point the ".." entry of directory @child at @parent. */
static int set_dotdot(struct ext4_handle *h, struct inode *child, struct inode *parent)
{
	struct ext4_sb_info *sbi = EXT4_SB(child->i_sb);
	struct ext4_dir_slot slot = {.lblk = 0};
	struct ext4_dir_entry *dot;
	int err = 0;

	slot.bh = ext4_dir_bread(child, 0);
	if (IS_ERR(slot.bh))
		return (int)PTR_ERR(slot.bh);
	dot = slot.bh->b_data;
	slot.offset = ext4_rec_len(sbi, dot);
	slot.de = (struct ext4_dir_entry *)((uint8_t *)slot.bh->b_data + slot.offset);
	if (slot.offset != ext4_dirent_size(1) || slot.de->name_len != 2 ||
	    memcmp(slot.de->name, "..", 2) != 0) {
		ext4_error(child->i_sb, "directory %llu: no \"..\" entry",
			   (unsigned long long)child->i_ino);
		err = -EUCLEAN;
	} else if (ext4_dx_is_node(child, slot.bh, 0)) {
		/* An htree root: only the entry changes; the dx_tail covers the array. */
		ext4_journal_get_write_access(h, slot.bh);
		lock_buffer(slot.bh);
		slot.de->inode = le32((uint32_t)parent->i_ino);
		unlock_buffer(slot.bh);
		err = ext4_handle_dirty_metadata(h, child, slot.bh);
	} else {
		err = ext4_set_entry(h, child, &slot, parent);
	}
	brelse(slot.bh);
	return err;
}

static int rename_exchange(struct ext4_handle *h, struct inode *odir, struct dentry *od,
			   struct inode *ndir, struct dentry *nd)
{
	struct inode *a = od->d_inode, *b = nd->d_inode;
	struct ext4_dir_slot os, ns;
	int err;

	err = find_named(odir, od, &os);
	if (err)
		return err;
	err = find_named(ndir, nd, &ns);
	if (err) {
		brelse(os.bh);
		return err;
	}
	err = ext4_set_entry(h, odir, &os, b);
	if (!err)
		err = ext4_set_entry(h, ndir, &ns, a);
	brelse(os.bh);
	brelse(ns.bh);
	if (err || odir == ndir)
		goto times;
	if (inode_is_dir(a))
		err = set_dotdot(h, a, ndir);
	if (!err && inode_is_dir(b))
		err = set_dotdot(h, b, odir);
	if (inode_is_dir(a) != inode_is_dir(b)) {
		struct inode *gains = inode_is_dir(a) ? ndir : odir;
		struct inode *loses = inode_is_dir(a) ? odir : ndir;

		dir_inc_count(gains);
		dir_dec_count(loses);
	}
times:
	a->i_ctime = b->i_ctime = vfs_now();
	touch(odir);
	touch(ndir);
	ext4_write_inode(h, a);
	ext4_write_inode(h, b);
	ext4_write_inode(h, odir);
	if (ndir != odir)
		ext4_write_inode(h, ndir);
	return err;
}

static int rename_move(struct ext4_handle *h, struct inode *odir, struct dentry *od,
		       struct inode *ndir, struct dentry *nd)
{
	struct inode *inode = od->d_inode, *victim = nd->d_inode;
	bool is_dir = inode_is_dir(inode);
	struct ext4_dir_slot slot;
	int err;

	if (victim && inode_is_dir(victim) && !ext4_dir_is_empty(victim, &err))
		return err ? err : -ENOTEMPTY;
	/* The new name first: adding may split blocks and move the old entry. */
	if (victim) {
		err = find_named(ndir, nd, &slot);
		if (!err) {
			err = ext4_set_entry(h, ndir, &slot, inode);
			brelse(slot.bh);
		}
	} else {
		err = ext4_add_entry(h, ndir, nd->d_name, (uint32_t)nd->d_name_len, inode);
	}
	if (err)
		return err;
	err = find_named(odir, od, &slot);
	if (err)
		return err;
	err = ext4_delete_entry(h, odir, &slot);
	brelse(slot.bh);
	if (err)
		return err;
	if (is_dir && odir != ndir) {
		err = set_dotdot(h, inode, ndir);
		dir_dec_count(odir);
		if (!victim || !inode_is_dir(victim))
			dir_inc_count(ndir);
	}
	if (victim) {
		lose_link(h, victim, inode_is_dir(victim));
		if (inode_is_dir(victim) && (!is_dir || odir == ndir))
			dir_dec_count(ndir);
	}
	inode->i_ctime = vfs_now();
	touch(odir);
	touch(ndir);
	ext4_write_inode(h, inode);
	ext4_write_inode(h, odir);
	if (ndir != odir)
		ext4_write_inode(h, ndir);
	return err;
}

static int ext4_rename(struct inode *odir, struct dentry *od, struct inode *ndir, struct dentry *nd,
		       unsigned int flags)
{
	struct ext4_handle *h;
	int err;

	if (nd->d_name_len > EXT4_NAME_LEN)
		return -ENAMETOOLONG;
	err = start(odir, &h);
	if (err)
		return err;
	if (flags & RENAME_EXCHANGE)
		err = rename_exchange(h, odir, od, ndir, nd);
	else
		err = rename_move(h, odir, od, ndir, nd);
	ext4_journal_stop(h);
	return err;
}

const struct inode_operations ext4_dir_iops = {
    .lookup = ext4_lookup,
    .create = ext4_create,
    .mkdir = ext4_mkdir,
    .mknod = ext4_mknod,
    .symlink = ext4_symlink,
    .link = ext4_link,
    .unlink = ext4_unlink,
    .rmdir = ext4_rmdir,
    .rename = ext4_rename,
    .setattr = ext4_setattr,
    .getattr = ext4_getattr,
    EXT4_XATTR_IOPS,
};
