/*
 * core/sys/syscalls.h - the system call handlers, as core/sys/table.c
 * calls them. Internal to the syscall layer and the subsystems that
 * implement handlers.
 *
 * A handler is named sys_<Linux name>, lives in its subsystem (fs/ owns
 * sys_openat, core/proc/ owns sys_clone) and takes exactly as many
 * unsigned long arguments as the call has, in register order:
 *
 *	long sys_read(unsigned long fd, unsigned long buf, unsigned long count);
 *
 * It converts and checks them once, at the top (user addresses stay
 * integers until copy_from_user/copy_to_user, see uaccess.h), calls the
 * subsystem's real function and returns a value or a negative errno.
 * To add one: declare it below and turn its NOSYS() line in table.c into
 * SYSCALL(); the table's type check catches a wrong argument count.
 */
#ifndef RUX_SYS_SYSCALLS_H
#define RUX_SYS_SYSCALLS_H

#include "sys/syscall.h"
#include "uapi/unistd.h"
#include "proc/syscalls.h"
#include "signal/syscalls.h"
#include "fs/fd/syscalls.h"
#include "ipc/futex.h"

/* One pointer type per argument count; table.c picks the one of nargs. */
union syscall_fn {
	long (*f0)(void);
	long (*f1)(unsigned long);
	long (*f2)(unsigned long, unsigned long);
	long (*f3)(unsigned long, unsigned long, unsigned long);
	long (*f4)(unsigned long, unsigned long, unsigned long, unsigned long);
	long (*f5)(unsigned long, unsigned long, unsigned long, unsigned long, unsigned long);
	long (*f6)(unsigned long, unsigned long, unsigned long, unsigned long, unsigned long,
		   unsigned long);
};

struct syscall_entry {
	const char *name;    /* Linux name; NULL: no system call has this number */
	unsigned int nargs;  /* 0..SYSCALL_MAX_ARGS */
	union syscall_fn fn; /* member f<nargs>; NULL: not implemented yet */
};

/* core/mm/mmap_syscalls.c */
long sys_brk(unsigned long brk);
long sys_mmap(unsigned long addr, unsigned long len, unsigned long prot, unsigned long flags,
	      unsigned long fd, unsigned long off);
long sys_munmap(unsigned long addr, unsigned long len);
long sys_mprotect(unsigned long addr, unsigned long len, unsigned long prot);
long sys_madvise(unsigned long addr, unsigned long len, unsigned long advice);
long sys_msync(unsigned long addr, unsigned long len, unsigned long flags);
long sys_mremap(unsigned long old, unsigned long old_len, unsigned long new_len,
		unsigned long flags, unsigned long new_addr);

/* The table, indexed by system call number (table.c). */
extern const struct syscall_entry syscall_table[__NR_syscalls];

#endif /* RUX_SYS_SYSCALLS_H */
