/*
 * hal/riscv64/plic.c - the platform-level interrupt controller.
 *
 * Each hart's S-mode is one PLIC "context" (found in the device tree by
 * dtb.c). A source interrupts a context when its priority is above the
 * context's threshold and its enable bit is set there. All contexts run with
 * threshold 0; the UART's irq is enabled on the boot CPU only. The handler
 * claims a source, runs its handler and completes it.
 */
#include "hal/hal.h"
#include "hal/riscv64/hart.h"
#include "hal/riscv64/platform.h"
#include "lib/printk.h"

#define PLIC_PRIORITY(irq)  (4ul * (irq))
#define PLIC_ENABLE(ctx)    (0x2000ul + 0x80ul * (ctx))
#define PLIC_THRESHOLD(ctx) (0x200000ul + 0x1000ul * (ctx))
#define PLIC_CLAIM(ctx)	    (0x200004ul + 0x1000ul * (ctx))
#define PLIC_MAX_IRQ	    1023

/* Irqs already reported as unexpected; set atomically, any CPU may claim. */
static uint64_t plic_reported[(PLIC_MAX_IRQ + 1) / 64];

static volatile uint32_t *plic_reg(unsigned long off)
{
	return rv_mmio(rv_platform.plic_base + off);
}

static void plic_enable(uint32_t ctx, uint32_t irq)
{
	volatile uint32_t *word = plic_reg(PLIC_ENABLE(ctx) + 4 * (irq / 32));

	*word |= 1u << (irq % 32);
}

/* Boot CPU, before the other CPUs start: no locking needed. */
void rv_plic_init(void)
{
	uint32_t irq;

	if (!rv_platform.plic_base)
		return;
	for (irq = 1; irq <= rv_platform.plic_ndev && irq <= PLIC_MAX_IRQ; irq++)
		*plic_reg(PLIC_PRIORITY(irq)) = 0;
	if (rv_platform.uart_irq) {
		*plic_reg(PLIC_PRIORITY(rv_platform.uart_irq)) = 1;
		plic_enable(rv_harts[0].plic_context, rv_platform.uart_irq);
	}
}

/* Per hart: accept every priority above 0. */
void rv_plic_hart_init(const struct rv_hart *h)
{
	if (!rv_platform.plic_base)
		return;
	*plic_reg(PLIC_THRESHOLD(h->plic_context)) = 0;
}

static void plic_report_unexpected(uint32_t irq)
{
	uint64_t bit = 1ull << (irq % 64);

	if (__atomic_fetch_or(&plic_reported[irq / 64], bit, __ATOMIC_RELAXED) & bit)
		return;
	printk("plic: unexpected irq %u\n", irq);
}

void rv_plic_interrupt(void)
{
	uint32_t ctx = rv_this_hart()->plic_context;
	volatile uint32_t *claim = plic_reg(PLIC_CLAIM(ctx));
	uint32_t irq;

	while ((irq = *claim) != 0) {
		if (irq == rv_platform.uart_irq)
			rv_uart_interrupt();
		else if (irq <= PLIC_MAX_IRQ)
			plic_report_unexpected(irq);
		*claim = irq;
	}
}
