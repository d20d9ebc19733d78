/*
 * tests/user/ioctl.c - ioctls that do not need a terminal: TCGETS and
 * TIOCGWINSZ on a pipe and a regular file fail with ENOTTY (isatty() is
 * false), FIONREAD counts the bytes waiting in a pipe, FIONBIO and FIOCLEX/
 * FIONCLEX set O_NONBLOCK and FD_CLOEXEC, and EBADF/EFAULT.
 */
#include "ut.h"

#include <sys/ioctl.h>
#include <termios.h>

static void check_not_a_tty(void)
{
	struct termios t;
	struct winsize ws;
	int p[2], fd;

	CHECK_OK(pipe(p));
	ut_write_file("f", "data");
	fd = CHECK_OK(open("f", O_RDONLY));
	CHECK_ERR(ioctl(p[0], TCGETS, &t), ENOTTY);
	CHECK_ERR(ioctl(fd, TCGETS, &t), ENOTTY);
	CHECK_ERR(ioctl(fd, TIOCGWINSZ, &ws), ENOTTY);
	CHECK(!isatty(p[1]));
	CHECK(!isatty(fd));
	CHECK_EQ(errno, ENOTTY);
	CHECK_ERR(ioctl(999, TCGETS, &t), EBADF);
	CHECK_OK(close(fd));
	CHECK_OK(close(p[0]));
	CHECK_OK(close(p[1]));
	ut_ok("ENOTTY on pipes and files");
}

static void check_fionread_fionbio(void)
{
	int p[2], n = -1, on = 1, off = 0;
	char c;

	CHECK_OK(pipe(p));
	CHECK_OK(ioctl(p[0], FIONREAD, &n));
	CHECK_EQ(n, 0);
	CHECK_EQ(write(p[1], "12345", 5), 5);
	CHECK_OK(ioctl(p[0], FIONREAD, &n));
	CHECK_EQ(n, 5);
	CHECK_OK(ioctl(p[0], FIONBIO, &on));
	CHECK(fcntl(p[0], F_GETFL) & O_NONBLOCK);
	CHECK_EQ(read(p[0], &c, 1), 1);
	CHECK_OK(ioctl(p[0], FIONREAD, &n));
	CHECK_EQ(n, 4);
	CHECK_OK(ioctl(p[0], FIONBIO, &off));
	CHECK(!(fcntl(p[0], F_GETFL) & O_NONBLOCK));
	CHECK_OK(ioctl(p[0], FIOCLEX));
	CHECK_EQ(fcntl(p[0], F_GETFD), FD_CLOEXEC);
	CHECK_OK(ioctl(p[0], FIONCLEX));
	CHECK_EQ(fcntl(p[0], F_GETFD), 0);
	CHECK_ERR(ioctl(p[0], FIONREAD, ut_bad_ptr()), EFAULT);
	CHECK_OK(close(p[0]));
	CHECK_OK(close(p[1]));
	ut_ok("FIONREAD, FIONBIO, FIOCLEX, FIONCLEX");
}

int main(void)
{
	ut_begin("ioctl");
	ut_scratch();
	check_not_a_tty();
	check_fionread_fionbio();
	return ut_pass();
}
