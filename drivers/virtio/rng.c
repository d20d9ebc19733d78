/*
 * drivers/virtio/rng.c - virtio entropy devices (virtio 1.x section 5.4):
 * seed the kernel's random pool at boot, and /dev/hwrng (char 10:183, as
 * on Linux) for programs that want the device's own bytes.
 *
 * One queue, one request at a time: a RNG_BUF_BYTES buffer offered as a
 * single device-writable descriptor. The probe sends the first request;
 * its bytes go to random_add_entropy() from the interrupt handler. A read
 * of /dev/hwrng takes the device (the mutex), waits until no request is
 * out, and asks for as many bytes as it wants, a buffer at a time.
 *
 * Locking: rng->io (a mutex) serializes readers; rng->lock (irqsave)
 * protects the queue, rng->busy and rng->got, which the interrupt handler
 * changes. Devices are never removed; /dev/hwrng is the first one.
 */
#include "drivers/virtio/virtio.h"
#include "fs/devfs/devfs.h"
#include "lib/compiler.h"
#include "lib/err.h"
#include "lib/printk.h"
#include "mm/kmalloc.h"
#include "proc/internal.h"
#include "sched/mutex.h"
#include "sched/wait.h"
#include "uapi/errno.h"

#define RNG_BUF_BYTES 64
#define RNG_QUEUE_SIZE 4
#define MISC_MAJOR    10
#define HWRNG_MINOR   183

struct virtio_rng {
	struct virtio_device *vdev;
	struct virtq *vq;
	struct spinlock lock;
	struct mutex io;
	struct wait_queue done_wq; /* woken when a request comes back */
	bool busy;		   /* a request is on the ring */
	bool feed_pool;		   /* ... and its bytes are for the pool */
	uint32_t got;		   /* bytes the last request returned */
	uint8_t buf[RNG_BUF_BYTES];
};

static struct virtio_rng *hwrng; /* the device /dev/hwrng reads */

/* Offer @len bytes of rng->buf to the device (caller holds rng->lock). */
static int rng_request(struct virtio_rng *rng, size_t len, bool feed_pool)
{
	struct virtq_buf buf = {hal_virt_to_phys(rng->buf), (uint32_t)len, true};
	int err = virtq_add(rng->vq, &buf, 1, rng);

	if (err)
		return err;
	rng->busy = true;
	rng->feed_pool = feed_pool;
	virtq_kick(rng->vq);
	return 0;
}

static void rng_interrupt(struct virtio_device *vdev)
{
	struct virtio_rng *rng = vdev->driver_data;
	unsigned long flags = spin_lock_irqsave(&rng->lock);
	uint32_t len;

	if (virtq_get_used(rng->vq, &len)) {
		rng->got = MIN(len, (uint32_t)RNG_BUF_BYTES); /* a device's word */
		rng->busy = false;
		if (rng->feed_pool)
			random_add_entropy(rng->buf, rng->got);
	}
	spin_unlock_irqrestore(&rng->lock, flags);
	wake_up(&rng->done_wq);
}

static bool rng_idle(struct virtio_rng *rng)
{
	unsigned long flags = spin_lock_irqsave(&rng->lock);
	bool idle = !rng->busy;

	spin_unlock_irqrestore(&rng->lock, flags);
	return idle;
}

/* Up to RNG_BUF_BYTES from the device into @to (rng->io held). */
static long rng_read_chunk(struct virtio_rng *rng, struct vfs_iter *to)
{
	unsigned long flags;
	int err;

	wait_event(rng->done_wq, rng_idle(rng));
	flags = spin_lock_irqsave(&rng->lock);
	err = rng_request(rng, MIN(to->left, (size_t)RNG_BUF_BYTES), false);
	spin_unlock_irqrestore(&rng->lock, flags);
	if (err)
		return err;
	wait_event(rng->done_wq, rng_idle(rng));
	if (rng->got == 0)
		return -EIO;
	return (long)vfs_iter_copy_to(to, rng->buf, rng->got);
}

static long hwrng_read(struct file *file, struct vfs_iter *to, int64_t *pos)
{
	struct virtio_rng *rng = hwrng;
	long err = 0;

	if (mutex_lock_interruptible(&rng->io))
		return -EINTR;
	while (to->left > 0 && !err) {
		err = rng_read_chunk(rng, to);
		if (err > 0)
			err = 0;
	}
	mutex_unlock(&rng->io);
	return to->done ? (long)to->done : err;
}

static const struct file_operations hwrng_fops = {
    .read = hwrng_read,
};

static void register_hwrng(struct virtio_rng *rng)
{
	int err;

	if (hwrng)
		return;
	err = chrdev_register(MISC_MAJOR, HWRNG_MINOR, "hwrng", 0600, &hwrng_fops);
	if (err)
		printk("virtio: rng: /dev/hwrng not registered (%d)\n", err);
	else
		hwrng = rng;
}

int virtio_rng_probe(struct virtio_device *vdev)
{
	struct virtio_rng *rng = kzalloc(sizeof(*rng), GFP_KERNEL);
	unsigned long flags;
	int err;

	if (!rng)
		return -ENOMEM;
	rng->vdev = vdev;
	vdev->driver_data = rng;
	spin_lock_init(&rng->lock, "virtio_rng");
	mutex_init(&rng->io, "virtio_rng");
	wait_queue_init(&rng->done_wq, "virtio_rng");
	err = virtio_negotiate(vdev, 0);
	if (err)
		goto fail;
	rng->vq = virtio_setup_queue(vdev, 0, RNG_QUEUE_SIZE);
	if (IS_ERR(rng->vq)) {
		err = (int)PTR_ERR(rng->vq);
		rng->vq = NULL;
		goto fail;
	}
	virtio_set_interrupt(vdev, rng_interrupt);
	virtio_driver_ok(vdev);
	flags = spin_lock_irqsave(&rng->lock);
	err = rng_request(rng, RNG_BUF_BYTES, true);
	spin_unlock_irqrestore(&rng->lock, flags);
	if (err)
		goto fail;
	register_hwrng(rng);
	printk("virtio: rng (%s)\n", vdev->transport->name);
	return 0;
fail:
	printk("virtio: %s: entropy device not started (%d)\n", vdev->hw.name, err);
	virtio_fail(vdev);
	if (rng->vq)
		virtio_free_queue(rng->vq);
	kfree(rng);
	return err;
}
