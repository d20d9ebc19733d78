/*
 * tests/user/devices.c - the character devices every program expects: /dev/null
 * (reads end at once, writes vanish), /dev/zero (reads zeros, private mappings
 * of it are zero-filled), /dev/full (writes fail with ENOSPC), /dev/urandom and
 * /dev/random (reads fill the buffer), with Linux's device numbers; and stdin,
 * stdout and stderr open at start.
 */
#include "ut.h"

#include <sys/sysmacros.h>

static void check_node(const char *path, unsigned int major_nr, unsigned int minor_nr)
{
	struct stat st;

	CHECK_OK(stat(path, &st));
	CHECK(S_ISCHR(st.st_mode));
	CHECK_EQ(major(st.st_rdev), major_nr);
	CHECK_EQ(minor(st.st_rdev), minor_nr);
}

static void check_null_zero_full(void)
{
	char buf[256];
	int fd, i, nonzero = 0;

	check_node("/dev/null", 1, 3);
	check_node("/dev/zero", 1, 5);
	check_node("/dev/full", 1, 7);
	check_node("/dev/random", 1, 8);
	check_node("/dev/urandom", 1, 9);

	fd = CHECK_OK(open("/dev/null", O_RDWR));
	CHECK_EQ(read(fd, buf, sizeof(buf)), 0);
	CHECK_EQ(write(fd, buf, sizeof(buf)), sizeof(buf));
	CHECK_EQ(lseek(fd, 0, SEEK_SET), 0);
	CHECK_OK(close(fd));

	fd = CHECK_OK(open("/dev/zero", O_RDWR));
	memset(buf, 'x', sizeof(buf));
	CHECK_EQ(read(fd, buf, sizeof(buf)), sizeof(buf));
	for (i = 0; i < (int)sizeof(buf); i++)
		nonzero |= buf[i];
	CHECK_EQ(nonzero, 0);
	CHECK_EQ(write(fd, buf, 10), 10);
	char *m = mmap(NULL, 8192, PROT_READ | PROT_WRITE, MAP_PRIVATE, fd, 0);
	CHECK(m != MAP_FAILED);
	CHECK_EQ(m[0] | m[8191], 0);
	m[100] = 1;
	CHECK_OK(munmap(m, 8192));
	CHECK_OK(close(fd));

	fd = CHECK_OK(open("/dev/full", O_RDWR));
	CHECK_ERR(write(fd, buf, 1), ENOSPC);
	CHECK_EQ(read(fd, buf, 16), 16);
	CHECK_EQ(buf[0] | buf[15], 0);
	CHECK_OK(close(fd));
	ut_ok("/dev/null, /dev/zero, /dev/full");
}

static void check_random(void)
{
	unsigned char a[64], b[64];
	int fd;

	fd = CHECK_OK(open("/dev/urandom", O_RDONLY));
	CHECK_EQ(read(fd, a, sizeof(a)), sizeof(a));
	CHECK_EQ(read(fd, b, sizeof(b)), sizeof(b));
	CHECK(memcmp(a, b, sizeof(a)) != 0);
	CHECK_OK(close(fd));
	fd = CHECK_OK(open("/dev/random", O_RDONLY));
	CHECK_EQ(read(fd, a, 16), 16);
	CHECK_OK(close(fd));
	ut_ok("/dev/urandom, /dev/random");
}

static void check_std_fds(void)
{
	/* The runner gives every test open stdin, stdout and stderr. */
	CHECK_OK(fcntl(0, F_GETFD));
	CHECK_OK(fcntl(1, F_GETFD));
	CHECK_OK(fcntl(2, F_GETFD));
	ut_ok("stdin, stdout and stderr are open");
}

int main(void)
{
	ut_begin("devices");
	check_null_zero_full();
	check_random();
	check_std_fds();
	return ut_pass();
}
