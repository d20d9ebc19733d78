/*
 * tests/user/pipe.c - pipe2() and the pipe rules: bytes in order, EOF once
 * every writer is gone, EPIPE with SIGPIPE once every reader is gone (killed by
 * default, EPIPE when ignored), O_NONBLOCK with EAGAIN on empty and full pipes,
 * O_CLOEXEC, fstat's S_ISFIFO, a 1 MiB transfer between two processes, and a
 * pipeline of three processes.
 */
#include "ut.h"

#include <signal.h>

static void check_basic(void)
{
	struct stat st;
	char buf[16];
	int p[2];

	CHECK_OK(pipe2(p, 0));
	CHECK_EQ(write(p[1], "abc", 3), 3);
	CHECK_EQ(write(p[1], "de", 2), 2);
	CHECK_EQ(read(p[0], buf, sizeof(buf)), 5);
	CHECK(!memcmp(buf, "abcde", 5));
	CHECK_OK(fstat(p[0], &st));
	CHECK(S_ISFIFO(st.st_mode));
	CHECK_ERR(write(p[0], "x", 1), EBADF);
	CHECK_ERR(read(p[1], buf, 1), EBADF);
	CHECK_ERR(lseek(p[0], 0, SEEK_SET), ESPIPE);
	CHECK_EQ(fcntl(p[0], F_GETFL) & O_ACCMODE, O_RDONLY);
	CHECK_EQ(fcntl(p[1], F_GETFL) & O_ACCMODE, O_WRONLY);
	CHECK_OK(close(p[1]));
	CHECK_EQ(read(p[0], buf, sizeof(buf)), 0);	/* EOF */
	CHECK_OK(close(p[0]));
	CHECK_ERR(pipe2(p, O_APPEND), EINVAL);
	CHECK_ERR(pipe(ut_bad_ptr()), EFAULT);
	ut_ok("order, EOF, EBADF, ESPIPE, S_ISFIFO");
}

static void check_flags(void)
{
	char buf[4096];
	long total = 0, n;
	int p[2];

	CHECK_OK(pipe2(p, O_CLOEXEC | O_NONBLOCK));
	CHECK_EQ(fcntl(p[0], F_GETFD), FD_CLOEXEC);
	CHECK_EQ(fcntl(p[1], F_GETFD), FD_CLOEXEC);
	CHECK(fcntl(p[0], F_GETFL) & O_NONBLOCK);
	CHECK_ERR(read(p[0], buf, 1), EAGAIN);
	memset(buf, 'z', sizeof(buf));
	while ((n = write(p[1], buf, sizeof(buf))) > 0)
		total += n;
	CHECK_EQ(n, -1);
	CHECK_EQ(errno, EAGAIN);
	/* A pipe holds at least 4 KiB and at most 1 MiB by default. */
	CHECK(total >= 4096 && total <= 1 << 20);
	CHECK_OK(close(p[0]));
	CHECK_OK(close(p[1]));
	ut_ok("O_NONBLOCK, O_CLOEXEC");
}

static void check_epipe(void)
{
	int p[2];
	pid_t pid;

	CHECK_OK(pipe(p));
	CHECK_OK(close(p[0]));
	pid = CHECK_OK(fork());
	if (pid == 0) {
		write(p[1], "x", 1);
		_exit(0);
	}
	CHECK_SIGNALED(ut_wait(pid), SIGPIPE);

	signal(SIGPIPE, SIG_IGN);
	CHECK_ERR(write(p[1], "x", 1), EPIPE);
	signal(SIGPIPE, SIG_DFL);
	CHECK_OK(close(p[1]));
	ut_ok("EPIPE and SIGPIPE");
}

static void check_transfer(void)
{
	static char buf[8192];
	long total = 0, n, i;
	unsigned int sum = 0;
	int p[2];
	pid_t pid;

	CHECK_OK(pipe(p));
	pid = CHECK_OK(fork());
	if (pid == 0) {
		close(p[0]);
		for (i = 0; i < 256; i++) {
			memset(buf, (int)i, 4096);
			if (write(p[1], buf, 4096) != 4096)
				_exit(1);
		}
		_exit(0);
	}
	CHECK_OK(close(p[1]));
	/* Unchecked reads: how many it takes must not change the output. */
	while ((n = read(p[0], buf, sizeof(buf))) > 0) {
		for (i = 0; i < n; i++)
			sum += (unsigned char)buf[i];
		total += n;
	}
	CHECK_EQ(n, 0);
	CHECK_EQ(total, 1 << 20);
	CHECK_EQ(sum, 4096u * (255u * 256u / 2u));
	CHECK_EXITED(ut_wait(pid), 0);
	CHECK_OK(close(p[0]));
	ut_ok("1 MiB from a child");
}

/* A child that reads in, adds one to each byte, writes out. */
static pid_t stage(int in, int out, int close1, int close2)
{
	pid_t pid = CHECK_OK(fork());
	char c;

	if (pid == 0) {
		close(close1);
		close(close2);
		while (read(in, &c, 1) == 1) {
			c++;
			if (write(out, &c, 1) != 1)
				_exit(1);
		}
		_exit(0);
	}
	return pid;
}

static void check_pipeline(void)
{
	int a[2], b[2], c[2];
	char buf[8];
	pid_t p1, p2;

	CHECK_OK(pipe(a));
	CHECK_OK(pipe(b));
	CHECK_OK(pipe(c));
	p1 = stage(a[0], b[1], a[1], c[0]);
	p2 = stage(b[0], c[1], a[1], b[1]);
	CHECK_OK(close(a[0]));
	CHECK_OK(close(b[0]));
	CHECK_OK(close(b[1]));
	CHECK_OK(close(c[1]));
	CHECK_EQ(write(a[1], "HAL", 3), 3);
	CHECK_OK(close(a[1]));
	CHECK_EQ(read(c[0], buf, 1), 1);
	CHECK_EQ(read(c[0], buf + 1, 1), 1);
	CHECK_EQ(read(c[0], buf + 2, 1), 1);
	CHECK_EQ(read(c[0], buf + 3, 1), 0);
	CHECK(!memcmp(buf, "JCN", 3));
	CHECK_EXITED(ut_wait(p1), 0);
	CHECK_EXITED(ut_wait(p2), 0);
	CHECK_OK(close(c[0]));
	ut_ok("a pipeline of three processes");
}

int main(void)
{
	ut_begin("pipe");
	check_basic();
	check_flags();
	check_epipe();
	check_transfer();
	check_pipeline();
	return ut_pass();
}
