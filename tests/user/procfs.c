/*
 * tests/user/procfs.c - /proc/self as programs use it: /proc/self is this
 * process (readlink gives the pid), /proc/self/exe names this program,
 * /proc/self/fd/<n> names the open file, /proc/self/cmdline holds argv with
 * NUL separators, /proc/self/stat starts with "<pid> (<comm>) ",
 * /proc/self/status has Pid and PPid lines, and /proc/self/maps lists the
 * stack.
 */
#include "ut.h"

#include <limits.h>
#include <sys/auxv.h>

static long slurp(const char *path, char *buf, size_t size)
{
	long n, total = 0;
	int fd = open(path, O_RDONLY);

	if (fd < 0)
		return -1;
	while ((n = read(fd, buf + total, size - 1 - (size_t)total)) > 0)
		total += n;
	close(fd);
	buf[total] = 0;
	return total;
}

static void check_links(void)
{
	const char *execfn = (const char *)getauxval(AT_EXECFN);
	char buf[PATH_MAX], want[PATH_MAX + 16], cwd[PATH_MAX];
	long n;
	int fd;

	n = CHECK_OK(readlink("/proc/self", buf, sizeof(buf) - 1));
	buf[n] = 0;
	CHECK_EQ(atoi(buf), getpid());
	n = CHECK_OK(readlink("/proc/self/exe", buf, sizeof(buf) - 1));
	buf[n] = 0;
	CHECK(execfn && execfn[0] == '/');
	CHECK_STR(buf, execfn);

	ut_write_file("opened", "x");
	fd = CHECK_OK(open("opened", O_RDONLY));
	snprintf(want, sizeof(want), "/proc/self/fd/%d", fd);
	n = CHECK_OK(readlink(want, buf, sizeof(buf) - 1));
	buf[n] = 0;
	CHECK(getcwd(cwd, sizeof(cwd)) != NULL);
	snprintf(want, sizeof(want), "%s/opened", cwd);
	CHECK_STR(buf, want);
	CHECK_OK(close(fd));
	ut_ok("/proc/self, exe, fd/N");
}

static void check_files(char **argv)
{
	static char buf[65536];
	char want[64];
	long n;

	n = CHECK_OK(slurp("/proc/self/cmdline", buf, sizeof(buf)));
	CHECK_EQ(n, (long)strlen(argv[0]) + 1 + 5 + 1);
	CHECK_STR(buf, argv[0]);
	CHECK_STR(buf + strlen(argv[0]) + 1, "extra");

	CHECK_OK(slurp("/proc/self/stat", buf, sizeof(buf)));
	/* (The state letter is not checked: qemu-user prints a 0 there.) */
	snprintf(want, sizeof(want), "%d (procfs) ", getpid());
	CHECK(!strncmp(buf, want, strlen(want)));

	CHECK_OK(slurp("/proc/self/status", buf, sizeof(buf)));
	snprintf(want, sizeof(want), "\nPid:\t%d\n", getpid());
	CHECK(strstr(buf, want) != NULL);
	snprintf(want, sizeof(want), "\nPPid:\t%d\n", getppid());
	CHECK(strstr(buf, want) != NULL);

	CHECK_OK(slurp("/proc/self/maps", buf, sizeof(buf)));
	CHECK(strstr(buf, "[stack]") != NULL);
	ut_ok("cmdline, stat, status, maps");
}

int main(int argc, char **argv)
{
	char *args[] = { argv[0], "extra", NULL };

	/* Re-run with one extra argument, so cmdline's content is known. */
	if (argc == 1) {
		execv((const char *)getauxval(AT_EXECFN), args);
		printf("FAIL: execv: %s\n", strerror(errno));
		return 1;
	}
	ut_begin("procfs");
	ut_scratch();
	check_links();
	check_files(argv);
	return ut_pass();
}
