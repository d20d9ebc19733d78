/*
 * hal/riscv64/kallsyms.c - address to symbol lookup.
 *
 * The generated table (.kallsyms section) holds kallsyms_num text symbol
 * addresses in ascending order, for each the offset of its NUL-terminated
 * name in kallsyms_names. Lookup is a binary search for the last symbol at
 * or below the address.
 */
#include "hal/riscv64/kallsyms.h"
#include "hal/riscv64/platform.h"

extern const uint64_t kallsyms_num;
extern const uint64_t kallsyms_addrs[];
extern const uint32_t kallsyms_offsets[];
extern const char kallsyms_names[];

const char *kallsyms_lookup(uintptr_t addr, uintptr_t *offset)
{
	uint64_t lo = 0, hi = kallsyms_num;

	*offset = 0;
	if (addr < (uintptr_t)_start || addr >= (uintptr_t)_etext || hi == 0 ||
	    addr < kallsyms_addrs[0])
		return NULL;
	/* Invariant: addrs[lo] <= addr, and addrs[hi] > addr (or hi == num). */
	while (hi - lo > 1) {
		uint64_t mid = lo + (hi - lo) / 2;

		if (kallsyms_addrs[mid] <= addr)
			lo = mid;
		else
			hi = mid;
	}
	*offset = addr - kallsyms_addrs[lo];
	return kallsyms_names + kallsyms_offsets[lo];
}
