/*
 * tests/user/sched.c - scheduling and accounting: sched_getaffinity (at
 * least one CPU, and set back unchanged), nice values with getpriority/
 * setpriority (raising is allowed; the value is per process and inherited
 * by fork), sched_yield, and CPU time: a child that spins for 100 ms shows
 * up in RUSAGE_CHILDREN and times() only after it has been waited for.
 */
#include "ut.h"

#include <sched.h>
#include <sys/resource.h>
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
	check_nice();
	check_child_time();
	return ut_pass();
}
