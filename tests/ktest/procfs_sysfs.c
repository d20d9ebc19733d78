/*
 * tests/ktest/procfs_sysfs.c - the minimal sysfs: it mounts, shows its
 * top-level directories, and refuses new entries.
 */
#include "fs/sysfs/sysfs.h"
#include "fs/vfs/vfs.h"
#include "lib/ktest.h"
#include "lib/string.h"

KTEST(sysfs, mounts_with_its_top_directories)
{
	static const char *const dirs[] = {"kernel", "class", "devices", "fs"};
	struct vfsmount *mnt;
	struct linux_statfs sfs;
	struct linux_stat st;
	struct cred cred;
	struct vfs_ctx ctx;

	memset(&cred, 0, sizeof(cred));
	KT_ASSERT_EQ(sysfs_init(), 0);
	KT_ASSERT_EQ(sysfs_init(), 0);
	KT_ASSERT_EQ(vfs_kern_mount("sysfs", 0, "sysfs", NULL, &mnt), 0);
	ctx.root.mnt = mntget(mnt);
	ctx.root.dentry = dget(mnt->mnt_root);
	ctx.cwd = ctx.root;
	path_get(&ctx.cwd);
	ctx.cred = &cred;
	ctx.umask = 022;
	for (size_t i = 0; i < sizeof(dirs) / sizeof(dirs[0]); i++) {
		KT_ASSERT_EQ(vfs_fstatat(&ctx, NULL, dirs[i], 0, &st), 0);
		KT_ASSERT(S_ISDIR(st.st_mode));
	}
	KT_ASSERT_EQ(vfs_fstatat(&ctx, NULL, "kernel/nothing", 0, &st), -ENOENT);
	KT_ASSERT(vfs_mkdirat(&ctx, NULL, "new", 0755) < 0);
	KT_ASSERT_EQ(vfs_statfs(&ctx.root, &sfs), 0);
	KT_ASSERT_EQ(sfs.f_type, SYSFS_MAGIC);
	vfs_ctx_put(&ctx);
	KT_ASSERT_EQ(vfs_kern_umount(mnt), 0);
}
