/*
 * tests/user/stack.c - the stack and its growth: deep recursion that grows the
 * stack far below its first pages (1 MiB in 4 KiB frames), a 2 MiB local array
 * touched from its far end first, RLIMIT_STACK reported, and a child that
 * overflows an 8 MiB limit dying of SIGSEGV.
 */
#include "ut.h"

#include <signal.h>
#include <sys/resource.h>

/* Each level uses a 4 KiB frame; the sum makes sure nothing is elided. */
static unsigned long deep(int level)
{
	volatile unsigned char frame[4096];

	frame[0] = (unsigned char)level;
	frame[4095] = (unsigned char)level;
	if (level == 0)
		return frame[0];
	return deep(level - 1) + frame[4095] + frame[0];
}

static void check_growth(void)
{
	unsigned long expect = 0;
	int i;

	for (i = 1; i <= 256; i++)
		expect += 2UL * (unsigned char)i;
	CHECK_EQ(deep(256), expect);
	ut_ok("1 MiB of recursion");
}

static void check_big_local(void)
{
	volatile char big[2 * 1024 * 1024];
	long i;

	/* From the far end first: the kernel must grow the stack in one go. */
	for (i = 0; i < (long)sizeof(big); i += 4096)
		big[i] = 1;
	CHECK_EQ(big[0] + big[4096 * 100], 2);
	ut_ok("a 2 MiB local array");
}

static void overflow(int depth)
{
	volatile char frame[65536];

	frame[0] = (char)depth;
	if (depth < 1000000)	/* 64 GiB: never reached */
		overflow(depth + 1);
	frame[1] = frame[0];
}

static void check_overflow(void)
{
	struct rlimit rl;
	pid_t pid;

	CHECK_OK(getrlimit(RLIMIT_STACK, &rl));
	CHECK(rl.rlim_cur >= 1024 * 1024);
	pid = CHECK_OK(fork());
	if (pid == 0) {
		rl.rlim_cur = 8 * 1024 * 1024;
		setrlimit(RLIMIT_STACK, &rl);
		overflow(0);
		_exit(0);
	}
	CHECK_SIGNALED(ut_wait(pid) & 0x7f, SIGSEGV);
	ut_ok("stack overflow ends in SIGSEGV");
}

int main(void)
{
	ut_begin("stack");
	check_growth();
	check_big_local();
	check_overflow();
	return ut_pass();
}
