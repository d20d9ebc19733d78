/*
 * core/mm/kmalloc.h - general-purpose kernel memory: kmalloc() and kfree().
 *
 * Requests up to PAGE_SIZE come from slab caches of sizes 8, 16, 32, 64, 96,
 * 128, 192, 256, 512, 1024, 2048 and 4096 bytes (the smallest that fits);
 * larger ones are whole blocks from the page allocator (up to 4 MiB).
 *
 * Promises:
 *  - the memory is aligned to at least 8 bytes; a request whose size is a
 *    power of two up to PAGE_SIZE is aligned to that size; large blocks are
 *    page aligned;
 *  - ksize(p) >= the size asked for, and all of it may be used;
 *  - kmalloc(0) returns ZERO_SIZE_PTR: not NULL, not unique, never to be
 *    dereferenced; kfree() and ksize() accept it, as they accept NULL;
 *  - out of memory (or a size over 4 MiB) returns NULL; nothing sleeps, so
 *    all of this may be used from any context once mm_init() has run.
 *
 * kfree() panics on a pointer that kmalloc() did not return.
 */
#ifndef RUX_MM_KMALLOC_H
#define RUX_MM_KMALLOC_H

#include <stddef.h>

#include "mm/buddy.h"

#define ZERO_SIZE_PTR	    ((void *)16)
#define ZERO_OR_NULL_PTR(p) ((unsigned long)(p) <= (unsigned long)ZERO_SIZE_PTR)

/* Largest kmalloc() size: a MAX_ORDER - 1 block. */
#define KMALLOC_MAX_SIZE (PAGE_SIZE << (MAX_ORDER - 1))

void *kmalloc(size_t size, unsigned int gfp);
void kfree(const void *p);
/* Usable size of the kmalloc() memory at @p (0 for NULL and ZERO_SIZE_PTR). */
size_t ksize(const void *p);
/*
 * Resize @p to @size bytes, keeping the contents up to the smaller size.
 * Returns the new pointer (perhaps @p) or NULL, in which case @p is untouched.
 * krealloc(NULL, n) is kmalloc(n); krealloc(p, 0) frees p, returns ZERO_SIZE_PTR.
 */
void *krealloc(const void *p, size_t size, unsigned int gfp);
/* Zeroed memory for @n elements of @size bytes, or NULL (also on overflow). */
void *kcalloc(size_t n, size_t size, unsigned int gfp);

static inline void *kzalloc(size_t size, unsigned int gfp)
{
	return kmalloc(size, gfp | __GFP_ZERO);
}

#endif /* RUX_MM_KMALLOC_H */
