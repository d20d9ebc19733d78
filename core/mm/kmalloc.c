/*
 * core/mm/kmalloc.c - kmalloc() on the slab caches and the page allocator
 * (see kmalloc.h for what it promises).
 *
 * Small sizes go to the first of kmalloc_caches[] that fits; each cache is
 * aligned to the lowest set bit of its size, so power-of-two caches are
 * naturally aligned. Large sizes get a block of pages marked PG_large, whose
 * order the head page keeps for kfree(). kfree() tells the two apart by the
 * flags of the page the pointer is in.
 *
 * Locking: none of its own; the caches and the page allocator lock for it.
 */
#include "mm/kmalloc.h"
#include "lib/compiler.h"
#include "lib/panic.h"
#include "lib/string.h"
#include "mm/internal.h"
#include "mm/slab.h"

static const struct {
	size_t size;
	const char *name;
} kmalloc_sizes[] = {
    {8, "kmalloc-8"},	  {16, "kmalloc-16"},	  {32, "kmalloc-32"},	  {64, "kmalloc-64"},
    {96, "kmalloc-96"},	  {128, "kmalloc-128"},	  {192, "kmalloc-192"},	  {256, "kmalloc-256"},
    {512, "kmalloc-512"}, {1024, "kmalloc-1024"}, {2048, "kmalloc-2048"}, {4096, "kmalloc-4096"},
};

_Static_assert(4096 == PAGE_SIZE, "the largest kmalloc cache is one page");

static struct kmem_cache kmalloc_caches[ARRAY_SIZE(kmalloc_sizes)];

void kmalloc_init(void)
{
	for (unsigned int i = 0; i < ARRAY_SIZE(kmalloc_sizes); i++) {
		size_t size = kmalloc_sizes[i].size;

		if (kmem_cache_init(&kmalloc_caches[i], kmalloc_sizes[i].name, size, size & -size,
				    0) < 0)
			panic("kmalloc: cannot set up %s", kmalloc_sizes[i].name);
	}
}

static struct kmem_cache *cache_for(size_t size)
{
	for (unsigned int i = 0; i < ARRAY_SIZE(kmalloc_sizes); i++)
		if (size <= kmalloc_sizes[i].size)
			return &kmalloc_caches[i];
	return NULL;
}

static void *kmalloc_large(size_t size, unsigned int gfp)
{
	unsigned int order;
	struct page *page;

	if (size > KMALLOC_MAX_SIZE)
		return NULL;
	order = get_order(size);
	page = alloc_pages(order, gfp);
	if (!page)
		return NULL;
	page->flags |= PG_large;
	mm_stat_add(&mm_large_pages, 1l << order);
	return page_address(page);
}

void *kmalloc(size_t size, unsigned int gfp)
{
	struct kmem_cache *cache;

	if (size == 0)
		return ZERO_SIZE_PTR;
	cache = cache_for(size);
	if (!cache)
		return kmalloc_large(size, gfp);
	return kmem_cache_alloc(cache, gfp);
}

/* The page @p is in, which must be kmalloc() memory. */
static struct page *kmalloc_page(const void *p, const char *who)
{
	struct page *page = virt_to_page(p);

	if (page && (page->flags & PG_slab))
		return page;
	if (page && (page->flags & PG_large) && p == page_address(page))
		return page;
	panic("%s: %p was not returned by kmalloc", who, p);
}

void kfree(const void *p)
{
	struct page *page;
	unsigned int order;

	if (ZERO_OR_NULL_PTR(p))
		return;
	page = kmalloc_page(p, "kfree");
	if (page->flags & PG_slab) {
		kmem_cache_free(page->slab_cache, (void *)p);
		return;
	}
	order = page->order;
	page->flags &= ~PG_large;
	mm_stat_add(&mm_large_pages, -(1l << order));
	free_pages(page, order);
}

size_t ksize(const void *p)
{
	struct page *page;

	if (ZERO_OR_NULL_PTR(p))
		return 0;
	page = kmalloc_page(p, "ksize");
	if (page->flags & PG_slab)
		return page->slab_cache->object_size;
	return PAGE_SIZE << page->order;
}

void *krealloc(const void *p, size_t size, unsigned int gfp)
{
	size_t old = ksize(p);
	void *q;

	if (size == 0) {
		kfree(p);
		return ZERO_SIZE_PTR;
	}
	if (size <= old)
		return (void *)p;
	q = kmalloc(size, gfp);
	if (!q)
		return NULL;
	if (old)
		memcpy(q, p, old);
	kfree(p);
	return q;
}

void *kcalloc(size_t n, size_t size, unsigned int gfp)
{
	if (size != 0 && n > (size_t)-1 / size)
		return NULL;
	return kmalloc(n * size, gfp | __GFP_ZERO);
}
