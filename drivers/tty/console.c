/*
 * drivers/tty/console.c - a ring buffer between the console interrupt and
 * its readers. Locking: input_lock, taken with interrupts off, guards the
 * ring on every CPU.
 */
#include "drivers/tty/console.h"
#include "hal/hal.h"
#include "lib/spinlock.h"

static struct spinlock input_lock = SPINLOCK_INIT("console input");
static char ring[CONSOLE_INPUT_SIZE];
static size_t head, tail; /* free-running: next write at head, next read at tail */
static size_t dropped;

void console_receive(const char *buf, size_t len)
{
	unsigned long flags = spin_lock_irqsave(&input_lock);

	for (size_t i = 0; i < len; i++) {
		if (head - tail == sizeof(ring)) {
			dropped += len - i;
			break;
		}
		ring[head++ % sizeof(ring)] = buf[i];
	}
	spin_unlock_irqrestore(&input_lock, flags);
}

size_t console_input_take(char *buf, size_t len)
{
	unsigned long flags = spin_lock_irqsave(&input_lock);
	size_t n = 0;

	while (n < len && tail != head)
		buf[n++] = ring[tail++ % sizeof(ring)];
	spin_unlock_irqrestore(&input_lock, flags);
	return n;
}

size_t console_read_line(char *buf, size_t len)
{
	size_t n = 0;
	char c;

	for (;;) {
		if (console_input_take(&c, 1) == 0) {
			hal_wait_for_interrupt();
			continue;
		}
		if (c == '\n' || c == '\r')
			break;
		if (n + 1 < len)
			buf[n++] = c;
	}
	if (len > 0)
		buf[n] = '\0';
	return n;
}

size_t console_input_dropped(void)
{
	return dropped;
}
