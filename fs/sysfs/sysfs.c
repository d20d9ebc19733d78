/*
 * fs/sysfs/sysfs.c - the minimal sysfs: a read-only root holding a fixed
 * set of directories, empty except block (block.c). Inode numbers: the root 1, the i-th directory
 * i + 2. Directory inodes are made by lookup and cached until umount.
 * Called under vfs_ns_lock like every inode_operations.
 */
#include "fs/sysfs/sysfs.h"
#include "fs/sysfs/internal.h"
#include "fs/vfs/vfs.h"
#include "lib/compiler.h"
#include "lib/string.h"
#include "mm/kmalloc.h"

static const char *const top_dirs[] = {
    "block", "bus", "class", "dev", "devices", "firmware", "fs", "kernel", "module", "power",
};

#define ROOT_INO  1
#define FIRST_INO 2

static const struct inode_operations sysfs_root_iops;
static const struct inode_operations sysfs_empty_iops;
static const struct file_operations sysfs_root_fops;
static const struct file_operations sysfs_empty_fops;

static struct inode *sysfs_dir_inode(struct super_block *sb, uint64_t ino, bool root)
{
	struct inode *inode = new_inode(sb);

	if (!inode)
		return NULL;
	inode->i_ino = ino;
	inode->i_mode = S_IFDIR | 0755;
	inode->i_nlink = root ? 2 + ARRAY_SIZE(top_dirs) : 2;
	inode->i_op = root ? &sysfs_root_iops : &sysfs_empty_iops;
	inode->i_fop = root ? &sysfs_root_fops : &sysfs_empty_fops;
	if (!root && strcmp(top_dirs[ino - FIRST_INO], "block") == 0) {
		inode->i_op = &sysfs_block_iops;
		inode->i_fop = &sysfs_block_fops;
	}
	return inode;
}

static int sysfs_lookup(struct inode *dir, struct dentry *dentry)
{
	for (size_t i = 0; i < ARRAY_SIZE(top_dirs); i++) {
		if (strcmp(top_dirs[i], dentry->d_name) == 0) {
			struct inode *inode = sysfs_dir_inode(dir->i_sb, FIRST_INO + i, false);

			if (!inode)
				return -ENOMEM;
			d_add(dentry, inode);
			return 0;
		}
	}
	return 0;
}

static int sysfs_iterate(struct file *file, struct dir_context *ctx)
{
	if (!vfs_dir_emit_dots(file, ctx))
		return 0;
	for (size_t i = (size_t)ctx->pos - 2; i < ARRAY_SIZE(top_dirs); i++) {
		if (!ctx->actor(ctx, top_dirs[i], strlen(top_dirs[i]), (int64_t)i + 3,
				FIRST_INO + i, DT_DIR))
			break;
	}
	return 0;
}

static int empty_lookup(struct inode *dir, struct dentry *dentry)
{
	return 0;
}

static int empty_iterate(struct file *file, struct dir_context *ctx)
{
	vfs_dir_emit_dots(file, ctx);
	return 0;
}

static const struct inode_operations sysfs_root_iops = {.lookup = sysfs_lookup};
static const struct inode_operations sysfs_empty_iops = {.lookup = empty_lookup};
static const struct file_operations sysfs_root_fops = {.iterate = sysfs_iterate};
static const struct file_operations sysfs_empty_fops = {.iterate = empty_iterate};

static struct inode *sysfs_alloc_inode(struct super_block *sb)
{
	return kzalloc(sizeof(struct inode), GFP_KERNEL);
}

static void sysfs_destroy_inode(struct inode *inode)
{
	kfree(inode);
}

static int sysfs_statfs(struct super_block *sb, struct linux_statfs *st)
{
	st->f_type = SYSFS_MAGIC;
	st->f_bsize = 4096;
	st->f_frsize = 4096;
	st->f_namelen = NAME_MAX;
	return 0;
}

static const struct super_operations sysfs_sops = {
    .alloc_inode = sysfs_alloc_inode,
    .destroy_inode = sysfs_destroy_inode,
    .statfs = sysfs_statfs,
};

static int sysfs_fill_super(struct super_block *sb, const char *source, const void *data)
{
	struct inode *root;

	sb->s_op = &sysfs_sops;
	sb->s_magic = SYSFS_MAGIC;
	root = sysfs_dir_inode(sb, ROOT_INO, true);
	if (!root)
		return -ENOMEM;
	sb->s_root = d_make_root(root);
	return sb->s_root ? 0 : -ENOMEM;
}

static struct file_system_type sysfs_type = {
    .name = "sysfs",
    .fill_super = sysfs_fill_super,
};

int sysfs_init(void)
{
	static bool done;
	int err;

	if (done)
		return 0;
	err = register_filesystem(&sysfs_type);
	done = !err;
	return err;
}
