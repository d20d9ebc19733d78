/*
 * tests/sim/rv64run.c - run a static riscv64 Linux program on the interpreter
 * alone, without the kernel: an ELF loader (PT_LOAD segments with their
 * permissions, a stack with argv, envp and auxv) and a small system call
 * shim that passes file I/O through to the host. Enough for the conformance
 * programs (write, exit), the benchmark, and simple commands of Debian's
 * static busybox (sha256sum, awk, sort, gzip...), which is what it is for:
 * checking the interpreter against qemu-riscv64 on real compiled code.
 *
 *   rv64run [-s] PROGRAM [ARG...]
 *
 * -s prints the instructions retired, the time and the MIPS to stderr.
 * Exits with the program's exit status, or on a trap with 128 + the signal
 * Linux would send: 132 illegal instruction, 133 breakpoint, 135 misaligned
 * atomic, 139 page fault.
 *
 * Memory: segments, the stack, a brk heap of up to 64 MiB and anonymous or
 * file-copy mmap()s, each a calloc()ed host block. mprotect() is accepted and
 * ignored; munmap() frees whole mappings only.
 */
#define _GNU_SOURCE /* dup3 */
#include <elf.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/uio.h>
#include <time.h>
#include <unistd.h>

#include "sim/cpu/rv64.h"

#define PAGE        4096ull
#define STACK_TOP   0x3fff000000ull
#define STACK_SIZE  (8ull << 20)
#define BRK_MAX     (64ull << 20)
#define MMAP_TOP    0x3f00000000ull
#define MAX_REGIONS 256
#define RWX         (RV64_ACCESS_READ | RV64_ACCESS_WRITE | RV64_ACCESS_EXEC)

struct region {
	uint64_t start, end; /* page aligned; end is the usable end */
	unsigned int prot;   /* RV64_ACCESS_* allowed */
	uint8_t *mem;
};

static struct region regions[MAX_REGIONS];
static unsigned int nr_regions;
static struct region *brk_region;
static uint64_t mmap_next = MMAP_TOP;
static struct rv64_cpu *cpu;
static const char *exe_path;

static uint64_t page_up(uint64_t v)
{
	return (v + PAGE - 1) & ~(PAGE - 1);
}

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

static void die(const char *what)
{
	fprintf(stderr, "rv64run: %s\n", what);
	exit(2);
}

/* A zeroed region [start, end) with room for @capacity bytes. */
static struct region *add_region(uint64_t start, uint64_t end, uint64_t capacity,
				 unsigned int prot)
{
	struct region *r;

	if (nr_regions == MAX_REGIONS)
		return NULL;
	r = &regions[nr_regions];
	r->start = start & ~(PAGE - 1);
	r->end = page_up(end);
	r->prot = prot;
	r->mem = calloc(1, capacity > r->end - r->start ? capacity : r->end - r->start);
	if (!r->mem)
		return NULL;
	nr_regions++;
	return r;
}

static void remove_region(struct region *r)
{
	free(r->mem);
	*r = regions[--nr_regions];
	if (brk_region == &regions[nr_regions])
		brk_region = r;
	rv64_flush_tlb(cpu);
	rv64_flush_code(cpu);
}

/*
 * Copy between user memory and the host; false on an unmapped byte. Writing
 * into executable memory drops the decoded instructions, as a kernel would.
 */
static bool copy_user(uint64_t va, void *buf, uint64_t n, bool to_user)
{
	while (n) {
		uint64_t chunk = PAGE - (va & (PAGE - 1));
		uint8_t *p = translate(NULL, va, to_user ? RV64_ACCESS_WRITE : RV64_ACCESS_READ);

		if (!p)
			return false;
		chunk = chunk < n ? chunk : n;
		if (to_user) {
			memcpy(p, buf, chunk);
			if (translate(NULL, va, RV64_ACCESS_EXEC))
				rv64_flush_code(cpu);
		} else {
			memcpy(buf, p, chunk);
		}
		buf = (uint8_t *)buf + chunk;
		va += chunk;
		n -= chunk;
	}
	return true;
}

static bool user_string(uint64_t va, char *buf, size_t size)
{
	for (size_t i = 0; i < size; i++) {
		if (!copy_user(va + i, &buf[i], 1, false))
			return false;
		if (!buf[i])
			return true;
	}
	return false;
}

struct elf_info {
	uint64_t entry, phdr, phnum, end;
};

static unsigned int elf_prot(uint32_t flags)
{
	return (flags & PF_R ? RV64_ACCESS_READ : 0) | (flags & PF_W ? RV64_ACCESS_WRITE : 0) |
	       (flags & PF_X ? RV64_ACCESS_EXEC : 0);
}

static void load_elf(const char *path, struct elf_info *info)
{
	FILE *f = fopen(path, "rb");
	Elf64_Ehdr eh;
	Elf64_Phdr ph;

	if (!f || fread(&eh, sizeof(eh), 1, f) != 1 || memcmp(eh.e_ident, ELFMAG, SELFMAG) ||
	    eh.e_machine != EM_RISCV || eh.e_ident[EI_CLASS] != ELFCLASS64 ||
	    eh.e_type != ET_EXEC)
		die("not a static riscv64 ELF executable");
	memset(info, 0, sizeof(*info));
	info->entry = eh.e_entry;
	info->phnum = eh.e_phnum;
	for (unsigned int i = 0; i < eh.e_phnum; i++) {
		struct region *r;

		if (fseek(f, (long)(eh.e_phoff + (uint64_t)i * eh.e_phentsize), SEEK_SET) ||
		    fread(&ph, sizeof(ph), 1, f) != 1)
			die("bad program header");
		if (ph.p_type != PT_LOAD || !ph.p_memsz)
			continue;
		if (ph.p_offset == 0)
			info->phdr = ph.p_vaddr + eh.e_phoff;
		r = add_region(ph.p_vaddr, ph.p_vaddr + ph.p_memsz, 0, elf_prot(ph.p_flags));
		if (!r || fseek(f, (long)ph.p_offset, SEEK_SET) ||
		    fread(r->mem + (ph.p_vaddr - r->start), 1, ph.p_filesz, f) != ph.p_filesz)
			die("cannot load a segment");
		if (r->end > info->end)
			info->end = r->end;
	}
	fclose(f);
}

/* Push @n bytes onto the new program's stack. */
static uint64_t push(uint64_t *sp, const void *data, uint64_t n)
{
	*sp -= n;
	copy_user(*sp, (void *)data, n, true);
	return *sp;
}

/* The initial stack: argc, argv, envp (empty), auxv, as the kernel builds it. */
static uint64_t setup_stack(const struct elf_info *info, int argc, char **argv)
{
	static const uint8_t random_bytes[16] = { 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16 };
	uint64_t sp = STACK_TOP, argp[64], rnd, execfn;
	uint64_t aux[][2] = {
		{ AT_PHDR, info->phdr }, { AT_PHENT, sizeof(Elf64_Phdr) },
		{ AT_PHNUM, info->phnum }, { AT_PAGESZ, PAGE }, { AT_ENTRY, info->entry },
		{ AT_UID, 0 }, { AT_EUID, 0 }, { AT_GID, 0 }, { AT_EGID, 0 },
		{ AT_HWCAP, 0 }, { AT_SECURE, 0 }, { AT_RANDOM, 0 }, { AT_EXECFN, 0 },
		{ AT_NULL, 0 },
	};
	uint64_t n = (uint64_t)argc;

	if (argc > 60)
		die("too many arguments");
	for (int i = argc - 1; i >= 0; i--)
		argp[i] = push(&sp, argv[i], strlen(argv[i]) + 1);
	execfn = argp[0];
	rnd = push(&sp, random_bytes, sizeof(random_bytes));
	aux[11][1] = rnd;
	aux[12][1] = execfn;
	sp &= ~15ull;
	if ((n + 3) % 2) /* argc, argv[n], two NULLs: keep the final sp 16-byte aligned */
		push(&sp, &(uint64_t){ 0 }, 8);
	push(&sp, aux, sizeof(aux));
	push(&sp, &(uint64_t){ 0 }, 8);      /* envp terminator */
	push(&sp, &(uint64_t){ 0 }, 8);      /* argv terminator */
	push(&sp, argp, 8 * n);
	return push(&sp, &n, 8);
}

/* ---- system calls ----------------------------------------------------------- */

static int64_t err(int64_t r)
{
	return r < 0 ? -errno : r;
}

static int64_t sys_rw(uint64_t fd, uint64_t buf, uint64_t len, bool is_write)
{
	static uint8_t bounce[1 << 16];
	uint64_t done = 0;

	while (done < len) {
		uint64_t chunk = len - done < sizeof(bounce) ? len - done : sizeof(bounce);
		ssize_t r;

		if (is_write && !copy_user(buf + done, bounce, chunk, false))
			return done ? (int64_t)done : -EFAULT;
		r = is_write ? write((int)fd, bounce, chunk) : read((int)fd, bounce, chunk);
		if (r < 0)
			return done ? (int64_t)done : -errno;
		if (!is_write && !copy_user(buf + done, bounce, (uint64_t)r, true))
			return -EFAULT;
		done += (uint64_t)r;
		if ((uint64_t)r < chunk)
			break;
	}
	return (int64_t)done;
}

static int64_t sys_writev(uint64_t fd, uint64_t iov, uint64_t cnt)
{
	int64_t total = 0;

	for (uint64_t i = 0; i < cnt; i++) {
		uint64_t v[2];
		int64_t r;

		if (!copy_user(iov + 16 * i, v, 16, false))
			return -EFAULT;
		r = sys_rw(fd, v[0], v[1], true);
		if (r < 0)
			return total ? total : r;
		total += r;
	}
	return total;
}

/* struct stat of the riscv64 (asm-generic) ABI. */
struct rv_stat {
	uint64_t dev, ino;
	uint32_t mode, nlink, uid, gid;
	uint64_t rdev, pad1;
	int64_t size;
	int32_t blksize, pad2;
	int64_t blocks;
	int64_t atime, atime_ns, mtime, mtime_ns, ctime, ctime_ns;
	uint32_t unused[2];
};

static int64_t put_stat(int r, const struct stat *st, uint64_t buf)
{
	struct rv_stat s = {
		.dev = st->st_dev, .ino = st->st_ino, .mode = st->st_mode,
		.nlink = (uint32_t)st->st_nlink, .uid = st->st_uid, .gid = st->st_gid,
		.rdev = st->st_rdev, .size = st->st_size, .blksize = (int32_t)st->st_blksize,
		.blocks = st->st_blocks,
		.atime = st->st_atim.tv_sec, .atime_ns = st->st_atim.tv_nsec,
		.mtime = st->st_mtim.tv_sec, .mtime_ns = st->st_mtim.tv_nsec,
		.ctime = st->st_ctim.tv_sec, .ctime_ns = st->st_ctim.tv_nsec,
	};

	if (r < 0)
		return -errno;
	return copy_user(buf, &s, sizeof(s), true) ? 0 : -EFAULT;
}

static int64_t sys_brk(uint64_t want)
{
	uint64_t top = brk_region->start + BRK_MAX;

	if (want >= brk_region->start && want <= top) {
		uint64_t end = page_up(want);

		if (end < brk_region->end) {
			memset(brk_region->mem + (end - brk_region->start), 0, brk_region->end - end);
			rv64_flush_tlb(cpu);
		}
		brk_region->end = end > brk_region->start ? end : brk_region->start + PAGE;
		return (int64_t)want;
	}
	return (int64_t)brk_region->end;
}

static int64_t sys_mmap(uint64_t addr, uint64_t len, uint64_t fd, uint64_t off)
{
	struct region *r;

	len = page_up(len);
	if (!len || len > (1ull << 32))
		return -EINVAL;
	mmap_next -= len;
	r = add_region(mmap_next, mmap_next + len, 0, RWX);
	if (!r)
		return -ENOMEM;
	if ((int64_t)fd >= 0 && pread((int)fd, r->mem, len, (off_t)off) < 0) {
		remove_region(r);
		return -errno;
	}
	return (int64_t)r->start;
}

static int64_t sys_munmap(uint64_t addr, uint64_t len)
{
	for (unsigned int i = 0; i < nr_regions; i++)
		if (regions[i].start == addr && regions[i].end == addr + page_up(len) &&
		    &regions[i] != brk_region) {
			remove_region(&regions[i]);
			return 0;
		}
	return 0;
}

static int64_t sys_readlinkat(uint64_t path, uint64_t buf, uint64_t size)
{
	char name[64];
	uint64_t n = strlen(exe_path);

	if (!user_string(path, name, sizeof(name)) || strcmp(name, "/proc/self/exe"))
		return -ENOENT;
	n = n < size ? n : size;
	return copy_user(buf, (void *)exe_path, n, true) ? (int64_t)n : -EFAULT;
}

static int64_t sys_uname(uint64_t buf)
{
	char u[6][65] = { "Linux", "rv64run", "6.1.0", "#1", "riscv64", "(none)" };

	return copy_user(buf, u, sizeof(u), true) ? 0 : -EFAULT;
}

static int64_t syscall_shim(uint64_t nr, const uint64_t *a)
{
	char path[4096];
	struct stat st;
	struct timespec ts;

	switch (nr) {
	case 23: return err(dup((int)a[0]));
	case 24: return err(dup3((int)a[0], (int)a[1], (int)a[2]));
	case 25: /* fcntl: the descriptor commands only */
		if (a[1] > F_SETFL)
			return -EINVAL;
		return err(fcntl((int)a[0], (int)a[1], (int)a[2]));
	case 29: return -ENOTTY; /* ioctl */
	case 56: /* openat */
		if (!user_string(a[1], path, sizeof(path)))
			return -EFAULT;
		return err(openat((int)a[0], path, (int)a[2], (mode_t)a[3]));
	case 57: return err(close((int)a[0]));
	case 62: return err(lseek((int)a[0], (off_t)a[1], (int)a[2]));
	case 63: return sys_rw(a[0], a[1], a[2], false);
	case 64: return sys_rw(a[0], a[1], a[2], true);
	case 66: return sys_writev(a[0], a[1], a[2]);
	case 78: return sys_readlinkat(a[1], a[2], a[3]);
	case 79: /* newfstatat */
		if (!user_string(a[1], path, sizeof(path)))
			return -EFAULT;
		return put_stat(fstatat((int)a[0], path, &st, (int)a[3]), &st, a[2]);
	case 80: return put_stat(fstat((int)a[0], &st), &st, a[1]);
	case 96: return 1000; /* set_tid_address: the tid */
	case 113: /* clock_gettime */
		if (clock_gettime((clockid_t)a[0], &ts))
			return -errno;
		return copy_user(a[1], (uint64_t[]){ (uint64_t)ts.tv_sec, (uint64_t)ts.tv_nsec },
				 16, true) ? 0 : -EFAULT;
	case 134: case 135: return 0; /* rt_sigaction, rt_sigprocmask */
	case 160: return sys_uname(a[0]);
	case 172: case 178: return 1000; /* getpid, gettid */
	case 174: case 175: case 176: case 177: return 0; /* get[e][ug]id */
	case 214: return sys_brk(a[0]);
	case 215: return sys_munmap(a[0], a[1]);
	case 222: return sys_mmap(a[0], a[1], a[4], a[5]);
	case 167: case 226: return 0; /* prctl, mprotect */
	case 261: return a[3] ? (copy_user(a[3], (uint64_t[]){ ~0ull, ~0ull }, 16, true) ?
				 0 : -EFAULT) : 0; /* prlimit64: unlimited */
	case 278: /* getrandom: deterministic */
		for (uint64_t i = 0; i < a[1]; i++)
			if (!copy_user(a[0] + i, &(uint8_t){ (uint8_t)(i * 37 + 11) }, 1, true))
				return -EFAULT;
		return (int64_t)a[1];
	}
	return -ENOSYS;
}

static int trap_status(enum rv64_exit why)
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

/* Run until exit; returns the exit status. */
static int run(void)
{
	for (;;) {
		enum rv64_exit why = rv64_run(cpu, 1u << 30);
		uint64_t *a = &cpu->x[10];

		if (why == RV64_EXIT_BUDGET)
			continue;
		if (why != RV64_EXIT_ECALL)
			return trap_status(why);
		if (cpu->x[17] == 93 || cpu->x[17] == 94) /* exit, exit_group */
			return (int)(a[0] & 0xff);
		a[0] = (uint64_t)syscall_shim(cpu->x[17], a);
		cpu->pc += 4;
	}
}

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

int main(int argc, char **argv)
{
	struct rv64_env env = { .translate = translate, .time = host_time };
	bool stats = argc > 1 && !strcmp(argv[1], "-s");
	struct elf_info info;
	double t0;
	int status;

	if (argc < 2 + stats) {
		fprintf(stderr, "usage: rv64run [-s] PROGRAM [ARG...]\n");
		return 2;
	}
	cpu = malloc(sizeof(*cpu));
	if (!cpu)
		die("out of memory");
	rv64_init(cpu, &env);
	exe_path = argv[1 + stats];
	load_elf(exe_path, &info);
	brk_region = add_region(info.end, info.end + PAGE, BRK_MAX,
				RV64_ACCESS_READ | RV64_ACCESS_WRITE);
	if (!brk_region || !add_region(STACK_TOP - STACK_SIZE, STACK_TOP, 0,
				       RV64_ACCESS_READ | RV64_ACCESS_WRITE))
		die("out of memory");
	cpu->pc = info.entry;
	cpu->x[2] = setup_stack(&info, argc - 1 - stats, argv + 1 + stats);
	t0 = now();
	status = run();
	if (stats) {
		double s = now() - t0;

		fprintf(stderr, "rv64run: %llu instructions in %.3f s: %.1f MIPS\n",
			(unsigned long long)cpu->instret, s, (double)cpu->instret / s / 1e6);
	}
	rv64_destroy(cpu);
	free(cpu);
	while (nr_regions)
		free(regions[--nr_regions].mem);
	return status;
}
