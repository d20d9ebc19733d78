/*
 * fs/vfs/namei.c - the path walk: from a name to a (mount, dentry) pair.
 *
 * A name is split at slashes into components; all but the last must be
 * directories the caller may search (x). "." stays, ".." goes to the parent
 * but never above the caller's root, and at the root of a mount continues
 * from the directory the mount covers. A dentry something is mounted on is
 * crossed into the mounted root. Symlinks met on the way are replaced by
 * their text (absolute ones restart at the caller's root, relative ones at
 * the directory holding the link), at most VFS_MAX_SYMLINKS times per walk,
 * else -ELOOP. Links in last position are followed iteratively; a link in
 * the middle of a name recurses, at most VFS_MAX_NESTING deep (-ELOOP), which
 * bounds the kernel stack used. Trailing slashes demand a directory (and follow a symlink).
 *
 * Every function here runs under vfs_ns_lock. nd->path always holds a
 * reference on a valid place, also after errors; whoever started the walk
 * path_put()s it.
 */
#include "fs/vfs/internal.h"
#include "lib/string.h"
#include "mm/kmalloc.h"

struct mutex vfs_ns_lock = MUTEX_INIT(vfs_ns_lock, "vfs_ns");

static bool path_equal(const struct path *a, const struct path *b)
{
	return a->mnt == b->mnt && a->dentry == b->dentry;
}

/* Cross every mount stacked on @p into the topmost mounted root. */
void path_follow_mounts(struct path *p)
{
	struct vfsmount *m;

	while ((m = mnt_lookup_child(p->mnt, p->dentry))) {
		struct path top = {mntget(m), dget(m->mnt_root)};

		path_put(p);
		*p = top;
	}
}

static void step_dotdot(struct nameidata *nd)
{
	for (;;) {
		struct vfsmount *mnt = nd->path.mnt;

		if (path_equal(&nd->path, &nd->ctx->root))
			return;
		if (nd->path.dentry != mnt->mnt_root) {
			struct dentry *parent = dget(nd->path.dentry->d_parent);

			dput(nd->path.dentry);
			nd->path.dentry = parent;
			return;
		}
		if (!mnt->mnt_parent)
			return;
		struct path up = {mntget(mnt->mnt_parent), dget(mnt->mnt_mountpoint)};

		path_put(&nd->path);
		nd->path = up;
	}
}

int lookup_child(struct nameidata *nd, const struct path *dir, const char *name, size_t len,
		 struct path *out)
{
	struct inode *inode = dir->dentry->d_inode;
	struct dentry *d;
	int err;

	if (!inode_is_dir(inode) || !inode->i_op->lookup)
		return -ENOTDIR;
	err = inode_permission(nd->ctx->cred, inode, MAY_EXEC);
	if (err)
		return err;
	d = d_lookup(dir->dentry, name, len);
	if (!d) {
		d = d_alloc(dir->dentry, name, len);
		if (!d)
			return -ENOMEM;
		err = inode->i_op->lookup(inode, d);
		if (err) {
			d_drop(d);
			dput(d);
			return err;
		}
	}
	out->mnt = mntget(dir->mnt);
	out->dentry = d;
	return 0;
}

int read_link(struct dentry *dentry, char **out)
{
	struct inode *inode = dentry->d_inode;
	char *buf;
	int len;

	if (!inode->i_op->readlink)
		return -EINVAL;
	buf = kmalloc(PATH_MAX, GFP_KERNEL);
	if (!buf)
		return -ENOMEM;
	len = inode->i_op->readlink(dentry, buf, PATH_MAX - 1);
	if (len < 0) {
		kfree(buf);
		return len;
	}
	buf[len] = '\0';
	*out = buf;
	return len;
}

static int walk_components(struct nameidata *nd, const char *name);

/*
 * Resolve the component @name of nd->path. On success nd->path moves
 * there - unless @follow is set and it is a symlink: then nd->path stays
 * and @link receives the symlink (with a reference) for the caller to enter.
 */
static int step(struct nameidata *nd, const char *name, size_t len, bool follow, struct path *link)
{
	struct inode *dir = nd->path.dentry->d_inode;
	struct path child;
	int err;

	link->dentry = NULL;
	if (!inode_is_dir(dir))
		return -ENOTDIR;
	err = inode_permission(nd->ctx->cred, dir, MAY_EXEC);
	if (err)
		return err;
	if (len == 1 && name[0] == '.')
		return 0;
	if (len == 2 && name[0] == '.' && name[1] == '.') {
		step_dotdot(nd);
		return 0;
	}
	err = lookup_child(nd, &nd->path, name, len, &child);
	if (err)
		return err;
	if (!child.dentry->d_inode) {
		path_put(&child);
		return -ENOENT;
	}
	path_follow_mounts(&child);
	if (follow && inode_is_symlink(child.dentry->d_inode)) {
		*link = child;
		return 0;
	}
	path_put(&nd->path);
	nd->path = child;
	return 0;
}

/* A magic link: nd->path becomes its target; nothing is left to resolve
 * (last_type LAST_ROOT, as after a name of only slashes). */
static int jump_link(struct nameidata *nd, struct path *link)
{
	struct path target;
	int err = link->dentry->d_inode->i_op->get_path(link->dentry, &target);

	path_put(link);
	if (err)
		return err;
	path_put(&nd->path);
	nd->path = target;
	nd->last_type = LAST_ROOT;
	nd->last_len = 0;
	nd->last[0] = '\0';
	nd->trailing_slash = false;
	return 0;
}

/*
 * Continue the walk in the text of symlink @link (a child of nd->path,
 * whose reference this drops): all but the text's last component, which
 * is left in nd->last. A magic link jumps to its target instead.
 */
static int enter_link(struct nameidata *nd, struct path *link)
{
	char *text;
	int err;

	if (++nd->links > VFS_MAX_SYMLINKS) {
		path_put(link);
		return -ELOOP;
	}
	if (link->dentry->d_inode->i_op->get_path)
		return jump_link(nd, link);
	err = read_link(link->dentry, &text);
	path_put(link);
	if (err < 0)
		return err;
	if (err == 0)
		err = -ENOENT;
	else
		err = walk_components(nd, text);
	kfree(text);
	return err;
}

/* A symlink met in the middle of a name: resolve it completely. This is
 * the only recursion of the walk, so its depth is bounded separately. */
static int follow_nested(struct nameidata *nd, struct path *link)
{
	int err;

	if (nd->depth >= VFS_MAX_NESTING) {
		path_put(link);
		return -ELOOP;
	}
	nd->depth++;
	err = enter_link(nd, link);
	if (!err)
		err = walk_last(nd, true, false);
	nd->depth--;
	return err;
}

static void set_last(struct nameidata *nd, const char *name, size_t len, bool slash)
{
	memcpy(nd->last, name, len);
	nd->last[len] = '\0';
	nd->last_len = len;
	nd->trailing_slash = slash;
	if (len == 1 && name[0] == '.')
		nd->last_type = LAST_DOT;
	else if (len == 2 && name[0] == '.' && name[1] == '.')
		nd->last_type = LAST_DOTDOT;
	else
		nd->last_type = LAST_NORM;
}

/* Walk @name from nd->path up to (not including) its last component. */
static int walk_components(struct nameidata *nd, const char *name)
{
	const char *p = name;

	if (strnlen(name, PATH_MAX) >= PATH_MAX)
		return -ENAMETOOLONG;
	if (*p == '/') {
		path_put(&nd->path);
		nd->path = nd->ctx->root;
		path_get(&nd->path);
		while (*p == '/')
			p++;
		if (!*p) {
			nd->last_type = LAST_ROOT;
			nd->last_len = 0;
			nd->last[0] = '\0';
			nd->trailing_slash = true;
			return 0;
		}
	}
	for (;;) {
		const char *c = p;
		struct path link;
		size_t len;
		bool slash;
		int err;

		while (*p && *p != '/')
			p++;
		len = (size_t)(p - c);
		if (len > NAME_MAX)
			return -ENAMETOOLONG;
		slash = *p == '/';
		while (*p == '/')
			p++;
		if (!*p) {
			set_last(nd, c, len, slash);
			return 0;
		}
		err = step(nd, c, len, true, &link);
		if (!err && link.dentry)
			err = follow_nested(nd, &link);
		if (err)
			return err;
		if (!inode_is_dir(nd->path.dentry->d_inode))
			return -ENOTDIR;
	}
}

/*
 * Resolve nd->last (set by walk_components) from nd->path. A chain of
 * symlinks in last position is followed in this loop, not by recursion.
 */
int walk_last(struct nameidata *nd, bool follow, bool must_dir)
{
	bool slash = nd->trailing_slash;
	struct path link;
	int err;

	while (nd->last_type != LAST_ROOT) {
		err = step(nd, nd->last, nd->last_len, follow || slash, &link);
		if (err)
			return err;
		if (!link.dentry)
			break;
		err = enter_link(nd, &link);
		if (err)
			return err;
		slash = slash || nd->trailing_slash;
		follow = true;
	}
	if ((slash || must_dir) && !inode_is_dir(nd->path.dentry->d_inode))
		return -ENOTDIR;
	return 0;
}

static void walk_start(struct nameidata *nd, const struct path *start)
{
	nd->path = start ? *start : nd->ctx->cwd;
	path_get(&nd->path);
}

int walk_parent(struct nameidata *nd, const struct path *start, const char *name)
{
	walk_start(nd, start);
	if (!name[0])
		return -ENOENT;
	return walk_components(nd, name);
}

int walk_path(struct nameidata *nd, const struct path *start, const char *name, bool follow,
	      bool empty_ok, bool must_dir)
{
	int err;

	walk_start(nd, start);
	if (!name[0]) {
		if (!empty_ok)
			return -ENOENT;
		if (must_dir && !inode_is_dir(nd->path.dentry->d_inode))
			return -ENOTDIR;
		return 0;
	}
	err = walk_components(nd, name);
	if (err)
		return err;
	return walk_last(nd, follow, must_dir);
}

int vfs_lookup_locked(const struct vfs_ctx *ctx, const struct path *start, const char *name,
		      int flags, struct path *out)
{
	struct nameidata nd = {.ctx = ctx};
	int err = walk_path(&nd, start, name, !(flags & AT_SYMLINK_NOFOLLOW),
			    (flags & AT_EMPTY_PATH) != 0, false);

	if (err) {
		path_put(&nd.path);
		return err;
	}
	*out = nd.path;
	return 0;
}

int vfs_lookup(const struct vfs_ctx *ctx, const struct path *start, const char *name, int flags,
	       struct path *out)
{
	int err;

	mutex_lock(&vfs_ns_lock);
	err = vfs_lookup_locked(ctx, start, name, flags, out);
	mutex_unlock(&vfs_ns_lock);
	return err;
}

int vfs_d_path(const struct vfs_ctx *ctx, const struct path *path, char *buf, size_t size)
{
	struct path p = *path;
	size_t pos = size;
	int err = 0;

	if (size < 2)
		return -ENAMETOOLONG;
	mutex_lock(&vfs_ns_lock);
	buf[--pos] = '\0';
	while (!path_equal(&p, &ctx->root)) {
		struct dentry *d = p.dentry;

		if (d == p.mnt->mnt_root) {
			if (!p.mnt->mnt_parent) {
				err = -ENOENT;
				break;
			}
			p.dentry = p.mnt->mnt_mountpoint;
			p.mnt = p.mnt->mnt_parent;
			continue;
		}
		if (pos < d->d_name_len + 1) {
			err = -ENAMETOOLONG;
			break;
		}
		pos -= d->d_name_len;
		memcpy(buf + pos, d->d_name, d->d_name_len);
		buf[--pos] = '/';
		p.dentry = d->d_parent;
	}
	mutex_unlock(&vfs_ns_lock);
	if (err)
		return err;
	if (pos == size - 1)
		buf[--pos] = '/';
	memmove(buf, buf + pos, size - pos);
	return (int)(size - pos - 1);
}
