/*
 * hal/riscv64/dtb.c - what the machine is, read from the device tree.
 *
 * OpenSBI passes the DTB's physical address in a1. rv_dtb_parse() runs once
 * on the boot CPU (early page table, before kernel_main) and fills struct
 * boot_info (RAM, reserved ranges, command line, initrd, CPUs, timebase) and
 * rv_platform (UART, PLIC, timer flavour, power device, RTC, virtio-mmio
 * slots, PCI host bridge with its windows and INTx interrupt-map). Nothing
 * is hard-coded: every address comes from the tree. The blob itself stays
 * where the firmware put it and is reported as reserved, so the command
 * line string can point into it.
 */
#include "hal/hal.h"
#include "hal/riscv64/hart.h"
#include "hal/riscv64/platform.h"
#include "lib/fdt.h"
#include "lib/printk.h"
#include "lib/string.h"
#include "uapi/errno.h"

#define IRQ_S_EXTERNAL	      9
#define VIRTIO_MMIO_MAGIC     0x74726976 /* "virt" */
#define VIRTIO_MMIO_DEVICE_ID 0x008

struct rv_platform rv_platform;
unsigned int rv_nr_cpus;

static struct fdt fdt;

static void add_region(struct hal_mem_region *r, unsigned int *n, uint64_t base, uint64_t size)
{
	if (size == 0 || *n >= HAL_MAX_MEM_REGIONS)
		return;
	r[*n].base = base;
	r[*n].size = size;
	(*n)++;
}

static void add_mmio(uint64_t base, uint64_t size)
{
	if (size == 0 || rv_platform.nr_mmio >= RV_MAX_MMIO)
		return;
	rv_platform.mmio[rv_platform.nr_mmio].base = base;
	rv_platform.mmio[rv_platform.nr_mmio].size = size;
	rv_platform.nr_mmio++;
}

static bool prop_is(int node, const char *name, const char *value)
{
	int len;
	const char *s = fdt_getprop(&fdt, node, name, &len);

	return s && len > 0 && s[len - 1] == '\0' && strcmp(s, value) == 0;
}

/* Nodes without "status", or with "okay"/"ok", are in use. */
static bool node_enabled(int node)
{
	return !fdt_getprop(&fdt, node, "status", NULL) || prop_is(node, "status", "okay") ||
	       prop_is(node, "status", "ok");
}

/* Reg entry 0 of the first enabled node compatible with @compat. */
static int find_device(const char *compat, uint64_t *base, uint64_t *size)
{
	int node = -1;

	while ((node = fdt_next_compatible(&fdt, node, compat)) >= 0) {
		if (node_enabled(node) && fdt_reg(&fdt, node, 0, base, size) == 0)
			return node;
	}
	return -ENOENT;
}

/* First cell of "interrupts" (the PLIC source number), 0 if none. */
static uint32_t device_irq(int node)
{
	int len;
	const void *p = fdt_getprop(&fdt, node, "interrupts", &len);

	return p && len >= 4 ? (uint32_t)fdt_read_cells(p, 1) : 0;
}

static void parse_memory(struct boot_info *bi)
{
	int node = -1, depth = 0;
	uint64_t base, size;

	while ((node = fdt_next_node(&fdt, node, &depth)) >= 0) {
		if (!prop_is(node, "device_type", "memory") || !node_enabled(node))
			continue;
		for (int i = 0; fdt_reg(&fdt, node, i, &base, &size) == 0; i++)
			add_region(bi->mem, &bi->nr_mem, base, size);
	}
}

static void parse_reserved(struct boot_info *bi, uint64_t dtb_pa)
{
	uint64_t base, size;
	int node, child;

	for (int i = 0; fdt_mem_reserve(&fdt, i, &base, &size) == 0; i++)
		add_region(bi->reserved, &bi->nr_reserved, base, size);
	node = fdt_path_offset(&fdt, "/reserved-memory");
	if (node >= 0) {
		for (child = fdt_first_child(&fdt, node); child >= 0;
		     child = fdt_next_sibling(&fdt, child))
			for (int i = 0; fdt_reg(&fdt, child, i, &base, &size) == 0; i++)
				add_region(bi->reserved, &bi->nr_reserved, base, size);
	}
	/* The image, with its .bss, boot stack and early page tables. */
	add_region(bi->reserved, &bi->nr_reserved, (uintptr_t)_start - rv_kernel_pa_offset,
		   (uintptr_t)_end - (uintptr_t)_start);
	add_region(bi->reserved, &bi->nr_reserved, dtb_pa, fdt_total_size(fdt.blob));
	add_region(bi->reserved, &bi->nr_reserved, bi->initrd_base, bi->initrd_size);
}

/* Fold /chosen rng-seed (any length) into 64 bits. */
static uint64_t fold_seed(const uint8_t *p, int len)
{
	uint64_t h = 0xcbf29ce484222325ull;

	for (int i = 0; i < len; i++)
		h = (h ^ p[i]) * 0x100000001b3ull;
	return h;
}

static void parse_chosen(struct boot_info *bi)
{
	int node = fdt_path_offset(&fdt, "/chosen");
	uint64_t start, end;
	const char *args;
	const void *seed;
	int len;

	bi->cmdline = "";
	if (node < 0)
		return;
	args = fdt_getprop(&fdt, node, "bootargs", &len);
	if (args && len > 0 && args[len - 1] == '\0')
		bi->cmdline = args;
	if (fdt_prop_u64(&fdt, node, "linux,initrd-start", &start) &&
	    fdt_prop_u64(&fdt, node, "linux,initrd-end", &end) && end > start) {
		bi->initrd_base = start;
		bi->initrd_size = end - start;
	}
	seed = fdt_getprop(&fdt, node, "rng-seed", &len);
	if (seed && len > 0)
		rv_platform.rng_seed = fold_seed(seed, len);
}

/* True if the multi-letter extension @ext is in ISA string @isa. */
static bool isa_has(const char *isa, const char *ext)
{
	size_t n = strlen(ext);
	const char *p = strchr(isa, '_');

	while (p) {
		p++;
		if (strncmp(p, ext, n) == 0 && (p[n] == '_' || p[n] == '\0'))
			return true;
		p = strchr(p, '_');
	}
	return false;
}

static bool cpu_has_sstc(int cpu)
{
	const char *isa, *end;
	int len;

	isa = fdt_getprop(&fdt, cpu, "riscv,isa-extensions", &len);
	if (isa && len > 0 && isa[len - 1] == '\0') {
		for (end = isa + len; isa < end; isa += strlen(isa) + 1)
			if (strcmp(isa, "sstc") == 0)
				return true;
		return false;
	}
	isa = fdt_getprop(&fdt, cpu, "riscv,isa", &len);
	return isa && len > 0 && isa[len - 1] == '\0' && isa_has(isa, "sstc");
}

static uint32_t cpu_intc_phandle(int cpu)
{
	uint32_t phandle = 0;

	for (int c = fdt_first_child(&fdt, cpu); c >= 0; c = fdt_next_sibling(&fdt, c))
		if (fdt_is_compatible(&fdt, c, "riscv,cpu-intc"))
			fdt_prop_u32(&fdt, c, "phandle", &phandle);
	return phandle;
}

static void add_cpu(unsigned int cpu, uint64_t hartid, int node)
{
	rv_harts[cpu].cpu = cpu;
	rv_harts[cpu].hartid = hartid;
	rv_harts[cpu].intc_phandle = cpu_intc_phandle(node);
}

/* Logical CPU 0 is the boot hart; the others follow in tree order. */
static void parse_cpus(struct boot_info *bi, unsigned long boot_hartid)
{
	int cpus = fdt_path_offset(&fdt, "/cpus");
	uint32_t hz;
	uint64_t hartid, unused;
	unsigned int n = 1;

	rv_platform.timebase_hz = 10000000;
	if (cpus < 0)
		return;
	if (fdt_prop_u32(&fdt, cpus, "timebase-frequency", &hz) && hz)
		rv_platform.timebase_hz = hz;
	for (int c = fdt_first_child(&fdt, cpus); c >= 0; c = fdt_next_sibling(&fdt, c)) {
		if (!prop_is(c, "device_type", "cpu") || !node_enabled(c) ||
		    fdt_reg(&fdt, c, 0, &hartid, &unused) != 0)
			continue;
		if (hartid == boot_hartid) {
			add_cpu(0, hartid, c);
			rv_platform.sstc = cpu_has_sstc(c);
		} else if (n < HAL_MAX_CPUS) {
			add_cpu(n++, hartid, c);
		}
	}
	rv_nr_cpus = n;
	bi->nr_cpus = n;
}

/* interrupts-extended = <intc-phandle irq>...: context i is pair i. */
static void parse_plic(void)
{
	uint64_t size;
	const uint8_t *p;
	int node, len;

	node = find_device("riscv,plic0", &rv_platform.plic_base, &size);
	if (node < 0)
		node = find_device("sifive,plic-1.0.0", &rv_platform.plic_base, &size);
	if (node < 0)
		return;
	add_mmio(rv_platform.plic_base, size);
	fdt_prop_u32(&fdt, node, "riscv,ndev", &rv_platform.plic_ndev);
	p = fdt_getprop(&fdt, node, "interrupts-extended", &len);
	for (int ctx = 0; p && (ctx + 1) * 8 <= len; ctx++) {
		uint32_t phandle = (uint32_t)fdt_read_cells(p + ctx * 8, 1);
		uint32_t irq = (uint32_t)fdt_read_cells(p + ctx * 8 + 4, 1);

		if (irq != IRQ_S_EXTERNAL)
			continue;
		for (unsigned int cpu = 0; cpu < rv_nr_cpus; cpu++)
			if (rv_harts[cpu].intc_phandle == phandle)
				rv_harts[cpu].plic_context = (uint32_t)ctx;
	}
}

static void parse_virtio(void)
{
	uint64_t base, size;
	int node = -1;

	while ((node = fdt_next_compatible(&fdt, node, "virtio,mmio")) >= 0) {
		struct rv_virtio_slot *slot;

		if (!node_enabled(node) || fdt_reg(&fdt, node, 0, &base, &size) != 0 ||
		    rv_platform.nr_virtio >= RV_MAX_VIRTIO)
			continue;
		slot = &rv_platform.virtio[rv_platform.nr_virtio++];
		slot->base = base;
		slot->irq = device_irq(node);
		add_mmio(base, size);
	}
}

/* The node whose "phandle" is @phandle, or -ENOENT. */
static int node_by_phandle(uint32_t phandle)
{
	int node = -1, depth = 0;
	uint32_t v;

	while ((node = fdt_next_node(&fdt, node, &depth)) >= 0)
		if (fdt_prop_u32(&fdt, node, "phandle", &v) && v == phandle)
			return node;
	return -ENOENT;
}

static uint32_t prop_u32_or(int node, const char *name, uint32_t dflt)
{
	uint32_t v;

	return fdt_prop_u32(&fdt, node, name, &v) ? v : dflt;
}

/*
 * interrupt-map = <child-addr(3) child-pin(1) parent-phandle
 *                  parent-addr(parent's #address-cells, 0 if absent)
 *                  parent-irq(parent's #interrupt-cells)>...
 * Rows whose parent is not the PLIC are skipped; the PLIC takes one cell.
 */
static void parse_pci_irq_map(int node)
{
	const uint8_t *p, *mask;
	int len, mask_len, off = 0;

	p = fdt_getprop(&fdt, node, "interrupt-map", &len);
	mask = fdt_getprop(&fdt, node, "interrupt-map-mask", &mask_len);
	if (!p || !mask || mask_len != 16 || prop_u32_or(node, "#interrupt-cells", 0) != 1)
		return;
	rv_platform.pci_irq_mask_hi = (uint32_t)fdt_read_cells(mask, 1);
	rv_platform.pci_irq_mask_pin = (uint32_t)fdt_read_cells(mask + 12, 1);
	while (off + 20 <= len) {
		uint32_t phandle = (uint32_t)fdt_read_cells(p + off + 16, 1);
		int parent = node_by_phandle(phandle);
		uint32_t pac, pic;
		int row;

		if (parent < 0)
			return;
		pac = prop_u32_or(parent, "#address-cells", 0);
		pic = prop_u32_or(parent, "#interrupt-cells", 1);
		row = 20 + 4 * (int)(pac + pic);
		if (pac > 3 || pic < 1 || pic > 3 || off + row > len)
			return;
		if ((fdt_is_compatible(&fdt, parent, "riscv,plic0") ||
		     fdt_is_compatible(&fdt, parent, "sifive,plic-1.0.0")) &&
		    rv_platform.nr_pci_irq_map < RV_MAX_PCI_IRQ_MAP) {
			struct rv_pci_irq_route *r =
			    &rv_platform.pci_irq_map[rv_platform.nr_pci_irq_map++];

			r->addr_hi = (uint32_t)fdt_read_cells(p + off, 1);
			r->pin = (uint32_t)fdt_read_cells(p + off + 12, 1);
			r->irq = (uint32_t)fdt_read_cells(p + off + 20 + 4 * (int)pac, 1);
		}
		off += row;
	}
}

/* ranges = <pci-addr(3 cells) cpu-addr(parent cells) size(own size cells)>... */
static void parse_pci(void)
{
	int node, len, pac, sc, entry;
	const uint8_t *p;

	node = find_device("pci-host-ecam-generic", &rv_platform.pci_ecam_base,
			   &rv_platform.pci_ecam_size);
	if (node < 0)
		return;
	add_mmio(rv_platform.pci_ecam_base, rv_platform.pci_ecam_size);
	parse_pci_irq_map(node);
	pac = fdt_address_cells(&fdt, fdt_parent(&fdt, node));
	sc = fdt_size_cells(&fdt, node);
	entry = (3 + pac + sc) * 4;
	p = fdt_getprop(&fdt, node, "ranges", &len);
	if (!p || pac < 1 || pac > 2 || sc < 1 || sc > 2)
		return;
	for (int off = 0; off + entry <= len && rv_platform.nr_pci_ranges < RV_MAX_PCI_RANGES;
	     off += entry) {
		struct rv_pci_range *r = &rv_platform.pci_ranges[rv_platform.nr_pci_ranges++];

		r->space = ((uint32_t)fdt_read_cells(p + off, 1) >> 24) & 3;
		r->pci_addr = fdt_read_cells(p + off + 4, 2);
		r->cpu_addr = fdt_read_cells(p + off + 12, pac);
		r->size = fdt_read_cells(p + off + 12 + pac * 4, sc);
		add_mmio(r->cpu_addr, r->size);
	}
}

static void parse_devices(void)
{
	uint64_t size;
	int node;

	node = find_device("ns16550a", &rv_platform.uart_base, &size);
	if (node < 0)
		node = find_device("ns16550", &rv_platform.uart_base, &size);
	if (node >= 0) {
		rv_platform.uart_irq = device_irq(node);
		add_mmio(rv_platform.uart_base, size);
	}
	if (find_device("sifive,test0", &rv_platform.test_base, &size) >= 0)
		add_mmio(rv_platform.test_base, size);
	if (find_device("google,goldfish-rtc", &rv_platform.rtc_base, &size) >= 0)
		add_mmio(rv_platform.rtc_base, size);
	parse_plic();
	parse_virtio();
	parse_pci();
}

int rv_dtb_parse(const void *dtb, uint64_t dtb_pa, unsigned long boot_hartid, struct boot_info *bi)
{
	int err = fdt_init(&fdt, dtb);

	if (err)
		return err;
	parse_memory(bi);
	parse_chosen(bi);
	parse_reserved(bi, dtb_pa);
	parse_cpus(bi, boot_hartid);
	bi->timer_hz = rv_platform.timebase_hz;
	parse_devices();
	return 0;
}

/* After rv_mmu_init(): the slots are mapped, so their DeviceID can be read. */
void rv_dtb_report(void)
{
	unsigned int used = 0;

	for (unsigned int i = 0; i < rv_platform.nr_virtio; i++) {
		struct rv_virtio_slot *slot = &rv_platform.virtio[i];
		volatile uint32_t *regs = rv_mmio(slot->base);

		if (regs[0] == VIRTIO_MMIO_MAGIC)
			slot->device_id = regs[VIRTIO_MMIO_DEVICE_ID / 4];
		if (slot->device_id)
			used++;
	}
	printk("virtio: %u mmio slots, %u in use\n", rv_platform.nr_virtio, used);
	for (unsigned int i = 0; i < rv_platform.nr_virtio; i++)
		if (rv_platform.virtio[i].device_id)
			printk("virtio: slot 0x%llx irq %u: device id %u\n",
			       (unsigned long long)rv_platform.virtio[i].base,
			       rv_platform.virtio[i].irq, rv_platform.virtio[i].device_id);
	if (rv_platform.pci_ecam_base)
		printk("pci: ecam at 0x%llx (%llu MiB), %u ranges\n",
		       (unsigned long long)rv_platform.pci_ecam_base,
		       (unsigned long long)(rv_platform.pci_ecam_size >> 20),
		       rv_platform.nr_pci_ranges);
	printk("timer: %llu Hz, %s\n", (unsigned long long)rv_platform.timebase_hz,
	       rv_platform.sstc ? "sstc" : "sbi");
}
