/*
 * core/proc/elf.h - checking an ELF64 riscv64 executable before exec maps
 * it.
 *
 * A pure parser over memory: it reads the file header and the program
 * header table that the caller hands over, checks every field exec relies
 * on, and describes the result in struct elf_info. Nothing in an
 * elf_info needs checking again; anything malformed is -ENOEXEC. It
 * knows nothing of files or address spaces, so tests and fuzzers can feed
 * it any bytes.
 */
#ifndef RUX_PROC_ELF_H
#define RUX_PROC_ELF_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "uapi/elf.h"

#define ELF_MAX_LOADS	   16		   /* PT_LOAD segments we accept */
#define ELF_MAX_PHDR_BYTES 65536	   /* Linux's limit on the header table */
#define ELF_ET_DYN_BASE	   0x2aaaaab000ull /* static-PIE load address: 2/3 of user space */

struct elf_segment {
	uint64_t vaddr;	   /* p_vaddr, before the load bias */
	uint64_t memsz;	   /* > 0 */
	uint64_t filesz;   /* <= memsz */
	uint64_t offset;   /* congruent to vaddr modulo the page size */
	unsigned int prot; /* HAL_PROT_* from p_flags */
};

struct elf_info {
	uint16_t type;	     /* ET_EXEC or ET_DYN */
	uint64_t entry;	     /* before the load bias */
	uint16_t phnum;	     /* program headers (AT_PHNUM) */
	uint64_t phdr_vaddr; /* where the headers are in memory (AT_PHDR), before the bias */
	unsigned int nr_loads;
	struct elf_segment loads[ELF_MAX_LOADS]; /* ascending, not overlapping */
	uint64_t lo, hi;    /* page-aligned span of all segments, before the bias */
	uint64_t max_align; /* largest PT_LOAD p_align (at least the page size) */
	bool has_interp;    /* PT_INTERP present (dynamically linked) */
	uint64_t interp_offset, interp_size;
	bool exec_stack; /* PT_GNU_STACK says PF_X */
};

/* Check the file header of a file of @file_size bytes: 0 or -ENOEXEC. */
int elf_check_header(const struct elf64_ehdr *eh, uint64_t file_size);
/*
 * Check the program headers @ph (eh->e_phnum of them, from file offset
 * eh->e_phoff) of an image whose header passed elf_check_header(), and
 * fill @info. 0 or -ENOEXEC.
 */
int elf_parse_phdrs(const struct elf64_ehdr *eh, const struct elf64_phdr *ph, uint64_t file_size,
		    struct elf_info *info);
/* Both steps over a whole file image in memory (@buf, @len bytes). */
int elf_parse(const void *buf, size_t len, struct elf_info *info);
/* The address ET_DYN images are moved by (0 for ET_EXEC). */
uint64_t elf_load_bias(const struct elf_info *info);

#endif /* RUX_PROC_ELF_H */
