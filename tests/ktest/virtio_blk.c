/*
 * tests/ktest/virtio_blk.c - virtio-blk against a real device: many
 * requests at once (more than fit on the ring), each checked against a
 * synchronous read of the same sectors, then a flush.
 *
 * Needs a disk: QEMU test virtio.blk.selftest.* boots rux.selftest=virtio_blk
 * with one. Without a vda (the hosted runner, plain boots) there is nothing
 * to drive and the test passes without checking anything.
 */
#include "drivers/block/blkdev.h"
#include "drivers/virtio/blk.h"
#include "lib/ktest.h"
#include "lib/printk.h"
#include "lib/string.h"
#include "mm/kmalloc.h"
#include "sched/wait.h"

#define NR_REQUESTS 200
#define REQ_BYTES   4096

static struct wait_queue vblk_test_wq = WAIT_QUEUE_INIT(vblk_test_wq, "vblk_test");
static unsigned int vblk_test_done;

static void count_done(struct blk_request *req)
{
	__atomic_add_fetch(&vblk_test_done, 1, __ATOMIC_RELEASE);
	wake_up(&vblk_test_wq);
}

static bool all_done(void)
{
	return __atomic_load_n(&vblk_test_done, __ATOMIC_ACQUIRE) == NR_REQUESTS;
}

/* Request i reads 4 KiB at sector 11 * i: not 4 KiB aligned, overlapping none. */
static void fill_requests(struct blk_request *reqs, char *bufs)
{
	for (unsigned int i = 0; i < NR_REQUESTS; i++)
		reqs[i] = (struct blk_request){.op = BLK_READ,
					       .sector = 11ull * i,
					       .buf = bufs + (size_t)i * REQ_BYTES,
					       .len = REQ_BYTES,
					       .done = count_done};
}

KTEST(virtio_blk, many_requests_in_flight_match_sync_reads)
{
	struct block_device *bdev = blk_find("vda");
	struct blk_request *reqs;
	struct virtio_blk_stats st;
	char *bufs, *check;
	int err = 0;

	if (!bdev || virtio_blk_stats(bdev, &st) != 0)
		return;
	reqs = kcalloc(NR_REQUESTS, sizeof(*reqs), GFP_KERNEL);
	bufs = kmalloc((size_t)NR_REQUESTS * REQ_BYTES, GFP_KERNEL);
	check = kmalloc(REQ_BYTES, GFP_KERNEL);
	KT_ASSERT(reqs && bufs && check);
	fill_requests(reqs, bufs);
	vblk_test_done = 0;
	for (unsigned int i = 0; i < NR_REQUESTS && !err; i++)
		err = blk_submit(bdev, &reqs[i]);
	KT_ASSERT_EQ(err, 0);
	wait_event(vblk_test_wq, all_done());

	KT_ASSERT_EQ(virtio_blk_stats(bdev, &st), 0);
	printk("virtio_blk: %u requests, peak %u on the ring (room for %u)\n", NR_REQUESTS,
	       st.peak_on_ring, st.max_on_ring);
	KT_ASSERT(st.peak_on_ring > 1);
	KT_ASSERT(st.peak_on_ring <= st.max_on_ring);
	KT_ASSERT_EQ(st.on_ring, 0);
	KT_ASSERT_EQ(st.queued, 0);
	for (unsigned int i = 0; i < NR_REQUESTS; i++) {
		KT_ASSERT_EQ(reqs[i].status, 0);
		KT_ASSERT_EQ(blk_rw(bdev, BLK_READ, reqs[i].sector, check, REQ_BYTES), 0);
		KT_ASSERT(memcmp(check, reqs[i].buf, REQ_BYTES) == 0);
	}
	kfree(check);
	kfree(bufs);
	kfree(reqs);
}

KTEST(virtio_blk, flush_and_range_checks)
{
	struct block_device *bdev = blk_find("vda");
	struct virtio_blk_stats st;
	uint64_t flushes;
	char *buf;

	if (!bdev || virtio_blk_stats(bdev, &st) != 0)
		return;
	buf = kmalloc(SECTOR_SIZE, GFP_KERNEL);
	KT_ASSERT_NOT_NULL(buf);
	flushes = bdev->stats.flushes;
	KT_ASSERT_EQ(blk_flush(bdev), 0);
	KT_ASSERT_EQ(bdev->stats.flushes, flushes + 1);
	KT_ASSERT_EQ(blk_rw(bdev, BLK_READ, bdev->nr_sectors - 1, buf, SECTOR_SIZE), 0);
	KT_ASSERT_EQ(blk_rw(bdev, BLK_READ, bdev->nr_sectors, buf, SECTOR_SIZE), -EINVAL);
	kfree(buf);
}
