/*
 * fs/ext4/ext4.h - the ext4 file system: registration.
 *
 * Mount with vfs_mount(ctx, "vda", "/mnt", "ext4", flags, NULL) or
 * vfs_kern_mount("ext4", flags, "/dev/vda", NULL, &mnt): the source names
 * a registered block device, with or without "/dev/". See docs/ext4.md.
 */
#ifndef RUX_FS_EXT4_H
#define RUX_FS_EXT4_H

/* Register the "ext4" file system type (once; later calls return 0). */
int ext4_register(void);

#endif /* RUX_FS_EXT4_H */
