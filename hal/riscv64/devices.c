/*
 * hal/riscv64/devices.c - the devices the kernel may drive: the virtio
 * list (virtio-mmio slots from the device tree that hold a device, then
 * the virtio PCI functions pci.c set up) and device register access.
 *
 * Register accessors are single volatile loads and stores through the
 * direct map, fenced as Linux's readl/writel are: a store is preceded by
 * "fence rw,o" (earlier memory accesses are visible before the device sees
 * the store, e.g. a ring update before the doorbell), a load is followed
 * by "fence i,r" (later memory reads cannot pass it, e.g. reading the used
 * ring after an interrupt status register).
 */
#include "hal/hal.h"
#include "hal/riscv64/platform.h"
#include "lib/printk.h"
#include "uapi/errno.h"

#define FENCE_BEFORE_WRITE() __asm__ __volatile__("fence rw,o" ::: "memory")
#define FENCE_AFTER_READ()   __asm__ __volatile__("fence i,r" ::: "memory")

#define MMIO_READ(type, pa)                                                                        \
	({                                                                                         \
		type __v = *(volatile type *)rv_mmio(pa);                                          \
		FENCE_AFTER_READ();                                                                \
		__v;                                                                               \
	})

#define MMIO_WRITE(type, pa, v)                                                                    \
	do {                                                                                       \
		FENCE_BEFORE_WRITE();                                                              \
		*(volatile type *)rv_mmio(pa) = (v);                                               \
	} while (0)

uint8_t hal_mmio_read8(uint64_t pa)
{
	return MMIO_READ(uint8_t, pa);
}

uint16_t hal_mmio_read16(uint64_t pa)
{
	return MMIO_READ(uint16_t, pa);
}

uint32_t hal_mmio_read32(uint64_t pa)
{
	return MMIO_READ(uint32_t, pa);
}

uint64_t hal_mmio_read64(uint64_t pa)
{
	return MMIO_READ(uint64_t, pa);
}

void hal_mmio_write8(uint64_t pa, uint8_t value)
{
	MMIO_WRITE(uint8_t, pa, value);
}

void hal_mmio_write16(uint64_t pa, uint16_t value)
{
	MMIO_WRITE(uint16_t, pa, value);
}

void hal_mmio_write32(uint64_t pa, uint32_t value)
{
	MMIO_WRITE(uint32_t, pa, value);
}

void hal_mmio_write64(uint64_t pa, uint64_t value)
{
	MMIO_WRITE(uint64_t, pa, value);
}

/* The @i-th virtio-mmio slot that holds a device (dtb.c read the ids). */
static const struct rv_virtio_slot *used_slot(unsigned int i)
{
	for (unsigned int s = 0; s < rv_platform.nr_virtio; s++)
		if (rv_platform.virtio[s].device_id && i-- == 0)
			return &rv_platform.virtio[s];
	return NULL;
}

static unsigned int nr_used_slots(void)
{
	unsigned int n = 0;

	while (used_slot(n))
		n++;
	return n;
}

int hal_virtio_device(unsigned int index, struct hal_virtio_device *dev)
{
	const struct rv_virtio_slot *slot = used_slot(index);

	if (!slot)
		return rv_pci_virtio_device(index - nr_used_slots(), dev);
	*dev = (struct hal_virtio_device){
	    .transport = HAL_VIRTIO_MMIO,
	    .device_id = slot->device_id,
	    .irq = slot->irq,
	    .regs = slot->base,
	};
	ksnprintf(dev->name, sizeof(dev->name), "mmio@%llx", (unsigned long long)slot->base);
	return 0;
}
