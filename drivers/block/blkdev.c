/*
 * drivers/block/blkdev.c - the registry of block devices, request checks,
 * statistics and synchronous I/O on top of the drivers' asynchronous submit.
 */
#include "drivers/block/blkdev.h"

#include "hal/hal.h"
#include "lib/compiler.h"
#include "lib/string.h"
#include "sched/wait.h"
#include "uapi/errno.h"

static struct spinlock blk_registry_lock = SPINLOCK_INIT("blk_registry");
static LIST_HEAD(blk_devices);

static struct block_device *find_locked(const char *name, uint32_t dev)
{
	struct block_device *bdev;

	list_for_each_entry(bdev, &blk_devices, link) {
		if ((name && strcmp(bdev->name, name) == 0) || (!name && bdev->dev == dev))
			return bdev;
	}
	return NULL;
}

int blk_register(struct block_device *bdev)
{
	unsigned long flags;
	int err = 0;

	if (!bdev->ops || !bdev->ops->submit || bdev->nr_sectors == 0 || !bdev->name[0])
		return -EINVAL;
	if (bdev->logical_block_size == 0)
		bdev->logical_block_size = SECTOR_SIZE;
	spin_lock_init(&bdev->lock, "bdev");
	memset(&bdev->stats, 0, sizeof(bdev->stats));

	flags = spin_lock_irqsave(&blk_registry_lock);
	if (find_locked(bdev->name, 0) || find_locked(NULL, bdev->dev))
		err = -EBUSY;
	else
		list_add_tail(&bdev->link, &blk_devices);
	spin_unlock_irqrestore(&blk_registry_lock, flags);
	return err;
}

void blk_unregister(struct block_device *bdev)
{
	unsigned long flags = spin_lock_irqsave(&blk_registry_lock);

	list_del_init(&bdev->link);
	spin_unlock_irqrestore(&blk_registry_lock, flags);
}

struct block_device *blk_find(const char *name)
{
	unsigned long flags = spin_lock_irqsave(&blk_registry_lock);
	struct block_device *bdev = find_locked(name, 0);

	spin_unlock_irqrestore(&blk_registry_lock, flags);
	return bdev;
}

struct block_device *blk_find_dev(uint32_t dev)
{
	unsigned long flags = spin_lock_irqsave(&blk_registry_lock);
	struct block_device *bdev = find_locked(NULL, dev);

	spin_unlock_irqrestore(&blk_registry_lock, flags);
	return bdev;
}

/* Devices are never freed while registered, so @fn runs without the lock
 * (it may sleep, e.g. to print into a seq buffer). */
int blk_for_each(int (*fn)(struct block_device *bdev, void *arg), void *arg)
{
	struct block_device *bdev;
	int ret;

	list_for_each_entry(bdev, &blk_devices, link) {
		ret = fn(bdev, arg);
		if (ret)
			return ret;
	}
	return 0;
}

static int blk_check(const struct block_device *bdev, const struct blk_request *req)
{
	uint64_t sectors = req->len >> SECTOR_SHIFT;

	if (req->op == BLK_FLUSH)
		return req->len == 0 ? 0 : -EINVAL;
	if (req->op != BLK_READ && req->op != BLK_WRITE)
		return -EINVAL;
	if (req->len == 0 || (req->len & (SECTOR_SIZE - 1)) || !req->buf)
		return -EINVAL;
	if (req->sector > bdev->nr_sectors || sectors > bdev->nr_sectors - req->sector)
		return -EINVAL;
	if (req->op == BLK_WRITE && bdev->read_only)
		return -EROFS;
	return 0;
}

/* Called with bdev->lock held: account the busy time up to @now. */
static void account_busy(struct blk_stats *st, uint64_t now)
{
	if (st->in_flight)
		st->io_ms += (now - st->busy_since_ns) / 1000000;
	st->busy_since_ns = now;
}

int blk_submit(struct block_device *bdev, struct blk_request *req)
{
	unsigned long flags;
	int err = blk_check(bdev, req);

	if (err)
		return err;
	req->status = 0;
	req->start_ns = hal_clock_ns();
	flags = spin_lock_irqsave(&bdev->lock);
	account_busy(&bdev->stats, req->start_ns);
	bdev->stats.in_flight++;
	spin_unlock_irqrestore(&bdev->lock, flags);

	err = bdev->ops->submit(bdev, req);
	if (err) {
		flags = spin_lock_irqsave(&bdev->lock);
		account_busy(&bdev->stats, hal_clock_ns());
		bdev->stats.in_flight--;
		spin_unlock_irqrestore(&bdev->lock, flags);
	}
	return err;
}

void blk_complete(struct block_device *bdev, struct blk_request *req, int status)
{
	uint64_t now = hal_clock_ns();
	uint64_t ms = (now - req->start_ns) / 1000000;
	uint64_t sectors = req->len >> SECTOR_SHIFT;
	struct blk_stats *st = &bdev->stats;
	unsigned long flags;

	flags = spin_lock_irqsave(&bdev->lock);
	account_busy(st, now);
	st->in_flight--;
	if (status == 0) {
		if (req->op == BLK_READ) {
			st->reads++;
			st->read_sectors += sectors;
			st->read_ms += ms;
		} else if (req->op == BLK_WRITE) {
			st->writes++;
			st->write_sectors += sectors;
			st->write_ms += ms;
		} else {
			st->flushes++;
			st->flush_ms += ms;
		}
	}
	spin_unlock_irqrestore(&bdev->lock, flags);

	req->status = status;
	req->done(req);
}

/*
 * Synchronous requests sleep on one shared queue rather than one on their
 * stack: the completion may still be inside wake_up() when the waiter,
 * having seen its flag, returns and its stack frame is gone.
 */
static struct wait_queue blk_sync_wq = WAIT_QUEUE_INIT(blk_sync_wq, "blk_sync");

static void blk_wake(struct blk_request *req)
{
	bool *done = req->private_data;

	WRITE_ONCE(*done, true);
	wake_up(&blk_sync_wq);
}

int blk_rw(struct block_device *bdev, enum blk_op op, uint64_t sector, void *buf, size_t len)
{
	bool done = false;
	struct blk_request req = {
		.op = op,
		.sector = sector,
		.buf = buf,
		.len = len,
		.done = blk_wake,
		.private_data = &done,
	};
	int err;

	err = blk_submit(bdev, &req);
	if (err)
		return err;
	wait_event(blk_sync_wq, READ_ONCE(done));
	return req.status;
}

int blk_flush(struct block_device *bdev)
{
	return blk_rw(bdev, BLK_FLUSH, 0, NULL, 0);
}
