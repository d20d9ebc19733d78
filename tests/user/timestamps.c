/*
 * tests/user/timestamps.c - which calls change which file times: write and
 * truncate change mtime and ctime, chmod and link change only ctime,
 * creating or removing an entry changes its directory's mtime and ctime,
 * reading leaves mtime and ctime alone, rename keeps the file's mtime, and
 * utimensat with UTIME_NOW sets the current time. Times are compared with
 * the file's own earlier values after a 20 ms pause, never with a clock.
 */
#include "ut.h"

#include <time.h>

static void pause_20ms(void)
{
	struct timespec ts = { 0, 20 * 1000 * 1000 };

	nanosleep(&ts, NULL);
}

static int after(const struct timespec *a, const struct timespec *b)
{
	return a->tv_sec > b->tv_sec || (a->tv_sec == b->tv_sec && a->tv_nsec > b->tv_nsec);
}

static int same(const struct timespec *a, const struct timespec *b)
{
	return a->tv_sec == b->tv_sec && a->tv_nsec == b->tv_nsec;
}

static void check_file_times(void)
{
	struct stat a, b;
	char c;
	int fd;

	ut_write_file("f", "data");
	CHECK_OK(stat("f", &a));
	pause_20ms();
	fd = CHECK_OK(open("f", O_RDWR));
	CHECK_EQ(read(fd, &c, 1), 1);
	CHECK_OK(fstat(fd, &b));
	CHECK(same(&b.st_mtim, &a.st_mtim));
	CHECK(same(&b.st_ctim, &a.st_ctim));
	CHECK_EQ(write(fd, "x", 1), 1);
	CHECK_OK(fstat(fd, &b));
	CHECK(after(&b.st_mtim, &a.st_mtim));
	CHECK(after(&b.st_ctim, &a.st_ctim));

	a = b;
	pause_20ms();
	CHECK_OK(fchmod(fd, 0600));
	CHECK_OK(fstat(fd, &b));
	CHECK(same(&b.st_mtim, &a.st_mtim));
	CHECK(after(&b.st_ctim, &a.st_ctim));

	a = b;
	pause_20ms();
	CHECK_OK(link("f", "f2"));
	CHECK_OK(fstat(fd, &b));
	CHECK(same(&b.st_mtim, &a.st_mtim));
	CHECK(after(&b.st_ctim, &a.st_ctim));

	a = b;
	pause_20ms();
	CHECK_OK(ftruncate(fd, 1));
	CHECK_OK(fstat(fd, &b));
	CHECK(after(&b.st_mtim, &a.st_mtim));
	CHECK_OK(close(fd));

	a = b;
	CHECK_OK(rename("f", "g"));
	CHECK_OK(stat("g", &b));
	CHECK(same(&b.st_mtim, &a.st_mtim));
	ut_ok("mtime and ctime of a file");
}

static void check_dir_times(void)
{
	struct stat a, b;

	CHECK_OK(mkdir("d", 0755));
	CHECK_OK(stat("d", &a));
	pause_20ms();
	ut_write_file("d/new", "");
	CHECK_OK(stat("d", &b));
	CHECK(after(&b.st_mtim, &a.st_mtim));
	CHECK(after(&b.st_ctim, &a.st_ctim));
	a = b;
	pause_20ms();
	CHECK_OK(unlink("d/new"));
	CHECK_OK(stat("d", &b));
	CHECK(after(&b.st_mtim, &a.st_mtim));
	ut_ok("a directory's times follow its entries");
}

static void check_utime_now(void)
{
	struct timespec old[2] = { { 100, 0 }, { 200, 0 } };
	struct timespec now[2] = { { 0, UTIME_NOW }, { 0, UTIME_NOW } };
	struct stat st;

	CHECK_OK(utimensat(AT_FDCWD, "g", old, 0));
	CHECK_OK(stat("g", &st));
	CHECK_EQ(st.st_mtim.tv_sec, 200);
	CHECK_OK(utimensat(AT_FDCWD, "g", now, 0));
	CHECK_OK(stat("g", &st));
	CHECK(st.st_mtim.tv_sec > 1577836800);	/* after 2020 */
	CHECK(st.st_atim.tv_sec > 1577836800);
	CHECK_OK(utimensat(AT_FDCWD, "g", NULL, 0));
	ut_ok("UTIME_NOW");
}

int main(void)
{
	ut_begin("timestamps");
	ut_scratch();
	check_file_times();
	check_dir_times();
	check_utime_now();
	return ut_pass();
}
