/*
 * hal/hosted/virtio_ring.c - the device side of split virtqueues (virtio
 * 1.x section 2.7): take the chains the driver made available, let a model
 * read and fill their buffers, and put them in the used ring.
 *
 * Everything the driver wrote is checked before use: ring and buffer
 * addresses must lie in RAM, descriptor indices within the queue, a chain
 * must end within the queue's size (no loops), device-writable buffers
 * must follow the readable ones, and indirect descriptors (never
 * negotiated) are refused. A violation fails the device (DEVICE_NEEDS_RESET),
 * as the spec allows, instead of touching memory the driver did not offer.
 *
 * The device never asks for notifications to be suppressed, and it
 * interrupts after every batch of used chains unless the driver set
 * VIRTQ_AVAIL_F_NO_INTERRUPT.
 */
#include <string.h>

#include "hal/hal.h"
#include "hal/hosted/internal.h"
#include "hal/hosted/virtio_model.h"

#define DESC_F_NEXT	    1
#define DESC_F_WRITE	    2
#define DESC_F_INDIRECT	    4
#define AVAIL_F_NO_INTERRUPT 1

/* The ring layouts (2.7.5-2.7.8), little-endian like the host. */
struct ring_desc {
	uint64_t addr;
	uint32_t len;
	uint16_t flags;
	uint16_t next;
};

struct ring_avail {
	uint16_t flags;
	uint16_t idx;
	uint16_t ring[];
};

struct ring_used_elem {
	uint32_t id;
	uint32_t len;
};

struct ring_used {
	uint16_t flags;
	uint16_t idx;
	struct ring_used_elem ring[];
};

/* Host address of [@pa, @pa + @len) in RAM, or NULL. */
static void *ram_at(uint64_t pa, uint64_t len)
{
	return hosted_ram_contains(pa, len) ? hal_phys_to_virt(pa) : NULL;
}

static struct ring_avail *avail_ring(const struct virtio_model_queue *q)
{
	return ram_at(q->driver, sizeof(struct ring_avail) + 2ull * q->num);
}

static struct ring_used *used_ring(const struct virtio_model_queue *q)
{
	return ram_at(q->device, sizeof(struct ring_used) + 8ull * q->num);
}

static struct ring_desc *desc_table(const struct virtio_model_queue *q)
{
	return ram_at(q->desc, sizeof(struct ring_desc) * (uint64_t)q->num);
}

/* Add descriptor @d to @c; NULL when fine, else what is wrong with it. */
static const char *add_segment(struct virtio_chain *c, const struct ring_desc *d)
{
	bool writes = d->flags & DESC_F_WRITE;
	void *host;

	if (d->flags & DESC_F_INDIRECT)
		return "indirect descriptor (not negotiated)";
	if (!writes && c->writable)
		return "device-readable buffer after a writable one";
	host = ram_at(d->addr, d->len);
	if (!host)
		return "buffer outside RAM";
	c->seg[c->n++] = (struct virtio_seg){host, d->len, writes};
	if (writes)
		c->writable += d->len;
	else
		c->readable += d->len;
	return NULL;
}

/* Follow the chain starting at @head into @c. */
static const char *read_chain(const struct virtio_model_queue *q, const struct ring_desc *table,
			      uint16_t head, struct virtio_chain *c)
{
	uint16_t i = head;

	c->head = head;
	c->n = 0;
	c->readable = c->writable = 0;
	for (;;) {
		const struct ring_desc *d;
		const char *err;

		if (i >= q->num)
			return "descriptor index out of range";
		if (c->n == q->num)
			return "descriptor chain loops";
		d = &table[i];
		err = add_segment(c, d);
		if (err)
			return err;
		if (!(d->flags & DESC_F_NEXT))
			return NULL;
		i = d->next;
	}
}

int virtio_ring_pop(struct virtio_model *m, unsigned int queue, struct virtio_chain *c)
{
	struct virtio_model_queue *q = &m->queues[queue];
	struct ring_avail *avail = avail_ring(q);
	struct ring_desc *table = desc_table(q);
	const char *err;
	uint16_t head;

	if (!avail || !table || !used_ring(q)) {
		virtio_model_fail(m, "ring outside RAM");
		return 0;
	}
	if (__atomic_load_n(&avail->idx, __ATOMIC_ACQUIRE) == q->last_avail)
		return 0;
	head = avail->ring[q->last_avail % q->num];
	err = read_chain(q, table, head, c);
	if (err) {
		virtio_model_fail(m, err);
		return 0;
	}
	q->last_avail++;
	return 1;
}

void virtio_ring_unpop(struct virtio_model *m, unsigned int queue)
{
	m->queues[queue].last_avail--;
}

void virtio_ring_push(struct virtio_model *m, unsigned int queue, const struct virtio_chain *c,
		      uint32_t written)
{
	struct virtio_model_queue *q = &m->queues[queue];
	struct ring_used *used = used_ring(q);
	struct ring_avail *avail = avail_ring(q);

	used->ring[q->used_idx % q->num] = (struct ring_used_elem){c->head, written};
	q->used_idx++;
	__atomic_store_n(&used->idx, q->used_idx, __ATOMIC_RELEASE);
	if (!(avail->flags & AVAIL_F_NO_INTERRUPT))
		virtio_model_interrupt(m);
}

int virtio_chain_walk(const struct virtio_chain *c, bool writable, size_t off, size_t len,
		      int (*fn)(void *host, size_t len, void *arg), void *arg)
{
	for (unsigned int i = 0; i < c->n && len; i++) {
		const struct virtio_seg *s = &c->seg[i];
		size_t n;
		int ret;

		if (s->device_writes != writable)
			continue;
		if (off >= s->len) {
			off -= s->len;
			continue;
		}
		n = s->len - off < len ? s->len - off : len;
		ret = fn((char *)s->host + off, n, arg);
		if (ret)
			return ret;
		off = 0;
		len -= n;
	}
	return len ? -1 : 0;
}

static int copy_out(void *host, size_t len, void *arg)
{
	char **buf = arg;

	memcpy(*buf, host, len);
	*buf += len;
	return 0;
}

static int copy_in(void *host, size_t len, void *arg)
{
	const char **buf = arg;

	memcpy(host, *buf, len);
	*buf += len;
	return 0;
}

int virtio_chain_read(const struct virtio_chain *c, size_t off, void *buf, size_t len)
{
	char *p = buf;

	return virtio_chain_walk(c, false, off, len, copy_out, &p);
}

int virtio_chain_write(const struct virtio_chain *c, size_t off, const void *buf, size_t len)
{
	const char *p = buf;

	return virtio_chain_walk(c, true, off, len, copy_in, &p);
}
