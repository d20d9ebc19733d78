/*
 * fs/devfs/devfs.c - the devfs file system ("devtmpfs"): one directory
 * listing every registered character and block device, a few fixed
 * symlinks and the empty directories pts and shm. Read-only: nothing can
 * be created here (mknod on a tmpfs makes device nodes anywhere else).
 *
 * The root lists, by position: the symlinks, the directories, the
 * character devices, then the block devices, each in registration order.
 * An entry's inode number is its index + 2 (the root is 1); devices are
 * registered at boot, before anyone looks, so numbers are stable. A block
 * device unregistered later leaves a node that fails to open (-ENXIO).
 * Inodes are made by lookup and stay cached with their dentries until
 * umount. Called under vfs_ns_lock like every inode_operations.
 */
#include "drivers/block/blkdev.h"
#include "fs/devfs/internal.h"
#include "lib/string.h"
#include "mm/kmalloc.h"

struct devfs_link {
	const char *name, *target;
};

static const struct devfs_link links[] = {
    {"fd", "/proc/self/fd"},
    {"stdin", "/proc/self/fd/0"},
    {"stdout", "/proc/self/fd/1"},
    {"stderr", "/proc/self/fd/2"},
};

static const char *const dirs[] = {"pts", "shm"};

#define NR_LINKS  ARRAY_SIZE(links)
#define NR_DIRS	  ARRAY_SIZE(dirs)
#define ROOT_INO  1
#define FIRST_INO 2

static const struct inode_operations devfs_root_iops;
static const struct inode_operations devfs_empty_dir_iops;
static const struct inode_operations devfs_link_iops;
static const struct inode_operations devfs_dev_iops;
static const struct file_operations devfs_root_fops;
static const struct file_operations devfs_empty_dir_fops;

struct nth_bdev {
	size_t n;
	struct block_device *found;
};

static int match_nth_bdev(struct block_device *bdev, void *arg)
{
	struct nth_bdev *want = arg;

	if (want->n-- > 0)
		return 0;
	want->found = bdev;
	return 1;
}

/* The @i-th registered block device, or NULL. */
static struct block_device *bdev_at(size_t i)
{
	struct nth_bdev want = {i, NULL};

	blk_for_each(match_nth_bdev, &want);
	return want.found;
}

static unsigned int nr_chrdevs(void)
{
	unsigned int n = 0;

	while (chrdev_at(n))
		n++;
	return n;
}

/* What the entry at index @i is: name, mode; NULL name past the end. */
static const char *entry_at(size_t i, uint32_t *mode, uint32_t *rdev)
{
	const struct chrdev *d;
	struct block_device *bdev;

	*rdev = 0;
	if (i < NR_LINKS) {
		*mode = S_IFLNK | 0777;
		return links[i].name;
	}
	i -= NR_LINKS;
	if (i < NR_DIRS) {
		*mode = S_IFDIR | 0755;
		return dirs[i];
	}
	i -= NR_DIRS;
	d = chrdev_at((unsigned int)i);
	if (d) {
		*mode = S_IFCHR | d->mode;
		*rdev = d->rdev;
		return d->name;
	}
	bdev = bdev_at(i - nr_chrdevs());
	if (!bdev)
		return NULL;
	*mode = S_IFBLK | 0660;
	*rdev = bdev->dev;
	return bdev->name;
}

static struct inode *devfs_inode(struct super_block *sb, size_t i)
{
	uint32_t mode, rdev;
	struct inode *inode;

	if (!entry_at(i, &mode, &rdev))
		return NULL;
	inode = new_inode(sb);
	if (!inode)
		return NULL;
	inode->i_ino = FIRST_INO + i;
	inode->i_mode = mode;
	switch (mode & S_IFMT) {
	case S_IFLNK:
		inode->i_op = &devfs_link_iops;
		inode->i_size = (int64_t)strlen(links[i].target);
		inode->i_private = (void *)links[i].target;
		break;
	case S_IFDIR:
		inode->i_op = &devfs_empty_dir_iops;
		inode->i_fop = &devfs_empty_dir_fops;
		inode->i_nlink = 2;
		break;
	default:
		inode->i_op = &devfs_dev_iops;
		special_inode_init(inode, mode, rdev);
		break;
	}
	return inode;
}

static int devfs_lookup(struct inode *dir, struct dentry *dentry)
{
	uint32_t mode, rdev;
	const char *name;

	for (size_t i = 0; (name = entry_at(i, &mode, &rdev)); i++) {
		if (strcmp(name, dentry->d_name) == 0) {
			struct inode *inode = devfs_inode(dir->i_sb, i);

			if (!inode)
				return -ENOMEM;
			d_add(dentry, inode);
			return 0;
		}
	}
	return 0;
}

static int devfs_iterate(struct file *file, struct dir_context *ctx)
{
	uint32_t mode, rdev;
	const char *name;

	if (!vfs_dir_emit_dots(file, ctx))
		return 0;
	for (size_t i = (size_t)ctx->pos - 2; (name = entry_at(i, &mode, &rdev)); i++) {
		if (!ctx->actor(ctx, name, strlen(name), (int64_t)i + 3, FIRST_INO + i,
				(mode & S_IFMT) >> 12))
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

static int devfs_readlink(struct dentry *dentry, char *buf, size_t size)
{
	const char *target = dentry->d_inode->i_private;
	size_t len = strlen(target);

	if (len > size)
		return -ENAMETOOLONG;
	memcpy(buf, target, len);
	return (int)len;
}

static const struct inode_operations devfs_root_iops = {.lookup = devfs_lookup};
static const struct inode_operations devfs_empty_dir_iops = {.lookup = empty_lookup};
static const struct inode_operations devfs_link_iops = {.readlink = devfs_readlink};
static const struct inode_operations devfs_dev_iops;
static const struct file_operations devfs_root_fops = {.iterate = devfs_iterate};
static const struct file_operations devfs_empty_dir_fops = {.iterate = empty_iterate};

/* ----- the super block ----- */

static struct inode *devfs_alloc_inode(struct super_block *sb)
{
	return kzalloc(sizeof(struct inode), GFP_KERNEL);
}

static void devfs_destroy_inode(struct inode *inode)
{
	kfree(inode);
}

static int devfs_statfs(struct super_block *sb, struct linux_statfs *st)
{
	st->f_type = TMPFS_MAGIC; /* what Linux's devtmpfs reports */
	st->f_bsize = 4096;
	st->f_frsize = 4096;
	st->f_namelen = NAME_MAX;
	return 0;
}

static const struct super_operations devfs_sops = {
    .alloc_inode = devfs_alloc_inode,
    .destroy_inode = devfs_destroy_inode,
    .statfs = devfs_statfs,
};

static int devfs_fill_super(struct super_block *sb, const char *source, const void *data)
{
	struct inode *root;

	sb->s_op = &devfs_sops;
	sb->s_magic = TMPFS_MAGIC;
	root = new_inode(sb);
	if (!root)
		return -ENOMEM;
	root->i_ino = ROOT_INO;
	root->i_mode = S_IFDIR | 0755;
	root->i_nlink = 2 + NR_DIRS;
	root->i_op = &devfs_root_iops;
	root->i_fop = &devfs_root_fops;
	sb->s_root = d_make_root(root);
	return sb->s_root ? 0 : -ENOMEM;
}

static struct file_system_type devtmpfs_type = {
    .name = "devtmpfs",
    .fill_super = devfs_fill_super,
};

int devfs_init(void)
{
	static bool done;
	int err;

	if (done)
		return 0;
	err = devfs_mem_init();
	if (!err)
		err = devfs_console_init();
	if (!err)
		err = register_filesystem(&devtmpfs_type);
	done = !err;
	return err;
}
