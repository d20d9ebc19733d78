/*
 * fs/initramfs/initramfs.h - unpacking the initial RAM file system.
 *
 * The boot loader hands the kernel one buffer of cpio archives ("newc",
 * magic 070701, or "crc", magic 070702, as written by `cpio -H newc`);
 * they are unpacked in order into the root tmpfs, later ones overwriting
 * earlier ones. Compressed archives are not supported yet.
 */
#ifndef RUX_FS_INITRAMFS_H
#define RUX_FS_INITRAMFS_H

#include <stddef.h>

#include "fs/vfs/vfs.h"

/* Unpack @buf into the root file system (after vfs_init()). */
int initramfs_unpack(const void *buf, size_t len);

/*
 * Unpack @buf below ctx->root, with ctx->cred's rights (ctx->umask is
 * ignored: modes come from the archive). Returns 0, -EINVAL for a malformed
 * archive (after printing "initramfs: <what> at offset N"), or the first
 * error the VFS gave for an entry (the other entries are still unpacked).
 */
int initramfs_unpack_at(const struct vfs_ctx *ctx, const void *buf, size_t len);

#endif /* RUX_FS_INITRAMFS_H */
