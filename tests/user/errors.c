/*
 * tests/user/errors.c - argument checking at the system call boundary: EFAULT
 * for a bad pointer in every pointer argument tried (a PROT_NONE page, NULL and
 * a kernel-half address), EBADF for closed and out-of-range descriptors, and
 * EINVAL for bad flags and values. Nothing here may crash the process or the
 * kernel.
 */
#include "ut.h"

#include <poll.h>
#include <signal.h>
#include <sys/random.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <sys/uio.h>
#include <sys/utsname.h>
#include <time.h>

static void check_efault(void *bad)
{
	struct iovec iov = { bad, 16 };
	struct stat st;
	char buf[16];
	int fd;

	fd = CHECK_OK(open("f", O_RDWR | O_CREAT | O_TRUNC, 0644));
	CHECK_EQ(write(fd, "0123456789abcdef", 16), 16);
	CHECK_EQ(lseek(fd, 0, SEEK_SET), 0);
	CHECK_ERR(read(fd, bad, 16), EFAULT);
	CHECK_ERR(write(fd, bad, 16), EFAULT);
	CHECK_ERR(pread(fd, bad, 16, 0), EFAULT);
	CHECK_ERR(pwrite(fd, bad, 16, 0), EFAULT);
	CHECK_ERR(readv(fd, bad, 1), EFAULT);
	CHECK_ERR(readv(fd, &iov, 1), EFAULT);
	CHECK_ERR(writev(fd, &iov, 1), EFAULT);
	/* musl copies stat results itself: the raw calls reach the kernel. */
	CHECK_ERR(syscall(SYS_fstat, fd, bad), EFAULT);
	CHECK_OK(close(fd));

	CHECK_ERR(open(bad, O_RDONLY), EFAULT);
	CHECK_ERR(syscall(SYS_newfstatat, AT_FDCWD, bad, &st, 0), EFAULT);
	CHECK_ERR(syscall(SYS_newfstatat, AT_FDCWD, "f", bad, 0), EFAULT);
	CHECK_ERR(mkdir(bad, 0755), EFAULT);
	CHECK_ERR(unlink(bad), EFAULT);
	CHECK_ERR(rename("f", bad), EFAULT);
	CHECK_ERR(symlink(bad, "s"), EFAULT);
	CHECK_ERR(readlink(bad, buf, sizeof(buf)), EFAULT);
	CHECK_ERR(chdir(bad), EFAULT);
	CHECK_ERR(pipe(bad), EFAULT);
	CHECK_ERR(uname(bad), EFAULT);
	CHECK_ERR(syscall(SYS_clock_gettime, CLOCK_MONOTONIC, bad), EFAULT);
	CHECK_ERR(getrandom(bad, 16, 0), EFAULT);
	CHECK_ERR(syscall(SYS_getrlimit, RLIMIT_NOFILE, bad), EFAULT);
	if (bad) {
		/* NULL is a valid argument to these: "no time", "no change". */
		CHECK_ERR(syscall(SYS_gettimeofday, bad, NULL), EFAULT);
		CHECK_ERR(syscall(SYS_rt_sigaction, SIGUSR1, bad, NULL, 8), EFAULT);
		CHECK_ERR(syscall(SYS_rt_sigprocmask, SIG_BLOCK, bad, NULL, 8), EFAULT);
	}
	CHECK_ERR(syscall(SYS_wait4, -1, bad, 0, NULL), ECHILD);
	CHECK_ERR(syscall(SYS_getcwd, bad, 64), EFAULT);
	CHECK_ERR(syscall(SYS_ppoll, bad, 1, NULL, NULL, 8), EFAULT);
	CHECK_OK(unlink("f"));
}

static void check_wait_efault(void *bad)
{
	pid_t pid = CHECK_OK(fork());

	if (pid == 0)
		_exit(0);
	CHECK_ERR(wait4(pid, bad, 0, NULL), EFAULT);
	/* Like Linux: the child was reaped before the status copy failed. */
	CHECK_ERR(waitpid(pid, NULL, 0), ECHILD);
}

static void check_ebadf(void)
{
	struct stat st;
	char c;

	CHECK_ERR(read(-1, &c, 1), EBADF);
	CHECK_ERR(read(999, &c, 1), EBADF);
	CHECK_ERR(write(1000000, &c, 1), EBADF);
	CHECK_ERR(close(-1), EBADF);
	CHECK_ERR(close(999), EBADF);
	CHECK_ERR(fstat(999, &st), EBADF);
	CHECK_ERR(lseek(999, 0, SEEK_SET), EBADF);
	CHECK_ERR(dup(999), EBADF);
	CHECK_ERR(dup2(999, 5), EBADF);
	CHECK_ERR(dup3(999, 5, 0), EBADF);
	CHECK_ERR(fcntl(999, F_GETFD), EBADF);
	CHECK_ERR(fchdir(999), EBADF);
	CHECK_ERR(ftruncate(999, 0), EBADF);
	CHECK_ERR(getdents(999, (void *)&st, sizeof(st)), EBADF);
	CHECK_ERR(openat(999, "x", O_RDONLY), EBADF);
	CHECK_ERR(mkdirat(999, "x", 0755), EBADF);
	CHECK_ERR((long)mmap(NULL, 4096, PROT_READ, MAP_PRIVATE, 999, 0), EBADF);
	ut_ok("EBADF");
}

static void check_einval(void)
{
	struct timespec ts = { 0, 0 };
	unsigned long mask = 0;
	int p[2], fd;

	fd = CHECK_OK(open(".", O_RDONLY | O_DIRECTORY));
	CHECK_ERR(lseek(fd, 0, 77), EINVAL);
	CHECK_ERR(pipe2(p, 0x12345678), EINVAL);
	CHECK_ERR(dup3(fd, fd, 0), EINVAL);
	CHECK_ERR(fcntl(fd, 99999), EINVAL);
	CHECK_ERR(syscall(SYS_clock_gettime, 777, &ts), EINVAL);
	CHECK_ERR(kill(getpid(), 999), EINVAL);
	CHECK_ERR(syscall(SYS_rt_sigprocmask, 99, &mask, NULL, 8), EINVAL);
	CHECK_ERR(syscall(SYS_rt_sigaction, SIGUSR1, NULL, NULL, 3), EINVAL);
	CHECK_ERR((long)mmap(NULL, 0, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0), EINVAL);
	CHECK_ERR(getrandom(&ts, sizeof(ts), 0xff00), EINVAL);
	CHECK_ERR(syscall(SYS_wait4, -1, NULL, 0x12340000, NULL), EINVAL);
	CHECK_ERR(unlinkat(AT_FDCWD, "x", 0x4), EINVAL);
	CHECK_ERR(syscall(SYS_umount2, "/nonexistent", 0x80000000), EINVAL);
	CHECK_OK(close(fd));
	ut_ok("EINVAL");
}

static void check_enosys(void)
{
	/* A number no architecture uses: ENOSYS, and the process lives. */
	CHECK_ERR(syscall(4000), ENOSYS);
	CHECK_ERR(syscall(-1), ENOSYS);
	ut_ok("ENOSYS");
}

int main(void)
{
	ut_begin("errors");
	ut_scratch();
	check_efault(ut_bad_ptr());
	ut_ok("EFAULT from a PROT_NONE page");
	check_efault(NULL);
	ut_ok("EFAULT from NULL");
	check_efault((void *)0xffffffd000001000UL);
	ut_ok("EFAULT from a kernel address");
	check_wait_efault(ut_bad_ptr());
	ut_ok("EFAULT from wait4");
	check_ebadf();
	check_einval();
	check_enosys();
	return ut_pass();
}
