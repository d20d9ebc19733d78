/*
 * core/mm/fault.c - page faults: demand paging, copy-on-write, stack growth.
 *
 * vm_fault(mm, addr, access) is called for every user page fault (by the
 * user loop) and by copy_*_user when a page is missing or read-only. It
 *
 *  1. finds the VMA at @addr, or grows a VM_GROWSDOWN stack VMA just above
 *     it down to @addr (within the stack limit, keeping a guard gap above
 *     the area below);
 *  2. checks the access against the VMA's protection;
 *  3. if the page is present but read-only in a private writable VMA, breaks
 *     copy-on-write: takes the page over when this mm holds its only
 *     reference, else copies it; in a shared file mapping, has the file
 *     dirty the page and maps it writable;
 *  4. if the page is absent, fills a new one: zeros (anonymous), the
 *     file's own page in a shared file mapping (f_op->map_page; a
 *     page-cache page is mapped read-only until a write fault dirties it,
 *     step 3's counterpart for shared mappings), the page-cache page of a
 *     file whose file system caches it (shared by every process mapping
 *     it; mapped read-only in private mappings, the cache's reference
 *     makes the first write copy it), a private copy of the file's bytes
 *     otherwise (tmpfs, procfs...), or the shared object's page (shared
 *     anonymous), and maps it with the VMA's rights.
 *
 * Locking: vm_fault takes mm->lock; vm_fault_locked expects it held. A file
 * fault reads the file (inode lock, may sleep) under mm->lock.
 */
#include "fs/vfs/vfs.h"
#include "lib/compiler.h"
#include "lib/string.h"
#include "mm/vma.h"
#include "uapi/errno.h"
#include "uapi/mman.h"

/* Does a VMA with PROT_* @prot allow @access (HAL_ACCESS_*)? */
static bool vma_allows(unsigned int prot, unsigned int access)
{
	unsigned int hp = vm_hal_prot(prot);

	if ((access & HAL_ACCESS_WRITE) && !(hp & HAL_PROT_WRITE))
		return false;
	if ((access & HAL_ACCESS_READ) && !(hp & HAL_PROT_READ))
		return false;
	if ((access & HAL_ACCESS_EXEC) && !(hp & HAL_PROT_EXEC))
		return false;
	return true;
}

/* Does a page table entry with HAL_PROT_* @hp allow @access? */
static bool pte_allows(unsigned int hp, unsigned int access)
{
	return ((access & HAL_ACCESS_WRITE) == 0 || (hp & HAL_PROT_WRITE)) &&
	       ((access & HAL_ACCESS_READ) == 0 || (hp & HAL_PROT_READ)) &&
	       ((access & HAL_ACCESS_EXEC) == 0 || (hp & HAL_PROT_EXEC));
}

/*
 * @addr lies below @stack, a VM_GROWSDOWN VMA (the first VMA above @addr):
 * extend the stack down to @addr's page. Returns @stack or NULL.
 */
static struct vma *grow_stack(struct mm *mm, struct vma *stack, uintptr_t addr)
{
	uintptr_t new_start = addr & PAGE_MASK;
	struct vma *prev = vma_prev(stack);
	unsigned long grow;

	if (stack->end - new_start > mm->stack_max)
		return NULL;
	if (prev && (new_start < prev->end || new_start - prev->end < VM_STACK_GUARD_GAP))
		return NULL;
	grow = (stack->start - new_start) >> PAGE_SHIFT;
	stack->start = new_start;
	mm->total_vm += grow;
	mm->stack_vm += grow;
	return stack;
}

/* Map @page (whose reference goes to the entry) at @va with HAL_PROT_* @hp. */
static int map_new_page(struct mm *mm, struct vma *vma, uintptr_t va, struct page *page,
			unsigned int hp)
{
	if (hal_pt_map(mm->pt, va, page_to_phys(page), hp) < 0) {
		page_ref_put(page);
		return -ENOMEM;
	}
	mm->rss[vm_rss_kind(vma)]++;
	return 0;
}

/* Fill @page with the file bytes for @va of private file mapping @vma. */
static int read_file_page(struct vma *vma, uintptr_t va, struct page *page)
{
	int64_t pos = (int64_t)((vma->pgoff << PAGE_SHIFT) + (va - vma->start));
	char *buf = page_address(page);
	size_t done = 0;

	while (done < PAGE_SIZE) {
		long n = vfs_read(vma->file, buf + done, PAGE_SIZE - done, &pos);

		if (n < 0)
			return (int)n;
		if (n == 0)
			break;
		done += (size_t)n;
	}
	/* Nothing at all: the page lies past the end of the file (SIGBUS). */
	return done ? 0 : -EIO;
}

/*
 * The page for @va of file mapping @vma from the page cache, with a
 * reference: the cache's page itself, or for a write (private mappings
 * only reach here) a copy of it, as break_cow would make at once.
 */
static int cached_file_page(struct vma *vma, uintptr_t va, unsigned int access, struct page **out)
{
	uint64_t index = vma->pgoff + ((va - vma->start) >> PAGE_SHIFT);
	struct page *cached, *copy;
	int err = 0;

	cached = pagecache_get_page(vma->file->f_inode, index, &err);
	if (!cached)
		return err;
	*out = cached;
	if (!(access & HAL_ACCESS_WRITE))
		return 0;
	copy = alloc_pages(0, GFP_KERNEL);
	if (copy)
		memcpy(page_address(copy), page_address(cached), PAGE_SIZE);
	page_ref_put(cached);
	*out = copy;
	return copy ? 0 : -ENOMEM;
}

/*
 * The file's own page for @va of shared file mapping @vma, with a
 * reference; for a write, the file system has given it storage. No space
 * for it is SIGBUS too, as in Linux.
 */
static int shared_file_page(struct vma *vma, uintptr_t va, bool write, struct page **out)
{
	uint64_t index = vma->pgoff + ((va - vma->start) >> PAGE_SHIFT);
	int err = vma->file->f_op->map_page(vma->file, index, write, out);

	return err == -ENOSPC ? -EIO : err;
}

/* A shared file page at @va for @access: a write maps it writable at once,
 * a read as vm_pte_prot says (read-only for page-cache pages). */
static int fill_shared_file(struct mm *mm, struct vma *vma, uintptr_t va, unsigned int access)
{
	bool write = access & HAL_ACCESS_WRITE;
	struct page *page;
	int err = shared_file_page(vma, va, write, &page);

	if (err)
		return err;
	return map_new_page(mm, vma, va, page,
			    write ? vm_hal_prot(vma->prot) : vm_pte_prot(vma, page));
}

/* A write to present page @pa at @va of shared file mapping @vma, mapped
 * read-only until now: the file dirties it (and gives it blocks). */
static int shared_file_mkwrite(struct mm *mm, struct vma *vma, uintptr_t va, uint64_t pa)
{
	struct page *page;
	int err = shared_file_page(vma, va, true, &page);

	if (err)
		return err;
	if (hal_pt_map(mm->pt, va, page_to_phys(page), vm_hal_prot(vma->prot)) < 0) {
		page_ref_put(page);
		return -ENOMEM;
	}
	hal_tlb_flush(mm->pt, va, PAGE_SIZE);
	/* The entry keeps one reference: the same page's, or the new page's
	 * when the file made the page anew (after a truncation). */
	page_ref_put(page_to_phys(page) == pa ? page
					      : pfn_to_page((unsigned long)(pa >> PAGE_SHIFT)));
	return 0;
}

/* @va has no page yet: make one. */
static int fill_page(struct mm *mm, struct vma *vma, uintptr_t va, unsigned int access)
{
	struct page *page = NULL;
	int err;

	if (vma->flags & VM_SHARED_FILE)
		return fill_shared_file(mm, vma, va, access);
	if (vma->file && vma->file->f_inode->i_data.a_ops) {
		err = cached_file_page(vma, va, access, &page);
		return err ? err : map_new_page(mm, vma, va, page, vm_pte_prot(vma, page));
	}
	if (vma->shared) {
		unsigned long index = vma->pgoff + ((va - vma->start) >> PAGE_SHIFT);

		/* Past the object (mremap grew the mapping): SIGBUS, as Linux. */
		if (index >= vma->shared->nr_pages)
			return -EIO;
		page = vm_shared_page(vma->shared, index);
		return page ? map_new_page(mm, vma, va, page, vm_pte_prot(vma, page)) : -ENOMEM;
	}
	page = alloc_pages(0, __GFP_ZERO);
	if (!page)
		return -ENOMEM;
	if (vma->file) {
		err = read_file_page(vma, va, page);
		if (err) {
			page_ref_put(page);
			return err;
		}
	}
	return map_new_page(mm, vma, va, page, vm_pte_prot(vma, page));
}

/* A write to present private page @pa at @va that is mapped read-only. */
static int break_cow(struct mm *mm, struct vma *vma, uintptr_t va, uint64_t pa)
{
	struct page *old = pfn_to_page((unsigned long)(pa >> PAGE_SHIFT)), *copy;
	unsigned int hp = vm_hal_prot(vma->prot);

	if (page_ref_count(old) == 1) {
		/* The other holders are gone: the page is ours alone. */
		if (hal_pt_map(mm->pt, va, pa, hp) < 0)
			return -ENOMEM;
		hal_tlb_flush(mm->pt, va, PAGE_SIZE);
		return 0;
	}
	copy = alloc_pages(0, GFP_KERNEL);
	if (!copy)
		return -ENOMEM;
	memcpy(page_address(copy), page_address(old), PAGE_SIZE);
	if (hal_pt_map(mm->pt, va, page_to_phys(copy), hp) < 0) {
		page_ref_put(copy);
		return -ENOMEM;
	}
	hal_tlb_flush(mm->pt, va, PAGE_SIZE);
	page_ref_put(old);
	return 0;
}

int vm_fault_locked(struct mm *mm, uintptr_t addr, unsigned int access)
{
	uintptr_t va = addr & PAGE_MASK;
	struct vma *vma;
	unsigned int hp;
	uint64_t pa;

	if (addr >= HAL_USER_VA_END)
		return -EFAULT;
	vma = vma_find(mm, addr);
	if (vma && addr < vma->start)
		vma = (vma->flags & VM_GROWSDOWN) ? grow_stack(mm, vma, addr) : NULL;
	if (!vma)
		return -EFAULT;
	if (!vma_allows(vma->prot, access))
		return -EACCES;
	if (!hal_pt_query(mm->pt, va, &pa, &hp))
		return fill_page(mm, vma, va, access);
	if (pte_allows(hp, access))
		return 0; /* someone else fixed it already */
	if ((access & HAL_ACCESS_WRITE) && (vma->flags & VM_SHARED_FILE))
		return shared_file_mkwrite(mm, vma, va, pa);
	if ((access & HAL_ACCESS_WRITE) && !(vma->flags & VM_SHARED))
		return break_cow(mm, vma, va, pa);
	/* Present with fewer rights than the VMA gives (after mprotect). */
	hp = vm_pte_prot(vma, pfn_to_page((unsigned long)(pa >> PAGE_SHIFT)));
	if (hal_pt_map(mm->pt, va, pa, hp) < 0)
		return -ENOMEM;
	hal_tlb_flush(mm->pt, va, PAGE_SIZE);
	return 0;
}

int vm_fault(struct mm *mm, uintptr_t addr, unsigned int access)
{
	int err;

	if (!mm)
		return -EFAULT;
	mutex_lock(&mm->lock);
	err = vm_fault_locked(mm, addr, access);
	mutex_unlock(&mm->lock);
	return err;
}
