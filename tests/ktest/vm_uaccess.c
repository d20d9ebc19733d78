/*
 * tests/ktest/vm_uaccess.c - copying to and from user memory (core/mm/
 * uaccess.h): faults become -EFAULT, kernel and wrapping addresses are
 * refused, strings stop at their NUL or at the size, pointer arrays.
 */
#include "lib/ktest.h"
#include "lib/string.h"
#include "mm/mm.h"
#include "mm/uaccess.h"
#include "mm/vm.h"
#include "sys/uaccess.h"
#include "uapi/errno.h"
#include "uapi/mman.h"

#define UA_BASE 0x10000000ul
#define PG	4096ul

/* An mm with [UA_BASE, UA_BASE + 2 pages) read-write, nothing after. */
static struct mm *two_pages(void)
{
	struct mm *mm = mm_create();

	if (mm && vm_mmap(mm, UA_BASE, 2 * PG, PROT_READ | PROT_WRITE,
			  MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, NULL, 0) != (long)UA_BASE) {
		mm_put(mm);
		return NULL;
	}
	return mm;
}

KTEST(vm_uaccess, bad_addresses_are_efault)
{
	struct mm *mm = two_pages();
	char buf[32];

	KT_ASSERT_NOT_NULL(mm);
	/* Unmapped. */
	KT_ASSERT_EQ(mm_copy_from_user(mm, buf, UA_BASE - PG, 1), -EFAULT);
	KT_ASSERT_EQ(mm_copy_to_user(mm, 0, "x", 1), -EFAULT);
	/* Running off the end of the mapping, even by one byte. */
	KT_ASSERT_EQ(mm_copy_to_user(mm, UA_BASE + 2 * PG - 4, "12345", 5), -EFAULT);
	/* Kernel addresses, the end of user space, wrapping around. */
	KT_ASSERT_EQ(mm_copy_from_user(mm, buf, HAL_USER_VA_END, 1), -EFAULT);
	KT_ASSERT_EQ(mm_copy_from_user(mm, buf, HAL_USER_VA_END - 4, 8), -EFAULT);
	KT_ASSERT_EQ(mm_copy_from_user(mm, buf, (unsigned long)buf, 8), -EFAULT);
	KT_ASSERT_EQ(mm_copy_from_user(mm, buf, ~0ul - 3, 16), -EFAULT);
	KT_ASSERT_EQ(mm_copy_to_user(mm, UA_BASE, "x", ~0ul), -EFAULT);
	KT_ASSERT_EQ(mm_clear_user(mm, ~0ul, 2), -EFAULT);
	/* Zero bytes always work. */
	KT_ASSERT_EQ(mm_copy_from_user(mm, buf, ~0ul, 0), 0);
	/* No address space at all (a kernel thread). */
	KT_ASSERT_EQ(mm_copy_from_user(NULL, buf, UA_BASE, 1), -EFAULT);
	/* PROT_NONE and read-only. */
	KT_ASSERT_EQ(vm_mprotect(mm, UA_BASE, PG, PROT_NONE), 0);
	KT_ASSERT_EQ(mm_copy_from_user(mm, buf, UA_BASE, 1), -EFAULT);
	KT_ASSERT_EQ(vm_mprotect(mm, UA_BASE, PG, PROT_READ), 0);
	KT_ASSERT_EQ(mm_copy_from_user(mm, buf, UA_BASE, 1), 0);
	KT_ASSERT_EQ(mm_clear_user(mm, UA_BASE, 1), -EFAULT);
	KT_ASSERT_EQ(mm_clear_user(mm, UA_BASE + PG, PG), 0);
	mm_put(mm);
}

KTEST(vm_uaccess, strings_across_pages_and_without_nul)
{
	struct mm *mm = two_pages();
	char buf[16];
	char filler[PG];

	KT_ASSERT_NOT_NULL(mm);
	/* "hello" with its NUL straddling the page boundary. */
	KT_ASSERT_EQ(mm_copy_to_user(mm, UA_BASE + PG - 3, "hello", 6), 0);
	KT_ASSERT_EQ(mm_strncpy_from_user(mm, buf, UA_BASE + PG - 3, sizeof(buf)), 5);
	KT_ASSERT_STR_EQ(buf, "hello");
	/* Exactly fits: 5 characters and the NUL in 6 bytes. */
	KT_ASSERT_EQ(mm_strncpy_from_user(mm, buf, UA_BASE + PG - 3, 6), 5);
	/* One byte short: no NUL within the size. */
	KT_ASSERT_EQ(mm_strncpy_from_user(mm, buf, UA_BASE + PG - 3, 5), -ENAMETOOLONG);
	KT_ASSERT_EQ(memcmp(buf, "hello", 5), 0);
	/* The empty string. */
	KT_ASSERT_EQ(mm_strncpy_from_user(mm, buf, UA_BASE + PG + 2, sizeof(buf)), 0);
	KT_ASSERT_EQ(buf[0], '\0');
	/* A string running into the unmapped page after the mapping. */
	memset(filler, 'a', sizeof(filler));
	KT_ASSERT_EQ(mm_copy_to_user(mm, UA_BASE + PG, filler, PG), 0);
	KT_ASSERT_EQ(mm_strncpy_from_user(mm, buf, UA_BASE + 2 * PG - 4, sizeof(buf)), -EFAULT);
	/* ... but a size that ends before the hole is just too long. */
	KT_ASSERT_EQ(mm_strncpy_from_user(mm, buf, UA_BASE + 2 * PG - 4, 4), -ENAMETOOLONG);
	/* The end of user space, and past it. */
	KT_ASSERT_EQ(mm_strncpy_from_user(mm, buf, HAL_USER_VA_END - 2, sizeof(buf)), -EFAULT);
	KT_ASSERT_EQ(mm_strncpy_from_user(mm, buf, HAL_USER_VA_END, sizeof(buf)), -EFAULT);
	mm_put(mm);
}

KTEST(vm_uaccess, pointer_arrays)
{
	struct mm *mm = two_pages();
	uint64_t argv[4] = {UA_BASE + 100, UA_BASE + 200, UA_BASE + 300, 0};
	unsigned long p;

	KT_ASSERT_NOT_NULL(mm);
	/* The array straddles the page boundary. */
	KT_ASSERT_EQ(mm_copy_to_user(mm, UA_BASE + PG - 12, argv, sizeof(argv)), 0);
	KT_ASSERT_EQ(mm_user_ptr_array_len(mm, UA_BASE + PG - 12, 100), 3);
	KT_ASSERT_EQ(mm_user_ptr_array_len(mm, UA_BASE + PG - 12, 2), -E2BIG);
	KT_ASSERT_EQ(mm_user_ptr_array_len(mm, UA_BASE + PG - 12, 3), 3);
	KT_ASSERT_EQ(mm_user_ptr_array_len(mm, 0, 100), 0);
	KT_ASSERT_EQ(mm_get_user_ptr(mm, UA_BASE + PG - 12, 1, &p), 0);
	KT_ASSERT_EQ(p, UA_BASE + 200);
	KT_ASSERT_EQ(mm_get_user_ptr(mm, UA_BASE - 8, 0, &p), -EFAULT);
	/* No NULL before the end of the mapping. */
	KT_ASSERT_EQ(mm_copy_to_user(mm, UA_BASE + 2 * PG - 8, argv, 8), 0);
	KT_ASSERT_EQ(mm_user_ptr_array_len(mm, UA_BASE + 2 * PG - 8, 100), -EFAULT);
	mm_put(mm);
}

KTEST(vm_uaccess, copy_to_user_breaks_copy_on_write)
{
	struct mm *parent = two_pages(), *child;
	char buf[4];

	KT_ASSERT_NOT_NULL(parent);
	KT_ASSERT_EQ(mm_copy_to_user(parent, UA_BASE, "old", 4), 0);
	child = mm_dup(parent);
	KT_ASSERT_NOT_NULL(child);
	KT_ASSERT_EQ(mm_copy_to_user(parent, UA_BASE, "new", 4), 0);
	KT_ASSERT_EQ(mm_copy_from_user(child, buf, UA_BASE, 4), 0);
	KT_ASSERT_STR_EQ(buf, "old");
	mm_put(child);
	mm_put(parent);
}

KTEST(vm_uaccess, no_current_address_space_is_efault)
{
	char buf[4];

	/* The test runs in a kernel thread: no current mm. */
	KT_ASSERT_EQ(copy_from_user(buf, UA_BASE, 4), -EFAULT);
	KT_ASSERT_EQ(copy_to_user(UA_BASE, "x", 1), -EFAULT);
	KT_ASSERT_EQ(strncpy_from_user(buf, UA_BASE, sizeof(buf)), -EFAULT);
}
