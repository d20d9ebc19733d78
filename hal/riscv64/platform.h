/*
 * hal/riscv64/platform.h - what the riscv64 HAL learned about the machine,
 * and the functions its files call in each other.
 *
 * dtb.c fills rv_platform once on the boot CPU before any other CPU starts;
 * afterwards it is read-only, so no lock protects it.
 */
#ifndef RUX_HAL_RISCV64_PLATFORM_H
#define RUX_HAL_RISCV64_PLATFORM_H

#include <stdbool.h>
#include <stdint.h>

#include "hal/hal.h"

struct rv_hart;

#define RV_MAX_VIRTIO	  16
#define RV_MAX_PCI_RANGES 4
#define RV_MAX_MMIO	  32
#define RV_MAX_PCI_IRQ_MAP 32

/* Direct map: RAM and device registers at pa + RV_DMAP_OFFSET. */
#define RV_DMAP_OFFSET 0xffffffc000000000ul

struct rv_virtio_slot {
	uint64_t base;
	uint32_t irq;
	uint32_t device_id; /* 0: empty slot */
};

struct rv_pci_range {
	uint32_t space; /* 1 I/O, 2 32-bit memory, 3 64-bit memory */
	uint64_t pci_addr;
	uint64_t cpu_addr;
	uint64_t size;
};

/* One row of the PCI host's interrupt-map: a device's (masked) address and
 * INTx pin -> PLIC source. */
struct rv_pci_irq_route {
	uint32_t addr_hi; /* bus << 16 | device << 11 | function << 8, masked */
	uint32_t pin;	  /* 1 INTA .. 4 INTD, masked */
	uint32_t irq;	  /* PLIC source */
};

struct rv_mmio_region {
	uint64_t base;
	uint64_t size;
};

struct rv_platform {
	uint64_t uart_base;
	uint32_t uart_irq;
	uint64_t plic_base;
	uint32_t plic_ndev; /* riscv,ndev: sources 1..ndev */
	uint64_t test_base; /* sifive,test0 power device, 0 if none */
	uint64_t rtc_base;  /* goldfish RTC, 0 if none */
	uint64_t timebase_hz;
	bool sstc;	   /* stimecmp usable */
	uint64_t rng_seed; /* folded /chosen rng-seed, 0 if none */
	struct rv_virtio_slot virtio[RV_MAX_VIRTIO];
	unsigned int nr_virtio;
	uint64_t pci_ecam_base; /* 0 if no PCI host bridge */
	uint64_t pci_ecam_size;
	struct rv_pci_range pci_ranges[RV_MAX_PCI_RANGES];
	unsigned int nr_pci_ranges;
	struct rv_pci_irq_route pci_irq_map[RV_MAX_PCI_IRQ_MAP];
	unsigned int nr_pci_irq_map;
	uint32_t pci_irq_mask_hi, pci_irq_mask_pin; /* interrupt-map-mask */
	/* Device registers to map in the direct map. */
	struct rv_mmio_region mmio[RV_MAX_MMIO];
	unsigned int nr_mmio;
};

extern struct rv_platform rv_platform;

/* Kernel image: virtual minus physical address. */
extern uintptr_t rv_kernel_pa_offset;

/* Linker-script symbols. */
extern char _start[], _etext[], _erodata[], _edata[], _end[];
extern char rv_boot_stack_guard[], rv_boot_stack_top[];

/* dtb.c: parse the device tree at @dtb (a direct-map pointer). */
int rv_dtb_parse(const void *dtb, uint64_t dtb_pa, unsigned long boot_hartid, struct boot_info *bi);
/* dtb.c: print what was found (after the console works). */
void rv_dtb_report(void);

/* mmu.c: build the final kernel page table and switch to it. */
void rv_mmu_init(const struct boot_info *bi);
/* mmu.c: satp values of the early table (boot.S) and the final one. */
extern uint64_t rv_boot_satp;
extern uint64_t rv_kernel_satp;
/* mmu.c: direct-map pointer to device registers at @pa. */
static inline volatile void *rv_mmio(uint64_t pa)
{
	return (volatile void *)(uintptr_t)(pa + RV_DMAP_OFFSET);
}

/* pci.c: find virtio functions on bus 0, assign their BARs, route INTx.
 * After rv_mmu_init(), before any CPU but the boot one runs. */
void rv_pci_init(void);
/* pci.c: the @i-th virtio PCI function found; 0, or -ENODEV past the end. */
int rv_pci_virtio_device(unsigned int i, struct hal_virtio_device *dev);

/* uart.c */
void rv_uart_init(void);
void rv_uart_interrupt(void);

/* plic.c */
void rv_plic_init(void);
void rv_plic_hart_init(const struct rv_hart *h);
void rv_plic_interrupt(void);

/* timer.c */
void rv_timer_init(void);
void rv_timer_hart_init(void);
void rv_timer_disarm(void);

/* smp.c: per-hart interrupt set-up, on each hart as it comes up. */
void rv_hart_init(const struct rv_hart *h);
/* dtb.c: how many CPUs the DTB listed. */
extern unsigned int rv_nr_cpus;

#endif /* RUX_HAL_RISCV64_PLATFORM_H */
