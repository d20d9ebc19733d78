/*
 * core/lib/panic.h - stopping the machine on a fatal error, and loud
 * warnings for the non-fatal kind.
 *
 *	panic("no init found")	prints "panic: no init found", the CPU and a
 *				backtrace, then powers off with exit code
 *				RUX_PANIC_EXIT_CODE (what QEMU's caller sees).
 *	BUG_ON(cond)		panics with "BUG at file:line: cond" if cond.
 *	WARN_ON(cond)		prints "warning: file:line: cond" and a
 *				backtrace if cond; evaluates to cond, so
 *				"if (WARN_ON(x)) return -EINVAL;" works.
 *	WARN_ON_ONCE(cond)	the same, printing only the first time.
 *
 * A panic inside a panic powers off at once. A second CPU that panics while
 * another one is panicking stops and leaves the report to the first.
 */
#ifndef RUX_LIB_PANIC_H
#define RUX_LIB_PANIC_H

#include <stdbool.h>

#include "lib/compiler.h"

#define RUX_PANIC_EXIT_CODE 2

__noreturn void panic(const char *fmt, ...) __printf(1, 2);

/* The slow path of WARN_ON: print the warning and a backtrace. */
void panic_warn(const char *file, int line, const char *cond);

#define BUG_ON(cond)                                                           \
	do {                                                                       \
		if (unlikely(cond))                                                    \
			panic("BUG at %s:%d: %s", __FILE__, __LINE__, #cond);              \
	} while (0)

#define WARN_ON(cond)                                                          \
	({                                                                         \
		bool __warn_cond = !!(cond);                                           \
		if (unlikely(__warn_cond))                                             \
			panic_warn(__FILE__, __LINE__, #cond);                             \
		__warn_cond;                                                           \
	})

#define WARN_ON_ONCE(cond)                                                     \
	({                                                                         \
		/* int, not bool: rv64 has no byte-wide atomic exchange */           \
		static int __warned_once;                                              \
		bool __warn_cond = !!(cond);                                           \
		if (unlikely(__warn_cond) &&                                           \
		    !__atomic_exchange_n(&__warned_once, 1, __ATOMIC_RELAXED))         \
			panic_warn(__FILE__, __LINE__, #cond);                             \
		__warn_cond;                                                           \
	})

#endif /* RUX_LIB_PANIC_H */
