/*
 * tests/user/largefile.c - files bigger than a page and than 4 GiB: 8 MiB
 * written in odd-sized pieces and read back with a checksum, a sparse file
 * with one byte at 5 GiB (64-bit offsets, holes reading as zeros, no space
 * used by the hole), SEEK_END, and truncation back to nothing.
 */
#include "ut.h"

#define MiB (1024L * 1024)

static unsigned int pattern(long off)
{
	return (unsigned int)((off * 2654435761UL) >> 13) & 0xff;
}

static void check_big(void)
{
	static unsigned char buf[12345];
	long off = 0, n, i;
	int fd = CHECK_OK(open("big", O_RDWR | O_CREAT | O_TRUNC, 0644));
	struct stat st;
	int bad = 0;

	while (off < 8 * MiB) {
		n = 8 * MiB - off < (long)sizeof(buf) ? 8 * MiB - off : (long)sizeof(buf);
		for (i = 0; i < n; i++)
			buf[i] = (unsigned char)pattern(off + i);
		if (write(fd, buf, (size_t)n) != n)
			bad++;
		off += n;
	}
	CHECK_EQ(bad, 0);
	CHECK_OK(fstat(fd, &st));
	CHECK_EQ(st.st_size, 8 * MiB);
	CHECK_EQ(lseek(fd, 0, SEEK_SET), 0);
	off = 0;
	while ((n = read(fd, buf, 4000)) > 0) {
		for (i = 0; i < n; i++)
			bad += buf[i] != pattern(off + i);
		off += n;
	}
	CHECK_EQ(n, 0);
	CHECK_EQ(off, 8 * MiB);
	CHECK_EQ(bad, 0);
	CHECK_OK(close(fd));
	CHECK_OK(unlink("big"));
	ut_ok("8 MiB written and read back");
}

static void check_sparse(void)
{
	const off_t far = 5LL * 1024 * MiB;
	char c = 0;
	struct stat st;
	int fd = CHECK_OK(open("sparse", O_RDWR | O_CREAT | O_TRUNC, 0644));

	CHECK_EQ(lseek(fd, far, SEEK_SET), far);
	CHECK_EQ(write(fd, "!", 1), 1);
	CHECK_OK(fstat(fd, &st));
	CHECK_EQ(st.st_size, far + 1);
	CHECK(st.st_blocks < 1024);	/* the hole takes no space */
	CHECK_EQ(pread(fd, &c, 1, far), 1);
	CHECK_EQ(c, '!');
	CHECK_EQ(pread(fd, &c, 1, 4LL * 1024 * MiB), 1);
	CHECK_EQ(c, 0);
	CHECK_EQ(lseek(fd, -1, SEEK_END), far);
	CHECK_EQ(pread(fd, &c, 1, far + 1), 0);
	CHECK_OK(ftruncate(fd, 0));
	CHECK_OK(fstat(fd, &st));
	CHECK_EQ(st.st_size, 0);
	CHECK_OK(close(fd));
	ut_ok("a sparse file past 4 GiB");
}

int main(void)
{
	ut_begin("largefile");
	ut_scratch();
	check_big();
	check_sparse();
	return ut_pass();
}
