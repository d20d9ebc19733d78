/*
 * fs/vfs/file.c - open files: opening, reading, writing, seeking, reading
 * directories, and closing.
 *
 * A struct file holds a path reference, so the name space it was opened in
 * and its inode stay alive while it is open (an unlinked file stays
 * readable until the last close). Its count is atomic; the fd layer will
 * hold one reference per descriptor.
 *
 * Locking: open resolves names under vfs_ns_lock; read and write call the
 * file system without it (the fs takes inode->i_lock); f_pos_lock keeps
 * read/write/lseek on one file from interleaving their position updates.
 */
#include "fs/vfs/internal.h"
#include "lib/string.h"
#include "mm/kmalloc.h"

/* Largest single transfer, as Linux: INT_MAX rounded down to a page. */
#define VFS_RW_MAX 0x7ffff000ul

size_t vfs_iter_copy_to(struct vfs_iter *it, const void *src, size_t n)
{
	n = MIN(n, it->left);
	memcpy(it->base, src, n);
	it->base += n;
	it->left -= n;
	it->done += n;
	return n;
}

size_t vfs_iter_copy_from(struct vfs_iter *it, void *dst, size_t n)
{
	n = MIN(n, it->left);
	memcpy(dst, it->base, n);
	it->base += n;
	it->left -= n;
	it->done += n;
	return n;
}

size_t vfs_iter_zero(struct vfs_iter *it, size_t n)
{
	n = MIN(n, it->left);
	memset(it->base, 0, n);
	it->base += n;
	it->left -= n;
	it->done += n;
	return n;
}

struct file *file_get(struct file *file)
{
	refcount_get(&file->f_count);
	return file;
}

void file_put(struct file *file)
{
	if (!refcount_put(&file->f_count))
		return;
	if (file->f_op && file->f_op->release)
		file->f_op->release(file->f_inode, file);
	path_put(&file->f_path);
	kfree(file);
}

int vfs_close(struct file *file)
{
	file_put(file);
	return 0;
}

static const struct file_operations path_only_fops;

/* A file for @path (whose reference it takes over on success). */
static int file_new(const struct path *path, int flags, struct file **out)
{
	struct inode *inode = path->dentry->d_inode;
	struct file *file;
	int err;

	file = kzalloc(sizeof(*file), GFP_KERNEL);
	if (!file)
		return -ENOMEM;
	file->f_path = *path;
	file->f_inode = inode;
	file->f_flags = (unsigned int)flags;
	mutex_init(&file->f_pos_lock, "f_pos");
	refcount_set(&file->f_count, 1);
	if (flags & O_PATH) {
		file->f_mode = FMODE_PATH;
		file->f_op = &path_only_fops;
		*out = file;
		return 0;
	}
	if ((flags & O_ACCMODE) != O_WRONLY)
		file->f_mode |= FMODE_READ;
	if ((flags & O_ACCMODE) != O_RDONLY)
		file->f_mode |= FMODE_WRITE;
	file->f_op = inode->i_fop;
	if (file->f_op->open) {
		err = file->f_op->open(inode, file);
		if (err) {
			kfree(file);
			return err;
		}
	}
	*out = file;
	return 0;
}

/* The permission an open asks for, as MAY_* bits. */
static int open_mask(int flags)
{
	int mask = 0;

	if ((flags & O_ACCMODE) != O_WRONLY)
		mask |= MAY_READ;
	if ((flags & O_ACCMODE) != O_RDONLY || (flags & O_TRUNC))
		mask |= MAY_WRITE;
	return mask;
}

/* Check that @path may be opened with @flags; truncate if asked. */
static int may_open(const struct vfs_ctx *ctx, const struct path *path, int flags, bool created)
{
	struct inode *inode = path->dentry->d_inode;
	int mask = open_mask(flags);
	int err;

	if ((flags & O_DIRECTORY) && !inode_is_dir(inode))
		return -ENOTDIR;
	if (flags & O_PATH)
		return 0;
	if (inode_is_symlink(inode))
		return -ELOOP;
	if (inode_is_dir(inode) && (mask & MAY_WRITE))
		return -EISDIR;
	if (!created) {
		err = inode_permission(ctx->cred, inode, mask);
		if (err)
			return err;
	}
	if (!inode->i_fop)
		return -ENXIO; /* a device or fifo nobody drives yet */
	if ((flags & O_TRUNC) && inode_is_reg(inode) && !created) {
		struct iattr attr = {.valid = ATTR_SIZE, .size = 0};

		if (inode->i_op->setattr)
			return inode->i_op->setattr(path->dentry, &attr);
	}
	return 0;
}

/* O_CREAT: find or make the last component of nd; result in @out. */
static int open_create(struct nameidata *nd, int flags, uint32_t mode, bool *created,
		       struct path *out)
{
	struct inode *dir = nd->path.dentry->d_inode;
	struct path child;
	int err;

	if (nd->last_type != LAST_NORM || nd->trailing_slash)
		return -EISDIR;
	err = lookup_child(nd, &nd->path, nd->last, nd->last_len, &child);
	if (err)
		return err;
	if (child.dentry->d_inode) {
		if (flags & O_EXCL) {
			err = -EEXIST;
		} else if (inode_is_symlink(child.dentry->d_inode)) {
			err = -ELOOP;
			if (!(flags & O_NOFOLLOW)) {
				err = walk_last(nd, true, false);
				if (!err) {
					*out = nd->path;
					path_get(out);
				}
			}
		} else {
			*out = child;
			path_get(out);
			path_follow_mounts(out);
		}
		path_put(&child);
		return err;
	}
	err = inode_permission(nd->ctx->cred, dir, MAY_WRITE | MAY_EXEC);
	if (!err && dir->i_nlink == 0)
		err = -ENOENT; /* the directory was removed */
	if (!err && !dir->i_op->create)
		err = -EACCES;
	if (!err)
		err = dir->i_op->create(dir, child.dentry,
					S_IFREG | (mode & 07777 & ~nd->ctx->umask), nd->ctx->cred);
	if (err) {
		path_put(&child);
		return err;
	}
	*created = true;
	*out = child;
	return 0;
}

int vfs_openat(const struct vfs_ctx *ctx, const struct path *start, const char *name, int flags,
	       uint32_t mode, struct file **out)
{
	struct nameidata nd = {.ctx = ctx};
	bool created = false;
	struct path path;
	int err;

	if (flags & O_PATH)
		flags &= O_PATH | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC;
	if ((flags & O_ACCMODE) == O_ACCMODE)
		return -EINVAL;
	mutex_lock(&vfs_ns_lock);
	if (flags & O_CREAT) {
		err = walk_parent(&nd, start, name);
		if (!err)
			err = open_create(&nd, flags, mode, &created, &path);
	} else {
		err = walk_path(&nd, start, name, !(flags & O_NOFOLLOW), false,
				(flags & O_DIRECTORY) != 0);
		if (!err) {
			path = nd.path;
			path_get(&path);
		}
	}
	path_put(&nd.path);
	if (!err) {
		err = may_open(ctx, &path, flags, created);
		if (err)
			path_put(&path);
	}
	mutex_unlock(&vfs_ns_lock);
	if (err)
		return err;
	/* Outside the name-space lock: a driver's open may sleep or walk paths
	 * (/proc/mounts); our reference keeps the path alive. */
	err = file_new(&path, flags, out);
	if (err)
		path_put(&path);
	return err;
}

int vfs_open_path(const struct vfs_ctx *ctx, const struct path *path, int flags, struct file **out)
{
	int err;

	if ((flags & O_ACCMODE) == O_ACCMODE)
		return -EINVAL;
	mutex_lock(&vfs_ns_lock);
	err = may_open(ctx, path, flags & ~O_TRUNC, false);
	mutex_unlock(&vfs_ns_lock);
	if (err)
		return err;
	path_get(path);
	err = file_new(path, flags, out);
	if (err)
		path_put(path);
	return err;
}

long vfs_read(struct file *file, void *buf, size_t len, int64_t *pos)
{
	struct vfs_iter it;

	if (!(file->f_mode & FMODE_READ))
		return -EBADF;
	if (inode_is_dir(file->f_inode))
		return -EISDIR;
	if (!file->f_op->read)
		return -EINVAL;
	vfs_iter_init(&it, buf, MIN(len, VFS_RW_MAX));
	return file->f_op->read(file, &it, pos);
}

long vfs_write(struct file *file, const void *buf, size_t len, int64_t *pos)
{
	struct vfs_iter it;

	if (!(file->f_mode & FMODE_WRITE))
		return -EBADF;
	if (!file->f_op->write)
		return -EINVAL;
	vfs_iter_init(&it, (void *)buf, MIN(len, VFS_RW_MAX));
	return file->f_op->write(file, &it, pos);
}

int64_t vfs_generic_llseek(struct file *file, int64_t offset, int whence)
{
	int64_t base, pos;

	switch (whence) {
	case SEEK_SET:
		base = 0;
		break;
	case SEEK_CUR:
		base = file->f_pos;
		break;
	case SEEK_END:
		mutex_lock(&file->f_inode->i_lock);
		base = file->f_inode->i_size;
		mutex_unlock(&file->f_inode->i_lock);
		break;
	default:
		return -EINVAL;
	}
	if (__builtin_add_overflow(base, offset, &pos) || pos < 0 ||
	    pos > file->f_inode->i_sb->s_maxbytes)
		return -EINVAL;
	file->f_pos = pos;
	return pos;
}

int64_t vfs_lseek(struct file *file, int64_t offset, int whence)
{
	int64_t ret;

	if (file->f_mode & FMODE_PATH)
		return -EBADF;
	mutex_lock(&file->f_pos_lock);
	if (file->f_op->llseek)
		ret = file->f_op->llseek(file, offset, whence);
	else
		ret = vfs_generic_llseek(file, offset, whence);
	mutex_unlock(&file->f_pos_lock);
	return ret;
}

int vfs_fsync(struct file *file)
{
	if (file->f_mode & FMODE_PATH)
		return -EBADF;
	return file->f_op->fsync ? file->f_op->fsync(file) : 0;
}

/* ----- directories ----- */

struct getdents_ctx {
	struct dir_context ctx;
	char *buf;
	size_t left;
	size_t used;
	bool full; /* a record did not fit */
};

static bool filldir64(struct dir_context *ctx, const char *name, size_t len, int64_t next,
		      uint64_t ino, unsigned int type)
{
	struct getdents_ctx *g = container_of(ctx, struct getdents_ctx, ctx);
	size_t reclen = ALIGN_UP(offsetof(struct linux_dirent64, d_name) + len + 1, 8);
	struct linux_dirent64 rec;

	if (reclen > g->left) {
		g->full = true;
		return false;
	}
	rec.d_ino = ino;
	rec.d_off = next;
	rec.d_reclen = (uint16_t)reclen;
	rec.d_type = (uint8_t)type;
	memcpy(g->buf + g->used, &rec, offsetof(struct linux_dirent64, d_name));
	memcpy(g->buf + g->used + offsetof(struct linux_dirent64, d_name), name, len);
	memset(g->buf + g->used + offsetof(struct linux_dirent64, d_name) + len, 0,
	       reclen - offsetof(struct linux_dirent64, d_name) - len);
	g->used += reclen;
	g->left -= reclen;
	ctx->pos = next;
	return true;
}

bool vfs_dir_emit_dots(struct file *file, struct dir_context *ctx)
{
	struct dentry *d = file->f_path.dentry;

	if (ctx->pos == 0 && !ctx->actor(ctx, ".", 1, 1, d->d_inode->i_ino, DT_DIR))
		return false;
	if (ctx->pos == 1 && !ctx->actor(ctx, "..", 2, 2, d->d_parent->d_inode->i_ino, DT_DIR))
		return false;
	return true;
}

long vfs_getdents64(struct file *file, void *buf, size_t len)
{
	struct getdents_ctx g = {.ctx.actor = filldir64, .buf = buf, .left = len};
	int err;

	if (file->f_mode & FMODE_PATH)
		return -EBADF;
	if (!inode_is_dir(file->f_inode) || !file->f_op->iterate)
		return -ENOTDIR;
	mutex_lock(&file->f_pos_lock);
	mutex_lock(&vfs_ns_lock);
	g.ctx.pos = file->f_pos;
	err = file->f_op->iterate(file, &g.ctx);
	file->f_pos = g.ctx.pos;
	mutex_unlock(&vfs_ns_lock);
	mutex_unlock(&file->f_pos_lock);
	if (err)
		return err;
	if (g.used == 0 && g.full)
		return -EINVAL;
	return (long)g.used;
}
