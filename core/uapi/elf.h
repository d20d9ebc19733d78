/*
 * core/uapi/elf.h - the parts of the ELF-64 format that execve(2) reads:
 * file header, program headers, section headers, notes and the auxiliary
 * vector entry. Little-endian riscv64 objects only.
 */
#ifndef RUX_UAPI_ELF_H
#define RUX_UAPI_ELF_H

#include "uapi/types.h"

/* e_ident[] */
#define EI_NIDENT	16
#define EI_MAG0		0
#define EI_MAG1		1
#define EI_MAG2		2
#define EI_MAG3		3
#define EI_CLASS	4
#define EI_DATA		5
#define EI_VERSION	6
#define EI_OSABI	7
#define EI_PAD		8

#define ELFMAG0		0x7f
#define ELFMAG1		'E'
#define ELFMAG2		'L'
#define ELFMAG3		'F'
#define ELFCLASS64	2
#define ELFDATA2LSB	1
#define EV_CURRENT	1
#define ELFOSABI_NONE	0
#define ELFOSABI_LINUX	3

/* e_type */
#define ET_NONE		0
#define ET_REL		1
#define ET_EXEC		2
#define ET_DYN		3	/* position-independent executable or library */
#define ET_CORE		4

/* e_machine */
#define EM_RISCV	243

/* e_flags of riscv64 objects */
#define EF_RISCV_RVC			0x0001
#define EF_RISCV_FLOAT_ABI		0x0006
#define EF_RISCV_FLOAT_ABI_SOFT		0x0000
#define EF_RISCV_FLOAT_ABI_SINGLE	0x0002
#define EF_RISCV_FLOAT_ABI_DOUBLE	0x0004
#define EF_RISCV_FLOAT_ABI_QUAD		0x0006

struct elf64_ehdr {
	uint8_t e_ident[EI_NIDENT];
	uint16_t e_type;
	uint16_t e_machine;
	uint32_t e_version;
	uint64_t e_entry;
	uint64_t e_phoff;		/* file offset of the program headers */
	uint64_t e_shoff;
	uint32_t e_flags;
	uint16_t e_ehsize;
	uint16_t e_phentsize;
	uint16_t e_phnum;
	uint16_t e_shentsize;
	uint16_t e_shnum;
	uint16_t e_shstrndx;
};

/* p_type */
#define PT_NULL		0
#define PT_LOAD		1
#define PT_DYNAMIC	2
#define PT_INTERP	3	/* path of the program interpreter */
#define PT_NOTE		4
#define PT_SHLIB	5
#define PT_PHDR		6
#define PT_TLS		7
#define PT_LOOS		0x60000000
#define PT_GNU_EH_FRAME	0x6474e550
#define PT_GNU_STACK	0x6474e551	/* p_flags: is the stack executable */
#define PT_GNU_RELRO	0x6474e552
#define PT_GNU_PROPERTY	0x6474e553
#define PT_LOPROC	0x70000000
#define PT_HIPROC	0x7fffffff

/* e_phnum escape: the real count is in section header 0's sh_info. */
#define PN_XNUM		0xffff

/* p_flags */
#define PF_X		0x1
#define PF_W		0x2
#define PF_R		0x4

struct elf64_phdr {
	uint32_t p_type;
	uint32_t p_flags;
	uint64_t p_offset;
	uint64_t p_vaddr;
	uint64_t p_paddr;
	uint64_t p_filesz;
	uint64_t p_memsz;		/* >= p_filesz; the rest is zero-filled */
	uint64_t p_align;
};

/* sh_type */
#define SHT_NULL	0
#define SHT_PROGBITS	1
#define SHT_SYMTAB	2
#define SHT_STRTAB	3
#define SHT_RELA	4
#define SHT_HASH	5
#define SHT_DYNAMIC	6
#define SHT_NOTE	7
#define SHT_NOBITS	8
#define SHT_REL		9
#define SHT_DYNSYM	11

/* sh_flags */
#define SHF_WRITE	0x1
#define SHF_ALLOC	0x2
#define SHF_EXECINSTR	0x4

struct elf64_shdr {
	uint32_t sh_name;
	uint32_t sh_type;
	uint64_t sh_flags;
	uint64_t sh_addr;
	uint64_t sh_offset;
	uint64_t sh_size;
	uint32_t sh_link;
	uint32_t sh_info;
	uint64_t sh_addralign;
	uint64_t sh_entsize;
};

/* A note: this header, then the name and the descriptor, each 4-aligned. */
struct elf64_nhdr {
	uint32_t n_namesz;
	uint32_t n_descsz;
	uint32_t n_type;
};

/* One auxiliary vector entry (a_type is an AT_* of uapi/auxv.h). */
struct elf64_auxv {
	uint64_t a_type;
	uint64_t a_val;
};

#endif /* RUX_UAPI_ELF_H */
