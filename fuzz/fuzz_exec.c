/*
 * fuzz/fuzz_exec.c - libFuzzer target: the input is a program file,
 * exec'd by a process (fuzz/process.h) through execve(2), the real path
 * of core/proc/exec.c: header checks, program headers, segments mapped
 * from the file, bss, brk, the stack with argv, envp and auxv.
 *
 * Each input is written to "/prog" (mode 0755) in a fresh tmpfs; a new
 * process calls execve("/prog", {"prog", "-x", "hello world"},
 * {"HOME=/", "A=b"}) with the strings and arrays in its own memory. No
 * user instruction runs: the new image is checked from the kernel's side,
 * against what the input says (read here independently of core/proc/elf.c):
 *
 *  - registers: pc = AT_ENTRY, sp 16-aligned, every other register 0;
 *  - the stack: argc 3, the argv and envp pointers and strings, NULLs
 *    after them, an auxv ending in AT_NULL with AT_PAGESZ 4096, AT_PHENT
 *    56, AT_PHNUM e_phnum, AT_ENTRY e_entry (+ a page-aligned load bias
 *    for ET_DYN, 0 for ET_EXEC), AT_PHDR moved by the same bias, AT_UID
 *    & co. 0, AT_RANDOM 16 readable bytes, AT_EXECFN "/prog";
 *  - the image (PT_LOAD segments of p_memsz 0 map nothing and are left
 *    out, as core/proc/elf.c does): the entry point inside the pages the
 *    segments span (what elf.h promises; Linux does not check it at all); the first bytes
 *    of each readable segment equal the file's; the first bss bytes of a
 *    writable one are zero; the program headers are at AT_PHDR when they
 *    are inside a readable segment (pages shared with another segment are
 *    not compared: the later mapping wins there); brk at or above the end
 *    of the highest segment.
 *
 * RUX_FUZZ_TRACE=1 prints execve's result, pc and sp (standard error).
 *
 * A failed execve must return an errno and leave the caller as it was
 * (its memory and registers). After each input the process exits (the
 * image is unmapped), the tmpfs must unmount and no page may be left.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fs/tmpfs/tmpfs.h"
#include "fuzz/fuzz_kernel.h"
#include "fuzz/process.h"
#include "lib/err.h"
#include "proc/task.h"
#include "sys/uaccess.h"
#include "uapi/auxv.h"
#include "uapi/elf.h"
#include "uapi/errno.h"
#include "uapi/fcntl.h"
#include "uapi/mman.h"
#include "uapi/unistd.h"

#define PAGE	     4096ull
#define USER_ARGS    0x10000000ull /* the caller's page: path, strings, arrays */
#define MAX_PROGRAM  (1u << 20)
#define MAX_AUXV     64
#define COMPARE_SIZE 64 /* bytes of each segment compared with the file */

static const char *const argv_strings[] = {"prog", "-x", "hello world"};
static const char *const envp_strings[] = {"HOME=/", "A=b"};
#define ARGC ARRAY_SIZE(argv_strings)
#define ENVC ARRAY_SIZE(envp_strings)

/* The caller's page: "/prog", the strings, then the two pointer arrays. */
struct args_page {
	char bytes[PAGE];
	uint64_t path, argv, envp;
};

/* RUX_FUZZ_TRACE set: print execve's result (standard error). */
static bool trace;

struct exec_test {
	const uint8_t *data;
	size_t size;
	uint64_t bias; /* where exec moved the image (ET_DYN) */
};

static void fail_if(bool bad, const char *what, long value)
{
	if (bad)
		fuzz_fail(what, value);
}

static void build_args_page(struct args_page *pg)
{
	uint64_t ptrs[ARGC + 1 + ENVC + 1] = {0};
	size_t off = 8, k = 0; /* the strings after "/prog" */

	memset(pg->bytes, 0, sizeof(pg->bytes));
	strcpy(pg->bytes, "/prog");
	pg->path = USER_ARGS;
	for (size_t i = 0; i < ARGC + ENVC; i++) {
		const char *s = i < ARGC ? argv_strings[i] : envp_strings[i - ARGC];

		ptrs[k++] = USER_ARGS + off;
		strcpy(pg->bytes + off, s);
		off += strlen(s) + 1;
		if (i + 1 == ARGC)
			ptrs[k++] = 0;
	}
	off = (off + 7) & ~7ul;
	memcpy(pg->bytes + off, ptrs, sizeof(ptrs));
	pg->argv = USER_ARGS + off;
	pg->envp = pg->argv + (ARGC + 1) * sizeof(uint64_t);
}

/* ---- reading the new image ---------------------------------------------- */

static uint64_t user_word(uint64_t addr, const char *what)
{
	uint64_t v;

	fail_if(copy_from_user(&v, addr, sizeof(v)) != 0, what, (long)addr);
	return v;
}

static void expect_string(uint64_t addr, const char *want, const char *what)
{
	char buf[64];
	long n = strncpy_from_user(buf, addr, sizeof(buf));

	fail_if(n < 0 || strcmp(buf, want) != 0, what, n);
}

/* The auxv from @at: the value of each type < MAX_AUXV (~0 if absent). */
static void read_auxv(uint64_t at, uint64_t values[MAX_AUXV])
{
	memset(values, 0xff, MAX_AUXV * sizeof(values[0]));
	for (int i = 0;; i++) {
		uint64_t type = user_word(at + 16 * i, "auxv unreadable");
		uint64_t value = user_word(at + 16 * i + 8, "auxv unreadable");

		fail_if(i >= MAX_AUXV, "auxv without AT_NULL", i);
		if (type == AT_NULL)
			return;
		fail_if(type >= MAX_AUXV, "auxv type unknown", (long)type);
		fail_if(values[type] != ~0ull, "auxv type twice", (long)type);
		values[type] = value;
	}
}

/* Check the initial stack at @sp; the auxv values into @aux. */
static void check_stack(uint64_t sp, uint64_t aux[MAX_AUXV])
{
	uint64_t p = sp;
	uint8_t random[16];

	fail_if(sp % 16 || sp >= HAL_USER_VA_END, "sp misaligned or not in user space", (long)sp);
	fail_if(user_word(p, "argc unreadable") != ARGC, "argc", 0);
	p += 8;
	for (size_t i = 0; i < ARGC; i++, p += 8)
		expect_string(user_word(p, "argv unreadable"), argv_strings[i], "argv string");
	fail_if(user_word(p, "argv unreadable") != 0, "argv not NULL-terminated", 0);
	p += 8;
	for (size_t i = 0; i < ENVC; i++, p += 8)
		expect_string(user_word(p, "envp unreadable"), envp_strings[i], "envp string");
	fail_if(user_word(p, "envp unreadable") != 0, "envp not NULL-terminated", 0);
	read_auxv(p + 8, aux);
	fail_if(aux[AT_PAGESZ] != PAGE, "AT_PAGESZ", (long)aux[AT_PAGESZ]);
	fail_if(aux[AT_PHENT] != sizeof(struct elf64_phdr), "AT_PHENT", (long)aux[AT_PHENT]);
	fail_if(aux[AT_UID] || aux[AT_EUID] || aux[AT_GID] || aux[AT_EGID], "AT_UID & co.", 0);
	fail_if(copy_from_user(random, aux[AT_RANDOM], sizeof(random)) != 0, "AT_RANDOM", 0);
	fail_if(aux[AT_RANDOM] <= sp, "AT_RANDOM below sp", (long)aux[AT_RANDOM]);
	expect_string(aux[AT_EXECFN], "/prog", "AT_EXECFN");
}

/* Registers as exec leaves them: pc and sp set, all others zero; sp. */
static uint64_t check_registers(void)
{
	struct linux_user_regs r = current_task()->user.regs;
	static const struct linux_user_regs zero;
	uint64_t sp = r.sp;

	r.pc = r.sp = 0;
	fail_if(memcmp(&r, &zero, sizeof(r)) != 0, "registers not cleared", 0);
	return sp;
}

/* ---- the image against the file ----------------------------------------- */

/* Program header @i of the input (exec accepted it: inside the file). */
static struct elf64_phdr phdr_get(const struct exec_test *x, const struct elf64_ehdr *eh,
				  unsigned int i)
{
	struct elf64_phdr ph;

	memcpy(&ph, x->data + eh->e_phoff + (uint64_t)i * sizeof(ph), sizeof(ph));
	return ph;
}

/* Does [addr, addr + len) share a page with a PT_LOAD other than @self? */
static bool shares_page(const struct exec_test *x, const struct elf64_ehdr *eh, unsigned int self,
			uint64_t addr, uint64_t len)
{
	uint64_t lo = addr & ~(PAGE - 1), hi = (addr + len + PAGE - 1) & ~(PAGE - 1);

	for (unsigned int i = 0; i < eh->e_phnum; i++) {
		struct elf64_phdr ph = phdr_get(x, eh, i);
		uint64_t s = (ph.p_vaddr + x->bias) & ~(PAGE - 1);
		uint64_t e = (ph.p_vaddr + x->bias + ph.p_memsz + PAGE - 1) & ~(PAGE - 1);

		if (i != self && ph.p_type == PT_LOAD && ph.p_memsz && s < hi && lo < e)
			return true;
	}
	return false;
}

/* The user bytes at @addr equal @want (@n bytes), unless not comparable. */
static void expect_bytes(const struct exec_test *x, const struct elf64_ehdr *eh, unsigned int self,
			 uint64_t addr, const void *want, size_t n, const char *what)
{
	uint8_t got[COMPARE_SIZE];

	if (!n || shares_page(x, eh, self, addr, n))
		return;
	fail_if(copy_from_user(got, addr, n) != 0, what, (long)addr);
	fail_if(memcmp(got, want, n) != 0, what, (long)addr);
}

/* The headers are at AT_PHDR when segment @ph (number @i) holds them. */
static void check_phdr_copy(const struct exec_test *x, const struct elf64_ehdr *eh, unsigned int i,
			    const struct elf64_phdr *ph, uint64_t start, uint64_t at_phdr)
{
	uint64_t bytes = (uint64_t)eh->e_phnum * sizeof(*ph);

	if (at_phdr < start || at_phdr - start + bytes > ph->p_filesz)
		return;
	for (uint64_t off = 0; off < bytes && off < 4 * COMPARE_SIZE; off += COMPARE_SIZE)
		expect_bytes(x, eh, i, at_phdr + off, x->data + eh->e_phoff + off,
			     MIN(bytes - off, (uint64_t)COMPARE_SIZE), "AT_PHDR bytes differ");
}

static void check_segments(const struct exec_test *x, const struct elf64_ehdr *eh,
			   const uint64_t aux[MAX_AUXV])
{
	static const uint8_t zeros[COMPARE_SIZE];
	const unsigned long none[SYSCALL_MAX_ARGS] = {0};
	uint64_t entry = aux[AT_ENTRY], lo = UINT64_MAX, end = 0, brk;

	for (unsigned int i = 0; i < eh->e_phnum; i++) {
		struct elf64_phdr ph = phdr_get(x, eh, i);
		uint64_t start = ph.p_vaddr + x->bias, bss = ph.p_memsz - ph.p_filesz;

		if (ph.p_type != PT_LOAD || !ph.p_memsz) /* maps nothing */
			continue;
		fail_if(ph.p_offset > x->size || ph.p_filesz > x->size - ph.p_offset,
			"exec accepted a segment outside the file", (long)i);
		lo = MIN(lo, start & ~(PAGE - 1));
		end = MAX(end, start + ph.p_memsz);
		if (!(ph.p_flags & PF_R))
			continue;
		expect_bytes(x, eh, i, start, x->data + ph.p_offset,
			     MIN(ph.p_filesz, (uint64_t)COMPARE_SIZE), "segment bytes differ");
		if (ph.p_flags & PF_W)
			expect_bytes(x, eh, i, start + ph.p_filesz, zeros,
				     MIN(bss, (uint64_t)COMPARE_SIZE), "bss not zero");
		check_phdr_copy(x, eh, i, &ph, start, aux[AT_PHDR]);
	}
	fail_if(entry < lo || entry >= ((end + PAGE - 1) & ~(PAGE - 1)),
		"entry point outside the pages of the segments", (long)entry);
	brk = (uint64_t)fuzz_syscall(__NR_brk, none);
	fail_if(brk < end, "brk below the image's end", (long)brk);
}

static void check_image(struct exec_test *x)
{
	struct elf64_ehdr eh;
	uint64_t aux[MAX_AUXV], pc = current_task()->user.regs.pc;

	fail_if(x->size < sizeof(eh), "exec accepted a file shorter than a header", 0);
	memcpy(&eh, x->data, sizeof(eh));
	fail_if(eh.e_phoff > x->size ||
		    (uint64_t)eh.e_phnum * sizeof(struct elf64_phdr) > x->size - eh.e_phoff,
		"exec accepted headers outside the file", (long)eh.e_phoff);
	check_stack(check_registers(), aux);
	fail_if(aux[AT_ENTRY] != pc, "pc is not AT_ENTRY", (long)pc);
	fail_if(aux[AT_PHNUM] != eh.e_phnum, "AT_PHNUM", (long)aux[AT_PHNUM]);
	x->bias = aux[AT_ENTRY] - eh.e_entry;
	fail_if(eh.e_type == ET_EXEC && x->bias, "ET_EXEC moved", (long)x->bias);
	fail_if(x->bias % PAGE, "load bias not page-aligned", (long)x->bias);
	check_segments(x, &eh, aux);
}

/* ---- the process ---------------------------------------------------------- */

static int run_exec(void *arg)
{
	struct exec_test *x = arg;
	static struct args_page pg;
	uint8_t after[PAGE];
	struct mm *mm_before;
	long r;

	build_args_page(&pg);
	if (!fuzz_user_map(USER_ARGS, PAGE, PROT_READ | PROT_WRITE, pg.bytes, PAGE))
		fuzz_fail("cannot map the arguments", 0);
	mm_before = current_mm();
	r = fuzz_syscall(__NR_execve, (unsigned long[SYSCALL_MAX_ARGS]){pg.path, pg.argv, pg.envp});
	if (trace)
		fprintf(stderr, "execve = %ld, pc %#llx, sp %#llx\n", r,
			(unsigned long long)current_task()->user.regs.pc,
			(unsigned long long)current_task()->user.regs.sp);
	if (r == 0) {
		check_image(x);
		return 0;
	}
	fail_if(r > 0 || r < -MAX_ERRNO, "execve returned no errno", r);
	fail_if(current_mm() != mm_before, "a failed execve changed the address space", r);
	fail_if(copy_from_user(after, USER_ARGS, PAGE) != 0 || memcmp(after, pg.bytes, PAGE) != 0,
		"a failed execve changed the caller's memory", r);
	fail_if(current_task()->user.regs.pc != 0, "a failed execve changed the registers", r);
	return 0;
}

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	trace = getenv("RUX_FUZZ_TRACE") != NULL;
	fuzz_kernel_boot(256);
	fuzz_process_init();
	if (tmpfs_register() != 0)
		fuzz_fail("tmpfs_register failed", 0);
	return 0;
}

static void write_program(struct fuzz_world *w, const uint8_t *data, size_t size)
{
	struct file *f;
	int64_t pos = 0;
	int err = vfs_openat(&w->ctx, NULL, "prog", O_WRONLY | O_CREAT, 0755, &f);

	if (err)
		fuzz_fail("cannot create /prog", err);
	if (size && vfs_write(f, data, size, &pos) != (long)size)
		fuzz_fail("cannot write /prog", (long)size);
	vfs_close(f);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	unsigned long pages = fuzz_pages_in_use();
	struct exec_test x = {.data = data, .size = size};
	struct fuzz_world w;
	int err;

	if (size > MAX_PROGRAM)
		return -1;
	err = fuzz_world_mount(&w, "tmpfs", 0, "fuzz");
	if (err)
		fuzz_fail("cannot mount a tmpfs", err);
	write_program(&w, data, size);
	err = fuzz_process_run(&w, run_exec, &x);
	if (err)
		fuzz_fail("the process did not run", err);
	fuzz_tmpfs_end(&w, pages);
	return 0;
}
