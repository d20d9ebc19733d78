/*
 * drivers/tty/console.c - the system console: typed bytes from the
 * interrupt (console_receive) into a ring buffer, and the console tty that
 * /dev/console and /dev/tty open.
 *
 * The interrupt handler only queues bytes and wakes the "console" kernel
 * thread, which feeds them through the line discipline in thread context
 * (echo, signals to the foreground group, waking readers and pollers).
 * The thread starts at the first open of the tty; before that (boot
 * selftests) console_read_line() reads the ring directly.
 *
 * Locking: input_lock (irqsave) guards the ring on every CPU; start_lock
 * the one-time start of the thread.
 */
#include "drivers/tty/console.h"
#include "drivers/tty/tty_io.h"
#include "fs/fd/poll.h"
#include "hal/hal.h"
#include "lib/printk.h"
#include "lib/spinlock.h"
#include "sched/thread.h"
#include "sched/wait.h"
#include "signal/signal.h"
#include "uapi/errno.h"

static struct spinlock input_lock = SPINLOCK_INIT("console input");
static char ring[CONSOLE_INPUT_SIZE];
static size_t head, tail; /* free-running: next write at head, next read at tail */
static size_t dropped;
static struct wait_queue input_wq = WAIT_QUEUE_INIT(input_wq, "console input");

static struct tty the_console;
static struct spinlock start_lock = SPINLOCK_INIT("console start");
static bool started;

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
	wake_up(&input_wq);
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

/* ---- the console tty ----------------------------------------------------- */

/*
 * hal_console_write() puts "\r" before every "\n" itself (for printk), so
 * the "\r" of a "\r\n" from ONLCR is left to it: the line ends with one
 * carriage return, as on Linux.
 */
static void console_write(struct tty *tty, const char *buf, size_t len)
{
	size_t start = 0;

	for (size_t i = 0; i + 1 < len; i++) {
		if (buf[i] == '\r' && buf[i + 1] == '\n') {
			hal_console_write(buf + start, i - start);
			start = i + 1;
		}
	}
	hal_console_write(buf + start, len - start);
}

static void console_signal(struct tty *tty, int sig)
{
	unsigned long flags = spin_lock_irqsave(&tty->lock);
	int pgrp = tty->pgrp;

	spin_unlock_irqrestore(&tty->lock, flags);
	if (pgrp > 0)
		signal_kill_pgrp(pgrp, sig);
}

static const struct tty_ops console_ops = {
    .write = console_write,
    .signal = console_signal,
};

static bool input_waiting(void)
{
	return READ_ONCE(head) != READ_ONCE(tail);
}

static void console_thread(void *arg)
{
	char buf[64];
	size_t n;

	for (;;) {
		wait_event(input_wq, input_waiting());
		while ((n = console_input_take(buf, sizeof(buf))) > 0)
			tty_receive(&the_console, buf, n);
		poll_notify();
	}
}

/* Set up the tty and its input thread on first use. */
static int console_start(void)
{
	unsigned long flags = spin_lock_irqsave(&start_lock);
	bool first = !started;

	if (first) {
		tty_init(&the_console, &console_ops, NULL);
		started = true;
	}
	spin_unlock_irqrestore(&start_lock, flags);
	if (first && !kthread_run(console_thread, NULL, "console")) {
		printk("console: cannot start the input thread\n");
		return -ENOMEM;
	}
	return 0;
}

struct tty *console_tty(void)
{
	return console_start() ? NULL : &the_console;
}

/* /dev/console: never becomes a controlling terminal by open, as in Linux. */
static int console_open(struct inode *inode, struct file *file)
{
	int err = console_start();

	return err ? err : tty_file_open(&the_console, file, true);
}

/* /dev/ttyS0: the same terminal under its own name; a session leader's open acquires it. */
static int serial_open(struct inode *inode, struct file *file)
{
	int err = console_start();

	return err ? err : tty_file_open(&the_console, file, false);
}

static int ctty_open(struct inode *inode, struct file *file)
{
	int err = console_start();

	if (err)
		return err;
	if (!tty_is_ctty_of_current(&the_console))
		return -ENXIO;
	return tty_file_open(&the_console, file, true);
}

const struct file_operations console_tty_fops = {
    .open = console_open,
};

const struct file_operations console_serial_fops = {
    .open = serial_open,
};

const struct file_operations console_ctty_fops = {
    .open = ctty_open,
};
