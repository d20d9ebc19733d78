/*
 * fs/vfs/attr.c - reading and changing file attributes: the stat family,
 * chmod, chown, utimensat, truncate, and statfs.
 *
 * The checks follow chmod(2), chown(2), utimensat(2) and truncate(2):
 * only the owner (or root) changes modes and explicit times, only root
 * gives a file away, the owner may change the group to one of its own, and
 * setting both times to "now" is also allowed to anyone who may write.
 * Names are resolved and attributes changed under vfs_ns_lock. A size
 * change (ATTR_SIZE) also sets mtime and ctime: the file system does that.
 */
#include "fs/vfs/internal.h"
#include "lib/string.h"

int vfs_getattr(const struct path *path, struct kstat *st)
{
	struct inode *inode = path->dentry->d_inode;

	if (inode->i_op->getattr)
		return inode->i_op->getattr(path->dentry, st);
	vfs_fill_kstat(inode, st);
	return 0;
}

void vfs_kstat_to_stat(const struct kstat *ks, struct linux_stat *st)
{
	memset(st, 0, sizeof(*st));
	st->st_dev = ks->dev;
	st->st_ino = ks->ino;
	st->st_mode = ks->mode;
	st->st_nlink = ks->nlink;
	st->st_uid = ks->uid;
	st->st_gid = ks->gid;
	st->st_rdev = ks->rdev;
	st->st_size = ks->size;
	st->st_blksize = (int32_t)ks->blksize;
	st->st_blocks = (int64_t)ks->blocks;
	st->st_atime = ks->atime.tv_sec;
	st->st_atime_nsec = (uint64_t)ks->atime.tv_nsec;
	st->st_mtime = ks->mtime.tv_sec;
	st->st_mtime_nsec = (uint64_t)ks->mtime.tv_nsec;
	st->st_ctime = ks->ctime.tv_sec;
	st->st_ctime_nsec = (uint64_t)ks->ctime.tv_nsec;
}

static struct linux_statx_timestamp statx_time(struct vfs_timespec t)
{
	struct linux_statx_timestamp ts = {.tv_sec = t.tv_sec, .tv_nsec = (uint32_t)t.tv_nsec};

	return ts;
}

void vfs_kstat_to_statx(const struct kstat *ks, struct linux_statx *stx)
{
	memset(stx, 0, sizeof(*stx));
	stx->stx_mask = STATX_BASIC_STATS;
	stx->stx_blksize = ks->blksize;
	stx->stx_nlink = ks->nlink;
	stx->stx_uid = ks->uid;
	stx->stx_gid = ks->gid;
	stx->stx_mode = (uint16_t)ks->mode;
	stx->stx_ino = ks->ino;
	stx->stx_size = (uint64_t)ks->size;
	stx->stx_blocks = ks->blocks;
	stx->stx_atime = statx_time(ks->atime);
	stx->stx_mtime = statx_time(ks->mtime);
	stx->stx_ctime = statx_time(ks->ctime);
	stx->stx_rdev_major = vfs_major(ks->rdev);
	stx->stx_rdev_minor = vfs_minor(ks->rdev);
	stx->stx_dev_major = vfs_major(ks->dev);
	stx->stx_dev_minor = vfs_minor(ks->dev);
}

static int stat_name(const struct vfs_ctx *ctx, const struct path *start, const char *name,
		     int flags, struct kstat *ks)
{
	struct path path;
	int err;

	if (flags & ~(AT_SYMLINK_NOFOLLOW | AT_EMPTY_PATH | AT_NO_AUTOMOUNT | AT_STATX_SYNC_TYPE))
		return -EINVAL;
	mutex_lock(&vfs_ns_lock);
	err = vfs_lookup_locked(ctx, start, name, flags, &path);
	if (!err) {
		err = vfs_getattr(&path, ks);
		path_put(&path);
	}
	mutex_unlock(&vfs_ns_lock);
	return err;
}

int vfs_fstatat(const struct vfs_ctx *ctx, const struct path *start, const char *name, int flags,
		struct linux_stat *st)
{
	struct kstat ks;
	int err = stat_name(ctx, start, name, flags, &ks);

	if (!err)
		vfs_kstat_to_stat(&ks, st);
	return err;
}

int vfs_statx(const struct vfs_ctx *ctx, const struct path *start, const char *name, int flags,
	      unsigned int mask, struct linux_statx *stx)
{
	struct kstat ks;
	int err;

	if (mask & STATX__RESERVED)
		return -EINVAL;
	err = stat_name(ctx, start, name, flags, &ks);
	if (!err)
		vfs_kstat_to_statx(&ks, stx);
	return err;
}

/* Apply @attr to @dentry's inode without permission checks. */
static int notify_change(struct dentry *dentry, struct iattr *attr)
{
	struct inode *inode = dentry->d_inode;

	if (!(attr->valid & ATTR_CTIME)) {
		attr->valid |= ATTR_CTIME;
		attr->ctime = vfs_now();
	}
	if (inode->i_op->setattr)
		return inode->i_op->setattr(dentry, attr);
	if (attr->valid & ATTR_SIZE)
		return -EPERM;
	vfs_setattr_copy(inode, attr);
	return 0;
}

static int check_size(struct inode *inode, int64_t size)
{
	if (inode_is_dir(inode))
		return -EISDIR;
	if (!inode_is_reg(inode))
		return -EINVAL;
	if (size < 0)
		return -EINVAL;
	if (size > inode->i_sb->s_maxbytes)
		return -EFBIG;
	return 0;
}

/* Permission checks for chmod/chown/truncate parts of @attr. */
static int setattr_allowed(const struct cred *cred, struct inode *inode, struct iattr *attr)
{
	bool root = cred_is_root(cred);
	int err;

	if ((attr->valid & (ATTR_MODE | ATTR_ATIME | ATTR_MTIME)) && !owner_or_root(cred, inode))
		return -EPERM;
	if ((attr->valid & ATTR_UID) && !root && attr->uid != inode->i_uid)
		return -EPERM;
	if ((attr->valid & ATTR_GID) && !root &&
	    (cred->fsuid != inode->i_uid ||
	     (attr->gid != inode->i_gid && !cred_in_group(cred, attr->gid))))
		return -EPERM;
	if (attr->valid & ATTR_SIZE) {
		err = check_size(inode, attr->size);
		if (!err)
			err = inode_permission(cred, inode, MAY_WRITE);
		if (err)
			return err;
	}
	/* A non-member may not set the set-group-id bit; ownership changes
	 * drop set-id bits of regular files. */
	if ((attr->valid & ATTR_MODE) && !root && !cred_in_group(cred, inode->i_gid))
		attr->mode &= ~S_ISGID;
	if ((attr->valid & (ATTR_UID | ATTR_GID)) && inode_is_reg(inode) &&
	    !(attr->valid & ATTR_MODE)) {
		attr->valid |= ATTR_MODE;
		attr->mode = inode->i_mode & ~S_ISUID;
		if (inode->i_mode & S_IXGRP)
			attr->mode &= ~S_ISGID;
	}
	return 0;
}

int vfs_setattr(const struct vfs_ctx *ctx, const struct path *path, struct iattr *attr)
{
	int err;

	mutex_lock(&vfs_ns_lock);
	err = setattr_allowed(ctx->cred, path->dentry->d_inode, attr);
	if (!err)
		err = notify_change(path->dentry, attr);
	mutex_unlock(&vfs_ns_lock);
	return err;
}

static int setattr_name(const struct vfs_ctx *ctx, const struct path *start, const char *name,
			int flags, struct iattr *attr)
{
	struct path path;
	int err;

	if (flags & ~(AT_SYMLINK_NOFOLLOW | AT_EMPTY_PATH))
		return -EINVAL;
	mutex_lock(&vfs_ns_lock);
	err = vfs_lookup_locked(ctx, start, name, flags, &path);
	if (err)
		goto out;
	err = setattr_allowed(ctx->cred, path.dentry->d_inode, attr);
	if (!err)
		err = notify_change(path.dentry, attr);
	path_put(&path);
out:
	mutex_unlock(&vfs_ns_lock);
	return err;
}

int vfs_fchmodat(const struct vfs_ctx *ctx, const struct path *start, const char *name,
		 uint32_t mode, int flags)
{
	struct iattr attr = {.valid = ATTR_MODE, .mode = mode & 07777};

	return setattr_name(ctx, start, name, flags, &attr);
}

int vfs_fchownat(const struct vfs_ctx *ctx, const struct path *start, const char *name,
		 uint32_t uid, uint32_t gid, int flags)
{
	struct iattr attr = {.uid = uid, .gid = gid};

	if (uid != (uint32_t)-1)
		attr.valid |= ATTR_UID;
	if (gid != (uint32_t)-1)
		attr.valid |= ATTR_GID;
	return setattr_name(ctx, start, name, flags, &attr);
}

int vfs_utimensat(const struct vfs_ctx *ctx, const struct path *start, const char *name,
		  const struct vfs_timespec times[2], int flags)
{
	struct vfs_timespec now = vfs_now();
	struct iattr attr = {.valid = ATTR_ATIME | ATTR_MTIME, .atime = now, .mtime = now};
	bool all_now = true;
	struct path path;
	int err;

	if (flags & ~(AT_SYMLINK_NOFOLLOW | AT_EMPTY_PATH))
		return -EINVAL;
	if (times) {
		for (int i = 0; i < 2; i++) {
			int64_t ns = times[i].tv_nsec;

			if (ns == UTIME_NOW || ns == UTIME_OMIT)
				continue;
			if (ns < 0 || ns > 999999999)
				return -EINVAL;
			all_now = false;
		}
		if (times[0].tv_nsec == UTIME_OMIT)
			attr.valid &= ~ATTR_ATIME;
		else if (times[0].tv_nsec != UTIME_NOW)
			attr.atime = times[0];
		if (times[1].tv_nsec == UTIME_OMIT)
			attr.valid &= ~ATTR_MTIME;
		else if (times[1].tv_nsec != UTIME_NOW)
			attr.mtime = times[1];
		if (!(attr.valid & (ATTR_ATIME | ATTR_MTIME)))
			return 0;
	}
	mutex_lock(&vfs_ns_lock);
	err = vfs_lookup_locked(ctx, start, name, flags, &path);
	if (err)
		goto out;
	if (!owner_or_root(ctx->cred, path.dentry->d_inode))
		err =
		    all_now ? inode_permission(ctx->cred, path.dentry->d_inode, MAY_WRITE) : -EPERM;
	if (!err)
		err = notify_change(path.dentry, &attr);
	path_put(&path);
out:
	mutex_unlock(&vfs_ns_lock);
	return err;
}

int vfs_truncate(const struct vfs_ctx *ctx, const struct path *path, int64_t length)
{
	struct iattr attr = {.valid = ATTR_SIZE, .size = length};

	return vfs_setattr(ctx, path, &attr);
}

int vfs_ftruncate(struct file *file, int64_t length)
{
	struct iattr attr = {.valid = ATTR_SIZE, .size = length};
	int err;

	if (!(file->f_mode & FMODE_WRITE))
		return -EINVAL;
	mutex_lock(&vfs_ns_lock);
	err = check_size(file->f_inode, length);
	if (!err)
		err = notify_change(file->f_path.dentry, &attr);
	mutex_unlock(&vfs_ns_lock);
	return err;
}

int vfs_statfs(const struct path *path, struct linux_statfs *st)
{
	struct super_block *sb = path->dentry->d_sb;

	memset(st, 0, sizeof(*st));
	if (!sb->s_op->statfs)
		return -ENOSYS;
	return sb->s_op->statfs(sb, st);
}
