/*
 * tests/user/pgrp.c - process groups and sessions: getpgrp/getpgid/getsid,
 * setpgid to a new group and into an existing one, setsid in a child (new
 * session and group, EPERM for a group leader), kill() of a whole group with a
 * negative pid, kill(pid, 0) to probe, and the errors ESRCH, EPERM, EINVAL.
 */
#include "ut.h"

#include <signal.h>

/* A child that waits until its pipe closes, then exits with code. */
static pid_t sleeper(int fd_wait, int fd_other, int code)
{
	pid_t pid = CHECK_OK(fork());
	char c;

	if (pid == 0) {
		close(fd_other);
		while (read(fd_wait, &c, 1) > 0)
			;
		_exit(code);
	}
	return pid;
}

static void check_groups(void)
{
	pid_t me = getpid(), a, b;
	int p[2];

	CHECK_EQ(getpgrp(), getpgid(0));
	CHECK_EQ(getpgid(me), getpgrp());
	CHECK_EQ(getsid(0), getsid(me));

	CHECK_OK(pipe(p));
	a = sleeper(p[0], p[1], 0);
	b = sleeper(p[0], p[1], 0);
	CHECK_EQ(getpgid(a), getpgrp());	/* inherited */
	CHECK_OK(setpgid(a, a));	/* a leads a new group */
	CHECK_EQ(getpgid(a), a);
	CHECK_OK(setpgid(b, a));	/* b joins it */
	CHECK_EQ(getpgid(b), a);
	CHECK_EQ(getsid(a), getsid(0));
	CHECK_ERR(setpgid(b, 99999999), EPERM);
	CHECK_ERR(setpgid(a, -1), EINVAL);
	CHECK_ERR(setpgid(99999999, 0), ESRCH);
	CHECK_ERR(getpgid(99999999), ESRCH);
	CHECK_ERR(getsid(99999999), ESRCH);

	/* One kill() reaches the whole group. */
	CHECK_OK(kill(a, 0));
	CHECK_OK(kill(-a, SIGTERM));
	CHECK_SIGNALED(ut_wait(a), SIGTERM);
	CHECK_SIGNALED(ut_wait(b), SIGTERM);
	CHECK_ERR(kill(-a, 0), ESRCH);
	CHECK_ERR(kill(a, 0), ESRCH);
	CHECK_OK(close(p[0]));
	CHECK_OK(close(p[1]));
	ut_ok("setpgid, getpgid, kill of a group");
}

static void check_sessions(void)
{
	int p[2], status;
	pid_t pid;

	CHECK_OK(pipe(p));
	pid = CHECK_OK(fork());
	if (pid == 0) {
		pid_t sid, me = getpid();

		close(p[0]);
		sid = setsid();
		if (sid != me || getsid(0) != me || getpgrp() != me)
			_exit(1);
		if (setsid() != -1 || errno != EPERM)	/* now a group leader */
			_exit(2);
		/* A session leader cannot move to another group. */
		if (setpgid(0, getppid()) != -1 || errno != EPERM)
			_exit(3);
		_exit(0);
	}
	CHECK_OK(close(p[1]));
	status = ut_wait(pid);
	CHECK_EXITED(status, 0);
	CHECK_OK(close(p[0]));

	/* A process that leads its own group cannot call setsid. */
	pid = CHECK_OK(fork());
	if (pid == 0) {
		if (setpgid(0, 0) != 0)
			_exit(1);
		_exit(setsid() == -1 && errno == EPERM ? 0 : 2);
	}
	CHECK_EXITED(ut_wait(pid), 0);
	ut_ok("setsid, getsid, EPERM");
}

int main(void)
{
	ut_begin("pgrp");
	check_groups();
	check_sessions();
	return ut_pass();
}
