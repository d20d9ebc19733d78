/*
 * tests/ktest/vm.c - user address spaces (core/mm/vm.h): demand paging,
 * copy-on-write after mm_dup, shared anonymous memory, VMA splitting and
 * merging, mmap placement rules, mprotect, brk, madvise, private file
 * mappings, stack growth, and that every page comes back.
 *
 * Each test builds its own mm and reaches its memory only through the
 * explicit-mm uaccess functions, exactly as exec does before the mm runs.
 */
#include "mm/vm.h"
#include "lib/ktest.h"
#include "lib/string.h"
#include "mm/mm.h"
#include "mm/uaccess.h"
#include "uapi/errno.h"
#include "uapi/mman.h"
#include "vfs_helpers.h"

#define VT_BASE 0x10000000ul /* where tests put fixed mappings */
#define PG	4096ul

#define ANON_RW(mm, addr, len)                                                                     \
	vm_mmap((mm), (addr), (len), PROT_READ | PROT_WRITE,                                       \
		MAP_PRIVATE | MAP_ANONYMOUS | ((addr) ? MAP_FIXED : 0), NULL, 0)

/*
 * Free pages once the allocator caches the VM uses are warm: one mm with a
 * split VMA, a shared mapping and touched pages, made and destroyed. After
 * a test destroys its mms the count must be exactly this again.
 */
static unsigned long vm_baseline(void)
{
	struct mm *mm = mm_create(), *child;
	char c = 1;

	if (mm) {
		ANON_RW(mm, VT_BASE, 4 * PG);
		vm_mmap(mm, 0, 2 * PG, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, NULL, 0);
		mm_copy_to_user(mm, VT_BASE, &c, 1);
		vm_munmap(mm, VT_BASE + PG, PG);
		child = mm_dup(mm);
		mm_put(child);
		mm_put(mm);
	}
	return nr_free_pages();
}

/* The physical page behind @addr in @mm, or 0. */
static uint64_t phys_of(struct mm *mm, uintptr_t addr)
{
	uint64_t pa = 0;

	return hal_pt_query(mm->pt, addr, &pa, NULL) ? pa : 0;
}

static int refs_of(struct mm *mm, uintptr_t addr)
{
	uint64_t pa = phys_of(mm, addr);

	return pa ? page_ref_count(pfn_to_page((unsigned long)(pa >> PAGE_SHIFT))) : 0;
}

KTEST(vm, anonymous_pages_fault_in_on_first_touch)
{
	unsigned long before = vm_baseline();
	struct mm *mm = mm_create();
	char buf[16], zeros[16] = {0};
	struct mm_usage u;
	long addr;

	KT_ASSERT_NOT_NULL(mm);
	addr = ANON_RW(mm, 0, 3 * PG);
	KT_ASSERT(addr >= (long)VM_MMAP_MIN_ADDR);
	KT_ASSERT_EQ(addr % PG, 0);
	mm_get_usage(mm, &u);
	KT_ASSERT_EQ(u.total_vm, 3);
	KT_ASSERT_EQ(u.rss_anon, 0);
	/* Across the boundary of pages 0 and 1. */
	KT_ASSERT_EQ(mm_copy_to_user(mm, addr + PG - 5, "hello, world", 13), 0);
	KT_ASSERT_EQ(mm_copy_from_user(mm, buf, addr + PG - 5, 13), 0);
	KT_ASSERT_STR_EQ(buf, "hello, world");
	mm_get_usage(mm, &u);
	KT_ASSERT_EQ(u.rss_anon, 2);
	/* Never written: zeros (and now resident). */
	KT_ASSERT_EQ(mm_copy_from_user(mm, buf, addr + 2 * PG, sizeof(buf)), 0);
	KT_ASSERT_EQ(memcmp(buf, zeros, sizeof(buf)), 0);
	KT_ASSERT_EQ(vm_fault(mm, addr + 2 * PG + 7, HAL_ACCESS_WRITE), 0);
	KT_ASSERT_EQ(vm_fault(mm, addr + 3 * PG, HAL_ACCESS_READ), -EFAULT);
	mm_put(mm);
	KT_ASSERT_EQ(nr_free_pages(), before);
}

KTEST(vm, fork_copies_on_write_and_frees_everything)
{
	unsigned long before = vm_baseline();
	struct mm *parent = mm_create(), *child;
	char buf[8];
	uint64_t pa;

	KT_ASSERT_NOT_NULL(parent);
	KT_ASSERT_EQ(ANON_RW(parent, VT_BASE, 2 * PG), (long)VT_BASE);
	KT_ASSERT_EQ(mm_copy_to_user(parent, VT_BASE, "parent", 7), 0);
	KT_ASSERT_EQ(mm_copy_to_user(parent, VT_BASE + PG, "second", 7), 0);
	pa = phys_of(parent, VT_BASE);
	child = mm_dup(parent);
	KT_ASSERT_NOT_NULL(child);
	/* Shared read-only, two references. */
	KT_ASSERT_EQ(phys_of(child, VT_BASE), pa);
	KT_ASSERT_EQ(refs_of(parent, VT_BASE), 2);
	KT_ASSERT_EQ(mm_copy_from_user(child, buf, VT_BASE, 7), 0);
	KT_ASSERT_STR_EQ(buf, "parent");
	/* The child's write copies; each sees its own. */
	KT_ASSERT_EQ(mm_copy_to_user(child, VT_BASE, "child!", 7), 0);
	KT_ASSERT(phys_of(child, VT_BASE) != pa);
	KT_ASSERT_EQ(refs_of(parent, VT_BASE), 1);
	KT_ASSERT_EQ(mm_copy_from_user(parent, buf, VT_BASE, 7), 0);
	KT_ASSERT_STR_EQ(buf, "parent");
	KT_ASSERT_EQ(mm_copy_from_user(child, buf, VT_BASE, 7), 0);
	KT_ASSERT_STR_EQ(buf, "child!");
	/* The parent is alone on page 0 now: its write takes the page over. */
	KT_ASSERT_EQ(mm_copy_to_user(parent, VT_BASE, "PARENT", 7), 0);
	KT_ASSERT_EQ(phys_of(parent, VT_BASE), pa);
	/* Page 1 is still shared until the child goes away. */
	KT_ASSERT_EQ(refs_of(child, VT_BASE + PG), 2);
	mm_put(child);
	KT_ASSERT_EQ(refs_of(parent, VT_BASE + PG), 1);
	KT_ASSERT_EQ(mm_copy_from_user(parent, buf, VT_BASE + PG, 7), 0);
	KT_ASSERT_STR_EQ(buf, "second");
	mm_put(parent);
	KT_ASSERT_EQ(nr_free_pages(), before);
}

KTEST(vm, shared_anonymous_memory_is_shared_after_fork)
{
	unsigned long before = vm_baseline();
	struct mm *parent = mm_create(), *child;
	char buf[8];
	long addr;

	KT_ASSERT_NOT_NULL(parent);
	addr =
	    vm_mmap(parent, 0, 2 * PG, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, NULL, 0);
	KT_ASSERT(addr > 0);
	KT_ASSERT_EQ(mm_copy_to_user(parent, addr, "before", 7), 0);
	child = mm_dup(parent);
	KT_ASSERT_NOT_NULL(child);
	/* A write in the child is seen by the parent: no copy-on-write. */
	KT_ASSERT_EQ(mm_copy_to_user(child, addr, "child", 6), 0);
	KT_ASSERT_EQ(mm_copy_from_user(parent, buf, addr, 6), 0);
	KT_ASSERT_STR_EQ(buf, "child");
	/* A page first touched after the fork is shared too. */
	KT_ASSERT_EQ(mm_copy_to_user(parent, addr + PG, "late", 5), 0);
	KT_ASSERT_EQ(mm_copy_from_user(child, buf, addr + PG, 5), 0);
	KT_ASSERT_STR_EQ(buf, "late");
	KT_ASSERT_EQ(phys_of(parent, addr + PG), phys_of(child, addr + PG));
	/* Dropping the child's pages keeps the contents. */
	KT_ASSERT_EQ(vm_madvise(child, addr, 2 * PG, MADV_DONTNEED), 0);
	KT_ASSERT_EQ(mm_copy_from_user(child, buf, addr, 6), 0);
	KT_ASSERT_STR_EQ(buf, "child");
	mm_put(parent);
	KT_ASSERT_EQ(mm_copy_from_user(child, buf, addr + PG, 5), 0);
	KT_ASSERT_STR_EQ(buf, "late");
	mm_put(child);
	KT_ASSERT_EQ(nr_free_pages(), before);
}

KTEST(vm, munmap_in_the_middle_splits_the_area)
{
	unsigned long before = vm_baseline();
	struct mm *mm = mm_create();
	char buf[4];

	KT_ASSERT_NOT_NULL(mm);
	KT_ASSERT_EQ(ANON_RW(mm, VT_BASE, 3 * PG), (long)VT_BASE);
	KT_ASSERT_EQ(mm->nr_vmas, 1);
	KT_ASSERT_EQ(mm_copy_to_user(mm, VT_BASE, "aaa", 4), 0);
	KT_ASSERT_EQ(mm_copy_to_user(mm, VT_BASE + PG, "bbb", 4), 0);
	KT_ASSERT_EQ(mm_copy_to_user(mm, VT_BASE + 2 * PG, "ccc", 4), 0);
	KT_ASSERT_EQ(vm_munmap(mm, VT_BASE + PG, PG), 0);
	KT_ASSERT_EQ(mm->nr_vmas, 2);
	KT_ASSERT_EQ(mm->total_vm, 2);
	KT_ASSERT_EQ(mm->rss[MM_RSS_ANON], 2);
	KT_ASSERT_EQ(vm_fault(mm, VT_BASE + PG, HAL_ACCESS_READ), -EFAULT);
	KT_ASSERT_EQ(mm_copy_from_user(mm, buf, VT_BASE + PG, 1), -EFAULT);
	KT_ASSERT_EQ(mm_copy_from_user(mm, buf, VT_BASE + 2 * PG, 4), 0);
	KT_ASSERT_STR_EQ(buf, "ccc");
	KT_ASSERT_EQ(mm_copy_from_user(mm, buf, VT_BASE, 4), 0);
	KT_ASSERT_STR_EQ(buf, "aaa");
	/* Argument checks. */
	KT_ASSERT_EQ(vm_munmap(mm, VT_BASE + 1, PG), -EINVAL);
	KT_ASSERT_EQ(vm_munmap(mm, VT_BASE, 0), -EINVAL);
	KT_ASSERT_EQ(vm_munmap(mm, HAL_USER_VA_END - PG, 2 * PG), -EINVAL);
	/* Unmapping a range with holes and more is fine. */
	KT_ASSERT_EQ(vm_munmap(mm, VT_BASE - PG, 10 * PG), 0);
	KT_ASSERT_EQ(mm->nr_vmas, 0);
	KT_ASSERT_EQ(mm->rss[MM_RSS_ANON], 0);
	mm_put(mm);
	KT_ASSERT_EQ(nr_free_pages(), before);
}

KTEST(vm, mprotect_read_only_makes_writes_fault)
{
	unsigned long before = vm_baseline();
	struct mm *mm = mm_create();
	char buf[4];

	KT_ASSERT_NOT_NULL(mm);
	KT_ASSERT_EQ(ANON_RW(mm, VT_BASE, 3 * PG), (long)VT_BASE);
	KT_ASSERT_EQ(mm_copy_to_user(mm, VT_BASE + PG, "xyz", 4), 0);
	KT_ASSERT_EQ(vm_mprotect(mm, VT_BASE + PG, PG, PROT_READ), 0);
	KT_ASSERT_EQ(mm->nr_vmas, 3);
	KT_ASSERT_EQ(vm_fault(mm, VT_BASE + PG, HAL_ACCESS_WRITE), -EACCES);
	KT_ASSERT_EQ(mm_copy_to_user(mm, VT_BASE + PG, "!", 1), -EFAULT);
	KT_ASSERT_EQ(mm_copy_from_user(mm, buf, VT_BASE + PG, 4), 0);
	KT_ASSERT_STR_EQ(buf, "xyz");
	KT_ASSERT_EQ(vm_fault(mm, VT_BASE + PG, HAL_ACCESS_EXEC), -EACCES);
	/* Its neighbours stay writable. */
	KT_ASSERT_EQ(mm_copy_to_user(mm, VT_BASE + 2 * PG, "!", 1), 0);
	/* PROT_NONE keeps the data but allows nothing. */
	KT_ASSERT_EQ(vm_mprotect(mm, VT_BASE + PG, PG, PROT_NONE), 0);
	KT_ASSERT_EQ(mm_copy_from_user(mm, buf, VT_BASE + PG, 1), -EFAULT);
	KT_ASSERT_EQ(vm_fault(mm, VT_BASE + PG, HAL_ACCESS_READ), -EACCES);
	/* Back to read-write: one area again, data intact. */
	KT_ASSERT_EQ(vm_mprotect(mm, VT_BASE + PG, PG, PROT_READ | PROT_WRITE), 0);
	KT_ASSERT_EQ(mm->nr_vmas, 1);
	KT_ASSERT_EQ(mm_copy_from_user(mm, buf, VT_BASE + PG, 4), 0);
	KT_ASSERT_STR_EQ(buf, "xyz");
	KT_ASSERT_EQ(mm_copy_to_user(mm, VT_BASE + PG, "w", 1), 0);
	/* Errors: holes, alignment, bad bits. */
	KT_ASSERT_EQ(vm_mprotect(mm, VT_BASE, 4 * PG, PROT_READ), -ENOMEM);
	KT_ASSERT_EQ(vm_mprotect(mm, VT_BASE + 1, PG, PROT_READ), -EINVAL);
	KT_ASSERT_EQ(vm_mprotect(mm, VT_BASE, PG, 0x80), -EINVAL);
	KT_ASSERT_EQ(vm_mprotect(mm, VT_BASE, 0, PROT_READ), 0);
	mm_put(mm);
	KT_ASSERT_EQ(nr_free_pages(), before);
}

KTEST(vm, mprotect_keeps_copy_on_write_pages_read_only)
{
	unsigned long before = vm_baseline();
	struct mm *parent = mm_create(), *child;
	char buf[4];

	KT_ASSERT_NOT_NULL(parent);
	KT_ASSERT_EQ(vm_mmap(parent, VT_BASE, PG, PROT_READ,
			     MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, NULL, 0),
		     (long)VT_BASE);
	KT_ASSERT_EQ(vm_fault(parent, VT_BASE, HAL_ACCESS_READ), 0);
	child = mm_dup(parent);
	KT_ASSERT_NOT_NULL(child);
	KT_ASSERT_EQ(vm_mprotect(child, VT_BASE, PG, PROT_READ | PROT_WRITE), 0);
	KT_ASSERT_EQ(mm_copy_to_user(child, VT_BASE, "cc", 3), 0);
	KT_ASSERT_EQ(mm_copy_from_user(parent, buf, VT_BASE, 3), 0);
	KT_ASSERT_EQ(buf[0], 0);
	mm_put(child);
	mm_put(parent);
	KT_ASSERT_EQ(nr_free_pages(), before);
}

KTEST(vm, mmap_placement_and_argument_rules)
{
	unsigned long before = vm_baseline();
	struct mm *mm = mm_create();
	long a, b;
	char c;

	KT_ASSERT_NOT_NULL(mm);
	KT_ASSERT_EQ(ANON_RW(mm, VT_BASE, 4 * PG), (long)VT_BASE);
	KT_ASSERT_EQ(mm_copy_to_user(mm, VT_BASE + PG, "x", 1), 0);
	/* MAP_FIXED_NOREPLACE: any overlap is -EEXIST; a free range works. */
	KT_ASSERT_EQ(vm_mmap(mm, VT_BASE + PG, PG, PROT_READ,
			     MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED_NOREPLACE, NULL, 0),
		     -EEXIST);
	KT_ASSERT_EQ(vm_mmap(mm, VT_BASE - PG, 2 * PG, PROT_READ,
			     MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED_NOREPLACE, NULL, 0),
		     -EEXIST);
	KT_ASSERT_EQ(vm_mmap(mm, VT_BASE + 4 * PG, PG, PROT_READ,
			     MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED_NOREPLACE, NULL, 0),
		     (long)(VT_BASE + 4 * PG));
	/* MAP_FIXED replaces: fresh zeros. */
	KT_ASSERT_EQ(ANON_RW(mm, VT_BASE + PG, PG), (long)(VT_BASE + PG));
	KT_ASSERT_EQ(mm_copy_from_user(mm, &c, VT_BASE + PG, 1), 0);
	KT_ASSERT_EQ(c, 0);
	/* A free hint is honoured, a busy one is not. */
	a = vm_mmap(mm, 0x20000000, PG, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, NULL, 0);
	KT_ASSERT_EQ(a, 0x20000000);
	b = vm_mmap(mm, 0x20000000, PG, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, NULL, 0);
	KT_ASSERT(b > 0 && b != a);
	/* Top-down: the next one goes right below the previous. */
	a = vm_mmap(mm, 0, PG, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, NULL, 0);
	KT_ASSERT_EQ(a, b - (long)PG);
	KT_ASSERT(a + (long)PG <= (long)mm->mmap_base);
	/* Argument errors. */
	KT_ASSERT_EQ(vm_mmap(mm, 0, 0, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, NULL, 0), -EINVAL);
	KT_ASSERT_EQ(vm_mmap(mm, 0, PG, PROT_READ, MAP_ANONYMOUS, NULL, 0), -EINVAL);
	KT_ASSERT_EQ(vm_mmap(mm, 0, PG, 0x40, MAP_PRIVATE | MAP_ANONYMOUS, NULL, 0), -EINVAL);
	KT_ASSERT_EQ(vm_mmap(mm, VT_BASE + 1, PG, PROT_READ,
			     MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, NULL, 0),
		     -EINVAL);
	KT_ASSERT_EQ(vm_mmap(mm, 0, PG, PROT_READ, MAP_PRIVATE, NULL, 0), -EBADF);
	KT_ASSERT_EQ(
	    vm_mmap(mm, 0, HAL_USER_VA_END + PG, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, NULL, 0),
	    -ENOMEM);
	KT_ASSERT_EQ(
	    vm_mmap(mm, PG, PG, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, NULL, 0),
	    -EPERM);
	mm_put(mm);
	KT_ASSERT_EQ(nr_free_pages(), before);
}

KTEST(vm, brk_grows_and_shrinks)
{
	unsigned long before = vm_baseline();
	struct mm *mm = mm_create();
	uintptr_t start = VT_BASE, end;
	char c = 'h';

	KT_ASSERT_NOT_NULL(mm);
	mm_set_brk(mm, start);
	KT_ASSERT_EQ(vm_brk(mm, 0), start);
	KT_ASSERT_EQ(vm_brk(mm, start - 1), start);
	end = start + 3 * PG + 100;
	KT_ASSERT_EQ(vm_brk(mm, end), end);
	KT_ASSERT_EQ(mm->total_vm, 4);
	KT_ASSERT_EQ(mm_copy_to_user(mm, end - 1, &c, 1), 0);
	KT_ASSERT_EQ(mm_copy_to_user(mm, start, &c, 1), 0);
	KT_ASSERT_EQ(mm->rss[MM_RSS_ANON], 2);
	/* Growing again extends the same area. */
	KT_ASSERT_EQ(vm_brk(mm, end + PG), end + PG);
	KT_ASSERT_EQ(mm->nr_vmas, 1);
	/* Shrinking unmaps the pages given back. */
	KT_ASSERT_EQ(vm_brk(mm, start + PG), start + PG);
	KT_ASSERT_EQ(mm->rss[MM_RSS_ANON], 1);
	KT_ASSERT(!hal_pt_query(mm->pt, end - 1, NULL, NULL));
	KT_ASSERT_EQ(mm_copy_from_user(mm, &c, end - 1, 1), -EFAULT);
	/* Growing back gives zeros. */
	KT_ASSERT_EQ(vm_brk(mm, end), end);
	KT_ASSERT_EQ(mm_copy_from_user(mm, &c, end - 1, 1), 0);
	KT_ASSERT_EQ(c, 0);
	/* Never into another mapping. */
	KT_ASSERT_EQ(ANON_RW(mm, start + 8 * PG, PG), (long)(start + 8 * PG));
	KT_ASSERT_EQ(vm_brk(mm, start + 9 * PG), end);
	KT_ASSERT_EQ(vm_brk(mm, start), start);
	KT_ASSERT_EQ(mm->rss[MM_RSS_ANON], 0);
	mm_put(mm);
	KT_ASSERT_EQ(nr_free_pages(), before);
}

KTEST(vm, madvise_dontneed_gives_zeros)
{
	unsigned long before = vm_baseline();
	struct mm *mm = mm_create();
	char c = 'z';

	KT_ASSERT_NOT_NULL(mm);
	KT_ASSERT_EQ(ANON_RW(mm, VT_BASE, 2 * PG), (long)VT_BASE);
	KT_ASSERT_EQ(mm_copy_to_user(mm, VT_BASE + PG + 9, &c, 1), 0);
	KT_ASSERT_EQ(vm_madvise(mm, VT_BASE, 2 * PG, MADV_DONTNEED), 0);
	KT_ASSERT_EQ(mm->rss[MM_RSS_ANON], 0);
	KT_ASSERT_EQ(mm_copy_from_user(mm, &c, VT_BASE + PG + 9, 1), 0);
	KT_ASSERT_EQ(c, 0);
	KT_ASSERT_EQ(vm_madvise(mm, VT_BASE, PG, MADV_WILLNEED), 0);
	KT_ASSERT_EQ(vm_madvise(mm, VT_BASE, PG, 999), -EINVAL);
	KT_ASSERT_EQ(vm_madvise(mm, VT_BASE + 1, PG, MADV_DONTNEED), -EINVAL);
	KT_ASSERT_EQ(vm_madvise(mm, VT_BASE, 4 * PG, MADV_DONTNEED), -ENOMEM);
	KT_ASSERT_EQ(vm_msync(mm, VT_BASE, PG, MS_SYNC), 0);
	KT_ASSERT_EQ(vm_msync(mm, VT_BASE, 4 * PG, MS_SYNC), -ENOMEM);
	KT_ASSERT_EQ(vm_msync(mm, VT_BASE, PG, MS_SYNC | MS_ASYNC), -EINVAL);
	mm_put(mm);
	KT_ASSERT_EQ(nr_free_pages(), before);
}

KTEST(vm, private_file_mapping_reads_the_file)
{
	static char data[5000];
	char buf[64], zeros[64] = {0};
	unsigned long before;
	struct file *file;
	struct mm *mm;
	struct vt w;
	long addr;

	for (size_t i = 0; i < sizeof(data); i++)
		data[i] = (char)('a' + i % 26);
	KT_ASSERT_EQ(vt_setup(&w, NULL), 0);
	KT_ASSERT_EQ(vt_write_file(&w, "f", data, sizeof(data)), (long)sizeof(data));
	KT_ASSERT_EQ(vfs_openat(&w.ctx, NULL, "f", O_RDONLY, 0, &file), 0);
	before = vm_baseline();
	mm = mm_create();
	KT_ASSERT_NOT_NULL(mm);
	addr = vm_mmap(mm, 0, 3 * PG, PROT_READ | PROT_WRITE, MAP_PRIVATE, file, 0);
	KT_ASSERT(addr > 0);
	KT_ASSERT_EQ(mm_copy_from_user(mm, buf, addr + 4090, 12), 0);
	KT_ASSERT_EQ(memcmp(buf, data + 4090, 12), 0);
	/* The tail of the last page after EOF is zero. */
	KT_ASSERT_EQ(mm_copy_from_user(mm, buf, addr + 4990, 10), 0);
	KT_ASSERT_EQ(memcmp(buf, data + 4990, 10), 0);
	KT_ASSERT_EQ(mm_copy_from_user(mm, buf, addr + 5000, sizeof(buf)), 0);
	KT_ASSERT_EQ(memcmp(buf, zeros, sizeof(buf)), 0);
	/* Past the file's last page: a bus error. */
	KT_ASSERT_EQ(vm_fault(mm, addr + 2 * PG, HAL_ACCESS_READ), -EIO);
	KT_ASSERT_EQ(mm_copy_from_user(mm, buf, addr + 2 * PG, 1), -EFAULT);
	KT_ASSERT_EQ(mm->rss[MM_RSS_FILE], 2);
	/* Writes stay private; MADV_DONTNEED brings the file's bytes back. */
	KT_ASSERT_EQ(mm_copy_to_user(mm, addr, "XX", 2), 0);
	KT_ASSERT_EQ(vt_read_file(&w, "f", buf, 2), 2);
	KT_ASSERT_EQ(memcmp(buf, "ab", 2), 0);
	KT_ASSERT_EQ(vm_madvise(mm, addr, PG, MADV_DONTNEED), 0);
	KT_ASSERT_EQ(mm_copy_from_user(mm, buf, addr, 2), 0);
	KT_ASSERT_EQ(memcmp(buf, "ab", 2), 0);
	/* An offset maps from there; unaligned offsets and writable shared
	 * mappings of a file not open for writing are refused. */
	KT_ASSERT_EQ(vm_mmap(mm, VT_BASE, PG, PROT_READ, MAP_PRIVATE | MAP_FIXED, file, PG),
		     (long)VT_BASE);
	KT_ASSERT_EQ(mm_copy_from_user(mm, buf, VT_BASE, 4), 0);
	KT_ASSERT_EQ(memcmp(buf, data + PG, 4), 0);
	KT_ASSERT_EQ(vm_mmap(mm, 0, PG, PROT_READ, MAP_PRIVATE, file, 100), -EINVAL);
	KT_ASSERT_EQ(vm_mmap(mm, 0, PG, PROT_READ | PROT_WRITE, MAP_SHARED, file, 0), -EACCES);
	addr = vm_mmap(mm, 0, PG, PROT_READ, MAP_SHARED, file, 0);
	KT_ASSERT(addr > 0);
	KT_ASSERT_EQ(vm_mprotect(mm, addr, PG, PROT_READ | PROT_WRITE), -EACCES);
	mm_put(mm);
	KT_ASSERT_EQ(nr_free_pages(), before);
	vfs_close(file);
	KT_ASSERT_EQ(vt_teardown(&w), 0);
}

KTEST(vm, shared_file_mapping_is_the_file)
{
	static char data[2 * PG];
	char buf[8];
	unsigned long before;
	struct file *file;
	struct mm *mm, *child;
	struct vt w;
	int64_t pos;
	long addr;

	memset(data, 'a', sizeof(data));
	KT_ASSERT_EQ(vt_setup(&w, NULL), 0);
	KT_ASSERT_EQ(vt_write_file(&w, "f", data, sizeof(data) - 100), (long)sizeof(data) - 100);
	KT_ASSERT_EQ(vfs_openat(&w.ctx, NULL, "f", O_RDWR, 0, &file), 0);
	before = vm_baseline();
	mm = mm_create();
	KT_ASSERT_NOT_NULL(mm);
	addr = vm_mmap(mm, 0, 3 * PG, PROT_READ | PROT_WRITE, MAP_SHARED, file, 0);
	KT_ASSERT(addr > 0);
	/* A store is the file's data; a write(2) shows in the mapping. */
	KT_ASSERT_EQ(mm_copy_to_user(mm, addr + PG + 1, "XY", 2), 0);
	pos = PG + 1;
	KT_ASSERT_EQ(vfs_read(file, buf, 2, &pos), 2);
	KT_ASSERT_EQ(memcmp(buf, "XY", 2), 0);
	pos = 5;
	KT_ASSERT_EQ(vfs_write(file, "w", 1, &pos), 1);
	KT_ASSERT_EQ(mm_copy_from_user(mm, buf, addr + 4, 3), 0);
	KT_ASSERT_EQ(memcmp(buf, "awa", 3), 0);
	/* A fork child maps the same pages, writable, never copied. */
	child = mm_dup(mm);
	KT_ASSERT_NOT_NULL(child);
	KT_ASSERT_EQ(phys_of(child, addr + PG), phys_of(mm, addr + PG));
	KT_ASSERT_EQ(mm_copy_to_user(child, addr + PG, "C", 1), 0);
	KT_ASSERT_EQ(mm_copy_from_user(mm, buf, addr + PG, 1), 0);
	KT_ASSERT_EQ(buf[0], 'C');
	mm_put(child);
	/* Past the file's last page: a bus error. */
	KT_ASSERT_EQ(vm_fault(mm, addr + 2 * PG, HAL_ACCESS_WRITE), -EIO);
	/* The pages outlive the mapping: they are the file. */
	KT_ASSERT_EQ(vm_munmap(mm, (uintptr_t)addr, 3 * PG), 0);
	pos = PG;
	KT_ASSERT_EQ(vfs_read(file, buf, 3, &pos), 3);
	KT_ASSERT_EQ(memcmp(buf, "CXY", 3), 0);
	mm_put(mm);
	KT_ASSERT_EQ(nr_free_pages(), before);
	vfs_close(file);
	KT_ASSERT_EQ(vt_teardown(&w), 0);
}

KTEST(vm, stack_grows_down_within_its_limit)
{
	unsigned long before = vm_baseline();
	struct mm *mm = mm_create();
	uintptr_t top = 0x3000000000ul;
	char c = 's';

	KT_ASSERT_NOT_NULL(mm);
	KT_ASSERT_EQ(mm_setup_stack(mm, top, 2 * PG, 0), 0);
	KT_ASSERT_EQ(mm->stack_vm, 2);
	KT_ASSERT(mm->mmap_base < top - VM_STACK_MAX_DEFAULT);
	/* Below the stack VMA: it grows. */
	KT_ASSERT_EQ(mm_copy_to_user(mm, top - 100 * PG + 3, &c, 1), 0);
	KT_ASSERT_EQ(mm->stack_vm, 100);
	KT_ASSERT_EQ(mm->nr_vmas, 1);
	/* Up to the limit, not beyond. */
	KT_ASSERT_EQ(vm_fault(mm, top - VM_STACK_MAX_DEFAULT, HAL_ACCESS_WRITE), 0);
	KT_ASSERT_EQ(vm_fault(mm, top - VM_STACK_MAX_DEFAULT - 1, HAL_ACCESS_WRITE), -EFAULT);
	mm_put(mm);

	/* Never closer than the guard gap to the mapping below. */
	mm = mm_create();
	KT_ASSERT_NOT_NULL(mm);
	KT_ASSERT_EQ(mm_setup_stack(mm, top, PG, 0), 0);
	KT_ASSERT_EQ(ANON_RW(mm, top - 4 * PG - VM_STACK_GUARD_GAP, PG),
		     (long)(top - 4 * PG - VM_STACK_GUARD_GAP));
	KT_ASSERT_EQ(vm_fault(mm, top - 3 * PG, HAL_ACCESS_WRITE), 0);
	KT_ASSERT_EQ(vm_fault(mm, top - 4 * PG, HAL_ACCESS_WRITE), -EFAULT);
	KT_ASSERT_EQ(mm_setup_stack(mm, top + 1, PG, 0), -EINVAL);
	mm_put(mm);
	KT_ASSERT_EQ(nr_free_pages(), before);
}

KTEST(vm, mremap_shrinks_grows_and_moves)
{
	unsigned long before = vm_baseline();
	struct mm *mm = mm_create();
	char buf[8];
	long to;

	KT_ASSERT_NOT_NULL(mm);
	KT_ASSERT_EQ(ANON_RW(mm, VT_BASE, 4 * PG), (long)VT_BASE);
	KT_ASSERT_EQ(mm_copy_to_user(mm, VT_BASE, "first", 6), 0);
	KT_ASSERT_EQ(mm_copy_to_user(mm, VT_BASE + 3 * PG, "last", 5), 0);
	/* Shrink in place: the tail goes. */
	KT_ASSERT_EQ(vm_mremap(mm, VT_BASE, 4 * PG, 2 * PG, 0, 0), (long)VT_BASE);
	KT_ASSERT_EQ(mm->total_vm, 2);
	KT_ASSERT_EQ(mm->rss[MM_RSS_ANON], 1);
	/* Grow in place into free space: zeros there. */
	KT_ASSERT_EQ(vm_mremap(mm, VT_BASE, 2 * PG, 4 * PG, 0, 0), (long)VT_BASE);
	KT_ASSERT_EQ(mm_copy_from_user(mm, buf, VT_BASE + 3 * PG, 5), 0);
	KT_ASSERT_EQ(buf[0], 0);
	/* Blocked: only with MREMAP_MAYMOVE, which moves the pages. */
	KT_ASSERT_EQ(ANON_RW(mm, VT_BASE + 4 * PG, PG), (long)(VT_BASE + 4 * PG));
	KT_ASSERT_EQ(vm_mremap(mm, VT_BASE, 4 * PG, 8 * PG, 0, 0), -ENOMEM);
	to = vm_mremap(mm, VT_BASE, 4 * PG, 8 * PG, MREMAP_MAYMOVE, 0);
	KT_ASSERT(to > 0 && to != (long)VT_BASE);
	KT_ASSERT_EQ(mm_copy_from_user(mm, buf, to, 6), 0);
	KT_ASSERT_STR_EQ(buf, "first");
	KT_ASSERT_EQ(mm_copy_from_user(mm, buf, VT_BASE, 1), -EFAULT);
	KT_ASSERT_EQ(mm->total_vm, 9);
	KT_ASSERT_EQ(mm->rss[MM_RSS_ANON], 2);
	/* MREMAP_FIXED: to a chosen place, replacing what was there. */
	KT_ASSERT_EQ(vm_mremap(mm, to, PG, PG, MREMAP_MAYMOVE | MREMAP_FIXED, VT_BASE + 4 * PG),
		     (long)(VT_BASE + 4 * PG));
	KT_ASSERT_EQ(mm_copy_from_user(mm, buf, VT_BASE + 4 * PG, 6), 0);
	KT_ASSERT_STR_EQ(buf, "first");
	/* Errors. */
	KT_ASSERT_EQ(vm_mremap(mm, VT_BASE + 1, PG, PG, 0, 0), -EINVAL);
	KT_ASSERT_EQ(vm_mremap(mm, VT_BASE, PG, PG, MREMAP_FIXED, VT_BASE + PG), -EINVAL);
	KT_ASSERT_EQ(vm_mremap(mm, VT_BASE, PG, 2 * PG, 0, 0), -EFAULT);
	KT_ASSERT_EQ(vm_mremap(mm, VT_BASE + 4 * PG, 2 * PG, PG, 0, 0), -EFAULT);
	mm_put(mm);
	KT_ASSERT_EQ(nr_free_pages(), before);
}
