/*
 * drivers/virtio/pci.c - the modern virtio-pci transport (virtio 1.x
 * section 4.1).
 *
 * The HAL has placed the function's memory BARs and enabled it; here the
 * vendor capabilities in its configuration space say where, inside those
 * BARs, the four structures the driver needs are:
 *
 *   common   feature bits, status, queue set-up (struct at fixed offsets)
 *   notify   doorbells: queue q at notify + q's notify_off * multiplier
 *   isr      one byte; reading it returns and clears the interrupt cause
 *   device   the device-specific configuration
 *
 * Interrupts are INTx (shared, level-triggered, deasserted by the ISR
 * read); MSI-X stays disabled.
 */
#include "drivers/virtio/virtio.h"

#include "lib/printk.h"
#include "mm/kmalloc.h"
#include "uapi/errno.h"

/* PCI configuration space. */
#define PCI_STATUS	    0x06
#define PCI_STATUS_CAP_LIST 0x10
#define PCI_CAPABILITY_LIST 0x34
#define PCI_CAP_ID_VENDOR   0x09

/* struct virtio_pci_cap, relative to the capability. */
#define CAP_CFG_TYPE	      3
#define CAP_BAR		      4
#define CAP_OFFSET	      8
#define CAP_NOTIFY_MULTIPLIER 16

enum virtio_pci_cap_type {
	VIRTIO_PCI_CAP_COMMON_CFG = 1,
	VIRTIO_PCI_CAP_NOTIFY_CFG = 2,
	VIRTIO_PCI_CAP_ISR_CFG = 3,
	VIRTIO_PCI_CAP_DEVICE_CFG = 4,
};

/* struct virtio_pci_common_cfg. */
#define COMMON_DFSELECT	     0x00
#define COMMON_DF	     0x04
#define COMMON_GFSELECT	     0x08
#define COMMON_GF	     0x0c
#define COMMON_STATUS	     0x14
#define COMMON_CFGGENERATION 0x15
#define COMMON_Q_SELECT	     0x16
#define COMMON_Q_SIZE	     0x18
#define COMMON_Q_ENABLE	     0x1c
#define COMMON_Q_NOFF	     0x1e
#define COMMON_Q_DESC	     0x20
#define COMMON_Q_AVAIL	     0x28
#define COMMON_Q_USED	     0x30

struct virtio_pci_regs {
	uint64_t common, notify, isr, device; /* physical addresses */
	uint32_t notify_multiplier;
};

static struct virtio_pci_regs *regs_of(struct virtio_device *vdev)
{
	return vdev->transport_data;
}

/* Physical address a capability at @cap points to, 0 if its BAR is unset. */
static uint64_t cap_address(struct virtio_device *vdev, uint64_t cap)
{
	uint8_t bar = hal_mmio_read8(cap + CAP_BAR);

	if (bar >= HAL_PCI_NR_BARS || !vdev->hw.bar[bar])
		return 0;
	return vdev->hw.bar[bar] + hal_mmio_read32(cap + CAP_OFFSET);
}

/* Record the first usable capability of each type. */
static void parse_cap(struct virtio_device *vdev, struct virtio_pci_regs *r, uint64_t cap)
{
	uint64_t at = cap_address(vdev, cap);

	if (!at)
		return;
	switch (hal_mmio_read8(cap + CAP_CFG_TYPE)) {
	case VIRTIO_PCI_CAP_COMMON_CFG:
		r->common = r->common ? r->common : at;
		break;
	case VIRTIO_PCI_CAP_NOTIFY_CFG:
		if (!r->notify) {
			r->notify = at;
			r->notify_multiplier = hal_mmio_read32(cap + CAP_NOTIFY_MULTIPLIER);
		}
		break;
	case VIRTIO_PCI_CAP_ISR_CFG:
		r->isr = r->isr ? r->isr : at;
		break;
	case VIRTIO_PCI_CAP_DEVICE_CFG:
		r->device = r->device ? r->device : at;
		break;
	}
}

static int pci_probe(struct virtio_device *vdev)
{
	uint64_t cfg = vdev->hw.regs;
	struct virtio_pci_regs *r;
	uint8_t pos;
	int hops = 0;

	if (!(hal_mmio_read16(cfg + PCI_STATUS) & PCI_STATUS_CAP_LIST))
		return -ENODEV;
	r = kzalloc(sizeof(*r), GFP_KERNEL);
	if (!r)
		return -ENOMEM;
	vdev->transport_data = r;
	/* The list is device-provided: a uint8_t offset stays in the 256 bytes
	 * of standard config space, and the walk is bounded in length. */
	pos = hal_mmio_read8(cfg + PCI_CAPABILITY_LIST) & ~3u;
	while (pos >= 0x40 && hops++ < 48) {
		if (hal_mmio_read8(cfg + pos) == PCI_CAP_ID_VENDOR)
			parse_cap(vdev, r, cfg + pos);
		pos = hal_mmio_read8(cfg + pos + 1) & ~3u;
	}
	if (!r->common || !r->notify || !r->isr) {
		printk("virtio: %s: no modern virtio-pci capabilities\n", vdev->hw.name);
		return -ENODEV; /* virtio.c frees transport_data */
	}
	return 0;
}

static uint8_t pci_get_status(struct virtio_device *vdev)
{
	return hal_mmio_read8(regs_of(vdev)->common + COMMON_STATUS);
}

static void pci_set_status(struct virtio_device *vdev, uint8_t status)
{
	hal_mmio_write8(regs_of(vdev)->common + COMMON_STATUS, status);
}

static void pci_reset(struct virtio_device *vdev)
{
	pci_set_status(vdev, 0);
	while (pci_get_status(vdev) != 0)
		hal_cpu_relax();
}

static uint64_t pci_get_features(struct virtio_device *vdev)
{
	uint64_t common = regs_of(vdev)->common;
	uint64_t features;

	hal_mmio_write32(common + COMMON_DFSELECT, 1);
	features = (uint64_t)hal_mmio_read32(common + COMMON_DF) << 32;
	hal_mmio_write32(common + COMMON_DFSELECT, 0);
	return features | hal_mmio_read32(common + COMMON_DF);
}

static void pci_set_features(struct virtio_device *vdev, uint64_t features)
{
	uint64_t common = regs_of(vdev)->common;

	hal_mmio_write32(common + COMMON_GFSELECT, 1);
	hal_mmio_write32(common + COMMON_GF, (uint32_t)(features >> 32));
	hal_mmio_write32(common + COMMON_GFSELECT, 0);
	hal_mmio_write32(common + COMMON_GF, (uint32_t)features);
}

static uint32_t pci_config_read(struct virtio_device *vdev, unsigned int off, unsigned int width)
{
	uint64_t pa = regs_of(vdev)->device + off;

	if (!regs_of(vdev)->device)
		return 0;
	if (width == 1)
		return hal_mmio_read8(pa);
	if (width == 2)
		return hal_mmio_read16(pa);
	return hal_mmio_read32(pa);
}

static uint32_t pci_config_generation(struct virtio_device *vdev)
{
	return hal_mmio_read8(regs_of(vdev)->common + COMMON_CFGGENERATION);
}

static unsigned int pci_queue_max_size(struct virtio_device *vdev, unsigned int index)
{
	uint64_t common = regs_of(vdev)->common;

	hal_mmio_write16(common + COMMON_Q_SELECT, (uint16_t)index);
	if (hal_mmio_read16(common + COMMON_Q_ENABLE))
		return 0;
	return hal_mmio_read16(common + COMMON_Q_SIZE);
}

/* 64-bit fields as two 32-bit halves, which every device accepts (4.1.3.1). */
static void write64(uint64_t pa, uint64_t value)
{
	hal_mmio_write32(pa, (uint32_t)value);
	hal_mmio_write32(pa + 4, (uint32_t)(value >> 32));
}

static void pci_notify(struct virtq *vq)
{
	hal_mmio_write16((uint64_t)(uintptr_t)vq->priv, (uint16_t)vq->index);
}

static int pci_queue_enable(struct virtio_device *vdev, struct virtq *vq)
{
	struct virtio_pci_regs *r = regs_of(vdev);
	uint64_t common = r->common;
	uint16_t noff;

	hal_mmio_write16(common + COMMON_Q_SELECT, (uint16_t)vq->index);
	hal_mmio_write16(common + COMMON_Q_SIZE, vq->size);
	write64(common + COMMON_Q_DESC, virtq_desc_phys(vq));
	write64(common + COMMON_Q_AVAIL, virtq_avail_phys(vq));
	write64(common + COMMON_Q_USED, virtq_used_phys(vq));
	noff = hal_mmio_read16(common + COMMON_Q_NOFF);
	/* The doorbell's address, kept in priv: all pci_notify needs. */
	vq->priv = (void *)(uintptr_t)(r->notify + (uint64_t)noff * r->notify_multiplier);
	vq->notify = pci_notify;
	hal_mmio_write16(common + COMMON_Q_ENABLE, 1);
	return 0;
}

static unsigned int pci_irq_status(struct virtio_device *vdev)
{
	return hal_mmio_read8(regs_of(vdev)->isr) & (VIRTIO_IRQ_USED | VIRTIO_IRQ_CONFIG);
}

const struct virtio_transport virtio_pci_transport = {
    .name = "pci",
    .probe = pci_probe,
    .get_status = pci_get_status,
    .set_status = pci_set_status,
    .reset = pci_reset,
    .get_features = pci_get_features,
    .set_features = pci_set_features,
    .config_read = pci_config_read,
    .config_generation = pci_config_generation,
    .queue_max_size = pci_queue_max_size,
    .queue_enable = pci_queue_enable,
    .irq_status = pci_irq_status,
};
