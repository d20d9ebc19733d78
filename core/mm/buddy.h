/*
 * core/mm/buddy.h - the page allocator: blocks of 2^order contiguous pages.
 *
 * A buddy zone hands out naturally aligned blocks of 1, 2, 4 ... 1024 pages
 * (orders 0 .. MAX_ORDER - 1). A free block of order n is kept whole on the
 * zone's order-n free list; an allocation takes the smallest free block that
 * fits and splits it in halves, putting the unused halves back on the lower
 * lists. Freeing a block merges it with its buddy (the other half of the
 * order n+1 block they form) for as long as that buddy is free too, so free
 * memory stays in the largest blocks possible.
 *
 * All RAM that mm_init() does not reserve lives in one global zone, used by
 * alloc_pages() and friends. Tests build private zones out of pages they
 * allocated from it, to count exactly.
 *
 * Allocation never sleeps and never panics: running out of memory returns
 * NULL. Freeing something that was not allocated (double free, reserved page,
 * tail page, wrong order) panics with what was wrong.
 *
 * Locking: each zone has a spinlock, taken with interrupts disabled, so every
 * function here may be called from any context, interrupt handlers included.
 */
#ifndef RUX_MM_BUDDY_H
#define RUX_MM_BUDDY_H

#include "lib/list.h"
#include "lib/spinlock.h"
#include "mm/page.h"

#define MAX_ORDER 11 /* orders 0 .. 10: the largest block is 4 MiB */

/* Allocation flags (gfp). Allocations never sleep, so there is no GFP_ATOMIC
 * distinction: GFP_ATOMIC is GFP_KERNEL. */
#define GFP_KERNEL 0u
#define GFP_ATOMIC GFP_KERNEL
#define __GFP_ZERO (1u << 0) /* fill the memory with zeros */

struct buddy_free_area {
	struct list_head blocks; /* heads of free blocks of this order (page->lru) */
	unsigned long nr_free;	 /* number of blocks on the list */
};

struct buddy_zone {
	struct spinlock lock; /* protects everything below and the PG_buddy pages */
	struct buddy_free_area area[MAX_ORDER];
	unsigned long free_pages;    /* pages in free blocks */
	unsigned long managed_pages; /* pages ever added with buddy_zone_add_range */
};

/* Make @zone an empty zone. */
void buddy_zone_init(struct buddy_zone *zone, const char *name);
/*
 * Give the @npages pages from @pfn, all RAM in one memory region and owned by
 * the caller (allocated, never reserved), to @zone for good.
 */
void buddy_zone_add_range(struct buddy_zone *zone, unsigned long pfn, unsigned long npages);
/* A block of 2^@order pages from @zone, or NULL. */
struct page *buddy_zone_alloc(struct buddy_zone *zone, unsigned int order, unsigned int gfp);
/* Return the block of 2^@order pages at @page, allocated from @zone. */
void buddy_zone_free(struct buddy_zone *zone, struct page *page, unsigned int order);
/* Pages currently free in @zone. */
unsigned long buddy_zone_free_pages(struct buddy_zone *zone);
/* Free blocks of exactly @order in @zone. */
unsigned long buddy_zone_free_blocks(struct buddy_zone *zone, unsigned int order);

/* The global allocator. */

/* 2^@order contiguous pages of RAM, or NULL. */
struct page *alloc_pages(unsigned int order, unsigned int gfp);
/* Free a block from alloc_pages(); @order must be the one it was allocated with. */
void free_pages(struct page *page, unsigned int order);
/* One page, by its direct-map address, or NULL. */
void *get_free_page(unsigned int gfp);
/* Free a page from get_free_page() (NULL is ignored). */
void free_page(void *addr);
/* Pages free in the global allocator right now. */
unsigned long nr_free_pages(void);

/* The smallest order whose block holds @size bytes (size >= 1). */
unsigned int get_order(unsigned long size);

#endif /* RUX_MM_BUDDY_H */
