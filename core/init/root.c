/*
 * core/init/root.c - which file system init runs on, and leaving it clean.
 *
 * Linux's rules, kept small:
 *
 *  - The name space starts as a tmpfs. An initramfs is unpacked into it;
 *    when it holds the rdinit program (default /init), that program is init
 *    and root= is left to it (it can mount the disk itself).
 *  - Otherwise root= names a disk: "/dev/vda" or "vda". It is mounted with
 *    the first type of rootfstype= that accepts it (a comma list, default
 *    "ext4") and rootflags= as options, read-only unless "rw" is given (as
 *    Linux; "ro" is the default), on the tmpfs's /root, which becomes init's
 *    root and cwd (Linux moves it onto "/" and chroots: the same view).
 *    devtmpfs is mounted on its /dev when that directory exists
 *    (CONFIG_DEVTMPFS_MOUNT). Disks are probed before this runs, so
 *    rootwait and rootdelay= have nothing to wait for.
 *  - A root that is missing or cannot be mounted is reported with what to
 *    do, and the machine powers off with RUX_PANIC_EXIT_CODE (Linux panics).
 *
 * root_shutdown() runs before every power-off and restart: it unmounts
 * everything mounted under the tmpfs, deepest first, so ext4 writes its
 * last changes and marks itself clean. A mount still in use (a process
 * outlived init, or reboot(2) was called with processes around) stays,
 * and the disks are synced instead.
 */
#include "drivers/block/blkdev.h"
#include "drivers/block/buffer.h"
#include "fs/fd/syscalls.h"
#include "fs/vfs/vfs.h"
#include "init/cmdline.h"
#include "init/init.h"
#include "lib/compiler.h"
#include "lib/panic.h"
#include "lib/printk.h"
#include "lib/string.h"
#include "mm/kmalloc.h"
#include "uapi/mount.h"

#define ROOT_MOUNTPOINT	 "/root" /* in the tmpfs, as Linux's do_mounts */
#define ROOT_FSTYPES_MAX 64

/* init's root when it is a disk (references held); mnt is NULL otherwise. */
static struct path disk_root;

bool root_is_disk(void)
{
	return disk_root.mnt != NULL;
}

void root_init_ctx(struct vfs_ctx *ctx)
{
	vfs_root_ctx(ctx);
	if (!root_is_disk())
		return;
	path_put(&ctx->root);
	path_put(&ctx->cwd);
	ctx->root = ctx->cwd = disk_root;
	path_get(&ctx->root);
	path_get(&ctx->cwd);
}

bool root_path_exists(const char *path)
{
	struct vfs_ctx ctx;
	struct path p;
	int err;

	root_init_ctx(&ctx);
	err = vfs_lookup(&ctx, NULL, path, 0, &p);
	vfs_ctx_put(&ctx);
	if (err)
		return false;
	path_put(&p);
	return true;
}

static int list_disk(struct block_device *bdev, void *arg)
{
	unsigned int *count = arg;

	printk("vfs:   %s %llu MiB%s\n", bdev->name,
	       (unsigned long long)(blk_size_bytes(bdev) >> 20),
	       bdev->read_only ? " read-only" : "");
	(*count)++;
	return 0;
}

static __noreturn void root_fail(const char *dev, const char *what, int err)
{
	unsigned int disks = 0;

	printk("vfs: cannot mount root %s: %s (error %d)\n", dev, what, -err);
	printk("vfs: give root=/dev/vdX naming one of these disks (rootfstype= for its type):\n");
	blk_for_each(list_disk, &disks);
	if (!disks)
		printk("vfs:   (no disks: attach one, e.g. scripts/qemu-run --disk IMAGE)\n");
	printk("vfs: powering off\n");
	hal_poweroff(RUX_PANIC_EXIT_CODE);
}

/* Try each type of the comma list @types; the last error if none mounts. */
static int mount_typed(const struct vfs_ctx *ctx, const char *dev, const char *types,
		       unsigned long flags, const char *data, char *mounted, size_t size)
{
	char list[ROOT_FSTYPES_MAX];
	char *type, *rest = list;
	int err = -EINVAL;

	strlcpy(list, types, sizeof(list));
	while ((type = rest) != NULL) {
		rest = strchr(type, ',');
		if (rest)
			*rest++ = '\0';
		if (!*type)
			continue;
		err = vfs_mount(ctx, dev, ROOT_MOUNTPOINT, type, flags, data);
		if (!err) {
			strlcpy(mounted, type, size);
			return 0;
		}
	}
	return err;
}

/* The device part of root=: "vda" from "/dev/vda" or "vda". */
static const char *root_device_name(const char *spec)
{
	if (!strncmp(spec, "/dev/", 5))
		return spec + 5;
	return spec;
}

static void mount_devtmpfs(void)
{
	struct vfs_ctx ctx;
	int err;

	if (!root_path_exists("/dev"))
		return;
	root_init_ctx(&ctx);
	err = vfs_mount(&ctx, "devtmpfs", "/dev", "devtmpfs", 0, NULL);
	vfs_ctx_put(&ctx);
	printk(err ? "devtmpfs: cannot mount on /dev (error %d)\n" : "devtmpfs: mounted\n", -err);
}

static void mount_disk(void)
{
	const char *spec = cmdline_get("root");
	const char *types = cmdline_get("rootfstype");
	unsigned long flags = cmdline_has("rw") ? 0 : MS_RDONLY;
	char type[32] = "";
	struct vfs_ctx ctx;
	const char *dev;
	int err;

	if (!spec || !*spec)
		return;
	dev = root_device_name(spec);
	if (!blk_find(dev))
		root_fail(spec,
			  strchr(spec, '=') ? "UUID=, LABEL= and PARTUUID= are not supported"
					    : "no such disk",
			  -ENODEV);
	vfs_root_ctx(&ctx);
	err = vfs_mkdirat(&ctx, NULL, ROOT_MOUNTPOINT, 0700);
	if (!err || err == -EEXIST)
		err = mount_typed(&ctx, dev, types && *types ? types : "ext4", flags,
				  cmdline_get("rootflags"), type, sizeof(type));
	if (!err)
		err = vfs_lookup(&ctx, NULL, ROOT_MOUNTPOINT, 0, &disk_root);
	vfs_ctx_put(&ctx);
	if (err)
		root_fail(spec, "not a file system of the types tried (see the lines above)", err);
	printk("vfs: mounted root (%s) on %s%s\n", type, dev,
	       flags & MS_RDONLY ? " read-only" : "");
	mount_devtmpfs();
}

const char *root_rdinit(void)
{
	const char *path = cmdline_get("rdinit");

	return path && *path ? path : "/init";
}

void root_mount(bool initramfs)
{
	const char *spec = cmdline_get("root");

	if (initramfs && root_path_exists(root_rdinit())) {
		if (spec)
			printk("vfs: root=%s left to the initramfs's %s\n", spec, root_rdinit());
		return;
	}
	mount_disk();
}

/* ----- power-off ----- */

/*
 * Unmount @mnt after everything mounted on it, by name (@ctx's). The mount
 * lists are walked without the VFS's lock (it has no iterator): this runs
 * when init is gone, and a process that outlived it makes the umount fail.
 */
static int umount_tree(const struct vfs_ctx *ctx, struct vfsmount *mnt, char *buf)
{
	struct vfsmount *child, *next;
	struct path top = {mnt, mnt->mnt_root};
	int err;

	list_for_each_entry_safe(child, next, &mnt->mnt_mounts, mnt_child)
	{
		err = umount_tree(ctx, child, buf);
		if (err)
			return err;
	}
	err = vfs_d_path(ctx, &top, buf, PATH_MAX);
	if (err < 0)
		return err;
	err = vfs_umount(ctx, buf, 0);
	if (err)
		printk("vfs: cannot unmount %s at power-off (error %d)\n", buf, -err);
	return err;
}

static int sync_disk(struct block_device *bdev, void *arg)
{
	(void)arg;
	buffer_sync_bdev(bdev);
	return 0;
}

void root_shutdown(void)
{
	char *buf = kmalloc(PATH_MAX, GFP_KERNEL);
	struct vfsmount *child, *next;
	struct vfs_ctx ctx;
	int err = -ENOMEM;

	/* Our own references would keep the disk busy. */
	if (root_is_disk()) {
		path_put(&disk_root);
		disk_root = (struct path){0};
	}
	vfs_root_ctx(&ctx);
	if (buf) {
		err = 0;
		list_for_each_entry_safe(child, next, &ctx.root.mnt->mnt_mounts, mnt_child)
		{
			int e = umount_tree(&ctx, child, buf);

			err = err ? err : e;
		}
	}
	vfs_ctx_put(&ctx);
	kfree(buf);
	if (err) {
		/* Something is still mounted: at least get the data out. */
		sys_sync();
		blk_for_each(sync_disk, NULL);
		printk("vfs: disks synced, some file systems left mounted\n");
	}
}
