/*
 * hal/riscv64/setup.c - the boot CPU's way from boot.S to kernel_main().
 *
 * Runs on the early page table with interrupts off: read the device tree,
 * switch to the final page table, bring up the console, timer and PLIC,
 * set up the PCI functions, then hand struct boot_info to the kernel.
 */
#include "hal/hal.h"
#include "hal/riscv64/hart.h"
#include "hal/riscv64/platform.h"
#include "hal/riscv64/riscv.h"
#include "lib/printk.h"

/* From boot.S: the early root table. */
extern uint64_t rv_boot_pt[];

static struct boot_info boot_info;
static uint8_t overflow_stacks[HAL_MAX_CPUS][RV_OVERFLOW_STACK_SIZE] __attribute__((aligned(16)));

__noreturn void rv_boot(unsigned long hartid, uint64_t dtb_pa, uint64_t boot_pt_pa);

__noreturn void rv_boot(unsigned long hartid, uint64_t dtb_pa, uint64_t boot_pt_pa)
{
	struct boot_info *bi = &boot_info;
	int err;

	rv_kernel_pa_offset = (uintptr_t)rv_boot_pt - boot_pt_pa;
	rv_boot_satp = SATP_MODE_SV39 | boot_pt_pa >> 12;
	for (unsigned int i = 0; i < HAL_MAX_CPUS; i++)
		rv_harts[i].overflow_sp = (uintptr_t)overflow_stacks[i + 1];
	rv_harts[0].hartid = hartid;
	rv_harts[0].stack_top = (uintptr_t)rv_boot_stack_top;

	bi->machine = "riscv64";
	err = rv_dtb_parse(hal_phys_to_virt(dtb_pa), dtb_pa, hartid, bi);
	if (err) {
		printk("dtb: no valid device tree at 0x%llx (%d)\n", (unsigned long long)dtb_pa,
		       err);
		hal_poweroff(1);
	}
	rv_mmu_init(bi);
	rv_uart_init();
	rv_timer_init();
	rv_plic_init();
	rv_hart_init(&rv_harts[0]);
	rv_dtb_report();
	rv_pci_init();
	kernel_main(bi);
}
