/*
 * tests/ktest/virtqueue.c - the split virtqueue against a device model that
 * lives in memory: it takes chains from the available ring, fills the
 * buffers it may write and returns chains in the used ring, in the order
 * the test asks for. Checks the descriptor free list (exhaustion, reuse,
 * out-of-order returns), index wrap-around and notification suppression.
 */
#include "drivers/virtio/virtqueue.h"
#include "hal/hal.h"
#include "lib/ktest.h"
#include "lib/string.h"
#include "mm/kmalloc.h"
#include "uapi/errno.h"

#define FILL 0xd0

struct fake_device {
	struct virtq vq;
	void *cookies[16];
	uint16_t next_avail; /* the next avail ring entry to take */
	unsigned int notifies;
};

static void fake_notify(struct virtq *vq)
{
	struct fake_device *d = vq->priv;

	d->notifies++;
}

static bool fake_init(struct fake_device *d, uint16_t size)
{
	void *ring = kzalloc(4096, GFP_KERNEL);

	memset(d, 0, sizeof(*d));
	if (!ring || virtq_ring_bytes(size) > 4096 ||
	    virtq_init(&d->vq, 0, size, ring, d->cookies)) {
		kfree(ring);
		return false;
	}
	d->vq.notify = fake_notify;
	d->vq.priv = d;
	return true;
}

static void fake_free(struct fake_device *d)
{
	kfree(d->vq.desc);
}

/* Take the next published chain; returns its head, or -1 when none. */
static int fake_take(struct fake_device *d)
{
	struct virtq *vq = &d->vq;

	if (d->next_avail == vq->avail->idx)
		return -1;
	return vq->avail->ring[d->next_avail++ % vq->size];
}

/* Fill the device-writable buffers of chain @head and return it as used. */
static void fake_complete(struct fake_device *d, uint16_t head)
{
	struct virtq *vq = &d->vq;
	uint32_t written = 0;
	uint16_t i = head;

	for (;;) {
		struct virtq_desc *desc = &vq->desc[i];

		if (desc->flags & VIRTQ_DESC_F_WRITE) {
			memset(hal_phys_to_virt(desc->addr), FILL, desc->len);
			written += desc->len;
		}
		if (!(desc->flags & VIRTQ_DESC_F_NEXT))
			break;
		i = desc->next;
	}
	vq->used->ring[vq->used->idx % vq->size] = (struct virtq_used_elem){head, written};
	vq->used->idx++;
}

/* A chain of @n buffers of 16 bytes in @mem, the last one device-writable. */
static int add_chain(struct fake_device *d, char *mem, unsigned int n, void *cookie)
{
	struct virtq_buf bufs[8];

	for (unsigned int i = 0; i < n; i++)
		bufs[i] = (struct virtq_buf){hal_virt_to_phys(mem + 16 * i), 16, i + 1 == n};
	return virtq_add(&d->vq, bufs, n, cookie);
}

KTEST(virtqueue, init_accepts_only_powers_of_two)
{
	struct fake_device d;
	char ring[64] __attribute__((aligned(16)));

	KT_ASSERT_EQ(virtq_init(&d.vq, 0, 0, ring, d.cookies), -EINVAL);
	KT_ASSERT_EQ(virtq_init(&d.vq, 0, 6, ring, d.cookies), -EINVAL);
	KT_ASSERT(fake_init(&d, 8));
	KT_ASSERT_EQ(virtq_num_free(&d.vq), 8);
	KT_ASSERT(virtq_get_used(&d.vq, NULL) == NULL);
	fake_free(&d);
}

KTEST(virtqueue, free_list_runs_out_and_is_reused)
{
	struct fake_device d;
	char *mem = kzalloc(16 * 8, GFP_KERNEL);
	int tags[8];
	uint32_t len;

	KT_ASSERT_NOT_NULL(mem);
	KT_ASSERT(fake_init(&d, 8));
	KT_ASSERT_EQ(add_chain(&d, mem, 0, &tags[0]), -EINVAL);
	KT_ASSERT_EQ(add_chain(&d, mem, 1, NULL), -EINVAL);
	for (int i = 0; i < 8; i++)
		KT_ASSERT_EQ(add_chain(&d, mem + 16 * i, 1, &tags[i]), 0);
	KT_ASSERT_EQ(virtq_num_free(&d.vq), 0);
	KT_ASSERT_EQ(add_chain(&d, mem, 1, &tags[0]), -ENOSPC);
	KT_ASSERT_EQ(fake_take(&d), -1); /* nothing published before the kick */
	virtq_kick(&d.vq);
	KT_ASSERT_EQ(d.notifies, 1);

	for (int i = 0; i < 3; i++)
		fake_complete(&d, (uint16_t)fake_take(&d));
	for (int i = 0; i < 3; i++) {
		KT_ASSERT(virtq_get_used(&d.vq, &len) == &tags[i]);
		KT_ASSERT_EQ(len, 16);
	}
	KT_ASSERT(virtq_get_used(&d.vq, NULL) == NULL);
	KT_ASSERT_EQ(virtq_num_free(&d.vq), 3);
	KT_ASSERT_EQ(add_chain(&d, mem, 4, &tags[0]), -ENOSPC);
	KT_ASSERT_EQ(add_chain(&d, mem, 3, &tags[0]), 0);
	KT_ASSERT_EQ(virtq_num_free(&d.vq), 0);
	virtq_kick(&d.vq);
	for (int head; (head = fake_take(&d)) >= 0;)
		fake_complete(&d, (uint16_t)head);
	for (int i = 3; i < 8; i++)
		KT_ASSERT(virtq_get_used(&d.vq, NULL) == &tags[i]);
	KT_ASSERT(virtq_get_used(&d.vq, &len) == &tags[0]);
	KT_ASSERT_EQ(len, 16); /* only the chain's last buffer is written */
	KT_ASSERT_EQ(virtq_num_free(&d.vq), 8);
	KT_ASSERT_EQ((unsigned char)mem[16 * 2], FILL);
	fake_free(&d);
	kfree(mem);
}

KTEST(virtqueue, chains_returned_out_of_order_free_their_descriptors)
{
	struct fake_device d;
	char *mem = kzalloc(16 * 4, GFP_KERNEL);
	int a, b, c, e;
	int head_a, head_b, head_c;

	KT_ASSERT_NOT_NULL(mem);
	KT_ASSERT(fake_init(&d, 4));
	KT_ASSERT_EQ(add_chain(&d, mem, 1, &a), 0);
	KT_ASSERT_EQ(add_chain(&d, mem, 2, &b), 0);
	KT_ASSERT_EQ(add_chain(&d, mem, 1, &c), 0);
	virtq_kick(&d.vq);
	head_a = fake_take(&d);
	head_b = fake_take(&d);
	head_c = fake_take(&d);
	fake_complete(&d, (uint16_t)head_c);
	fake_complete(&d, (uint16_t)head_a);
	KT_ASSERT(virtq_get_used(&d.vq, NULL) == &c);
	KT_ASSERT(virtq_get_used(&d.vq, NULL) == &a);
	KT_ASSERT_EQ(virtq_num_free(&d.vq), 2);
	fake_complete(&d, (uint16_t)head_b);
	KT_ASSERT(virtq_get_used(&d.vq, NULL) == &b);
	/* Every descriptor is free and linked: one chain can take them all. */
	KT_ASSERT_EQ(add_chain(&d, mem, 4, &e), 0);
	virtq_kick(&d.vq);
	fake_complete(&d, (uint16_t)fake_take(&d));
	KT_ASSERT(virtq_get_used(&d.vq, NULL) == &e);
	KT_ASSERT_EQ(virtq_num_free(&d.vq), 4);
	fake_free(&d);
	kfree(mem);
}

KTEST(virtqueue, indices_wrap_around_16_bits)
{
	struct fake_device d;
	char *mem = kzalloc(32, GFP_KERNEL);
	int tag;
	uint32_t len;

	KT_ASSERT_NOT_NULL(mem);
	KT_ASSERT(fake_init(&d, 4));
	/* More round trips than a 16-bit index holds, two chains in flight. */
	for (unsigned int i = 0; i < 70000; i += 2) {
		KT_ASSERT_EQ(add_chain(&d, mem, 2, &tag), 0);
		KT_ASSERT_EQ(add_chain(&d, mem, 2, &tag), 0);
		KT_ASSERT_EQ(add_chain(&d, mem, 1, &tag), -ENOSPC);
		virtq_kick(&d.vq);
		for (int k = 0; k < 2; k++)
			fake_complete(&d, (uint16_t)fake_take(&d));
		for (int k = 0; k < 2; k++) {
			KT_ASSERT(virtq_get_used(&d.vq, &len) == &tag);
			KT_ASSERT_EQ(len, 16);
		}
	}
	KT_ASSERT_EQ(d.vq.avail->idx, (uint16_t)70000);
	KT_ASSERT_EQ(d.vq.used->idx, (uint16_t)70000);
	KT_ASSERT_EQ(virtq_num_free(&d.vq), 4);
	fake_free(&d);
	kfree(mem);
}

KTEST(virtqueue, kick_respects_no_notify)
{
	struct fake_device d;
	char *mem = kzalloc(16, GFP_KERNEL);
	int tag;

	KT_ASSERT_NOT_NULL(mem);
	KT_ASSERT(fake_init(&d, 2));
	d.vq.used->flags = VIRTQ_USED_F_NO_NOTIFY;
	KT_ASSERT_EQ(add_chain(&d, mem, 1, &tag), 0);
	virtq_kick(&d.vq);
	KT_ASSERT_EQ(d.notifies, 0);
	KT_ASSERT_EQ(fake_take(&d), 0); /* published all the same */
	d.vq.used->flags = 0;
	KT_ASSERT_EQ(add_chain(&d, mem, 1, &tag), 0);
	virtq_kick(&d.vq);
	KT_ASSERT_EQ(d.notifies, 1);
	fake_free(&d);
	kfree(mem);
}
