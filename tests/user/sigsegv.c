/*
 * tests/user/sigsegv.c - faults turned into signals a program can handle:
 * SIGSEGV with si_addr and si_code (SEGV_MAPERR for an unmapped address,
 * SEGV_ACCERR for a protection violation), the handler's ucontext (pc at the
 * faulting instruction), returning from a handler after repairing the fault
 * with mprotect, sigaltstack (the handler runs on the alternate stack;
 * SS_ONSTACK reported inside), SIGILL for an illegal instruction, and
 * siglongjmp out.
 */
#include "ut.h"

#include <setjmp.h>
#include <signal.h>
#include <stdint.h>
#include <ucontext.h>

#define PAGE 4096UL

static sigjmp_buf env;
static volatile siginfo_t got;
static volatile uintptr_t got_pc, handler_sp;
static volatile int altstack_flags;
static char *volatile repair;

static void on_fault(int sig, siginfo_t *si, void *ucv)
{
	ucontext_t *uc = ucv;
	stack_t ss;
	int local;

	got = *si;
	got_pc = uc->uc_mcontext.__gregs[REG_PC];
	handler_sp = (uintptr_t)&local;
	sigaltstack(NULL, &ss);
	altstack_flags = ss.ss_flags;
	if (repair) {
		/* Make the page writable; the faulting store is retried. */
		mprotect(repair, PAGE, PROT_READ | PROT_WRITE);
		repair = NULL;
		return;
	}
	siglongjmp(env, sig);
}

static void catch(int sig, int flags)
{
	struct sigaction sa;

	memset(&sa, 0, sizeof(sa));
	sa.sa_sigaction = on_fault;
	sa.sa_flags = SA_SIGINFO | flags;
	CHECK_OK(sigaction(sig, &sa, NULL));
}

static void check_maperr(void)
{
	char *p = mmap(NULL, PAGE, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

	CHECK(p != MAP_FAILED);
	CHECK_OK(munmap(p, PAGE));
	catch(SIGSEGV, 0);
	if (sigsetjmp(env, 1) == 0) {
		*(volatile char *)(p + 123) = 1;
		UT_FAIL("store to an unmapped page did not fault");
	}
	CHECK_EQ(got.si_signo, SIGSEGV);
	CHECK_EQ(got.si_code, SEGV_MAPERR);
	CHECK(got.si_addr == p + 123);
	CHECK(got_pc != 0);
	ut_ok("SIGSEGV, SEGV_MAPERR, si_addr");
}

static void check_accerr_repair(void)
{
	char *p = mmap(NULL, PAGE, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

	CHECK(p != MAP_FAILED);
	catch(SIGSEGV, 0);
	if (sigsetjmp(env, 1) == 0) {
		*(volatile char *)(p + 7) = 1;
		UT_FAIL("store to a read-only page did not fault");
	}
	CHECK_EQ(got.si_code, SEGV_ACCERR);
	CHECK(got.si_addr == p + 7);

	/* Returning from the handler re-runs the store, which now works. */
	repair = p;
	*(volatile char *)(p + 8) = 'r';
	CHECK_EQ(p[8], 'r');
	CHECK(got.si_addr == p + 8);
	CHECK_OK(munmap(p, PAGE));
	ut_ok("SEGV_ACCERR, return from the handler retries the access");
}

static void check_altstack(void)
{
	static char stack[64 * 1024];
	stack_t ss = { .ss_sp = stack, .ss_size = sizeof(stack), .ss_flags = 0 };
	stack_t old;

	CHECK_OK(sigaltstack(&ss, NULL));
	CHECK_OK(sigaltstack(NULL, &old));
	CHECK(old.ss_sp == stack);
	CHECK_EQ(old.ss_size, sizeof(stack));
	CHECK_EQ(old.ss_flags, 0);
	catch(SIGSEGV, SA_ONSTACK);
	if (sigsetjmp(env, 1) == 0) {
		*(volatile char *)ut_bad_ptr() = 1;
		UT_FAIL("store to a PROT_NONE page did not fault");
	}
	CHECK(handler_sp > (uintptr_t)stack && handler_sp < (uintptr_t)stack + sizeof(stack));
	CHECK_EQ(altstack_flags, SS_ONSTACK);
	CHECK_OK(sigaltstack(NULL, &old));
	CHECK_EQ(old.ss_flags, 0);	/* off the alternate stack again */

	ss.ss_size = 100;
	CHECK_ERR(sigaltstack(&ss, NULL), ENOMEM);
	ss.ss_flags = 12345;
	ss.ss_size = sizeof(stack);
	CHECK_ERR(sigaltstack(&ss, NULL), EINVAL);
	ss.ss_flags = SS_DISABLE;
	CHECK_OK(sigaltstack(&ss, NULL));
	CHECK_OK(sigaltstack(NULL, &old));
	CHECK_EQ(old.ss_flags, SS_DISABLE);
	ut_ok("sigaltstack, SA_ONSTACK");
}

static void check_sigill(void)
{
	catch(SIGILL, 0);
	if (sigsetjmp(env, 1) == 0) {
		/* An all-zero instruction is illegal on RISC-V. */
		__asm__ volatile(".4byte 0");
		UT_FAIL("illegal instruction did not trap");
	}
	CHECK_EQ(got.si_signo, SIGILL);
	CHECK_EQ(got.si_code, ILL_ILLOPC);
	CHECK(got_pc != 0);
	CHECK(got.si_addr == (void *)got_pc);
	ut_ok("SIGILL, ILL_ILLOPC");
}

static void check_default_kills(void)
{
	pid_t pid = CHECK_OK(fork());

	if (pid == 0) {
		signal(SIGSEGV, SIG_DFL);
		*(volatile char *)ut_bad_ptr() = 1;
		_exit(0);
	}
	CHECK_SIGNALED(ut_wait(pid) & 0x7f, SIGSEGV);

	/* A fault while SIGSEGV is blocked still kills. */
	pid = CHECK_OK(fork());
	if (pid == 0) {
		sigset_t set;

		sigemptyset(&set);
		sigaddset(&set, SIGSEGV);
		sigprocmask(SIG_BLOCK, &set, NULL);
		*(volatile char *)ut_bad_ptr() = 1;
		_exit(0);
	}
	CHECK_SIGNALED(ut_wait(pid) & 0x7f, SIGSEGV);
	ut_ok("default action and blocked SIGSEGV kill");
}

int main(void)
{
	ut_begin("sigsegv");
	check_maperr();
	check_accerr_repair();
	check_altstack();
	check_sigill();
	check_default_kills();
	return ut_pass();
}
