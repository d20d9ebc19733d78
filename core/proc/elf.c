/*
 * core/proc/elf.c - the ELF64 checks of elf.h.
 *
 * Every field that exec uses is checked against the file size, the user
 * address range and overflow, in that order, so an elf_info describes
 * segments that can be mapped as they are.
 */
#include "proc/elf.h"
#include "hal/hal.h"
#include "lib/compiler.h"
#include "lib/string.h"
#include "mm/kmalloc.h"
#include "mm/page.h"
#include "uapi/errno.h"
#include "uapi/limits.h"

/* a + b without overflow, and within @limit. */
static bool range_ok(uint64_t a, uint64_t b, uint64_t limit)
{
	return a + b >= a && a + b <= limit;
}

int elf_check_header(const struct elf64_ehdr *eh, uint64_t file_size)
{
	const uint8_t *id = eh->e_ident;

	if (file_size < sizeof(*eh))
		return -ENOEXEC;
	if (id[EI_MAG0] != ELFMAG0 || id[EI_MAG1] != ELFMAG1 || id[EI_MAG2] != ELFMAG2 ||
	    id[EI_MAG3] != ELFMAG3)
		return -ENOEXEC;
	if (id[EI_CLASS] != ELFCLASS64 || id[EI_DATA] != ELFDATA2LSB ||
	    id[EI_VERSION] != EV_CURRENT || eh->e_version != EV_CURRENT)
		return -ENOEXEC;
	if (eh->e_type != ET_EXEC && eh->e_type != ET_DYN)
		return -ENOEXEC;
	if (eh->e_machine != EM_RISCV || eh->e_ehsize < sizeof(*eh))
		return -ENOEXEC;
	if (eh->e_phentsize != sizeof(struct elf64_phdr))
		return -ENOEXEC;
	if (eh->e_phnum == 0 || eh->e_phnum == PN_XNUM ||
	    (uint64_t)eh->e_phnum * sizeof(struct elf64_phdr) > ELF_MAX_PHDR_BYTES)
		return -ENOEXEC;
	if (!range_ok(eh->e_phoff, (uint64_t)eh->e_phnum * sizeof(struct elf64_phdr), file_size))
		return -ENOEXEC;
	return 0;
}

static unsigned int prot_of(uint32_t flags)
{
	return ((flags & PF_R) ? HAL_PROT_READ : 0) | ((flags & PF_W) ? HAL_PROT_WRITE : 0) |
	       ((flags & PF_X) ? HAL_PROT_EXEC : 0);
}

static int add_load(const struct elf64_phdr *p, uint64_t file_size, struct elf_info *info)
{
	struct elf_segment *prev = info->nr_loads ? &info->loads[info->nr_loads - 1] : NULL;
	struct elf_segment *s;

	if (p->p_memsz == 0)
		return 0; /* nothing to map */
	if (info->nr_loads == ELF_MAX_LOADS || p->p_filesz > p->p_memsz)
		return -ENOEXEC;
	if (!range_ok(p->p_offset, p->p_filesz, file_size))
		return -ENOEXEC;
	if (!range_ok(p->p_vaddr, p->p_memsz, HAL_USER_VA_END))
		return -ENOEXEC;
	if (p->p_align > 1 && (p->p_align & (p->p_align - 1)))
		return -ENOEXEC;
	if ((p->p_vaddr - p->p_offset) % PAGE_SIZE)
		return -ENOEXEC;
	if (prev && p->p_vaddr < prev->vaddr + prev->memsz)
		return -ENOEXEC; /* out of order or overlapping */
	s = &info->loads[info->nr_loads++];
	s->vaddr = p->p_vaddr;
	s->memsz = p->p_memsz;
	s->filesz = p->p_filesz;
	s->offset = p->p_offset;
	s->prot = prot_of(p->p_flags);
	if (p->p_align > info->max_align)
		info->max_align = p->p_align;
	return 0;
}

static int add_interp(const struct elf64_phdr *p, uint64_t file_size, struct elf_info *info)
{
	if (info->has_interp || p->p_filesz < 2 || p->p_filesz > PATH_MAX ||
	    !range_ok(p->p_offset, p->p_filesz, file_size))
		return -ENOEXEC;
	info->has_interp = true;
	info->interp_offset = p->p_offset;
	info->interp_size = p->p_filesz;
	return 0;
}

/*
 * AT_PHDR: where the PT_LOAD holding file offset e_phoff puts the table, as
 * Linux (5.18 on) computes it; a PT_PHDR entry is not trusted for it (a
 * lying one would point programs at other bytes). 0 when no segment loads
 * it, as Linux gives.
 */
static void find_phdr_vaddr(const struct elf64_ehdr *eh, struct elf_info *info)
{
	for (unsigned int i = 0; i < info->nr_loads; i++) {
		const struct elf_segment *s = &info->loads[i];

		if (eh->e_phoff >= s->offset && eh->e_phoff - s->offset < s->filesz) {
			info->phdr_vaddr = s->vaddr + (eh->e_phoff - s->offset);
			return;
		}
	}
	info->phdr_vaddr = 0;
}

int elf_parse_phdrs(const struct elf64_ehdr *eh, const struct elf64_phdr *ph, uint64_t file_size,
		    struct elf_info *info)
{
	int err = 0;

	memset(info, 0, sizeof(*info));
	info->type = eh->e_type;
	info->entry = eh->e_entry;
	info->phnum = eh->e_phnum;
	info->max_align = PAGE_SIZE;
	for (unsigned int i = 0; i < eh->e_phnum && !err; i++) {
		const struct elf64_phdr *p = &ph[i];

		switch (p->p_type) {
		case PT_LOAD:
			err = add_load(p, file_size, info);
			break;
		case PT_INTERP:
			err = add_interp(p, file_size, info);
			break;
		case PT_GNU_STACK:
			info->exec_stack = (p->p_flags & PF_X) != 0;
			break;
		default:
			break;
		}
	}
	if (err || info->nr_loads == 0)
		return -ENOEXEC;
	info->lo = ALIGN_DOWN(info->loads[0].vaddr, PAGE_SIZE);
	info->hi =
	    ALIGN_UP(info->loads[info->nr_loads - 1].vaddr + info->loads[info->nr_loads - 1].memsz,
		     PAGE_SIZE);
	if (info->hi > HAL_USER_VA_END || info->hi - info->lo > HAL_USER_VA_END / 4)
		return -ENOEXEC;
	if (info->max_align > (1ull << 30))
		return -ENOEXEC;
	if (info->type == ET_EXEC && info->lo < PAGE_SIZE)
		return -ENOEXEC; /* page 0 stays unmapped */
	if (info->entry < info->lo || info->entry >= info->hi)
		return -ENOEXEC;
	find_phdr_vaddr(eh, info);
	return 0;
}

int elf_parse(const void *buf, size_t len, struct elf_info *info)
{
	struct elf64_ehdr eh;
	struct elf64_phdr *ph;
	size_t size;
	int err;

	if (len < sizeof(eh))
		return -ENOEXEC;
	memcpy(&eh, buf, sizeof(eh));
	err = elf_check_header(&eh, len);
	if (err)
		return err;
	/* An aligned copy: the table may sit at any offset of the image. */
	size = (size_t)eh.e_phnum * sizeof(*ph);
	ph = kmalloc(size, GFP_KERNEL);
	if (!ph)
		return -ENOMEM;
	memcpy(ph, (const char *)buf + eh.e_phoff, size);
	err = elf_parse_phdrs(&eh, ph, len, info);
	kfree(ph);
	return err;
}

uint64_t elf_load_bias(const struct elf_info *info)
{
	if (info->type != ET_DYN)
		return 0;
	return ALIGN_UP(ELF_ET_DYN_BASE, info->max_align) - info->lo;
}
