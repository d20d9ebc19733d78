/*
 * tests/user/mm_switch.c - processes that preempt one another each run in
 * their own address space. Three processes (fork) spin on getpid() for a
 * while; after every call each one checks that a variable at the same
 * address in all of them still holds its own pid. The scheduler's tick
 * switches between them again and again, at every point of the way back to
 * user mode. (Rux once let a task be preempted after it had chosen its page
 * table but before it entered user mode: it then ran until its next trap on
 * the table of the task that ran in between, reading and writing that
 * task's memory.)
 */
#include "ut.h"

#include <stdbool.h>
#include <sys/syscall.h>
#include <time.h>

#define NR_CHILDREN 2
#define SPIN_NS	    1500000000ll /* long enough for a hundred-odd preemptions */
#define CALLS	    1000	 /* between two looks at the clock */

static volatile long owner; /* same address in every process, its own pid in each */

static long long monotonic_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000000000ll + ts.tv_nsec;
}

/* Spin until the time is up; false if @owner ever was not our pid. */
static bool spin_alone(void)
{
	long long end = monotonic_ns() + SPIN_NS;

	owner = syscall(SYS_getpid);
	while (monotonic_ns() < end)
		for (int i = 0; i < CALLS; i++)
			if (syscall(SYS_getpid) != owner)
				return false;
	return true;
}

int main(void)
{
	pid_t pids[NR_CHILDREN];

	ut_begin("mm_switch");
	for (int i = 0; i < NR_CHILDREN; i++) {
		pids[i] = CHECK_OK(fork());
		if (pids[i] == 0)
			_exit(spin_alone() ? 0 : 1);
	}
	CHECK(spin_alone());
	for (int i = 0; i < NR_CHILDREN; i++)
		CHECK_EXITED(ut_wait(pids[i]), 0);
	ut_ok("each process sees its own memory while they preempt one another");
	return ut_pass();
}
