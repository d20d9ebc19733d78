/*
 * core/mm/pagetable.c - where page-table pages come from.
 *
 * Both HALs build user page tables (hal_pt_*) out of pages they get here:
 * zeroed single pages from the buddy allocator, counted in the
 * "pagetable_pages" statistic (mm_stats_get, /proc/meminfo's PageTables).
 * Neither function sleeps; both may be called from any context.
 */
#include "hal/hal.h"
#include "mm/mm.h"

void *kernel_pt_page_alloc(void)
{
	void *page = get_free_page(__GFP_ZERO);

	if (page)
		mm_account_pagetable_pages(1);
	return page;
}

void kernel_pt_page_free(void *page)
{
	if (!page)
		return;
	mm_account_pagetable_pages(-1);
	free_page(page);
}
