/*
 * drivers/block/blkdev.h - block devices and the requests sent to them.
 *
 * A driver (virtio-blk on QEMU, a host file in the hosted tests) fills a
 * struct block_device and registers it. Everything above - the buffer cache,
 * page cache, /dev/vda, file systems - moves data with struct blk_request:
 *
 *	blk_submit()   start a request; the driver completes it later, from any
 *	               context including an interrupt, with blk_complete()
 *	blk_rw()       submit and sleep until it completes (the common case)
 *	blk_flush()    make everything completed so far durable
 *
 * Sizes and positions are in 512-byte sectors, as on Linux, whatever the
 * device's logical block size. Buffers are kernel memory from kmalloc or
 * the page allocator: physically contiguous, so drivers may DMA into them.
 *
 * Locking: the registry has its own lock; a block_device's statistics are
 * updated under bdev->lock; drivers serialize their own queues.
 */
#ifndef RUX_DRIVERS_BLOCK_BLKDEV_H
#define RUX_DRIVERS_BLOCK_BLKDEV_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "lib/list.h"
#include "lib/spinlock.h"

#define SECTOR_SHIFT 9
#define SECTOR_SIZE  (1u << SECTOR_SHIFT)

/* Major number of virtio-blk disks on Linux ("vda" is 254:0 there too). */
#define BLK_MAJOR_VIRTIO 254

enum blk_op {
	BLK_READ,
	BLK_WRITE,
	BLK_FLUSH, /* no data: a write barrier for the device's cache */
};

struct blk_request;
typedef void (*blk_done_fn)(struct blk_request *req);

struct blk_request {
	enum blk_op op;
	uint64_t sector; /* first sector */
	void *buf;	 /* len bytes of physically contiguous kernel memory */
	size_t len;	 /* a multiple of SECTOR_SIZE; 0 for BLK_FLUSH */
	int status;	 /* 0 or a negative errno, valid once done has run */
	blk_done_fn done;
	void *private_data;    /* the submitter's */
	uint64_t start_ns;     /* set by blk_submit, for the statistics */
	struct list_head node; /* the driver's, while it owns the request */
};

struct block_device;

struct block_device_ops {
	/*
	 * Queue @req (already checked against the device's size and
	 * read-only flag) and return 0; complete it with blk_complete(),
	 * possibly before returning. A negative errno means it was not
	 * queued and will not be completed.
	 */
	int (*submit)(struct block_device *bdev, struct blk_request *req);
};

/* The counters of /proc/diskstats (fields 4-14 of the Linux format). */
struct blk_stats {
	uint64_t reads, read_sectors, read_ms;
	uint64_t writes, write_sectors, write_ms;
	uint64_t flushes, flush_ms;
	uint64_t in_flight;
	uint64_t io_ms; /* time with at least one request in flight */
	uint64_t busy_since_ns;
};

struct block_device {
	char name[16];	     /* "vda": /dev/<name>, /sys/block/<name> */
	uint32_t dev;	     /* vfs_mkdev() encoding */
	uint64_t nr_sectors; /* capacity */
	uint32_t logical_block_size;
	bool read_only;
	const struct block_device_ops *ops;
	void *driver_data;
	struct spinlock lock; /* stats */
	struct blk_stats stats;
	struct list_head link; /* in the registry */
};

/*
 * Make @bdev known under its name and number (-EBUSY if either is taken,
 * -EINVAL for a zero capacity or missing ops). The device must stay alive
 * until blk_unregister().
 */
int blk_register(struct block_device *bdev);
void blk_unregister(struct block_device *bdev);
/* Registered devices by name ("vda") or number; NULL when absent. */
struct block_device *blk_find(const char *name);
struct block_device *blk_find_dev(uint32_t dev);
/* Call @fn for each registered device in registration order, stopping when
 * it returns nonzero; that value is returned. */
int blk_for_each(int (*fn)(struct block_device *bdev, void *arg), void *arg);

static inline uint64_t blk_size_bytes(const struct block_device *bdev)
{
	return bdev->nr_sectors << SECTOR_SHIFT;
}

/*
 * Start @req. Returns 0 when the driver took it (req->done will run once),
 * -EINVAL for a misaligned or out-of-range request, -EROFS for a write to
 * a read-only device, or the driver's error (done will not run).
 */
int blk_submit(struct block_device *bdev, struct blk_request *req);
/* Drivers: finish @req with @status and call its done function. */
void blk_complete(struct block_device *bdev, struct blk_request *req, int status);

/* Synchronous I/O: submit and sleep (not interruptibly) until complete. */
int blk_rw(struct block_device *bdev, enum blk_op op, uint64_t sector, void *buf, size_t len);
int blk_flush(struct block_device *bdev);

#endif /* RUX_DRIVERS_BLOCK_BLKDEV_H */
