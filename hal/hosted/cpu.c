/*
 * hal/hosted/cpu.c - one simulated CPU. "Interrupts" are a flag that the
 * simulated clock consults before delivering the timer.
 */
#include "hal/hal.h"
#include "hal/hosted/internal.h"
#include "uapi/errno.h"

static void *cpu_local;
static bool irqs_on;

unsigned int hal_cpu_id(void)
{
	return 0;
}

unsigned long hal_cpu_hwid(unsigned int cpu)
{
	return cpu;
}

void hal_cpu_set_local(void *p)
{
	cpu_local = p;
}

void *hal_cpu_local(void)
{
	return cpu_local;
}

unsigned long hal_irq_save(void)
{
	unsigned long was = irqs_on;

	irqs_on = false;
	return was;
}

void hal_irq_restore(unsigned long flags)
{
	irqs_on = flags != 0;
	hosted_deliver_interrupts();
}

void hal_irq_enable(void)
{
	irqs_on = true;
	hosted_deliver_interrupts();
}

void hal_irq_disable(void)
{
	irqs_on = false;
}

bool hal_irq_enabled(void)
{
	return irqs_on;
}

void hal_cpu_relax(void)
{
}

/* A single-CPU host has nobody else to interrupt or start. */
void hal_send_ipi(unsigned int cpu)
{
	(void)cpu;
}

int hal_cpu_start(unsigned int cpu, void *stack_top)
{
	(void)cpu;
	(void)stack_top;
	return -ENODEV;
}
