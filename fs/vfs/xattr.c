/*
 * fs/vfs/xattr.c - extended attributes: the checks every file system
 * shares, then its inode_operations (getxattr, setxattr, listxattr,
 * removexattr).
 *
 * Names are "namespace.name". Linux's rules, as xattr(7) describes them:
 *  - "user.": regular files and directories only (others: EPERM to write,
 *    ENODATA to read); the file's read or write permission applies; in a
 *    sticky directory only the owner (or root) writes them.
 *  - "trusted.": CAP_SYS_ADMIN only (others: EPERM to write, ENODATA to
 *    read; file systems leave them out of lists).
 *  - "security.": anyone reads, CAP_SYS_ADMIN writes.
 *  - "system." (POSIX ACLs) and unknown prefixes: EOPNOTSUPP.
 * A prefix with nothing after it is EINVAL. Names are 1..255 bytes
 * (ERANGE), values at most 64 KiB (E2BIG).
 *
 * CAP_SYS_ADMIN is effective uid 0 until capabilities exist.
 * The file system is called under vfs_ns_lock, like every inode_operation;
 * it updates ctime on changes.
 */
#include "uapi/xattr.h"
#include "fs/vfs/internal.h"
#include "lib/string.h"
#include "uapi/limits.h"

enum xattr_ns { XATTR_NS_USER, XATTR_NS_TRUSTED, XATTR_NS_SECURITY, XATTR_NS_OTHER };

static const struct {
	const char *prefix;
	enum xattr_ns ns;
} xattr_prefixes[] = {
    {XATTR_USER_PREFIX, XATTR_NS_USER},
    {XATTR_TRUSTED_PREFIX, XATTR_NS_TRUSTED},
    {XATTR_SECURITY_PREFIX, XATTR_NS_SECURITY},
};

static bool capable_sys_admin(const struct cred *cred)
{
	return cred->euid == 0;
}

/* The namespace of @name; *@suffix_len: bytes after its prefix. */
static enum xattr_ns name_space(const char *name, size_t *suffix_len)
{
	size_t len = strlen(name);

	for (size_t i = 0; i < sizeof(xattr_prefixes) / sizeof(xattr_prefixes[0]); i++) {
		size_t plen = strlen(xattr_prefixes[i].prefix);

		if (len >= plen && !memcmp(name, xattr_prefixes[i].prefix, plen)) {
			*suffix_len = len - plen;
			return xattr_prefixes[i].ns;
		}
	}
	*suffix_len = len;
	return XATTR_NS_OTHER;
}

static int check_name(const char *name)
{
	size_t len = strlen(name);

	return len == 0 || len > XATTR_NAME_MAX ? -ERANGE : 0;
}

/* May @cred read (@mask MAY_READ) or write (MAY_WRITE) attribute @name of @inode? */
static int xattr_permission(const struct cred *cred, struct inode *inode, const char *name,
			    int mask)
{
	size_t suffix;
	enum xattr_ns ns = name_space(name, &suffix);
	bool write = mask & MAY_WRITE;
	int err;

	switch (ns) {
	case XATTR_NS_SECURITY:
		err = write && !capable_sys_admin(cred) ? -EPERM : 0;
		break;
	case XATTR_NS_TRUSTED:
		err = capable_sys_admin(cred) ? 0 : (write ? -EPERM : -ENODATA);
		break;
	case XATTR_NS_USER:
		if (!inode_is_reg(inode) && !inode_is_dir(inode))
			return write ? -EPERM : -ENODATA;
		if (write && inode_is_dir(inode) && (inode->i_mode & S_ISVTX) &&
		    !owner_or_root(cred, inode))
			return -EPERM;
		err = inode_permission(cred, inode, mask);
		break;
	default:
		err = inode_permission(cred, inode, mask);
		break;
	}
	if (err)
		return err;
	if (ns == XATTR_NS_OTHER)
		return -EOPNOTSUPP; /* system.* (no ACLs) and unknown prefixes */
	return suffix == 0 ? -EINVAL : 0;
}

long vfs_getxattr(const struct vfs_ctx *ctx, const struct path *path, const char *name, void *buf,
		  size_t size)
{
	struct inode *inode = path->dentry->d_inode;
	long ret = check_name(name);

	if (ret)
		return ret;
	if (size > XATTR_SIZE_MAX)
		size = XATTR_SIZE_MAX;
	mutex_lock(&vfs_ns_lock);
	ret = xattr_permission(ctx->cred, inode, name, MAY_READ);
	if (!ret)
		ret = inode->i_op->getxattr ? inode->i_op->getxattr(path->dentry, name, buf, size)
					    : -EOPNOTSUPP;
	mutex_unlock(&vfs_ns_lock);
	if (ret == -ERANGE && size >= XATTR_SIZE_MAX)
		ret = -E2BIG;
	return ret;
}

int vfs_setxattr(const struct vfs_ctx *ctx, const struct path *path, const char *name,
		 const void *value, size_t size, int flags)
{
	struct inode *inode = path->dentry->d_inode;
	int err;

	if (flags & ~(XATTR_CREATE | XATTR_REPLACE))
		return -EINVAL;
	err = check_name(name);
	if (err)
		return err;
	if (size > XATTR_SIZE_MAX)
		return -E2BIG;
	mutex_lock(&vfs_ns_lock);
	err = xattr_permission(ctx->cred, inode, name, MAY_WRITE);
	if (!err)
		err = inode->i_op->setxattr
			  ? inode->i_op->setxattr(path->dentry, name, value, size, flags)
			  : -EOPNOTSUPP;
	mutex_unlock(&vfs_ns_lock);
	return err;
}

long vfs_listxattr(const struct vfs_ctx *ctx, const struct path *path, char *buf, size_t size)
{
	struct inode *inode = path->dentry->d_inode;
	long ret;

	if (size > XATTR_LIST_MAX)
		size = XATTR_LIST_MAX;
	mutex_lock(&vfs_ns_lock);
	/* A file system without attributes lists none (as Linux). */
	ret =
	    inode->i_op->listxattr ? inode->i_op->listxattr(path->dentry, buf, size, ctx->cred) : 0;
	mutex_unlock(&vfs_ns_lock);
	if (ret == -ERANGE && size >= XATTR_LIST_MAX)
		ret = -E2BIG;
	return ret;
}

int vfs_removexattr(const struct vfs_ctx *ctx, const struct path *path, const char *name)
{
	struct inode *inode = path->dentry->d_inode;
	int err = check_name(name);

	if (err)
		return err;
	mutex_lock(&vfs_ns_lock);
	err = xattr_permission(ctx->cred, inode, name, MAY_WRITE);
	if (!err)
		err = inode->i_op->removexattr ? inode->i_op->removexattr(path->dentry, name)
					       : -EOPNOTSUPP;
	mutex_unlock(&vfs_ns_lock);
	return err;
}

bool vfs_xattr_visible(const struct cred *cred, const char *name)
{
	size_t suffix;

	return name_space(name, &suffix) != XATTR_NS_TRUSTED || capable_sys_admin(cred);
}
