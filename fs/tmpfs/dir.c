/*
 * fs/tmpfs/dir.c - tmpfs directories and symlinks: the entry lists and the
 * inode_operations that change them.
 *
 * The VFS has done every generic check before calling in here (see
 * fs/vfs/dirops.c); what is left is keeping entries, link counts and time
 * stamps right. Called under vfs_ns_lock.
 */
#include "fs/devfs/devfs.h"
#include "fs/tmpfs/internal.h"
#include "lib/string.h"
#include "mm/kmalloc.h"
#include "uapi/errno.h"

struct inode *tmpfs_new_inode(struct super_block *sb, struct inode *dir, uint32_t mode,
			      uint32_t rdev, const struct cred *cred)
{
	struct tmpfs_sb *sbi = TMPFS_SB(sb);
	struct inode *inode = new_inode(sb);

	if (!inode)
		return NULL;
	spin_lock(&sbi->lock);
	inode->i_ino = sbi->next_ino++;
	spin_unlock(&sbi->lock);
	inode->i_mode = mode;
	inode->i_uid = cred->fsuid;
	inode->i_gid = cred->fsgid;
	if (dir && (dir->i_mode & S_ISGID)) {
		inode->i_gid = dir->i_gid;
		if (S_ISDIR(mode))
			inode->i_mode |= S_ISGID;
	}
	switch (mode & S_IFMT) {
	case S_IFDIR:
		inode->i_op = &tmpfs_dir_iops;
		inode->i_fop = &tmpfs_dir_fops;
		inode->i_nlink = 2;
		inode->i_size = 2 * TMPFS_BOGO_DIRENT_SIZE;
		break;
	case S_IFREG:
		inode->i_op = &tmpfs_file_iops;
		inode->i_fop = &tmpfs_file_fops;
		break;
	case S_IFLNK:
		inode->i_op = &tmpfs_symlink_iops;
		break;
	default:
		/* Devices, fifos, sockets: opened through their drivers. */
		inode->i_op = &tmpfs_file_iops;
		special_inode_init(inode, mode, rdev);
		break;
	}
	return inode;
}

static struct tmpfs_dirent *find_entry(struct inode *dir, const char *name, size_t len)
{
	struct tmpfs_dirent *de;

	list_for_each_entry(de, &TMPFS_I(dir)->entries,
			    link) if (de->len == len && memcmp(de->name, name, len) == 0) return de;
	return NULL;
}

static struct tmpfs_dirent *new_entry(const char *name, size_t len, struct inode *inode)
{
	struct tmpfs_dirent *de = kmalloc(sizeof(*de) + len + 1, GFP_KERNEL);

	if (!de)
		return NULL;
	memcpy(de->name, name, len);
	de->name[len] = '\0';
	de->len = len;
	de->inode = inode;
	return de;
}

static void dir_touch(struct inode *dir)
{
	dir->i_mtime = dir->i_ctime = vfs_now();
}

static void add_entry(struct inode *dir, struct tmpfs_dirent *de)
{
	struct tmpfs_inode *td = TMPFS_I(dir);

	de->cookie = td->next_cookie++;
	list_add_tail(&de->link, &td->entries);
	dir->i_size += TMPFS_BOGO_DIRENT_SIZE;
	dir_touch(dir);
}

static void remove_entry(struct inode *dir, struct tmpfs_dirent *de)
{
	list_del(&de->link);
	dir->i_size -= TMPFS_BOGO_DIRENT_SIZE;
	dir_touch(dir);
	kfree(de);
}

void tmpfs_dir_free(struct tmpfs_inode *ti)
{
	struct tmpfs_dirent *de, *tmp;

	list_for_each_entry_safe(de, tmp, &ti->entries, link)
	{
		list_del(&de->link);
		kfree(de);
	}
}

static int tmpfs_lookup(struct inode *dir, struct dentry *dentry)
{
	struct tmpfs_dirent *de = find_entry(dir, dentry->d_name, dentry->d_name_len);

	if (de) {
		ihold(de->inode);
		d_add(dentry, de->inode);
	}
	return 0;
}

/* Make a new inode and link it into @dir as @dentry. */
static int make_node(struct inode *dir, struct dentry *dentry, uint32_t mode, uint32_t rdev,
		     const struct cred *cred, struct inode **out)
{
	struct inode *inode = tmpfs_new_inode(dir->i_sb, dir, mode, rdev, cred);
	struct tmpfs_dirent *de;

	if (!inode)
		return -ENOMEM;
	de = new_entry(dentry->d_name, dentry->d_name_len, inode);
	if (!de) {
		inode->i_nlink = 0;
		iput(inode);
		return -ENOMEM;
	}
	add_entry(dir, de);
	d_instantiate(dentry, inode);
	if (out)
		*out = inode;
	return 0;
}

static int tmpfs_create(struct inode *dir, struct dentry *dentry, uint32_t mode,
			const struct cred *cred)
{
	return make_node(dir, dentry, mode, 0, cred, NULL);
}

static int tmpfs_mknod(struct inode *dir, struct dentry *dentry, uint32_t mode, uint32_t rdev,
		       const struct cred *cred)
{
	return make_node(dir, dentry, mode, rdev, cred, NULL);
}

static int tmpfs_mkdir(struct inode *dir, struct dentry *dentry, uint32_t mode,
		       const struct cred *cred)
{
	int err = make_node(dir, dentry, mode, 0, cred, NULL);

	if (!err)
		inc_nlink(dir);
	return err;
}

static int tmpfs_symlink(struct inode *dir, struct dentry *dentry, const char *target,
			 const struct cred *cred)
{
	size_t len = strlen(target);
	char *copy = kmalloc(len + 1, GFP_KERNEL);
	struct inode *inode;
	int err;

	if (!copy)
		return -ENOMEM;
	memcpy(copy, target, len + 1);
	err = make_node(dir, dentry, S_IFLNK | 0777, 0, cred, &inode);
	if (err) {
		kfree(copy);
		return err;
	}
	TMPFS_I(inode)->target = copy;
	inode->i_size = (int64_t)len;
	return 0;
}

static int tmpfs_link(struct dentry *old, struct inode *dir, struct dentry *dentry)
{
	struct inode *inode = old->d_inode;
	struct tmpfs_dirent *de = new_entry(dentry->d_name, dentry->d_name_len, inode);

	if (!de)
		return -ENOMEM;
	add_entry(dir, de);
	inc_nlink(inode);
	inode->i_ctime = vfs_now();
	ihold(inode);
	d_instantiate(dentry, inode);
	return 0;
}

static int tmpfs_unlink(struct inode *dir, struct dentry *dentry)
{
	struct tmpfs_dirent *de = find_entry(dir, dentry->d_name, dentry->d_name_len);

	if (!de)
		return -ENOENT;
	remove_entry(dir, de);
	drop_nlink(dentry->d_inode);
	dentry->d_inode->i_ctime = vfs_now();
	return 0;
}

static int tmpfs_rmdir(struct inode *dir, struct dentry *dentry)
{
	struct inode *inode = dentry->d_inode;
	int err;

	if (!list_empty(&TMPFS_I(inode)->entries))
		return -ENOTEMPTY;
	err = tmpfs_unlink(dir, dentry);
	if (err)
		return err;
	drop_nlink(inode);
	drop_nlink(dir);
	return 0;
}

/* Swap two entries' inodes (RENAME_EXCHANGE), fixing the parents' counts. */
static void exchange_entries(struct inode *odir, struct tmpfs_dirent *oe, struct inode *ndir,
			     struct tmpfs_dirent *ne)
{
	struct inode *a = oe->inode, *b = ne->inode;

	oe->inode = b;
	ne->inode = a;
	if (odir != ndir && S_ISDIR(a->i_mode) != S_ISDIR(b->i_mode)) {
		if (S_ISDIR(a->i_mode)) {
			drop_nlink(odir);
			inc_nlink(ndir);
		} else {
			drop_nlink(ndir);
			inc_nlink(odir);
		}
	}
	a->i_ctime = b->i_ctime = vfs_now();
	dir_touch(odir);
	dir_touch(ndir);
}

static int tmpfs_rename(struct inode *odir, struct dentry *odentry, struct inode *ndir,
			struct dentry *ndentry, unsigned int flags)
{
	struct tmpfs_dirent *oe = find_entry(odir, odentry->d_name, odentry->d_name_len);
	struct tmpfs_dirent *ne = find_entry(ndir, ndentry->d_name, ndentry->d_name_len);
	struct inode *inode, *victim;

	if (!oe)
		return -ENOENT;
	if (flags & RENAME_EXCHANGE) {
		if (!ne)
			return -ENOENT;
		exchange_entries(odir, oe, ndir, ne);
		return 0;
	}
	inode = oe->inode;
	victim = ne ? ne->inode : NULL;
	if (victim && S_ISDIR(victim->i_mode) && !list_empty(&TMPFS_I(victim)->entries))
		return -ENOTEMPTY;
	if (!ne) {
		ne = new_entry(ndentry->d_name, ndentry->d_name_len, inode);
		if (!ne)
			return -ENOMEM;
		add_entry(ndir, ne);
	}
	ne->inode = inode;
	remove_entry(odir, oe);
	if (victim) {
		drop_nlink(victim);
		if (S_ISDIR(victim->i_mode)) {
			drop_nlink(victim);
			drop_nlink(ndir);
		}
		victim->i_ctime = vfs_now();
	}
	if (S_ISDIR(inode->i_mode) && odir != ndir) {
		drop_nlink(odir);
		inc_nlink(ndir);
	}
	inode->i_ctime = vfs_now();
	dir_touch(ndir);
	return 0;
}

static int tmpfs_iterate(struct file *file, struct dir_context *ctx)
{
	struct inode *dir = file->f_inode;
	struct tmpfs_dirent *de;

	if (!vfs_dir_emit_dots(file, ctx))
		return 0;
	list_for_each_entry(de, &TMPFS_I(dir)->entries, link)
	{
		if ((int64_t)de->cookie < ctx->pos)
			continue;
		if (!ctx->actor(ctx, de->name, de->len, (int64_t)de->cookie + 1, de->inode->i_ino,
				(de->inode->i_mode & S_IFMT) >> 12))
			return 0;
	}
	return 0;
}

static int tmpfs_readlink(struct dentry *dentry, char *buf, size_t size)
{
	const char *target = TMPFS_I(dentry->d_inode)->target;
	size_t len = strlen(target);

	if (len > size)
		return -ENAMETOOLONG;
	memcpy(buf, target, len);
	return (int)len;
}

const struct inode_operations tmpfs_dir_iops = {
	.lookup = tmpfs_lookup,
	.create = tmpfs_create,
	.mkdir = tmpfs_mkdir,
	.mknod = tmpfs_mknod,
	.symlink = tmpfs_symlink,
	.link = tmpfs_link,
	.unlink = tmpfs_unlink,
	.rmdir = tmpfs_rmdir,
	.rename = tmpfs_rename,
	TMPFS_XATTR_IOPS,
};

const struct inode_operations tmpfs_symlink_iops = {
	.readlink = tmpfs_readlink,
	TMPFS_XATTR_IOPS,
};

const struct file_operations tmpfs_dir_fops = {
	.iterate = tmpfs_iterate,
};
