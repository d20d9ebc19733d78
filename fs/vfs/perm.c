/*
 * fs/vfs/perm.c - who may do what to a file: the classic owner/group/other
 * permission bits, root's overrides and the sticky-bit rule.
 *
 * Root (fsuid 0, standing for CAP_DAC_OVERRIDE) may read and write
 * anything, and execute a file only if some x bit is set (any directory may
 * be searched). Otherwise exactly one class applies: the owner's bits if
 * fsuid owns the file, else the group's if the file's group is one of the
 * caller's, else the others' bits.
 */
#include "fs/vfs/internal.h"

int inode_permission(const struct cred *cred, struct inode *inode, int mask)
{
	uint32_t mode = inode->i_mode;
	uint32_t bits;

	if (cred_is_root(cred)) {
		if ((mask & MAY_EXEC) && !inode_is_dir(inode) && !(mode & 0111))
			return -EACCES;
		return 0;
	}
	if (cred->fsuid == inode->i_uid)
		bits = mode >> 6;
	else if (cred_in_group(cred, inode->i_gid))
		bits = mode >> 3;
	else
		bits = mode;
	if (((uint32_t)mask & bits & 7) == (uint32_t)mask)
		return 0;
	return -EACCES;
}

bool owner_or_root(const struct cred *cred, const struct inode *inode)
{
	return cred_is_root(cred) || cred->fsuid == inode->i_uid;
}

int may_delete(const struct cred *cred, struct inode *dir, struct inode *victim)
{
	int err = inode_permission(cred, dir, MAY_WRITE | MAY_EXEC);

	if (err)
		return err;
	/* In a sticky directory only the owners of the entry or of the
	 * directory may remove it. */
	if ((dir->i_mode & S_ISVTX) && !owner_or_root(cred, victim) && cred->fsuid != dir->i_uid)
		return -EPERM;
	return 0;
}
