/*
 * core/mm/mm_struct.c - address spaces: creation, references, fork's copy,
 * activation, the exec-time layout (stack, heap start) and the counters.
 *
 * Default layout of a new mm (exec moves the stack with mm_setup_stack):
 *
 *	HAL_USER_VA_END	  stack_top: the main stack grows down from here
 *	   ...		  up to stack_max (8 MiB), then a guard gap
 *	mmap_base	  top-down mmap() placement starts here
 *	   ...
 *	brk_start..brk	  the heap, right after the program's data
 *	VM_MMAP_MIN_ADDR  nothing is ever mapped below
 *
 * Locking: mm->lock as described in vm.h. mm_dup() holds the parent's lock
 * while it copies; the child is private to it until it returns.
 */
#include "lib/compiler.h"
#include "lib/panic.h"
#include "mm/vma.h"
#include "uapi/errno.h"
#include "uapi/mman.h"

/* Room between the stack limit and the mmap area (Linux keeps >= 128 MiB). */
#define MMAP_GAP_MIN (128ul << 20)

static uintptr_t mmap_base_below(uintptr_t stack_top, unsigned long stack_max)
{
	return ALIGN_DOWN(stack_top - MAX(stack_max, MMAP_GAP_MIN) - VM_STACK_GUARD_GAP,
			  (uintptr_t)PAGE_SIZE);
}

struct mm *mm_create(void)
{
	struct mm *mm = kzalloc(sizeof(*mm), GFP_KERNEL);

	if (!mm)
		return NULL;
	mm->pt = hal_pt_create();
	if (!mm->pt) {
		kfree(mm);
		return NULL;
	}
	refcount_set(&mm->users, 1);
	mutex_init(&mm->lock, "mm");
	mm->vmas = RB_ROOT;
	mm->stack_top = HAL_USER_VA_END;
	mm->stack_max = VM_STACK_MAX_DEFAULT;
	mm->mmap_base = mmap_base_below(mm->stack_top, mm->stack_max);
	return mm;
}

void mm_get(struct mm *mm)
{
	refcount_get(&mm->users);
}

void mm_put(struct mm *mm)
{
	struct rb_node *node;

	if (!mm || !refcount_put(&mm->users))
		return;
	/* Last user: nobody else can reach the mm, no lock needed. */
	while ((node = rb_first(&mm->vmas)) != NULL)
		vma_destroy(mm, rb_entry(node, struct vma, rb));
	hal_pt_destroy(mm->pt);
	kfree(mm);
}

void mm_activate(struct mm *mm)
{
	hal_pt_activate(mm ? mm->pt : NULL);
}

/* Give @child the pages of parent VMA @pv (copied into child VMA @cv). */
static int dup_pages(struct mm *parent, struct mm *child, struct vma *pv, struct vma *cv)
{
	bool shared = pv->flags & (VM_SHARED | VM_SHARED_FILE);

	for (uintptr_t va = pv->start; va < pv->end; va += PAGE_SIZE) {
		struct page *page;
		unsigned int hp;
		uint64_t pa;

		if (!hal_pt_query(parent->pt, va, &pa, &hp))
			continue;
		page = pfn_to_page((unsigned long)(pa >> PAGE_SHIFT));
		page_ref_get(page);
		if (!shared && (hp & HAL_PROT_WRITE)) {
			/* Copy-on-write from now on, in both. */
			hp &= ~HAL_PROT_WRITE;
			if (hal_pt_map(parent->pt, va, pa, hp) < 0)
				panic("mm_dup: remapping a present page failed");
		}
		if (hal_pt_map(child->pt, va, pa, hp) < 0) {
			page_ref_put(page);
			return -ENOMEM;
		}
		child->rss[vm_rss_kind(cv)]++;
	}
	return 0;
}

/* Copy every VMA and page of @mm into @child. Caller holds mm->lock. */
static int dup_vmas(struct mm *mm, struct mm *child)
{
	for (struct rb_node *n = rb_first(&mm->vmas); n; n = rb_next(n)) {
		struct vma *pv = rb_entry(n, struct vma, rb);
		struct vma *cv = vma_alloc(pv->start, pv->end, pv->prot, pv->flags, pv->file,
					   pv->pgoff, pv->shared);
		int err;

		if (!cv)
			return -ENOMEM;
		vma_insert(child, cv);
		err = dup_pages(mm, child, pv, cv);
		hal_tlb_flush(mm->pt, pv->start, pv->end - pv->start);
		if (err)
			return err;
	}
	return 0;
}

struct mm *mm_dup(struct mm *mm)
{
	struct mm *child = mm_create();
	int err;

	if (!child)
		return NULL;
	mutex_lock(&mm->lock);
	child->brk_start = mm->brk_start;
	child->brk = mm->brk;
	child->mmap_base = mm->mmap_base;
	child->stack_top = mm->stack_top;
	child->stack_max = mm->stack_max;
	err = dup_vmas(mm, child);
	mutex_unlock(&mm->lock);
	if (err) {
		mm_put(child);
		return NULL;
	}
	return child;
}

int mm_setup_stack(struct mm *mm, uintptr_t top, size_t size, size_t max)
{
	struct vma *v;
	int err = 0;

	if (max == 0)
		max = VM_STACK_MAX_DEFAULT;
	max = ALIGN_UP(max, PAGE_SIZE);
	if (!vm_page_aligned(top) || !vm_page_aligned(size) || size == 0 || size > max ||
	    top > HAL_USER_VA_END || top < VM_MMAP_MIN_ADDR + max)
		return -EINVAL;
	mutex_lock(&mm->lock);
	if (!vma_range_free(mm, top - size, top)) {
		err = -EINVAL;
		goto out;
	}
	v = vma_alloc(top - size, top, PROT_READ | PROT_WRITE, VM_GROWSDOWN, NULL, 0, NULL);
	if (!v) {
		err = -ENOMEM;
		goto out;
	}
	vma_insert(mm, v);
	mm->stack_top = top;
	mm->stack_max = max;
	mm->mmap_base = mmap_base_below(top, max);
out:
	mutex_unlock(&mm->lock);
	return err;
}

void mm_set_brk(struct mm *mm, uintptr_t start)
{
	mutex_lock(&mm->lock);
	mm->brk_start = mm->brk = ALIGN_UP(start, (uintptr_t)PAGE_SIZE);
	mutex_unlock(&mm->lock);
}

void mm_get_usage(struct mm *mm, struct mm_usage *u)
{
	mutex_lock(&mm->lock);
	u->total_vm = mm->total_vm;
	u->stack_vm = mm->stack_vm;
	u->rss_anon = mm->rss[MM_RSS_ANON];
	u->rss_file = mm->rss[MM_RSS_FILE];
	u->rss_shmem = mm->rss[MM_RSS_SHMEM];
	u->data_vm = 0;
	u->exec_vm = 0;
	for (struct rb_node *n = rb_first(&mm->vmas); n; n = rb_next(n)) {
		struct vma *v = rb_entry(n, struct vma, rb);
		unsigned long pages = (v->end - v->start) >> PAGE_SHIFT;

		if ((v->prot & PROT_EXEC) && !(v->prot & PROT_WRITE))
			u->exec_vm += pages;
		else if ((v->prot & PROT_WRITE) &&
			 !(v->flags & (VM_SHARED | VM_SHARED_FILE | VM_GROWSDOWN)))
			u->data_vm += pages;
	}
	mutex_unlock(&mm->lock);
}
