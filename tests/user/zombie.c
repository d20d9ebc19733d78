/*
 * tests/user/zombie.c - the life after death of a process: an exited child
 * stays a zombie (still visible to kill(pid, 0) and getpgid) until waited
 * for, then its pid is gone (ESRCH); 100 children exiting at once are all
 * reaped, each status exactly once; a child that exits while the parent is
 * blocked in wait wakes it; and WNOHANG polling finds the child eventually.
 */
#include "ut.h"

#include <signal.h>
#include <time.h>

static void check_zombie(void)
{
	struct timespec ts = { 0, 50 * 1000 * 1000 };
	pid_t pid = CHECK_OK(fork());

	if (pid == 0)
		_exit(12);
	nanosleep(&ts, NULL);
	CHECK_OK(kill(pid, 0));	/* a zombie still has its pid */
	CHECK_OK(getpgid(pid));
	CHECK_EXITED(ut_wait(pid), 12);
	CHECK_ERR(kill(pid, 0), ESRCH);
	ut_ok("zombie until waited for");
}

static void check_hundred(void)
{
	static pid_t pids[100];
	static unsigned char seen[100];
	int i, status, bad = 0;

	for (i = 0; i < 100; i++) {
		pids[i] = fork();
		if (pids[i] == 0)
			_exit(i);
		if (pids[i] < 0)
			UT_FAIL("fork %d failed: %s", i, strerror(errno));
	}
	for (i = 0; i < 100; i++) {
		pid_t pid = wait(&status);

		if (pid < 0 || !WIFEXITED(status) || WEXITSTATUS(status) >= 100 ||
		    pids[WEXITSTATUS(status)] != pid || seen[WEXITSTATUS(status)]++)
			bad++;
	}
	CHECK_EQ(bad, 0);
	CHECK_ERR(wait(&status), ECHILD);
	ut_ok("100 children reaped once each");
}

static void check_wakeup(void)
{
	int p[2];
	pid_t pid;
	char c;

	CHECK_OK(pipe(p));
	pid = CHECK_OK(fork());
	if (pid == 0) {
		struct timespec ts = { 0, 100 * 1000 * 1000 };

		close(p[1]);
		nanosleep(&ts, NULL);
		_exit(read(p[0], &c, 1) == 0 ? 5 : 6);
	}
	CHECK_OK(close(p[0]));
	CHECK_OK(close(p[1]));	/* the child sees EOF after its sleep */
	CHECK_EXITED(ut_wait(pid), 5);	/* blocks until then */
	ut_ok("wait sleeps until the child exits");
}

static void check_polling(void)
{
	struct timespec ts = { 0, 5 * 1000 * 1000 };
	int status = 0, i;
	pid_t pid = CHECK_OK(fork()), got = 0;

	if (pid == 0) {
		nanosleep(&ts, NULL);
		_exit(8);
	}
	for (i = 0; i < 2000 && got == 0; i++) {
		got = waitpid(pid, &status, WNOHANG);
		if (got == 0)
			nanosleep(&ts, NULL);
	}
	CHECK_EQ(got, pid);
	CHECK_EXITED(status, 8);
	ut_ok("WNOHANG polling");
}

int main(void)
{
	ut_begin("zombie");
	check_zombie();
	check_hundred();
	check_wakeup();
	check_polling();
	return ut_pass();
}
