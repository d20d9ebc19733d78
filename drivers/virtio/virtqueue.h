/*
 * drivers/virtio/virtqueue.h - split virtqueues (virtio 1.x, section 2.7):
 * the rings a driver and a device share in RAM.
 *
 * The driver owns a descriptor table, offers chains of descriptors in the
 * available ring and gets them back, with the byte count the device wrote,
 * in the used ring. This file knows nothing of registers: the transport
 * tells the device where the rings are and rings its doorbell through
 * vq->notify. Neither indirect descriptors nor event indices are used;
 * the device's VIRTQ_USED_F_NO_NOTIFY hint is honoured.
 *
 *	virtq_add(vq, bufs, n, cookie);   -ENOSPC: wait for a completion
 *	virtq_kick(vq);                   publish and notify
 *	... interrupt ...
 *	while ((cookie = virtq_get_used(vq, &len)))
 *		finish(cookie);
 *
 * Locking: none inside; the driver serializes every call on one queue
 * (virtio-blk holds its spinlock, interrupts off).
 */
#ifndef RUX_DRIVERS_VIRTIO_VIRTQUEUE_H
#define RUX_DRIVERS_VIRTIO_VIRTQUEUE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* The shared structures, little-endian as the CPU on both HALs. */
#define VIRTQ_DESC_F_NEXT  1 /* the chain goes on at .next */
#define VIRTQ_DESC_F_WRITE 2 /* the device writes this buffer */

struct virtq_desc {
	uint64_t addr; /* physical */
	uint32_t len;
	uint16_t flags;
	uint16_t next;
};
_Static_assert(sizeof(struct virtq_desc) == 16, "virtq_desc");

#define VIRTQ_AVAIL_F_NO_INTERRUPT 1

struct virtq_avail {
	uint16_t flags;
	uint16_t idx;	 /* where the driver puts the next entry (free-running) */
	uint16_t ring[]; /* heads of chains; then used_event, unused here */
};

#define VIRTQ_USED_F_NO_NOTIFY 1

struct virtq_used_elem {
	uint32_t id;  /* head of the chain */
	uint32_t len; /* bytes the device wrote into it */
};
_Static_assert(sizeof(struct virtq_used_elem) == 8, "virtq_used_elem");

struct virtq_used {
	uint16_t flags;
	uint16_t idx; /* where the device puts the next entry (free-running) */
	struct virtq_used_elem ring[];
};

#define VIRTQ_MAX_SIZE 32768

/* One buffer of a chain, as virtq_add() takes it. */
struct virtq_buf {
	uint64_t addr; /* physical address */
	uint32_t len;
	bool device_writes; /* the device fills it (else it only reads it) */
};

struct virtq {
	unsigned int index; /* queue number on its device */
	uint16_t size;	    /* entries in each ring, a power of two */
	struct virtq_desc *desc;
	struct virtq_avail *avail;
	struct virtq_used *used;
	uint16_t free_head; /* free descriptors, chained through .next */
	uint16_t num_free;
	uint16_t avail_idx; /* our copy of avail->idx */
	uint16_t last_used; /* next used->ring entry to consume */
	void **cookies;	    /* per chain head: what virtq_get_used() returns */
	/* Ring the device's doorbell for this queue (the transport's). */
	void (*notify)(struct virtq *vq);
	void *priv; /* the transport's */
};

/* Bytes of ring memory a queue of @size entries needs (desc, avail, used,
 * each aligned as the spec wants when the memory is 16-byte aligned). */
size_t virtq_ring_bytes(uint16_t size);
/*
 * Lay out @vq in @ring (zeroed, virtq_ring_bytes(size) long, 16-byte
 * aligned, physically contiguous) with @cookies (size entries). 0, or
 * -EINVAL unless @size is a power of two within VIRTQ_MAX_SIZE.
 */
int virtq_init(struct virtq *vq, unsigned int index, uint16_t size, void *ring, void **cookies);
/* Physical addresses of the three parts, for the transport. */
uint64_t virtq_desc_phys(const struct virtq *vq);
uint64_t virtq_avail_phys(const struct virtq *vq);
uint64_t virtq_used_phys(const struct virtq *vq);

/*
 * Offer the chain @bufs[0..@n) (the device-readable buffers must come
 * first) with @cookie (not NULL) to get back from virtq_get_used(). 0;
 * -ENOSPC when fewer than @n descriptors are free (nothing is changed);
 * -EINVAL for n == 0, n > size or a NULL cookie. The device sees it only
 * after virtq_kick().
 */
int virtq_add(struct virtq *vq, const struct virtq_buf *bufs, unsigned int n, void *cookie);
/* Publish the chains added since the last kick and notify the device unless
 * it asked not to be. */
void virtq_kick(struct virtq *vq);
/* The cookie of the next chain the device has finished (its descriptors are
 * free again; *@len, if not NULL, is the byte count written), or NULL. */
void *virtq_get_used(struct virtq *vq, uint32_t *len);

static inline unsigned int virtq_num_free(const struct virtq *vq)
{
	return vq->num_free;
}

#endif /* RUX_DRIVERS_VIRTIO_VIRTQUEUE_H */
