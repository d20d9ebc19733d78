/*
 * hal/hosted/boot.c - the hosted machine: RAM is one anonymous mapping whose
 * first byte stands for physical address HOSTED_RAM_BASE. The direct map is
 * the mapping itself, so hal_phys_to_virt() works as on riscv64.
 */
#include <stdio.h>
#include <stdlib.h>
#include <sys/mman.h>

#if defined(__SANITIZE_ADDRESS__)
#include <sanitizer/asan_interface.h>
#define UNPOISON(p, n) ASAN_UNPOISON_MEMORY_REGION(p, n)
#else
#define UNPOISON(p, n) ((void)(p), (void)(n))
#endif

#include "hal/hal.h"
#include "hal/hosted/hosted.h"
#include "init/init.h"

uintptr_t hal_dmap_offset;

static struct boot_info hosted_boot_info;
static void *ram;
static uint64_t ram_size;

void hosted_boot(uint64_t ram_bytes, const char *cmdline)
{
	ram = mmap(NULL, ram_bytes, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (ram == MAP_FAILED) {
		fprintf(stderr, "hosted: cannot map %llu bytes of RAM; lower the size\n",
			(unsigned long long)ram_bytes);
		exit(1);
	}
	ram_size = ram_bytes;
	hal_dmap_offset = (uintptr_t)ram - HOSTED_RAM_BASE;

	struct boot_info *bi = &hosted_boot_info;
	bi->mem[0].base = HOSTED_RAM_BASE;
	bi->mem[0].size = ram_bytes;
	bi->nr_mem = 1;
	bi->nr_reserved = 0;
	bi->cmdline = cmdline ? cmdline : "";
	bi->initrd_base = 0;
	bi->initrd_size = 0;
	bi->nr_cpus = 1;
	bi->timer_hz = 1000000000ull;
	bi->machine = "hosted";
	kernel_early_init(bi);
}

void hosted_shutdown(void)
{
	/* The slab allocator poisons freed memory; a later mapping at the same
	 * address must not inherit that. */
	UNPOISON(ram, ram_size);
	munmap(ram, ram_size);
	ram = NULL;
}
