/*
 * core/uapi/resource.h - resource limits (getrlimit/setrlimit/prlimit64),
 * resource usage (getrusage, wait4) and scheduling priorities.
 */
#ifndef RUX_UAPI_RESOURCE_H
#define RUX_UAPI_RESOURCE_H

#include "uapi/time.h"
#include "uapi/types.h"

#define RLIMIT_CPU		0	/* seconds of CPU time */
#define RLIMIT_FSIZE		1	/* largest file size */
#define RLIMIT_DATA		2
#define RLIMIT_STACK		3
#define RLIMIT_CORE		4
#define RLIMIT_RSS		5
#define RLIMIT_NPROC		6
#define RLIMIT_NOFILE		7
#define RLIMIT_MEMLOCK		8
#define RLIMIT_AS		9
#define RLIMIT_LOCKS		10
#define RLIMIT_SIGPENDING	11
#define RLIMIT_MSGQUEUE		12
#define RLIMIT_NICE		13
#define RLIMIT_RTPRIO		14
#define RLIMIT_RTTIME		15
#define RLIM_NLIMITS		16

#define RLIM_INFINITY		(~0ul)
#define RLIM64_INFINITY		(~0ull)

struct linux_rlimit {
	uint64_t rlim_cur;
	uint64_t rlim_max;
};

/* getrusage(2) who */
#define RUSAGE_SELF	0
#define RUSAGE_CHILDREN	(-1)
#define RUSAGE_THREAD	1

struct linux_rusage {
	struct linux_timeval ru_utime;
	struct linux_timeval ru_stime;
	int64_t ru_maxrss;		/* KiB */
	int64_t ru_ixrss;
	int64_t ru_idrss;
	int64_t ru_isrss;
	int64_t ru_minflt;
	int64_t ru_majflt;
	int64_t ru_nswap;
	int64_t ru_inblock;
	int64_t ru_oublock;
	int64_t ru_msgsnd;
	int64_t ru_msgrcv;
	int64_t ru_nsignals;
	int64_t ru_nvcsw;
	int64_t ru_nivcsw;
};

/* getpriority(2) / setpriority(2) */
#define PRIO_MIN	(-20)
#define PRIO_MAX	20
#define PRIO_PROCESS	0
#define PRIO_PGRP	1
#define PRIO_USER	2

#endif /* RUX_UAPI_RESOURCE_H */
