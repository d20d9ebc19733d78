/*
 * fs/sysfs/sysfs.h - a minimal sysfs ("sysfs"): the top-level directories
 * of Linux's /sys (block, bus, class, dev, devices, firmware, fs, kernel,
 * module, power), so `mount -t sysfs` and programs that look around in
 * /sys work. Only /sys/block has contents: /sys/block/<disk>/{dev, size,
 * ro, removable, stat, inflight} for each registered block device.
 */
#ifndef RUX_FS_SYSFS_H
#define RUX_FS_SYSFS_H

/* Register the "sysfs" file system type (once; later calls return 0). */
int sysfs_init(void);

#endif /* RUX_FS_SYSFS_H */
