/*
 * fs/vfs/init.c - bringing the VFS up: the built-in file systems and the
 * root of the name space (a tmpfs, which the initramfs is unpacked into).
 */
#include "fs/tmpfs/tmpfs.h"
#include "fs/vfs/internal.h"
#include "lib/printk.h"

static const struct cred root_cred = CRED_ROOT_INIT;
static struct vfsmount *root_mnt;

int vfs_init(void)
{
	int err;

	if (root_mnt)
		return 0;
	err = tmpfs_register();
	if (err)
		return err;
	err = vfs_kern_mount("tmpfs", 0, "rootfs", "mode=0755", &root_mnt);
	if (err) {
		printk("vfs: cannot mount the root tmpfs: %d\n", err);
		return err;
	}
	return 0;
}

void vfs_root_ctx(struct vfs_ctx *ctx)
{
	ctx->root.mnt = mntget(root_mnt);
	ctx->root.dentry = dget(root_mnt->mnt_root);
	ctx->cwd = ctx->root;
	path_get(&ctx->cwd);
	ctx->cred = &root_cred;
	ctx->umask = 022;
}

void vfs_ctx_put(struct vfs_ctx *ctx)
{
	path_put(&ctx->cwd);
	path_put(&ctx->root);
}
