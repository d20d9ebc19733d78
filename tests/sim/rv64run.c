/*
 * tests/sim/rv64run.c - run a static riscv64 Linux program on the interpreter
 * alone: a tiny ELF loader (PT_LOAD segments with their permissions, a 1 MiB
 * stack) and a system call shim that knows write(2) and exit(2)/exit_group(2)
 * only. Used by the conformance test (against qemu-riscv64) and the benchmark.
 *
 *   rv64run [-s] PROGRAM.elf
 *
 * -s prints the instructions retired, the time and the MIPS to stderr.
 * Exits with the program's exit status, or 128+signal-like codes on a trap:
 * 132 illegal instruction, 133 breakpoint, 135 misaligned, 139 page fault.
 */
#include <elf.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "sim/cpu/rv64.h"

#define PAGE       4096ull
#define STACK_TOP  0x3fff000000ull
#define STACK_SIZE (1ull << 20)
#define MAX_REGIONS 16

struct region {
	uint64_t start, end; /* page aligned */
	unsigned int prot;   /* RV64_ACCESS_* allowed */
	uint8_t *mem;
};

static struct region regions[MAX_REGIONS];
static unsigned int nr_regions;

static void *translate(void *ctx, uint64_t va, unsigned int access)
{
	for (unsigned int i = 0; i < nr_regions; i++) {
		struct region *r = &regions[i];

		if (va >= r->start && va < r->end)
			return (r->prot & access) ? r->mem + (va - r->start) : NULL;
	}
	return NULL;
}

static uint64_t host_time(void *ctx)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 10000000 + (uint64_t)ts.tv_nsec / 100;
}

static struct region *add_region(uint64_t start, uint64_t end, unsigned int prot)
{
	struct region *r;

	if (nr_regions == MAX_REGIONS) {
		fprintf(stderr, "rv64run: too many segments\n");
		exit(2);
	}
	r = &regions[nr_regions++];
	r->start = start & ~(PAGE - 1);
	r->end = (end + PAGE - 1) & ~(PAGE - 1);
	r->prot = prot;
	r->mem = calloc(1, r->end - r->start);
	if (!r->mem) {
		perror("rv64run");
		exit(2);
	}
	return r;
}

static unsigned int elf_prot(uint32_t flags)
{
	return (flags & PF_R ? RV64_ACCESS_READ : 0) | (flags & PF_W ? RV64_ACCESS_WRITE : 0) |
	       (flags & PF_X ? RV64_ACCESS_EXEC : 0);
}

/* Load the static ELF @path; returns its entry point. */
static uint64_t load_elf(const char *path)
{
	FILE *f = fopen(path, "rb");
	Elf64_Ehdr eh;
	Elf64_Phdr ph;

	if (!f || fread(&eh, sizeof(eh), 1, f) != 1 || memcmp(eh.e_ident, ELFMAG, SELFMAG) ||
	    eh.e_machine != EM_RISCV || eh.e_ident[EI_CLASS] != ELFCLASS64) {
		fprintf(stderr, "rv64run: %s: not a riscv64 ELF file\n", path);
		exit(2);
	}
	for (unsigned int i = 0; i < eh.e_phnum; i++) {
		struct region *r;

		if (fseek(f, (long)(eh.e_phoff + (uint64_t)i * eh.e_phentsize), SEEK_SET) ||
		    fread(&ph, sizeof(ph), 1, f) != 1) {
			fprintf(stderr, "rv64run: %s: bad program header\n", path);
			exit(2);
		}
		if (ph.p_type != PT_LOAD || !ph.p_memsz)
			continue;
		r = add_region(ph.p_vaddr, ph.p_vaddr + ph.p_memsz, elf_prot(ph.p_flags));
		if (fseek(f, (long)ph.p_offset, SEEK_SET) ||
		    fread(r->mem + (ph.p_vaddr - r->start), 1, ph.p_filesz, f) != ph.p_filesz) {
			fprintf(stderr, "rv64run: %s: short segment\n", path);
			exit(2);
		}
	}
	fclose(f);
	return eh.e_entry;
}

/* write(2) of user memory to a host descriptor. */
static int64_t sys_write(uint64_t fd, uint64_t buf, uint64_t len)
{
	uint64_t done = 0;

	while (done < len) {
		uint64_t chunk = PAGE - ((buf + done) & (PAGE - 1));
		uint8_t *p = translate(NULL, buf + done, RV64_ACCESS_READ);

		if (!p)
			return done ? (int64_t)done : -EFAULT;
		if (chunk > len - done)
			chunk = len - done;
		if (write((int)fd, p, chunk) != (ssize_t)chunk)
			return -EIO;
		done += chunk;
	}
	return (int64_t)done;
}

static int trap_status(enum rv64_exit why, const struct rv64_cpu *cpu)
{
	fprintf(stderr, "rv64run: trap %d at pc %#llx (addr %#llx, insn %#x)\n", (int)why,
		(unsigned long long)cpu->pc, (unsigned long long)cpu->fault_addr,
		cpu->fault_insn);
	switch (why) {
	case RV64_EXIT_ILLEGAL: return 132;
	case RV64_EXIT_EBREAK: return 133;
	case RV64_EXIT_MISALIGNED: return 135;
	default: return 139;
	}
}

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

/* Run until exit; returns the exit status. */
static int run(struct rv64_cpu *cpu)
{
	for (;;) {
		enum rv64_exit why = rv64_run(cpu, 1u << 30);
		uint64_t *a = &cpu->x[10];

		if (why == RV64_EXIT_BUDGET)
			continue;
		if (why != RV64_EXIT_ECALL)
			return trap_status(why, cpu);
		switch (cpu->x[17]) {
		case 64:
			a[0] = (uint64_t)sys_write(a[0], a[1], a[2]);
			break;
		case 93:
		case 94:
			return (int)(a[0] & 0xff);
		default:
			a[0] = (uint64_t)-ENOSYS;
			break;
		}
		cpu->pc += 4;
	}
}

int main(int argc, char **argv)
{
	struct rv64_env env = { .translate = translate, .time = host_time };
	struct rv64_cpu *cpu = malloc(sizeof(*cpu));
	bool stats = argc > 2 && !strcmp(argv[1], "-s");
	double t0;
	int status;

	if (argc != 2 + stats || !cpu) {
		fprintf(stderr, "usage: rv64run [-s] PROGRAM.elf\n");
		return 2;
	}
	rv64_init(cpu, &env);
	cpu->pc = load_elf(argv[1 + stats]);
	add_region(STACK_TOP - STACK_SIZE, STACK_TOP, RV64_ACCESS_READ | RV64_ACCESS_WRITE);
	cpu->x[2] = STACK_TOP - 64; /* argc 0, argv and envp empty, auxv AT_NULL */
	t0 = now();
	status = run(cpu);
	if (stats) {
		double s = now() - t0;

		fprintf(stderr, "rv64run: %llu instructions in %.3f s: %.1f MIPS\n",
			(unsigned long long)cpu->instret, s, (double)cpu->instret / s / 1e6);
	}
	rv64_destroy(cpu);
	free(cpu);
	for (unsigned int i = 0; i < nr_regions; i++)
		free(regions[i].mem);
	return status;
}
