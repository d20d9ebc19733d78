/*
 * core/sys/syscall.h - the system call entry point of the kernel.
 *
 * The HAL's trap code reads the number (a7 on riscv64) and six argument
 * registers (a0-a5) from the trap frame and calls syscall_dispatch(); the
 * result goes back to user space in a0. Numbers are the Linux riscv64
 * ones (uapi/unistd.h).
 *
 * A number without a handler - unknown, out of range or not implemented
 * yet - returns -ENOSYS and is logged once:
 *	syscall: <name> not implemented     (a known Linux system call)
 *	syscall: <number> not implemented   (no such call; all numbers
 *	                                     >= __NR_syscalls share one log line)
 */
#ifndef RUX_SYS_SYSCALL_H
#define RUX_SYS_SYSCALL_H

#define SYSCALL_MAX_ARGS 6

/* Run system call @nr with @args; returns the value for user space. */
long syscall_dispatch(unsigned long nr, const unsigned long args[SYSCALL_MAX_ARGS]);

/* The Linux name of system call @nr ("openat"), or NULL if there is none. */
const char *syscall_name(unsigned long nr);

/*
 * Test hooks: the number of "not implemented" lines logged so far, and a
 * reset that forgets which numbers were logged. The reset is for tests and
 * must not race with system calls.
 */
unsigned long syscall_nosys_log_count(void);
void syscall_nosys_log_reset(void);

#endif /* RUX_SYS_SYSCALL_H */
