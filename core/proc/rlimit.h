/*
 * core/proc/rlimit.h - resource limits of the running process, for the
 * subsystems that enforce them (fd table: RLIMIT_NOFILE, fork:
 * RLIMIT_NPROC, exec: RLIMIT_STACK), and CPU time accounting.
 */
#ifndef RUX_PROC_RLIMIT_H
#define RUX_PROC_RLIMIT_H

#include <stdbool.h>
#include <stdint.h>

#include "uapi/resource.h"

#define RLIMIT_STACK_DEFAULT (8ull << 20) /* 8 MiB, as on Linux */
#define RLIMIT_NPROC_DEFAULT 2048	  /* what Linux computes for ~512 MiB of RAM */

struct process;

/* The soft limit @resource (RLIMIT_*) of the running process (infinity in
 * a kernel thread). */
uint64_t rlimit_get(int resource);
/* The setrlimit(2) rules: may a limit go from @old to @new? 0, -EINVAL or
 * -EPERM. */
int rlimit_check(const struct linux_rlimit *old, const struct linux_rlimit *new, int resource,
		 bool privileged);
/* CPU nanoseconds used by @p's threads, living and exited. */
uint64_t proc_cpu_ns(struct process *p);

#endif /* RUX_PROC_RLIMIT_H */
