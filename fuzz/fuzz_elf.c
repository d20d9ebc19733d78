/*
 * fuzz/fuzz_elf.c - libFuzzer target: the ELF checks of core/proc/elf.h on
 * any bytes.
 *
 * elf_parse() runs on the input as a whole file; when it accepts, every
 * promise elf.h makes about struct elf_info is checked here, since exec
 * maps the segments without looking again. elf_check_header() and
 * elf_parse_phdrs() also run on their own with a file size taken from the
 * input, as exec calls them with the real size of a file whose first page
 * it has read.
 */
#include <stdint.h>
#include <string.h>

#include "fuzz/fuzz_kernel.h"
#include "hal/hal.h"
#include "mm/page.h"
#include "proc/elf.h"
#include "uapi/errno.h"
#include "uapi/limits.h"

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	fuzz_kernel_boot(16);
	return 0;
}

static void check_segment(const struct elf_info *info, unsigned int i, uint64_t file_size)
{
	const struct elf_segment *s = &info->loads[i];

	if (s->memsz == 0 || s->filesz > s->memsz)
		fuzz_fail("elf: segment sizes", i);
	if (s->offset + s->filesz < s->offset || s->offset + s->filesz > file_size)
		fuzz_fail("elf: segment beyond the file", i);
	if (s->vaddr + s->memsz < s->vaddr || s->vaddr + s->memsz > HAL_USER_VA_END)
		fuzz_fail("elf: segment beyond user space", i);
	if ((s->vaddr - s->offset) % PAGE_SIZE)
		fuzz_fail("elf: segment offset and address not congruent", i);
	if (i > 0 && s->vaddr < info->loads[i - 1].vaddr + info->loads[i - 1].memsz)
		fuzz_fail("elf: segments overlap or out of order", i);
	if (s->vaddr < info->lo || s->vaddr + s->memsz > info->hi)
		fuzz_fail("elf: segment outside [lo, hi)", i);
}

/* What elf.h promises about an accepted image of @file_size bytes. */
static void check_info(const struct elf_info *info, uint64_t file_size)
{
	uint64_t bias = elf_load_bias(info);

	if (info->type != ET_EXEC && info->type != ET_DYN)
		fuzz_fail("elf: type", info->type);
	if (info->nr_loads == 0 || info->nr_loads > ELF_MAX_LOADS)
		fuzz_fail("elf: number of loads", info->nr_loads);
	if (info->lo % PAGE_SIZE || info->hi % PAGE_SIZE || info->lo >= info->hi)
		fuzz_fail("elf: span", (long)info->lo);
	if (info->entry < info->lo || info->entry >= info->hi)
		fuzz_fail("elf: entry outside the segments", (long)info->entry);
	if (info->max_align < PAGE_SIZE || (info->max_align & (info->max_align - 1)))
		fuzz_fail("elf: alignment", (long)info->max_align);
	if (info->type == ET_EXEC && (bias != 0 || info->lo < PAGE_SIZE))
		fuzz_fail("elf: ET_EXEC at page 0 or moved", (long)info->lo);
	if (bias % PAGE_SIZE || info->hi + bias < info->hi || info->hi + bias > HAL_USER_VA_END)
		fuzz_fail("elf: load bias moves the image out of user space", (long)bias);
	if (info->has_interp && (info->interp_size < 2 || info->interp_size > PATH_MAX ||
				 info->interp_offset + info->interp_size > file_size ||
				 info->interp_offset + info->interp_size < info->interp_offset))
		fuzz_fail("elf: interpreter name beyond the file", (long)info->interp_offset);
	for (unsigned int i = 0; i < info->nr_loads; i++)
		check_segment(info, i, file_size);
}

/* The two steps as exec runs them: header, then an aligned copy of the table. */
static void parse_in_steps(const uint8_t *data, size_t size, uint64_t file_size)
{
	static struct elf64_phdr table[ELF_MAX_PHDR_BYTES / sizeof(struct elf64_phdr)];
	struct elf64_ehdr eh;
	struct elf_info info;
	size_t bytes;

	if (size < sizeof(eh))
		return;
	memcpy(&eh, data, sizeof(eh));
	if (elf_check_header(&eh, file_size) != 0)
		return;
	bytes = (size_t)eh.e_phnum * sizeof(struct elf64_phdr);
	if (bytes > sizeof(table))
		fuzz_fail("elf: header accepted a too large table", eh.e_phnum);
	/* The table lies within file_size; past the input it reads as zeros. */
	memset(table, 0, bytes);
	if (eh.e_phoff < size)
		memcpy(table, data + eh.e_phoff,
		       size - eh.e_phoff < bytes ? size - eh.e_phoff : bytes);
	if (elf_parse_phdrs(&eh, table, file_size, &info) == 0)
		check_info(&info, file_size);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct elf_info info;
	int err = elf_parse(data, size, &info);

	if (err == 0)
		check_info(&info, size);
	else if (err != -ENOEXEC && err != -ENOMEM)
		fuzz_fail("elf: unexpected error", err);
	/* As if the input were the first bytes of a file 1 MiB long. */
	parse_in_steps(data, size, size + (1u << 20));
	return 0;
}
