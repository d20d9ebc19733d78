/*
 * tests/user/mmap_file.c - file-backed private mappings: an offset into
 * the file, a mapping longer than the file (the rest of the last page reads
 * as zeros, whole pages past the end raise SIGBUS), a mapping that outlives
 * its descriptor, file writes seen by pages not yet touched but not by pages
 * already copied, and EINVAL for an unaligned offset.
 */
#include "ut.h"

#include <signal.h>

#define PAGE 4096L

static void make_file(const char *path, long size)
{
	int fd = CHECK_OK(open(path, O_RDWR | O_CREAT | O_TRUNC, 0644));
	char buf[PAGE];
	long off;

	for (off = 0; off < size; off += PAGE) {
		long n = size - off < PAGE ? size - off : PAGE;

		memset(buf, 'a' + (int)(off / PAGE), (size_t)n);
		CHECK_EQ(pwrite(fd, buf, (size_t)n, off), n);
	}
	CHECK_OK(close(fd));
}

static void check_offset(void)
{
	int fd;
	char *p;

	make_file("f", 4 * PAGE);
	fd = CHECK_OK(open("f", O_RDONLY));
	p = mmap(NULL, 2 * PAGE, PROT_READ, MAP_PRIVATE, fd, 2 * PAGE);
	CHECK(p != MAP_FAILED);
	CHECK_EQ(p[0], 'c');
	CHECK_EQ(p[PAGE], 'd');
	CHECK_OK(close(fd));	/* the mapping keeps the file */
	CHECK_EQ(p[PAGE + 100], 'd');
	CHECK_OK(munmap(p, 2 * PAGE));
	fd = CHECK_OK(open("f", O_RDONLY));
	CHECK_ERR((long)mmap(NULL, PAGE, PROT_READ, MAP_PRIVATE, fd, 100), EINVAL);
	CHECK_OK(close(fd));
	ut_ok("offsets, the mapping outlives its fd");
}

static void check_past_eof(void)
{
	int fd, status;
	char *p;
	pid_t pid;

	make_file("short", PAGE + 10);
	fd = CHECK_OK(open("short", O_RDONLY));
	p = mmap(NULL, 3 * PAGE, PROT_READ, MAP_PRIVATE, fd, 0);
	CHECK(p != MAP_FAILED);
	CHECK_EQ(p[PAGE + 9], 'b');
	CHECK_EQ(p[PAGE + 10], 0);	/* the rest of the last page */
	CHECK_EQ(p[2 * PAGE - 1], 0);
	pid = CHECK_OK(fork());
	if (pid == 0) {
		(void)*(volatile char *)(p + 2 * PAGE);
		_exit(0);
	}
	status = ut_wait(pid);
	CHECK_SIGNALED(status & 0x7f, SIGBUS);
	CHECK_OK(munmap(p, 3 * PAGE));
	CHECK_OK(close(fd));
	ut_ok("past the end: zeros, then SIGBUS");
}

static void check_sees_file_writes(void)
{
	int fd = CHECK_OK(open("f", O_RDWR));
	char *p = mmap(NULL, 4 * PAGE, PROT_READ | PROT_WRITE, MAP_PRIVATE, fd, 0);

	CHECK(p != MAP_FAILED);
	CHECK_EQ(p[0], 'a');
	/* Page 3 was never touched: it shows what the file holds now. */
	CHECK_EQ(pwrite(fd, "Z", 1, 3 * PAGE), 1);
	CHECK_EQ(p[3 * PAGE], 'Z');
	/* A page written through the mapping is private from then on. */
	p[PAGE] = 'm';
	CHECK_EQ(pwrite(fd, "Y", 1, PAGE), 1);
	CHECK_EQ(p[PAGE], 'm');
	CHECK_OK(munmap(p, 4 * PAGE));
	CHECK_OK(close(fd));
	ut_ok("untouched pages follow the file, written ones stay private");
}

int main(void)
{
	ut_begin("mmap_file");
	ut_scratch();
	check_offset();
	check_past_eof();
	check_sees_file_writes();
	return ut_pass();
}
