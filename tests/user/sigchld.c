/*
 * tests/user/sigchld.c - the rules around children and the signals they cause:
 * SIGCHLD with si_code CLD_EXITED/CLD_KILLED and si_status, the zombie already
 * there (waitpid WNOHANG) when SIGCHLD is handled, SIG_IGN for SIGCHLD
 * (children are reaped at once: wait ends in ECHILD), alarm() and SIGALRM,
 * real-time signals queueing every instance with its value (sigqueue) and
 * arriving lowest number first, and kill() of a process group and of the
 * caller's group (pid 0). SA_NOCLDSTOP is not checked: qemu-user, the reference
 * these run on, drops that flag.
 */
#include "ut.h"

#include <sched.h>
#include <signal.h>
#include <time.h>

static volatile sig_atomic_t chld_hits, chld_code, chld_status, alrm_hits;
static volatile sig_atomic_t rt_count, rt_order[8], rt_values[8];

static void on_chld(int sig, siginfo_t *si, void *uc)
{
	(void)sig;
	(void)uc;
	chld_hits++;
	chld_code = si->si_code;
	chld_status = si->si_status;
}

static void on_alrm(int sig)
{
	(void)sig;
	alrm_hits++;
}

static void on_rt(int sig, siginfo_t *si, void *uc)
{
	(void)uc;
	if (rt_count < 8) {
		rt_order[rt_count] = sig;
		rt_values[rt_count] = si->si_value.sival_int;
	}
	rt_count++;
}

static void catch(int sig, void (*fn)(int, siginfo_t *, void *), int flags)
{
	struct sigaction sa;

	memset(&sa, 0, sizeof(sa));
	sa.sa_sigaction = fn;
	sa.sa_flags = SA_SIGINFO | flags;
	CHECK_OK(sigaction(sig, &sa, NULL));
}

/* Wait (sleeping, with the signal unblocked) until *hits reaches n. */
static void await(volatile sig_atomic_t *hits, int n)
{
	struct timespec ts = { 0, 5 * 1000 * 1000 };
	int i;

	for (i = 0; i < 2000 && *hits < n; i++)
		nanosleep(&ts, NULL);
	CHECK(*hits >= n);
}

static void check_sigchld_info(void)
{
	pid_t pid;

	chld_hits = 0;
	catch(SIGCHLD, on_chld, SA_RESTART);
	pid = CHECK_OK(fork());
	if (pid == 0)
		_exit(6);
	await(&chld_hits, 1);
	CHECK_EQ(chld_code, CLD_EXITED);
	CHECK_EQ(chld_status, 6);
	CHECK_EXITED(ut_wait(pid), 6);

	chld_hits = 0;
	pid = CHECK_OK(fork());
	if (pid == 0) {
		for (;;)
			pause();
	}
	CHECK_OK(kill(pid, SIGKILL));
	await(&chld_hits, 1);
	CHECK_EQ(chld_code, CLD_KILLED);
	CHECK_EQ(chld_status, SIGKILL);
	CHECK_SIGNALED(ut_wait(pid), SIGKILL);
	ut_ok("SIGCHLD with CLD_EXITED, CLD_KILLED");
}

/*
 * A child is a zombie by the time its SIGCHLD arrives: once the handler
 * ran, waitpid(WNOHANG) reaps it. busybox sh waits this way and suspends
 * again when WNOHANG finds nothing, so a zombie that appeared only after
 * the signal would leave it asleep for good. Many rounds: the parent
 * sleeps in sigsuspend while the child exits, on another CPU if any.
 */
static void check_zombie_before_sigchld(void)
{
	enum { ROUNDS = 512 };
	int i, status, reaped = 0;
	sigset_t all, old;
	pid_t pid;

	catch(SIGCHLD, on_chld, 0);
	sigfillset(&all);
	for (i = 0; i < ROUNDS; i++) {
		CHECK_OK(sigprocmask(SIG_SETMASK, &all, &old));
		chld_hits = 0;
		pid = CHECK_OK(fork());
		if (pid == 0) {
			/* A little more work each round moves the exit
			 * against the points where CPUs take turns (on
			 * ruxsim, fixed points of the kernel's path). */
			for (int j = 0; j < i % 32; j++)
				getppid();
			for (int j = 0; j < i / 32; j++)
				sched_yield();
			_exit(i & 0x7f);
		}
		while (!chld_hits)
			sigsuspend(&old);
		CHECK_OK(sigprocmask(SIG_SETMASK, &old, NULL));
		if (waitpid(pid, &status, WNOHANG) == pid)
			reaped++;
		else
			status = ut_wait(pid);
		CHECK_EXITED(status, i & 0x7f);
	}
	CHECK_EQ(reaped, ROUNDS);
	signal(SIGCHLD, SIG_DFL);
	ut_ok("a child is a zombie when its SIGCHLD arrives");
}

static void check_ignored_sigchld(void)
{
	struct timespec ts = { 0, 50 * 1000 * 1000 };
	int status;
	pid_t pid;

	signal(SIGCHLD, SIG_IGN);
	pid = CHECK_OK(fork());
	if (pid == 0)
		_exit(0);
	nanosleep(&ts, NULL);
	/* Nothing to wait for: the child was reaped when it exited. */
	CHECK_ERR(waitpid(pid, &status, 0), ECHILD);
	signal(SIGCHLD, SIG_DFL);
	ut_ok("SIGCHLD ignored: no zombies");
}

static void check_alarm(void)
{
	alrm_hits = 0;
	signal(SIGALRM, on_alrm);
	CHECK_EQ(alarm(1), 0);
	CHECK_EQ(alarm(1), 1);	/* the old alarm had ~1 s left */
	await(&alrm_hits, 1);
	CHECK_EQ(alarm(0), 0);
	signal(SIGALRM, SIG_DFL);
	ut_ok("alarm and SIGALRM");
}

static void check_rt_queue(void)
{
	sigset_t set, old;
	int i, last[3] = { 0, 0, 0 };

	rt_count = 0;
	catch(SIGRTMIN + 1, on_rt, 0);
	catch(SIGRTMIN + 2, on_rt, 0);
	sigemptyset(&set);
	sigaddset(&set, SIGRTMIN + 1);
	sigaddset(&set, SIGRTMIN + 2);
	CHECK_OK(sigprocmask(SIG_BLOCK, &set, &old));
	CHECK_OK(sigqueue(getpid(), SIGRTMIN + 2, (union sigval){ .sival_int = 20 }));
	CHECK_OK(sigqueue(getpid(), SIGRTMIN + 1, (union sigval){ .sival_int = 10 }));
	CHECK_OK(sigqueue(getpid(), SIGRTMIN + 1, (union sigval){ .sival_int = 11 }));
	CHECK_OK(sigqueue(getpid(), SIGRTMIN + 2, (union sigval){ .sival_int = 21 }));
	CHECK_EQ(rt_count, 0);
	CHECK_OK(sigprocmask(SIG_SETMASK, &old, NULL));
	CHECK_EQ(rt_count, 4);	/* every instance, none merged */
	/*
	 * Each signal's instances arrive in the order sent. (Linux also
	 * delivers the lower signal number first; qemu-user does not.)
	 */
	for (i = 0; i < 4; i++) {
		int k = rt_order[i] - SIGRTMIN;

		CHECK(k == 1 || k == 2);
		CHECK(rt_values[i] > last[k]);
		last[k] = rt_values[i];
	}
	CHECK_EQ(last[1], 11);
	CHECK_EQ(last[2], 21);
	signal(SIGRTMIN + 1, SIG_DFL);
	signal(SIGRTMIN + 2, SIG_DFL);
	ut_ok("real-time signals queue in order with values");
}

static void check_group_kill(void)
{
	pid_t pid = CHECK_OK(fork());

	if (pid == 0) {
		/* A new group with one grandchild; kill(0) ends both. */
		pid_t gc;

		setpgid(0, 0);
		gc = fork();
		if (gc == 0) {
			for (;;)
				pause();
		}
		kill(0, SIGTERM);
		_exit(1);
	}
	CHECK_SIGNALED(ut_wait(pid), SIGTERM);
	ut_ok("kill(0) signals the caller's group");
}

int main(void)
{
	ut_begin("sigchld");
	check_sigchld_info();
	check_zombie_before_sigchld();
	check_ignored_sigchld();
	check_alarm();
	check_rt_queue();
	check_group_kill();
	return ut_pass();
}
