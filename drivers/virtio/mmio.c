/*
 * drivers/virtio/mmio.c - the virtio-mmio transport, version 2 ("modern",
 * virtio 1.x section 4.2.2) only.
 *
 * One register window per device (hw.regs). Legacy devices (version 1)
 * are refused with a message: QEMU's virt machine makes its virtio-mmio
 * devices legacy unless run with -global virtio-mmio.force-legacy=false,
 * which scripts/qemu-run always passes.
 */
#include "drivers/virtio/virtio.h"

#include "lib/printk.h"
#include "uapi/errno.h"

#define MMIO_MAGIC_VALUE	 0x000
#define MMIO_VERSION		 0x004
#define MMIO_DEVICE_FEATURES	 0x010
#define MMIO_DEVICE_FEATURES_SEL 0x014
#define MMIO_DRIVER_FEATURES	 0x020
#define MMIO_DRIVER_FEATURES_SEL 0x024
#define MMIO_QUEUE_SEL		 0x030
#define MMIO_QUEUE_NUM_MAX	 0x034
#define MMIO_QUEUE_NUM		 0x038
#define MMIO_QUEUE_READY	 0x044
#define MMIO_QUEUE_NOTIFY	 0x050
#define MMIO_INTERRUPT_STATUS	 0x060
#define MMIO_INTERRUPT_ACK	 0x064
#define MMIO_STATUS		 0x070
#define MMIO_QUEUE_DESC		 0x080 /* low word; high word at +4 */
#define MMIO_QUEUE_DRIVER	 0x090
#define MMIO_QUEUE_DEVICE	 0x0a0
#define MMIO_CONFIG_GENERATION	 0x0fc
#define MMIO_CONFIG		 0x100

#define MMIO_MAGIC 0x74726976 /* "virt" */

static uint32_t rd(struct virtio_device *vdev, unsigned int reg)
{
	return hal_mmio_read32(vdev->hw.regs + reg);
}

static void wr(struct virtio_device *vdev, unsigned int reg, uint32_t value)
{
	hal_mmio_write32(vdev->hw.regs + reg, value);
}

static void wr64(struct virtio_device *vdev, unsigned int reg, uint64_t value)
{
	wr(vdev, reg, (uint32_t)value);
	wr(vdev, reg + 4, (uint32_t)(value >> 32));
}

static int mmio_probe(struct virtio_device *vdev)
{
	uint32_t version;

	if (rd(vdev, MMIO_MAGIC_VALUE) != MMIO_MAGIC)
		return -ENODEV;
	version = rd(vdev, MMIO_VERSION);
	if (version != 2) {
		printk("virtio: %s: virtio-mmio version %u, only 2 is supported "
		       "(QEMU: -global virtio-mmio.force-legacy=false)\n",
		       vdev->hw.name, version);
		return -ENODEV;
	}
	return 0;
}

static uint8_t mmio_get_status(struct virtio_device *vdev)
{
	return (uint8_t)rd(vdev, MMIO_STATUS);
}

static void mmio_set_status(struct virtio_device *vdev, uint8_t status)
{
	wr(vdev, MMIO_STATUS, status);
}

static void mmio_reset(struct virtio_device *vdev)
{
	wr(vdev, MMIO_STATUS, 0);
	while (rd(vdev, MMIO_STATUS) != 0)
		hal_cpu_relax();
}

static uint64_t mmio_get_features(struct virtio_device *vdev)
{
	uint64_t features;

	wr(vdev, MMIO_DEVICE_FEATURES_SEL, 1);
	features = (uint64_t)rd(vdev, MMIO_DEVICE_FEATURES) << 32;
	wr(vdev, MMIO_DEVICE_FEATURES_SEL, 0);
	return features | rd(vdev, MMIO_DEVICE_FEATURES);
}

static void mmio_set_features(struct virtio_device *vdev, uint64_t features)
{
	wr(vdev, MMIO_DRIVER_FEATURES_SEL, 1);
	wr(vdev, MMIO_DRIVER_FEATURES, (uint32_t)(features >> 32));
	wr(vdev, MMIO_DRIVER_FEATURES_SEL, 0);
	wr(vdev, MMIO_DRIVER_FEATURES, (uint32_t)features);
}

static uint32_t mmio_config_read(struct virtio_device *vdev, unsigned int off, unsigned int width)
{
	uint64_t pa = vdev->hw.regs + MMIO_CONFIG + off;

	if (width == 1)
		return hal_mmio_read8(pa);
	if (width == 2)
		return hal_mmio_read16(pa);
	return hal_mmio_read32(pa);
}

static uint32_t mmio_config_generation(struct virtio_device *vdev)
{
	return rd(vdev, MMIO_CONFIG_GENERATION);
}

static unsigned int mmio_queue_max_size(struct virtio_device *vdev, unsigned int index)
{
	wr(vdev, MMIO_QUEUE_SEL, index);
	if (rd(vdev, MMIO_QUEUE_READY))
		return 0; /* in use: not ours to set up */
	return rd(vdev, MMIO_QUEUE_NUM_MAX);
}

static void mmio_notify(struct virtq *vq)
{
	struct virtio_device *vdev = vq->priv;

	wr(vdev, MMIO_QUEUE_NOTIFY, vq->index);
}

static int mmio_queue_enable(struct virtio_device *vdev, struct virtq *vq)
{
	wr(vdev, MMIO_QUEUE_SEL, vq->index);
	wr(vdev, MMIO_QUEUE_NUM, vq->size);
	wr64(vdev, MMIO_QUEUE_DESC, virtq_desc_phys(vq));
	wr64(vdev, MMIO_QUEUE_DRIVER, virtq_avail_phys(vq));
	wr64(vdev, MMIO_QUEUE_DEVICE, virtq_used_phys(vq));
	vq->notify = mmio_notify;
	vq->priv = vdev;
	wr(vdev, MMIO_QUEUE_READY, 1);
	return 0;
}

static unsigned int mmio_irq_status(struct virtio_device *vdev)
{
	uint32_t status = rd(vdev, MMIO_INTERRUPT_STATUS);

	if (status)
		wr(vdev, MMIO_INTERRUPT_ACK, status);
	return status & (VIRTIO_IRQ_USED | VIRTIO_IRQ_CONFIG);
}

const struct virtio_transport virtio_mmio_transport = {
    .name = "mmio",
    .probe = mmio_probe,
    .get_status = mmio_get_status,
    .set_status = mmio_set_status,
    .reset = mmio_reset,
    .get_features = mmio_get_features,
    .set_features = mmio_set_features,
    .config_read = mmio_config_read,
    .config_generation = mmio_config_generation,
    .queue_max_size = mmio_queue_max_size,
    .queue_enable = mmio_queue_enable,
    .irq_status = mmio_irq_status,
};
