/*
 * tests/bench/syscalls.c - the cost of entering the kernel for small jobs:
 * a system call that does nothing (getppid), one-byte read from /dev/zero
 * and write to /dev/null, open+close and stat of a file in tmpfs, and
 * clock_gettime(CLOCK_MONOTONIC) (musl's riscv64 port makes the real system
 * call, no vDSO, so both kernels are measured on their syscall path).
 */
#include "bench.h"

#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

static int dev_fd = -1;
static char file_path[PATH_MAX];

static long run_getppid(const struct bench_item *it, uint64_t n)
{
	for (uint64_t i = 0; i < n; i++)
		getppid();
	return (long)n;
}

static int open_dev_zero(const struct bench_item *it)
{
	dev_fd = open("/dev/zero", O_RDONLY);
	return dev_fd < 0 ? -errno : 0;
}

static int open_dev_null(const struct bench_item *it)
{
	dev_fd = open("/dev/null", O_WRONLY);
	return dev_fd < 0 ? -errno : 0;
}

static void close_dev(const struct bench_item *it)
{
	close(dev_fd);
	dev_fd = -1;
}

static long run_read_byte(const struct bench_item *it, uint64_t n)
{
	char c;

	for (uint64_t i = 0; i < n; i++)
		if (read(dev_fd, &c, 1) != 1)
			return bench_fail();
	return (long)n;
}

static long run_write_byte(const struct bench_item *it, uint64_t n)
{
	char c = 0;

	for (uint64_t i = 0; i < n; i++)
		if (write(dev_fd, &c, 1) != 1)
			return bench_fail();
	return (long)n;
}

/* An empty file in the scratch directory for open and stat to find. */
static int create_file(const struct bench_item *it)
{
	int fd;

	snprintf(file_path, sizeof(file_path), "%s/file", bench_opts.scratch);
	fd = open(file_path, O_CREAT | O_WRONLY, 0644);
	if (fd < 0)
		return -errno;
	close(fd);
	return 0;
}

static void remove_file(const struct bench_item *it)
{
	unlink(file_path);
}

static long run_open_close(const struct bench_item *it, uint64_t n)
{
	for (uint64_t i = 0; i < n; i++) {
		int fd = open(file_path, O_RDONLY);

		if (fd < 0)
			return bench_fail();
		close(fd);
	}
	return (long)n;
}

static long run_stat(const struct bench_item *it, uint64_t n)
{
	struct stat st;

	for (uint64_t i = 0; i < n; i++)
		if (stat(file_path, &st) < 0)
			return bench_fail();
	return (long)n;
}

static long run_clock_gettime(const struct bench_item *it, uint64_t n)
{
	struct timespec ts;

	for (uint64_t i = 0; i < n; i++)
		if (clock_gettime(CLOCK_MONOTONIC, &ts) < 0)
			return bench_fail();
	return (long)n;
}

const struct bench_item bench_syscall_items[] = {
    {.name = "null_syscall", .run = run_getppid},
    {.name = "read_dev_zero", .setup = open_dev_zero, .run = run_read_byte, .teardown = close_dev},
    {.name = "write_dev_null",
     .setup = open_dev_null,
     .run = run_write_byte,
     .teardown = close_dev},
    {.name = "open_close", .setup = create_file, .run = run_open_close, .teardown = remove_file},
    {.name = "stat", .setup = create_file, .run = run_stat, .teardown = remove_file},
    {.name = "clock_gettime", .run = run_clock_gettime},
    {.run = NULL},
};
