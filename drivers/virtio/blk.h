/*
 * drivers/virtio/blk.h - what virtio-blk tells about its disks beyond the
 * block layer's view: how busy the ring gets.
 */
#ifndef RUX_DRIVERS_VIRTIO_BLK_H
#define RUX_DRIVERS_VIRTIO_BLK_H

#include "drivers/block/blkdev.h"

struct virtio_blk_stats {
	unsigned int ring_size;	   /* descriptors in the request queue */
	unsigned int max_on_ring;  /* one-segment requests that fit at once */
	unsigned int on_ring;	   /* requests the device has now */
	unsigned int peak_on_ring; /* most it ever had at once */
	unsigned int queued;	   /* requests waiting for room on the ring */
};

/* Fill *@st for @bdev: 0, or -ENODEV when it is not a virtio-blk disk. */
int virtio_blk_stats(struct block_device *bdev, struct virtio_blk_stats *st);

#endif /* RUX_DRIVERS_VIRTIO_BLK_H */
