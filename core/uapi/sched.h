/*
 * core/uapi/sched.h - clone(2) / clone3(2) / unshare(2) flags, struct
 * linux_clone_args, and the scheduling policies of sched_setscheduler(2).
 *
 * riscv64 clone(2) argument order: flags, stack, parent_tid, tls, child_tid.
 */
#ifndef RUX_UAPI_SCHED_H
#define RUX_UAPI_SCHED_H

#include "uapi/types.h"

#define CSIGNAL			0x000000ff	/* exit signal (clone only) */
#define CLONE_NEWTIME		0x00000080
#define CLONE_VM		0x00000100
#define CLONE_FS		0x00000200
#define CLONE_FILES		0x00000400
#define CLONE_SIGHAND		0x00000800
#define CLONE_PIDFD		0x00001000
#define CLONE_PTRACE		0x00002000
#define CLONE_VFORK		0x00004000
#define CLONE_PARENT		0x00008000
#define CLONE_THREAD		0x00010000
#define CLONE_NEWNS		0x00020000
#define CLONE_SYSVSEM		0x00040000
#define CLONE_SETTLS		0x00080000
#define CLONE_PARENT_SETTID	0x00100000
#define CLONE_CHILD_CLEARTID	0x00200000
#define CLONE_DETACHED		0x00400000
#define CLONE_UNTRACED		0x00800000
#define CLONE_CHILD_SETTID	0x01000000
#define CLONE_NEWCGROUP		0x02000000
#define CLONE_NEWUTS		0x04000000
#define CLONE_NEWIPC		0x08000000
#define CLONE_NEWUSER		0x10000000
#define CLONE_NEWPID		0x20000000
#define CLONE_NEWNET		0x40000000
#define CLONE_IO		0x80000000
#define CLONE_CLEAR_SIGHAND	0x100000000ull	/* clone3 only */
#define CLONE_INTO_CGROUP	0x200000000ull	/* clone3 only */

/* clone3(2) argument; user space passes its size (VER0..VER2). */
struct linux_clone_args {
	uint64_t flags;
	uint64_t pidfd;			/* user address of an int */
	uint64_t child_tid;		/* user address */
	uint64_t parent_tid;		/* user address */
	uint64_t exit_signal;
	uint64_t stack;			/* lowest address of the stack */
	uint64_t stack_size;
	uint64_t tls;
	uint64_t set_tid;
	uint64_t set_tid_size;
	uint64_t cgroup;
};

#define CLONE_ARGS_SIZE_VER0	64
#define CLONE_ARGS_SIZE_VER1	80
#define CLONE_ARGS_SIZE_VER2	88

/* Scheduling policies. */
#define SCHED_NORMAL		0
#define SCHED_FIFO		1
#define SCHED_RR		2
#define SCHED_BATCH		3
#define SCHED_IDLE		5
#define SCHED_DEADLINE		6
#define SCHED_RESET_ON_FORK	0x40000000

#endif /* RUX_UAPI_SCHED_H */
