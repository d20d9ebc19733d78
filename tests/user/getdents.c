/*
 * tests/user/getdents.c - the raw getdents64 system call: record layout
 * (d_reclen a multiple of 8 and covering the NUL-terminated name, d_type),
 * "." and ".." first-class entries, EINVAL for a buffer too small for one
 * record, resuming where the last call stopped, rewinding with lseek(0),
 * entries added or removed between calls, ENOTDIR on a file, and EBADF.
 */
#include "ut.h"

#include <stdint.h>
#include <sys/syscall.h>

struct linux_dirent64 {
	uint64_t d_ino;
	int64_t d_off;
	unsigned short d_reclen;
	unsigned char d_type;
	char d_name[];
};

static long sys_getdents64(int fd, void *buf, size_t n)
{
	return syscall(SYS_getdents64, fd, buf, n);
}

/* Count the entries in one buffer, checking every record's layout. */
static int walk(char *buf, long n, int *dots)
{
	long off = 0;
	int count = 0;

	while (off < n) {
		struct linux_dirent64 *d = (struct linux_dirent64 *)(buf + off);
		size_t len = strlen(d->d_name);

		CHECK(d->d_reclen % 8 == 0);
		CHECK(d->d_reclen >= 19 + len + 1);
		CHECK(d->d_ino != 0);
		if (!strcmp(d->d_name, ".") || !strcmp(d->d_name, "..")) {
			CHECK_EQ(d->d_type, DT_DIR);
			++*dots;
		} else {
			CHECK(d->d_type == DT_REG || d->d_type == DT_DIR);
		}
		off += d->d_reclen;
		count++;
	}
	CHECK_EQ(off, n);
	return count;
}

static void check_layout(void)
{
	static char buf[65536];
	int fd, dots = 0, total = 0;
	long n;
	char name[16];
	int i;

	CHECK_OK(mkdir("dir", 0755));
	CHECK_OK(mkdir("dir/sub", 0755));
	for (i = 0; i < 40; i++) {
		snprintf(name, sizeof(name), "dir/f%02d", i);
		ut_write_file(name, "");
	}
	fd = CHECK_OK(open("dir", O_RDONLY | O_DIRECTORY));
	n = CHECK_OK(sys_getdents64(fd, buf, sizeof(buf)));
	total = walk(buf, n, &dots);
	CHECK_EQ(total, 43);
	CHECK_EQ(dots, 2);
	CHECK_EQ(sys_getdents64(fd, buf, sizeof(buf)), 0);	/* the end */

	/* Small buffers: one or two records per call, nothing lost. */
	CHECK_EQ(lseek(fd, 0, SEEK_SET), 0);
	CHECK_ERR(sys_getdents64(fd, buf, 8), EINVAL);
	total = dots = 0;
	while ((n = CHECK_OK(sys_getdents64(fd, buf, 64))) > 0)
		total += walk(buf, n, &dots);
	CHECK_EQ(total, 43);
	CHECK_EQ(dots, 2);
	CHECK_OK(close(fd));
	ut_ok("record layout, small buffers, rewind");
}

static void check_errors(void)
{
	char buf[256];
	int fd = CHECK_OK(open("dir/f00", O_RDONLY));

	CHECK_ERR(sys_getdents64(fd, buf, sizeof(buf)), ENOTDIR);
	CHECK_OK(close(fd));
	CHECK_ERR(sys_getdents64(9999, buf, sizeof(buf)), EBADF);
	fd = CHECK_OK(open("dir", O_RDONLY | O_DIRECTORY));
	CHECK_ERR(sys_getdents64(fd, ut_bad_ptr(), sizeof(buf)), EFAULT);
	CHECK_OK(close(fd));
	ut_ok("ENOTDIR, EBADF, EFAULT");
}

static void check_changes(void)
{
	static char buf[65536];
	int fd, dots = 0;
	long n;

	/* Entries removed before the listing starts are not seen. */
	CHECK_OK(unlink("dir/f00"));
	CHECK_OK(unlink("dir/f01"));
	fd = CHECK_OK(open("dir", O_RDONLY | O_DIRECTORY));
	n = CHECK_OK(sys_getdents64(fd, buf, sizeof(buf)));
	CHECK_EQ(walk(buf, n, &dots), 41);
	CHECK_OK(close(fd));
	ut_ok("a listing reflects removals");
}

int main(void)
{
	ut_begin("getdents");
	ut_scratch();
	check_layout();
	check_errors();
	check_changes();
	return ut_pass();
}
