/*
 * core/mm/vm.h - user address spaces: struct mm, its areas (VMAs), page
 * faults, copy-on-write, and the kernel side of brk/mmap/munmap/mprotect/
 * madvise/msync.
 *
 * An address space is a page table (hal_pt) plus a set of VMAs, each a
 * page-aligned range [start, end) with one protection and one backing:
 *
 *	private anonymous	zero pages on first touch
 *	private file		the file's bytes on first touch (zero after EOF
 *				in the last page; past the last page: -EIO):
 *				the page-cache page itself, read-only, for
 *				cached files (ext4), so processes share it
 *				until one writes; a private copy otherwise
 *	shared anonymous	pages of a vm_shared object that every mapper
 *				(fork children included) maps writable; never COW
 *	shared file		the file's own pages (f_op->map_page: ext4's
 *				page cache, tmpfs's pages), mapped by every
 *				process; stores are the file's data at once.
 *				Page-cache pages are mapped read-only until a
 *				write fault has the file system allocate their
 *				blocks and marks them dirty (see pagecache.h)
 *
 * Pages are filled on demand by vm_fault(). mm_dup() (fork) shares private
 * pages read-only between parent and child with a page reference each
 * (page_ref_get); the first write to such a page copies it, or takes it over
 * when nobody else holds it any more. A shared file mapping of a file not
 * opened for writing can never be writable (mmap and mprotect: -EACCES).
 * Files without f_op->map_page (procfs...) have no writable shared
 * mappings (-ENODEV) and their read-only ones behave as private ones.
 *
 * Errors are negative errno values. vm_fault() returns distinct ones so the
 * trap handler can pick the signal:
 *	-EFAULT  no VMA at the address		-> SIGSEGV / SEGV_MAPERR
 *	-EACCES  the VMA forbids the access	-> SIGSEGV / SEGV_ACCERR
 *	-EIO     file page past end of file	-> SIGBUS  / BUS_ADRERR
 *	-ENOMEM  out of memory			-> SIGKILL (or SIGBUS)
 *
 * Locking: mm->lock (a mutex) protects the VMA set and the contents of the
 * page table; every function here takes it itself, so none may be called
 * with it held, nor with a spinlock held (they sleep). Lock order: mm->lock
 * before inode locks (a file fault reads the file with mm->lock held), so
 * never call copy_*_user with an inode lock held. The counters are updated
 * under mm->lock; mm_get_usage() takes it for a consistent snapshot.
 */
#ifndef RUX_MM_VM_H
#define RUX_MM_VM_H

#include <stddef.h>
#include <stdint.h>

#include "hal/hal.h"
#include "lib/rbtree.h"
#include "lib/refcount.h"
#include "sched/mutex.h"

struct file;
struct vm_shared;

/* Lowest address mmap() hands out or accepts (Linux's mmap_min_addr). */
#define VM_MMAP_MIN_ADDR (16 * 4096ul)
/* Default stack size limit (RLIMIT_STACK): 8 MiB. */
#define VM_STACK_MAX_DEFAULT (8ul << 20)
/* A growing stack stays this far above the mapping below it (Linux: 256 pages). */
#define VM_STACK_GUARD_GAP (256 * 4096ul)

/* vma->flags */
#define VM_SHARED	  (1u << 0) /* MAP_SHARED anonymous: backed by vma->shared */
#define VM_GROWSDOWN	  (1u << 1) /* a stack: faults just below it extend it */
#define VM_SHARED_FILE_RO (1u << 2) /* MAP_SHARED file that may never become writable */
#define VM_SHARED_FILE	  (1u << 3) /* MAP_SHARED file: the file's own pages (f_op->map_page) */

struct vma {
	struct rb_node rb;	  /* in mm->vmas, ordered by start */
	uintptr_t start, end;	  /* page aligned, start < end */
	unsigned int prot;	  /* PROT_READ | PROT_WRITE | PROT_EXEC, or PROT_NONE */
	unsigned int flags;	  /* VM_* */
	struct file *file;	  /* file mapping: a reference; else NULL */
	uint64_t pgoff;		  /* file: offset of start in pages; shared: index */
	struct vm_shared *shared; /* VM_SHARED: a reference; else NULL */
};

/* Resident pages by kind, for /proc/<pid>/status (RssAnon, RssFile, RssShmem). */
enum mm_rss_kind { MM_RSS_ANON, MM_RSS_FILE, MM_RSS_SHMEM, MM_RSS_KINDS };

struct mm {
	struct refcount users; /* processes (and temporary users) of this mm */
	struct hal_pt *pt;     /* the page table */
	struct mutex lock;     /* the VMA set, the page table, everything below */
	struct rb_root vmas;   /* struct vma, by start address, never overlapping */
	struct vma *vma_cache; /* last VMA found (NULL after any removal) */
	unsigned long nr_vmas;
	uintptr_t brk_start;		 /* where the heap begins (set by exec) */
	uintptr_t brk;			 /* current break (brk_start <= brk) */
	uintptr_t mmap_base;		 /* top-down mmap placement starts below this */
	uintptr_t stack_top;		 /* top of the main stack VMA */
	unsigned long stack_max;	 /* most bytes the stack may grow to */
	unsigned long rss[MM_RSS_KINDS]; /* resident pages by kind */
	unsigned long total_vm;		 /* pages in VMAs */
	unsigned long stack_vm;		 /* pages in VM_GROWSDOWN VMAs */
};

/* ---- address spaces ---- */

/* A new empty address space with one reference, or NULL (out of memory). */
struct mm *mm_create(void);
/* Take one more reference. */
void mm_get(struct mm *mm);
/*
 * Drop a reference; the last one unmaps everything, frees the pages nobody
 * else holds and the page table. The mm must not be active on any CPU then.
 */
void mm_put(struct mm *mm);
/* fork: a copy of @mm sharing its private pages copy-on-write and its shared
 * pages for real, or NULL when out of memory. */
struct mm *mm_dup(struct mm *mm);
/* Run user mode on this CPU in @mm (NULL: no user address space). */
void mm_activate(struct mm *mm);

/*
 * exec: make [@top - @size, @top) the main stack (read-write, growing down
 * up to @max bytes, 0: VM_STACK_MAX_DEFAULT) and put the mmap area below
 * it. 0, -EINVAL (not page aligned / too big) or -ENOMEM.
 */
int mm_setup_stack(struct mm *mm, uintptr_t top, size_t size, size_t max);
/* exec: the heap starts at @start (rounded up to a page: the end of the
 * program's data); the break is there too. Until then brk() gives 0. */
void mm_set_brk(struct mm *mm, uintptr_t start);

/* A snapshot of the counters, in pages. */
struct mm_usage {
	unsigned long total_vm, stack_vm;
	unsigned long rss_anon, rss_file, rss_shmem;
	unsigned long data_vm; /* private writable, not stack */
	unsigned long exec_vm; /* executable */
};
void mm_get_usage(struct mm *mm, struct mm_usage *u);

/* ---- faults ---- */

/*
 * Make the page at @addr accessible for @access (HAL_ACCESS_*), filling,
 * copying or growing as the VMA says. 0, -EFAULT, -EACCES, -EIO or -ENOMEM
 * (see the top of this file).
 */
int vm_fault(struct mm *mm, uintptr_t addr, unsigned int access);

/* ---- the system calls' real work ---- */

/*
 * mmap(2): map @len bytes (PROT_* @prot, MAP_* @flags) of anonymous memory
 * or of @file from byte @off (NULL for MAP_ANONYMOUS; the VMA takes its own
 * reference). Returns the address or a negative errno.
 */
long vm_mmap(struct mm *mm, uintptr_t addr, size_t len, unsigned int prot, unsigned int flags,
	     struct file *file, uint64_t off);
/* munmap(2): 0 or -EINVAL. */
int vm_munmap(struct mm *mm, uintptr_t addr, size_t len);
/* mprotect(2): 0, -EINVAL, -ENOMEM (part unmapped), -EACCES. */
int vm_mprotect(struct mm *mm, uintptr_t addr, size_t len, unsigned int prot);
/* madvise(2): MADV_DONTNEED/FREE drop pages; hints are accepted. */
int vm_madvise(struct mm *mm, uintptr_t addr, size_t len, int advice);
/* msync(2): MS_SYNC fsyncs the files of the shared file mappings in the
 * range; MS_ASYNC and MS_INVALIDATE have nothing to do (the mappings are
 * the page cache). 0, -EINVAL, -ENOMEM (part unmapped), -EIO. */
int vm_msync(struct mm *mm, uintptr_t addr, size_t len, int flags);
/*
 * mremap(2) with MREMAP_MAYMOVE and MREMAP_FIXED (not MREMAP_DONTUNMAP):
 * shrink in place, grow in place when the space after is free, else move
 * the pages (no copy). The new address or -EINVAL, -EFAULT, -ENOMEM, -EPERM.
 */
long vm_mremap(struct mm *mm, uintptr_t old, size_t old_len, size_t new_len, unsigned int flags,
	       uintptr_t new_addr);
/* brk(2): move the break to @brk if possible; returns the break in force. */
uintptr_t vm_brk(struct mm *mm, uintptr_t brk);

#endif /* RUX_MM_VM_H */
