/*
 * hal/hosted/boot.c - the hosted machine: RAM is one anonymous mapping whose
 * first byte stands for physical address HOSTED_RAM_BASE. The direct map is
 * the mapping itself, so hal_phys_to_virt() works as on riscv64. An initrd
 * is copied to the end of RAM and reserved there, where a boot loader on a
 * real machine would leave it.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

#if defined(__SANITIZE_ADDRESS__)
#include <sanitizer/asan_interface.h>
#define UNPOISON(p, n) ASAN_UNPOISON_MEMORY_REGION(p, n)
#else
#define UNPOISON(p, n) ((void)(p), (void)(n))
#endif

#include "hal/hal.h"
#include "hal/hosted/hosted.h"
#include "hal/hosted/internal.h"
#include "init/init.h"

#define INITRD_ALIGN 4096ull

uintptr_t hal_dmap_offset;

static struct boot_info hosted_boot_info;
static void *ram;
static uint64_t ram_size;

/* Put @size bytes of @initrd at the end of RAM and tell the kernel where. */
static void place_initrd(struct boot_info *bi, const void *initrd, uint64_t size)
{
	uint64_t offset;

	if (size == 0)
		return;
	if (size > ram_size / 2) {
		fprintf(stderr, "hosted: the initrd (%llu bytes) needs more RAM\n",
			(unsigned long long)size);
		exit(1);
	}
	offset = (ram_size - size) & ~(INITRD_ALIGN - 1);
	memcpy((char *)ram + offset, initrd, size);
	bi->initrd_base = HOSTED_RAM_BASE + offset;
	bi->initrd_size = size;
	bi->reserved[bi->nr_reserved].base = bi->initrd_base;
	bi->reserved[bi->nr_reserved].size = size;
	bi->nr_reserved++;
}

const struct boot_info *hosted_machine_init(uint64_t ram_bytes, const char *cmdline,
					    const void *initrd, uint64_t initrd_size)
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
	memset(bi, 0, sizeof(*bi));
	bi->mem[0].base = HOSTED_RAM_BASE;
	bi->mem[0].size = ram_bytes;
	bi->nr_mem = 1;
	bi->cmdline = cmdline ? cmdline : "";
	bi->nr_cpus = hosted_nr_cpus();
	bi->timer_hz = 1000000000ull;
	bi->machine = "hosted";
	place_initrd(bi, initrd, initrd_size);
	return bi;
}

bool hosted_ram_contains(uint64_t pa, uint64_t len)
{
	return pa >= HOSTED_RAM_BASE && pa - HOSTED_RAM_BASE <= ram_size &&
	       len <= ram_size - (pa - HOSTED_RAM_BASE);
}

void hosted_boot(uint64_t ram_bytes, const char *cmdline)
{
	kernel_early_init(hosted_machine_init(ram_bytes, cmdline, NULL, 0));
}

void hosted_shutdown(void)
{
	/* The slab allocator poisons freed memory; a later mapping at the same
	 * address must not inherit that. */
	UNPOISON(ram, ram_size);
	munmap(ram, ram_size);
	ram = NULL;
}
