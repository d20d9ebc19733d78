/*
 * tests/ktest/buddy.c - the buddy page allocator: splitting, coalescing,
 * exhaustion, alignment and zeroing.
 *
 * Exact counts are checked on private zones built from a block the test
 * allocates from the global allocator, so nothing else can disturb them; the
 * block goes back to the global allocator at the end of each test.
 */
#include "lib/ktest.h"
#include "lib/string.h"
#include "mm/mm.h"

#define LENT_ORDER 6 /* private zones are made of one 64-page block */
#define LENT_PAGES (1ul << LENT_ORDER)

/* A private zone over the @npages pages at offset @skip of a fresh block. */
struct lent_zone {
	struct buddy_zone zone;
	struct page *block; /* from alloc_pages(LENT_ORDER) */
	unsigned long first_pfn;
};

static bool lend(struct lent_zone *lz, unsigned long skip, unsigned long npages)
{
	lz->block = alloc_pages(LENT_ORDER, 0);
	if (!lz->block)
		return false;
	lz->first_pfn = page_to_pfn(lz->block) + skip;
	buddy_zone_init(&lz->zone, "test");
	buddy_zone_add_range(&lz->zone, lz->first_pfn, npages);
	return true;
}

/* Allocate everything left in the zone (biggest blocks first); pages taken. */
static unsigned long drain(struct buddy_zone *zone)
{
	unsigned long pages = 0;

	for (int order = MAX_ORDER - 1; order >= 0; order--)
		while (buddy_zone_alloc(zone, (unsigned int)order, 0))
			pages += 1ul << order;
	return pages;
}

/* Drain the zone and give the whole block back; returns the pages drained. */
static unsigned long give_back(struct lent_zone *lz)
{
	unsigned long pages = drain(&lz->zone);

	free_pages(lz->block, LENT_ORDER);
	return pages;
}

/* True when @zone's free blocks per order are exactly @expect[0..MAX_ORDER). */
static bool blocks_are(struct buddy_zone *zone, const unsigned long *expect)
{
	for (unsigned int order = 0; order < MAX_ORDER; order++)
		if (buddy_zone_free_blocks(zone, order) != expect[order])
			return false;
	return true;
}

KTEST(buddy, split_takes_the_lowest_half_and_keeps_the_rest)
{
	static const unsigned long whole[MAX_ORDER] = {[LENT_ORDER] = 1};
	static const unsigned long one_taken[MAX_ORDER] = {1, 1, 1, 1, 1, 1};
	static const unsigned long two_taken[MAX_ORDER] = {0, 1, 1, 1, 1, 1};
	struct lent_zone lz;
	struct page *a, *b;
	bool ok0, ok1, ok2, ok3;

	KT_ASSERT(lend(&lz, 0, LENT_PAGES));
	ok0 = blocks_are(&lz.zone, whole) && buddy_zone_free_pages(&lz.zone) == LENT_PAGES;
	a = buddy_zone_alloc(&lz.zone, 0, 0);
	ok1 = blocks_are(&lz.zone, one_taken) && buddy_zone_free_pages(&lz.zone) == 63;
	b = buddy_zone_alloc(&lz.zone, 0, 0);
	ok2 = blocks_are(&lz.zone, two_taken) && buddy_zone_free_pages(&lz.zone) == 62;
	bool where = a && b && page_to_pfn(a) == lz.first_pfn && page_to_pfn(b) == lz.first_pfn + 1;
	buddy_zone_free(&lz.zone, b, 0);
	buddy_zone_free(&lz.zone, a, 0);
	ok3 = blocks_are(&lz.zone, whole);
	KT_ASSERT_EQ(give_back(&lz), LENT_PAGES);
	KT_ASSERT(ok0);
	KT_ASSERT(ok1);
	KT_ASSERT(ok2);
	KT_ASSERT(where);
	KT_ASSERT(ok3);
}

KTEST(buddy, freeing_everything_coalesces_to_the_top_block)
{
	static const unsigned long whole[MAX_ORDER] = {[LENT_ORDER] = 1};
	static const unsigned long none[MAX_ORDER] = {0};
	struct page *pages[LENT_PAGES];
	struct page *big[4];
	struct lent_zone lz;
	unsigned long n = 0;
	bool empty, ok, ok_mixed;

	KT_ASSERT(lend(&lz, 0, LENT_PAGES));
	while (n < LENT_PAGES && (pages[n] = buddy_zone_alloc(&lz.zone, 0, 0)))
		n++;
	empty = n == LENT_PAGES && blocks_are(&lz.zone, none) &&
		buddy_zone_alloc(&lz.zone, 0, 0) == NULL;
	/* 7 is odd, so i * 7 mod 64 visits every page once, out of order. */
	for (unsigned long i = 0; i < n; i++)
		buddy_zone_free(&lz.zone, pages[(i * 7) % LENT_PAGES], 0);
	ok = blocks_are(&lz.zone, whole);

	/* Mixed orders: 32 + 16 + 8 + 8 pages, freed smallest first. */
	big[0] = buddy_zone_alloc(&lz.zone, 5, 0);
	big[1] = buddy_zone_alloc(&lz.zone, 4, 0);
	big[2] = buddy_zone_alloc(&lz.zone, 3, 0);
	big[3] = buddy_zone_alloc(&lz.zone, 3, 0);
	ok_mixed = big[0] && big[1] && big[2] && big[3] && blocks_are(&lz.zone, none);
	if (ok_mixed) {
		buddy_zone_free(&lz.zone, big[3], 3);
		buddy_zone_free(&lz.zone, big[2], 3);
		buddy_zone_free(&lz.zone, big[1], 4);
		buddy_zone_free(&lz.zone, big[0], 5);
		ok_mixed = blocks_are(&lz.zone, whole);
	}
	KT_ASSERT_EQ(give_back(&lz), LENT_PAGES);
	KT_ASSERT(empty);
	KT_ASSERT(ok);
	KT_ASSERT(ok_mixed);
}

KTEST(buddy, the_largest_order_splits_and_merges_too)
{
	static const unsigned long whole[MAX_ORDER] = {[MAX_ORDER - 1] = 1};
	static const unsigned long one_page_taken[MAX_ORDER] = {1, 1, 1, 1, 1, 1, 1, 1, 1, 1};
	static const unsigned long none[MAX_ORDER] = {0};
	struct page *top = alloc_pages(MAX_ORDER - 1, 0), *a, *b;
	struct buddy_zone zone;
	bool ok_whole, ok_split, ok_halves, ok_merged, ok_page;

	KT_ASSERT_NOT_NULL(top);
	buddy_zone_init(&zone, "test");
	buddy_zone_add_range(&zone, page_to_pfn(top), 1ul << (MAX_ORDER - 1));
	ok_whole = blocks_are(&zone, whole);
	a = buddy_zone_alloc(&zone, 0, 0);
	ok_split = a && blocks_are(&zone, one_page_taken);
	buddy_zone_free(&zone, a, 0);
	a = buddy_zone_alloc(&zone, MAX_ORDER - 2, 0);
	b = buddy_zone_alloc(&zone, MAX_ORDER - 2, 0);
	ok_halves = a && b && blocks_are(&zone, none);
	if (a)
		buddy_zone_free(&zone, a, MAX_ORDER - 2);
	if (b)
		buddy_zone_free(&zone, b, MAX_ORDER - 2);
	ok_merged = blocks_are(&zone, whole);
	ok_page = drain(&zone) == (1ul << (MAX_ORDER - 1));
	free_pages(top, MAX_ORDER - 1);
	KT_ASSERT(ok_whole);
	KT_ASSERT(ok_split);
	KT_ASSERT(ok_halves);
	KT_ASSERT(ok_merged);
	KT_ASSERT(ok_page);
}

KTEST(buddy, exhaustion_gives_exactly_the_zone_then_null)
{
	/* 37 pages from offset 3: blocks of 1 @3, 4 @4, 8 @8, 16 @16, 8 @32. */
	static const unsigned long layout[MAX_ORDER] = {1, 0, 1, 2, 1};
	struct page *pages[LENT_PAGES];
	struct lent_zone lz;
	unsigned long n, round_counts[2], bad = 0;
	bool layout_ok[2];

	KT_ASSERT(lend(&lz, 3, 37));
	for (int round = 0; round < 2; round++) {
		layout_ok[round] =
		    blocks_are(&lz.zone, layout) && buddy_zone_free_pages(&lz.zone) == 37;
		n = 0;
		while (n < LENT_PAGES && (pages[n] = buddy_zone_alloc(&lz.zone, 0, 0))) {
			unsigned long pfn = page_to_pfn(pages[n]);

			if (pfn < lz.first_pfn || pfn >= lz.first_pfn + 37)
				bad++;
			n++;
		}
		if (buddy_zone_alloc(&lz.zone, 0, 0) || buddy_zone_alloc(&lz.zone, 3, 0) ||
		    buddy_zone_free_pages(&lz.zone) != 0)
			bad++;
		round_counts[round] = n;
		for (unsigned long i = 0; i < n; i++)
			buddy_zone_free(&lz.zone, pages[i], 0);
	}
	KT_ASSERT_EQ(give_back(&lz), 37);
	KT_ASSERT_EQ(bad, 0);
	KT_ASSERT_EQ(round_counts[0], 37);
	KT_ASSERT_EQ(round_counts[1], 37);
	KT_ASSERT(layout_ok[0]);
	KT_ASSERT(layout_ok[1]);
}

KTEST(buddy, a_zone_never_merges_across_its_edges)
{
	/* Pages 1..62 of the block: page 0 and page 63 stay with the test. */
	struct lent_zone lz;
	unsigned long free_before, blocks10;

	KT_ASSERT(lend(&lz, 1, 62));
	free_before = buddy_zone_free_pages(&lz.zone);
	blocks10 = buddy_zone_free_blocks(&lz.zone, 5) + buddy_zone_free_blocks(&lz.zone, 6);
	KT_ASSERT_EQ(give_back(&lz), 62);
	KT_ASSERT_EQ(free_before, 62);
	/* 1 + 2 + 4 + 8 + 16 | 16 + 8 + 4 + 2 + 1: nothing of 32 pages or more. */
	KT_ASSERT_EQ(blocks10, 0);
}

KTEST(buddy, blocks_are_aligned_to_their_size)
{
	struct page *blocks[MAX_ORDER];
	unsigned long misaligned = 0, got = 0;

	for (unsigned int order = 0; order < MAX_ORDER; order++) {
		blocks[order] = alloc_pages(order, 0);
		if (!blocks[order])
			continue;
		got++;
		if (page_to_pfn(blocks[order]) & ((1ul << order) - 1))
			misaligned++;
		if (blocks[order]->refcount != 1 || !(blocks[order]->flags & PG_head))
			misaligned++;
	}
	for (unsigned int order = 0; order < MAX_ORDER; order++)
		if (blocks[order])
			free_pages(blocks[order], order);
	KT_ASSERT_EQ(got, MAX_ORDER);
	KT_ASSERT_EQ(misaligned, 0);
}

KTEST(buddy, gfp_zero_clears_the_whole_block)
{
	struct page *page = alloc_pages(2, 0);
	unsigned char *p;
	unsigned long nonzero = 0;

	KT_ASSERT_NOT_NULL(page);
	memset(page_address(page), 0xa5, 4 * PAGE_SIZE);
	free_pages(page, 2);
	page = alloc_pages(2, __GFP_ZERO);
	KT_ASSERT_NOT_NULL(page);
	p = page_address(page);
	for (unsigned long i = 0; i < 4 * PAGE_SIZE; i++)
		nonzero += p[i] != 0;
	free_pages(page, 2);
	KT_ASSERT_EQ(nonzero, 0);
}

KTEST(buddy, free_count_is_restored_and_bad_orders_fail)
{
	unsigned long before = nr_free_pages();
	struct page *a = alloc_pages(0, 0), *b = alloc_pages(3, 0), *c = alloc_pages(10, 0);
	unsigned long during = nr_free_pages();

	if (a)
		free_pages(a, 0);
	if (b)
		free_pages(b, 3);
	if (c)
		free_pages(c, 10);
	KT_ASSERT(a && b && c);
	KT_ASSERT_EQ(during, before - 1 - 8 - 1024);
	KT_ASSERT_EQ(nr_free_pages(), before);
	KT_ASSERT_NULL(alloc_pages(MAX_ORDER, 0));
	KT_ASSERT_NULL(alloc_pages(64, 0));
	KT_ASSERT_EQ(nr_free_pages(), before);
}

KTEST(buddy, get_free_page_round_trip)
{
	unsigned long before = nr_free_pages();
	unsigned char *p = get_free_page(__GFP_ZERO);
	struct page *page;

	KT_ASSERT_NOT_NULL(p);
	page = virt_to_page(p);
	bool ok = ((uintptr_t)p & (PAGE_SIZE - 1)) == 0 && page && page_address(page) == p &&
		  p[0] == 0 && p[PAGE_SIZE - 1] == 0 && nr_free_pages() == before - 1;
	free_page(p);
	free_page(NULL);
	KT_ASSERT(ok);
	KT_ASSERT_EQ(nr_free_pages(), before);
}
