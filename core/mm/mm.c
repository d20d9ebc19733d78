/*
 * core/mm/mm.c - mm_init() and the memory statistics.
 */
#include "mm/mm.h"
#include "lib/compiler.h"
#include "lib/printk.h"
#include "mm/internal.h"

unsigned long mm_slab_pages;
unsigned long mm_large_pages;
unsigned long mm_pagetable_pages;

/* Set once by mm_init(). */
static unsigned long reserved_pages;

void mm_init(const struct boot_info *bi)
{
	unsigned long long ram = 0;

	for (unsigned int i = 0; i < bi->nr_mem && i < HAL_MAX_MEM_REGIONS; i++)
		ram += bi->mem[i].size;
	buddy_zone_init(&mm_global_zone, "buddy");
	reserved_pages = page_array_init(bi);
	slab_init();
	kmalloc_init();
	printk("mm: %llu MiB ram, %lu pages free, %llu KiB reserved\n", ram / MiB, nr_free_pages(),
	       (unsigned long long)reserved_pages * (PAGE_SIZE / KiB));
}

void mm_release_boot_range(uint64_t base, uint64_t size, const char *what)
{
	unsigned long freed = page_release_reserved(base, size);

	if (freed == 0)
		return;
	__atomic_fetch_sub(&reserved_pages, freed, __ATOMIC_RELAXED);
	printk("mm: freed %llu KiB of %s\n", (unsigned long long)freed * (PAGE_SIZE / KiB), what);
}

void mm_stats_get(struct mm_stats *st)
{
	st->total_pages = page_total_pages();
	st->free_pages = nr_free_pages();
	st->reserved_pages = __atomic_load_n(&reserved_pages, __ATOMIC_RELAXED);
	st->slab_pages = mm_stat_read(&mm_slab_pages);
	st->kmalloc_large_pages = mm_stat_read(&mm_large_pages);
	st->pagetable_pages = mm_stat_read(&mm_pagetable_pages);
}

void mm_account_pagetable_pages(long delta)
{
	mm_stat_add(&mm_pagetable_pages, delta);
}
