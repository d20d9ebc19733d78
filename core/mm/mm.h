/*
 * core/mm/mm.h - the memory manager's front door: bringing it up, its
 * statistics, and (by inclusion) the page, buddy, slab and kmalloc APIs.
 *
 * Memory enters through mm_init(), which takes the RAM and the reserved
 * ranges of boot_info; it leaves through alloc_pages()/free_pages(),
 * kmem_cache_alloc()/kmem_cache_free() and kmalloc()/kfree().
 */
#ifndef RUX_MM_MM_H
#define RUX_MM_MM_H

#include "hal/hal.h"
#include "mm/buddy.h"
#include "mm/kmalloc.h"
#include "mm/page.h"
#include "mm/slab.h"

/*
 * Build the page arrays, give all unreserved RAM to the page allocator, set
 * up the kmalloc caches, and print one summary line. Called once, on the boot
 * CPU, before anything allocates; needs nothing but printk.
 */
void mm_init(const struct boot_info *bi);

/*
 * Boot memory that has served its purpose (the initrd once unpacked): give
 * the reserved range [@base, @base + @size) from boot_info to the page
 * allocator and log it, naming it @what. Nothing happens for a range that
 * was not reserved as such.
 */
void mm_release_boot_range(uint64_t base, uint64_t size, const char *what);

/* A snapshot of where the pages are, for /proc/meminfo (counts of pages). */
struct mm_stats {
	unsigned long total_pages;	   /* RAM pages with a descriptor */
	unsigned long free_pages;	   /* free in the page allocator */
	unsigned long reserved_pages;	   /* never allocatable */
	unsigned long slab_pages;	   /* held by slab caches (kmalloc's included) */
	unsigned long kmalloc_large_pages; /* kmalloc() blocks over PAGE_SIZE */
	unsigned long pagetable_pages;	   /* page-table pages, as reported below */
};

void mm_stats_get(struct mm_stats *st);
/* Page-table code reports the pages it takes (+n) and gives back (-n). */
void mm_account_pagetable_pages(long delta);

#endif /* RUX_MM_MM_H */
