/*
 * tests/user/vfork.c - the other ways to make a process: vfork, clone with
 * SIGCHLD and no sharing flags (a plain fork), and orphans: a child whose
 * parent dies is adopted (its getppid() changes). qemu-user, the reference
 * these run on, supports only SIGCHLD as clone's exit signal.
 */
#include "ut.h"

#include <sched.h>
#include <signal.h>
#include <sys/syscall.h>
#include <time.h>

/*
 * Only what qemu-user also provides (it turns vfork into fork): the child
 * runs and its status arrives. On Linux and Rux the parent also sleeps until
 * the child leaves, and the child borrows the parent's memory.
 */
static void check_vfork(void)
{
	pid_t pid;

	pid = vfork();
	if (pid == 0)
		_exit(3);
	CHECK(pid > 0);
	CHECK_EXITED(ut_wait(pid), 3);
	ut_ok("vfork then _exit");
}

static void check_vfork_exec(void)
{
	char *argv[] = { "vfork-child", NULL };
	pid_t pid;

	pid = vfork();
	if (pid == 0) {
		execve("/nonexistent/program", argv, NULL);
		_exit(errno == ENOENT ? 9 : 1);
	}
	CHECK_EXITED(ut_wait(pid), 9);
	ut_ok("vfork then failed execve");
}

static void check_clone(void)
{
	static volatile int value = 1;
	long pid;

	/* clone(SIGCHLD) with a NULL stack is fork(). */
	pid = CHECK_OK(syscall(SYS_clone, SIGCHLD, 0, NULL, NULL, 0));
	if (pid == 0) {
		value = 2;
		_exit(value);
	}
	CHECK_EXITED(ut_wait(pid), 2);
	CHECK_EQ(value, 1);

	ut_ok("clone(SIGCHLD) is fork");
}

static void check_orphan(void)
{
	int p[2], q[2];
	pid_t mid, told[2];

	/*
	 * mid forks a grandchild, waits until it has noted its parent, and
	 * dies; the grandchild then waits to be adopted and reports both.
	 */
	CHECK_OK(pipe(p));
	CHECK_OK(pipe(q));
	mid = CHECK_OK(fork());
	if (mid == 0) {
		pid_t gc = fork();
		char c;

		if (gc == 0) {
			struct timespec ts = { 0, 10 * 1000 * 1000 };
			int i;

			told[0] = getppid();
			if (write(q[1], "s", 1) != 1)
				_exit(1);
			for (i = 0; i < 500 && (told[1] = getppid()) == told[0]; i++)
				nanosleep(&ts, NULL);
			_exit(write(p[1], told, sizeof(told)) == sizeof(told) ? 0 : 1);
		}
		_exit(gc > 0 && read(q[0], &c, 1) == 1 ? 0 : 1);
	}
	CHECK_OK(close(p[1]));
	CHECK_EXITED(ut_wait(mid), 0);
	CHECK_EQ(read(p[0], told, sizeof(told)), sizeof(told));
	CHECK_EQ(told[0], mid);
	CHECK(told[1] != mid);	/* adopted by init or a subreaper */
	CHECK_OK(close(p[0]));
	CHECK_OK(close(q[0]));
	CHECK_OK(close(q[1]));
	ut_ok("orphans are adopted");
}

int main(void)
{
	ut_begin("vfork");
	check_vfork();
	check_vfork_exec();
	check_clone();
	check_orphan();
	return ut_pass();
}
