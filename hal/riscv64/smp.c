/*
 * hal/riscv64/smp.c - starting secondary harts and poking them with IPIs.
 *
 * hal_cpu_start() fills the target's struct rv_hart (its start block: page
 * tables, stack, continuation address) and asks SBI HSM to start the hart at
 * rv_secondary_entry (boot.S) with a1 = the block's physical address. The
 * hart turns the MMU on, lands in rv_secondary_boot() with tp pointing at its
 * block, and calls kernel_secondary_main() with interrupts disabled.
 * IPIs are SBI IPI calls; they arrive as supervisor software interrupts.
 */
#include "hal/hal.h"
#include "hal/riscv64/hart.h"
#include "hal/riscv64/platform.h"
#include "hal/riscv64/riscv.h"
#include "hal/riscv64/sbi.h"
#include "lib/compiler.h"
#include "uapi/errno.h"

/* boot.S */
extern char rv_secondary_entry[], rv_secondary_high[];

__noreturn void rv_secondary_boot(void);

/* Interrupt sources every hart takes; the kernel enables sstatus.SIE. */
void rv_hart_init(const struct rv_hart *h)
{
	rv_plic_hart_init(h);
	rv_timer_hart_init();
	csr_set(sie, SIE_SSIE | SIE_SEIE);
}

unsigned long hal_cpu_hwid(unsigned int cpu)
{
	return cpu < HAL_MAX_CPUS ? rv_harts[cpu].hartid : ~0ul;
}

int hal_cpu_start(unsigned int cpu, void *stack_top)
{
	struct rv_hart *h;
	long err;

	if (cpu == 0 || cpu >= rv_nr_cpus)
		return -EINVAL;
	h = &rv_harts[cpu];
	h->stack_top = (uintptr_t)stack_top;
	h->boot_satp = rv_boot_satp;
	h->kernel_satp = rv_kernel_satp;
	h->start_entry = (uintptr_t)rv_secondary_high;
	/* The hart reads the block with the MMU off: make it visible first. */
	__atomic_thread_fence(__ATOMIC_SEQ_CST);
	err = sbi_hart_start(h->hartid, (uintptr_t)rv_secondary_entry - rv_kernel_pa_offset,
			     (uintptr_t)h - rv_kernel_pa_offset);
	if (err == SBI_ERR_ALREADY_AVAILABLE)
		return -EBUSY;
	return err ? -EIO : 0;
}

__noreturn void rv_secondary_boot(void)
{
	struct rv_hart *h = rv_this_hart();

	rv_hart_init(h);
	kernel_secondary_main((unsigned int)h->cpu);
}

void hal_send_ipi(unsigned int cpu)
{
	if (cpu < rv_nr_cpus)
		sbi_send_ipi(rv_harts[cpu].hartid);
}
