/*
 * core/mm/buddy.c - the buddy page allocator (see buddy.h for the idea).
 *
 * Everything is done in page frame numbers: the buddy of the order-n block at
 * pfn p is the block at p ^ 2^n, and the two merge into the order n+1 block at
 * p & ~2^n. Blocks are aligned to their size in pfns because
 * buddy_zone_add_range() only ever adds aligned blocks and splitting keeps
 * alignment.
 *
 * Page states (page.h): the first page of a free block is PG_buddy and sits
 * on its zone's free list for its order; the first page of an allocated block
 * is PG_head; every other page of a block has neither flag. That is what lets
 * free_pages() catch double frees and frees of a block's tail pages. (A
 * private zone may leave PG_head on pages inside a block it was lent; freeing
 * the whole block clears them.)
 *
 * Locking: zone->lock (irqsave) covers the free lists, the counters and the
 * flags of pages in the zone's free blocks. Clearing and poisoning a block's
 * memory happen outside it, when the caller owns the block.
 */
#include "mm/buddy.h"
#include "lib/compiler.h"
#include "lib/panic.h"
#include "lib/string.h"
#include "mm/internal.h"

struct buddy_zone mm_global_zone;

void buddy_zone_init(struct buddy_zone *zone, const char *name)
{
	spin_lock_init(&zone->lock, name);
	for (unsigned int order = 0; order < MAX_ORDER; order++) {
		list_init(&zone->area[order].blocks);
		zone->area[order].nr_free = 0;
	}
	zone->free_pages = 0;
	zone->managed_pages = 0;
}

/* Put the free block at @page on its list. Caller holds zone->lock. */
static void put_block(struct buddy_zone *zone, struct page *page, unsigned int order)
{
	page->flags = PG_buddy;
	page->order = (uint8_t)order;
	page->refcount = 0;
	page->zone = zone;
	list_add(&page->lru, &zone->area[order].blocks);
	zone->area[order].nr_free++;
}

/* Take the free block at @page off its list. Caller holds zone->lock. */
static void take_block(struct buddy_zone *zone, struct page *page, unsigned int order)
{
	list_del(&page->lru);
	zone->area[order].nr_free--;
	page->flags = 0;
	page->zone = NULL;
}

/* The free block of @order at @pfn in @zone, or NULL if there is none. */
static struct page *free_block_at(struct buddy_zone *zone, unsigned long pfn, unsigned int order)
{
	struct page *page = pfn_to_page(pfn);

	if (page && (page->flags & PG_buddy) && page->order == order && page->zone == zone)
		return page;
	return NULL;
}

/*
 * Add the block of 2^@order pages at @pfn to @zone's free lists, merged with
 * its free buddies. Caller holds zone->lock.
 */
static void free_block(struct buddy_zone *zone, unsigned long pfn, unsigned int order)
{
	zone->free_pages += 1ul << order;
	while (order < MAX_ORDER - 1) {
		struct page *buddy = free_block_at(zone, pfn ^ (1ul << order), order);

		if (!buddy)
			break;
		take_block(zone, buddy, order);
		pfn &= ~(1ul << order);
		order++;
	}
	put_block(zone, pfn_to_page(pfn), order);
}

/* The largest order of an aligned block at @pfn no longer than @npages. */
static unsigned int largest_block(unsigned long pfn, unsigned long npages)
{
	unsigned int order = MAX_ORDER - 1;

	while ((pfn & ((1ul << order) - 1)) != 0 || (1ul << order) > npages)
		order--;
	return order;
}

static void check_added_page(unsigned long pfn)
{
	struct page *page = pfn_to_page(pfn);

	if (!page)
		panic("buddy: pfn 0x%lx added to a zone is not RAM", pfn);
	if (page->flags & (PG_reserved | PG_buddy | PG_slab | PG_large))
		panic("buddy: pfn 0x%lx added to a zone is not the caller's (flags 0x%x)", pfn,
		      page->flags);
}

void buddy_zone_add_range(struct buddy_zone *zone, unsigned long pfn, unsigned long npages)
{
	unsigned long flags;

	for (unsigned long i = 0; i < npages; i++) {
		check_added_page(pfn + i);
		pfn_to_page(pfn + i)->flags = 0;
	}
	if (npages)
		mm_poison(page_address(pfn_to_page(pfn)), npages * PAGE_SIZE);
	flags = spin_lock_irqsave(&zone->lock);
	zone->managed_pages += npages;
	while (npages) {
		unsigned int order = largest_block(pfn, npages);

		free_block(zone, pfn, order);
		pfn += 1ul << order;
		npages -= 1ul << order;
	}
	spin_unlock_irqrestore(&zone->lock, flags);
}

struct page *buddy_zone_alloc(struct buddy_zone *zone, unsigned int order, unsigned int gfp)
{
	struct page *page;
	unsigned long flags, pfn;
	unsigned int o;

	if (order >= MAX_ORDER)
		return NULL;
	flags = spin_lock_irqsave(&zone->lock);
	for (o = order; o < MAX_ORDER && list_empty(&zone->area[o].blocks); o++)
		;
	if (o == MAX_ORDER) {
		spin_unlock_irqrestore(&zone->lock, flags);
		return NULL;
	}
	page = list_first_entry(&zone->area[o].blocks, struct page, lru);
	take_block(zone, page, o);
	pfn = page_to_pfn(page);
	while (o > order) {
		o--;
		put_block(zone, pfn_to_page(pfn + (1ul << o)), o);
	}
	page->flags = PG_head;
	page->order = (uint8_t)order;
	page->refcount = 1;
	zone->free_pages -= 1ul << order;
	spin_unlock_irqrestore(&zone->lock, flags);

	mm_unpoison(page_address(page), PAGE_SIZE << order);
	if (gfp & __GFP_ZERO)
		memset(page_address(page), 0, PAGE_SIZE << order);
	return page;
}

static void check_freed_block(const struct page *page, unsigned int order)
{
	unsigned long pfn = page_to_pfn(page);

	if (page->flags & PG_reserved)
		panic("free_pages: pfn 0x%lx is reserved", pfn);
	if (page->flags & PG_buddy)
		panic("free_pages: double free of pfn 0x%lx (order %u)", pfn, order);
	if (!(page->flags & PG_head))
		panic("free_pages: pfn 0x%lx is not an allocated block (double free, or "
		      "not the first page of its block)",
		      pfn);
	if (page->flags & (PG_slab | PG_large))
		panic("free_pages: pfn 0x%lx still belongs to %s", pfn,
		      (page->flags & PG_slab) ? "a slab cache" : "kmalloc");
	if (page->order != order)
		panic("free_pages: pfn 0x%lx was allocated with order %u, freed with order %u", pfn,
		      page->order, order);
}

/*
 * The other pages of the block must be plain pages; clear what sub-blocks
 * a private zone made of them left behind.
 */
static void clear_tail_pages(unsigned long pfn, unsigned int order)
{
	for (unsigned long i = 1; i < (1ul << order); i++) {
		struct page *tail = pfn_to_page(pfn + i);

		if (tail->flags & (PG_reserved | PG_buddy | PG_slab | PG_large))
			panic("free_pages: pfn 0x%lx inside the freed block is in use "
			      "(flags 0x%x)",
			      pfn + i, tail->flags);
		tail->flags = 0;
	}
}

void buddy_zone_free(struct buddy_zone *zone, struct page *page, unsigned int order)
{
	unsigned long flags;

	if (!page)
		panic("free_pages: NULL page");
	if (order >= MAX_ORDER)
		panic("free_pages: order %u out of range", order);
	flags = spin_lock_irqsave(&zone->lock);
	check_freed_block(page, order);
	clear_tail_pages(page_to_pfn(page), order);
	mm_poison(page_address(page), PAGE_SIZE << order);
	page->flags = 0;
	page->refcount = 0;
	free_block(zone, page_to_pfn(page), order);
	spin_unlock_irqrestore(&zone->lock, flags);
}

unsigned long buddy_zone_free_pages(struct buddy_zone *zone)
{
	return READ_ONCE(zone->free_pages);
}

unsigned long buddy_zone_free_blocks(struct buddy_zone *zone, unsigned int order)
{
	return order < MAX_ORDER ? READ_ONCE(zone->area[order].nr_free) : 0;
}

struct page *alloc_pages(unsigned int order, unsigned int gfp)
{
	return buddy_zone_alloc(&mm_global_zone, order, gfp);
}

/*
 * Freed memory is cleared at once, for two reasons. Nothing a process or
 * the kernel left in it reaches the next owner (Linux's init_on_free).
 * And under QEMU's TCG a page that held user code stays slow to write for
 * as long as any translation of that code lives: every store to it - as a
 * kernel stack, a slab, a page table - takes QEMU's self-modifying-code
 * path, until the whole page has been written once. Clearing here did
 * that once per page: the null system call went from 137 us to 3 us and
 * fork+exit from 6.7 ms to 0.6 ms (docs/benchmarks.md).
 */
void free_pages(struct page *page, unsigned int order)
{
	mm_unpoison(page_address(page), PAGE_SIZE << order); /* a slab's, under ASan */
	memset(page_address(page), 0, PAGE_SIZE << order);
	buddy_zone_free(&mm_global_zone, page, order);
}

void *get_free_page(unsigned int gfp)
{
	struct page *page = alloc_pages(0, gfp);

	return page ? page_address(page) : NULL;
}

void free_page(void *addr)
{
	struct page *page;

	if (!addr)
		return;
	page = virt_to_page(addr);
	if (!page || ((uintptr_t)addr & (PAGE_SIZE - 1)) != 0)
		panic("free_page: %p is not the address of a page of RAM", addr);
	free_pages(page, 0);
}

unsigned long nr_free_pages(void)
{
	return buddy_zone_free_pages(&mm_global_zone);
}

unsigned int get_order(unsigned long size)
{
	unsigned long pages = (size - 1) >> PAGE_SHIFT;
	unsigned int order = 0;

	/* A loop, not __builtin_clzl: rv64imac has no clz instruction, and
	 * the kernel does not lean on libgcc for it. */
	while (pages) {
		pages >>= 1;
		order++;
	}
	return order;
}
