/*
 * tests/ktest/page.c - page descriptors: pfn/page/address conversions,
 * reserved pages, and the statistics that describe them.
 */
#include "lib/ktest.h"
#include "mm/mm.h"

/* Check the three names of page frame @pfn agree; returns the mismatches. */
static unsigned long round_trip(unsigned long pfn)
{
	struct page *page = pfn_to_page(pfn);
	char *addr;
	unsigned long bad = 0;

	if (!page)
		return 1;
	addr = page_address(page);
	bad += page_to_pfn(page) != pfn;
	bad += page_to_phys(page) != (uint64_t)pfn << PAGE_SHIFT;
	bad += addr != hal_phys_to_virt((uint64_t)pfn << PAGE_SHIFT);
	bad += virt_to_page(addr) != page;
	bad += virt_to_page(addr + PAGE_SIZE - 1) != page;
	return bad;
}

KTEST(page, pfn_page_and_address_round_trip)
{
	unsigned long first, end, bad = 0, regions = 0;

	for (unsigned int i = 0; page_region(i, &first, &end); i++) {
		regions++;
		bad += round_trip(first);
		bad += round_trip(first + (end - first) / 2);
		bad += round_trip(end - 1);
	}
	KT_ASSERT(regions > 0);
	KT_ASSERT_EQ(bad, 0);
}

KTEST(page, frames_outside_ram_have_no_descriptor)
{
	unsigned long first, end, below = 0, above = 0;

	for (unsigned int i = 0; page_region(i, &first, &end); i++) {
		unsigned long f2, e2;
		bool below_is_ram = false, above_is_ram = false;

		for (unsigned int j = 0; page_region(j, &f2, &e2); j++) {
			below_is_ram |= first - 1 >= f2 && first - 1 < e2;
			above_is_ram |= end >= f2 && end < e2;
		}
		if (!below_is_ram && first > 0)
			below += pfn_to_page(first - 1) != NULL;
		if (!above_is_ram)
			above += pfn_to_page(end) != NULL;
	}
	KT_ASSERT_EQ(below, 0);
	KT_ASSERT_EQ(above, 0);
}

KTEST(page, reserved_pages_match_the_statistics)
{
	unsigned long first, end, total = 0, reserved = 0;
	struct mm_stats st;

	for (unsigned int i = 0; page_region(i, &first, &end); i++) {
		total += end - first;
		for (unsigned long pfn = first; pfn < end; pfn++)
			reserved += page_is_reserved(pfn_to_page(pfn));
	}
	mm_stats_get(&st);
	KT_ASSERT_EQ(st.total_pages, total);
	KT_ASSERT_EQ(st.reserved_pages, reserved);
	KT_ASSERT_EQ(st.free_pages, nr_free_pages());
	KT_ASSERT(st.total_pages >=
		  st.free_pages + st.reserved_pages + st.slab_pages + st.kmalloc_large_pages);
	/* The page arrays live in RAM, so at least their pages are reserved. */
	KT_ASSERT(page_region(0, &first, &end));
	KT_ASSERT(virt_to_page(pfn_to_page(first)) != NULL);
	KT_ASSERT(page_is_reserved(virt_to_page(pfn_to_page(first))));
	KT_ASSERT(page_is_reserved(virt_to_page(pfn_to_page(end - 1))));
}

/* An allocated block, kept in its own first bytes while memory is exhausted. */
struct held_block {
	struct held_block *next;
	unsigned int order;
};

KTEST(page, every_free_page_can_be_allocated_and_none_is_reserved)
{
	unsigned long before = nr_free_pages(), got = 0, reserved_seen = 0;
	struct held_block *held = NULL;

	for (int order = MAX_ORDER - 1; order >= 0; order--) {
		struct page *page;

		while ((page = alloc_pages((unsigned int)order, 0))) {
			struct held_block *b = page_address(page);
			unsigned long pfn = page_to_pfn(page);

			for (unsigned long i = 0; i < (1ul << order); i++)
				reserved_seen += page_is_reserved(pfn_to_page(pfn + i));
			b->next = held;
			b->order = (unsigned int)order;
			held = b;
			got += 1ul << order;
		}
	}
	unsigned long free_when_exhausted = nr_free_pages();

	while (held) {
		struct held_block *next = held->next;

		free_pages(virt_to_page(held), held->order);
		held = next;
	}
	KT_ASSERT_EQ(free_when_exhausted, 0);
	KT_ASSERT_EQ(got, before);
	KT_ASSERT_EQ(reserved_seen, 0);
	KT_ASSERT_EQ(nr_free_pages(), before);
}
