/*
 * tests/user/exit.c - how a process ends: exit() runs atexit handlers in
 * reverse order and then flushes stdio, _exit() does neither, statuses keep
 * their low 8 bits, and a process may end from inside a signal handler. Each
 * case runs in a child whose output goes to a pipe the parent reads.
 */
#include "ut.h"

#include <signal.h>

static int out_fd;
static char stdout_buf[4096];	/* children buffer stdout, like a file's */

static void say(const char *s)
{
	if (write(out_fd, s, strlen(s)) < 0)
		_exit(99);
}

static void first(void)
{
	say("first ");
}

static void second(void)
{
	say("second ");
}

/* Run fn in a child with stdout on a pipe; returns the wait status. */
static int run(void (*fn)(void), char *out, size_t size)
{
	int p[2], status;
	ssize_t n, total = 0;
	pid_t pid;

	CHECK_OK(pipe(p));
	pid = CHECK_OK(fork());
	if (pid == 0) {
		close(p[0]);
		out_fd = p[1];
		dup2(p[1], 1);
		setvbuf(stdout, stdout_buf, _IOFBF, sizeof(stdout_buf));
		fn();
		_exit(98);
	}
	CHECK_OK(close(p[1]));
	while ((n = read(p[0], out + total, size - 1 - (size_t)total)) > 0)
		total += n;
	out[total] = 0;
	CHECK_OK(close(p[0]));
	status = ut_wait(pid);
	return status;
}

static void use_exit(void)
{
	atexit(first);
	atexit(second);
	printf("buffered ");
	exit(3);
}

static void use__exit(void)
{
	atexit(first);
	printf("lost ");
	_exit(4);
}

static void big_status(void)
{
	exit(256 + 17);
}

static void on_term(int sig)
{
	(void)sig;
	say("handler ");
	_exit(7);
}

static void exit_in_handler(void)
{
	signal(SIGTERM, on_term);
	raise(SIGTERM);
	_exit(1);
}

static void check_exits(void)
{
	char out[256];

	CHECK_EXITED(run(use_exit, out, sizeof(out)), 3);
	CHECK_STR(out, "second first buffered ");	/* handlers, then flush */
	CHECK_EXITED(run(use__exit, out, sizeof(out)), 4);
	CHECK_STR(out, "");
	CHECK_EXITED(run(big_status, out, sizeof(out)), 17);
	CHECK_EXITED(run(exit_in_handler, out, sizeof(out)), 7);
	CHECK_STR(out, "handler ");
	ut_ok("exit, _exit, atexit order, stdio flush, status & 0xff");
}

int main(void)
{
	ut_begin("exit");
	check_exits();
	return ut_pass();
}
