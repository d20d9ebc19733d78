/*
 * hal/hosted/devices.c - the hosted machine's devices: virtio-mmio device
 * models at fixed register windows, and their interrupt lines.
 *
 * A host program (ruxsim, a unit test) attaches models before boot
 * (hosted_virtio_blk_attach(), hosted_virtio_rng_attach(),
 * hosted_virtio_net_attach()); slot i gets the register window
 * HOSTED_VIRTIO_BASE + i * HOSTED_VIRTIO_STRIDE and interrupt line i + 1,
 * as QEMU's virt machine lays out its virtio-mmio slots.
 * hal_virtio_device() lists them in attach order, so the first disk is vda
 * as with scripts/qemu-run.
 *
 * hal_mmio_read*()/write*() inside a window go to the model's registers
 * (virtio_mmio.c); anywhere else they are plain volatile accesses through
 * the direct map, as on riscv64.
 *
 * Interrupts: a model raises its line (hosted_irq_raise), which stays
 * pending until CPU 0 takes it at its next safe point with interrupts on
 * (clock.c); the line's handlers then run, interrupts off, in line order.
 * A raise is remembered once (like an edge): the virtio driver reads and
 * acknowledges InterruptStatus in its handler, so a device whose driver
 * failed and no longer acknowledges cannot storm.
 */
#include "hal/hal.h"
#include "hal/hosted/hosted.h"
#include "hal/hosted/internal.h"
#include "hal/hosted/virtio_model.h"
#include "lib/printk.h"
#include "lib/string.h"
#include "uapi/errno.h"

#define VIRTIO_SLOTS	  8
#define MAX_IRQ_HANDLERS  16

struct irq_handler {
	unsigned int irq;
	void (*fn)(void *arg);
	void *arg;
};

static struct virtio_model *slots[VIRTIO_SLOTS];
static unsigned int nr_slots;
static struct irq_handler handlers[MAX_IRQ_HANDLERS];
static unsigned int nr_handlers;
static uint32_t pending_lines; /* bit n: line n raised, handlers not yet run */

int virtio_model_add(struct virtio_model *m)
{
	if (nr_slots == VIRTIO_SLOTS)
		return -ENOSPC;
	m->irq = nr_slots + 1;
	slots[nr_slots++] = m;
	return 0;
}

int hal_virtio_device(unsigned int index, struct hal_virtio_device *dev)
{
	uint64_t regs = HOSTED_VIRTIO_BASE + (uint64_t)index * HOSTED_VIRTIO_STRIDE;

	if (index >= nr_slots)
		return -ENODEV;
	memset(dev, 0, sizeof(*dev));
	dev->transport = HAL_VIRTIO_MMIO;
	dev->device_id = slots[index]->device_id;
	dev->irq = slots[index]->irq;
	dev->regs = regs;
	ksnprintf(dev->name, sizeof(dev->name), "mmio@%llx", (unsigned long long)regs);
	return 0;
}

int hal_irq_register(unsigned int irq, void (*handler)(void *arg), void *arg)
{
	if (irq == 0 || irq > nr_slots)
		return -EINVAL;
	if (nr_handlers == MAX_IRQ_HANDLERS)
		return -ENOSPC;
	handlers[nr_handlers++] = (struct irq_handler){irq, handler, arg};
	return 0;
}

void hosted_irq_raise(unsigned int irq)
{
	pending_lines |= 1u << irq;
}

bool hosted_device_irq_pending(void)
{
	return pending_lines != 0;
}

void hosted_device_irqs_take(void)
{
	/* A handler may make its device raise the line again (it started
	 * more requests, which models complete at once): loop until quiet. */
	while (pending_lines) {
		unsigned int irq = (unsigned int)__builtin_ctz(pending_lines);

		pending_lines &= ~(1u << irq);
		for (unsigned int i = 0; i < nr_handlers; i++)
			if (handlers[i].irq == irq)
				handlers[i].fn(handlers[i].arg);
	}
}

/* The model whose register window holds @pa (*@off: the offset in it). */
static struct virtio_model *model_at(uint64_t pa, uint64_t *off)
{
	uint64_t slot;

	if (pa < HOSTED_VIRTIO_BASE)
		return NULL;
	slot = (pa - HOSTED_VIRTIO_BASE) / HOSTED_VIRTIO_STRIDE;
	if (slot >= nr_slots)
		return NULL;
	*off = (pa - HOSTED_VIRTIO_BASE) % HOSTED_VIRTIO_STRIDE;
	return slots[slot];
}

#define MMIO_PTR(type, pa) ((volatile type *)hal_phys_to_virt(pa))

/* A read of @width bytes: a device register, or memory. */
#define MMIO_READ(type, pa)                                                                        \
	({                                                                                         \
		uint64_t __off;                                                                    \
		struct virtio_model *__m = model_at(pa, &__off);                                   \
		__m ? (type)virtio_mmio_read(__m, __off, sizeof(type)) : *MMIO_PTR(type, pa);      \
	})

#define MMIO_WRITE(type, pa, value)                                                                \
	do {                                                                                       \
		uint64_t __off;                                                                    \
		struct virtio_model *__m = model_at(pa, &__off);                                   \
		__atomic_thread_fence(__ATOMIC_SEQ_CST);                                           \
		if (__m)                                                                           \
			virtio_mmio_write(__m, __off, sizeof(type), (uint32_t)(value));            \
		else                                                                               \
			*MMIO_PTR(type, pa) = (value);                                             \
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

/* virtio-mmio has no 64-bit registers: a device window reads 0. */
uint64_t hal_mmio_read64(uint64_t pa)
{
	uint64_t off;

	if (model_at(pa, &off))
		return 0;
	return *MMIO_PTR(uint64_t, pa);
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
	uint64_t off;

	__atomic_thread_fence(__ATOMIC_SEQ_CST);
	if (!model_at(pa, &off))
		*MMIO_PTR(uint64_t, pa) = value;
}
