/*
 * core/uapi/time.h - time values and clocks of clock_gettime(2),
 * nanosleep(2), gettimeofday(2), setitimer(2) and timer_settime(2).
 * On 64-bit riscv every time_t is 64 bits wide.
 */
#ifndef RUX_UAPI_TIME_H
#define RUX_UAPI_TIME_H

#include "uapi/types.h"

struct linux_timespec {
	linux_time_t tv_sec;
	int64_t tv_nsec;
};

struct linux_timeval {
	linux_time_t tv_sec;
	int64_t tv_usec;
};

struct linux_itimerspec {
	struct linux_timespec it_interval;
	struct linux_timespec it_value;
};

struct linux_itimerval {
	struct linux_timeval it_interval;
	struct linux_timeval it_value;
};

struct linux_timezone {
	int32_t tz_minuteswest;
	int32_t tz_dsttime;
};

/* times(2) */
struct linux_tms {
	linux_clock_t tms_utime;
	linux_clock_t tms_stime;
	linux_clock_t tms_cutime;
	linux_clock_t tms_cstime;
};

/* Clock ids. */
#define CLOCK_REALTIME			0
#define CLOCK_MONOTONIC			1
#define CLOCK_PROCESS_CPUTIME_ID	2
#define CLOCK_THREAD_CPUTIME_ID		3
#define CLOCK_MONOTONIC_RAW		4
#define CLOCK_REALTIME_COARSE		5
#define CLOCK_MONOTONIC_COARSE		6
#define CLOCK_BOOTTIME			7
#define CLOCK_REALTIME_ALARM		8
#define CLOCK_BOOTTIME_ALARM		9
#define CLOCK_TAI			11

/* clock_nanosleep(2) / timer_settime(2) flag. */
#define TIMER_ABSTIME	0x01

/* setitimer(2) timers. */
#define ITIMER_REAL	0
#define ITIMER_VIRTUAL	1
#define ITIMER_PROF	2

/* The tick rate user space sees in clock_t values (AT_CLKTCK). */
#define USER_HZ		100

#endif /* RUX_UAPI_TIME_H */
