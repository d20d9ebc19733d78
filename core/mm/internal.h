/*
 * core/mm/internal.h - what the files of core/mm share and nobody else sees:
 * the global zone, the statistics counters, the init steps of mm_init(), and
 * the AddressSanitizer hooks.
 */
#ifndef RUX_MM_INTERNAL_H
#define RUX_MM_INTERNAL_H

#include <stddef.h>

#include "hal/hal.h"
#include "mm/buddy.h"

/* The zone behind alloc_pages(): all RAM that is not reserved. */
extern struct buddy_zone mm_global_zone;

/* Page counters for mm_stats_get(), updated with mm_stat_add(). */
extern unsigned long mm_slab_pages;
extern unsigned long mm_large_pages;
extern unsigned long mm_pagetable_pages;

static inline void mm_stat_add(unsigned long *counter, long delta)
{
	__atomic_fetch_add(counter, (unsigned long)delta, __ATOMIC_RELAXED);
}

static inline unsigned long mm_stat_read(const unsigned long *counter)
{
	return __atomic_load_n(counter, __ATOMIC_RELAXED);
}

/*
 * mm_init() steps, in order. page_array_init() builds the page arrays, marks
 * reserved pages and frees the rest into mm_global_zone; it returns the
 * number of reserved pages.
 */
unsigned long page_array_init(const struct boot_info *bi);
void slab_init(void);
void kmalloc_init(void);
/*
 * Give the pages of reserved range [@base, @base + @size) back to the page
 * allocator: the range must be one bi->reserved gave page_array_init(); pages
 * it shares with another reserved range stay reserved. Returns the number of
 * pages freed (0 when no such range is reserved).
 */
unsigned long page_release_reserved(uint64_t base, uint64_t size);
/* Pages with descriptors, over all regions. */
unsigned long page_total_pages(void);

/*
 * AddressSanitizer (hosted builds only): poisoned memory faults on access.
 * The allocators poison what is free and unpoison what they hand out.
 */
#if defined(__SANITIZE_ADDRESS__)
#define MM_ASAN 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define MM_ASAN 1
#endif
#endif

#ifdef MM_ASAN
#include <sanitizer/asan_interface.h>
#define mm_poison(addr, size)	ASAN_POISON_MEMORY_REGION((addr), (size))
#define mm_unpoison(addr, size) ASAN_UNPOISON_MEMORY_REGION((addr), (size))
#define mm_is_poisoned(addr)	(__asan_address_is_poisoned(addr) != 0)
#else
#define mm_poison(addr, size)	((void)(addr), (void)(size))
#define mm_unpoison(addr, size) ((void)(addr), (void)(size))
#define mm_is_poisoned(addr)	((void)(addr), 0)
#endif

#endif /* RUX_MM_INTERNAL_H */
