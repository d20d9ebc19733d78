/*
 * fs/tmpfs/xattr.c - extended attributes of tmpfs inodes: a list of
 * (name, value) pairs per inode, in the order they were first set, kept
 * in memory like everything else of tmpfs.
 *
 * The VFS has checked names, namespaces and permissions (fs/vfs/xattr.c)
 * and calls these under vfs_ns_lock, which also protects the lists.
 */
#include "uapi/xattr.h"
#include "fs/tmpfs/internal.h"
#include "lib/string.h"
#include "mm/kmalloc.h"
#include "uapi/errno.h"

struct tmpfs_xattr {
	struct list_head link; /* in tmpfs_inode.xattrs */
	void *value;	       /* kmalloc'ed; ZERO_SIZE_PTR when empty */
	size_t size;
	char name[]; /* NUL-terminated, with its prefix */
};

static struct tmpfs_xattr *xattr_find(struct inode *inode, const char *name)
{
	struct tmpfs_xattr *x;

	list_for_each_entry(x, &TMPFS_I(inode)->xattrs, link)
	{
		if (!strcmp(x->name, name))
			return x;
	}
	return NULL;
}

long tmpfs_getxattr(struct dentry *dentry, const char *name, void *buf, size_t size)
{
	struct tmpfs_xattr *x = xattr_find(dentry->d_inode, name);

	if (!x)
		return -ENODATA;
	if (size == 0)
		return (long)x->size;
	if (size < x->size)
		return -ERANGE;
	memcpy(buf, x->value, x->size);
	return (long)x->size;
}

int tmpfs_setxattr(struct dentry *dentry, const char *name, const void *value, size_t size,
		   int flags)
{
	struct inode *inode = dentry->d_inode;
	struct tmpfs_xattr *x = xattr_find(inode, name);
	void *copy;

	if (x && (flags & XATTR_CREATE))
		return -EEXIST;
	if (!x && (flags & XATTR_REPLACE))
		return -ENODATA;
	copy = kmalloc(size, GFP_KERNEL);
	if (!copy)
		return -ENOMEM;
	if (size) /* an empty value may come as NULL */
		memcpy(copy, value, size);
	if (!x) {
		x = kmalloc(sizeof(*x) + strlen(name) + 1, GFP_KERNEL);
		if (!x) {
			kfree(copy);
			return -ENOMEM;
		}
		strcpy(x->name, name);
		x->value = NULL;
		list_add_tail(&x->link, &TMPFS_I(inode)->xattrs);
	}
	kfree(x->value);
	x->value = copy;
	x->size = size;
	inode->i_ctime = vfs_now();
	return 0;
}

long tmpfs_listxattr(struct dentry *dentry, char *buf, size_t size, const struct cred *cred)
{
	struct tmpfs_xattr *x;
	size_t used = 0;

	list_for_each_entry(x, &TMPFS_I(dentry->d_inode)->xattrs, link)
	{
		size_t len = strlen(x->name) + 1;

		if (!vfs_xattr_visible(cred, x->name))
			continue;
		if (size && used + len > size)
			return -ERANGE;
		if (size)
			memcpy(buf + used, x->name, len);
		used += len;
	}
	return (long)used;
}

static void xattr_free(struct tmpfs_xattr *x)
{
	list_del(&x->link);
	kfree(x->value);
	kfree(x);
}

int tmpfs_removexattr(struct dentry *dentry, const char *name)
{
	struct tmpfs_xattr *x = xattr_find(dentry->d_inode, name);

	if (!x)
		return -ENODATA;
	xattr_free(x);
	dentry->d_inode->i_ctime = vfs_now();
	return 0;
}

void tmpfs_xattr_free_all(struct tmpfs_inode *ti)
{
	while (!list_empty(&ti->xattrs))
		xattr_free(list_first_entry(&ti->xattrs, struct tmpfs_xattr, link));
}
