/*
 * hal/riscv64/cpu.c - the calling CPU: its identity (through tp, see
 * hart.h), its interrupt-enable bit (sstatus.SIE) and idling.
 */
#include "hal/hal.h"
#include "hal/riscv64/hart.h"
#include "hal/riscv64/riscv.h"

struct rv_hart rv_harts[HAL_MAX_CPUS];

unsigned int hal_cpu_id(void)
{
	return (unsigned int)rv_this_hart()->cpu;
}

void hal_cpu_set_local(void *p)
{
	rv_this_hart()->local = p;
}

void *hal_cpu_local(void)
{
	return rv_this_hart()->local;
}

unsigned long hal_irq_save(void)
{
	return csr_read_clear(sstatus, SSTATUS_SIE) & SSTATUS_SIE;
}

void hal_irq_restore(unsigned long flags)
{
	if (flags & SSTATUS_SIE)
		csr_set(sstatus, SSTATUS_SIE);
}

void hal_irq_enable(void)
{
	csr_set(sstatus, SSTATUS_SIE);
}

void hal_irq_disable(void)
{
	csr_clear(sstatus, SSTATUS_SIE);
}

bool hal_irq_enabled(void)
{
	return (csr_read(sstatus) & SSTATUS_SIE) != 0;
}

void hal_wait_for_interrupt(void)
{
	rv_wfi();
}

void hal_cpu_relax(void)
{
	/* The Zihintpause "pause" encoding: a no-op fence on older harts. */
	__asm__ __volatile__(".insn i 0x0f, 0, x0, x0, 0x010");
}
