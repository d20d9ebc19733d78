/*
 * tests/user/fdshare.c - descriptors and the open files behind them: after
 * fork, parent and child share each open file's offset and flags; dup'd
 * descriptors too, while separate open() calls have their own offsets;
 * descriptors up to RLIMIT_NOFILE - 1 work (dup2 to 1000), closing them all
 * frees them, and the lowest free number is always taken.
 */
#include "ut.h"

#include <sys/resource.h>

static void check_shared_offset(void)
{
	char buf[8];
	pid_t pid;
	int fd, fd2;

	ut_write_file("f", "abcdefghij");
	fd = CHECK_OK(open("f", O_RDONLY));
	pid = CHECK_OK(fork());
	if (pid == 0)
		_exit(read(fd, buf, 3) == 3 ? 0 : 1);
	CHECK_EXITED(ut_wait(pid), 0);
	CHECK_EQ(lseek(fd, 0, SEEK_CUR), 3);	/* moved by the child */
	CHECK_EQ(read(fd, buf, 2), 2);
	CHECK(!memcmp(buf, "de", 2));

	/* A second open() has its own offset. */
	fd2 = CHECK_OK(open("f", O_RDONLY));
	CHECK_EQ(read(fd2, buf, 1), 1);
	CHECK_EQ(buf[0], 'a');
	CHECK_EQ(lseek(fd, 0, SEEK_CUR), 5);

	/* Status flags belong to the open file too. */
	pid = CHECK_OK(fork());
	if (pid == 0)
		_exit(fcntl(fd, F_SETFL, O_NONBLOCK) == 0 ? 0 : 1);
	CHECK_EXITED(ut_wait(pid), 0);
	CHECK(fcntl(fd, F_GETFL) & O_NONBLOCK);
	CHECK(!(fcntl(fd2, F_GETFL) & O_NONBLOCK));
	CHECK_OK(close(fd));
	CHECK_OK(close(fd2));
	ut_ok("fork shares offsets and status flags");
}

static void check_append_children(void)
{
	char buf[64];
	int fd, i, n;
	pid_t pids[4];

	/* Four processes append 8 lines each through one shared file. */
	fd = CHECK_OK(open("log", O_WRONLY | O_CREAT | O_TRUNC | O_APPEND, 0644));
	for (i = 0; i < 4; i++) {
		pids[i] = CHECK_OK(fork());
		if (pids[i] == 0) {
			char line[8];
			int j;

			for (j = 0; j < 8; j++) {
				snprintf(line, sizeof(line), "%d%d\n", i, j);
				if (write(fd, line, 3) != 3)
					_exit(1);
			}
			_exit(0);
		}
	}
	for (i = 0; i < 4; i++)
		CHECK_EXITED(ut_wait(pids[i]), 0);
	CHECK_OK(close(fd));
	fd = CHECK_OK(open("log", O_RDONLY));
	n = 0;
	while ((i = CHECK_OK(read(fd, buf, sizeof(buf)))) > 0)
		n += i;
	CHECK_EQ(n, 4 * 8 * 3);	/* nothing overwritten */
	CHECK_OK(close(fd));
	ut_ok("O_APPEND writers in four processes");
}

static void check_high_fds(void)
{
	static int fds[500];
	struct rlimit rl;
	int fd, i, first, ok = 1;

	CHECK_OK(getrlimit(RLIMIT_NOFILE, &rl));
	if (rl.rlim_cur < 1024) {
		rl.rlim_cur = rl.rlim_max < 1024 ? rl.rlim_max : 1024;
		CHECK_OK(setrlimit(RLIMIT_NOFILE, &rl));
	}
	CHECK(rl.rlim_cur >= 1001);
	fd = CHECK_OK(open("f", O_RDONLY));
	CHECK_EQ(dup2(fd, 1000), 1000);
	CHECK_EQ(fcntl(1000, F_GETFD), 0);
	CHECK_OK(close(1000));
	CHECK_ERR(dup2(fd, (int)rl.rlim_cur), EBADF);

	/* 500 descriptors at once, in ascending order. */
	for (i = 0; i < 500; i++) {
		fds[i] = dup(fd);
		if (fds[i] < 0 || (i > 0 && fds[i] <= fds[i - 1]))
			ok = 0;
	}
	CHECK(ok);
	for (i = 0; i < 500; i++)
		if (close(fds[i]) != 0)
			ok = 0;
	CHECK(ok);
	first = fds[0];
	CHECK_EQ(dup(fd), first);	/* the lowest free number again */
	CHECK_OK(close(first));
	CHECK_OK(close(fd));
	ut_ok("descriptors up to 1000, lowest free number");
}

int main(void)
{
	ut_begin("fdshare");
	ut_scratch();
	check_shared_offset();
	check_append_children();
	check_high_fds();
	return ut_pass();
}
