/*
 * core/lib/printk.h - formatted output: kvsnprintf and friends, and the
 * kernel log (printk).
 *
 * The formatter understands the C99 conversions the kernel needs:
 *	%d %i %u %x %X %o %c %s %p %%
 * with flags '-' '0' '+' ' ' '#', a width and a precision (both may be '*'),
 * and the length modifiers hh h l ll z t j. %p prints 0x-prefixed hex
 * ("0x0" for NULL), %s of NULL prints "(null)". There is no floating point
 * and no %n. An unknown conversion is copied to the output as written.
 *
 * printk() writes one formatted message (at most PRINTK_LINE_MAX - 1 bytes)
 * to the console, atomically with respect to other CPUs and interrupts, and
 * appends it to a PRINTK_LOG_SIZE-byte ring that printk_log_read() returns.
 */
#ifndef RUX_LIB_PRINTK_H
#define RUX_LIB_PRINTK_H

#include <stdarg.h>
#include <stddef.h>

#include "lib/compiler.h"

#define PRINTK_LINE_MAX 512
#define PRINTK_LOG_SIZE (16 * 1024)

/*
 * Format into @buf, never writing more than @size bytes, always
 * NUL-terminating when @size > 0. Returns the length the full output would
 * have had (not counting the NUL), as C99 vsnprintf does.
 */
int kvsnprintf(char *buf, size_t size, const char *fmt, va_list ap) __printf(3, 0);
int ksnprintf(char *buf, size_t size, const char *fmt, ...) __printf(3, 4);
/* The same, but return the number of characters actually stored (< @size). */
int kvscnprintf(char *buf, size_t size, const char *fmt, va_list ap) __printf(3, 0);
int kscnprintf(char *buf, size_t size, const char *fmt, ...) __printf(3, 4);

/* Print to the console and the log; returns the number of bytes printed. */
int printk(const char *fmt, ...) __printf(1, 2);
int vprintk(const char *fmt, va_list ap) __printf(1, 0);

/*
 * Copy the most recent log text, oldest byte first, into @buf: at most @len
 * bytes, not NUL-terminated. Returns the number of bytes copied.
 */
size_t printk_log_read(char *buf, size_t len);

/*
 * Enter panic mode (one way): from now on printk() only tries the console
 * lock for a bounded time and then writes anyway, so a CPU that died holding
 * the lock cannot silence the panic report.
 */
void printk_panic_mode(void);

#endif /* RUX_LIB_PRINTK_H */
