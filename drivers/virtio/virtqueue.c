/*
 * drivers/virtio/virtqueue.c - the split virtqueue: descriptor free list,
 * offering chains in the available ring, collecting them from the used ring.
 *
 * Ring memory layout (one contiguous block):
 *   desc[size]            16 bytes each, at 0
 *   avail: flags, idx, ring[size], used_event
 *   used:  flags, idx, ring[size], avail_event   (4-byte aligned)
 *
 * Ordering with the device, which reads and writes this memory on its own
 * (DMA, cache coherent): descriptors and avail ring entries are written
 * before avail->idx (release fence); avail->idx is written before
 * used->flags is read to decide on a notification (full fence); used->idx
 * is read before the entries it covers (acquire fence). The doorbell itself
 * is a hal_mmio_write*, ordered after every earlier memory access.
 */
#include "drivers/virtio/virtqueue.h"

#include "hal/hal.h"
#include "lib/compiler.h"
#include "uapi/errno.h"

static size_t avail_bytes(uint16_t size)
{
	return sizeof(struct virtq_avail) + sizeof(uint16_t) * (size + 1u);
}

static size_t used_offset(uint16_t size)
{
	return ALIGN_UP(sizeof(struct virtq_desc) * size + avail_bytes(size), (size_t)4);
}

size_t virtq_ring_bytes(uint16_t size)
{
	return used_offset(size) + sizeof(struct virtq_used) +
	       sizeof(struct virtq_used_elem) * size + sizeof(uint16_t);
}

int virtq_init(struct virtq *vq, unsigned int index, uint16_t size, void *ring, void **cookies)
{
	char *base = ring;

	if (size == 0 || size > VIRTQ_MAX_SIZE || (size & (size - 1)))
		return -EINVAL;
	vq->index = index;
	vq->size = size;
	vq->desc = ring;
	vq->avail = (struct virtq_avail *)(base + sizeof(struct virtq_desc) * size);
	vq->used = (struct virtq_used *)(base + used_offset(size));
	vq->cookies = cookies;
	for (uint16_t i = 0; i + 1 < size; i++)
		vq->desc[i].next = i + 1;
	vq->free_head = 0;
	vq->num_free = size;
	vq->avail_idx = 0;
	vq->last_used = 0;
	return 0;
}

uint64_t virtq_desc_phys(const struct virtq *vq)
{
	return hal_virt_to_phys(vq->desc);
}

uint64_t virtq_avail_phys(const struct virtq *vq)
{
	return hal_virt_to_phys(vq->avail);
}

uint64_t virtq_used_phys(const struct virtq *vq)
{
	return hal_virt_to_phys(vq->used);
}

int virtq_add(struct virtq *vq, const struct virtq_buf *bufs, unsigned int n, void *cookie)
{
	uint16_t head = vq->free_head, d = head, last = head;

	if (n == 0 || n > vq->size || !cookie)
		return -EINVAL;
	if (n > vq->num_free)
		return -ENOSPC;
	for (unsigned int i = 0; i < n; i++) {
		struct virtq_desc *desc = &vq->desc[d];

		desc->addr = bufs[i].addr;
		desc->len = bufs[i].len;
		desc->flags = (bufs[i].device_writes ? VIRTQ_DESC_F_WRITE : 0) |
			      (i + 1 < n ? VIRTQ_DESC_F_NEXT : 0);
		last = d;
		d = desc->next;
	}
	/* The free list goes on after the chain's last descriptor (whose .next
	 * the device ignores, as VIRTQ_DESC_F_NEXT is clear). */
	vq->free_head = vq->desc[last].next;
	vq->num_free -= (uint16_t)n;
	vq->cookies[head] = cookie;
	vq->avail->ring[vq->avail_idx % vq->size] = head;
	vq->avail_idx++;
	return 0;
}

void virtq_kick(struct virtq *vq)
{
	__atomic_thread_fence(__ATOMIC_RELEASE);
	WRITE_ONCE(vq->avail->idx, vq->avail_idx);
	__atomic_thread_fence(__ATOMIC_SEQ_CST);
	if (!(READ_ONCE(vq->used->flags) & VIRTQ_USED_F_NO_NOTIFY))
		vq->notify(vq);
}

/* Give the chain starting at @head back to the free list. */
static void free_chain(struct virtq *vq, uint16_t head)
{
	uint16_t d = head, n = 1;

	while (vq->desc[d].flags & VIRTQ_DESC_F_NEXT) {
		d = vq->desc[d].next;
		n++;
	}
	vq->desc[d].next = vq->free_head;
	vq->free_head = head;
	vq->num_free += n;
}

void *virtq_get_used(struct virtq *vq, uint32_t *len)
{
	struct virtq_used_elem *e;
	uint16_t head;
	void *cookie;

	if (vq->last_used == READ_ONCE(vq->used->idx))
		return NULL;
	__atomic_thread_fence(__ATOMIC_ACQUIRE);
	e = &vq->used->ring[vq->last_used % vq->size];
	head = (uint16_t)e->id;
	if (head >= vq->size || !vq->cookies[head])
		return NULL; /* a device bug: leave the ring alone */
	vq->last_used++;
	if (len)
		*len = e->len;
	cookie = vq->cookies[head];
	vq->cookies[head] = NULL;
	free_chain(vq, head);
	return cookie;
}
