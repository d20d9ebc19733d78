/*
 * core/lib/printk.c - the kernel log: console output plus a ring of the most
 * recent PRINTK_LOG_SIZE bytes.
 *
 * A message is formatted on the caller's stack first, then written to the
 * console and the ring under printk_lock, taken with interrupts off, so that
 * messages from different CPUs and interrupt handlers never interleave.
 *
 * Two situations must not deadlock: a CPU that re-enters printk while it
 * holds the lock (a fault inside the console driver ends in panic(), which
 * prints), and a panic while another CPU holds the lock and will never give
 * it back. In the first the lock is skipped; in the second (panic mode,
 * entered by panic() through printk_panic_mode()) the lock is tried for a
 * bounded time and then skipped.
 */
#include <stdbool.h>
#include <stdint.h>

#include "hal/hal.h"
#include "lib/printk.h"
#include "lib/spinlock.h"

/* How many times a printk in panic mode tries the lock before going on. */
#define PANIC_LOCK_TRIES 1000000

static struct spinlock printk_lock = SPINLOCK_INIT("printk");
static bool panic_mode;

/* The log ring; both protected by printk_lock. */
static char log_buf[PRINTK_LOG_SIZE];
static uint64_t log_written; /* bytes ever appended; the head is at % size */

void printk_panic_mode(void)
{
	__atomic_store_n(&panic_mode, true, __ATOMIC_SEQ_CST);
}

/* Take printk_lock unless that could deadlock; returns whether it was taken. */
static bool printk_lock_take(void)
{
	if (spin_is_held(&printk_lock))
		return false;
	if (!__atomic_load_n(&panic_mode, __ATOMIC_SEQ_CST)) {
		spin_lock(&printk_lock);
		return true;
	}
	for (long i = 0; i < PANIC_LOCK_TRIES; i++) {
		if (spin_trylock(&printk_lock))
			return true;
		hal_cpu_relax();
	}
	return false;
}

/* Caller holds printk_lock (or is panicking). */
static void log_append(const char *s, size_t n)
{
	while (n--) {
		log_buf[log_written % PRINTK_LOG_SIZE] = *s++;
		log_written++;
	}
}

int vprintk(const char *fmt, va_list ap)
{
	char line[PRINTK_LINE_MAX];
	int n = kvscnprintf(line, sizeof(line), fmt, ap);
	unsigned long flags = hal_irq_save();
	bool locked = printk_lock_take();

	hal_console_write(line, (size_t)n);
	log_append(line, (size_t)n);
	if (locked)
		spin_unlock(&printk_lock);
	hal_irq_restore(flags);
	return n;
}

int printk(const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vprintk(fmt, ap);
	va_end(ap);
	return n;
}

size_t printk_log_read(char *buf, size_t len)
{
	unsigned long flags = hal_irq_save();
	bool locked = printk_lock_take();
	uint64_t have = log_written < PRINTK_LOG_SIZE ? log_written : PRINTK_LOG_SIZE;
	size_t n = len < have ? len : (size_t)have;
	uint64_t from = log_written - n;

	for (size_t i = 0; i < n; i++)
		buf[i] = log_buf[(from + i) % PRINTK_LOG_SIZE];
	if (locked)
		spin_unlock(&printk_lock);
	hal_irq_restore(flags);
	return n;
}
