/*
 * tests/user/itimer.c - interval timers: setitimer(ITIMER_REAL) firing
 * SIGALRM periodically (five ticks of 20 ms take at least 100 ms),
 * getitimer reporting the time left and the interval, disarming with a zero
 * value, the old value returned by setitimer, EINVAL for a bad timer or
 * tv_usec, and timers not inherited by a fork child.
 */
#include "ut.h"

#include <signal.h>
#include <sys/time.h>
#include <time.h>

static volatile sig_atomic_t ticks;

static void on_alrm(int sig)
{
	(void)sig;
	ticks++;
}

static long long now_us(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000000LL + ts.tv_nsec / 1000;
}

static void check_periodic(void)
{
	struct itimerval it = { { 0, 20000 }, { 0, 20000 } }, cur, old;
	long long start;

	ticks = 0;
	signal(SIGALRM, on_alrm);
	start = now_us();
	CHECK_OK(setitimer(ITIMER_REAL, &it, NULL));
	CHECK_OK(getitimer(ITIMER_REAL, &cur));
	CHECK_EQ(cur.it_interval.tv_usec, 20000);
	CHECK(cur.it_value.tv_sec == 0 && cur.it_value.tv_usec <= 20000);
	while (ticks < 5)
		pause();
	CHECK(now_us() - start >= 100000);
	memset(&it, 0, sizeof(it));
	CHECK_OK(setitimer(ITIMER_REAL, &it, &old));	/* disarm */
	CHECK_EQ(old.it_interval.tv_usec, 20000);
	CHECK_OK(getitimer(ITIMER_REAL, &cur));
	CHECK(cur.it_value.tv_sec == 0 && cur.it_value.tv_usec == 0);
	signal(SIGALRM, SIG_DFL);
	ut_ok("periodic ITIMER_REAL, getitimer, disarm");
}

static void check_fork_and_errors(void)
{
	struct itimerval it = { { 0, 0 }, { 10, 0 } }, cur;
	pid_t pid;

	CHECK_OK(setitimer(ITIMER_REAL, &it, NULL));
	pid = CHECK_OK(fork());
	if (pid == 0) {
		getitimer(ITIMER_REAL, &cur);
		_exit(cur.it_value.tv_sec == 0 && cur.it_value.tv_usec == 0 ? 0 : 1);
	}
	CHECK_EXITED(ut_wait(pid), 0);
	memset(&it, 0, sizeof(it));
	CHECK_OK(setitimer(ITIMER_REAL, &it, NULL));
	CHECK_ERR(setitimer(99, &it, NULL), EINVAL);
	it.it_value.tv_usec = 1000000;
	CHECK_ERR(setitimer(ITIMER_REAL, &it, NULL), EINVAL);
	CHECK_ERR(getitimer(99, &cur), EINVAL);
	ut_ok("not inherited by fork; EINVAL");
}

int main(void)
{
	ut_begin("itimer");
	check_periodic();
	check_fork_and_errors();
	return ut_pass();
}
