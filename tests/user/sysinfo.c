/*
 * tests/user/sysinfo.c - small system calls about the process and the system:
 * uname (sysname "Linux", machine "riscv64"), getrandom (fills the buffer, two
 * calls differ, GRND_NONBLOCK, EINVAL for unknown flags), getrlimit/setrlimit/
 * prlimit (RLIMIT_NOFILE enforced with EMFILE, soft above hard is EINVAL),
 * getpid/gettid, the uid/gid family, umask, prctl(PR_SET_NAME), sysinfo, times,
 * getrusage, and sched_getaffinity.
 */
#include "ut.h"

#include <sched.h>
#include <sys/prctl.h>
#include <sys/random.h>
#include <sys/resource.h>
#include <sys/sysinfo.h>
#include <sys/times.h>
#include <sys/utsname.h>

static void check_uname(void)
{
	struct utsname u;

	CHECK_OK(uname(&u));
	CHECK_STR(u.sysname, "Linux");
	CHECK_STR(u.machine, "riscv64");
	CHECK(u.release[0] != 0);
	CHECK(u.version[0] != 0);
	CHECK(u.nodename[0] != 0);
	ut_ok("uname");
}

static void check_getrandom(void)
{
	unsigned char a[64], b[64];
	int i, zero = 0;

	memset(a, 0, sizeof(a));
	CHECK_EQ(getrandom(a, sizeof(a), 0), sizeof(a));
	CHECK_EQ(getrandom(b, sizeof(b), GRND_NONBLOCK), sizeof(b));
	CHECK(memcmp(a, b, sizeof(a)) != 0);
	for (i = 0; i < 64; i++)
		zero += a[i] == 0;
	CHECK(zero < 16);
	CHECK_EQ(getrandom(a, 0, 0), 0);
	CHECK_ERR(getrandom(a, 8, 0x1000), EINVAL);
	CHECK_ERR(getrandom(ut_bad_ptr(), 8, 0), EFAULT);
	ut_ok("getrandom");
}

static void check_rlimits(void)
{
	struct rlimit rl, old, got;
	int fds[8], i, n = 0;

	CHECK_OK(getrlimit(RLIMIT_NOFILE, &old));
	CHECK(old.rlim_cur > 0 && old.rlim_cur <= old.rlim_max);
	CHECK_OK(getrlimit(RLIMIT_STACK, &rl));
	CHECK(rl.rlim_cur >= 64 * 1024);

	/* With 8 descriptors allowed, fds 0..7 exist at most. */
	rl.rlim_cur = 8;
	rl.rlim_max = old.rlim_max;
	CHECK_OK(setrlimit(RLIMIT_NOFILE, &rl));
	CHECK_OK(prlimit(0, RLIMIT_NOFILE, NULL, &got));
	CHECK_EQ(got.rlim_cur, 8);
	/* Plain calls: how many succeed depends on the fds inherited. */
	for (i = 0; i < 8; i++) {
		fds[n] = open("/dev/null", O_RDONLY);
		if (fds[n] < 0)
			break;
		if (fds[n] >= 8)
			UT_FAIL("open returned fd %d over RLIMIT_NOFILE 8", fds[n]);
		n++;
	}
	CHECK(i < 8);
	CHECK_EQ(errno, EMFILE);
	CHECK_ERR(dup(0), EMFILE);
	CHECK_ERR(dup2(0, 8), EBADF);
	while (n > 0)
		close(fds[--n]);
	CHECK_OK(setrlimit(RLIMIT_NOFILE, &old));

	rl.rlim_cur = old.rlim_max;
	rl.rlim_max = old.rlim_max;
	if (old.rlim_max != RLIM_INFINITY) {
		rl.rlim_cur = old.rlim_max + 1;
		CHECK_ERR(setrlimit(RLIMIT_NOFILE, &rl), EINVAL);
	}
	CHECK_ERR(getrlimit(1000, &rl), EINVAL);
	ut_ok("getrlimit, setrlimit, prlimit, EMFILE");
}

static void check_ids(void)
{
	struct sysinfo si;
	struct rusage ru;
	struct tms t;
	cpu_set_t cpus;
	char name[32];
	mode_t old;

	CHECK(getpid() > 0);
	CHECK_EQ(gettid(), getpid());	/* the main thread */
	CHECK(getppid() >= 0);
	CHECK_EQ(getuid(), geteuid());
	CHECK_EQ(getgid(), getegid());
	CHECK(getgroups(0, NULL) >= 0);

	old = umask(027);
	CHECK_EQ(umask(old), 027);
	umask(027);
	ut_write_file("masked", "");
	struct stat st;
	CHECK_OK(stat("masked", &st));
	CHECK_EQ(st.st_mode & 0777, 0640);
	umask(old);

	CHECK_OK(prctl(PR_SET_NAME, "rux-sysinfo", 0, 0, 0));
	CHECK_OK(prctl(PR_GET_NAME, name, 0, 0, 0));
	CHECK_STR(name, "rux-sysinfo");

	CHECK_OK(sysinfo(&si));
	CHECK(si.totalram > 0);
	CHECK(si.procs > 0);
	CHECK(times(&t) != (clock_t)-1);
	CHECK_OK(getrusage(RUSAGE_SELF, &ru));
	CHECK_OK(getrusage(RUSAGE_CHILDREN, &ru));
	CHECK_ERR(getrusage(12345, &ru), EINVAL);
	CHECK_OK(sched_getaffinity(0, sizeof(cpus), &cpus));
	CHECK(CPU_COUNT(&cpus) >= 1);
	CHECK_OK(sched_yield());
	ut_ok("ids, umask, prctl, sysinfo, times, getrusage, affinity");
}

int main(void)
{
	ut_begin("sysinfo");
	ut_scratch();
	check_uname();
	check_getrandom();
	check_rlimits();
	check_ids();
	return ut_pass();
}
