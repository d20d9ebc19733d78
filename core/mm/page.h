/*
 * core/mm/page.h - what a page of RAM is to the kernel.
 *
 * Every 4 KiB page of RAM listed in boot_info has one struct page, kept in a
 * page array per memory region (the arrays themselves live in RAM, set up by
 * mm_init()). A page is named three ways, and these helpers convert between
 * them:
 *
 *	pfn          physical address >> PAGE_SHIFT
 *	struct page  its descriptor
 *	address      its kernel pointer in the direct map (hal_phys_to_virt)
 *
 * Page descriptors never move and are never freed. Which fields mean what
 * depends on the page's state, given by its flags (see below); the owner of
 * the state (buddy allocator, slab cache, kmalloc) is the only one to touch
 * them, under its own lock.
 */
#ifndef RUX_MM_PAGE_H
#define RUX_MM_PAGE_H

#include <stdbool.h>
#include <stdint.h>

#include "lib/list.h"

#define PAGE_SHIFT 12
#define PAGE_SIZE  (1ul << PAGE_SHIFT)
#define PAGE_MASK  (~(PAGE_SIZE - 1))

/*
 * Page states (page->flags). PG_reserved, PG_buddy and PG_head exclude each
 * other; PG_slab and PG_large say what an allocated block is used for.
 */
#define PG_reserved (1u << 0) /* never handed out: firmware, kernel, page arrays */
#define PG_buddy    (1u << 1) /* head of a free block: order, zone, lru valid */
#define PG_head	    (1u << 2) /* head of an allocated block: order valid */
#define PG_slab	    (1u << 3) /* in a slab: slab_cache valid (head: lru, freelist, inuse) */
#define PG_large    (1u << 4) /* with PG_head: a large kmalloc() block */

struct buddy_zone;
struct kmem_cache;

struct page {
	uint32_t flags;	      /* PG_* */
	uint8_t order;	      /* block order, for PG_buddy and PG_head pages */
	uint16_t inuse;	      /* slab head: objects handed out */
	int32_t refcount;     /* 0 while free; allocated: 1, user pages: page_ref_* */
	struct list_head lru; /* buddy free list, or the cache's slab lists */
	union {
		struct buddy_zone *zone;       /* PG_buddy: free in this zone */
		struct kmem_cache *slab_cache; /* PG_slab: the owning cache */
	};
	void *freelist; /* slab head: first free object, NULL when full */
};

/* The descriptor of page frame @pfn, or NULL if @pfn is not RAM. */
struct page *pfn_to_page(unsigned long pfn);
/* The page frame number of @page (which must be a descriptor). */
unsigned long page_to_pfn(const struct page *page);
/* The direct-map address of the first byte of @page. */
void *page_address(const struct page *page);
/* The descriptor of the page holding direct-map address @addr, or NULL. */
struct page *virt_to_page(const void *addr);

static inline uint64_t page_to_phys(const struct page *page)
{
	return (uint64_t)page_to_pfn(page) << PAGE_SHIFT;
}

static inline bool page_is_reserved(const struct page *page)
{
	return (page->flags & PG_reserved) != 0;
}

/*
 * Reference counts of pages mapped into user address spaces (core/mm/vm*).
 * A page fresh from alloc_pages(0, ...) has one reference; every other user
 * (another page table entry, a shared-memory object) takes one with
 * page_ref_get(). page_ref_put() drops one and gives the page back to the page
 * allocator when it was the last. Only for order-0 blocks; atomic, any context.
 */
static inline void page_ref_get(struct page *page)
{
	__atomic_fetch_add(&page->refcount, 1, __ATOMIC_RELAXED);
}

/* How many references @page has (a snapshot). */
static inline int page_ref_count(const struct page *page)
{
	return __atomic_load_n(&page->refcount, __ATOMIC_ACQUIRE);
}

void page_ref_put(struct page *page);

/*
 * Memory region @i (0, 1, ... in boot_info order) as the page frames
 * [*first_pfn, *end_pfn) that have descriptors. False when there is no
 * region @i. For walking all of RAM (statistics, tests).
 */
bool page_region(unsigned int i, unsigned long *first_pfn, unsigned long *end_pfn);

#endif /* RUX_MM_PAGE_H */
