/*
 * tests/user/fork_wait.c - fork(), getpid/getppid, _exit() statuses as wait4()
 * reports them (WIFEXITED/WEXITSTATUS, WIFSIGNALED/WTERMSIG after kill() and
 * after a fault, WIFSTOPPED with WUNTRACED, WIFCONTINUED), WNOHANG, waiting for
 * any child, waitid(), ECHILD, zombies and file descriptors inherited by the
 * child.
 */
#include "ut.h"

#include <signal.h>
#include <sys/resource.h>

static void check_exit_codes(void)
{
	static const int codes[] = { 0, 1, 42, 255, 256 + 7 };
	unsigned int i;

	for (i = 0; i < sizeof(codes) / sizeof(codes[0]); i++) {
		pid_t pid = CHECK_OK(fork());

		if (pid == 0)
			_exit(codes[i]);
		CHECK_EXITED(ut_wait(pid), codes[i] & 0xff);
	}
	ut_ok("exit codes 0, 1, 42, 255, 263 -> 7");
}

static void check_pids(void)
{
	pid_t parent = getpid(), pid;
	int pipefd[2];

	CHECK(parent > 0);
	CHECK_OK(pipe(pipefd));
	pid = CHECK_OK(fork());
	if (pid == 0) {
		pid_t me = getpid();

		/* The child tells its pid through an inherited pipe. */
		if (getppid() != parent || me == parent)
			_exit(1);
		if (write(pipefd[1], &me, sizeof(me)) != sizeof(me))
			_exit(2);
		_exit(0);
	}
	pid_t told = 0;
	CHECK_EQ(read(pipefd[0], &told, sizeof(told)), sizeof(told));
	CHECK_EQ(told, pid);
	CHECK_EXITED(ut_wait(pid), 0);
	CHECK_OK(close(pipefd[0]));
	CHECK_OK(close(pipefd[1]));
	ut_ok("getpid, getppid, fds inherited");
}

static void check_signaled(void)
{
	struct rusage ru;
	int status;
	pid_t pid;

	pid = CHECK_OK(fork());
	if (pid == 0) {
		for (;;)
			pause();
	}
	CHECK_OK(kill(pid, SIGKILL));
	CHECK_SIGNALED(ut_wait(pid), SIGKILL);

	pid = CHECK_OK(fork());
	if (pid == 0) {
		for (;;)
			pause();
	}
	CHECK_OK(kill(pid, SIGTERM));
	CHECK_EQ(wait4(pid, &status, 0, &ru), pid);
	CHECK_SIGNALED(status, SIGTERM);
	CHECK(!WCOREDUMP(status));

	pid = CHECK_OK(fork());
	if (pid == 0) {
		*(volatile int *)ut_bad_ptr() = 1;
		_exit(0);
	}
	CHECK_SIGNALED(ut_wait(pid) & 0x7f, SIGSEGV);

	pid = CHECK_OK(fork());
	if (pid == 0) {
		raise(SIGUSR1);
		_exit(0);
	}
	CHECK_SIGNALED(ut_wait(pid), SIGUSR1);
	ut_ok("WIFSIGNALED after SIGKILL, SIGTERM, SIGSEGV, raise");
}

static void check_stop_continue(void)
{
	int status;
	pid_t pid = CHECK_OK(fork());

	if (pid == 0) {
		for (;;)
			pause();
	}
	CHECK_OK(kill(pid, SIGSTOP));
	CHECK_EQ(waitpid(pid, &status, WUNTRACED), pid);
	CHECK(WIFSTOPPED(status));
	CHECK_EQ(WSTOPSIG(status), SIGSTOP);
	CHECK_OK(kill(pid, SIGCONT));
	CHECK_EQ(waitpid(pid, &status, WCONTINUED), pid);
	CHECK(WIFCONTINUED(status));
	CHECK_OK(kill(pid, SIGKILL));
	CHECK_SIGNALED(ut_wait(pid), SIGKILL);
	ut_ok("WIFSTOPPED, WIFCONTINUED");
}

static void check_nohang_any(void)
{
	int status, i, seen = 0, pipefd[2];
	pid_t pids[3], pid;
	char c;

	/* A child that has not exited yet: WNOHANG returns 0. */
	CHECK_OK(pipe(pipefd));
	pid = CHECK_OK(fork());
	if (pid == 0) {
		close(pipefd[1]);
		if (read(pipefd[0], &c, 1) != 0)
			_exit(1);
		_exit(3);
	}
	CHECK_OK(close(pipefd[0]));
	CHECK_EQ(waitpid(pid, &status, WNOHANG), 0);
	CHECK_OK(close(pipefd[1]));	/* lets the child finish */
	CHECK_EXITED(ut_wait(pid), 3);

	for (i = 0; i < 3; i++) {
		pids[i] = CHECK_OK(fork());
		if (pids[i] == 0)
			_exit(10 + i);
	}
	for (i = 0; i < 3; i++) {
		pid = CHECK_OK(wait(&status));
		CHECK(WIFEXITED(status));
		CHECK_EQ(pids[WEXITSTATUS(status) - 10], pid);
		seen |= 1 << (WEXITSTATUS(status) - 10);
	}
	CHECK_EQ(seen, 7);
	CHECK_ERR(wait(&status), ECHILD);
	CHECK_ERR(waitpid(-1, &status, WNOHANG), ECHILD);
	CHECK_ERR(waitpid(getpid(), &status, 0), ECHILD);
	CHECK_ERR(waitpid(-1, &status, 0x100), EINVAL);
	ut_ok("WNOHANG, wait for any child, ECHILD");
}

static void check_waitid(void)
{
	siginfo_t si;
	pid_t pid = CHECK_OK(fork());

	if (pid == 0)
		_exit(5);
	memset(&si, 0, sizeof(si));
	CHECK_OK(waitid(P_PID, pid, &si, WEXITED | WNOWAIT));
	CHECK_EQ(si.si_pid, pid);
	CHECK_EQ(si.si_signo, SIGCHLD);
	CHECK_EQ(si.si_code, CLD_EXITED);
	CHECK_EQ(si.si_status, 5);
	/* WNOWAIT left the zombie: it can be reaped again. */
	CHECK_EXITED(ut_wait(pid), 5);

	pid = CHECK_OK(fork());
	if (pid == 0) {
		for (;;)
			pause();
	}
	CHECK_OK(kill(pid, SIGKILL));
	memset(&si, 0, sizeof(si));
	CHECK_OK(waitid(P_ALL, 0, &si, WEXITED));
	CHECK_EQ(si.si_pid, pid);
	CHECK_EQ(si.si_code, CLD_KILLED);
	CHECK_EQ(si.si_status, SIGKILL);
	CHECK_ERR(waitid(P_ALL, 0, &si, WEXITED), ECHILD);
	CHECK_ERR(waitid(P_PID, 1, &si, 0), EINVAL);
	ut_ok("waitid, WNOWAIT");
}

static void check_memory_isolated(void)
{
	static volatile int value = 1;
	pid_t pid = CHECK_OK(fork());

	if (pid == 0) {
		value = 2;
		_exit(value == 2 ? 0 : 1);
	}
	CHECK_EXITED(ut_wait(pid), 0);
	CHECK_EQ(value, 1);
	ut_ok("the child's writes stay in the child");
}

int main(void)
{
	ut_begin("fork_wait");
	check_exit_codes();
	check_pids();
	check_signaled();
	check_stop_continue();
	check_nohang_any();
	check_waitid();
	check_memory_isolated();
	return ut_pass();
}
