/*
 * hal/hosted/devices.c - the hosted machine's devices: none yet.
 *
 * hal_virtio_device() finds no device and hal_irq_register() has no line
 * to attach to, so drivers/virtio probes nothing here; its queue logic is
 * tested against an in-memory device model instead (tests/ktest/virtqueue.c).
 * The register accessors are plain volatile accesses, as on riscv64, so
 * a future device model only has to give them an address to answer at.
 */
#include "hal/hal.h"
#include "uapi/errno.h"

int hal_virtio_device(unsigned int index, struct hal_virtio_device *dev)
{
	return -ENODEV;
}

int hal_irq_register(unsigned int irq, void (*handler)(void *arg), void *arg)
{
	return -EINVAL;
}

#define MMIO_PTR(type, pa) ((volatile type *)hal_phys_to_virt(pa))

uint8_t hal_mmio_read8(uint64_t pa)
{
	return *MMIO_PTR(uint8_t, pa);
}

uint16_t hal_mmio_read16(uint64_t pa)
{
	return *MMIO_PTR(uint16_t, pa);
}

uint32_t hal_mmio_read32(uint64_t pa)
{
	return *MMIO_PTR(uint32_t, pa);
}

uint64_t hal_mmio_read64(uint64_t pa)
{
	return *MMIO_PTR(uint64_t, pa);
}

void hal_mmio_write8(uint64_t pa, uint8_t value)
{
	__atomic_thread_fence(__ATOMIC_SEQ_CST);
	*MMIO_PTR(uint8_t, pa) = value;
}

void hal_mmio_write16(uint64_t pa, uint16_t value)
{
	__atomic_thread_fence(__ATOMIC_SEQ_CST);
	*MMIO_PTR(uint16_t, pa) = value;
}

void hal_mmio_write32(uint64_t pa, uint32_t value)
{
	__atomic_thread_fence(__ATOMIC_SEQ_CST);
	*MMIO_PTR(uint32_t, pa) = value;
}

void hal_mmio_write64(uint64_t pa, uint64_t value)
{
	__atomic_thread_fence(__ATOMIC_SEQ_CST);
	*MMIO_PTR(uint64_t, pa) = value;
}
