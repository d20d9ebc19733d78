/*
 * tests/bench/memory.c - page faults: map 4 MiB of anonymous memory, write
 * one byte to every page (each write is a fault that allocates and zeroes a
 * page) and unmap it. Transparent huge pages are turned off for the range
 * (MADV_NOHUGEPAGE, where the kernel has them) so that every 4 KiB page is
 * its own fault on both kernels.
 */
#include "bench.h"

#include <sys/mman.h>
#include <unistd.h>

#define MAP_BYTES (4ul << 20)
#define PAGE	  4096ul

static long map_touch_unmap(void)
{
	volatile char *p;

	p = mmap(NULL, MAP_BYTES, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (p == MAP_FAILED)
		return bench_fail();
	/* Only a hint: a kernel without huge pages may refuse the advice. */
	madvise((void *)p, MAP_BYTES, MADV_NOHUGEPAGE);
	for (unsigned long off = 0; off < MAP_BYTES; off += PAGE)
		p[off] = 1;
	if (munmap((void *)p, MAP_BYTES) < 0)
		return bench_fail();
	return MAP_BYTES / PAGE;
}

static long run_mmap_faults(const struct bench_item *it, uint64_t n)
{
	long faults = 0;

	for (uint64_t i = 0; i < n; i++) {
		long r = map_touch_unmap();

		if (r < 0)
			return r;
		faults += r;
	}
	return faults;
}

const struct bench_item bench_memory_items[] = {
    {.name = "mmap_fault", .unit = UNIT_FAULTS_S, .run = run_mmap_faults},
    {.run = NULL},
};
