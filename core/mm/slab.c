/*
 * core/mm/slab.c - slab caches (see slab.h for the idea).
 *
 * A slab is a block of 2^slab_order pages from the page allocator. Its
 * objects start at the block's first byte, cache->size bytes apart, so an
 * object's alignment is that of cache->size (a multiple of cache->align).
 * Every page of a slab is PG_slab with slab_cache set; the first page (the
 * slab's head, naturally aligned to the slab's size in pfns) also holds the
 * slab's free list, its count of objects in use and its place on the cache's
 * lists.
 *
 * A free object holds the next free object's address in its first word and,
 * when the object is at least two words long, a "free" mark in its second
 * word, which is how a double free is recognised without extra memory.
 *
 * Locking: cache->lock (irqsave) covers the cache's lists and counters and
 * the freelist/inuse of its slabs. New slabs are made and empty slabs are
 * given back with the lock dropped, so the cache lock never nests the
 * zone lock.
 */
#include "mm/slab.h"
#include "lib/compiler.h"
#include "lib/panic.h"
#include "lib/string.h"
#include "mm/internal.h"
#include "uapi/errno.h"

/* Slabs grow up to this order while that wastes less (at most 1/8 left over). */
#define SLAB_PREFERRED_MAX_ORDER 3
#define SLAB_FREE_MARK		 0x5ab1f4eeb1ec7ed5ul

/* The cache the struct kmem_cache of kmem_cache_create() come from. */
static struct kmem_cache cache_cache;

static unsigned int slab_order_for(size_t size)
{
	unsigned int order;

	for (order = 0; order < MAX_ORDER - 1; order++) {
		size_t bytes = PAGE_SIZE << order;

		if (bytes < size)
			continue;
		if ((bytes % size) * 8 <= bytes || order >= SLAB_PREFERRED_MAX_ORDER)
			break;
	}
	return order;
}

int kmem_cache_init(struct kmem_cache *cache, const char *name, size_t size, size_t align,
		    unsigned int flags)
{
	if (align == 0)
		align = SLAB_MIN_ALIGN;
	if (size == 0 || (align & (align - 1)) != 0 || align > PAGE_SIZE ||
	    size > (PAGE_SIZE << (MAX_ORDER - 1)))
		return -EINVAL;
	align = MAX(align, (size_t)SLAB_MIN_ALIGN);
	if (flags & SLAB_HWCACHE_ALIGN)
		align = MAX(align, (size_t)SLAB_CACHE_LINE);

	cache->name = name;
	cache->object_size = size;
	cache->size = ALIGN_UP(size, align);
	cache->align = align;
	cache->slab_order = slab_order_for(cache->size);
	cache->objs_per_slab = (unsigned int)((PAGE_SIZE << cache->slab_order) / cache->size);
	cache->flags = flags;
	spin_lock_init(&cache->lock, name);
	list_init(&cache->partial);
	list_init(&cache->full);
	cache->empty = NULL;
	cache->nr_slabs = 0;
	cache->nr_objects = 0;
	return 0;
}

void slab_init(void)
{
	if (kmem_cache_init(&cache_cache, "kmem_cache", sizeof(struct kmem_cache), 0, 0) < 0)
		panic("slab: cannot set up the cache of caches");
}

static void *obj_next(const void *obj)
{
	return *(void *const *)obj;
}

/* Mark @obj free, linking it to @next. */
static void obj_set_free(const struct kmem_cache *cache, void *obj, void *next)
{
	uintptr_t *word = obj;

	word[0] = (uintptr_t)next;
	if (cache->object_size >= 2 * sizeof(uintptr_t))
		word[1] = (uintptr_t)obj ^ SLAB_FREE_MARK;
}

/*
 * Is @obj on @slab's free list? The mark is only a hint: an object in use
 * may hold the same bytes (data a user chose, copied in), and that must
 * not panic as a double free. So only marked objects are looked up, and
 * only without ASan: with it, mm_is_poisoned() has answered exactly and
 * free objects cannot be read. Caller holds cache->lock.
 */
static bool obj_on_freelist(const struct kmem_cache *cache, const struct page *slab,
			    const void *obj)
{
#ifdef MM_ASAN
	return false;
#else
	const uintptr_t *word = obj;

	if (cache->object_size < 2 * sizeof(uintptr_t) ||
	    word[1] != ((uintptr_t)obj ^ SLAB_FREE_MARK))
		return false;
	for (const void *p = slab->freelist; p; p = obj_next(p))
		if (p == obj)
			return true;
	return false;
#endif
}

/* Bytes of an object that are handed out (at least the free-list word). */
static size_t obj_visible_size(const struct kmem_cache *cache)
{
	return MAX(cache->object_size, sizeof(void *));
}

static struct page *new_slab(struct kmem_cache *cache, unsigned int gfp)
{
	struct page *head = alloc_pages(cache->slab_order, gfp & ~__GFP_ZERO);
	unsigned long pfn, npages = 1ul << cache->slab_order;
	char *base;

	if (!head)
		return NULL;
	pfn = page_to_pfn(head);
	for (unsigned long i = 0; i < npages; i++) {
		struct page *page = pfn_to_page(pfn + i);

		page->flags |= PG_slab;
		page->slab_cache = cache;
	}
	base = page_address(head);
	for (unsigned int i = 0; i < cache->objs_per_slab; i++) {
		char *next = i + 1 < cache->objs_per_slab ? base + (i + 1) * cache->size : NULL;

		obj_set_free(cache, base + i * cache->size, next);
	}
	head->freelist = base;
	head->inuse = 0;
	mm_poison(base, PAGE_SIZE << cache->slab_order);
	mm_stat_add(&mm_slab_pages, (long)npages);
	return head;
}

static void free_slab(struct kmem_cache *cache, struct page *head)
{
	unsigned long pfn = page_to_pfn(head), npages = 1ul << cache->slab_order;

	for (unsigned long i = 0; i < npages; i++) {
		struct page *page = pfn_to_page(pfn + i);

		page->flags &= ~PG_slab;
		page->slab_cache = NULL;
	}
	head->freelist = NULL;
	mm_stat_add(&mm_slab_pages, -(long)npages);
	free_pages(head, cache->slab_order);
}

/* A slab with a free object, or NULL. Caller holds cache->lock. */
static struct page *pick_slab(struct kmem_cache *cache)
{
	struct page *slab = cache->empty;

	if (!list_empty(&cache->partial))
		return list_first_entry(&cache->partial, struct page, lru);
	if (slab) {
		cache->empty = NULL;
		list_add(&slab->lru, &cache->partial);
	}
	return slab;
}

/* Take the first free object of @slab. Caller holds cache->lock. */
static void *take_object(struct kmem_cache *cache, struct page *slab)
{
	uintptr_t *obj = slab->freelist;

	mm_unpoison(obj, obj_visible_size(cache));
	slab->freelist = obj_next(obj);
	if (cache->object_size >= 2 * sizeof(uintptr_t))
		obj[1] = 0;
	slab->inuse++;
	if (!slab->freelist) {
		list_move(&slab->lru, &cache->full);
	}
	cache->nr_objects++;
	return obj;
}

void *kmem_cache_alloc(struct kmem_cache *cache, unsigned int gfp)
{
	unsigned long flags = spin_lock_irqsave(&cache->lock);
	struct page *slab = pick_slab(cache);
	void *obj;

	if (!slab) {
		spin_unlock_irqrestore(&cache->lock, flags);
		slab = new_slab(cache, gfp);
		if (!slab)
			return NULL;
		flags = spin_lock_irqsave(&cache->lock);
		list_add(&slab->lru, &cache->partial);
		cache->nr_slabs++;
	}
	obj = take_object(cache, slab);
	spin_unlock_irqrestore(&cache->lock, flags);
	if (gfp & __GFP_ZERO)
		memset(obj, 0, cache->object_size);
	return obj;
}

/* The head page of the slab @obj lives in; panics unless it is @cache's object. */
static struct page *slab_of(struct kmem_cache *cache, const void *obj)
{
	struct page *page = virt_to_page(obj), *head;
	uintptr_t offset;

	if (!page || !(page->flags & PG_slab))
		panic("kmem_cache_free: %p is not a slab object (cache %s)", obj, cache->name);
	if (page->slab_cache != cache)
		panic("kmem_cache_free: %p belongs to cache %s, not %s", obj,
		      page->slab_cache->name, cache->name);
	head = pfn_to_page(page_to_pfn(page) & ~((1ul << cache->slab_order) - 1));
	offset = (uintptr_t)obj - (uintptr_t)page_address(head);
	if (offset % cache->size != 0 || offset / cache->size >= cache->objs_per_slab)
		panic("kmem_cache_free: %p is not the start of an object of cache %s", obj,
		      cache->name);
	return head;
}

/*
 * @slab lost its last object: keep it as the cache's empty slab, or return it
 * for the caller to free when there is one already. Caller holds cache->lock.
 */
static struct page *retire_slab(struct kmem_cache *cache, struct page *slab)
{
	list_del(&slab->lru);
	if (!cache->empty) {
		cache->empty = slab;
		return NULL;
	}
	cache->nr_slabs--;
	return slab;
}

void kmem_cache_free(struct kmem_cache *cache, void *obj)
{
	struct page *slab, *release = NULL;
	unsigned long flags;

	if (!obj)
		return;
	slab = slab_of(cache, obj);
	flags = spin_lock_irqsave(&cache->lock);
	if (slab->inuse == 0 || obj == slab->freelist || mm_is_poisoned(obj) ||
	    obj_on_freelist(cache, slab, obj))
		panic("kmem_cache_free: double free of %p in cache %s", obj, cache->name);
	obj_set_free(cache, obj, slab->freelist);
	mm_poison(obj, cache->size);
	slab->freelist = obj;
	slab->inuse--;
	cache->nr_objects--;
	if (slab->inuse == 0) {
		release = retire_slab(cache, slab);
	} else if (slab->inuse == cache->objs_per_slab - 1) {
		list_move(&slab->lru, &cache->partial);
	}
	spin_unlock_irqrestore(&cache->lock, flags);
	if (release)
		free_slab(cache, release);
}

void kmem_cache_shrink(struct kmem_cache *cache)
{
	unsigned long flags = spin_lock_irqsave(&cache->lock);
	struct page *empty = cache->empty;

	if (empty) {
		cache->empty = NULL;
		cache->nr_slabs--;
	}
	spin_unlock_irqrestore(&cache->lock, flags);
	if (empty)
		free_slab(cache, empty);
}

struct kmem_cache *kmem_cache_create(const char *name, size_t size, size_t align,
				     unsigned int flags)
{
	struct kmem_cache *cache = kmem_cache_alloc(&cache_cache, __GFP_ZERO);

	if (!cache)
		return NULL;
	if (kmem_cache_init(cache, name, size, align, flags) < 0) {
		kmem_cache_free(&cache_cache, cache);
		return NULL;
	}
	return cache;
}

void kmem_cache_destroy(struct kmem_cache *cache)
{
	unsigned long flags;

	if (!cache)
		return;
	flags = spin_lock_irqsave(&cache->lock);
	if (cache->nr_objects != 0)
		panic("kmem_cache_destroy: cache %s still has %lu objects allocated", cache->name,
		      cache->nr_objects);
	spin_unlock_irqrestore(&cache->lock, flags);
	kmem_cache_shrink(cache);
	kmem_cache_free(&cache_cache, cache);
}
