/* core/init/init.h - bringing the kernel up. */
#ifndef RUX_INIT_INIT_H
#define RUX_INIT_INIT_H

#include <stdbool.h>

#include "hal/hal.h"

struct vfs_ctx;

/*
 * What every platform needs before anything else: per-CPU state of the boot
 * CPU, the command line, the page and slab allocators. The hosted HAL calls
 * this alone; kernel_main() calls it and goes on to start the machine.
 */
void kernel_early_init(const struct boot_info *bi);

/* Run what rux.selftest= asks for and power off; returns if it is unset. */
void selftest_main(void);

/*
 * The root file system (root.c). root_mount() runs once the initramfs, if
 * any, is unpacked: unless it holds root_rdinit(), root= names the disk to
 * mount as init's root (a missing or unmountable one powers off).
 */
void root_mount(bool initramfs);
/* rdinit= or "/init": the program an initramfs runs as init. */
const char *root_rdinit(void);
/* True when init's root is a disk mounted by root=. */
bool root_is_disk(void);
/* A context for init: root and cwd at its root, root credentials. */
void root_init_ctx(struct vfs_ctx *ctx);
/* True when @path exists under init's root. */
bool root_path_exists(const char *path);
/* Before power-off or restart: unmount everything (sync what stays busy). */
void root_shutdown(void);

#endif /* RUX_INIT_INIT_H */
