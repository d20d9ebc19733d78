/*
 * fs/vfs/dirops.c - changing the name space: mkdir, mknod, symlink, link,
 * unlink, rmdir and rename.
 *
 * Each operation walks to the parent of its last component, looks that
 * component up (without crossing mounts: a mountpoint is -EBUSY to remove
 * or rename), does every generic check (types, permissions, sticky bit,
 * mounts, loops) and only then calls the file system, which checks what
 * only it knows (directory emptiness, space). On success the dentry cache
 * is brought in line with what the file system did.
 *
 * Everything runs under vfs_ns_lock.
 */
#include "fs/vfs/internal.h"
#include "lib/string.h"
#include "mm/kmalloc.h"

/*
 * Walk to the parent of @name and look up its last component, which must
 * not exist yet. On success @child is a negative dentry to create; nd->path
 * is the parent, write-permitted. The caller puts both.
 */
static int lookup_create(struct nameidata *nd, const struct path *start, const char *name,
			 bool is_dir, struct path *child)
{
	int err = walk_parent(nd, start, name);

	if (err)
		return err;
	if (nd->last_type != LAST_NORM)
		return -EEXIST;
	err = lookup_child(nd, &nd->path, nd->last, nd->last_len, child);
	if (err)
		return err;
	if (child->dentry->d_inode)
		err = -EEXIST;
	else if (nd->path.dentry->d_inode->i_nlink == 0)
		err = -ENOENT; /* the directory was removed */
	else if (nd->trailing_slash && !is_dir)
		err = -ENOENT;
	else
		err =
		    inode_permission(nd->ctx->cred, nd->path.dentry->d_inode, MAY_WRITE | MAY_EXEC);
	if (err)
		path_put(child);
	return err;
}

int vfs_mkdirat(const struct vfs_ctx *ctx, const struct path *start, const char *name,
		uint32_t mode)
{
	struct nameidata nd = {.ctx = ctx};
	struct path child;
	struct inode *dir;
	int err;

	mutex_lock(&vfs_ns_lock);
	err = lookup_create(&nd, start, name, true, &child);
	if (err)
		goto out;
	dir = nd.path.dentry->d_inode;
	err = -EPERM;
	if (dir->i_op->mkdir)
		err = dir->i_op->mkdir(dir, child.dentry, S_IFDIR | (mode & 07777 & ~ctx->umask),
				       ctx->cred);
	path_put(&child);
out:
	path_put(&nd.path);
	mutex_unlock(&vfs_ns_lock);
	return err;
}

int vfs_mknodat(const struct vfs_ctx *ctx, const struct path *start, const char *name,
		uint32_t mode, uint32_t dev)
{
	struct nameidata nd = {.ctx = ctx};
	struct path child;
	struct inode *dir;
	int err;

	if ((mode & S_IFMT) == 0)
		mode |= S_IFREG;
	switch (mode & S_IFMT) {
	case S_IFREG:
	case S_IFIFO:
	case S_IFSOCK:
		dev = 0;
		break;
	case S_IFCHR:
	case S_IFBLK:
		if (!cred_is_root(ctx->cred))
			return -EPERM;
		break;
	case S_IFDIR:
		return -EPERM;
	default:
		return -EINVAL;
	}
	mutex_lock(&vfs_ns_lock);
	err = lookup_create(&nd, start, name, false, &child);
	if (err)
		goto out;
	dir = nd.path.dentry->d_inode;
	err = -EPERM;
	if (dir->i_op->mknod)
		err = dir->i_op->mknod(dir, child.dentry,
				       (mode & S_IFMT) | (mode & 07777 & ~ctx->umask), dev,
				       ctx->cred);
	path_put(&child);
out:
	path_put(&nd.path);
	mutex_unlock(&vfs_ns_lock);
	return err;
}

int vfs_symlinkat(const struct vfs_ctx *ctx, const char *target, const struct path *start,
		  const char *name)
{
	struct nameidata nd = {.ctx = ctx};
	struct path child;
	struct inode *dir;
	size_t len = strnlen(target, PATH_MAX);
	int err;

	if (len == 0)
		return -ENOENT;
	if (len >= PATH_MAX)
		return -ENAMETOOLONG;
	mutex_lock(&vfs_ns_lock);
	err = lookup_create(&nd, start, name, false, &child);
	if (err)
		goto out;
	dir = nd.path.dentry->d_inode;
	err = -EPERM;
	if (dir->i_op->symlink)
		err = dir->i_op->symlink(dir, child.dentry, target, ctx->cred);
	path_put(&child);
out:
	path_put(&nd.path);
	mutex_unlock(&vfs_ns_lock);
	return err;
}

int vfs_linkat(const struct vfs_ctx *ctx, const struct path *old_start, const char *old_name,
	       const struct path *new_start, const char *new_name, int flags)
{
	struct nameidata nd = {.ctx = ctx};
	struct path old, child;
	struct inode *dir;
	int err;

	if (flags & ~(AT_SYMLINK_FOLLOW | AT_EMPTY_PATH))
		return -EINVAL;
	mutex_lock(&vfs_ns_lock);
	err = vfs_lookup_locked(ctx, old_start, old_name,
				(flags & AT_EMPTY_PATH) |
				    ((flags & AT_SYMLINK_FOLLOW) ? 0 : AT_SYMLINK_NOFOLLOW),
				&old);
	if (err)
		goto out_unlock;
	err = -EPERM;
	if (inode_is_dir(old.dentry->d_inode))
		goto out_old;
	err = lookup_create(&nd, new_start, new_name, false, &child);
	if (err)
		goto out_nd;
	dir = nd.path.dentry->d_inode;
	if (nd.path.mnt != old.mnt)
		err = -EXDEV;
	else if (!dir->i_op->link)
		err = -EPERM;
	else if (old.dentry->d_inode->i_nlink == 0)
		err = -ENOENT;
	else
		err = dir->i_op->link(old.dentry, dir, child.dentry);
	path_put(&child);
out_nd:
	path_put(&nd.path);
out_old:
	path_put(&old);
out_unlock:
	mutex_unlock(&vfs_ns_lock);
	return err;
}

int vfs_unlinkat(const struct vfs_ctx *ctx, const struct path *start, const char *name, int flags)
{
	bool rmdir = (flags & AT_REMOVEDIR) != 0;
	struct nameidata nd = {.ctx = ctx};
	struct inode *dir, *victim;
	struct path child;
	int err;

	if (flags & ~AT_REMOVEDIR)
		return -EINVAL;
	mutex_lock(&vfs_ns_lock);
	err = walk_parent(&nd, start, name);
	if (err)
		goto out;
	if (nd.last_type != LAST_NORM) {
		if (!rmdir)
			err = -EISDIR;
		else if (nd.last_type == LAST_DOT)
			err = -EINVAL;
		else if (nd.last_type == LAST_DOTDOT)
			err = -ENOTEMPTY;
		else
			err = -EBUSY;
		goto out;
	}
	err = lookup_child(&nd, &nd.path, nd.last, nd.last_len, &child);
	if (err)
		goto out;
	dir = nd.path.dentry->d_inode;
	victim = child.dentry->d_inode;
	if (!victim)
		err = -ENOENT;
	else if (rmdir && !inode_is_dir(victim))
		err = -ENOTDIR;
	else if (!rmdir && inode_is_dir(victim))
		err = -EISDIR;
	else if (!rmdir && nd.trailing_slash)
		err = -ENOTDIR;
	else if (child.dentry->d_mounted)
		err = -EBUSY;
	else
		err = may_delete(ctx->cred, dir, victim);
	if (!err) {
		if (rmdir)
			err = dir->i_op->rmdir ? dir->i_op->rmdir(dir, child.dentry) : -EPERM;
		else
			err = dir->i_op->unlink ? dir->i_op->unlink(dir, child.dentry) : -EPERM;
	}
	if (!err)
		d_drop(child.dentry);
	path_put(&child);
out:
	path_put(&nd.path);
	mutex_unlock(&vfs_ns_lock);
	return err;
}

struct rename_side {
	struct nameidata nd;
	struct path child;
	struct inode *dir;
	struct inode *inode; /* NULL for a missing target */
};

static int rename_lookup(const struct vfs_ctx *ctx, struct rename_side *s, const struct path *start,
			 const char *name)
{
	int err;

	s->nd.ctx = ctx;
	s->child.dentry = NULL;
	err = walk_parent(&s->nd, start, name);
	if (err)
		return err;
	if (s->nd.last_type != LAST_NORM)
		return -EBUSY;
	err = lookup_child(&s->nd, &s->nd.path, s->nd.last, s->nd.last_len, &s->child);
	if (err) {
		s->child.dentry = NULL;
		return err;
	}
	s->dir = s->nd.path.dentry->d_inode;
	s->inode = s->child.dentry->d_inode;
	return 0;
}

static void rename_put(struct rename_side *s)
{
	if (s->child.dentry)
		path_put(&s->child);
	path_put(&s->nd.path);
}

/* Checks that need both sides; 1 means "nothing to do, success". */
static int rename_check(const struct cred *cred, struct rename_side *o, struct rename_side *n,
			unsigned int flags)
{
	bool exchange = flags & RENAME_EXCHANGE;
	bool old_dir;
	int err;

	if (!o->inode)
		return -ENOENT;
	if (o->nd.path.mnt != n->nd.path.mnt)
		return -EXDEV;
	old_dir = inode_is_dir(o->inode);
	if (exchange && !n->inode)
		return -ENOENT;
	if ((flags & RENAME_NOREPLACE) && n->inode)
		return -EEXIST;
	if (!old_dir && (o->nd.trailing_slash || n->nd.trailing_slash))
		return -ENOTDIR;
	if (exchange && !inode_is_dir(n->inode) && o->nd.trailing_slash)
		return -ENOTDIR;
	if (o->inode == n->inode)
		return 1;
	if (o->child.dentry->d_mounted || n->child.dentry->d_mounted)
		return -EBUSY;
	if (n->inode && !exchange) {
		if (old_dir && !inode_is_dir(n->inode))
			return -ENOTDIR;
		if (!old_dir && inode_is_dir(n->inode))
			return -EISDIR;
	}
	/* A directory cannot move below itself. */
	if (old_dir && d_is_ancestor(o->child.dentry, n->nd.path.dentry))
		return -EINVAL;
	if (n->inode && d_is_ancestor(n->child.dentry, o->nd.path.dentry))
		return exchange ? -EINVAL : -ENOTEMPTY;
	err = may_delete(cred, o->dir, o->inode);
	if (!err)
		err = n->inode ? may_delete(cred, n->dir, n->inode)
			       : inode_permission(cred, n->dir, MAY_WRITE | MAY_EXEC);
	/* A directory changing parent rewrites its "..". */
	if (!err && old_dir && o->dir != n->dir)
		err = inode_permission(cred, o->inode, MAY_WRITE);
	if (!err && exchange && inode_is_dir(n->inode) && o->dir != n->dir)
		err = inode_permission(cred, n->inode, MAY_WRITE);
	return err;
}

int vfs_renameat2(const struct vfs_ctx *ctx, const struct path *old_start, const char *old_name,
		  const struct path *new_start, const char *new_name, unsigned int flags)
{
	struct rename_side o = {0}, n = {0};
	int err;

	if (flags & ~(RENAME_NOREPLACE | RENAME_EXCHANGE))
		return -EINVAL;
	if ((flags & RENAME_NOREPLACE) && (flags & RENAME_EXCHANGE))
		return -EINVAL;
	mutex_lock(&vfs_ns_lock);
	err = rename_lookup(ctx, &o, old_start, old_name);
	if (!err)
		err = rename_lookup(ctx, &n, new_start, new_name);
	if (!err)
		err = rename_check(ctx->cred, &o, &n, flags);
	if (err)
		goto out;
	err = o.dir->i_op->rename
		  ? o.dir->i_op->rename(o.dir, o.child.dentry, n.dir, n.child.dentry, flags)
		  : -EPERM;
	if (err)
		goto out;
	if (flags & RENAME_EXCHANGE) {
		d_exchange(o.child.dentry, n.child.dentry);
	} else {
		d_drop(n.child.dentry);
		if (d_move(o.child.dentry, n.nd.path.dentry, n.nd.last, n.nd.last_len))
			d_drop(o.child.dentry);
	}
out:
	if (err == 1)
		err = 0;
	rename_put(&n);
	rename_put(&o);
	mutex_unlock(&vfs_ns_lock);
	return err;
}

int vfs_readlinkat(const struct vfs_ctx *ctx, const struct path *start, const char *name, char *buf,
		   size_t size)
{
	struct path path;
	char *text;
	int err;

	mutex_lock(&vfs_ns_lock);
	err = vfs_lookup_locked(ctx, start, name, AT_SYMLINK_NOFOLLOW | AT_EMPTY_PATH, &path);
	mutex_unlock(&vfs_ns_lock);
	if (err)
		return err;
	/* Outside the lock: procfs links name their target with vfs_d_path(). */
	if (!inode_is_symlink(path.dentry->d_inode)) {
		err = -EINVAL;
	} else {
		err = read_link(path.dentry, &text);
		if (err >= 0) {
			err = (int)MIN((size_t)err, size);
			memcpy(buf, text, (size_t)err);
			kfree(text);
		}
	}
	path_put(&path);
	return err;
}
