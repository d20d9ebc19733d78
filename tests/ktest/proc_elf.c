/*
 * tests/ktest/proc_elf.c - the ELF checks of exec (core/proc/elf.c): a
 * good static executable and static-PIE, and one malformed header field
 * at a time, each of which must be -ENOEXEC.
 */
#include "lib/ktest.h"
#include "lib/string.h"
#include "mm/kmalloc.h"
#include "proc/elf.h"
#include "uapi/errno.h"

#define IMG_SIZE 0x3000

struct img {
	struct elf64_ehdr eh;
	struct elf64_phdr ph[4];
};

/* text RX at 0x10000 (file 0..0x1200), data RW at 0x11200 (file 0x1200..0x1300, bss to 0x12000). */
static uint8_t *img_make(void)
{
	uint8_t *buf = kzalloc(IMG_SIZE, GFP_KERNEL);
	struct img *im = (struct img *)buf;

	if (!buf)
		return NULL;
	memcpy(im->eh.e_ident, "\177ELF", 4);
	im->eh.e_ident[EI_CLASS] = ELFCLASS64;
	im->eh.e_ident[EI_DATA] = ELFDATA2LSB;
	im->eh.e_ident[EI_VERSION] = EV_CURRENT;
	im->eh.e_type = ET_EXEC;
	im->eh.e_machine = EM_RISCV;
	im->eh.e_version = EV_CURRENT;
	im->eh.e_entry = 0x10100;
	im->eh.e_phoff = sizeof(struct elf64_ehdr);
	im->eh.e_ehsize = sizeof(struct elf64_ehdr);
	im->eh.e_phentsize = sizeof(struct elf64_phdr);
	im->eh.e_phnum = 3;
	im->ph[0] =
	    (struct elf64_phdr){PT_LOAD, PF_R | PF_X, 0, 0x10000, 0x10000, 0x1200, 0x1200, 0x1000};
	im->ph[1] = (struct elf64_phdr){PT_LOAD, PF_R | PF_W, 0x1200, 0x11200,
					0x11200, 0x100,	      0xe00,  0x1000};
	im->ph[2] = (struct elf64_phdr){PT_GNU_STACK, PF_R | PF_W, 0, 0, 0, 0, 0, 16};
	return buf;
}

static int parse(uint8_t *buf, size_t len)
{
	struct elf_info info;

	return elf_parse(buf, len, &info);
}

KTEST(proc_elf, static_executable)
{
	uint8_t *buf = img_make();
	struct elf_info info;

	KT_ASSERT_NOT_NULL(buf);
	KT_ASSERT_EQ(elf_parse(buf, IMG_SIZE, &info), 0);
	KT_ASSERT_EQ(info.type, ET_EXEC);
	KT_ASSERT_EQ(info.nr_loads, 2);
	KT_ASSERT_EQ(info.entry, 0x10100);
	KT_ASSERT_EQ(info.lo, 0x10000);
	KT_ASSERT_EQ(info.hi, 0x12000);
	KT_ASSERT_EQ(info.phdr_vaddr, 0x10040); /* inside the first segment */
	KT_ASSERT_EQ(info.phnum, 3);
	KT_ASSERT_EQ(info.loads[0].prot, HAL_PROT_READ | HAL_PROT_EXEC);
	KT_ASSERT_EQ(info.loads[1].prot, HAL_PROT_READ | HAL_PROT_WRITE);
	KT_ASSERT(!info.exec_stack);
	KT_ASSERT(!info.has_interp);
	KT_ASSERT_EQ(elf_load_bias(&info), 0);
	kfree(buf);
}

/* As Linux (5.18 on): AT_PHDR is where the segment holding e_phoff loads
 * the table; a PT_PHDR naming another address is not believed (found by
 * fuzz_exec). */
KTEST(proc_elf, at_phdr_comes_from_the_load_not_from_pt_phdr)
{
	uint8_t *buf = img_make();
	struct img *im = (struct img *)buf;
	struct elf_info info;

	KT_ASSERT_NOT_NULL(buf);
	im->ph[2] = (struct elf64_phdr){PT_PHDR, PF_R, 0x40, 0x10004, 0x10004, 0xa8, 0xa8, 8};
	KT_ASSERT_EQ(elf_parse(buf, IMG_SIZE, &info), 0);
	KT_ASSERT_EQ(info.phdr_vaddr, 0x10040);
	im->eh.e_phoff = 0x1210; /* in the data segment's file bytes */
	memcpy(buf + 0x1210, im->ph, 3 * sizeof(struct elf64_phdr));
	KT_ASSERT_EQ(elf_parse(buf, IMG_SIZE, &info), 0);
	KT_ASSERT_EQ(info.phdr_vaddr, 0x11210);
	kfree(buf);
}

KTEST(proc_elf, static_pie_gets_the_dyn_base)
{
	uint8_t *buf = img_make();
	struct img *im = (struct img *)buf;
	struct elf_info info;

	KT_ASSERT_NOT_NULL(buf);
	im->eh.e_type = ET_DYN;
	im->eh.e_entry = 0x100;
	im->ph[0].p_vaddr = 0;
	im->ph[1].p_vaddr = 0x1200;
	KT_ASSERT_EQ(elf_parse(buf, IMG_SIZE, &info), 0);
	KT_ASSERT_EQ(elf_load_bias(&info), ELF_ET_DYN_BASE);
	kfree(buf);
}

KTEST(proc_elf, interp_and_exec_stack_are_reported)
{
	uint8_t *buf = img_make();
	struct img *im = (struct img *)buf;
	struct elf_info info;

	KT_ASSERT_NOT_NULL(buf);
	im->eh.e_phnum = 4;
	im->ph[3] = (struct elf64_phdr){PT_INTERP, PF_R, 0x2000, 0, 0, 20, 20, 1};
	im->ph[2].p_flags |= PF_X;
	KT_ASSERT_EQ(elf_parse(buf, IMG_SIZE, &info), 0);
	KT_ASSERT(info.has_interp);
	KT_ASSERT_EQ(info.interp_offset, 0x2000);
	KT_ASSERT(info.exec_stack);
	kfree(buf);
}

/* Each case breaks one field of a good image. */
static void break_field(struct img *im, int which)
{
	switch (which) {
	case 0:
		im->eh.e_ident[EI_MAG1] = 'X';
		break;
	case 1:
		im->eh.e_ident[EI_CLASS] = 1;
		break; /* ELF32 */
	case 2:
		im->eh.e_ident[EI_DATA] = 2;
		break; /* big endian */
	case 3:
		im->eh.e_machine = 62;
		break; /* x86-64 */
	case 4:
		im->eh.e_type = ET_REL;
		break;
	case 5:
		im->eh.e_phentsize = 32;
		break;
	case 6:
		im->eh.e_phnum = 0;
		break;
	case 7:
		im->eh.e_phoff = IMG_SIZE - 8;
		break; /* table past the end */
	case 8:
		im->eh.e_phoff = ~0ull - 16;
		break; /* offset overflow */
	case 9:
		im->ph[1].p_filesz = 0x1000;
		im->ph[1].p_memsz = 0x800;
		break; /* filesz > memsz */
	case 10:
		im->ph[1].p_offset = IMG_SIZE - 0x10;
		break; /* data past the end */
	case 11:
		im->ph[1].p_vaddr = 0x10800;
		im->ph[1].p_offset = 0x800;
		break; /* overlap */
	case 12:
		im->ph[1].p_vaddr = 0x11204;
		break; /* vaddr/offset not congruent */
	case 13:
		im->ph[1].p_memsz = ~0ull - 0x1000;
		break; /* size wraps */
	case 14:
		im->ph[1].p_vaddr = HAL_USER_VA_END;
		im->ph[1].p_offset = 0x1000;
		break;
	case 15:
		im->eh.e_entry = 0x50000;
		break; /* entry outside */
	case 16:
		im->ph[0].p_align = 0x1800;
		break; /* not a power of two */
	case 17:
		im->ph[0].p_type = PT_NOTE;
		im->ph[1].p_type = PT_NOTE;
		break; /* no PT_LOAD */
	case 18:
		im->eh.e_version = 2;
		break;
	case 19:
		im->ph[0].p_vaddr = 0;
		im->eh.e_entry = 0x100;
		break; /* ET_EXEC at page 0 */
	case 20:
		im->eh.e_phnum = PN_XNUM;
		break;
	case 21:
		im->ph[1].p_memsz = 0x20000000000ull;
		break; /* huge span */
	}
}

KTEST(proc_elf, every_malformed_field_is_enoexec)
{
	for (int which = 0; which <= 21; which++) {
		uint8_t *buf = img_make();

		KT_ASSERT_NOT_NULL(buf);
		break_field((struct img *)buf, which);
		if (!ktest_check_eq(parse(buf, IMG_SIZE), -ENOEXEC, "malformed case", __FILE__,
				    which)) {
			kfree(buf);
			return;
		}
		kfree(buf);
	}
}

KTEST(proc_elf, truncated_images)
{
	uint8_t *buf = img_make();

	KT_ASSERT_NOT_NULL(buf);
	KT_ASSERT_EQ(parse(buf, 0), -ENOEXEC);
	KT_ASSERT_EQ(parse(buf, 10), -ENOEXEC);
	KT_ASSERT_EQ(parse(buf, sizeof(struct elf64_ehdr) + 8), -ENOEXEC);
	KT_ASSERT_EQ(parse(buf, 0x1250), -ENOEXEC); /* data segment cut off */
	kfree(buf);
}
