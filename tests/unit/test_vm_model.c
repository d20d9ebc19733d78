/*
 * tests/unit/test_vm_model.c - random sequences of mmap(MAP_FIXED), munmap,
 * mprotect, mremap(MREMAP_FIXED), madvise(MADV_DONTNEED), writes, reads and
 * forks on one address space, each checked against a simple model: one
 * entry per page of a 64-page window saying whether it is mapped, its
 * protection, and the byte the test last wrote there. After every step the
 * VMA tree must be ordered, without overlaps or mergeable neighbours, and
 * the counters must match the model; at the end every page must be back in
 * the allocator. (A fork either drops the child or goes on with it in the
 * parent's place.)
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

#include <cmocka.h> /* after the headers it needs */

#include "hal/hal.h"
#include "hal/hosted/hosted.h"
#include "mm/mm.h"
#include "mm/uaccess.h"
#include "mm/vma.h"
#include "uapi/errno.h"
#include "uapi/mman.h"

#define BASE   0x40000000ul
#define NPAGES 64
#define PG     4096ul
#define OFFSET 123 /* the byte of each page the model tracks */

struct model_page {
	bool mapped;
	unsigned int prot;
	unsigned char value; /* 0 until written */
};

static struct model_page model[NPAGES];

static uintptr_t page_addr(unsigned int i)
{
	return BASE + i * PG;
}

/* A random range [*first, *first + *n) inside the window. */
static void random_range(unsigned int *first, unsigned int *n)
{
	*first = (unsigned int)rand() % NPAGES;
	*n = 1 + (unsigned int)rand() % 8;
	if (*first + *n > NPAGES)
		*n = NPAGES - *first;
}

static unsigned int random_prot(void)
{
	static const unsigned int prots[] = {PROT_NONE, PROT_READ, PROT_READ | PROT_WRITE,
					     PROT_READ | PROT_EXEC, PROT_WRITE};

	return prots[(unsigned int)rand() % 5];
}

static bool readable(unsigned int prot)
{
	return prot & (PROT_READ | PROT_WRITE);
}

static void do_mmap(struct mm *mm)
{
	unsigned int first, n, prot = random_prot();

	random_range(&first, &n);
	assert_int_equal(vm_mmap(mm, page_addr(first), n * PG, prot,
				 MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, NULL, 0),
			 (long)page_addr(first));
	for (unsigned int i = first; i < first + n; i++)
		model[i] = (struct model_page){true, prot, 0};
}

static void do_munmap(struct mm *mm)
{
	unsigned int first, n;

	random_range(&first, &n);
	assert_int_equal(vm_munmap(mm, page_addr(first), n * PG), 0);
	for (unsigned int i = first; i < first + n; i++)
		model[i] = (struct model_page){false, 0, 0};
}

static void do_mprotect(struct mm *mm)
{
	unsigned int first, n, prot = random_prot();
	bool all = true;

	random_range(&first, &n);
	for (unsigned int i = first; i < first + n; i++)
		all = all && model[i].mapped;
	assert_int_equal(vm_mprotect(mm, page_addr(first), n * PG, prot), all ? 0 : -ENOMEM);
	for (unsigned int i = first; all && i < first + n; i++)
		model[i].prot = prot;
}

static void do_dontneed(struct mm *mm)
{
	unsigned int first, n;
	bool all = true;

	random_range(&first, &n);
	for (unsigned int i = first; i < first + n; i++) {
		all = all && model[i].mapped;
		model[i].value = 0;
	}
	assert_int_equal(vm_madvise(mm, page_addr(first), n * PG, MADV_DONTNEED),
			 all ? 0 : -ENOMEM);
}

/* Move a range (MREMAP_FIXED) to a free or busy place that does not overlap. */
static void do_mremap(struct mm *mm)
{
	unsigned int first, n, to = (unsigned int)rand() % NPAGES;
	struct model_page moved[NPAGES];
	bool one_vma = true;
	long expect;

	random_range(&first, &n);
	if (to + n > NPAGES || (to < first + n && first < to + n))
		return;
	for (unsigned int i = first; i < first + n; i++)
		one_vma = one_vma && model[i].mapped && model[i].prot == model[first].prot;
	expect = one_vma ? (long)page_addr(to) : -EFAULT;
	assert_int_equal(vm_mremap(mm, page_addr(first), n * PG, n * PG,
				   MREMAP_MAYMOVE | MREMAP_FIXED, page_addr(to)),
			 expect);
	if (!one_vma)
		return;
	for (unsigned int i = 0; i < n; i++) {
		moved[i] = model[first + i];
		model[first + i] = (struct model_page){false, 0, 0};
	}
	for (unsigned int i = 0; i < n; i++)
		model[to + i] = moved[i];
}

static void do_write(struct mm *mm)
{
	unsigned int i = (unsigned int)rand() % NPAGES;
	unsigned char v = (unsigned char)(1 + rand() % 255);
	bool ok = model[i].mapped && (model[i].prot & PROT_WRITE);

	assert_int_equal(mm_copy_to_user(mm, page_addr(i) + OFFSET, &v, 1), ok ? 0 : -EFAULT);
	if (ok)
		model[i].value = v;
}

static void check_read(struct mm *mm, unsigned int i)
{
	bool ok = model[i].mapped && readable(model[i].prot);
	unsigned char v = 0xee;

	assert_int_equal(mm_copy_from_user(mm, &v, page_addr(i) + OFFSET, 1), ok ? 0 : -EFAULT);
	if (ok)
		assert_int_equal(v, model[i].value);
}

/*
 * fork and scribble on every writable page in the child. Then either the
 * child goes (the parent must not notice) or the parent goes and the test
 * goes on with the child. Returns the mm to go on with.
 */
static struct mm *do_fork(struct mm *mm)
{
	struct mm *child = mm_dup(mm);
	bool keep_child = rand() % 2;

	assert_non_null(child);
	for (unsigned int i = 0; i < NPAGES; i++) {
		unsigned char v = 0xcc;

		if (!model[i].mapped || !(model[i].prot & PROT_WRITE))
			continue;
		assert_int_equal(mm_copy_to_user(child, page_addr(i) + OFFSET, &v, 1), 0);
		if (keep_child)
			model[i].value = v;
	}
	mm_put(keep_child ? mm : child);
	return keep_child ? child : mm;
}

static bool mergeable(const struct vma *a, const struct vma *b)
{
	return a->end == b->start && a->prot == b->prot && a->flags == b->flags && !a->file &&
	       !b->file && !a->shared && !b->shared;
}

static void check_invariants(struct mm *mm)
{
	unsigned long mapped = 0, resident = 0, vmas = 0;
	const struct vma *prev = NULL;

	for (struct rb_node *n = rb_first(&mm->vmas); n; n = rb_next(n)) {
		const struct vma *v = rb_entry(n, struct vma, rb);

		assert_true(v->start < v->end);
		if (prev) {
			assert_true(prev->end <= v->start);
			assert_false(mergeable(prev, v));
		}
		prev = v;
		vmas++;
	}
	assert_int_equal(vmas, mm->nr_vmas);
	for (unsigned int i = 0; i < NPAGES; i++) {
		struct vma *v = vma_lookup(mm, page_addr(i));

		assert_int_equal(v != NULL, model[i].mapped);
		if (!v)
			continue;
		mapped++;
		assert_int_equal(v->prot, model[i].prot);
		if (hal_pt_query(mm->pt, page_addr(i), NULL, NULL))
			resident++;
	}
	assert_int_equal(mm->total_vm, mapped);
	assert_int_equal(mm->rss[MM_RSS_ANON], resident);
}

static void run_seed(unsigned int seed, unsigned int steps)
{
	struct mm_stats st0, st1;
	struct mm *mm;

	srand(seed);
	for (unsigned int i = 0; i < NPAGES; i++)
		model[i] = (struct model_page){false, 0, 0};
	mm_stats_get(&st0);
	mm = mm_create();
	assert_non_null(mm);
	for (unsigned int step = 0; step < steps; step++) {
		switch (rand() % 16) {
		case 0:
		case 1:
		case 2:
			do_mmap(mm);
			break;
		case 3:
		case 4:
			do_munmap(mm);
			break;
		case 5:
		case 6:
			do_mprotect(mm);
			break;
		case 7:
			do_dontneed(mm);
			break;
		case 8:
			mm = do_fork(mm);
			break;
		case 9:
			do_mremap(mm);
			break;
		default:
			do_write(mm);
			break;
		}
		check_read(mm, (unsigned int)rand() % NPAGES);
		check_invariants(mm);
	}
	for (unsigned int i = 0; i < NPAGES; i++)
		check_read(mm, i);
	mm_put(mm);
	/* Every user and page-table page is back; the kmalloc caches may keep
	 * one empty slab each. */
	mm_stats_get(&st1);
	assert_int_equal(st1.pagetable_pages, st0.pagetable_pages);
	assert_true(st1.free_pages + 4 >= st0.free_pages);
}

static void test_random_sequences_match_the_model(void **state)
{
	(void)state;
	for (unsigned int seed = 1; seed <= 16; seed++)
		run_seed(seed, 4000);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_random_sequences_match_the_model),
	};

	hosted_boot(32ull << 20, "");
	int failed = cmocka_run_group_tests(tests, NULL, NULL);
	hosted_shutdown();
	return failed;
}
