/*
 * core/uapi/statfs.h - statfs(2)/fstatfs(2): struct linux_statfs (the
 * asm-generic 64-bit layout: every count is 64 bits) and the f_type magic
 * numbers of the file systems Rux has or may get.
 */
#ifndef RUX_UAPI_STATFS_H
#define RUX_UAPI_STATFS_H

#include "uapi/types.h"

struct linux_statfs {
	int64_t f_type;			/* *_MAGIC */
	int64_t f_bsize;
	int64_t f_blocks;		/* in f_frsize units */
	int64_t f_bfree;
	int64_t f_bavail;		/* free for unprivileged users */
	int64_t f_files;
	int64_t f_ffree;
	int32_t f_fsid[2];
	int64_t f_namelen;
	int64_t f_frsize;
	int64_t f_flags;		/* ST_* mount flags */
	int64_t f_spare[4];
};

/* f_flags */
#define ST_RDONLY	0x0001
#define ST_NOSUID	0x0002
#define ST_NODEV	0x0004
#define ST_NOEXEC	0x0008
#define ST_SYNCHRONOUS	0x0010
#define ST_NOATIME	0x0400
#define ST_NODIRATIME	0x0800
#define ST_RELATIME	0x1000

/* f_type */
#define EXT2_SUPER_MAGIC	0xEF53
#define EXT4_SUPER_MAGIC	0xEF53
#define TMPFS_MAGIC		0x01021994
#define RAMFS_MAGIC		0x858458f6
#define PROC_SUPER_MAGIC	0x9fa0
#define SYSFS_MAGIC		0x62656572
#define DEVPTS_SUPER_MAGIC	0x1cd1
#define DEBUGFS_MAGIC		0x64626720
#define CGROUP2_SUPER_MAGIC	0x63677270
#define PIPEFS_MAGIC		0x50495045
#define SOCKFS_MAGIC		0x534F434B
#define ANON_INODE_FS_MAGIC	0x09041934
#define MSDOS_SUPER_MAGIC	0x4d44
#define OVERLAYFS_SUPER_MAGIC	0x794c7630
#define FUSE_SUPER_MAGIC	0x65735546

#endif /* RUX_UAPI_STATFS_H */
