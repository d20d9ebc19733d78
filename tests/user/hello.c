/*
 * tests/user/hello.c - the first program Rux runs: it prints a line, and checks
 * what execve() hands a new program: argv and envp where the ABI puts them, and
 * the auxiliary vector (AT_PAGESZ, AT_RANDOM, AT_EXECFN, AT_PHDR/AT_PHENT/
 * AT_PHNUM, AT_ENTRY, the ids, AT_SECURE, AT_HWCAP).
 */
#include "ut.h"

#include <elf.h>
#include <sys/auxv.h>

extern char **environ;
extern char _start[];

static void check_args(int argc, char **argv, char **envp)
{
	CHECK(argc >= 1);
	CHECK(argv[0] != NULL);
	CHECK(argv[argc] == NULL);
	/* envp follows argv's terminating NULL on the initial stack. */
	CHECK(envp == argv + argc + 1);
	CHECK(environ == envp);
	ut_ok("argv and envp");
}

static void check_phdrs(void)
{
	const Elf64_Phdr *ph = (const Elf64_Phdr *)getauxval(AT_PHDR);
	unsigned long n = getauxval(AT_PHNUM), i, loads = 0;

	CHECK(ph != NULL);
	CHECK_EQ(getauxval(AT_PHENT), sizeof(Elf64_Phdr));
	CHECK(n > 0);
	for (i = 0; i < n; i++)
		if (ph[i].p_type == PT_LOAD)
			loads++;
	CHECK(loads > 0);
	CHECK_EQ(getauxval(AT_ENTRY), (unsigned long)_start);
	ut_ok("AT_PHDR, AT_PHENT, AT_PHNUM, AT_ENTRY");
}

static void check_auxv(char **argv)
{
	const unsigned char *rnd = (const unsigned char *)getauxval(AT_RANDOM);
	const char *execfn = (const char *)getauxval(AT_EXECFN);
	unsigned long hwcap = getauxval(AT_HWCAP);
	const char *base;
	int i, nonzero = 0;

	CHECK_EQ(getauxval(AT_PAGESZ), 4096);
	CHECK_EQ(sysconf(_SC_PAGESIZE), 4096);
	CHECK(rnd != NULL);
	for (i = 0; i < 16; i++)
		nonzero |= rnd[i];
	CHECK(nonzero);
	ut_ok("AT_PAGESZ and AT_RANDOM");

	/* AT_EXECFN is the path given to execve(); argv[0] names the same file. */
	CHECK(execfn != NULL);
	base = strrchr(execfn, '/');
	base = base ? base + 1 : execfn;
	CHECK(strstr(argv[0], base) != NULL);
	ut_ok("AT_EXECFN");

	CHECK_EQ(getauxval(AT_UID), getuid());
	CHECK_EQ(getauxval(AT_EUID), geteuid());
	CHECK_EQ(getauxval(AT_GID), getgid());
	CHECK_EQ(getauxval(AT_EGID), getegid());
	CHECK_EQ(getauxval(AT_SECURE), 0);
	ut_ok("AT_UID, AT_EUID, AT_GID, AT_EGID, AT_SECURE");

	/* One bit per single-letter ISA extension: rv64imafdc at least. */
	for (i = 0; i < 6; i++)
		CHECK(hwcap & (1UL << ("imafdc"[i] - 'a')));
	ut_ok("AT_HWCAP");
}

int main(int argc, char **argv, char **envp)
{
	ut_begin("hello");
	printf("hello, world\n");
	check_args(argc, argv, envp);
	check_auxv(argv);
	check_phdrs();
	return ut_pass();
}
