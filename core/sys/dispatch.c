/*
 * core/sys/dispatch.c - syscall_dispatch(): look the number up in the
 * table (table.c) and call the handler with the arguments it takes.
 *
 * A number without a handler returns -ENOSYS and is logged the first time
 * only: a bitmap remembers the logged numbers, with one extra bit standing
 * for all numbers beyond the table, so a program probing for new calls
 * (glibc tries clone3, statx, ...) costs one log line per number. The bits
 * are set atomically; no lock is taken on the system call path.
 */
#include "lib/bitmap.h"
#include "lib/printk.h"
#include "sys/syscall.h"
#include "sys/syscalls.h"
#include "uapi/errno.h"

/* Bit nr: number nr was logged; bit __NR_syscalls: some larger number was. */
#define NOSYS_OUT_OF_RANGE __NR_syscalls
static DECLARE_BITMAP(nosys_logged, __NR_syscalls + 1);
static unsigned long nosys_log_count;

static const struct syscall_entry *syscall_lookup(unsigned long nr)
{
	if (nr >= __NR_syscalls)
		return NULL;
	return &syscall_table[nr];
}

const char *syscall_name(unsigned long nr)
{
	const struct syscall_entry *e = syscall_lookup(nr);

	return e ? e->name : NULL;
}

static long syscall_nosys(unsigned long nr, const struct syscall_entry *e)
{
	size_t bit = nr < __NR_syscalls ? nr : NOSYS_OUT_OF_RANGE;

	if (test_and_set_bit_atomic(nosys_logged, bit))
		return -ENOSYS;
	__atomic_fetch_add(&nosys_log_count, 1, __ATOMIC_RELAXED);
	if (e && e->name)
		printk("syscall: %s not implemented\n", e->name);
	else
		printk("syscall: %lu not implemented\n", nr);
	return -ENOSYS;
}

long syscall_dispatch(unsigned long nr, const unsigned long a[SYSCALL_MAX_ARGS])
{
	const struct syscall_entry *e = syscall_lookup(nr);

	if (!e)
		return syscall_nosys(nr, NULL);
	switch (e->nargs) {
	case 0:
		if (e->fn.f0)
			return e->fn.f0();
		break;
	case 1:
		if (e->fn.f1)
			return e->fn.f1(a[0]);
		break;
	case 2:
		if (e->fn.f2)
			return e->fn.f2(a[0], a[1]);
		break;
	case 3:
		if (e->fn.f3)
			return e->fn.f3(a[0], a[1], a[2]);
		break;
	case 4:
		if (e->fn.f4)
			return e->fn.f4(a[0], a[1], a[2], a[3]);
		break;
	case 5:
		if (e->fn.f5)
			return e->fn.f5(a[0], a[1], a[2], a[3], a[4]);
		break;
	case 6:
		if (e->fn.f6)
			return e->fn.f6(a[0], a[1], a[2], a[3], a[4], a[5]);
		break;
	}
	return syscall_nosys(nr, e);
}

unsigned long syscall_nosys_log_count(void)
{
	return __atomic_load_n(&nosys_log_count, __ATOMIC_RELAXED);
}

void syscall_nosys_log_reset(void)
{
	bitmap_zero(nosys_logged, __NR_syscalls + 1);
}
