/*
 * hal/riscv64/uart.c - the system console: an ns16550a UART.
 *
 * Output is polled, so hal_console_write() works in any context, panics
 * included. Until rv_uart_init() has found the UART in the device tree, bytes
 * go out through the SBI firmware's console instead. Input is interrupt
 * driven: the PLIC routes the UART's irq to the boot CPU, and every byte in
 * the receive FIFO is handed to console_receive().
 *
 * Locking: console_owner serializes writers from different CPUs so lines do
 * not interleave. A CPU that already owns it (a trap or panic in the middle of
 * a write) writes straight through, and a writer gives up waiting after a
 * while so a CPU that died holding it cannot silence a panic.
 */
#include "hal/hal.h"
#include "hal/riscv64/hart.h"
#include "hal/riscv64/platform.h"
#include "hal/riscv64/sbi.h"

#define UART_RBR 0 /* receive buffer (read) */
#define UART_THR 0 /* transmit holding (write) */
#define UART_IER 1 /* interrupt enable */
#define UART_IIR 2 /* interrupt identification (read) */
#define UART_FCR 2 /* FIFO control (write) */
#define UART_LCR 3 /* line control */
#define UART_MCR 4 /* modem control */
#define UART_LSR 5 /* line status */

#define IER_RX_AVAILABLE 0x01
#define IIR_FIFO_ENABLED 0xc0
#define FCR_ENABLE	 0x01
#define LCR_8N1		 0x03
#define MCR_DTR_RTS_OUT2 0x0b
#define LSR_DATA_READY	 0x01
#define LSR_THR_EMPTY	 0x20

#define CONSOLE_SPIN_LIMIT 10000000

static volatile uint8_t *uart_regs;
static int console_owner = -1;

static uint8_t uart_read(int reg)
{
	return uart_regs[reg];
}

static void uart_write(int reg, uint8_t v)
{
	uart_regs[reg] = v;
}

/*
 * The firmware has already used the UART. Changing the FIFO-enable bit
 * flushes the FIFOs, so it is only set when off: bytes typed before the
 * kernel was ready stay in the FIFO and raise the first rx interrupt.
 */
void rv_uart_init(void)
{
	if (!rv_platform.uart_base)
		return;
	uart_regs = rv_mmio(rv_platform.uart_base);
	uart_write(UART_IER, 0);
	uart_write(UART_LCR, LCR_8N1);
	if ((uart_read(UART_IIR) & IIR_FIFO_ENABLED) != IIR_FIFO_ENABLED)
		uart_write(UART_FCR, FCR_ENABLE);
	uart_write(UART_MCR, MCR_DTR_RTS_OUT2);
	uart_write(UART_IER, IER_RX_AVAILABLE);
}

static void console_putc(char c)
{
	if (!uart_regs) {
		sbi_console_putchar(c);
		return;
	}
	while (!(uart_read(UART_LSR) & LSR_THR_EMPTY))
		;
	uart_write(UART_THR, (uint8_t)c);
}

/* Returns true when this call took the lock (and must release it). */
static bool console_lock(void)
{
	int me = (int)rv_this_hart()->cpu;
	int expected;
	long spins;

	if (__atomic_load_n(&console_owner, __ATOMIC_RELAXED) == me)
		return false;
	for (spins = 0; spins < CONSOLE_SPIN_LIMIT; spins++) {
		expected = -1;
		if (__atomic_compare_exchange_n(&console_owner, &expected, me, false,
						__ATOMIC_ACQUIRE, __ATOMIC_RELAXED))
			return true;
		hal_cpu_relax();
	}
	return false;
}

void hal_console_write(const char *buf, size_t len)
{
	unsigned long flags = hal_irq_save();
	bool locked = console_lock();
	size_t i;

	for (i = 0; i < len; i++) {
		if (buf[i] == '\n')
			console_putc('\r');
		console_putc(buf[i]);
	}
	if (locked)
		__atomic_store_n(&console_owner, -1, __ATOMIC_RELEASE);
	hal_irq_restore(flags);
}

void rv_uart_interrupt(void)
{
	char buf[32];
	size_t n = 0;

	while (uart_read(UART_LSR) & LSR_DATA_READY) {
		buf[n++] = (char)uart_read(UART_RBR);
		if (n == sizeof(buf)) {
			console_receive(buf, n);
			n = 0;
		}
	}
	if (n)
		console_receive(buf, n);
}
