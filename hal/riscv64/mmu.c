/*
 * hal/riscv64/mmu.c - the kernel's Sv39 page table.
 *
 * boot.S runs on an early table of 1 GiB pages. rv_mmu_init() replaces it
 * with the final one, built here from the device tree:
 *
 *   0xffffffc000000000 + pa   direct map: every RAM region (RW) and every
 *                             device register range found (RW), with the
 *                             largest pages that fit (1 GiB, 2 MiB, 4 KiB)
 *   0xffffffff80200000        the kernel image: text RX, rodata R, data and
 *                             bss RW, the boot stack's guard page unmapped
 *
 * Page-table pages come from a pool inside .bss, so they are part of the
 * reserved image. All mappings are global; none is user-accessible. The
 * table never changes after rv_mmu_init(), so user page tables (pt.c) can
 * share its upper half by copying its root entries once.
 */
#include "hal/hal.h"
#include "hal/riscv64/platform.h"
#include "hal/riscv64/riscv.h"
#include "lib/compiler.h"
#include "lib/printk.h"

#define PROT_RW (PTE_R | PTE_W | PTE_G | PTE_A | PTE_D)
#define PROT_RX (PTE_R | PTE_X | PTE_G | PTE_A)
#define PROT_R	(PTE_R | PTE_G | PTE_A)

#define PT_POOL_PAGES 64

uintptr_t hal_dmap_offset = RV_DMAP_OFFSET;
uintptr_t rv_kernel_pa_offset;
uint64_t rv_boot_satp;
uint64_t rv_kernel_satp;

static uint64_t pt_pool[PT_POOL_PAGES][PT_ENTRIES] __attribute__((aligned(4096)));
static unsigned int pt_pool_used;

/* Physical address of a page-table page (it lives in the image). */
static uint64_t pt_phys(const uint64_t *table)
{
	return (uintptr_t)table - rv_kernel_pa_offset;
}

static uint64_t *pt_alloc(void)
{
	if (pt_pool_used == PT_POOL_PAGES) {
		printk("mmu: out of early page-table pages\n");
		hal_poweroff(1);
	}
	return pt_pool[pt_pool_used++]; /* zero: it is in .bss */
}

static uint64_t pte_make(uint64_t pa, uint64_t flags)
{
	return (pa >> PT_PAGE_SHIFT) << PTE_PPN_SHIFT | flags | PTE_V;
}

static uint64_t *pte_table(uint64_t pte)
{
	uint64_t pa = (pte >> PTE_PPN_SHIFT) << PT_PAGE_SHIFT;

	return (uint64_t *)(uintptr_t)(pa + rv_kernel_pa_offset);
}

/*
 * Map [va, va + size) to pa with @prot in @table, which translates level
 * @level (2: 1 GiB entries, 1: 2 MiB, 0: 4 KiB). Ranges already covered by a
 * larger page are left alone.
 */
static void map_range(uint64_t *table, int level, uintptr_t va, uint64_t pa, uint64_t size,
		      uint64_t prot)
{
	unsigned int shift = PT_PAGE_SHIFT + 9 * (unsigned int)level;
	uint64_t step = 1ull << shift;

	while (size) {
		uint64_t *pte = &table[(va >> shift) % PT_ENTRIES];
		uint64_t chunk = MIN(size, step - (va & (step - 1)));

		if (level == 0 || (chunk == step && IS_ALIGNED(pa, step) && !*pte)) {
			if (!*pte)
				*pte = pte_make(pa, prot);
		} else if (!(*pte & PTE_LEAF)) {
			if (!*pte)
				*pte = pte_make(pt_phys(pt_alloc()), 0);
			map_range(pte_table(*pte), level - 1, va, pa, chunk, prot);
		}
		va += chunk;
		pa += chunk;
		size -= chunk;
	}
}

static void map_image(uint64_t *root, uintptr_t start, uintptr_t end, uint64_t prot)
{
	if (end > start)
		map_range(root, 2, start, start - rv_kernel_pa_offset, end - start, prot);
}

void rv_mmu_init(const struct boot_info *bi)
{
	uint64_t *root = pt_alloc();
	uintptr_t guard = (uintptr_t)rv_boot_stack_guard;

	map_image(root, (uintptr_t)_start, (uintptr_t)_etext, PROT_RX);
	map_image(root, (uintptr_t)_etext, (uintptr_t)_erodata, PROT_R);
	map_image(root, (uintptr_t)_erodata, guard, PROT_RW);
	map_image(root, guard + 4096, (uintptr_t)_end, PROT_RW);
	for (unsigned int i = 0; i < bi->nr_mem; i++)
		map_range(root, 2, bi->mem[i].base + RV_DMAP_OFFSET, bi->mem[i].base,
			  bi->mem[i].size, PROT_RW);
	for (unsigned int i = 0; i < rv_platform.nr_mmio; i++) {
		uint64_t base = ALIGN_DOWN(rv_platform.mmio[i].base, 4096ull);
		uint64_t end =
		    ALIGN_UP(rv_platform.mmio[i].base + rv_platform.mmio[i].size, 4096ull);

		map_range(root, 2, base + RV_DMAP_OFFSET, base, end - base, PROT_RW);
	}
	rv_kernel_satp = SATP_MODE_SV39 | pt_phys(root) >> PT_PAGE_SHIFT;
	rv_sfence_vma();
	csr_write(satp, rv_kernel_satp);
	rv_sfence_vma();
}
