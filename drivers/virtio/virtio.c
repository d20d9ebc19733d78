/*
 * drivers/virtio/virtio.c - the virtio core: finding devices, the status
 * handshake and feature negotiation, queue set-up and interrupts, all
 * through a struct virtio_transport.
 *
 * Devices are probed once at boot (virtio_init) in the HAL's order and are
 * never removed: once its interrupt handler is registered with the HAL, a
 * struct virtio_device lives for good, even when its driver fails (the
 * device is then reset and its interrupt function cleared).
 */
#include "drivers/virtio/virtio.h"

#include "lib/compiler.h"
#include "lib/err.h"
#include "lib/printk.h"
#include "mm/kmalloc.h"
#include "uapi/errno.h"

#define CONFIG_READ_TRIES 16

struct virtio_driver {
	uint32_t device_id;
	int (*probe)(struct virtio_device *vdev);
};

static const struct virtio_driver drivers[] = {
    {VIRTIO_ID_BLOCK, virtio_blk_probe},
    {VIRTIO_ID_RNG, virtio_rng_probe},
};

static void set_status_bits(struct virtio_device *vdev, uint8_t bits)
{
	vdev->transport->set_status(vdev, vdev->transport->get_status(vdev) | bits);
}

int virtio_negotiate(struct virtio_device *vdev, uint64_t wanted)
{
	const struct virtio_transport *t = vdev->transport;
	uint64_t offered;

	t->reset(vdev);
	set_status_bits(vdev, VIRTIO_STATUS_ACKNOWLEDGE);
	set_status_bits(vdev, VIRTIO_STATUS_DRIVER);
	offered = t->get_features(vdev);
	if (!(offered & (1ull << VIRTIO_F_VERSION_1))) {
		printk("virtio: %s: legacy-only device, not supported\n", vdev->hw.name);
		return -ENODEV;
	}
	vdev->features = (offered & wanted) | 1ull << VIRTIO_F_VERSION_1;
	t->set_features(vdev, vdev->features);
	set_status_bits(vdev, VIRTIO_STATUS_FEATURES_OK);
	if (!(t->get_status(vdev) & VIRTIO_STATUS_FEATURES_OK)) {
		printk("virtio: %s: features 0x%llx refused\n", vdev->hw.name,
		       (unsigned long long)vdev->features);
		return -ENODEV;
	}
	return 0;
}

struct virtq *virtio_setup_queue(struct virtio_device *vdev, unsigned int index,
				 unsigned int max_size)
{
	unsigned int size = MIN(vdev->transport->queue_max_size(vdev, index), max_size);
	struct virtq *vq;
	void *ring = NULL;
	int err = -ENOMEM;

	/* The device's maximum need not be a power of two; ours must be. */
	while (size & (size - 1))
		size &= size - 1;
	if (size == 0 || size > VIRTQ_MAX_SIZE)
		return ERR_PTR(-ENODEV);
	vq = kzalloc(sizeof(*vq) + sizeof(void *) * size, GFP_KERNEL);
	if (!vq)
		goto out;
	/* Page-aligned (ring sizes are rounded to pages) and contiguous. */
	ring = kzalloc(ALIGN_UP(virtq_ring_bytes((uint16_t)size), (size_t)4096), GFP_KERNEL);
	if (!ring)
		goto out;
	err = virtq_init(vq, index, (uint16_t)size, ring, (void **)(vq + 1));
	if (!err)
		err = vdev->transport->queue_enable(vdev, vq);
	if (!err)
		return vq;
out:
	kfree(ring);
	kfree(vq);
	return ERR_PTR(err);
}

void virtio_free_queue(struct virtq *vq)
{
	kfree(vq->desc);
	kfree(vq);
}

/* The HAL's handler for the device's line: ours when the device says so. */
static void virtio_irq(void *arg)
{
	struct virtio_device *vdev = arg;
	void (*fn)(struct virtio_device *) = __atomic_load_n(&vdev->interrupt, __ATOMIC_ACQUIRE);

	if (fn && (vdev->transport->irq_status(vdev) & VIRTIO_IRQ_USED))
		fn(vdev);
}

void virtio_set_interrupt(struct virtio_device *vdev, void (*fn)(struct virtio_device *vdev))
{
	__atomic_store_n(&vdev->interrupt, fn, __ATOMIC_RELEASE);
}

void virtio_driver_ok(struct virtio_device *vdev)
{
	set_status_bits(vdev, VIRTIO_STATUS_DRIVER_OK);
}

void virtio_fail(struct virtio_device *vdev)
{
	virtio_set_interrupt(vdev, NULL);
	set_status_bits(vdev, VIRTIO_STATUS_FAILED);
	vdev->transport->reset(vdev);
	vdev->driver_data = NULL;
}

uint32_t virtio_config_read32(struct virtio_device *vdev, unsigned int off)
{
	return vdev->transport->config_read(vdev, off, 4);
}

/* Two 32-bit halves, retried until the generation shows no change between. */
uint64_t virtio_config_read64(struct virtio_device *vdev, unsigned int off)
{
	const struct virtio_transport *t = vdev->transport;
	uint32_t gen, lo, hi;
	int tries = 0;

	do {
		gen = t->config_generation(vdev);
		lo = t->config_read(vdev, off, 4);
		hi = t->config_read(vdev, off + 4, 4);
	} while (gen != t->config_generation(vdev) && ++tries < CONFIG_READ_TRIES);
	return (uint64_t)hi << 32 | lo;
}

static const struct virtio_driver *find_driver(uint32_t device_id)
{
	for (size_t i = 0; i < ARRAY_SIZE(drivers); i++)
		if (drivers[i].device_id == device_id)
			return &drivers[i];
	return NULL;
}

static void probe_device(const struct hal_virtio_device *hw)
{
	const struct virtio_driver *drv = find_driver(hw->device_id);
	struct virtio_device *vdev;
	int err;

	if (!drv) {
		printk("virtio: %s: device type %u, no driver\n", hw->name, hw->device_id);
		return;
	}
	vdev = kzalloc(sizeof(*vdev), GFP_KERNEL);
	if (!vdev) {
		printk("virtio: %s: out of memory\n", hw->name);
		return;
	}
	vdev->hw = *hw;
	vdev->transport =
	    hw->transport == HAL_VIRTIO_PCI ? &virtio_pci_transport : &virtio_mmio_transport;
	err = vdev->transport->probe(vdev);
	if (!err) {
		err = hal_irq_register(hw->irq, virtio_irq, vdev);
		if (err)
			printk("virtio: %s: irq %u unusable (%d)\n", hw->name, hw->irq, err);
	}
	if (err) {
		kfree(vdev->transport_data);
		kfree(vdev);
		return;
	}
	/* From here on the HAL's handler refers to vdev: it is never freed. */
	drv->probe(vdev);
}

void virtio_init(void)
{
	struct hal_virtio_device hw;

	for (unsigned int i = 0; hal_virtio_device(i, &hw) == 0; i++)
		probe_device(&hw);
}
