/*
 * tests/user/sched.c - scheduling and accounting: sched_getaffinity (at
 * least one CPU, and set back unchanged), pinning to one CPU (getcpu
 * agrees, fork inherits the mask, the raw call's size, bad masks and
 * pointers), nice values with getpriority/setpriority (raising is allowed,
 * lowering needs privilege, values clamp, the raw call answers 20 - nice;
 * inherited by fork; another process's, a process group's, a user's),
 * sched_yield, and CPU time: a child that spins for 100 ms shows up in
 * RUSAGE_CHILDREN and times() only after it has been waited for.
 */
#include "ut.h"

#include <sched.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <sys/times.h>
#include <time.h>

static void check_affinity(void)
{
	cpu_set_t set, again;

	CHECK_OK(sched_getaffinity(0, sizeof(set), &set));
	CHECK(CPU_COUNT(&set) >= 1);
	CHECK_OK(sched_setaffinity(0, sizeof(set), &set));
	CHECK_OK(sched_getaffinity(0, sizeof(again), &again));
	CHECK(CPU_EQUAL(&set, &again));
	CHECK_ERR(sched_getaffinity(0, 0, &set), EINVAL);
	CHECK_ERR(sched_getaffinity(99999999, sizeof(set), &set), ESRCH);
	CHECK_OK(sched_yield());
	ut_ok("sched_getaffinity, sched_setaffinity, sched_yield");
}

static int first_cpu(const cpu_set_t *set)
{
	for (int i = 0; i < CPU_SETSIZE; i++)
		if (CPU_ISSET(i, set))
			return i;
	return -1;
}

static void check_pinning(void)
{
	cpu_set_t all, one, got;
	unsigned int cpu = ~0u, node = ~0u;
	int first, pid;
	long size;

	CHECK_OK(sched_getaffinity(0, sizeof(all), &all));
	first = first_cpu(&all);
	CHECK(first >= 0 && first < 64);
	CPU_ZERO(&one);
	CPU_SET(first, &one);
	CHECK_OK(sched_setaffinity(0, sizeof(one), &one));
	CHECK_OK(sched_getaffinity(0, sizeof(got), &got));
	CHECK(CPU_EQUAL(&got, &one));
	CHECK_OK(syscall(SYS_getcpu, &cpu, &node, NULL));
	CHECK_EQ(cpu, first);
	CHECK_EQ(sched_getcpu(), first);
	pid = CHECK_OK(fork());
	if (pid == 0) {
		CPU_ZERO(&got);
		_exit(sched_getaffinity(0, sizeof(got), &got) == 0 && CPU_EQUAL(&got, &one) ? 0 : 1);
	}
	CHECK_EXITED(ut_wait(pid), 0);
	/* The raw call answers how many bytes the kernel's mask has. */
	size = syscall(SYS_sched_getaffinity, 0, sizeof(got), &got);
	CHECK(size >= 8 && size <= (long)sizeof(got) && size % 8 == 0);
	/* A mask shorter than the kernel's leaves the CPUs past it out. */
	CHECK_OK(syscall(SYS_sched_setaffinity, 0, 8, &all));
	CHECK_OK(sched_setaffinity(0, sizeof(all), &all));
	CHECK_OK(sched_getaffinity(0, sizeof(got), &got));
	CHECK(CPU_EQUAL(&got, &all));

	CPU_ZERO(&got);
	CHECK_ERR(sched_setaffinity(0, sizeof(got), &got), EINVAL);
	CHECK_ERR(sched_setaffinity(0, sizeof(all), ut_bad_ptr()), EFAULT);
	CHECK_ERR(sched_getaffinity(0, sizeof(all), ut_bad_ptr()), EFAULT);
	CHECK_ERR(sched_setaffinity(99999999, sizeof(all), &all), ESRCH);
	CHECK_ERR(syscall(SYS_sched_getaffinity, 0, 4, &got), EINVAL);
	CHECK_ERR(syscall(SYS_getcpu, ut_bad_ptr(), NULL, NULL), EFAULT);
	ut_ok("pinned to one CPU, getcpu, inherited by fork, bad masks");
}

static void check_nice(void)
{
	int before, pid;

	errno = 0;
	before = getpriority(PRIO_PROCESS, 0);
	CHECK_EQ(errno, 0);
	CHECK_OK(setpriority(PRIO_PROCESS, 0, before + 3));
	CHECK_EQ(getpriority(PRIO_PROCESS, 0), before + 3);
	pid = CHECK_OK(fork());
	if (pid == 0)
		_exit(getpriority(PRIO_PROCESS, 0) == before + 3 ? 0 : 1);
	CHECK_EXITED(ut_wait(pid), 0);
	CHECK_ERR(setpriority(99, 0, 0), EINVAL);
	CHECK_ERR(getpriority(PRIO_PROCESS, 99999999), ESRCH);
	ut_ok("getpriority, setpriority, inherited by fork");
}

/*
 * In a child without privilege: dropping root where we can (in a user
 * namespace we cannot, but there we lack CAP_SYS_NICE for the initial one
 * anyway), and RLIMIT_NICE 0 as Linux has by default.
 */
static void nice_rules_child(void)
{
	struct rlimit none = {0, 0};
	int nice;

	if (geteuid() == 0)
		(void)setuid(65534);
	CHECK_OK(setrlimit(RLIMIT_NICE, &none));
	errno = 0;
	nice = getpriority(PRIO_PROCESS, 0);
	CHECK_EQ(errno, 0);
	CHECK(nice <= 16);
	CHECK_EQ(syscall(SYS_getpriority, PRIO_PROCESS, 0), 20 - nice);

	/* A process group of its own: PRIO_PGRP reaches just this process. */
	CHECK_OK(setpgid(0, 0));
	CHECK_OK(setpriority(PRIO_PGRP, 0, nice + 1));
	CHECK_EQ(getpriority(PRIO_PROCESS, 0), nice + 1);
	CHECK_EQ(getpriority(PRIO_PGRP, getpgrp()), nice + 1);
	CHECK_ERR(getpriority(PRIO_PGRP, 99999999), ESRCH);
	CHECK_ERR(setpriority(PRIO_PGRP, 99999999, 0), ESRCH);
	/* Every process of our user: the lowest nice value wins. */
	errno = 0;
	CHECK(getpriority(PRIO_USER, 0) <= nice + 1);
	CHECK_EQ(errno, 0);

	/* Raising is allowed, lowering is not, equal is. */
	CHECK_OK(setpriority(PRIO_PROCESS, 0, nice + 3));
	CHECK_ERR(setpriority(PRIO_PROCESS, 0, nice + 2), EACCES);
	CHECK_ERR(setpriority(PRIO_PGRP, 0, nice), EACCES);
	CHECK_EQ(getpriority(PRIO_PROCESS, 0), nice + 3);
	CHECK_OK(setpriority(PRIO_PROCESS, 0, nice + 3));
	/* Out of range values clamp. */
	CHECK_OK(setpriority(PRIO_PROCESS, 0, 100));
	CHECK_EQ(getpriority(PRIO_PROCESS, 0), 19);
	CHECK_EQ(syscall(SYS_getpriority, PRIO_PROCESS, 0), 1);
	_exit(0);
}

static void check_nice_rules(void)
{
	int pid = CHECK_OK(fork());

	if (pid == 0)
		nice_rules_child();
	CHECK_EXITED(ut_wait(pid), 0);
	ut_ok("lowering nice needs privilege, clamping, PRIO_PGRP, PRIO_USER");
}

/* Another process's nice value, by pid: ours stays. */
static void check_nice_of_other(void)
{
	int fds[2], pid, mine;
	char c;

	errno = 0;
	mine = getpriority(PRIO_PROCESS, 0);
	CHECK_EQ(errno, 0);
	CHECK_OK(pipe(fds));
	pid = CHECK_OK(fork());
	if (pid == 0) {
		close(fds[1]);
		if (read(fds[0], &c, 1) != 1)
			_exit(2);
		_exit(getpriority(PRIO_PROCESS, 0) == mine + 2 ? 0 : 1);
	}
	close(fds[0]);
	CHECK_OK(setpriority(PRIO_PROCESS, pid, mine + 2));
	CHECK_EQ(getpriority(PRIO_PROCESS, pid), mine + 2);
	CHECK_EQ(getpriority(PRIO_PROCESS, 0), mine);
	CHECK_EQ(write(fds[1], "x", 1), 1);
	close(fds[1]);
	CHECK_EXITED(ut_wait(pid), 0);
	ut_ok("another process's nice value");
}

static long long cpu_ns(clockid_t clk)
{
	struct timespec ts;

	clock_gettime(clk, &ts);
	return ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

static void check_child_time(void)
{
	struct rusage before, after;
	struct tms t;
	pid_t pid;
	int status;
	long long used;

	CHECK_OK(getrusage(RUSAGE_CHILDREN, &before));
	pid = CHECK_OK(fork());
	if (pid == 0) {
		long long start = cpu_ns(CLOCK_PROCESS_CPUTIME_ID);

		while (cpu_ns(CLOCK_PROCESS_CPUTIME_ID) - start < 100000000LL)
			;
		_exit(0);
	}
	/* Not counted before it is waited for. */
	CHECK_EQ(waitid(P_PID, pid, &(siginfo_t){ 0 }, WEXITED | WNOWAIT), 0);
	CHECK_OK(getrusage(RUSAGE_CHILDREN, &after));
	CHECK_EQ(after.ru_utime.tv_sec * 1000000L + after.ru_utime.tv_usec,
		 before.ru_utime.tv_sec * 1000000L + before.ru_utime.tv_usec);
	CHECK_EQ(waitpid(pid, &status, 0), pid);
	CHECK_OK(getrusage(RUSAGE_CHILDREN, &after));
	used = (after.ru_utime.tv_sec - before.ru_utime.tv_sec) * 1000000LL +
	       (after.ru_utime.tv_usec - before.ru_utime.tv_usec) +
	       (after.ru_stime.tv_sec - before.ru_stime.tv_sec) * 1000000LL +
	       (after.ru_stime.tv_usec - before.ru_stime.tv_usec);
	CHECK(used >= 80000);	/* about 100 ms of CPU, ticks are coarse */
	CHECK(times(&t) != (clock_t)-1);
	CHECK(t.tms_cutime + t.tms_cstime >= 5);	/* in 1/100 s */
	ut_ok("a child's CPU time counted once waited for");
}

int main(void)
{
	ut_begin("sched");
	check_affinity();
	check_pinning();
	check_nice();
	check_nice_rules();
	check_nice_of_other();
	check_child_time();
	return ut_pass();
}
