/*
 * tests/ktest/vm_pt.c - the HAL's user page tables (hal_pt_* in hal/hal.h)
 * as the VM code relies on them, on whichever HAL runs the test: map,
 * query, replace, unmap, the "no access" protection 0, far-apart addresses,
 * and that destroying a table gives back every page-table page.
 */
#include "hal/hal.h"
#include "lib/ktest.h"
#include "mm/mm.h"

#define PG 4096ul

KTEST(vm_pt, map_query_unmap)
{
	struct mm_stats st0, st1;
	struct hal_pt *pt;
	void *page = get_free_page(0);
	uint64_t pa = 0, page_pa;
	unsigned int prot = 0;

	KT_ASSERT_NOT_NULL(page);
	page_pa = hal_virt_to_phys(page);
	mm_stats_get(&st0);
	pt = hal_pt_create();
	KT_ASSERT_NOT_NULL(pt);
	KT_ASSERT(!hal_pt_query(pt, 0x10000, NULL, NULL));
	KT_ASSERT_EQ(hal_pt_map(pt, 0x10000, page_pa, HAL_PROT_READ), 0);
	KT_ASSERT(hal_pt_query(pt, 0x10000, &pa, &prot));
	KT_ASSERT_EQ(pa, page_pa);
	KT_ASSERT_EQ(prot, HAL_PROT_READ);
	/* The neighbours are not mapped. */
	KT_ASSERT(!hal_pt_query(pt, 0x10000 + PG, NULL, NULL));
	KT_ASSERT(!hal_pt_query(pt, 0x10000 - PG, NULL, NULL));
	/* Replacing changes the rights; protection 0 keeps the page. */
	KT_ASSERT_EQ(hal_pt_map(pt, 0x10000, page_pa, HAL_PROT_READ | HAL_PROT_WRITE), 0);
	KT_ASSERT(hal_pt_query(pt, 0x10000, NULL, &prot));
	KT_ASSERT_EQ(prot, HAL_PROT_READ | HAL_PROT_WRITE);
	KT_ASSERT_EQ(hal_pt_map(pt, 0x10000, page_pa, 0), 0);
	KT_ASSERT(hal_pt_query(pt, 0x10000, &pa, &prot));
	KT_ASSERT_EQ(pa, page_pa);
	KT_ASSERT_EQ(prot, 0);
	/* Far apart: the top user page and a page in another root slot. */
	KT_ASSERT_EQ(hal_pt_map(pt, HAL_USER_VA_END - PG, page_pa, HAL_PROT_EXEC), 0);
	KT_ASSERT_EQ(hal_pt_map(pt, 0x1234567000ul, page_pa, HAL_PROT_READ), 0);
	KT_ASSERT(hal_pt_query(pt, HAL_USER_VA_END - PG, NULL, &prot));
	KT_ASSERT_EQ(prot, HAL_PROT_EXEC);
	KT_ASSERT(!hal_pt_query(pt, HAL_USER_VA_END, NULL, NULL));
	hal_pt_unmap(pt, 0x10000);
	hal_pt_unmap(pt, 0x7000000); /* never mapped: nothing happens */
	KT_ASSERT(!hal_pt_query(pt, 0x10000, NULL, NULL));
	KT_ASSERT(hal_pt_query(pt, 0x1234567000ul, NULL, NULL));
	hal_tlb_flush(pt, 0, HAL_USER_VA_END);
	mm_stats_get(&st1);
	KT_ASSERT(st1.pagetable_pages > st0.pagetable_pages);
	hal_pt_destroy(pt);
	mm_stats_get(&st1);
	KT_ASSERT_EQ(st1.pagetable_pages, st0.pagetable_pages);
	free_page(page);
}

KTEST(vm_pt, page_table_pages_are_zeroed_and_counted)
{
	struct mm_stats st0, st1;
	unsigned long *p;

	mm_stats_get(&st0);
	p = kernel_pt_page_alloc();
	KT_ASSERT_NOT_NULL(p);
	mm_stats_get(&st1);
	KT_ASSERT_EQ(st1.pagetable_pages, st0.pagetable_pages + 1);
	for (unsigned long i = 0; i < PG / sizeof(*p); i++)
		KT_ASSERT_EQ(p[i], 0);
	kernel_pt_page_free(p);
	mm_stats_get(&st1);
	KT_ASSERT_EQ(st1.pagetable_pages, st0.pagetable_pages);
}
