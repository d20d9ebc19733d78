/*
 * fuzz/process.h - running part of a fuzz input as a process: the
 * process hook of core/proc (proc_run_as_process()) plus a watchdog, and
 * user memory for the system calls it makes.
 *
 *	static int program(void *arg)           runs as the process
 *	{
 *		uint64_t buf = fuzz_user_map(ADDR, 4096, PROT_READ | PROT_WRITE, "x", 1);
 *		long r = fuzz_syscall(__NR_write, (unsigned long[6]){fd, buf, 1});
 *		if (fuzz_process_killed()) return 0;     a call blocked: stop
 *	}
 *	err = fuzz_process_run(&world, program, &state);
 */
#ifndef RUX_FUZZ_PROCESS_H
#define RUX_FUZZ_PROCESS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "fuzz/fuzz_kernel.h"
#include "sys/syscall.h"

/*
 * Simulated time a process may take before the watchdog sends it SIGKILL.
 * Idle time passes at once on the hosted kernel (the clock jumps to the
 * next timer), so a call that blocks costs no real time: the watchdog's
 * SIGKILL ends any interruptible sleep, and the program stops there. A
 * call that sleeps uninterruptibly for good leaves no timer armed after
 * that, which the hosted kernel reports as a deadlock (abort: a crash),
 * or, once the interval timer thread runs (it wakes every 10 ms), spins
 * until libFuzzer's -timeout reports it.
 */
#define FUZZ_WATCHDOG_NS (10 * 1000000000ull)

/*
 * Once, after fuzz_kernel_boot(): what the first processes would allocate
 * for good, allocated before any page count is taken: the first
 * setitimer(2) starts the interval timer thread (core/signal/itimer.c).
 */
void fuzz_process_init(void);

/*
 * Run @fn(@arg) as a new process rooted at @w (proc_run_as_process()),
 * with the watchdog; returns @fn's result (or the hook's error). When it
 * returns, the process is gone with its descriptors and mappings.
 */
int fuzz_process_run(struct fuzz_world *w, int (*fn)(void *arg), void *arg);
/* In the process: did the watchdog kill it (stop making calls)? */
bool fuzz_process_killed(void);

/* In the process: the system call @nr through the real dispatcher. */
long fuzz_syscall(unsigned long nr, const unsigned long a[SYSCALL_MAX_ARGS]);

/*
 * In the process: map @len bytes of anonymous memory at @addr (fixed) with
 * PROT_* @prot, the first @n bytes a copy of @init; the address, or 0.
 */
uint64_t fuzz_user_map(uint64_t addr, size_t len, unsigned int prot, const void *init, size_t n);

#endif /* RUX_FUZZ_PROCESS_H */
