/*
 * drivers/virtio/blk.c - virtio-blk: disks vda, vdb, ... (virtio 1.x
 * section 5.2) for the block layer.
 *
 * One request queue. A block request becomes a descriptor chain:
 *
 *   header (type, sector)  device reads     16 bytes, in the request's slot
 *   data                   device reads (write) or writes (read); split
 *                          into several descriptors if the device has a
 *                          maximum segment size
 *   status                 device writes    1 byte, in the slot
 *
 * Requests go on the ring while descriptors last; the rest wait, in order,
 * on vb->waiting and are started from the interrupt handler as chains come
 * back. Completions are collected under the lock and reported with
 * blk_complete() after it is dropped, so a done function may submit again.
 *
 * Features used: VERSION_1, FLUSH (else the device has no volatile cache
 * and a flush completes at once), RO, BLK_SIZE (logical block size),
 * SIZE_MAX and SEG_MAX (segment limits).
 *
 * Locking: vb->lock (irqsave) protects the queue, the slots and the
 * waiting list. Disks are never removed.
 */
#include "drivers/virtio/blk.h"

#include "drivers/virtio/virtio.h"
#include "fs/vfs/vfs.h"
#include "lib/compiler.h"
#include "lib/err.h"
#include "lib/printk.h"
#include "lib/string.h"
#include "mm/kmalloc.h"
#include "uapi/errno.h"

#define VIRTIO_BLK_F_SIZE_MAX 1
#define VIRTIO_BLK_F_SEG_MAX  2
#define VIRTIO_BLK_F_RO	      5
#define VIRTIO_BLK_F_BLK_SIZE 6
#define VIRTIO_BLK_F_FLUSH    9

/* struct virtio_blk_config offsets. */
#define CONFIG_CAPACITY 0
#define CONFIG_SIZE_MAX 8
#define CONFIG_SEG_MAX	12
#define CONFIG_BLK_SIZE 20

#define VIRTIO_BLK_T_IN	   0
#define VIRTIO_BLK_T_OUT   1
#define VIRTIO_BLK_T_FLUSH 4

#define VIRTIO_BLK_S_OK	    0
#define VIRTIO_BLK_S_IOERR  1
#define VIRTIO_BLK_S_UNSUPP 2

#define VBLK_QUEUE_SIZE	   256
#define VBLK_MAX_DATA_DESC 64 /* data segments of one request */
#define VBLK_DISKS	   26 /* vda .. vdz */
#define VBLK_MINORS	   16 /* per disk, as Linux: vdb is 254:16 */
#define NO_SLOT		   0xffff

/* The request header, little-endian (5.2.6). */
struct virtio_blk_req_hdr {
	uint32_t type;
	uint32_t reserved;
	uint64_t sector;
};
_Static_assert(sizeof(struct virtio_blk_req_hdr) == 16, "virtio_blk_req_hdr");

/* What the device reads and writes besides the data, for one request. */
struct vblk_slot {
	struct virtio_blk_req_hdr hdr;
	uint8_t status;
	uint16_t next_free;
	struct blk_request *req;
};

struct virtio_blk {
	struct block_device bdev;
	struct virtio_device *vdev;
	struct virtq *vq;
	struct spinlock lock;
	struct vblk_slot *slots;  /* one per descriptor: never the limit */
	uint16_t free_slot;	  /* free slots chained by next_free */
	struct list_head waiting; /* blk_request.node, oldest first */
	uint32_t seg_bytes;	  /* largest data descriptor */
	unsigned int seg_max;	  /* most data descriptors per request */
	unsigned int on_ring, peak_on_ring, queued;
};

static unsigned int nr_disks;

static struct virtio_blk *vblk_of(struct block_device *bdev)
{
	return container_of(bdev, struct virtio_blk, bdev);
}

static struct vblk_slot *slot_get(struct virtio_blk *vb)
{
	struct vblk_slot *s;

	if (vb->free_slot == NO_SLOT)
		return NULL;
	s = &vb->slots[vb->free_slot];
	vb->free_slot = s->next_free;
	return s;
}

static void slot_put(struct virtio_blk *vb, struct vblk_slot *s)
{
	s->req = NULL;
	s->next_free = vb->free_slot;
	vb->free_slot = (uint16_t)(s - vb->slots);
}

/* Data descriptors for @len bytes, or 0 when more than the device allows. */
static unsigned int data_segments(const struct virtio_blk *vb, size_t len)
{
	size_t n = (len + vb->seg_bytes - 1) / vb->seg_bytes;

	return n <= vb->seg_max ? (unsigned int)n : 0;
}

/*
 * Put @req on the ring (caller holds vb->lock). -ENOSPC when it does not
 * fit now; -EINVAL when it never will.
 */
static int vblk_start(struct virtio_blk *vb, struct blk_request *req)
{
	struct virtq_buf bufs[VBLK_MAX_DATA_DESC + 2];
	unsigned int n = 0, segs = req->op == BLK_FLUSH ? 0 : data_segments(vb, req->len);
	struct vblk_slot *s;
	int err;

	if (req->op != BLK_FLUSH && segs == 0)
		return -EINVAL;
	if (segs + 2 > vb->vq->size)
		return -EINVAL;
	if (segs + 2 > virtq_num_free(vb->vq))
		return -ENOSPC;
	s = slot_get(vb);
	if (!s)
		return -ENOSPC;
	s->req = req;
	s->status = 0xff; /* a device that never writes it is caught as an error */
	s->hdr.type = req->op == BLK_READ    ? VIRTIO_BLK_T_IN
		      : req->op == BLK_WRITE ? VIRTIO_BLK_T_OUT
					     : VIRTIO_BLK_T_FLUSH;
	s->hdr.reserved = 0;
	s->hdr.sector = req->op == BLK_FLUSH ? 0 : req->sector;
	bufs[n++] = (struct virtq_buf){hal_virt_to_phys(&s->hdr), sizeof(s->hdr), false};
	for (size_t done = 0; done < (req->op == BLK_FLUSH ? 0 : req->len); done += vb->seg_bytes) {
		size_t chunk = MIN((size_t)vb->seg_bytes, req->len - done);

		bufs[n++] = (struct virtq_buf){hal_virt_to_phys((char *)req->buf + done),
					       (uint32_t)chunk, req->op == BLK_READ};
	}
	bufs[n++] = (struct virtq_buf){hal_virt_to_phys(&s->status), 1, true};
	err = virtq_add(vb->vq, bufs, n, s);
	if (err) {
		slot_put(vb, s);
		return err;
	}
	vb->on_ring++;
	vb->peak_on_ring = MAX(vb->peak_on_ring, vb->on_ring);
	return 0;
}

/* Start waiting requests while they fit (caller holds vb->lock). True when
 * anything was added. Requests that can never fit are failed into @done. */
static bool start_waiting(struct virtio_blk *vb, struct list_head *done)
{
	struct blk_request *req, *tmp;
	bool added = false;

	list_for_each_entry_safe(req, tmp, &vb->waiting, node)
	{
		int err = vblk_start(vb, req);

		if (err == -ENOSPC)
			break;
		list_del(&req->node);
		vb->queued--;
		if (err) {
			req->status = err;
			list_add_tail(&req->node, done);
		}
		added |= !err;
	}
	return added;
}

static int status_to_errno(struct virtio_blk *vb, const struct vblk_slot *s)
{
	static const char *const ops[] = {"read", "write", "flush"};
	const struct blk_request *req = s->req;

	if (s->status == VIRTIO_BLK_S_OK)
		return 0;
	printk("virtio_blk: %s: %s error (status %u) at sector %llu, %zu bytes\n", vb->bdev.name,
	       ops[req->op], s->status, (unsigned long long)req->sector, req->len);
	return s->status == VIRTIO_BLK_S_UNSUPP ? -EOPNOTSUPP : -EIO;
}

static void complete_list(struct virtio_blk *vb, struct list_head *done)
{
	struct blk_request *req, *tmp;

	list_for_each_entry_safe(req, tmp, done, node)
	{
		list_del_init(&req->node);
		blk_complete(&vb->bdev, req, req->status);
	}
}

static void vblk_interrupt(struct virtio_device *vdev)
{
	struct virtio_blk *vb = vdev->driver_data;
	struct vblk_slot *s;
	unsigned long flags;
	LIST_HEAD(done);

	flags = spin_lock_irqsave(&vb->lock);
	while ((s = virtq_get_used(vb->vq, NULL))) {
		struct blk_request *req = s->req;

		req->status = status_to_errno(vb, s);
		list_add_tail(&req->node, &done);
		slot_put(vb, s);
		vb->on_ring--;
	}
	if (start_waiting(vb, &done))
		virtq_kick(vb->vq);
	spin_unlock_irqrestore(&vb->lock, flags);
	complete_list(vb, &done);
}

static int vblk_submit(struct block_device *bdev, struct blk_request *req)
{
	struct virtio_blk *vb = vblk_of(bdev);
	unsigned long flags;
	int err = 0;

	if (req->op == BLK_FLUSH && !virtio_has_feature(vb->vdev, VIRTIO_BLK_F_FLUSH)) {
		blk_complete(bdev, req, 0); /* write-through: nothing to flush */
		return 0;
	}
	flags = spin_lock_irqsave(&vb->lock);
	if (list_empty(&vb->waiting))
		err = vblk_start(vb, req);
	else
		err = -ENOSPC; /* keep the order */
	if (err == -ENOSPC) {
		list_add_tail(&req->node, &vb->waiting);
		vb->queued++;
		err = 0;
	} else if (!err) {
		virtq_kick(vb->vq);
	}
	spin_unlock_irqrestore(&vb->lock, flags);
	return err;
}

static const struct block_device_ops vblk_ops = {.submit = vblk_submit};

int virtio_blk_stats(struct block_device *bdev, struct virtio_blk_stats *st)
{
	struct virtio_blk *vb;
	unsigned long flags;

	if (bdev->ops != &vblk_ops)
		return -ENODEV;
	vb = vblk_of(bdev);
	flags = spin_lock_irqsave(&vb->lock);
	st->ring_size = vb->vq->size;
	st->max_on_ring = vb->vq->size / 3;
	st->on_ring = vb->on_ring;
	st->peak_on_ring = vb->peak_on_ring;
	st->queued = vb->queued;
	spin_unlock_irqrestore(&vb->lock, flags);
	return 0;
}

/* Capacity, block size, segment limits and read-only flag from the config. */
static void read_config(struct virtio_blk *vb)
{
	struct virtio_device *vdev = vb->vdev;
	uint32_t v;

	vb->bdev.nr_sectors = virtio_config_read64(vdev, CONFIG_CAPACITY);
	vb->bdev.logical_block_size = SECTOR_SIZE;
	if (virtio_has_feature(vdev, VIRTIO_BLK_F_BLK_SIZE)) {
		v = virtio_config_read32(vdev, CONFIG_BLK_SIZE);
		if (v >= SECTOR_SIZE && v <= 65536 && !(v & (v - 1)))
			vb->bdev.logical_block_size = v;
	}
	vb->seg_bytes = 1u << 22; /* 4 MiB, the largest kmalloc buffer */
	if (virtio_has_feature(vdev, VIRTIO_BLK_F_SIZE_MAX)) {
		v = virtio_config_read32(vdev, CONFIG_SIZE_MAX);
		if (v >= SECTOR_SIZE)
			vb->seg_bytes = MIN(vb->seg_bytes, v & ~(SECTOR_SIZE - 1));
	}
	vb->seg_max = VBLK_MAX_DATA_DESC;
	if (virtio_has_feature(vdev, VIRTIO_BLK_F_SEG_MAX)) {
		v = virtio_config_read32(vdev, CONFIG_SEG_MAX);
		if (v >= 1)
			vb->seg_max = MIN(vb->seg_max, v);
	}
	vb->bdev.read_only = virtio_has_feature(vdev, VIRTIO_BLK_F_RO);
}

static int setup_slots(struct virtio_blk *vb)
{
	unsigned int n = vb->vq->size;

	vb->slots = kcalloc(n, sizeof(*vb->slots), GFP_KERNEL);
	if (!vb->slots)
		return -ENOMEM;
	for (unsigned int i = 0; i < n; i++)
		vb->slots[i].next_free = i + 1 < n ? (uint16_t)(i + 1) : NO_SLOT;
	vb->free_slot = 0;
	return 0;
}

static void report_disk(const struct virtio_blk *vb)
{
	uint64_t bytes = blk_size_bytes(&vb->bdev);

	if (bytes >= MiB)
		printk("virtio: blk %s %llu MiB (%s%s)\n", vb->bdev.name,
		       (unsigned long long)(bytes / MiB), vb->vdev->transport->name,
		       vb->bdev.read_only ? ", read-only" : "");
	else
		printk("virtio: blk %s %llu KiB (%s%s)\n", vb->bdev.name,
		       (unsigned long long)(bytes / KiB), vb->vdev->transport->name,
		       vb->bdev.read_only ? ", read-only" : "");
}

int virtio_blk_probe(struct virtio_device *vdev)
{
	const uint64_t wanted = 1ull << VIRTIO_BLK_F_SIZE_MAX | 1ull << VIRTIO_BLK_F_SEG_MAX |
				1ull << VIRTIO_BLK_F_RO | 1ull << VIRTIO_BLK_F_BLK_SIZE |
				1ull << VIRTIO_BLK_F_FLUSH;
	struct virtio_blk *vb;
	int err;

	if (nr_disks == VBLK_DISKS)
		return -ENOSPC;
	vb = kzalloc(sizeof(*vb), GFP_KERNEL);
	if (!vb)
		return -ENOMEM;
	vb->vdev = vdev;
	vdev->driver_data = vb;
	spin_lock_init(&vb->lock, "virtio_blk");
	list_init(&vb->waiting);
	err = virtio_negotiate(vdev, wanted);
	if (err)
		goto fail;
	read_config(vb);
	vb->vq = virtio_setup_queue(vdev, 0, VBLK_QUEUE_SIZE);
	if (IS_ERR(vb->vq)) {
		err = (int)PTR_ERR(vb->vq);
		vb->vq = NULL;
		goto fail;
	}
	err = setup_slots(vb);
	if (err)
		goto fail;
	ksnprintf(vb->bdev.name, sizeof(vb->bdev.name), "vd%c", 'a' + nr_disks);
	vb->bdev.dev = vfs_mkdev(BLK_MAJOR_VIRTIO, VBLK_MINORS * nr_disks);
	vb->bdev.ops = &vblk_ops;
	vb->bdev.driver_data = vb;
	virtio_set_interrupt(vdev, vblk_interrupt);
	virtio_driver_ok(vdev);
	/* Nothing submits before the disk is registered, so the device gets
	 * no request before DRIVER_OK. */
	err = blk_register(&vb->bdev);
	if (err)
		goto fail;
	nr_disks++;
	report_disk(vb);
	return 0;
fail:
	printk("virtio: %s: block device not started (%d)\n", vdev->hw.name, err);
	virtio_fail(vdev);
	if (vb->vq)
		virtio_free_queue(vb->vq);
	kfree(vb->slots);
	kfree(vb);
	return err;
}
