/*
 * tests/user/time.c - clocks and sleeping: clock_gettime for CLOCK_REALTIME,
 * MONOTONIC (never going back), BOOTTIME, PROCESS/THREAD_CPUTIME_ID;
 * clock_getres; gettimeofday and time agreeing with CLOCK_REALTIME; nanosleep
 * and clock_nanosleep (relative and TIMER_ABSTIME) sleeping at least as long as
 * asked and not much longer; EINVAL for bad clocks and bad tv_nsec.
 */
#include "ut.h"

#include <sys/time.h>
#include <time.h>

static long long ns(const struct timespec *ts)
{
	return ts->tv_sec * 1000000000LL + ts->tv_nsec;
}

static long long now(clockid_t clk)
{
	struct timespec ts;

	CHECK_OK(clock_gettime(clk, &ts));
	CHECK(ts.tv_nsec >= 0 && ts.tv_nsec < 1000000000);
	return ns(&ts);
}

static void check_clocks(void)
{
	static const clockid_t clocks[] = {
		CLOCK_REALTIME, CLOCK_MONOTONIC, CLOCK_BOOTTIME,
		CLOCK_MONOTONIC_RAW, CLOCK_REALTIME_COARSE, CLOCK_MONOTONIC_COARSE,
		CLOCK_PROCESS_CPUTIME_ID, CLOCK_THREAD_CPUTIME_ID,
	};
	struct timespec res;
	long long prev, t;
	unsigned int i;

	for (i = 0; i < sizeof(clocks) / sizeof(clocks[0]); i++) {
		CHECK(now(clocks[i]) > 0);
		CHECK_OK(clock_getres(clocks[i], &res));
		CHECK(ns(&res) > 0 && ns(&res) <= 10000000);
	}
	/* 2020-01-01 < now < 2100-01-01: the RTC was read. */
	t = now(CLOCK_REALTIME) / 1000000000LL;
	CHECK(t > 1577836800LL && t < 4102444800LL);

	prev = now(CLOCK_MONOTONIC);
	for (i = 0; i < 1000; i++) {
		t = now(CLOCK_MONOTONIC);
		CHECK(t >= prev);
		prev = t;
	}
	CHECK_ERR(clock_gettime((clockid_t)1234, &res), EINVAL);
	CHECK_ERR(clock_getres((clockid_t)1234, &res), EINVAL);
	ut_ok("clock_gettime, clock_getres, monotonic order");
}

static void check_realtime_agree(void)
{
	struct timeval tv;
	long long a, b;
	time_t t;

	a = now(CLOCK_REALTIME) / 1000;
	CHECK_OK(gettimeofday(&tv, NULL));
	t = time(NULL);
	b = now(CLOCK_REALTIME) / 1000;
	CHECK(tv.tv_sec * 1000000LL + tv.tv_usec >= a);
	CHECK(tv.tv_sec * 1000000LL + tv.tv_usec <= b);
	CHECK(t >= a / 1000000 && t <= b / 1000000);
	CHECK(tv.tv_usec >= 0 && tv.tv_usec < 1000000);
	ut_ok("gettimeofday and time agree with CLOCK_REALTIME");
}

static void check_sleep(void)
{
	struct timespec ts = { 0, 50 * 1000 * 1000 };
	long long start, slept;

	start = now(CLOCK_MONOTONIC);
	CHECK_OK(nanosleep(&ts, NULL));
	slept = now(CLOCK_MONOTONIC) - start;
	CHECK(slept >= 50000000LL && slept < 2000000000LL);

	start = now(CLOCK_MONOTONIC);
	CHECK_EQ(clock_nanosleep(CLOCK_MONOTONIC, 0, &ts, NULL), 0);
	CHECK(now(CLOCK_MONOTONIC) - start >= 50000000LL);

	/* An absolute deadline 30 ms ahead, and one already past. */
	start = now(CLOCK_MONOTONIC);
	ts.tv_sec = (start + 30000000LL) / 1000000000LL;
	ts.tv_nsec = (start + 30000000LL) % 1000000000LL;
	CHECK_EQ(clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &ts, NULL), 0);
	CHECK(now(CLOCK_MONOTONIC) >= start + 30000000LL);
	ts.tv_sec = 0;
	CHECK_EQ(clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &ts, NULL), 0);

	ts.tv_sec = 0;
	ts.tv_nsec = 1000000000;
	CHECK_ERR(nanosleep(&ts, NULL), EINVAL);
	ts.tv_nsec = -1;
	CHECK_ERR(nanosleep(&ts, NULL), EINVAL);
	ts.tv_nsec = 0;
	CHECK_EQ(clock_nanosleep((clockid_t)1234, 0, &ts, NULL), EINVAL);
	CHECK_EQ(usleep(1000), 0);
	CHECK_EQ(sleep(0), 0);
	ut_ok("nanosleep, clock_nanosleep, EINVAL");
}

static void check_cputime(void)
{
	long long a = now(CLOCK_PROCESS_CPUTIME_ID), b;
	struct timespec ts;

	/* Not now(): the number of checks printed must not vary. */
	do
		clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
	while (ns(&ts) - a < 20000000LL);
	b = now(CLOCK_PROCESS_CPUTIME_ID);
	CHECK(b - a >= 20000000LL);
	ut_ok("CPU time advances while spinning");
}

int main(void)
{
	ut_begin("time");
	check_clocks();
	check_realtime_agree();
	check_sleep();
	check_cputime();
	return ut_pass();
}
