/*
 * tests/ktest/bdev_file.c - block devices as files, on a RAM disk with
 * 4 KiB logical blocks: unaligned reads and writes (read-modify-write keeps
 * the neighbours), the end of the device, lseek, fsync, read-only devices,
 * missing drivers, and the device's entries in /dev, /proc and /sys.
 */
#include "drivers/block/blkdev.h"
#include "fs/devfs/devfs.h"
#include "fs/procfs/procfs.h"
#include "fs/sysfs/sysfs.h"
#include "lib/compiler.h"
#include "lib/ktest.h"
#include "lib/string.h"
#include "mm/kmalloc.h"
#include "vfs_helpers.h"

#define DISK_BYTES (32 * 1024)
#define DISK_NAME  "ktvd0"
#define DISK_DEV   vfs_mkdev(253, 7)

struct ram_bdev {
	struct block_device bdev;
	uint8_t data[DISK_BYTES];
};

static int ram_submit(struct block_device *bdev, struct blk_request *req)
{
	struct ram_bdev *rd = bdev->driver_data;
	uint8_t *at = rd->data + (req->sector << SECTOR_SHIFT);

	if (req->op == BLK_READ)
		memcpy(req->buf, at, req->len);
	else if (req->op == BLK_WRITE)
		memcpy(at, req->buf, req->len);
	blk_complete(bdev, req, 0);
	return 0;
}

static const struct block_device_ops ram_ops = {.submit = ram_submit};

/* Byte i of the disk starts as i * 7 (mod 256). */
static uint8_t initial(size_t i)
{
	return (uint8_t)(i * 7);
}

static struct ram_bdev *ram_new(void)
{
	struct ram_bdev *rd = kzalloc(sizeof(*rd), GFP_KERNEL);

	if (!rd)
		return NULL;
	strcpy(rd->bdev.name, DISK_NAME);
	rd->bdev.dev = DISK_DEV;
	rd->bdev.nr_sectors = DISK_BYTES / SECTOR_SIZE;
	rd->bdev.logical_block_size = 4096;
	rd->bdev.ops = &ram_ops;
	rd->bdev.driver_data = rd;
	for (size_t i = 0; i < DISK_BYTES; i++)
		rd->data[i] = initial(i);
	if (blk_register(&rd->bdev)) {
		kfree(rd);
		return NULL;
	}
	return rd;
}

static void ram_free(struct ram_bdev *rd)
{
	blk_unregister(&rd->bdev);
	kfree(rd);
}

/* A tmpfs with a block device node "disk" for the RAM disk. */
static int disk_setup(struct vt *w, struct ram_bdev **rd)
{
	int err = vt_setup(w, NULL);

	if (err)
		return err;
	*rd = ram_new();
	if (!*rd)
		return -ENOMEM;
	return vfs_mknodat(&w->ctx, NULL, "disk", S_IFBLK | 0600, DISK_DEV);
}

static long pread_disk(struct file *f, void *buf, size_t len, int64_t pos)
{
	return vfs_read(f, buf, len, &pos);
}

static long pwrite_disk(struct file *f, const void *buf, size_t len, int64_t pos)
{
	return vfs_write(f, buf, len, &pos);
}

KTEST(bdev_file, unaligned_writes_keep_the_rest_of_their_blocks)
{
	char *buf = kmalloc(8192, GFP_KERNEL);
	struct ram_bdev *rd;
	struct file *f;
	struct vt w;

	KT_ASSERT_NOT_NULL(buf);
	KT_ASSERT_EQ(disk_setup(&w, &rd), 0);
	KT_ASSERT_EQ(vfs_openat(&w.ctx, NULL, "disk", O_RDWR, 0, &f), 0);

	memset(buf, 'W', 5000);
	KT_ASSERT_EQ(pwrite_disk(f, buf, 5000, 4097), 5000);
	KT_ASSERT_EQ(rd->data[4096], initial(4096));
	KT_ASSERT_EQ(rd->data[4097], 'W');
	KT_ASSERT_EQ(rd->data[9096], 'W');
	KT_ASSERT_EQ(rd->data[9097], initial(9097));
	KT_ASSERT_EQ(rd->data[4095], initial(4095));
	/* Inside one block, neither edge aligned. */
	KT_ASSERT_EQ(pwrite_disk(f, "ab", 2, 20000), 2);
	KT_ASSERT_EQ(rd->data[19999], initial(19999));
	KT_ASSERT_EQ(rd->data[20001], 'b');
	KT_ASSERT_EQ(rd->data[20002], initial(20002));

	KT_ASSERT_EQ(pread_disk(f, buf, 4, 4095), 4);
	KT_ASSERT_EQ((uint8_t)buf[0], initial(4095));
	KT_ASSERT_EQ((uint8_t)buf[1], initial(4096));
	KT_ASSERT_EQ(buf[2], 'W');
	KT_ASSERT_EQ(pread_disk(f, buf, 8192, 3), 8192);
	KT_ASSERT_EQ((uint8_t)buf[0], initial(3));
	KT_ASSERT_EQ(buf[4094], 'W');
	vfs_close(f);
	ram_free(rd);
	KT_ASSERT_EQ(vt_teardown(&w), 0);
	kfree(buf);
}

KTEST(bdev_file, the_end_of_the_device)
{
	char buf[100];
	struct ram_bdev *rd;
	struct file *f;
	struct vt w;

	KT_ASSERT_EQ(disk_setup(&w, &rd), 0);
	KT_ASSERT_EQ(vfs_openat(&w.ctx, NULL, "disk", O_RDWR, 0, &f), 0);
	KT_ASSERT_EQ(pread_disk(f, buf, sizeof(buf), DISK_BYTES - 8), 8);
	KT_ASSERT_EQ((uint8_t)buf[7], initial(DISK_BYTES - 1));
	KT_ASSERT_EQ(pread_disk(f, buf, sizeof(buf), DISK_BYTES), 0);
	memset(buf, 'E', sizeof(buf));
	KT_ASSERT_EQ(pwrite_disk(f, buf, sizeof(buf), DISK_BYTES - 8), 8);
	KT_ASSERT_EQ(rd->data[DISK_BYTES - 1], 'E');
	KT_ASSERT_EQ(rd->data[DISK_BYTES - 9], initial(DISK_BYTES - 9));
	KT_ASSERT_EQ(pwrite_disk(f, buf, sizeof(buf), DISK_BYTES), -ENOSPC);

	KT_ASSERT_EQ(vfs_lseek(f, 0, SEEK_END), DISK_BYTES);
	KT_ASSERT_EQ(vfs_lseek(f, -10, SEEK_CUR), DISK_BYTES - 10);
	KT_ASSERT_EQ(vfs_lseek(f, 1, SEEK_END), -EINVAL);
	KT_ASSERT_EQ(vfs_lseek(f, -1, SEEK_SET), -EINVAL);
	KT_ASSERT_EQ(vfs_lseek(f, 100, SEEK_DATA), 100);
	KT_ASSERT_EQ(vfs_lseek(f, 100, SEEK_HOLE), DISK_BYTES);
	KT_ASSERT_EQ(vfs_lseek(f, DISK_BYTES, SEEK_DATA), -ENXIO);
	KT_ASSERT_EQ(vfs_fsync(f), 0);
	KT_ASSERT_EQ(rd->bdev.stats.flushes, 1);
	vfs_close(f);
	ram_free(rd);
	KT_ASSERT_EQ(vt_teardown(&w), 0);
}

KTEST(bdev_file, read_only_and_missing_devices)
{
	struct ram_bdev *rd;
	struct file *f;
	struct vt w;

	KT_ASSERT_EQ(disk_setup(&w, &rd), 0);
	rd->bdev.read_only = true;
	KT_ASSERT_EQ(vfs_openat(&w.ctx, NULL, "disk", O_WRONLY, 0, &f), -EROFS);
	KT_ASSERT_EQ(vfs_openat(&w.ctx, NULL, "disk", O_RDONLY, 0, &f), 0);
	vfs_close(f);
	KT_ASSERT_EQ(vfs_mknodat(&w.ctx, NULL, "none", S_IFBLK | 0600, vfs_mkdev(253, 8)), 0);
	KT_ASSERT_EQ(vfs_openat(&w.ctx, NULL, "none", O_RDONLY, 0, &f), -ENXIO);
	ram_free(rd);
	KT_ASSERT_EQ(vfs_openat(&w.ctx, NULL, "disk", O_RDONLY, 0, &f), -ENXIO);
	KT_ASSERT_EQ(vt_teardown(&w), 0);
}

/* Mount @type at a fresh context in @w (vt_teardown releases it). */
static int mount_world(struct vt *w, const char *type)
{
	memset(w, 0, sizeof(*w));
	int err = vfs_kern_mount(type, 0, type, NULL, &w->mnt);

	if (err)
		return err;
	w->ctx.root.mnt = mntget(w->mnt);
	w->ctx.root.dentry = dget(w->mnt->mnt_root);
	w->ctx.cwd = w->ctx.root;
	path_get(&w->ctx.cwd);
	w->ctx.cred = &w->cred;
	return 0;
}

/* Read @name of @w into @buf (NUL-terminated); the length or an error. */
static long read_text(struct vt *w, const char *name, char *buf, size_t size)
{
	struct file *f;
	int64_t pos = 0;
	long n;
	int err = vfs_openat(&w->ctx, NULL, name, O_RDONLY, 0, &f);

	if (err)
		return err;
	n = vfs_read(f, buf, size - 1, &pos);
	vfs_close(f);
	buf[MAX(n, 0)] = '\0';
	return n;
}

KTEST(bdev_file, devfs_procfs_and_sysfs_show_the_disk)
{
	char *text = kmalloc(4096, GFP_KERNEL);
	struct linux_stat st;
	struct ram_bdev *rd;
	struct vt w;

	KT_ASSERT_NOT_NULL(text);
	KT_ASSERT_EQ(devfs_init() | procfs_init() | sysfs_init(), 0);
	rd = ram_new();
	KT_ASSERT_NOT_NULL(rd);

	KT_ASSERT_EQ(mount_world(&w, "devtmpfs"), 0);
	KT_ASSERT_EQ(vfs_fstatat(&w.ctx, NULL, DISK_NAME, 0, &st), 0);
	KT_ASSERT(S_ISBLK(st.st_mode));
	KT_ASSERT_EQ(st.st_rdev, DISK_DEV);
	KT_ASSERT_EQ(vt_teardown(&w), 0);

	KT_ASSERT_EQ(mount_world(&w, "proc"), 0);
	KT_ASSERT(read_text(&w, "partitions", text, 4096) > 0);
	KT_ASSERT(strstr(text, "major minor  #blocks  name\n\n") == text);
	KT_ASSERT_NOT_NULL(strstr(text, " 253        7         32 " DISK_NAME "\n"));
	KT_ASSERT(read_text(&w, "diskstats", text, 4096) > 0);
	KT_ASSERT_NOT_NULL(strstr(text, " 253       7 " DISK_NAME " 0 0 0 0 0 0 0 0 0 0 0"));
	KT_ASSERT_EQ(vt_teardown(&w), 0);

	KT_ASSERT_EQ(mount_world(&w, "sysfs"), 0);
	KT_ASSERT_EQ(read_text(&w, "block/" DISK_NAME "/size", text, 4096), 3);
	KT_ASSERT_STR_EQ(text, "64\n");
	KT_ASSERT_EQ(read_text(&w, "block/" DISK_NAME "/ro", text, 4096), 2);
	KT_ASSERT_STR_EQ(text, "0\n");
	KT_ASSERT_EQ(read_text(&w, "block/" DISK_NAME "/dev", text, 4096), 6);
	KT_ASSERT_STR_EQ(text, "253:7\n");
	KT_ASSERT_EQ(read_text(&w, "block/nothing/size", text, 4096), -ENOENT);
	KT_ASSERT_EQ(vt_teardown(&w), 0);
	ram_free(rd);
	kfree(text);
}
