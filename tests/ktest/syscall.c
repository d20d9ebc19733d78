/*
 * tests/ktest/syscall.c - the system call table and dispatcher: numbers
 * without a handler return -ENOSYS, out-of-range numbers are safe, and
 * each missing number is logged once.
 */
#include "sys/syscall.h"
#include "lib/ktest.h"
#include "lib/printk.h"
#include "lib/string.h"
#include "sys/syscalls.h"
#include "uapi/errno.h"
#include "uapi/unistd.h"

/* Numbers that are no system call on riscv64 (holes in the table). */
#define NR_HOLE_RENAMEAT 38  /* renameat: 32-bit and old ABIs only */
#define NR_HOLE_ARCH	 250 /* unused arch-specific slot */
#define NR_HOLE_TIME64	 300 /* time64 calls: 32-bit only */

static const unsigned long no_args[SYSCALL_MAX_ARGS];

static long call(unsigned long nr)
{
	return syscall_dispatch(nr, no_args);
}

/* Whether the most recent log text ends with @line. */
static bool log_ends_with(const char *line)
{
	static char tail[128];
	size_t n = strlen(line);

	if (n >= sizeof(tail) || printk_log_read(tail, n) != n)
		return false;
	tail[n] = '\0';
	return strcmp(tail, line) == 0;
}

KTEST(syscall, holes_in_the_table_return_enosys)
{
	KT_ASSERT_EQ(call(NR_HOLE_RENAMEAT), -ENOSYS);
	KT_ASSERT_EQ(call(NR_HOLE_ARCH), -ENOSYS);
	KT_ASSERT_EQ(call(NR_HOLE_TIME64), -ENOSYS);
}

KTEST(syscall, known_but_unimplemented_returns_enosys)
{
	/* nfsservctl was removed from Linux too; Rux will never have it. */
	KT_ASSERT_EQ(call(__NR_nfsservctl), -ENOSYS);
}

KTEST(syscall, out_of_range_numbers_return_enosys)
{
	KT_ASSERT_EQ(call(__NR_syscalls), -ENOSYS);
	KT_ASSERT_EQ(call(100000), -ENOSYS);
	KT_ASSERT_EQ(call(1ul << 31), -ENOSYS);
	KT_ASSERT_EQ(call(~0ul), -ENOSYS);
	KT_ASSERT_EQ(call(~0ul - 1), -ENOSYS);
}

KTEST(syscall, missing_call_logged_once_by_name)
{
	syscall_nosys_log_reset();
	unsigned long before = syscall_nosys_log_count();

	call(__NR_nfsservctl);
	KT_ASSERT_EQ(syscall_nosys_log_count(), before + 1);
	KT_ASSERT(log_ends_with("syscall: nfsservctl not implemented\n"));
	call(__NR_nfsservctl);
	call(__NR_nfsservctl);
	KT_ASSERT_EQ(syscall_nosys_log_count(), before + 1);
}

KTEST(syscall, hole_logged_once_by_number)
{
	syscall_nosys_log_reset();
	unsigned long before = syscall_nosys_log_count();

	call(NR_HOLE_ARCH);
	KT_ASSERT(log_ends_with("syscall: 250 not implemented\n"));
	call(NR_HOLE_ARCH);
	call(NR_HOLE_TIME64);
	call(NR_HOLE_TIME64);
	KT_ASSERT_EQ(syscall_nosys_log_count(), before + 2);
}

KTEST(syscall, out_of_range_numbers_share_one_log_line)
{
	syscall_nosys_log_reset();
	unsigned long before = syscall_nosys_log_count();

	call(100000);
	KT_ASSERT(log_ends_with("syscall: 100000 not implemented\n"));
	call(100001);
	call(~0ul);
	KT_ASSERT_EQ(syscall_nosys_log_count(), before + 1);
}

KTEST(syscall, reset_logs_again)
{
	syscall_nosys_log_reset();
	unsigned long before = syscall_nosys_log_count();

	call(NR_HOLE_RENAMEAT);
	syscall_nosys_log_reset();
	call(NR_HOLE_RENAMEAT);
	KT_ASSERT_EQ(syscall_nosys_log_count(), before + 2);
}

KTEST(syscall, names)
{
	KT_ASSERT_STR_EQ(syscall_name(__NR_read), "read");
	KT_ASSERT_STR_EQ(syscall_name(__NR_io_setup), "io_setup");
	KT_ASSERT_STR_EQ(syscall_name(__NR_riscv_flush_icache), "riscv_flush_icache");
	KT_ASSERT_STR_EQ(syscall_name(__NR_set_mempolicy_home_node), "set_mempolicy_home_node");
	KT_ASSERT_NULL(syscall_name(NR_HOLE_ARCH));
	KT_ASSERT_NULL(syscall_name(__NR_syscalls));
	KT_ASSERT_NULL(syscall_name(~0ul));
}

KTEST(syscall, table_entries_are_well_formed)
{
	unsigned int named = 0;

	for (unsigned long nr = 0; nr < __NR_syscalls; nr++) {
		const struct syscall_entry *e = &syscall_table[nr];

		KT_ASSERT(e->nargs <= SYSCALL_MAX_ARGS);
		if (!e->name) {
			KT_ASSERT_EQ(e->nargs, 0);
			continue;
		}
		named++;
		KT_ASSERT(e->name[0] != '\0');
		for (unsigned long other = 0; other < nr; other++) {
			const char *n = syscall_table[other].name;

			KT_ASSERT(!n || strcmp(n, e->name) != 0);
		}
	}
	/* The Linux 6.1 riscv64 table has 306 system calls. */
	KT_ASSERT_EQ(named, 306);
}
