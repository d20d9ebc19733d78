/*
 * core/mm/mmap.c - mmap, munmap, mprotect, madvise, msync and mremap:
 * checking the arguments (Linux's rules and error codes), choosing
 * addresses, and cutting, retagging, moving and joining VMAs. The system
 * call handlers are in mmap_syscalls.c.
 *
 * Placement: MAP_FIXED replaces whatever was there; MAP_FIXED_NOREPLACE
 * fails with -EEXIST instead; otherwise a hint address is used when the
 * range there is free, else the highest free range below mm->mmap_base
 * (top-down, like Linux) that lies above VM_MMAP_MIN_ADDR.
 *
 * Locking: each vm_* function takes mm->lock for its whole work.
 */
#include "fs/devfs/devfs.h"
#include "fs/vfs/vfs.h"
#include "lib/compiler.h"
#include "mm/vma.h"
#include "uapi/errno.h"
#include "uapi/mman.h"

#define PROT_ALL (PROT_READ | PROT_WRITE | PROT_EXEC | PROT_SEM)

/* Round @len up to pages; 0 when it does not fit in the user range. */
static size_t page_len(size_t len)
{
	if (len > HAL_USER_VA_END)
		return 0;
	return ALIGN_UP(len, PAGE_SIZE);
}

static bool user_range_ok(uintptr_t start, size_t len)
{
	return start < HAL_USER_VA_END && len <= HAL_USER_VA_END - start;
}

/* The highest free page-aligned range of @len bytes below mm->mmap_base. */
static uintptr_t find_free_top_down(struct mm *mm, size_t len)
{
	uintptr_t top = mm->mmap_base;

	for (struct rb_node *n = rb_last(&mm->vmas); n; n = rb_prev(n)) {
		struct vma *v = rb_entry(n, struct vma, rb);

		if (v->start >= top)
			continue;
		if (v->end < top && top - v->end >= len)
			return top - len;
		top = v->start;
	}
	if (top >= VM_MMAP_MIN_ADDR + len)
		return top - len;
	return 0;
}

/* Where the new mapping goes, or a negative errno. */
static long choose_address(struct mm *mm, uintptr_t addr, size_t len, unsigned int flags)
{
	uintptr_t found;

	if (flags & (MAP_FIXED | MAP_FIXED_NOREPLACE)) {
		if (!vm_page_aligned(addr))
			return -EINVAL;
		if (!user_range_ok(addr, len))
			return -ENOMEM;
		if (addr < VM_MMAP_MIN_ADDR)
			return -EPERM;
		if (!(flags & MAP_FIXED) && !vma_range_free(mm, addr, addr + len))
			return -EEXIST;
		return (long)addr;
	}
	addr = ALIGN_DOWN(addr, (uintptr_t)PAGE_SIZE);
	if (addr >= VM_MMAP_MIN_ADDR && user_range_ok(addr, len) &&
	    vma_range_free(mm, addr, addr + len))
		return (long)addr;
	found = find_free_top_down(mm, len);
	return found ? (long)found : -ENOMEM;
}

/* Checks of a file mapping; fills the VMA flags it needs. */
static int check_file(struct file *file, unsigned int prot, unsigned int type,
		      unsigned int *vm_flags)
{
	if (!file->f_inode || !inode_is_reg(file->f_inode))
		return -ENODEV;
	if (!(file->f_mode & FMODE_READ))
		return -EACCES;
	if (type != MAP_SHARED && type != MAP_SHARED_VALIDATE)
		return 0;
	if ((prot & PROT_WRITE) && !(file->f_mode & FMODE_WRITE))
		return -EACCES;
	if (file->f_op->map_page) {
		*vm_flags |= VM_SHARED_FILE;
		if (!(file->f_mode & FMODE_WRITE))
			*vm_flags |= VM_SHARED_FILE_RO;
		return 0;
	}
	/* No pages of its own to share: read-only private copies only. */
	if (prot & PROT_WRITE)
		return -ENODEV;
	*vm_flags |= VM_SHARED_FILE_RO;
	return 0;
}

/* Touch every page of the new VMA (MAP_POPULATE); failures are ignored. */
static void populate(struct mm *mm, struct vma *v)
{
	unsigned int access = (v->prot & PROT_WRITE) ? HAL_ACCESS_WRITE : HAL_ACCESS_READ;

	for (uintptr_t va = v->start; va < v->end; va += PAGE_SIZE)
		if (vm_fault_locked(mm, va, access) < 0)
			break;
}

/* The mapping itself, arguments checked. Caller holds mm->lock. */
static long map_locked(struct mm *mm, uintptr_t addr, size_t len, unsigned int prot,
		       unsigned int flags, unsigned int vm_flags, struct file *file, uint64_t off)
{
	struct vm_shared *shared = NULL;
	struct vma *v;
	long where = choose_address(mm, addr, len, flags);

	if (where < 0)
		return where;
	/* MAP_FIXED: whatever was there goes (even if what follows fails). */
	if (vm_unmap_range(mm, (uintptr_t)where, (uintptr_t)where + len) < 0)
		return -ENOMEM;
	if (vm_flags & VM_SHARED) {
		shared = vm_shared_create(len >> PAGE_SHIFT);
		if (!shared)
			return -ENOMEM;
	}
	v = vma_alloc((uintptr_t)where, (uintptr_t)where + len, prot, vm_flags, file,
		      off >> PAGE_SHIFT, shared);
	vm_shared_put(shared); /* the VMA holds its own reference */
	if (!v)
		return -ENOMEM;
	vma_insert(mm, v);
	if (flags & MAP_POPULATE)
		populate(mm, v);
	vma_merge(mm, v);
	return where;
}

long vm_mmap(struct mm *mm, uintptr_t addr, size_t len, unsigned int prot, unsigned int flags,
	     struct file *file, uint64_t off)
{
	unsigned int type = flags & MAP_TYPE, vm_flags = 0;
	long ret;

	if (len == 0 || (prot & ~PROT_ALL))
		return -EINVAL;
	len = page_len(len);
	if (len == 0)
		return -ENOMEM;
	if (type != MAP_PRIVATE && type != MAP_SHARED && type != MAP_SHARED_VALIDATE)
		return -EINVAL;
	if (!(flags & MAP_ANONYMOUS) && file && file_maps_anonymous(file))
		flags |= MAP_ANONYMOUS;
	if (flags & MAP_ANONYMOUS) {
		file = NULL;
		off = 0;
		if (type != MAP_PRIVATE)
			vm_flags |= VM_SHARED;
	} else {
		if (!file)
			return -EBADF;
		if (off & (PAGE_SIZE - 1))
			return -EINVAL;
		if (off + len < off || (int64_t)(off + len) < 0)
			return -EOVERFLOW;
		ret = check_file(file, prot, type, &vm_flags);
		if (ret < 0)
			return ret;
	}
	if (flags & MAP_GROWSDOWN) {
		if (file || (vm_flags & VM_SHARED))
			return -EINVAL;
		vm_flags |= VM_GROWSDOWN;
	}
	mutex_lock(&mm->lock);
	ret = map_locked(mm, addr, len, prot & ~PROT_SEM, flags, vm_flags, file, off);
	mutex_unlock(&mm->lock);
	return ret;
}

int vm_munmap(struct mm *mm, uintptr_t addr, size_t len)
{
	int err;

	if (!vm_page_aligned(addr) || len == 0)
		return -EINVAL;
	len = page_len(len);
	if (len == 0 || !user_range_ok(addr, len))
		return -EINVAL;
	mutex_lock(&mm->lock);
	err = vm_unmap_range(mm, addr, addr + len);
	mutex_unlock(&mm->lock);
	return err;
}

/* True when VMAs cover [start, end) without a hole. */
static bool range_covered(struct mm *mm, uintptr_t start, uintptr_t end)
{
	struct vma *v = vma_find(mm, start);

	while (v && v->start <= start) {
		if (v->end >= end)
			return true;
		start = v->end;
		v = vma_next(v);
	}
	return false;
}

/* Bring the page table entries of [start, end) in @v in line with v->prot. */
static void reprotect_pages(struct mm *mm, struct vma *v, uintptr_t start, uintptr_t end)
{
	for (uintptr_t va = start; va < end; va += PAGE_SIZE) {
		uint64_t pa;
		unsigned int old, new;

		if (!hal_pt_query(mm->pt, va, &pa, &old))
			continue;
		new = vm_pte_prot(v, pfn_to_page((unsigned long)(pa >> PAGE_SHIFT)));
		if (new != old)
			(void)hal_pt_map(mm->pt, va, pa, new); /* replacing never allocates */
	}
	hal_tlb_flush(mm->pt, start, end - start);
}

static int protect_locked(struct mm *mm, uintptr_t start, uintptr_t end, unsigned int prot)
{
	struct vma *v;

	if (!range_covered(mm, start, end))
		return -ENOMEM;
	for (v = vma_find(mm, start); v && v->start < end; v = vma_next(v))
		if ((prot & PROT_WRITE) && (v->flags & VM_SHARED_FILE_RO))
			return -EACCES;
	v = vma_find(mm, start);
	if (v->start < start) {
		v = vma_split(mm, v, start);
		if (!v)
			return -ENOMEM;
	}
	while (v && v->start < end) {
		if (v->end > end && !vma_split(mm, v, end))
			return -ENOMEM;
		v->prot = prot;
		reprotect_pages(mm, v, v->start, v->end);
		v = vma_merge(mm, v);
		v = vma_next(v);
	}
	return 0;
}

int vm_mprotect(struct mm *mm, uintptr_t addr, size_t len, unsigned int prot)
{
	int err;

	if (!vm_page_aligned(addr) || (prot & ~(PROT_ALL | PROT_GROWSDOWN)) ||
	    (prot & PROT_GROWSUP))
		return -EINVAL;
	if (len == 0)
		return 0;
	len = page_len(len);
	if (len == 0 || !user_range_ok(addr, len))
		return -ENOMEM;
	mutex_lock(&mm->lock);
	if (prot & PROT_GROWSDOWN) {
		struct vma *v = vma_lookup(mm, addr);

		if (!v || !(v->flags & VM_GROWSDOWN)) {
			mutex_unlock(&mm->lock);
			return -EINVAL;
		}
		len += addr - v->start;
		addr = v->start;
	}
	err = protect_locked(mm, addr, addr + len, prot & ~(PROT_SEM | PROT_GROWSDOWN));
	mutex_unlock(&mm->lock);
	return err;
}

/* MADV_DONTNEED: drop the pages of [start, end); next touch refills them. */
static int dontneed_locked(struct mm *mm, uintptr_t start, uintptr_t end)
{
	bool hole = !range_covered(mm, start, end);

	for (struct vma *v = vma_find(mm, start); v && v->start < end; v = vma_next(v))
		vma_zap(mm, v, MAX(start, v->start), MIN(end, v->end));
	return hole ? -ENOMEM : 0;
}

int vm_madvise(struct mm *mm, uintptr_t addr, size_t len, int advice)
{
	int err = 0;

	if (!vm_page_aligned(addr))
		return -EINVAL;
	len = page_len(len);
	if (!user_range_ok(addr, len))
		return -EINVAL;
	switch (advice) {
	case MADV_DONTNEED:
	case MADV_FREE:
		if (len == 0)
			return 0;
		mutex_lock(&mm->lock);
		err = dontneed_locked(mm, addr, addr + len);
		mutex_unlock(&mm->lock);
		return err;
	case MADV_NORMAL:
	case MADV_RANDOM:
	case MADV_SEQUENTIAL:
	case MADV_WILLNEED:
	case MADV_DONTFORK:
	case MADV_DOFORK:
	case MADV_MERGEABLE:
	case MADV_UNMERGEABLE:
	case MADV_HUGEPAGE:
	case MADV_NOHUGEPAGE:
	case MADV_DONTDUMP:
	case MADV_DODUMP:
	case MADV_COLD:
	case MADV_PAGEOUT:
		return 0; /* hints: nothing to do */
	default:
		return -EINVAL;
	}
}

/*
 * fsync the file of each shared file mapping in [start, end), one at a
 * time without mm->lock (fsync waits for the disk and the journal). The
 * first error is returned.
 */
static int sync_shared_files(struct mm *mm, uintptr_t start, uintptr_t end)
{
	int err = 0;

	while (start < end) {
		struct file *file = NULL;
		int e;

		mutex_lock(&mm->lock);
		for (struct vma *v = vma_find(mm, start); v && v->start < end; v = vma_next(v)) {
			start = v->end;
			if (v->flags & VM_SHARED_FILE) {
				file = file_get(v->file);
				break;
			}
		}
		mutex_unlock(&mm->lock);
		if (!file)
			break;
		e = vfs_fsync(file);
		file_put(file);
		if (e && !err)
			err = e;
	}
	return err;
}

int vm_msync(struct mm *mm, uintptr_t addr, size_t len, int flags)
{
	bool covered;
	int err = 0;

	if (!vm_page_aligned(addr) || (flags & ~(MS_ASYNC | MS_INVALIDATE | MS_SYNC)) ||
	    ((flags & MS_ASYNC) && (flags & MS_SYNC)))
		return -EINVAL;
	len = page_len(len);
	if (!user_range_ok(addr, len))
		return -ENOMEM;
	if (len == 0)
		return 0;
	mutex_lock(&mm->lock);
	covered = range_covered(mm, addr, addr + len);
	mutex_unlock(&mm->lock);
	/* Private and anonymous mappings have nothing to write back; shared
	 * file mappings are the page cache, which MS_ASYNC's write-back
	 * (the flusher) reaches anyway. */
	if (flags & MS_SYNC)
		err = sync_shared_files(mm, addr, addr + len);
	return covered ? err : -ENOMEM;
}

/* ---- mremap ---- */

/* Move the pages of @from to the same offsets in @to (same size or larger). */
static int move_pages(struct mm *mm, struct vma *from, struct vma *to)
{
	uintptr_t off, moved;

	for (off = 0; from->start + off < from->end; off += PAGE_SIZE) {
		unsigned int hp;
		uint64_t pa;

		if (hal_pt_query(mm->pt, from->start + off, &pa, &hp) &&
		    hal_pt_map(mm->pt, to->start + off, pa, hp) < 0)
			goto undo;
	}
	for (off = 0; from->start + off < from->end; off += PAGE_SIZE)
		hal_pt_unmap(mm->pt, from->start + off);
	hal_tlb_flush(mm->pt, from->start, from->end - from->start);
	return 0;
undo:
	for (moved = 0; moved < off; moved += PAGE_SIZE)
		hal_pt_unmap(mm->pt, to->start + moved);
	return -ENOMEM;
}

/* Move all of @v (page table entries included) to [@to, @to + @len). */
static long move_vma(struct mm *mm, struct vma *v, uintptr_t to, size_t len)
{
	struct vma *nv;

	if (vm_unmap_range(mm, to, to + len) < 0)
		return -ENOMEM;
	nv = vma_alloc(to, to + len, v->prot, v->flags, v->file, v->pgoff, v->shared);
	if (!nv)
		return -ENOMEM;
	vma_insert(mm, nv);
	if (move_pages(mm, v, nv) < 0) {
		vma_destroy(mm, nv);
		return -ENOMEM;
	}
	vma_destroy(mm, v); /* its entries are gone: this frees no page */
	vma_merge(mm, nv);
	return (long)to;
}

/* [old, old + old_len) as a VMA of its own, or NULL (no memory). */
static struct vma *isolate(struct mm *mm, struct vma *v, uintptr_t old, size_t old_len)
{
	if (v->start < old)
		v = vma_split(mm, v, old);
	if (v && v->end > old + old_len && !vma_split(mm, v, old + old_len))
		return NULL;
	return v;
}

static long remap_locked(struct mm *mm, uintptr_t old, size_t old_len, size_t new_len,
			 unsigned int flags, uintptr_t new_addr)
{
	struct vma *v = vma_lookup(mm, old);
	uintptr_t to;

	if (!v || old_len > v->end - old)
		return -EFAULT;
	if (flags & MREMAP_FIXED) {
		if (new_addr < VM_MMAP_MIN_ADDR)
			return -EPERM;
		if (new_len < old_len && vm_unmap_range(mm, old + new_len, old + old_len) < 0)
			return -ENOMEM;
		v = isolate(mm, vma_lookup(mm, old), old, MIN(old_len, new_len));
		return v ? move_vma(mm, v, new_addr, new_len) : -ENOMEM;
	}
	if (new_len <= old_len) {
		if (vm_unmap_range(mm, old + new_len, old + old_len) < 0)
			return -ENOMEM;
		return (long)old;
	}
	/* Grow in place when the area ends there and the space after is free. */
	if (old + old_len == v->end && user_range_ok(old, new_len) &&
	    vma_range_free(mm, v->end, old + new_len)) {
		unsigned long pages = (old + new_len - v->end) >> PAGE_SHIFT;

		v->end = old + new_len;
		mm->total_vm += pages;
		if (v->flags & VM_GROWSDOWN)
			mm->stack_vm += pages;
		vma_merge(mm, v);
		return (long)old;
	}
	if (!(flags & MREMAP_MAYMOVE))
		return -ENOMEM;
	to = find_free_top_down(mm, new_len);
	if (!to)
		return -ENOMEM;
	v = isolate(mm, v, old, old_len);
	return v ? move_vma(mm, v, to, new_len) : -ENOMEM;
}

long vm_mremap(struct mm *mm, uintptr_t old, size_t old_len, size_t new_len, unsigned int flags,
	       uintptr_t new_addr)
{
	long ret;

	if (flags & ~(MREMAP_MAYMOVE | MREMAP_FIXED))
		return -EINVAL; /* MREMAP_DONTUNMAP is not supported */
	if ((flags & MREMAP_FIXED) && !(flags & MREMAP_MAYMOVE))
		return -EINVAL;
	if (!vm_page_aligned(old) || new_len == 0 || old_len == 0)
		return -EINVAL;
	old_len = page_len(old_len);
	new_len = page_len(new_len);
	if (!old_len || !new_len || !user_range_ok(old, old_len))
		return -EFAULT;
	if (flags & MREMAP_FIXED) {
		if (!vm_page_aligned(new_addr) || !user_range_ok(new_addr, new_len))
			return -EINVAL;
		if (new_addr < old + old_len && old < new_addr + new_len)
			return -EINVAL;
	}
	mutex_lock(&mm->lock);
	ret = remap_locked(mm, old, old_len, new_len, flags, new_addr);
	mutex_unlock(&mm->lock);
	return ret;
}
