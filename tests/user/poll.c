/*
 * tests/user/poll.c - waiting for file descriptors: poll/ppoll and
 * select/pselect on pipes (readable once data arrives, writable while there is
 * room, POLLHUP when the writer goes away, POLLERR on a writer whose reader
 * went away, POLLNVAL for a closed descriptor), timeouts of zero and of 50 ms,
 * a wakeup by a child's write, ppoll's signal mask, and EINVAL/EBADF/EFAULT.
 */
#include "ut.h"

#include <poll.h>
#include <signal.h>
#include <sys/select.h>
#include <time.h>

static long long ms_now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000LL + ts.tv_nsec / 1000000;
}

static void check_poll(void)
{
	struct pollfd fds[2];
	long long start;
	int p[2];
	char c;

	CHECK_OK(pipe(p));
	fds[0] = (struct pollfd){ .fd = p[0], .events = POLLIN };
	fds[1] = (struct pollfd){ .fd = p[1], .events = POLLOUT };
	CHECK_EQ(poll(fds, 2, 0), 1);
	CHECK_EQ(fds[0].revents, 0);
	CHECK_EQ(fds[1].revents, POLLOUT);

	start = ms_now();
	CHECK_EQ(poll(fds, 1, 50), 0);	/* times out */
	CHECK(ms_now() - start >= 50);

	CHECK_EQ(write(p[1], "x", 1), 1);
	CHECK_EQ(poll(fds, 1, -1), 1);
	CHECK_EQ(fds[0].revents, POLLIN);
	CHECK_EQ(read(p[0], &c, 1), 1);

	CHECK_OK(close(p[1]));
	CHECK_EQ(poll(fds, 1, 0), 1);
	CHECK(fds[0].revents & POLLHUP);
	CHECK_OK(close(p[0]));

	CHECK_OK(pipe(p));
	CHECK_OK(close(p[0]));
	fds[0] = (struct pollfd){ .fd = p[1], .events = POLLOUT };
	CHECK_EQ(poll(fds, 1, 0), 1);
	CHECK(fds[0].revents & POLLERR);
	CHECK_OK(close(p[1]));

	fds[0] = (struct pollfd){ .fd = p[1], .events = POLLIN };
	fds[1] = (struct pollfd){ .fd = -1, .events = POLLIN };	/* ignored */
	CHECK_EQ(poll(fds, 2, 0), 1);
	CHECK_EQ(fds[0].revents, POLLNVAL);
	CHECK_EQ(fds[1].revents, 0);
	CHECK_ERR(poll(ut_bad_ptr(), 1, 0), EFAULT);
	ut_ok("poll: POLLIN, POLLOUT, POLLHUP, POLLERR, POLLNVAL, timeout");
}

static void check_wakeup(void)
{
	struct pollfd fd;
	int p[2];
	pid_t pid;

	CHECK_OK(pipe(p));
	pid = CHECK_OK(fork());
	if (pid == 0) {
		struct timespec ts = { 0, 50 * 1000 * 1000 };

		nanosleep(&ts, NULL);
		_exit(write(p[1], "w", 1) == 1 ? 0 : 1);
	}
	fd = (struct pollfd){ .fd = p[0], .events = POLLIN };
	CHECK_EQ(poll(&fd, 1, 10000), 1);
	CHECK_EQ(fd.revents, POLLIN);
	CHECK_EXITED(ut_wait(pid), 0);
	CHECK_OK(close(p[0]));
	CHECK_OK(close(p[1]));
	ut_ok("poll woken by another process");
}

static void on_usr1(int sig)
{
	(void)sig;
}

static void check_ppoll_mask(void)
{
	struct timespec ts = { 5, 0 };
	sigset_t block, wait_mask;
	struct pollfd fd;
	int p[2];

	CHECK_OK(pipe(p));
	signal(SIGUSR1, on_usr1);
	sigemptyset(&block);
	sigaddset(&block, SIGUSR1);
	CHECK_OK(sigprocmask(SIG_BLOCK, &block, NULL));
	raise(SIGUSR1);	/* pending, blocked */
	sigemptyset(&wait_mask);
	fd = (struct pollfd){ .fd = p[0], .events = POLLIN };
	CHECK_ERR(ppoll(&fd, 1, &ts, &wait_mask), EINTR);
	CHECK_OK(sigprocmask(SIG_UNBLOCK, &block, NULL));
	signal(SIGUSR1, SIG_DFL);
	ts.tv_nsec = 1000000000;
	CHECK_ERR(ppoll(&fd, 1, &ts, NULL), EINVAL);
	CHECK_OK(close(p[0]));
	CHECK_OK(close(p[1]));
	ut_ok("ppoll with a signal mask");
}

static void check_select(void)
{
	struct timeval tv = { 0, 0 };
	struct timespec ts = { 0, 20 * 1000 * 1000 };
	fd_set rd, wr;
	int p[2];

	CHECK_OK(pipe(p));
	FD_ZERO(&rd);
	FD_ZERO(&wr);
	FD_SET(p[0], &rd);
	FD_SET(p[1], &wr);
	CHECK_EQ(select(p[1] + 1, &rd, &wr, NULL, &tv), 1);
	CHECK(!FD_ISSET(p[0], &rd));
	CHECK(FD_ISSET(p[1], &wr));

	CHECK_EQ(write(p[1], "s", 1), 1);
	FD_ZERO(&rd);
	FD_SET(p[0], &rd);
	CHECK_EQ(pselect(p[0] + 1, &rd, NULL, NULL, &ts, NULL), 1);
	CHECK(FD_ISSET(p[0], &rd));

	FD_ZERO(&rd);
	FD_SET(p[1], &rd);
	CHECK_OK(close(p[0]));
	CHECK_OK(close(p[1]));
	CHECK_ERR(select(p[1] + 1, &rd, NULL, NULL, &tv), EBADF);
	CHECK_ERR(select(-1, NULL, NULL, NULL, &tv), EINVAL);
	ut_ok("select, pselect");
}

int main(void)
{
	ut_begin("poll");
	check_poll();
	check_wakeup();
	check_ppoll_mask();
	check_select();
	return ut_pass();
}
