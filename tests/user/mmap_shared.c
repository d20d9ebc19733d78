/*
 * tests/user/mmap_shared.c - writable MAP_SHARED file mappings: stores are
 * the file's data (read() sees them at once, write() shows in the
 * mapping), a fork child's stores are seen by the parent, msync, munmap
 * and a reopen keep them; a hole written through the mapping; EACCES for
 * PROT_WRITE on a descriptor not open for writing (mmap and mprotect);
 * SIGBUS past the file's last page; msync's EINVAL and ENOMEM.
 *
 *	mmap_shared [DIR]   work in a fresh directory under DIR (default /tmp),
 *	                    so the ext4 QEMU test can run it on ext4.
 */
#include "ut.h"

#include <setjmp.h>
#include <signal.h>

#define PAGE 4096L

static sigjmp_buf env;

static void on_bus(int sig)
{
	siglongjmp(env, sig);
}

/* A file of @size bytes of 'a'. */
static int make_file(const char *path, long size)
{
	int fd = CHECK_OK(open(path, O_RDWR | O_CREAT | O_TRUNC, 0644));
	char buf[PAGE];

	memset(buf, 'a', sizeof(buf));
	for (long off = 0; off < size; off += PAGE)
		CHECK_EQ(pwrite(fd, buf, (size_t)(size - off < PAGE ? size - off : PAGE), off),
			 size - off < PAGE ? size - off : PAGE);
	return fd;
}

static char *map_rw(int fd, long len)
{
	char *p = mmap(NULL, (size_t)len, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);

	CHECK(p != MAP_FAILED);
	return p;
}

static void check_stores_are_the_file(void)
{
	int fd = make_file("f", 2 * PAGE), status;
	char *p = map_rw(fd, 2 * PAGE), buf[8];
	pid_t pid;

	memcpy(p + 100, "mapped", 6);
	CHECK_EQ(pread(fd, buf, 6, 100), 6);
	CHECK(memcmp(buf, "mapped", 6) == 0);
	CHECK_EQ(pwrite(fd, "W", 1, PAGE + 1), 1);
	CHECK_EQ(p[PAGE + 1], 'W');
	pid = CHECK_OK(fork());
	if (pid == 0) {
		memcpy(p + PAGE + 2, "child", 5);
		_exit(0);
	}
	status = ut_wait(pid);
	CHECK_EXITED(status, 0);
	CHECK(memcmp(p + PAGE + 2, "child", 5) == 0);
	CHECK_OK(msync(p, 2 * PAGE, MS_SYNC));
	CHECK_OK(msync(p, 2 * PAGE, MS_ASYNC | MS_INVALIDATE));
	CHECK_OK(munmap(p, 2 * PAGE));
	CHECK_OK(close(fd));
	fd = CHECK_OK(open("f", O_RDONLY));
	CHECK_EQ(pread(fd, buf, 6, 100), 6);
	CHECK(memcmp(buf, "mapped", 6) == 0);
	CHECK_EQ(pread(fd, buf, 7, PAGE + 1), 7);
	CHECK(memcmp(buf, "Wchild", 6) == 0);
	CHECK_OK(close(fd));
	ut_ok("stores are the file's data, shared with a child, kept after munmap");
}

static void check_hole(void)
{
	int fd = CHECK_OK(open("sparse", O_RDWR | O_CREAT | O_TRUNC, 0644));
	char *p, buf[4];
	struct stat st;

	CHECK_OK(ftruncate(fd, 3 * PAGE));
	p = map_rw(fd, 3 * PAGE);
	CHECK_EQ(p[PAGE], 0);
	p[PAGE + 7] = 'h';
	CHECK_OK(munmap(p, 3 * PAGE));
	CHECK_OK(fsync(fd));
	CHECK_OK(close(fd));
	fd = CHECK_OK(open("sparse", O_RDONLY));
	CHECK_OK(fstat(fd, &st));
	CHECK_EQ(st.st_size, 3 * PAGE);
	CHECK_EQ(pread(fd, buf, 2, PAGE + 6), 2);
	CHECK(buf[0] == 0 && buf[1] == 'h');
	CHECK_OK(close(fd));
	ut_ok("a hole written through the mapping");
}

static void check_access(void)
{
	int fd;
	char *p;

	close(make_file("ro", PAGE));
	fd = CHECK_OK(open("ro", O_RDONLY));
	CHECK_ERR((long)mmap(NULL, PAGE, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0), EACCES);
	p = mmap(NULL, PAGE, PROT_READ, MAP_SHARED, fd, 0);
	CHECK(p != MAP_FAILED);
	CHECK_ERR(mprotect(p, PAGE, PROT_READ | PROT_WRITE), EACCES);
	CHECK_OK(munmap(p, PAGE));
	/* A private mapping may be written: the stores stay private. */
	p = mmap(NULL, PAGE, PROT_READ | PROT_WRITE, MAP_PRIVATE, fd, 0);
	CHECK(p != MAP_FAILED);
	CHECK_OK(munmap(p, PAGE));
	CHECK_OK(close(fd));
	fd = CHECK_OK(open("ro", O_WRONLY));
	CHECK_ERR((long)mmap(NULL, PAGE, PROT_READ, MAP_SHARED, fd, 0), EACCES);
	CHECK_OK(close(fd));
	ut_ok("EACCES without read or write access");
}

static void check_sigbus(void)
{
	struct sigaction sa = {.sa_handler = on_bus};
	int fd = make_file("short", PAGE + 10);
	char *p = map_rw(fd, 3 * PAGE);
	volatile int sig;

	CHECK_OK(sigaction(SIGBUS, &sa, NULL));
	p[PAGE + 20] = 'x'; /* inside the last page: mapped, not in the file */
	sig = sigsetjmp(env, 1);
	if (sig == 0) {
		p[2 * PAGE] = 'x';
		CHECK(!"no SIGBUS past the last page");
	}
	CHECK_EQ(sig, SIGBUS);
	CHECK_OK(munmap(p, 3 * PAGE));
	CHECK_OK(close(fd));
	ut_ok("SIGBUS past the file's last page");
}

static void check_msync_errors(void)
{
	int fd = make_file("m", PAGE);
	char *p = map_rw(fd, 2 * PAGE);

	CHECK_ERR(msync(p + 1, PAGE, MS_SYNC), EINVAL);
	CHECK_ERR(msync(p, PAGE, MS_SYNC | MS_ASYNC), EINVAL);
	CHECK_ERR(msync(p, PAGE, 0x100), EINVAL);
	CHECK_OK(munmap(p + PAGE, PAGE));
	CHECK_ERR(msync(p, 2 * PAGE, MS_SYNC), ENOMEM);
	CHECK_OK(msync(p, PAGE, 0));
	CHECK_OK(munmap(p, PAGE));
	CHECK_OK(close(fd));
	ut_ok("msync: EINVAL, ENOMEM");
}

int main(int argc, char **argv)
{
	ut_begin("mmap_shared");
	if (argc > 1) {
		snprintf(ut_dir, sizeof(ut_dir), "%s/rux-mmap_shared-XXXXXX", argv[1]);
		CHECK(mkdtemp(ut_dir) != NULL);
		CHECK_OK(chdir(ut_dir));
	} else {
		ut_scratch();
	}
	check_stores_are_the_file();
	check_hole();
	check_access();
	check_sigbus();
	check_msync_errors();
	return ut_pass();
}
