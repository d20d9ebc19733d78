/*
 * core/mm/page.c - the page arrays: one struct page per page of RAM.
 *
 * At boot, page_array_init() takes the RAM regions of boot_info, sizes one
 * descriptor array per region, and places all the arrays together in the
 * first stretch of RAM that no reserved range overlaps. It then marks as
 * PG_reserved every page touched by a reserved range (including the arrays'
 * own pages) and hands every other page to the global buddy zone.
 *
 * Regions are only read after boot, so the lookups here take no lock.
 */
#include "mm/page.h"
#include "lib/compiler.h"
#include "lib/panic.h"
#include "lib/string.h"
#include "mm/internal.h"

_Static_assert(sizeof(struct page) <= 64, "struct page must stay small: one per 4 KiB of RAM");

struct page_array {
	unsigned long first_pfn;
	unsigned long nr_pages;
	struct page *pages;
};

static struct page_array arrays[HAL_MAX_MEM_REGIONS];
static unsigned int nr_arrays;

/* bi->reserved plus the page arrays themselves, as [base, end) bytes. */
struct phys_range {
	uint64_t base;
	uint64_t end;
};

static struct phys_range reserved[HAL_MAX_MEM_REGIONS + 1];
static unsigned int nr_reserved;

struct page *pfn_to_page(unsigned long pfn)
{
	for (unsigned int i = 0; i < nr_arrays; i++) {
		const struct page_array *a = &arrays[i];

		if (pfn - a->first_pfn < a->nr_pages)
			return &a->pages[pfn - a->first_pfn];
	}
	return NULL;
}

unsigned long page_to_pfn(const struct page *page)
{
	for (unsigned int i = 0; i < nr_arrays; i++) {
		const struct page_array *a = &arrays[i];

		if (page >= a->pages && page < a->pages + a->nr_pages)
			return a->first_pfn + (unsigned long)(page - a->pages);
	}
	panic("mm: %p is not a page descriptor", (const void *)page);
}

void *page_address(const struct page *page)
{
	return hal_phys_to_virt(page_to_phys(page));
}

struct page *virt_to_page(const void *addr)
{
	return pfn_to_page((unsigned long)(hal_virt_to_phys(addr) >> PAGE_SHIFT));
}

bool page_region(unsigned int i, unsigned long *first_pfn, unsigned long *end_pfn)
{
	if (i >= nr_arrays)
		return false;
	*first_pfn = arrays[i].first_pfn;
	*end_pfn = arrays[i].first_pfn + arrays[i].nr_pages;
	return true;
}

unsigned long page_total_pages(void)
{
	unsigned long total = 0;

	for (unsigned int i = 0; i < nr_arrays; i++)
		total += arrays[i].nr_pages;
	return total;
}

void page_ref_put(struct page *page)
{
	int old = __atomic_fetch_sub(&page->refcount, 1, __ATOMIC_ACQ_REL);

	if (old <= 0)
		panic("page_ref_put: pfn 0x%lx has no reference left", page_to_pfn(page));
	if (old == 1)
		free_pages(page, 0);
}

static void add_reserved(uint64_t base, uint64_t size)
{
	if (size == 0)
		return;
	reserved[nr_reserved].base = ALIGN_DOWN(base, (uint64_t)PAGE_SIZE);
	reserved[nr_reserved].end = ALIGN_UP(base + size, (uint64_t)PAGE_SIZE);
	nr_reserved++;
}

/* The end of a reserved range overlapping [base, end), or 0 if none does. */
static uint64_t reserved_overlap_end(uint64_t base, uint64_t end)
{
	for (unsigned int i = 0; i < nr_reserved; i++)
		if (reserved[i].base < end && base < reserved[i].end)
			return reserved[i].end;
	return 0;
}

/* Physical address of @bytes of page-aligned RAM no reserved range touches. */
static uint64_t find_free_ram(const struct boot_info *bi, uint64_t bytes)
{
	for (unsigned int i = 0; i < bi->nr_mem; i++) {
		uint64_t start = ALIGN_UP(bi->mem[i].base, (uint64_t)PAGE_SIZE);
		uint64_t end = bi->mem[i].base + bi->mem[i].size;
		uint64_t busy;

		while (start + bytes <= end) {
			busy = reserved_overlap_end(start, start + bytes);
			if (busy == 0)
				return start;
			start = busy;
		}
	}
	panic("mm: no %llu bytes of free RAM for the page arrays", (unsigned long long)bytes);
}

/* Size the arrays (no memory yet); returns the bytes they need together. */
static uint64_t size_arrays(const struct boot_info *bi)
{
	uint64_t bytes = 0;

	for (unsigned int i = 0; i < bi->nr_mem && i < HAL_MAX_MEM_REGIONS; i++) {
		uint64_t first = ALIGN_UP(bi->mem[i].base, (uint64_t)PAGE_SIZE) >> PAGE_SHIFT;
		uint64_t end = ALIGN_DOWN(bi->mem[i].base + bi->mem[i].size, (uint64_t)PAGE_SIZE) >>
			       PAGE_SHIFT;

		if (end <= first)
			continue;
		arrays[nr_arrays].first_pfn = (unsigned long)first;
		arrays[nr_arrays].nr_pages = (unsigned long)(end - first);
		bytes += ALIGN_UP(arrays[nr_arrays].nr_pages * sizeof(struct page), 64ul);
		nr_arrays++;
	}
	return ALIGN_UP(bytes, (uint64_t)PAGE_SIZE);
}

static void place_arrays(uint64_t phys, uint64_t bytes)
{
	char *p = hal_phys_to_virt(phys);

	memset(p, 0, bytes);
	for (unsigned int i = 0; i < nr_arrays; i++) {
		arrays[i].pages = (struct page *)p;
		p += ALIGN_UP(arrays[i].nr_pages * sizeof(struct page), 64ul);
	}
}

static unsigned long mark_reserved(void)
{
	unsigned long count = 0;

	for (unsigned int i = 0; i < nr_reserved; i++) {
		unsigned long pfn = (unsigned long)(reserved[i].base >> PAGE_SHIFT);
		unsigned long end = (unsigned long)(reserved[i].end >> PAGE_SHIFT);

		for (; pfn < end; pfn++) {
			struct page *page = pfn_to_page(pfn);

			if (page && !page_is_reserved(page)) {
				page->flags = PG_reserved;
				page->refcount = 1;
				count++;
			}
		}
	}
	return count;
}

/* Free every run of unreserved pages of every array into the global zone. */
static void free_unreserved(void)
{
	for (unsigned int i = 0; i < nr_arrays; i++) {
		const struct page_array *a = &arrays[i];
		unsigned long run = 0;

		for (unsigned long n = 0; n <= a->nr_pages; n++) {
			if (n < a->nr_pages && !page_is_reserved(&a->pages[n])) {
				run++;
				continue;
			}
			if (run)
				buddy_zone_add_range(&mm_global_zone, a->first_pfn + n - run, run);
			run = 0;
		}
	}
}

/* Remove the reserved range [base, end) (page aligned) from the table. */
static bool forget_reserved(uint64_t base, uint64_t end)
{
	for (unsigned int i = 0; i < nr_reserved; i++) {
		if (reserved[i].base == base && reserved[i].end == end) {
			reserved[i] = reserved[--nr_reserved];
			return true;
		}
	}
	return false;
}

/* Hand [pfn, pfn + n) of one page array, reserved until now, to the buddy zone. */
static void release_run(unsigned long pfn, unsigned long n)
{
	for (unsigned long i = 0; i < n; i++) {
		struct page *page = pfn_to_page(pfn + i);

		page->flags = 0;
		page->refcount = 0;
	}
	buddy_zone_add_range(&mm_global_zone, pfn, n);
}

/* Whether page @pfn is reserved by no range left in the table. */
static bool reserved_by_nobody(unsigned long pfn)
{
	uint64_t pa = (uint64_t)pfn << PAGE_SHIFT;
	struct page *page = pfn_to_page(pfn);

	return page && page_is_reserved(page) && !reserved_overlap_end(pa, pa + PAGE_SIZE);
}

unsigned long page_release_reserved(uint64_t base, uint64_t size)
{
	unsigned long first = (unsigned long)(ALIGN_UP(base, (uint64_t)PAGE_SIZE) >> PAGE_SHIFT);
	unsigned long end = (unsigned long)((base + size) >> PAGE_SHIFT);
	unsigned long run = 0, freed = 0;

	if (!forget_reserved(ALIGN_DOWN(base, (uint64_t)PAGE_SIZE),
			     ALIGN_UP(base + size, (uint64_t)PAGE_SIZE)))
		return 0;
	for (unsigned long pfn = first; pfn <= end; pfn++) {
		bool take = pfn < end && reserved_by_nobody(pfn);

		/* buddy_zone_add_range() takes one page array at a time. */
		if (take && run && pfn_to_page(pfn - 1) + 1 == pfn_to_page(pfn)) {
			run++;
			continue;
		}
		if (run)
			release_run(pfn - run, run);
		freed += run;
		run = take;
	}
	return freed;
}

unsigned long page_array_init(const struct boot_info *bi)
{
	uint64_t bytes, phys;
	unsigned long nr;

	if (bi->nr_mem == 0)
		panic("mm: the boot information lists no RAM");
	for (unsigned int i = 0; i < bi->nr_reserved && i < HAL_MAX_MEM_REGIONS; i++)
		add_reserved(bi->reserved[i].base, bi->reserved[i].size);
	bytes = size_arrays(bi);
	if (nr_arrays == 0)
		panic("mm: no whole page of RAM in the boot information");
	phys = find_free_ram(bi, bytes);
	place_arrays(phys, bytes);
	add_reserved(phys, bytes);
	nr = mark_reserved();
	free_unreserved();
	return nr;
}
