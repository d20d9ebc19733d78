/*
 * fs/vfs/fallocate.c - fallocate(2): the checks Linux (6.13 and later)
 * makes before a file system sees the call, in Linux's order (so that a
 * call wrong in several ways fails with the same errno), then
 * f_op->fallocate.
 */
#include "fs/vfs/internal.h"
#include "uapi/falloc.h"

/* The bits that choose an operation; at most one may be set. */
#define FALLOC_FL_MODE_MASK                                                                        \
	(FALLOC_FL_PUNCH_HOLE | FALLOC_FL_COLLAPSE_RANGE | FALLOC_FL_ZERO_RANGE |                  \
	 FALLOC_FL_INSERT_RANGE | FALLOC_FL_UNSHARE_RANGE | FALLOC_FL_WRITE_ZEROES)

/* Mode bits Linux accepts (one operation, KEEP_SIZE where it makes sense). */
static int check_mode(int mode)
{
	if (mode & ~(FALLOC_FL_MODE_MASK | FALLOC_FL_KEEP_SIZE))
		return -EOPNOTSUPP;
	switch (mode & FALLOC_FL_MODE_MASK) {
	case 0: /* allocate */
	case FALLOC_FL_UNSHARE_RANGE:
	case FALLOC_FL_ZERO_RANGE:
		return 0;
	case FALLOC_FL_PUNCH_HOLE:
		return mode & FALLOC_FL_KEEP_SIZE ? 0 : -EOPNOTSUPP;
	case FALLOC_FL_COLLAPSE_RANGE:
	case FALLOC_FL_INSERT_RANGE:
	case FALLOC_FL_WRITE_ZEROES:
		return mode & FALLOC_FL_KEEP_SIZE ? -EOPNOTSUPP : 0;
	default: /* two operations at once */
		return -EOPNOTSUPP;
	}
}

int vfs_fallocate(struct file *file, int mode, int64_t offset, int64_t len)
{
	struct inode *inode = file->f_inode;
	int err;

	if (offset < 0 || len <= 0)
		return -EINVAL;
	err = check_mode(mode);
	if (err)
		return err;
	if (!(file->f_mode & FMODE_WRITE))
		return -EBADF;
	if (S_ISFIFO(inode->i_mode))
		return -ESPIPE;
	if (inode_is_dir(inode))
		return -EISDIR;
	if (!inode_is_reg(inode) && !S_ISBLK(inode->i_mode))
		return -ENODEV;
	if (len > inode->i_sb->s_maxbytes - offset)
		return -EFBIG;
	if (!file->f_op->fallocate)
		return -EOPNOTSUPP;
	return file->f_op->fallocate(file, mode, offset, len);
}
