/*
 * hal/hosted/pt.c - the hosted HAL's software MMU: user page tables with the
 * same shape as Sv39, so the VM code (core/mm) runs unchanged in unit tests
 * and ruxsim translates user addresses through the very tables it built.
 *
 * A page table is three levels of 512 eight-byte entries, each table one
 * page from kernel_pt_page_alloc(). A user address [0, HAL_USER_VA_END) is
 * split like Sv39's: bits 38..30 index the root, 29..21 the middle table,
 * 20..12 the leaf table. An entry holds a physical address (of the next
 * table, or of the mapped page) in bits 12 and up, and flags below:
 *
 *	PTE_VALID	the entry is in use
 *	PTE_R/W/X	leaf rights (HAL_PROT_*); a valid leaf with none of
 *			them is a page kept mapped with no access (prot 0)
 *
 * Tables below the root are made on the first hal_pt_map() that needs them
 * and freed only by hal_pt_destroy(). Each simulated CPU has its active
 * table.
 *
 * The only TLBs are those of ruxsim's interpreter (one per CPU), which cache
 * translations and decoded instructions. They learn what to forget from two
 * counters, shared by all CPUs, so a change made on one CPU reaches every
 * CPU's cache (a shootdown) before that CPU runs user code again: the TLB
 * generation moves on every change that can make a cached translation wrong
 * (a mapping replaced or removed, a flush, a table destroyed), the code
 * generation whenever an executable page leaves a table (its memory may be
 * freed and hold other code next). Over-counting only costs a refill.
 *
 * Locking: none here. The owner of a page table (struct mm, under its
 * mutex) serializes changes to it.
 */
#include "hal/hal.h"
#include "hal/hosted/hosted.h"
#include "uapi/errno.h"

#define PT_ENTRIES   512
#define PT_LEVELS    3
#define PT_PAGE_SIZE 4096ull

#define PTE_VALID      (1ull << 0)
#define PTE_PROT_SHIFT 1 /* HAL_PROT_* in bits 1..3 */
#define PTE_PROT_MASK  (7ull << PTE_PROT_SHIFT)
#define PTE_ADDR_MASK  (~(PT_PAGE_SIZE - 1))
#define PTE_EXEC       ((uint64_t)HAL_PROT_EXEC << PTE_PROT_SHIFT)

_Static_assert((HAL_PROT_READ | HAL_PROT_WRITE | HAL_PROT_EXEC) == 7,
	       "HAL_PROT_* fit in three bits");

/* A table: the root one is what struct hal_pt points at. */
struct hal_pt {
	uint64_t e[PT_ENTRIES];
};

static struct hal_pt *active_pt[HAL_MAX_CPUS];
static unsigned long tlb_generation, code_generation;

/* Replace *@pte with @new (0: unmapped), counting what that invalidates. */
static void pte_set(uint64_t *pte, uint64_t new)
{
	uint64_t old = *pte;
	bool same_page = (new & PTE_VALID) && (old & PTE_ADDR_MASK) == (new & PTE_ADDR_MASK);

	*pte = new;
	if (!(old & PTE_VALID) || old == new)
		return;
	tlb_generation++;
	/* Not when the same page stays executable (fork re-mapping the parent's text). */
	if ((old & PTE_EXEC) && !(same_page && (new & PTE_EXEC)))
		code_generation++;
}

/* The index of @va in a table of @level (2 = root, 0 = leaf table). */
static unsigned int pt_index(uintptr_t va, int level)
{
	return (unsigned int)(va >> (12 + 9 * level)) & (PT_ENTRIES - 1);
}

static struct hal_pt *pte_table(uint64_t pte)
{
	return hal_phys_to_virt(pte & PTE_ADDR_MASK);
}

/*
 * The leaf entry for @va, or NULL when a table on the way is missing and
 * @create is false (or no memory is left to make it).
 */
static uint64_t *walk(struct hal_pt *pt, uintptr_t va, bool create)
{
	struct hal_pt *table = pt;

	for (int level = PT_LEVELS - 1; level > 0; level--) {
		uint64_t *pte = &table->e[pt_index(va, level)];

		if (!(*pte & PTE_VALID)) {
			void *next;

			if (!create)
				return NULL;
			next = kernel_pt_page_alloc();
			if (!next)
				return NULL;
			*pte = hal_virt_to_phys(next) | PTE_VALID;
		}
		table = pte_table(*pte);
	}
	return &table->e[pt_index(va, 0)];
}

struct hal_pt *hal_pt_create(void)
{
	return kernel_pt_page_alloc();
}

/* Free the tables below @table of @level (the leaf tables at level 1). */
static void free_tables(struct hal_pt *table, int level)
{
	for (unsigned int i = 0; i < PT_ENTRIES; i++) {
		struct hal_pt *next;

		if (!(table->e[i] & PTE_VALID))
			continue;
		next = pte_table(table->e[i]);
		if (level > 1)
			free_tables(next, level - 1);
		kernel_pt_page_free(next);
	}
}

void hal_pt_destroy(struct hal_pt *pt)
{
	if (!pt)
		return;
	for (unsigned int cpu = 0; cpu < HAL_MAX_CPUS; cpu++)
		if (active_pt[cpu] == pt)
			active_pt[cpu] = NULL; /* as on riscv64: the CPU stops using it */
	/* Its pages may still be mapped here; and a new table may get its address. */
	tlb_generation++;
	code_generation++;
	free_tables(pt, PT_LEVELS - 1);
	kernel_pt_page_free(pt);
}

int hal_pt_map(struct hal_pt *pt, uintptr_t va, uint64_t pa, unsigned int prot)
{
	uint64_t *pte;

	if (va >= HAL_USER_VA_END || (va & (PT_PAGE_SIZE - 1)) != 0)
		return -EINVAL;
	pte = walk(pt, va, true);
	if (!pte)
		return -ENOMEM;
	pte_set(pte, (pa & PTE_ADDR_MASK) | ((uint64_t)(prot & 7) << PTE_PROT_SHIFT) | PTE_VALID);
	return 0;
}

void hal_pt_unmap(struct hal_pt *pt, uintptr_t va)
{
	uint64_t *pte;

	if (va >= HAL_USER_VA_END)
		return;
	pte = walk(pt, va & PTE_ADDR_MASK, false);
	if (pte)
		pte_set(pte, 0);
}

bool hal_pt_query(struct hal_pt *pt, uintptr_t va, uint64_t *pa, unsigned int *prot)
{
	uint64_t *pte;

	if (va >= HAL_USER_VA_END)
		return false;
	pte = walk(pt, va & PTE_ADDR_MASK, false);
	if (!pte || !(*pte & PTE_VALID))
		return false;
	if (pa)
		*pa = *pte & PTE_ADDR_MASK;
	if (prot)
		*prot = (unsigned int)((*pte & PTE_PROT_MASK) >> PTE_PROT_SHIFT);
	return true;
}

void hal_pt_activate(struct hal_pt *pt)
{
	active_pt[hal_cpu_id()] = pt;
}

void hal_tlb_flush(struct hal_pt *pt, uintptr_t va, size_t len)
{
	(void)pt;
	(void)va;
	(void)len;
	tlb_generation++;
}

/* The page table user mode runs in (ruxsim translates through it). */
struct hal_pt *hosted_pt_active(void)
{
	return active_pt[hal_cpu_id()];
}

unsigned long hosted_tlb_generation(void)
{
	return tlb_generation;
}

unsigned long hosted_code_generation(void)
{
	return code_generation;
}
