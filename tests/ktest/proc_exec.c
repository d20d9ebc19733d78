/*
 * tests/ktest/proc_exec.c - the initial stack execve builds, read back
 * from a test address space: argc, argv, envp, auxv and the strings.
 */
#include "lib/ktest.h"
#include "lib/string.h"
#include "mm/uaccess.h"
#include "mm/vm.h"
#include "proc/exec.h"
#include "uapi/auxv.h"
#include "uapi/errno.h"

#define TOP 0x4000000000ull

static uint64_t word_at(struct mm *mm, uint64_t addr)
{
	uint64_t v = ~0ull;

	if (mm_copy_from_user(mm, &v, addr, sizeof(v)))
		return ~0ull;
	return v;
}

static bool string_at(struct mm *mm, uint64_t addr, const char *want)
{
	char buf[64];
	size_t n = strlen(want) + 1;

	return n <= sizeof(buf) && mm_copy_from_user(mm, buf, addr, n) == 0 &&
	       memcmp(buf, want, n) == 0;
}

/* The value of auxv entry @type, or ~0 if missing. */
static uint64_t auxv_get(struct mm *mm, uint64_t auxv, uint64_t type)
{
	for (int i = 0; i < EXEC_AUXV_PAIRS; i++) {
		uint64_t t = word_at(mm, auxv + 16 * i);

		if (t == type)
			return word_at(mm, auxv + 16 * i + 8);
		if (t == AT_NULL)
			break;
	}
	return ~0ull;
}

KTEST(proc_exec, initial_stack_layout)
{
	struct exec_auxv_info ai = {.phdr = 0x10040, .phnum = 7, .entry = 0x10100, .uid = 5};
	struct mm *mm = mm_create();
	struct exec_args a;
	uint64_t sp, auxv;
	long r;

	KT_ASSERT_NOT_NULL(mm);
	KT_ASSERT_EQ(mm_setup_stack(mm, TOP, 16 * 4096, 0), 0);
	exec_args_init(&a, 1 << 20);
	KT_ASSERT_EQ(exec_args_push(&a, "prog", 4, false), 0);
	KT_ASSERT_EQ(exec_args_push(&a, "-x", 2, false), 0);
	KT_ASSERT_EQ(exec_args_push(&a, "HOME=/", 6, true), 0);
	r = exec_build_stack(mm, TOP, &a, "/bin/prog", &ai);
	exec_args_free(&a);
	KT_ASSERT(r > 0);
	sp = (uint64_t)r;
	KT_ASSERT_EQ(sp % 16, 0);
	KT_ASSERT(sp < TOP && TOP - sp < 4096);
	KT_ASSERT_EQ(word_at(mm, sp), 2); /* argc */
	KT_ASSERT(string_at(mm, word_at(mm, sp + 8), "prog"));
	KT_ASSERT(string_at(mm, word_at(mm, sp + 16), "-x"));
	KT_ASSERT_EQ(word_at(mm, sp + 24), 0);
	KT_ASSERT(string_at(mm, word_at(mm, sp + 32), "HOME=/"));
	KT_ASSERT_EQ(word_at(mm, sp + 40), 0);
	auxv = sp + 48;
	KT_ASSERT_EQ(auxv_get(mm, auxv, AT_PAGESZ), 4096);
	KT_ASSERT_EQ(auxv_get(mm, auxv, AT_PHDR), 0x10040);
	KT_ASSERT_EQ(auxv_get(mm, auxv, AT_PHENT), 56);
	KT_ASSERT_EQ(auxv_get(mm, auxv, AT_PHNUM), 7);
	KT_ASSERT_EQ(auxv_get(mm, auxv, AT_ENTRY), 0x10100);
	KT_ASSERT_EQ(auxv_get(mm, auxv, AT_UID), 5);
	KT_ASSERT_EQ(auxv_get(mm, auxv, AT_CLKTCK), 100);
	KT_ASSERT_EQ(auxv_get(mm, auxv, AT_SECURE), 0);
	KT_ASSERT_EQ(auxv_get(mm, auxv, AT_HWCAP), 0x112d); /* i m a f d c */
	KT_ASSERT(string_at(mm, auxv_get(mm, auxv, AT_EXECFN), "/bin/prog"));
	KT_ASSERT(auxv_get(mm, auxv, AT_RANDOM) > sp && auxv_get(mm, auxv, AT_RANDOM) < TOP);
	KT_ASSERT_EQ(word_at(mm, TOP - 8), 0); /* the top word */
	mm_put(mm);
}
