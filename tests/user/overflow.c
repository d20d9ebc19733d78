/*
 * tests/user/overflow.c - a stack overflow caught by a SIGSEGV handler that
 * runs on an alternate signal stack (the only place it can run), reports
 * the faulting address near the bottom of the stack, and leaves with
 * siglongjmp; without an alternate stack the same overflow kills the
 * process with SIGSEGV because the handler frame cannot be pushed.
 */
#include "ut.h"

#include <setjmp.h>
#include <signal.h>
#include <stdint.h>
#include <sys/resource.h>

static sigjmp_buf env;
static volatile uintptr_t fault_addr, deepest;

static void on_segv(int sig, siginfo_t *si, void *uc)
{
	(void)uc;
	fault_addr = (uintptr_t)si->si_addr;
	siglongjmp(env, sig);
}

static int recurse(int depth)
{
	volatile char frame[4096];

	frame[0] = (char)depth;
	deepest = (uintptr_t)frame;
	if (depth < 1000000)
		return recurse(depth + 1) + frame[0];
	return frame[0];
}

static void overflow_in_child(int use_altstack)
{
	static char alt[64 * 1024];
	struct rlimit rl = { 4 * 1024 * 1024, 4 * 1024 * 1024 };
	stack_t ss = { .ss_sp = alt, .ss_size = sizeof(alt) };
	struct sigaction sa;

	setrlimit(RLIMIT_STACK, &rl);
	memset(&sa, 0, sizeof(sa));
	sa.sa_sigaction = on_segv;
	sa.sa_flags = SA_SIGINFO | (use_altstack ? SA_ONSTACK : 0);
	if (use_altstack && sigaltstack(&ss, NULL) != 0)
		_exit(2);
	sigaction(SIGSEGV, &sa, NULL);
	if (sigsetjmp(env, 1) == 0) {
		recurse(0);
		_exit(3);
	}
	/* The fault is within a page or two below the deepest frame seen. */
	_exit(fault_addr < deepest && deepest - fault_addr < 64 * 1024 ? 0 : 4);
}

static void check_overflow(void)
{
	pid_t pid = CHECK_OK(fork());

	if (pid == 0)
		overflow_in_child(1);
	CHECK_EXITED(ut_wait(pid), 0);

	pid = CHECK_OK(fork());
	if (pid == 0)
		overflow_in_child(0);
	CHECK_SIGNALED(ut_wait(pid) & 0x7f, SIGSEGV);
	ut_ok("stack overflow: handled on the alternate stack, fatal without");
}

int main(void)
{
	ut_begin("overflow");
	check_overflow();
	return ut_pass();
}
