/*
 * tests/user/fpu.c - floating-point state belongs to each process and
 * survives everything the kernel does in between: two processes computing
 * with all 32 FP registers while sleeping and yielding, fork (the child
 * starts with the parent's FP registers), a signal handler that clobbers FP
 * registers and fcsr (the interrupted code sees its own again after
 * rt_sigreturn), and the rounding mode set with fesetround.
 */
#include "ut.h"

#include <fenv.h>
#include <sys/syscall.h>
#include <signal.h>
#include <time.h>

/* Load f0..f31 with seed+i, spin, then check them all; 0 when intact. */
static int fp_soak(double seed, int rounds)
{
	double in[32], out[32];
	int i, r, bad = 0;

	for (i = 0; i < 32; i++)
		in[i] = seed + i;
	for (r = 0; r < rounds; r++) {
		/* Load, sched_yield() by ecall (no C call in between), store. */
		__asm__ volatile(
#define LD(n) "fld f" #n ", " #n "*8(%0)\n\t"
			LD(0) LD(1) LD(2) LD(3) LD(4) LD(5) LD(6) LD(7)
			LD(8) LD(9) LD(10) LD(11) LD(12) LD(13) LD(14) LD(15)
			LD(16) LD(17) LD(18) LD(19) LD(20) LD(21) LD(22) LD(23)
			LD(24) LD(25) LD(26) LD(27) LD(28) LD(29) LD(30) LD(31)
#undef LD
			"li a7, %2\n\t"
			"ecall\n\t"
#define SD(n) "fsd f" #n ", " #n "*8(%1)\n\t"
			SD(0) SD(1) SD(2) SD(3) SD(4) SD(5) SD(6) SD(7)
			SD(8) SD(9) SD(10) SD(11) SD(12) SD(13) SD(14) SD(15)
			SD(16) SD(17) SD(18) SD(19) SD(20) SD(21) SD(22) SD(23)
			SD(24) SD(25) SD(26) SD(27) SD(28) SD(29) SD(30) SD(31)
#undef SD
			:: "r"(in), "r"(out), "i"(SYS_sched_yield)
			: "memory", "a0", "a7",
			  "f0", "f1", "f2", "f3", "f4", "f5", "f6", "f7",
			  "f8", "f9", "f10", "f11", "f12", "f13", "f14", "f15",
			  "f16", "f17", "f18", "f19", "f20", "f21", "f22", "f23",
			  "f24", "f25", "f26", "f27", "f28", "f29", "f30", "f31");
		for (i = 0; i < 32; i++)
			bad += out[i] != in[i];
	}
	return bad;
}

static void check_two_processes(void)
{
	pid_t pid = CHECK_OK(fork());

	if (pid == 0)
		_exit(fp_soak(1000.5, 2000) ? 1 : 0);
	CHECK_EQ(fp_soak(-77.25, 2000), 0);
	CHECK_EXITED(ut_wait(pid), 0);
	ut_ok("FP registers private to each process across yields");
}

static void check_fork_inherits(void)
{
	volatile double x = 3.0;
	double r;
	pid_t pid;

	r = x / 7.0;
	pid = CHECK_OK(fork());
	if (pid == 0)
		_exit(r == x / 7.0 && fegetround() == FE_TOWARDZERO ? 0 : 1);
	(void)r;
	CHECK_EXITED(ut_wait(pid), 0);
	ut_ok("the child starts with the parent's FP state");
}

static volatile sig_atomic_t handled;

static void on_usr1(int sig)
{
	volatile double junk = 1.0;

	(void)sig;
	fesetround(FE_UPWARD);
	feraiseexcept(FE_INEXACT);
	/* No clobber list: the handler must not save them itself. */
	__asm__ volatile("fcvt.d.w f8, zero\n\tfcvt.d.w f9, zero\n\tfcvt.d.w f18, zero");
	junk = junk / 3.0;
	handled = 1;
}

static void check_signal_restores(void)
{
	register double keep8 __asm__("f8") = 8.5;
	register double keep9 __asm__("f9") = 9.5;
	register double keep18 __asm__("f18") = 18.5;

	signal(SIGUSR1, on_usr1);
	feclearexcept(FE_ALL_EXCEPT);
	fesetround(FE_DOWNWARD);
	__asm__ volatile("" : "+f"(keep8), "+f"(keep9), "+f"(keep18));
	kill(getpid(), SIGUSR1);
	__asm__ volatile("" : "+f"(keep8), "+f"(keep9), "+f"(keep18));
	CHECK(handled);
	CHECK(keep8 == 8.5 && keep9 == 9.5 && keep18 == 18.5);
	CHECK_EQ(fegetround(), FE_DOWNWARD);
	CHECK(!fetestexcept(FE_INEXACT));
	signal(SIGUSR1, SIG_DFL);
	ut_ok("a handler's FP changes vanish after rt_sigreturn");
}

int main(void)
{
	ut_begin("fpu");
	check_two_processes();
	CHECK_OK(fesetround(FE_TOWARDZERO));
	check_fork_inherits();
	check_signal_restores();
	CHECK_OK(fesetround(FE_TONEAREST));
	return ut_pass();
}
