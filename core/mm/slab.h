/*
 * core/mm/slab.h - caches of equal-sized objects on top of the page allocator.
 *
 * A cache carves blocks of pages ("slabs") into objects of one size. Each
 * slab keeps its free objects on a list threaded through the objects
 * themselves; the cache keeps its slabs on three lists by how full they are:
 * partial (allocations come from here first), full, and at most one empty
 * slab kept for the next allocation. Any other slab that becomes empty goes
 * straight back to the page allocator. The most recently freed object is the
 * next one handed out (LIFO), while it is still warm in the cache.
 *
 * Objects are aligned to at least 8 bytes and to the cache's alignment.
 * kmem_cache_free() panics on pointers that are not objects of the cache and
 * on double frees it can see cheaply. Under AddressSanitizer (hosted builds)
 * free objects and unused slab space are poisoned.
 *
 * Locking: each cache has a spinlock (irqsave) over its lists and its slabs'
 * free lists, so caches may be used from any context. The page allocator is
 * called with no cache lock held.
 */
#ifndef RUX_MM_SLAB_H
#define RUX_MM_SLAB_H

#include <stddef.h>

#include "lib/list.h"
#include "lib/spinlock.h"
#include "mm/buddy.h"

/* Cache flags. */
#define SLAB_HWCACHE_ALIGN (1u << 0) /* align objects to a cache line (64 bytes) */

#define SLAB_MIN_ALIGN	8
#define SLAB_CACHE_LINE 64

struct kmem_cache {
	const char *name;   /* for messages; must outlive the cache */
	size_t object_size; /* the size asked for */
	size_t size;	    /* distance between objects: object_size rounded up to align */
	size_t align;
	unsigned int slab_order; /* a slab is 2^slab_order pages */
	unsigned int objs_per_slab;
	unsigned int flags;	  /* SLAB_* */
	struct spinlock lock;	  /* protects everything below and the slabs' freelists */
	struct list_head partial; /* slabs with some objects free (head page->lru) */
	struct list_head full;	  /* slabs with no object free */
	struct page *empty;	  /* a slab with every object free, or NULL */
	unsigned long nr_slabs;	  /* slabs on the lists above, empty one included */
	unsigned long nr_objects; /* objects handed out */
};

/*
 * A new cache of objects of @size bytes aligned to @align (0 or a power of
 * two up to PAGE_SIZE), or NULL if the arguments are invalid or memory is out.
 * @name is kept by pointer.
 */
struct kmem_cache *kmem_cache_create(const char *name, size_t size, size_t align,
				     unsigned int flags);
/*
 * The same, in storage the caller provides (for caches that must exist
 * before any allocation can be made). Returns 0 or -EINVAL.
 */
int kmem_cache_init(struct kmem_cache *cache, const char *name, size_t size, size_t align,
		    unsigned int flags);
/* Destroy a cache from kmem_cache_create(); every object must be freed. */
void kmem_cache_destroy(struct kmem_cache *cache);
/* An object, or NULL when memory is out. __GFP_ZERO clears it. */
void *kmem_cache_alloc(struct kmem_cache *cache, unsigned int gfp);
/* Give back an object from kmem_cache_alloc() on the same cache. */
void kmem_cache_free(struct kmem_cache *cache, void *obj);
/* Give the cache's spare empty slab, if any, back to the page allocator. */
void kmem_cache_shrink(struct kmem_cache *cache);

#endif /* RUX_MM_SLAB_H */
