/*
 * core/mm/vma.h - what the VM files (mm_struct.c, vma.c, fault.c, mmap.c,
 * brk.c, uaccess.c) share and nobody else sees: the VMA set operations,
 * shared anonymous memory objects, and the fault path with mm->lock held.
 *
 * Every function here expects the caller to hold mm->lock, except where it
 * says the mm is private to the caller (being built or torn down).
 */
#ifndef RUX_MM_VMA_H
#define RUX_MM_VMA_H

#include <stdbool.h>

#include "lib/spinlock.h"
#include "mm/mm.h"
#include "mm/vm.h"

/*
 * The pages of a MAP_SHARED|MAP_ANONYMOUS mapping, shared by every VMA made
 * from it (splits, fork children). The object holds one reference on each
 * page it has; every page table entry mapping one holds another.
 */
struct vm_shared {
	struct refcount refs; /* VMAs pointing here */
	struct spinlock lock; /* pages[] */
	unsigned long nr_pages;
	struct page **pages; /* NULL: not touched yet */
};

struct vm_shared *vm_shared_create(unsigned long nr_pages);
void vm_shared_get(struct vm_shared *s);
void vm_shared_put(struct vm_shared *s);
/* Page @index of @s (made zeroed on first use) with a new reference for the
 * caller, or NULL when out of memory or past the end. */
struct page *vm_shared_page(struct vm_shared *s, unsigned long index);

/* The first VMA that ends above @addr (it may start above @addr), or NULL. */
struct vma *vma_find(struct mm *mm, uintptr_t addr);
/* The VMA containing @addr, or NULL. */
struct vma *vma_lookup(struct mm *mm, uintptr_t addr);
struct vma *vma_prev(struct vma *vma);
struct vma *vma_next(struct vma *vma);
/* True when no VMA overlaps [start, end). */
bool vma_range_free(struct mm *mm, uintptr_t start, uintptr_t end);

/* A new VMA (not in any set), or NULL. Takes references on @file/@shared. */
struct vma *vma_alloc(uintptr_t start, uintptr_t end, unsigned int prot, unsigned int flags,
		      struct file *file, uint64_t pgoff, struct vm_shared *shared);
/* Add @vma to @mm (it must not overlap anything) and count its pages. */
void vma_insert(struct mm *mm, struct vma *vma);
/* Unmap @vma's pages, take it out of @mm and free it. */
void vma_destroy(struct mm *mm, struct vma *vma);
/*
 * Cut @vma at @addr (start < addr < end, page aligned): @vma keeps
 * [start, addr), a new VMA gets [addr, end) and is returned. NULL: no memory.
 */
struct vma *vma_split(struct mm *mm, struct vma *vma, uintptr_t addr);
/* Join @vma with its neighbours where they are adjacent and alike. Returns
 * the VMA that now covers @vma's range. */
struct vma *vma_merge(struct mm *mm, struct vma *vma);
/* Unmap and release the pages of [start, end) inside @vma; flushes the TLB. */
void vma_zap(struct mm *mm, struct vma *vma, uintptr_t start, uintptr_t end);
/* Remove every mapping in [start, end): 0 or -ENOMEM (a split failed). */
int vm_unmap_range(struct mm *mm, uintptr_t start, uintptr_t end);

/* HAL_PROT_* for a VMA's PROT_*: write implies read (RISC-V has no W-only). */
unsigned int vm_hal_prot(unsigned int prot);
/* What the page table entry for @page in @vma allows: the VMA's rights,
 * without write for a private page someone else also holds (COW) and for
 * a page-cache page of a shared mapping (a write fault must dirty it). */
unsigned int vm_pte_prot(const struct vma *vma, const struct page *page);
/* Which resident counter pages of @vma go to. */
enum mm_rss_kind vm_rss_kind(const struct vma *vma);

/* A shared file mapping that may write its file (it counts as a writer of
 * the file's page cache from its creation to its freeing). */
static inline bool vma_writes_file(const struct vma *v)
{
	return (v->flags & (VM_SHARED_FILE | VM_SHARED_FILE_RO)) == VM_SHARED_FILE;
}

/* vm_fault() with mm->lock held. */
int vm_fault_locked(struct mm *mm, uintptr_t addr, unsigned int access);

static inline bool vm_page_aligned(uintptr_t x)
{
	return (x & (PAGE_SIZE - 1)) == 0;
}

#endif /* RUX_MM_VMA_H */
