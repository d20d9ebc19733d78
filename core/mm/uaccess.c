/*
 * core/mm/uaccess.c - copying between kernel memory and user address
 * spaces: the mm_* functions of core/mm/uaccess.h (uaccess_current.c puts
 * core/sys/uaccess.h's copy_to_user & co. on top, for the running task).
 *
 * The kernel never dereferences a user address. It looks each user page up
 * in the address space's page table (hal_pt_query), calls the fault handler
 * when the page is missing or lacks the right (a write to a copy-on-write
 * page copies it first), and copies through the direct map
 * (hal_phys_to_virt). So the same code works on riscv64 and hosted, with or
 * without the address space being active.
 *
 * Locking: mm->lock is held for a whole copy, so the pages cannot go away
 * between lookup and copy.
 */
#include "mm/uaccess.h"
#include "lib/compiler.h"
#include "lib/string.h"
#include "mm/vma.h"
#include "uapi/errno.h"

/*
 * Called for each piece of a user range that lies in one page: @kaddr is
 * its kernel address, @len its length, @done the bytes before it. Returns
 * 0 to go on, or 1 to stop the walk early.
 */
typedef int (*chunk_fn)(void *kaddr, size_t len, size_t done, void *arg);

/* The kernel address of user byte @uaddr, faulting its page in. */
static void *user_page(struct mm *mm, unsigned long uaddr, bool write)
{
	unsigned int need = write ? HAL_PROT_WRITE : HAL_PROT_READ, hp;
	uint64_t pa;

	if (!hal_pt_query(mm->pt, uaddr, &pa, &hp) || !(hp & need)) {
		if (vm_fault_locked(mm, uaddr, write ? HAL_ACCESS_WRITE : HAL_ACCESS_READ) < 0)
			return NULL;
		if (!hal_pt_query(mm->pt, uaddr, &pa, &hp) || !(hp & need))
			return NULL;
	}
	return (char *)hal_phys_to_virt(pa) + (uaddr & (PAGE_SIZE - 1));
}

/*
 * Walk [uaddr, uaddr + n), which must lie in user space, calling @fn per
 * page. Returns 0 (walked all), 1 (stopped by @fn) or -EFAULT.
 */
static int walk_user(struct mm *mm, unsigned long uaddr, size_t n, bool write, chunk_fn fn,
		     void *arg)
{
	size_t done = 0;
	int ret = 0;

	if (!mm)
		return -EFAULT;
	mutex_lock(&mm->lock);
	while (done < n) {
		unsigned long at = uaddr + done;
		size_t len = MIN(n - done, PAGE_SIZE - (at & (PAGE_SIZE - 1)));
		void *kaddr = user_page(mm, at, write);

		if (!kaddr) {
			ret = -EFAULT;
			break;
		}
		ret = fn(kaddr, len, done, arg);
		if (ret)
			break;
		done += len;
	}
	mutex_unlock(&mm->lock);
	return ret;
}

static bool range_ok(unsigned long uaddr, size_t n)
{
	return uaddr < HAL_USER_VA_END && n <= HAL_USER_VA_END - uaddr;
}

static int chunk_to_user(void *kaddr, size_t len, size_t done, void *arg)
{
	memcpy(kaddr, (const char *)arg + done, len);
	return 0;
}

static int chunk_from_user(void *kaddr, size_t len, size_t done, void *arg)
{
	memcpy((char *)arg + done, kaddr, len);
	return 0;
}

static int chunk_clear(void *kaddr, size_t len, size_t done, void *arg)
{
	memset(kaddr, 0, len);
	return 0;
}

int mm_copy_to_user(struct mm *mm, unsigned long uaddr, const void *src, size_t n)
{
	if (n == 0)
		return 0;
	if (!range_ok(uaddr, n))
		return -EFAULT;
	return walk_user(mm, uaddr, n, true, chunk_to_user, (void *)src);
}

int mm_copy_from_user(struct mm *mm, void *dst, unsigned long uaddr, size_t n)
{
	if (n == 0)
		return 0;
	if (!range_ok(uaddr, n))
		return -EFAULT;
	return walk_user(mm, uaddr, n, false, chunk_from_user, dst);
}

int mm_clear_user(struct mm *mm, unsigned long uaddr, size_t n)
{
	if (n == 0)
		return 0;
	if (!range_ok(uaddr, n))
		return -EFAULT;
	return walk_user(mm, uaddr, n, true, chunk_clear, NULL);
}

struct cmpxchg_state {
	uint32_t old, new, cur;
};

/* One aligned word never crosses a page: one chunk, written atomically
 * through the direct map, which is the same memory the user sees. */
static int chunk_cmpxchg(void *kaddr, size_t len, size_t done, void *arg)
{
	struct cmpxchg_state *st = arg;

	st->cur = st->old;
	__atomic_compare_exchange_n((uint32_t *)kaddr, &st->cur, st->new, false, __ATOMIC_SEQ_CST,
				    __ATOMIC_SEQ_CST);
	return 0;
}

int mm_user_cmpxchg32(struct mm *mm, unsigned long uaddr, uint32_t old, uint32_t new,
		      uint32_t *cur)
{
	struct cmpxchg_state st = {old, new, 0};
	int err;

	if ((uaddr & 3) || !range_ok(uaddr, sizeof(uint32_t)))
		return -EFAULT;
	err = walk_user(mm, uaddr, sizeof(uint32_t), true, chunk_cmpxchg, &st);
	if (!err)
		*cur = st.cur;
	return err;
}

struct strncpy_state {
	char *dst;
	size_t len; /* length of the string once its NUL was seen */
};

static int chunk_string(void *kaddr, size_t len, size_t done, void *arg)
{
	struct strncpy_state *st = arg;
	const char *nul = memchr(kaddr, '\0', len);
	size_t take = nul ? (size_t)(nul - (const char *)kaddr) + 1 : len;

	memcpy(st->dst + done, kaddr, take);
	if (!nul)
		return 0;
	st->len = done + take - 1;
	return 1;
}

long mm_strncpy_from_user(struct mm *mm, char *dst, unsigned long uaddr, size_t size)
{
	struct strncpy_state st = {dst, 0};
	size_t n;
	int ret;

	if (size == 0 || uaddr >= HAL_USER_VA_END)
		return -EFAULT;
	/* Never past the end of user space: a string there has no NUL. */
	n = MIN(size, (size_t)(HAL_USER_VA_END - uaddr));
	ret = walk_user(mm, uaddr, n, false, chunk_string, &st);
	if (ret < 0)
		return ret;
	if (ret == 1)
		return (long)st.len;
	return n < size ? -EFAULT : -ENAMETOOLONG;
}

int mm_get_user_ptr(struct mm *mm, unsigned long uarray, size_t index, unsigned long *ptr)
{
	uint64_t value;
	int err;

	if (index > (HAL_USER_VA_END / sizeof(value)))
		return -EFAULT;
	err = mm_copy_from_user(mm, &value, uarray + index * sizeof(value), sizeof(value));
	if (err)
		return err;
	*ptr = (unsigned long)value;
	return 0;
}

long mm_user_ptr_array_len(struct mm *mm, unsigned long uarray, size_t max)
{
	for (size_t i = 0;; i++) {
		unsigned long p;
		int err;

		if (!uarray)
			return 0;
		err = mm_get_user_ptr(mm, uarray, i, &p);
		if (err)
			return err;
		if (!p)
			return (long)i;
		if (i == max)
			return -E2BIG;
	}
}
