/*
 * hal/riscv64/plic.c - the platform-level interrupt controller.
 *
 * Each hart's S-mode is one PLIC "context" (found in the device tree by
 * dtb.c). A source interrupts a context when its priority is above the
 * context's threshold and its enable bit is set there. All contexts run with
 * threshold 0; the UART's irq and every irq given to hal_irq_register() are
 * enabled (priority 1) on the boot CPU's context only, so device interrupts
 * reach CPU 0 and never two CPUs at once. The handler claims a source, runs
 * its handlers and completes it.
 *
 * Registered handlers live in a small table that only grows: an entry is
 * filled, then published by raising nr_handlers (release), so the
 * interrupt path reads it without a lock. Registrations are serialized by
 * plic_lock, taken with interrupts off.
 */
#include "hal/hal.h"
#include "hal/riscv64/hart.h"
#include "hal/riscv64/platform.h"
#include "lib/printk.h"
#include "uapi/errno.h"

#define PLIC_PRIORITY(irq)  (4ul * (irq))
#define PLIC_ENABLE(ctx)    (0x2000ul + 0x80ul * (ctx))
#define PLIC_THRESHOLD(ctx) (0x200000ul + 0x1000ul * (ctx))
#define PLIC_CLAIM(ctx)	    (0x200004ul + 0x1000ul * (ctx))
#define PLIC_MAX_IRQ	    1023
#define PLIC_MAX_HANDLERS   32

struct plic_handler {
	uint32_t irq;
	void (*fn)(void *arg);
	void *arg;
};

static struct plic_handler handlers[PLIC_MAX_HANDLERS];
static unsigned int nr_handlers;
static int plic_lock;

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

int hal_irq_register(unsigned int irq, void (*handler)(void *arg), void *arg)
{
	unsigned long flags;
	int err = 0;

	if (!rv_platform.plic_base || irq == 0 || irq > rv_platform.plic_ndev ||
	    irq > PLIC_MAX_IRQ || irq == rv_platform.uart_irq || !handler)
		return -EINVAL;
	flags = hal_irq_save();
	while (__atomic_exchange_n(&plic_lock, 1, __ATOMIC_ACQUIRE))
		hal_cpu_relax();
	if (nr_handlers == PLIC_MAX_HANDLERS) {
		err = -ENOSPC;
	} else {
		handlers[nr_handlers] = (struct plic_handler){irq, handler, arg};
		__atomic_store_n(&nr_handlers, nr_handlers + 1, __ATOMIC_RELEASE);
		*plic_reg(PLIC_PRIORITY(irq)) = 1;
		plic_enable(rv_harts[0].plic_context, irq);
	}
	__atomic_store_n(&plic_lock, 0, __ATOMIC_RELEASE);
	hal_irq_restore(flags);
	return err;
}

/* Run every handler registered for @irq; false when there is none. */
static bool run_handlers(uint32_t irq)
{
	unsigned int n = __atomic_load_n(&nr_handlers, __ATOMIC_ACQUIRE);
	bool found = false;

	for (unsigned int i = 0; i < n; i++) {
		if (handlers[i].irq == irq) {
			handlers[i].fn(handlers[i].arg);
			found = true;
		}
	}
	return found;
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
		else if (!run_handlers(irq) && irq <= PLIC_MAX_IRQ)
			plic_report_unexpected(irq);
		*claim = irq;
	}
}
