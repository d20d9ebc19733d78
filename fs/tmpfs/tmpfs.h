/*
 * fs/tmpfs/tmpfs.h - tmpfs, the file system that lives in memory: the root
 * file system the initramfs is unpacked into, and whatever else is mounted
 * with type "tmpfs".
 *
 * Mount options (comma-separated, as mount -o takes them):
 *	size=N[k|m|g]	at most N bytes of file data (rounded up to pages);
 *			writes beyond it fail with -ENOSPC. Default: no limit.
 *	mode=OCTAL	permissions of the root directory (default 1777)
 *	uid=N, gid=N	owner of the root directory (default 0)
 *
 * statfs reports TMPFS_MAGIC (uapi/statfs.h).
 */
#ifndef RUX_FS_TMPFS_H
#define RUX_FS_TMPFS_H

/* Register the "tmpfs" type (once; later calls return 0). */
int tmpfs_register(void);

#endif /* RUX_FS_TMPFS_H */
