/*
 * core/mm/brk.c - the program break: the heap right after the program's
 * data, grown and shrunk by brk(2).
 *
 * Linux semantics: brk(addr) moves the break to @addr when it can and
 * always returns the break in force afterwards (never an error code), so
 * brk(0) asks for the current break. The pages [PAGE_ALIGN(brk_start),
 * PAGE_ALIGN(brk)) are one private anonymous read-write VMA (merged with
 * its neighbour when alike); shrinking unmaps the pages given back, so
 * growing again yields zeros. The heap may not run into the next mapping
 * nor into the stack's guard gap.
 *
 * Locking: mm->lock around the whole change.
 */
#include "lib/compiler.h"
#include "mm/vma.h"
#include "uapi/mman.h"

/* May the heap take [start, end)? Caller holds mm->lock. */
static bool heap_room(struct mm *mm, uintptr_t start, uintptr_t end)
{
	struct vma *next = vma_find(mm, start);

	if (end > HAL_USER_VA_END || end < start)
		return false;
	if (!next)
		return true;
	if (next->flags & VM_GROWSDOWN)
		return next->start >= end && next->start - end >= VM_STACK_GUARD_GAP;
	return next->start >= end;
}

static bool grow_heap(struct mm *mm, uintptr_t start, uintptr_t end)
{
	struct vma *v;

	if (!heap_room(mm, start, end))
		return false;
	v = vma_alloc(start, end, PROT_READ | PROT_WRITE, 0, NULL, 0, NULL);
	if (!v)
		return false;
	vma_insert(mm, v);
	vma_merge(mm, v);
	return true;
}

uintptr_t vm_brk(struct mm *mm, uintptr_t brk)
{
	uintptr_t old_end, new_end, ret;

	mutex_lock(&mm->lock);
	/* No heap before exec placed one; never below it. */
	if (!mm->brk_start || brk < mm->brk_start || brk > HAL_USER_VA_END)
		goto out;
	old_end = ALIGN_UP(mm->brk, (uintptr_t)PAGE_SIZE);
	new_end = ALIGN_UP(brk, (uintptr_t)PAGE_SIZE);
	if (new_end < old_end && vm_unmap_range(mm, new_end, old_end) < 0)
		goto out;
	if (new_end > old_end && !grow_heap(mm, old_end, new_end))
		goto out;
	mm->brk = brk;
out:
	ret = mm->brk;
	mutex_unlock(&mm->lock);
	return ret;
}
