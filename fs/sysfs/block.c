/*
 * fs/sysfs/block.c - /sys/block: a directory per registered block device
 * holding the attribute files Linux has there (all read-only):
 *
 *	dev        "254:0"
 *	size       capacity in 512-byte sectors
 *	ro         1 when read-only
 *	removable  0
 *	stat       the I/O counters (Documentation/block/stat.rst layout)
 *	inflight   requests in flight: "reads writes" (all counted as reads)
 *
 * Nothing here is cached: lookup makes a fresh, nameless inode and unhashes
 * its dentry (as procfs does), so a device that goes away disappears. An
 * inode remembers its device by number (i_rdev) and its attribute by
 * index (i_private); a file's text is made when it is opened.
 */
#include "drivers/block/blkdev.h"
#include "fs/sysfs/internal.h"
#include "lib/compiler.h"
#include "lib/printk.h"
#include "lib/string.h"
#include "mm/kmalloc.h"

#define ATTR_TEXT_MAX  256
#define ATTR_FILE_SIZE 4096	/* what stat says of a sysfs attribute, as on Linux */
#define BLOCK_INO_BASE 0x100000 /* above the fixed top-level inodes */

struct block_attr {
	const char *name;
	int (*show)(struct block_device *bdev, char *buf, size_t size);
};

static int show_dev(struct block_device *bdev, char *buf, size_t size)
{
	return ksnprintf(buf, size, "%u:%u\n", vfs_major(bdev->dev), vfs_minor(bdev->dev));
}

static int show_size(struct block_device *bdev, char *buf, size_t size)
{
	return ksnprintf(buf, size, "%llu\n", (unsigned long long)bdev->nr_sectors);
}

static int show_ro(struct block_device *bdev, char *buf, size_t size)
{
	return ksnprintf(buf, size, "%d\n", bdev->read_only);
}

static int show_removable(struct block_device *bdev, char *buf, size_t size)
{
	return ksnprintf(buf, size, "0\n");
}

static struct blk_stats stats_of(struct block_device *bdev)
{
	struct blk_stats st;
	unsigned long flags;

	flags = spin_lock_irqsave(&bdev->lock);
	st = bdev->stats;
	spin_unlock_irqrestore(&bdev->lock, flags);
	return st;
}

static int show_stat(struct block_device *bdev, char *buf, size_t size)
{
	struct blk_stats st = stats_of(bdev);

	return ksnprintf(buf, size,
			 "%8llu %8u %8llu %8llu %8llu %8u %8llu %8llu %8llu %8llu %8llu "
			 "%8u %8u %8u %8u %8llu %8llu\n",
			 (unsigned long long)st.reads, 0, (unsigned long long)st.read_sectors,
			 (unsigned long long)st.read_ms, (unsigned long long)st.writes, 0,
			 (unsigned long long)st.write_sectors, (unsigned long long)st.write_ms,
			 (unsigned long long)st.in_flight, (unsigned long long)st.io_ms,
			 (unsigned long long)(st.read_ms + st.write_ms + st.flush_ms), 0, 0, 0, 0,
			 (unsigned long long)st.flushes, (unsigned long long)st.flush_ms);
}

static int show_inflight(struct block_device *bdev, char *buf, size_t size)
{
	return ksnprintf(buf, size, "%8llu %8u\n", (unsigned long long)stats_of(bdev).in_flight, 0);
}

static const struct block_attr attrs[] = {
    {"dev", show_dev},	 {"size", show_size},
    {"ro", show_ro},	 {"removable", show_removable},
    {"stat", show_stat}, {"inflight", show_inflight},
};

static const struct inode_operations block_dev_iops;
static const struct inode_operations block_attr_iops;
static const struct file_operations block_dev_fops;
static const struct file_operations block_attr_fops;

/* Inode number of device @dev's directory (@attr < 0) or attribute @attr. */
static uint64_t block_ino(uint32_t dev, int attr)
{
	return BLOCK_INO_BASE + (uint64_t)dev * (ARRAY_SIZE(attrs) + 1) + (uint64_t)(attr + 1);
}

/* A nameless inode (freed with its last reference) for device @dev:
 * its directory (@attr < 0) or attribute file @attr. */
static struct inode *block_inode(struct super_block *sb, uint32_t dev, int attr)
{
	struct inode *inode = new_inode(sb);

	if (!inode)
		return NULL;
	inode->i_ino = block_ino(dev, attr);
	inode->i_nlink = 0;
	inode->i_rdev = dev;
	inode->i_private = (void *)(intptr_t)attr;
	if (attr < 0) {
		inode->i_mode = S_IFDIR | 0755;
		inode->i_op = &block_dev_iops;
		inode->i_fop = &block_dev_fops;
	} else {
		inode->i_mode = S_IFREG | 0444;
		inode->i_size = ATTR_FILE_SIZE;
		inode->i_op = &block_attr_iops;
		inode->i_fop = &block_attr_fops;
	}
	return inode;
}

/* Nameless inodes have no links of their own: report the usual counts. */
static int block_getattr(struct dentry *dentry, struct kstat *st)
{
	vfs_fill_kstat(dentry->d_inode, st);
	st->nlink = inode_is_dir(dentry->d_inode) ? 2 : 1;
	return 0;
}

static int add_fresh(struct dentry *dentry, struct inode *inode)
{
	if (!inode)
		return -ENOMEM;
	d_add(dentry, inode);
	d_drop(dentry);
	return 0;
}

/* ----- /sys/block ----- */

static int block_lookup(struct inode *dir, struct dentry *dentry)
{
	struct block_device *bdev = blk_find(dentry->d_name);

	if (!bdev)
		return 0;
	return add_fresh(dentry, block_inode(dir->i_sb, bdev->dev, -1));
}

struct emit_state {
	struct dir_context *ctx;
	int64_t index; /* of the device being looked at, from 0 */
};

/* Device number i is at position i + 2 (after "." and ".."). */
static int emit_device(struct block_device *bdev, void *arg)
{
	struct emit_state *es = arg;
	int64_t pos = 2 + es->index++;

	if (pos < es->ctx->pos)
		return 0;
	return !es->ctx->actor(es->ctx, bdev->name, strlen(bdev->name), pos + 1,
			       block_ino(bdev->dev, -1), DT_DIR);
}

static int block_iterate(struct file *file, struct dir_context *ctx)
{
	struct emit_state es = {ctx, 0};

	if (!vfs_dir_emit_dots(file, ctx))
		return 0;
	blk_for_each(emit_device, &es);
	return 0;
}

const struct inode_operations sysfs_block_iops = {.lookup = block_lookup};
const struct file_operations sysfs_block_fops = {.iterate = block_iterate};

/* ----- /sys/block/<name> ----- */

static int block_dev_lookup(struct inode *dir, struct dentry *dentry)
{
	for (size_t i = 0; i < ARRAY_SIZE(attrs); i++)
		if (strcmp(attrs[i].name, dentry->d_name) == 0)
			return add_fresh(dentry, block_inode(dir->i_sb, dir->i_rdev, (int)i));
	return 0;
}

static int block_dev_iterate(struct file *file, struct dir_context *ctx)
{
	uint32_t dev = file->f_inode->i_rdev;

	if (!vfs_dir_emit_dots(file, ctx))
		return 0;
	for (size_t i = (size_t)ctx->pos - 2; i < ARRAY_SIZE(attrs); i++) {
		if (!ctx->actor(ctx, attrs[i].name, strlen(attrs[i].name), (int64_t)i + 3,
				block_ino(dev, (int)i), DT_REG))
			break;
	}
	return 0;
}

static const struct inode_operations block_dev_iops = {
    .lookup = block_dev_lookup,
    .getattr = block_getattr,
};
static const struct file_operations block_dev_fops = {.iterate = block_dev_iterate};

/* ----- attribute files ----- */

struct attr_text {
	size_t len;
	char buf[ATTR_TEXT_MAX];
};

static int attr_open(struct inode *inode, struct file *file)
{
	const struct block_attr *a = &attrs[(intptr_t)inode->i_private];
	struct block_device *bdev = blk_find_dev(inode->i_rdev);
	struct attr_text *t;
	int n;

	if (file->f_mode & FMODE_WRITE)
		return -EACCES;
	if (!bdev)
		return -ENODEV;
	t = kmalloc(sizeof(*t), GFP_KERNEL);
	if (!t)
		return -ENOMEM;
	n = a->show(bdev, t->buf, sizeof(t->buf));
	t->len = (size_t)MIN(MAX(n, 0), (int)sizeof(t->buf) - 1);
	file->private_data = t;
	return 0;
}

static long attr_read(struct file *file, struct vfs_iter *to, int64_t *pos)
{
	struct attr_text *t = file->private_data;

	if (*pos >= (int64_t)t->len)
		return 0;
	*pos += (int64_t)vfs_iter_copy_to(to, t->buf + *pos, t->len - (size_t)*pos);
	return (long)to->done;
}

static int attr_release(struct inode *inode, struct file *file)
{
	kfree(file->private_data);
	return 0;
}

static const struct inode_operations block_attr_iops = {.getattr = block_getattr};
static const struct file_operations block_attr_fops = {
    .open = attr_open,
    .read = attr_read,
    .release = attr_release,
};
