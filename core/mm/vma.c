/*
 * core/mm/vma.c - the set of areas of an address space and the pages under
 * them.
 *
 * The VMAs of an mm sit in a red-black tree ordered by start address; they
 * never overlap, so the tree is also ordered by end. vma_find() is the one
 * lookup (first VMA ending above an address), O(log n), with a one-entry
 * cache in front for the common case of many faults in one area.
 *
 * Pages: a present page table entry of a VMA holds one reference on its
 * page. vma_zap() drops them; VMAs that are split, merged or moved between
 * protections keep their entries as they are.
 *
 * Also here: shared anonymous memory objects (struct vm_shared).
 *
 * Locking: the caller holds mm->lock (see vma.h); a vm_shared's page array
 * has its own spinlock because several mms fault on it.
 */
#include "mm/vma.h"
#include "fs/vfs/vfs.h"
#include "lib/compiler.h"
#include "lib/panic.h"
#include "uapi/errno.h"
#include "uapi/mman.h"

/* ---- shared anonymous memory ---- */

struct vm_shared *vm_shared_create(unsigned long nr_pages)
{
	struct vm_shared *s = kzalloc(sizeof(*s), GFP_KERNEL);

	if (!s)
		return NULL;
	s->pages = kcalloc(nr_pages, sizeof(*s->pages), GFP_KERNEL);
	if (!s->pages) {
		kfree(s);
		return NULL;
	}
	refcount_set(&s->refs, 1);
	spin_lock_init(&s->lock, "vm_shared");
	s->nr_pages = nr_pages;
	return s;
}

void vm_shared_get(struct vm_shared *s)
{
	refcount_get(&s->refs);
}

void vm_shared_put(struct vm_shared *s)
{
	if (!s || !refcount_put(&s->refs))
		return;
	for (unsigned long i = 0; i < s->nr_pages; i++)
		if (s->pages[i])
			page_ref_put(s->pages[i]);
	kfree(s->pages);
	kfree(s);
}

struct page *vm_shared_page(struct vm_shared *s, unsigned long index)
{
	struct page *page, *fresh = NULL;
	unsigned long flags;

	if (index >= s->nr_pages)
		return NULL;
	for (;;) {
		flags = spin_lock_irqsave(&s->lock);
		page = s->pages[index];
		if (!page && fresh) {
			s->pages[index] = page = fresh;
			fresh = NULL;
		}
		if (page)
			page_ref_get(page);
		spin_unlock_irqrestore(&s->lock, flags);
		if (fresh)
			page_ref_put(fresh); /* someone else filled the slot first */
		if (page)
			return page;
		fresh = alloc_pages(0, __GFP_ZERO);
		if (!fresh)
			return NULL;
	}
}

/* ---- the VMA set ---- */

static struct vma *vma_of(struct rb_node *node)
{
	return rb_entry_safe(node, struct vma, rb);
}

struct vma *vma_find(struct mm *mm, uintptr_t addr)
{
	struct vma *cached = mm->vma_cache, *found = NULL;
	struct rb_node *node = mm->vmas.node;

	if (cached && cached->start <= addr && addr < cached->end)
		return cached;
	while (node) {
		struct vma *v = vma_of(node);

		if (addr < v->end) {
			found = v;
			if (addr >= v->start)
				break;
			node = node->left;
		} else {
			node = node->right;
		}
	}
	if (found && found->start <= addr)
		mm->vma_cache = found;
	return found;
}

struct vma *vma_lookup(struct mm *mm, uintptr_t addr)
{
	struct vma *v = vma_find(mm, addr);

	return v && v->start <= addr ? v : NULL;
}

struct vma *vma_prev(struct vma *vma)
{
	return vma_of(rb_prev(&vma->rb));
}

struct vma *vma_next(struct vma *vma)
{
	return vma_of(rb_next(&vma->rb));
}

bool vma_range_free(struct mm *mm, uintptr_t start, uintptr_t end)
{
	struct vma *v = vma_find(mm, start);

	return !v || v->start >= end;
}

struct vma *vma_alloc(uintptr_t start, uintptr_t end, unsigned int prot, unsigned int flags,
		      struct file *file, uint64_t pgoff, struct vm_shared *shared)
{
	struct vma *v = kzalloc(sizeof(*v), GFP_KERNEL);

	if (!v)
		return NULL;
	v->start = start;
	v->end = end;
	v->prot = prot;
	v->flags = flags;
	v->file = file ? file_get(file) : NULL;
	v->pgoff = pgoff;
	v->shared = shared;
	if (shared)
		vm_shared_get(shared);
	if (vma_writes_file(v))
		pagecache_mmap_writer_get(file->f_inode);
	return v;
}

static void vma_free(struct vma *v)
{
	if (vma_writes_file(v))
		pagecache_mmap_writer_put(v->file->f_inode);
	if (v->file)
		file_put(v->file);
	vm_shared_put(v->shared);
	kfree(v);
}

static void count_vm(struct mm *mm, const struct vma *v, long sign)
{
	long pages = (long)((v->end - v->start) >> PAGE_SHIFT) * sign;

	mm->total_vm += (unsigned long)pages;
	if (v->flags & VM_GROWSDOWN)
		mm->stack_vm += (unsigned long)pages;
}

/* Link @v into the tree only (no counting). */
static void vma_link(struct mm *mm, struct vma *v)
{
	struct rb_node **link = &mm->vmas.node, *parent = NULL;

	while (*link) {
		parent = *link;
		link = v->start < vma_of(parent)->start ? &parent->left : &parent->right;
	}
	rb_link_node(&v->rb, parent, link);
	rb_insert_color(&v->rb, &mm->vmas);
	mm->nr_vmas++;
}

static void vma_unlink(struct mm *mm, struct vma *v)
{
	rb_erase(&v->rb, &mm->vmas);
	mm->nr_vmas--;
	mm->vma_cache = NULL;
}

void vma_insert(struct mm *mm, struct vma *vma)
{
	vma_link(mm, vma);
	count_vm(mm, vma, 1);
}

void vma_destroy(struct mm *mm, struct vma *vma)
{
	vma_zap(mm, vma, vma->start, vma->end);
	vma_unlink(mm, vma);
	count_vm(mm, vma, -1);
	vma_free(vma);
}

struct vma *vma_split(struct mm *mm, struct vma *vma, uintptr_t addr)
{
	uint64_t pages = (addr - vma->start) >> PAGE_SHIFT;
	struct vma *tail = vma_alloc(addr, vma->end, vma->prot, vma->flags, vma->file,
				     vma->pgoff + pages, vma->shared);

	if (!tail)
		return NULL;
	/* The tree is ordered by start and nothing overlaps: shrinking @vma
	 * and linking @tail right after it keeps the order. */
	vma->end = addr;
	vma_link(mm, tail);
	return tail;
}

/* Can @b (right after @a) be joined to @a? */
static bool vma_mergeable(const struct vma *a, const struct vma *b)
{
	uint64_t a_pages = (a->end - a->start) >> PAGE_SHIFT;

	if (a->end != b->start || a->prot != b->prot || a->flags != b->flags ||
	    a->file != b->file || a->shared != b->shared)
		return false;
	if (a->file || a->shared)
		return a->pgoff + a_pages == b->pgoff;
	return true;
}

/* Join @b into @a, which comes right before it. */
static void vma_join(struct mm *mm, struct vma *a, struct vma *b)
{
	a->end = b->end;
	vma_unlink(mm, b);
	vma_free(b);
}

struct vma *vma_merge(struct mm *mm, struct vma *vma)
{
	struct vma *prev = vma_prev(vma), *next = vma_next(vma);

	if (next && vma_mergeable(vma, next))
		vma_join(mm, vma, next);
	if (prev && vma_mergeable(prev, vma)) {
		vma_join(mm, prev, vma);
		vma = prev;
	}
	return vma;
}

enum mm_rss_kind vm_rss_kind(const struct vma *vma)
{
	if (vma->shared)
		return MM_RSS_SHMEM;
	return vma->file ? MM_RSS_FILE : MM_RSS_ANON;
}

void vma_zap(struct mm *mm, struct vma *vma, uintptr_t start, uintptr_t end)
{
	enum mm_rss_kind kind = vm_rss_kind(vma);
	bool any = false;

	for (uintptr_t va = start; va < end; va += PAGE_SIZE) {
		uint64_t pa;

		if (!hal_pt_query(mm->pt, va, &pa, NULL))
			continue;
		hal_pt_unmap(mm->pt, va);
		page_ref_put(pfn_to_page((unsigned long)(pa >> PAGE_SHIFT)));
		mm->rss[kind]--;
		any = true;
	}
	if (any)
		hal_tlb_flush(mm->pt, start, end - start);
}

int vm_unmap_range(struct mm *mm, uintptr_t start, uintptr_t end)
{
	struct vma *v = vma_find(mm, start);

	if (v && v->start < start && v->end > start) {
		v = vma_split(mm, v, start);
		if (!v)
			return -ENOMEM;
	}
	while (v && v->start < end) {
		struct vma *next;

		if (v->end > end && !vma_split(mm, v, end))
			return -ENOMEM;
		next = vma_next(v);
		vma_destroy(mm, v);
		v = next;
	}
	return 0;
}

/* ---- protections ---- */

unsigned int vm_hal_prot(unsigned int prot)
{
	unsigned int hp = 0;

	if (prot & PROT_READ)
		hp |= HAL_PROT_READ;
	if (prot & PROT_WRITE)
		hp |= HAL_PROT_READ | HAL_PROT_WRITE;
	if (prot & PROT_EXEC)
		hp |= HAL_PROT_EXEC;
	return hp;
}

unsigned int vm_pte_prot(const struct vma *vma, const struct page *page)
{
	unsigned int hp = vm_hal_prot(vma->prot);

	if (vma->flags & VM_SHARED_FILE) {
		if (vma->file->f_inode->i_data.a_ops)
			hp &= ~HAL_PROT_WRITE;
	} else if (!(vma->flags & VM_SHARED) && page_ref_count(page) > 1) {
		hp &= ~HAL_PROT_WRITE;
	}
	return hp;
}
