/*
 * hal/riscv64/pt.c - user page tables (Sv39) and TLB shoot-downs.
 *
 * A struct hal_pt is never defined: a struct hal_pt * is the direct-map
 * address of the space's root table. The root's upper 256 entries are copies
 * of the kernel table's (mmu.c never changes them after boot), so the kernel
 * half - image, direct map, devices - is the same in every space and needs
 * no table of its own. The lower 256 entries map user addresses
 * [0, HAL_USER_VA_END) through second- and third-level tables with 4 KiB
 * leaves only. Every table page comes from kernel_pt_page_alloc() (zeroed)
 * and goes back through kernel_pt_page_free(); hal_pt_unmap() leaves empty
 * tables in place until hal_pt_destroy().
 *
 * Leaves: V, U, A and D always (no hardware A/D updates needed: QEMU without
 * Svadu faults on clear bits), R/W/X from HAL_PROT_*, never G. Write implies
 * read (Sv39 reserves W without R). A page mapped with no access at all is
 * an invalid PTE that remembers its address in a software bit, so
 * hal_pt_query() still reports it.
 *
 * All address spaces use ASID 0: hal_pt_activate() writes satp and flushes
 * the hart's whole TLB, so a hart caches translations of the one space in its
 * satp (rv_hart.active_pt) and of no other. hal_tlb_flush() therefore
 * flushes the calling hart if the space is active there, and, through SBI
 * RFENCE, the other harts whose active_pt is that space.
 *
 * Locking: the caller serialises changes to one page table (the VM's lock of
 * its address space); the table pages themselves are linked with
 * compare-and-swap, so two hal_pt_map() calls racing to add the same table
 * lose no page. active_pt is written only by its hart, with interrupts off.
 * A map, unmap or protect, then hal_tlb_flush(): the flush reads active_pt
 * after the PTE store (full fence), and hal_pt_activate() publishes active_pt
 * before it loads satp, so no hart can keep a stale translation unflushed.
 */
#include "hal/hal.h"
#include "hal/riscv64/hart.h"
#include "hal/riscv64/platform.h"
#include "hal/riscv64/riscv.h"
#include "hal/riscv64/sbi.h"
#include "lib/compiler.h"
#include "lib/panic.h"
#include "uapi/errno.h"

#define SATP_PPN	  ((1ul << 44) - 1)
#define PTE_SW_NONE	  (1ul << 8) /* RSW bit: PROT_NONE page, V clear */
#define USER_ROOT_ENTRIES (PT_ENTRIES / 2)
#define PT_PAGE_SIZE	  (1ul << PT_PAGE_SHIFT)
/* Flush the whole TLB rather than more pages than this one at a time. */
#define FLUSH_ALL_PAGES 64

static uint64_t *pt_root(struct hal_pt *pt)
{
	return (uint64_t *)pt;
}

static unsigned int pt_index(uintptr_t va, int level)
{
	return (va >> (PT_PAGE_SHIFT + 9 * level)) % PT_ENTRIES;
}

static uint64_t pte_pa(uint64_t pte)
{
	return (pte >> PTE_PPN_SHIFT) << PT_PAGE_SHIFT;
}

static uint64_t *pte_table(uint64_t pte)
{
	return hal_phys_to_virt(pte_pa(pte));
}

static uint64_t pte_for(uint64_t pa, uint64_t flags)
{
	return (pa >> PT_PAGE_SHIFT) << PTE_PPN_SHIFT | flags;
}

/* The kernel's root table, in the image (mmu.c). */
static const uint64_t *kernel_root(void)
{
	uint64_t pa = (rv_kernel_satp & SATP_PPN) << PT_PAGE_SHIFT;

	return (const uint64_t *)(uintptr_t)(pa + rv_kernel_pa_offset);
}

/*
 * The leaf entry for @va, adding the missing tables on the way when @alloc.
 * NULL when a table is missing (and !@alloc) or none could be allocated.
 */
static uint64_t *pte_slot(struct hal_pt *pt, uintptr_t va, bool alloc)
{
	uint64_t *table = pt_root(pt);

	for (int level = 2; level > 0; level--) {
		uint64_t *entry = &table[pt_index(va, level)];
		uint64_t pte = __atomic_load_n(entry, __ATOMIC_ACQUIRE);

		if (!(pte & PTE_V)) {
			void *page;
			uint64_t next;

			if (!alloc)
				return NULL;
			page = kernel_pt_page_alloc();
			if (!page)
				return NULL;
			next = pte_for(hal_virt_to_phys(page), PTE_V);
			if (__atomic_compare_exchange_n(entry, &pte, next, false, __ATOMIC_ACQ_REL,
							__ATOMIC_ACQUIRE))
				pte = next;
			else
				kernel_pt_page_free(page); /* lost the race: use the winner's */
		}
		table = pte_table(pte);
	}
	return &table[pt_index(va, 0)];
}

static uint64_t user_pte(uint64_t pa, unsigned int prot)
{
	uint64_t flags = PTE_V | PTE_U | PTE_A | PTE_D;

	if (!(prot & (HAL_PROT_READ | HAL_PROT_WRITE | HAL_PROT_EXEC)))
		return pte_for(pa, PTE_SW_NONE);
	if (prot & (HAL_PROT_READ | HAL_PROT_WRITE))
		flags |= PTE_R;
	if (prot & HAL_PROT_WRITE)
		flags |= PTE_W;
	if (prot & HAL_PROT_EXEC)
		flags |= PTE_X;
	return pte_for(pa, flags);
}

struct hal_pt *hal_pt_create(void)
{
	uint64_t *root = kernel_pt_page_alloc();
	const uint64_t *kernel = kernel_root();

	if (!root)
		return NULL;
	for (unsigned int i = USER_ROOT_ENTRIES; i < PT_ENTRIES; i++)
		root[i] = kernel[i];
	return (struct hal_pt *)root;
}

/* Load satp for @pt (NULL: the kernel table). Interrupts disabled. */
static void activate(struct rv_hart *h, struct hal_pt *pt)
{
	uint64_t satp = rv_kernel_satp;

	if (pt)
		satp = SATP_MODE_SV39 | hal_virt_to_phys(pt) >> PT_PAGE_SHIFT;
	/* Published before any translation of @pt can be cached here. */
	__atomic_store_n(&h->active_pt, pt, __ATOMIC_SEQ_CST);
	csr_write(satp, satp);
	rv_sfence_vma();
}

void hal_pt_activate(struct hal_pt *pt)
{
	unsigned long flags = hal_irq_save();
	struct rv_hart *h = rv_this_hart();

	if (h->active_pt != pt)
		activate(h, pt);
	hal_irq_restore(flags);
}

void hal_pt_destroy(struct hal_pt *pt)
{
	uint64_t *root = pt_root(pt);
	unsigned long flags = hal_irq_save();

	if (rv_this_hart()->active_pt == pt)
		activate(rv_this_hart(), NULL);
	hal_irq_restore(flags);
	for (unsigned int cpu = 0; cpu < rv_nr_cpus; cpu++)
		if (__atomic_load_n(&rv_harts[cpu].active_pt, __ATOMIC_SEQ_CST) == pt)
			panic("pt: destroying a page table still active on cpu %u", cpu);

	for (unsigned int i = 0; i < USER_ROOT_ENTRIES; i++) {
		uint64_t *mid;

		if (!(root[i] & PTE_V))
			continue;
		mid = pte_table(root[i]);
		for (unsigned int j = 0; j < PT_ENTRIES; j++)
			if (mid[j] & PTE_V)
				kernel_pt_page_free(pte_table(mid[j]));
		kernel_pt_page_free(mid);
	}
	kernel_pt_page_free(root);
}

int hal_pt_map(struct hal_pt *pt, uintptr_t va, uint64_t pa, unsigned int prot)
{
	uint64_t *slot;

	if (va >= HAL_USER_VA_END || !IS_ALIGNED(va, PT_PAGE_SIZE))
		return -EINVAL;
	slot = pte_slot(pt, va, true);
	if (!slot)
		return -ENOMEM;
	__atomic_store_n(slot, user_pte(pa, prot), __ATOMIC_RELEASE);
	/* The faulting access retried right after this must see the page here
	 * (a hart may cache "invalid"); other harts fault once more at worst. */
	if (READ_ONCE(rv_this_hart()->active_pt) == pt)
		rv_sfence_vma_addr(va);
	return 0;
}

void hal_pt_unmap(struct hal_pt *pt, uintptr_t va)
{
	uint64_t *slot;

	if (va >= HAL_USER_VA_END)
		return;
	slot = pte_slot(pt, va, false);
	if (slot)
		__atomic_store_n(slot, 0, __ATOMIC_RELEASE);
}

bool hal_pt_query(struct hal_pt *pt, uintptr_t va, uint64_t *pa, unsigned int *prot)
{
	uint64_t *slot;
	uint64_t pte;

	if (va >= HAL_USER_VA_END)
		return false;
	slot = pte_slot(pt, va, false);
	if (!slot)
		return false;
	pte = __atomic_load_n(slot, __ATOMIC_ACQUIRE);
	if (!(pte & (PTE_V | PTE_SW_NONE)))
		return false;
	if (pa)
		*pa = pte_pa(pte);
	if (prot)
		*prot = ((pte & PTE_R) ? HAL_PROT_READ : 0) | ((pte & PTE_W) ? HAL_PROT_WRITE : 0) |
			((pte & PTE_X) ? HAL_PROT_EXEC : 0);
	return true;
}

/* Flush [start, start + size) (size ~0ul: everything) on the harts in @mask
 * (bit i: hart id @base + i). */
static void remote_flush(unsigned long mask, unsigned long base, uintptr_t start,
			 unsigned long size)
{
	if (mask)
		sbi_remote_sfence_vma(mask, base, start, size);
}

static void local_flush(uintptr_t start, unsigned long size)
{
	if (size == ~0ul)
		rv_sfence_vma();
	else
		for (uintptr_t p = start; p < start + size; p += PT_PAGE_SIZE)
			rv_sfence_vma_addr(p);
}

void hal_tlb_flush(struct hal_pt *pt, uintptr_t va, size_t len)
{
	uintptr_t start = ALIGN_DOWN(va, PT_PAGE_SIZE);
	unsigned long size = ALIGN_UP(va + len, PT_PAGE_SIZE) - start;
	unsigned long flags, mask = 0, base = 0;
	struct rv_hart *self;

	if (!len)
		return;
	if (size / PT_PAGE_SIZE > FLUSH_ALL_PAGES) {
		start = 0;
		size = ~0ul;
	}
	flags = hal_irq_save();
	self = rv_this_hart();
	/* The PTE stores before we look at who may cache them. */
	__atomic_thread_fence(__ATOMIC_SEQ_CST);
	if (self->active_pt == pt)
		local_flush(start, size);
	for (unsigned int cpu = 0; cpu < rv_nr_cpus; cpu++) {
		struct rv_hart *h = &rv_harts[cpu];

		if (h == self || __atomic_load_n(&h->active_pt, __ATOMIC_SEQ_CST) != pt)
			continue;
		if (mask && (h->hartid < base || h->hartid - base >= 64)) {
			remote_flush(mask, base, start, size);
			mask = 0;
		}
		if (!mask)
			base = h->hartid;
		mask |= 1ul << (h->hartid - base);
	}
	remote_flush(mask, base, start, size);
	hal_irq_restore(flags);
}
