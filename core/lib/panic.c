/*
 * core/lib/panic.c - panic() and the WARN_ON slow path.
 *
 * panic_cpu records which CPU is panicking (-1: none). The first CPU to set
 * it owns the report; printk is switched to panic mode first so a lock left
 * held by a dead CPU cannot block the message.
 */
#include <stdarg.h>

#include "hal/hal.h"
#include "lib/panic.h"
#include "lib/printk.h"

static int panic_cpu = -1;

__noreturn void panic(const char *fmt, ...)
{
	int me, expected = -1;
	char msg[PRINTK_LINE_MAX - 16];
	va_list ap;

	hal_irq_disable();
	me = (int)hal_cpu_id();
	if (!__atomic_compare_exchange_n(&panic_cpu, &expected, me, false,
					 __ATOMIC_SEQ_CST, __ATOMIC_SEQ_CST)) {
		if (expected == me)
			hal_poweroff(RUX_PANIC_EXIT_CODE); /* panic while panicking */
		for (;;)
			hal_wait_for_interrupt(); /* the other CPU powers off */
	}
	printk_panic_mode();
	va_start(ap, fmt);
	kvsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	printk("panic: %s\n", msg);
	printk("panic: cpu %d\n", me);
	hal_panic_backtrace();
	hal_poweroff(RUX_PANIC_EXIT_CODE);
}

void panic_warn(const char *file, int line, const char *cond)
{
	printk("warning: %s:%d: %s\n", file, line, cond);
	hal_panic_backtrace();
}
