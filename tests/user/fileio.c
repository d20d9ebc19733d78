/*
 * tests/user/fileio.c - file I/O on an open file: open flags (O_CREAT, O_EXCL,
 * O_TRUNC, O_APPEND, O_CLOEXEC, O_DIRECTORY), read/write/lseek, pread/pwrite,
 * readv/writev, dup/dup2/dup3, fcntl (F_GETFD/F_SETFD/F_GETFL/F_SETFL/
 * F_DUPFD/F_DUPFD_CLOEXEC), ftruncate/truncate, stat/fstat/lstat sizes.
 */
#include "ut.h"

#include <sys/uio.h>

static void check_open_flags(void)
{
	int fd;

	CHECK_ERR(open("missing", O_RDONLY), ENOENT);
	fd = CHECK_OK(open("f", O_RDWR | O_CREAT | O_EXCL, 0600));
	CHECK_ERR(open("f", O_RDWR | O_CREAT | O_EXCL, 0600), EEXIST);
	CHECK_EQ(write(fd, "hello world", 11), 11);
	CHECK_OK(close(fd));

	/* O_TRUNC empties the file; O_CREAT without O_EXCL reuses it. */
	fd = CHECK_OK(open("f", O_WRONLY | O_CREAT | O_TRUNC, 0600));
	struct stat st;
	CHECK_OK(fstat(fd, &st));
	CHECK_EQ(st.st_size, 0);
	CHECK(S_ISREG(st.st_mode));
	CHECK_EQ(st.st_mode & 07777, 0600);
	CHECK_EQ(st.st_nlink, 1);
	CHECK_OK(close(fd));

	CHECK_ERR(open("f", O_RDONLY | O_DIRECTORY), ENOTDIR);
	CHECK_ERR(open(".", O_WRONLY), EISDIR);
	fd = CHECK_OK(open(".", O_RDONLY | O_DIRECTORY));
	CHECK_OK(close(fd));
	ut_ok("O_CREAT, O_EXCL, O_TRUNC, O_DIRECTORY");
}

static void check_read_write_seek(void)
{
	char buf[32];
	int fd = CHECK_OK(open("f", O_RDWR | O_TRUNC));

	CHECK_EQ(write(fd, "0123456789", 10), 10);
	CHECK_EQ(lseek(fd, 0, SEEK_CUR), 10);
	CHECK_EQ(read(fd, buf, sizeof(buf)), 0);	/* at end of file */
	CHECK_EQ(lseek(fd, 2, SEEK_SET), 2);
	CHECK_EQ(read(fd, buf, 3), 3);
	CHECK(!memcmp(buf, "234", 3));
	CHECK_EQ(lseek(fd, -1, SEEK_END), 9);
	CHECK_EQ(read(fd, buf, sizeof(buf)), 1);
	CHECK_EQ(buf[0], '9');
	CHECK_ERR(lseek(fd, -20, SEEK_CUR), EINVAL);
	CHECK_ERR(lseek(fd, 0, 42), EINVAL);

	/* Writing past the end leaves a hole that reads back as zeros. */
	CHECK_EQ(lseek(fd, 20, SEEK_SET), 20);
	CHECK_EQ(write(fd, "x", 1), 1);
	CHECK_EQ(pread(fd, buf, sizeof(buf), 8), 13);
	CHECK(!memcmp(buf, "89\0\0\0\0\0\0\0\0\0\0x", 13));
	CHECK_OK(close(fd));
	ut_ok("read, write, lseek, holes");
}

static void check_pread_pwrite(void)
{
	char buf[16] = "";
	int fd = CHECK_OK(open("f", O_RDWR | O_TRUNC));

	CHECK_EQ(write(fd, "abcdef", 6), 6);
	CHECK_EQ(pwrite(fd, "XY", 2, 1), 2);
	CHECK_EQ(lseek(fd, 0, SEEK_CUR), 6);	/* offset unchanged */
	CHECK_EQ(pread(fd, buf, 4, 0), 4);
	CHECK(!memcmp(buf, "aXYd", 4));
	CHECK_EQ(lseek(fd, 0, SEEK_CUR), 6);
	CHECK_ERR(pread(fd, buf, 1, -1), EINVAL);
	CHECK_OK(close(fd));
	ut_ok("pread, pwrite");
}

static void check_vectors(void)
{
	char a[4], b[8];
	struct iovec out[3] = {
		{ "one", 3 }, { "", 0 }, { "twothree", 8 },
	};
	struct iovec in[2] = { { a, sizeof(a) }, { b, sizeof(b) } };
	int fd = CHECK_OK(open("f", O_RDWR | O_TRUNC));

	CHECK_EQ(writev(fd, out, 3), 11);
	CHECK_EQ(lseek(fd, 0, SEEK_SET), 0);
	CHECK_EQ(readv(fd, in, 2), 11);
	CHECK(!memcmp(a, "onet", 4));
	CHECK(!memcmp(b, "wothree", 7));
	CHECK_EQ(preadv(fd, in, 1, 3), 4);
	CHECK(!memcmp(a, "twot", 4));
	CHECK_ERR(writev(fd, out, -1), EINVAL);
	CHECK_OK(close(fd));
	ut_ok("readv, writev, preadv");
}

static void check_append(void)
{
	char buf[16];
	int fd = CHECK_OK(open("f", O_WRONLY | O_TRUNC | O_APPEND));

	CHECK_EQ(write(fd, "ab", 2), 2);
	CHECK_EQ(lseek(fd, 0, SEEK_SET), 0);
	CHECK_EQ(write(fd, "cd", 2), 2);	/* still lands at the end */
	CHECK_EQ(lseek(fd, 0, SEEK_CUR), 4);
	CHECK_OK(close(fd));
	fd = CHECK_OK(open("f", O_RDONLY));
	CHECK_EQ(read(fd, buf, sizeof(buf)), 4);
	CHECK(!memcmp(buf, "abcd", 4));
	CHECK_ERR(write(fd, "x", 1), EBADF);	/* opened read-only */
	CHECK_OK(close(fd));
	fd = CHECK_OK(open("f", O_WRONLY));
	CHECK_ERR(read(fd, buf, 1), EBADF);	/* opened write-only */
	CHECK_OK(close(fd));
	ut_ok("O_APPEND, access modes");
}

static void check_dup_fcntl(void)
{
	char c;
	int fd = CHECK_OK(open("f", O_RDONLY | O_CLOEXEC));
	int fd2, fd3;

	CHECK_EQ(fcntl(fd, F_GETFD), FD_CLOEXEC);
	CHECK_OK(fcntl(fd, F_SETFD, 0));
	CHECK_EQ(fcntl(fd, F_GETFD), 0);
	CHECK_EQ(fcntl(fd, F_GETFL) & O_ACCMODE, O_RDONLY);

	/* A duplicate shares the file offset but not the FD_CLOEXEC flag. */
	CHECK_OK(fcntl(fd, F_SETFD, FD_CLOEXEC));
	fd2 = CHECK_OK(dup(fd));
	CHECK(fd2 != fd);
	CHECK_EQ(fcntl(fd2, F_GETFD), 0);
	CHECK_EQ(read(fd, &c, 1), 1);
	CHECK_EQ(lseek(fd2, 0, SEEK_CUR), 1);

	/* dup returns the lowest free number. */
	CHECK_OK(close(fd2));
	CHECK_EQ(dup(fd), fd2);
	fd3 = CHECK_OK(dup3(fd, 40, O_CLOEXEC));
	CHECK_EQ(fd3, 40);
	CHECK_EQ(fcntl(40, F_GETFD), FD_CLOEXEC);
	CHECK_ERR(dup3(fd, fd, 0), EINVAL);
	CHECK_ERR(dup3(fd, 41, O_APPEND), EINVAL);
	CHECK_EQ(dup2(fd, fd), fd);
	CHECK_EQ(fcntl(fd, F_DUPFD, 30), 30);
	CHECK_EQ(fcntl(fd, F_DUPFD_CLOEXEC, 30), 31);
	CHECK_EQ(fcntl(31, F_GETFD), FD_CLOEXEC);

	/* F_SETFL changes O_APPEND and O_NONBLOCK, not the access mode. */
	CHECK_OK(fcntl(fd, F_SETFL, O_NONBLOCK | O_RDWR));
	CHECK_EQ(fcntl(fd, F_GETFL) & (O_ACCMODE | O_NONBLOCK), O_RDONLY | O_NONBLOCK);
	CHECK_EQ(fcntl(fd2, F_GETFL) & O_NONBLOCK, O_NONBLOCK); /* shared file */
	CHECK_ERR(fcntl(fd, 12345), EINVAL);
	CHECK_OK(close(fd));
	CHECK_OK(close(fd2));
	CHECK_OK(close(30));
	CHECK_OK(close(31));
	CHECK_OK(close(40));
	CHECK_ERR(close(40), EBADF);
	ut_ok("dup, dup2, dup3, fcntl");
}

static void check_truncate_stat(void)
{
	struct stat st;
	char buf[8];
	int fd = CHECK_OK(open("f", O_RDWR | O_TRUNC));

	CHECK_EQ(write(fd, "abcdef", 6), 6);
	CHECK_OK(ftruncate(fd, 3));
	CHECK_OK(fstat(fd, &st));
	CHECK_EQ(st.st_size, 3);
	CHECK_OK(ftruncate(fd, 5000));
	CHECK_OK(stat("f", &st));
	CHECK_EQ(st.st_size, 5000);
	CHECK_EQ(pread(fd, buf, 4, 2), 4);
	CHECK(!memcmp(buf, "c\0\0\0", 4));
	CHECK_OK(truncate("f", 1));
	CHECK_OK(fstat(fd, &st));
	CHECK_EQ(st.st_size, 1);
	CHECK_ERR(ftruncate(fd, -1), EINVAL);
	CHECK_ERR(truncate("missing", 0), ENOENT);
	CHECK_ERR(truncate(".", 0), EISDIR);
	CHECK_OK(close(fd));

	fd = CHECK_OK(open("f", O_RDONLY));
	CHECK_ERR(ftruncate(fd, 0), EINVAL);	/* not open for writing */
	CHECK_OK(close(fd));

	CHECK_OK(stat(".", &st));
	CHECK(S_ISDIR(st.st_mode));
	CHECK_OK(lstat("f", &st));
	CHECK(S_ISREG(st.st_mode));
	CHECK_OK(stat("/dev/null", &st));
	CHECK(S_ISCHR(st.st_mode));
	ut_ok("ftruncate, truncate, stat, fstat, lstat");
}

int main(void)
{
	ut_begin("fileio");
	ut_scratch();
	check_open_flags();
	check_read_write_seek();
	check_pread_pwrite();
	check_vectors();
	check_append();
	check_dup_fcntl();
	check_truncate_stat();
	return ut_pass();
}
