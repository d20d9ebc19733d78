/*
 * hal/riscv64/pci.c - virtio functions behind the PCI host bridge (ECAM).
 *
 * OpenSBI leaves PCI unconfigured, so the HAL does what PC firmware would,
 * for virtio functions only (vendor 0x1af4) on bus 0, where QEMU virt puts
 * every -device (bridges are not crossed):
 *
 *   - size each memory BAR and place it in a memory window of the bridge
 *     (the device tree's "ranges"; 64-bit BARs in the 64-bit window when
 *     there is one), naturally aligned, by a bump allocator; a BAR that
 *     firmware already placed is kept; I/O BARs are left off;
 *   - turn on memory decoding and bus mastering, leave INTx enabled;
 *   - find the PLIC source of its INTx pin in the "interrupt-map".
 *
 * rv_pci_init() runs once on the boot CPU; the table it fills is read-only
 * afterwards. Config space is reached as memory (ECAM: 4 KiB per function
 * at bus << 20 | device << 15 | function << 12).
 */
#include "hal/hal.h"
#include "hal/riscv64/platform.h"
#include "lib/compiler.h"
#include "lib/printk.h"
#include "lib/string.h"
#include "uapi/errno.h"

#define PCI_VENDOR_VIRTIO 0x1af4
#define PCI_MAX_VIRTIO	  16

/* Configuration space (type 0 header). */
#define PCI_VENDOR_ID	  0x00
#define PCI_DEVICE_ID	  0x02
#define PCI_COMMAND	  0x04
#define PCI_HEADER_TYPE	  0x0e
#define PCI_BAR0	  0x10
#define PCI_SUBSYSTEM_ID  0x2e
#define PCI_INTERRUPT_PIN 0x3d

#define PCI_COMMAND_MEMORY	 (1u << 1)
#define PCI_COMMAND_MASTER	 (1u << 2)
#define PCI_COMMAND_INTX_DISABLE (1u << 10)

#define PCI_BAR_IO	  0x1u
#define PCI_BAR_MEM_64	  0x4u
#define PCI_BAR_ADDR_MASK (~0xfull)
#define PCI_HEADER_MULTI  0x80u
#define PCI_SPACE_MEM32	  2
#define PCI_SPACE_MEM64	  3

static struct hal_virtio_device pci_virtio[PCI_MAX_VIRTIO];
static unsigned int nr_pci_virtio;
/* Next free PCI address in each window of rv_platform.pci_ranges. */
static uint64_t window_next[RV_MAX_PCI_RANGES];

static uint64_t cfg_addr(unsigned int bus, unsigned int dev, unsigned int fn)
{
	return rv_platform.pci_ecam_base + ((uint64_t)bus << 20 | dev << 15 | fn << 12);
}

/* Virtio device type of a virtio function: modern ids are 0x1040 + type;
 * transitional ones (0x1000-0x103f) carry the type as subsystem id. */
static uint32_t virtio_type(uint64_t cfg, uint16_t device)
{
	if (device >= 0x1040 && device <= 0x107f)
		return device - 0x1040u;
	if (device >= 0x1000 && device <= 0x103f)
		return hal_mmio_read16(cfg + PCI_SUBSYSTEM_ID);
	return 0;
}

/* CPU physical address of PCI memory address @pci_addr (0: in no window). */
static uint64_t pci_to_cpu(uint64_t pci_addr, uint64_t size)
{
	for (unsigned int i = 0; i < rv_platform.nr_pci_ranges; i++) {
		const struct rv_pci_range *r = &rv_platform.pci_ranges[i];

		if ((r->space == PCI_SPACE_MEM32 || r->space == PCI_SPACE_MEM64) &&
		    pci_addr >= r->pci_addr && pci_addr - r->pci_addr + size <= r->size)
			return r->cpu_addr + (pci_addr - r->pci_addr);
	}
	return 0;
}

/* A naturally aligned PCI address for @size bytes in a window of @space
 * (0: none left). */
static uint64_t window_alloc(uint32_t space, uint64_t size)
{
	for (unsigned int i = 0; i < rv_platform.nr_pci_ranges; i++) {
		const struct rv_pci_range *r = &rv_platform.pci_ranges[i];
		uint64_t at;

		if (r->space != space)
			continue;
		at = ALIGN_UP(window_next[i] ? window_next[i] : r->pci_addr, size);
		if (at < r->pci_addr || at - r->pci_addr + size > r->size)
			continue;
		if (space == PCI_SPACE_MEM32 && at + size > 0x100000000ull)
			continue;
		window_next[i] = at + size;
		return at;
	}
	return 0;
}

/* Size the memory BAR at config offset @reg (one or two registers); the
 * device's memory decoding must be off. Returns 0 for I/O or absent BARs. */
static uint64_t bar_size(uint64_t reg, bool is64)
{
	uint32_t lo = hal_mmio_read32(reg), hi = is64 ? hal_mmio_read32(reg + 4) : 0;
	uint64_t mask;

	hal_mmio_write32(reg, 0xffffffffu);
	if (is64)
		hal_mmio_write32(reg + 4, 0xffffffffu);
	mask = hal_mmio_read32(reg) |
	       (is64 ? (uint64_t)hal_mmio_read32(reg + 4) << 32 : 0xffffffff00000000ull);
	hal_mmio_write32(reg, lo);
	if (is64)
		hal_mmio_write32(reg + 4, hi);
	mask &= PCI_BAR_ADDR_MASK;
	return mask ? ~mask + 1 : 0;
}

/* Place BAR @n of the function at @cfg; returns how many BAR registers it
 * used (2 for a 64-bit BAR). */
static unsigned int setup_bar(uint64_t cfg, unsigned int n, struct hal_virtio_device *dev)
{
	uint64_t reg = cfg + PCI_BAR0 + 4 * n;
	uint32_t lo = hal_mmio_read32(reg);
	bool is64 = !(lo & PCI_BAR_IO) && (lo & 0x6u) == PCI_BAR_MEM_64 && n + 1 < HAL_PCI_NR_BARS;
	uint64_t size, addr;

	if (lo & PCI_BAR_IO)
		return 1;
	size = bar_size(reg, is64);
	if (!size)
		return is64 ? 2 : 1;
	addr = lo & PCI_BAR_ADDR_MASK;
	if (is64)
		addr |= (uint64_t)hal_mmio_read32(reg + 4) << 32;
	if (!addr) {
		addr = is64 ? window_alloc(PCI_SPACE_MEM64, size) : 0;
		if (!addr)
			addr = window_alloc(PCI_SPACE_MEM32, size);
		hal_mmio_write32(reg, (uint32_t)addr | (lo & 0xfu));
		if (is64)
			hal_mmio_write32(reg + 4, (uint32_t)(addr >> 32));
	}
	dev->bar[n] = addr ? pci_to_cpu(addr, size) : 0;
	return is64 ? 2 : 1;
}

/* The PLIC source of INTx pin @pin (1-4) of bus/device/function, 0 if unrouted. */
static unsigned int intx_irq(unsigned int bus, unsigned int dev, unsigned int fn, unsigned int pin)
{
	uint32_t hi = (bus << 16 | dev << 11 | fn << 8) & rv_platform.pci_irq_mask_hi;

	pin &= rv_platform.pci_irq_mask_pin;
	for (unsigned int i = 0; i < rv_platform.nr_pci_irq_map; i++) {
		const struct rv_pci_irq_route *r = &rv_platform.pci_irq_map[i];

		if (r->addr_hi == hi && r->pin == pin)
			return r->irq;
	}
	return 0;
}

static void add_function(unsigned int bus, unsigned int dev, unsigned int fn)
{
	uint64_t cfg = cfg_addr(bus, dev, fn);
	uint32_t type = virtio_type(cfg, hal_mmio_read16(cfg + PCI_DEVICE_ID));
	uint16_t cmd = hal_mmio_read16(cfg + PCI_COMMAND);
	struct hal_virtio_device *d;

	if (!type || (hal_mmio_read8(cfg + PCI_HEADER_TYPE) & 0x7f) != 0 ||
	    nr_pci_virtio == PCI_MAX_VIRTIO)
		return;
	d = &pci_virtio[nr_pci_virtio++];
	memset(d, 0, sizeof(*d));
	d->transport = HAL_VIRTIO_PCI;
	d->device_id = type;
	d->regs = cfg;
	ksnprintf(d->name, sizeof(d->name), "pci %02x:%02x.%x", bus, dev, fn);
	hal_mmio_write16(cfg + PCI_COMMAND, cmd & ~(PCI_COMMAND_MEMORY | PCI_COMMAND_MASTER));
	for (unsigned int n = 0; n < HAL_PCI_NR_BARS;)
		n += setup_bar(cfg, n, d);
	cmd = (cmd | PCI_COMMAND_MEMORY | PCI_COMMAND_MASTER) & ~PCI_COMMAND_INTX_DISABLE;
	hal_mmio_write16(cfg + PCI_COMMAND, cmd);
	d->irq = intx_irq(bus, dev, fn, hal_mmio_read8(cfg + PCI_INTERRUPT_PIN));
	printk("pci: %s virtio type %u, irq %u\n", d->name + 4, type, d->irq);
}

void rv_pci_init(void)
{
	const unsigned int bus = 0;

	if (!rv_platform.pci_ecam_base)
		return;
	for (unsigned int dev = 0; dev < 32; dev++) {
		unsigned int nfn = 1;

		if (hal_mmio_read16(cfg_addr(bus, dev, 0) + PCI_VENDOR_ID) == 0xffff)
			continue;
		if (hal_mmio_read8(cfg_addr(bus, dev, 0) + PCI_HEADER_TYPE) & PCI_HEADER_MULTI)
			nfn = 8;
		for (unsigned int fn = 0; fn < nfn; fn++)
			if (hal_mmio_read16(cfg_addr(bus, dev, fn) + PCI_VENDOR_ID) ==
			    PCI_VENDOR_VIRTIO)
				add_function(bus, dev, fn);
	}
}

int rv_pci_virtio_device(unsigned int i, struct hal_virtio_device *dev)
{
	if (i >= nr_pci_virtio)
		return -ENODEV;
	*dev = pci_virtio[i];
	return 0;
}
