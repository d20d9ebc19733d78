/*
 * sim/trace.h - ruxsim's system call trace (--trace-syscalls): one line per
 * call, when it returns to user mode, like strace -f:
 *
 *	[7] openat(0xffffff9c, 0x1a2b8, 0x0, 0x0) = 3
 *
 * tid, name, the arguments the call takes (hex), the result (decimal, hex
 * when it looks like an address). "= ?" when the call never returned to the
 * instruction after it: exit, or registers replaced (signal, sigreturn).
 */
#ifndef RUX_SIM_TRACE_H
#define RUX_SIM_TRACE_H

#include <stdio.h>

#include "hal/hal.h"

/* Trace to @out from now on. */
void trace_start(FILE *out);
/* The running task trapped into the kernel with an ecall (state saved). */
void trace_syscall(const struct user_cpu_state *state);
/* The running task goes back to user mode with @state. */
void trace_user_entry(const struct user_cpu_state *state);

#endif /* RUX_SIM_TRACE_H */
