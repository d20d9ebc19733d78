/*
 * tests/ktest/block.c - the block layer and buffer cache on a RAM disk:
 * request checks, statistics, one buffer per block, write-back of dirty
 * buffers by sync and by eviction, invalidation at unmount.
 */
#include "drivers/block/buffer.h"
#include "lib/ktest.h"
#include "lib/string.h"
#include "mm/kmalloc.h"
#include "sched/thread.h"
#include "uapi/errno.h"

#define RAMDISK_SECTORS 64

struct ramdisk {
	struct block_device bdev;
	uint8_t data[RAMDISK_SECTORS * SECTOR_SIZE];
	unsigned int writes;
};

static int ramdisk_submit(struct block_device *bdev, struct blk_request *req)
{
	struct ramdisk *rd = bdev->driver_data;
	uint8_t *at = rd->data + (req->sector << SECTOR_SHIFT);

	if (req->op == BLK_READ)
		memcpy(req->buf, at, req->len);
	else if (req->op == BLK_WRITE) {
		memcpy(at, req->buf, req->len);
		rd->writes++;
	}
	blk_complete(bdev, req, 0);
	return 0;
}

static const struct block_device_ops ramdisk_ops = {.submit = ramdisk_submit};

static struct ramdisk *ramdisk_new(const char *name, uint32_t dev)
{
	struct ramdisk *rd = kzalloc(sizeof(*rd), 0);

	if (!rd)
		return NULL;
	strcpy(rd->bdev.name, name);
	rd->bdev.dev = dev;
	rd->bdev.nr_sectors = RAMDISK_SECTORS;
	rd->bdev.ops = &ramdisk_ops;
	rd->bdev.driver_data = rd;
	for (unsigned int i = 0; i < sizeof(rd->data); i++)
		rd->data[i] = (uint8_t)(i / SECTOR_SIZE);
	if (blk_register(&rd->bdev)) {
		kfree(rd);
		return NULL;
	}
	return rd;
}

static void ramdisk_free(struct ramdisk *rd)
{
	KT_ASSERT_EQ(buffer_invalidate_bdev(&rd->bdev), 0);
	blk_unregister(&rd->bdev);
	kfree(rd);
}

KTEST(block, registry_and_request_checks)
{
	struct ramdisk *rd = ramdisk_new("ktram0", 0x7f00);
	struct block_device dup = {.name = "ktram0", .dev = 0x7f01, .nr_sectors = 1,
				   .ops = &ramdisk_ops};
	uint8_t buf[SECTOR_SIZE];

	KT_ASSERT_NOT_NULL(rd);
	KT_ASSERT_EQ(blk_register(&dup), -EBUSY);
	KT_ASSERT(blk_find("ktram0") == &rd->bdev);
	KT_ASSERT(blk_find_dev(0x7f00) == &rd->bdev);
	KT_ASSERT(blk_find("ktram9") == NULL);

	KT_ASSERT_EQ(blk_rw(&rd->bdev, BLK_READ, 3, buf, sizeof(buf)), 0);
	KT_ASSERT_EQ(buf[0], 3);
	KT_ASSERT_EQ(blk_rw(&rd->bdev, BLK_READ, RAMDISK_SECTORS, buf, sizeof(buf)), -EINVAL);
	KT_ASSERT_EQ(blk_rw(&rd->bdev, BLK_READ, 0, buf, 100), -EINVAL);
	KT_ASSERT_EQ(rd->bdev.stats.reads, 1);
	KT_ASSERT_EQ(rd->bdev.stats.read_sectors, 1);
	KT_ASSERT_EQ(rd->bdev.stats.in_flight, 0);

	rd->bdev.read_only = true;
	KT_ASSERT_EQ(blk_rw(&rd->bdev, BLK_WRITE, 0, buf, sizeof(buf)), -EROFS);
	rd->bdev.read_only = false;
	KT_ASSERT_EQ(blk_flush(&rd->bdev), 0);
	KT_ASSERT_EQ(rd->bdev.stats.flushes, 1);
	ramdisk_free(rd);
	KT_ASSERT(blk_find("ktram0") == NULL);
}

KTEST(block, one_buffer_per_block_and_sync_writes_back)
{
	struct ramdisk *rd = ramdisk_new("ktram1", 0x7f02);
	struct buffer_head *a, *b, *c;

	KT_ASSERT_NOT_NULL(rd);
	a = bread(&rd->bdev, 2, 1024); /* sectors 4 and 5 */
	KT_ASSERT(!IS_ERR(a));
	KT_ASSERT_EQ(((uint8_t *)a->b_data)[0], 4);
	KT_ASSERT_EQ(((uint8_t *)a->b_data)[512], 5);
	b = bread(&rd->bdev, 2, 1024);
	KT_ASSERT(a == b);
	KT_ASSERT_EQ(rd->bdev.stats.reads, 1);
	brelse(b);
	KT_ASSERT(PTR_ERR(bread(&rd->bdev, 32, 1024)) == -EINVAL);
	KT_ASSERT(PTR_ERR(bread(&rd->bdev, 0, 1000)) == -EINVAL);

	lock_buffer(a);
	memset(a->b_data, 0xab, 1024);
	mark_buffer_dirty(a);
	unlock_buffer(a);
	KT_ASSERT(buffer_dirty(a));
	KT_ASSERT_EQ(rd->data[4 * SECTOR_SIZE], 4);
	KT_ASSERT_EQ(buffer_sync_bdev(&rd->bdev), 0);
	KT_ASSERT(!buffer_dirty(a));
	KT_ASSERT_EQ(rd->data[4 * SECTOR_SIZE], 0xab);
	KT_ASSERT_EQ(rd->data[6 * SECTOR_SIZE - 1], 0xab);
	KT_ASSERT_EQ(rd->writes, 1);
	KT_ASSERT_EQ(buffer_sync_bdev(&rd->bdev), 0);
	KT_ASSERT_EQ(rd->writes, 1);

	c = bget(&rd->bdev, 7, 512);
	KT_ASSERT(!IS_ERR(c));
	KT_ASSERT(!buffer_uptodate(c));
	memset(c->b_data, 0x11, 512);
	mark_buffer_dirty(c);
	clear_buffer_dirty(c);
	KT_ASSERT_EQ(buffer_sync_bdev(&rd->bdev), 0);
	KT_ASSERT_EQ(rd->data[7 * SECTOR_SIZE], 7);

	KT_ASSERT_EQ(buffer_invalidate_bdev(&rd->bdev), 2);
	brelse(a);
	brelse(c);
	ramdisk_free(rd);
}

KTEST(block, eviction_writes_dirty_buffers_first)
{
	struct ramdisk *rd = ramdisk_new("ktram2", 0x7f03);
	unsigned long before, bytes, after;
	struct buffer_head *bh;

	KT_ASSERT_NOT_NULL(rd);
	buffer_cache_usage(&before, &bytes);
	for (uint64_t i = 0; i < 8; i++) {
		bh = bread(&rd->bdev, i, 2048);
		KT_ASSERT(!IS_ERR(bh));
		memset(bh->b_data, 0x50 + (int)i, 2048);
		mark_buffer_dirty(bh);
		brelse(bh);
	}
	buffer_cache_usage(&after, &bytes);
	KT_ASSERT_EQ(after, before + 8);
	buffer_cache_set_limit(2 * 2048);
	buffer_cache_usage(&after, &bytes);
	buffer_cache_set_limit(8ul << 20);
	KT_ASSERT(after <= before + 2);
	for (unsigned int i = 0; i < 6; i++)
		KT_ASSERT_EQ(rd->data[i * 2048], 0x50 + i);
	KT_ASSERT_EQ(buffer_sync_bdev(&rd->bdev), 0);
	for (unsigned int i = 0; i < 8; i++)
		KT_ASSERT_EQ(rd->data[i * 2048 + 2047], 0x50 + i);
	ramdisk_free(rd);
}

KTEST(block, flusher_writes_dirty_buffers_back)
{
	struct ramdisk *rd = ramdisk_new("ktram3", 0x7f04);
	struct buffer_head *bh;

	KT_ASSERT_NOT_NULL(rd);
	KT_ASSERT_EQ(buffer_start_flusher(), 0);
	KT_ASSERT_EQ(buffer_start_flusher(), 0); /* once is enough */
	buffer_set_dirty_limit(0);		  /* any dirty buffer wakes it */
	bh = bread(&rd->bdev, 1, 512);
	KT_ASSERT(!IS_ERR(bh));
	memset(bh->b_data, 0x77, 512);
	mark_buffer_dirty(bh);
	KT_ASSERT(buffer_dirty_bytes() >= 512);
	brelse(bh);
	/* Asynchronous: wait (bounded) for the flusher to get to it. */
	for (int i = 0; i < 1000 && rd->data[SECTOR_SIZE] != 0x77; i++)
		thread_sleep_ns(10000000);
	buffer_set_dirty_limit(4ul << 20);
	KT_ASSERT_EQ(rd->data[SECTOR_SIZE], 0x77);
	KT_ASSERT_EQ(rd->data[2 * SECTOR_SIZE - 1], 0x77);
	/* On another CPU the flusher may still hold the buffer a moment. */
	for (int i = 0; i < 1000 && buffer_invalidate_bdev(&rd->bdev); i++)
		thread_sleep_ns(1000000);
	ramdisk_free(rd);
}
