/*
 * core/sched/cpu.h - per-CPU state. Each CPU reaches its own struct cpu
 * through hal_cpu_local() (the tp register on riscv64), never through a
 * global "current" index. Fields are written only by their own CPU unless
 * marked otherwise.
 */
#ifndef RUX_SCHED_CPU_H
#define RUX_SCHED_CPU_H

#include <stdbool.h>
#include <stdint.h>

#include "hal/hal.h"

#define HZ 100 /* scheduler ticks per second */

struct thread;

struct cpu {
	unsigned int id;	/* logical number, 0 = boot CPU */
	uint64_t ticks;		/* timer ticks taken (read by others: READ_ONCE) */
	uint64_t next_tick_ns;	/* deadline of the next tick */
	uint64_t ipis;		/* IPIs taken */
	bool online;		/* set once by the CPU itself (read by others) */
	struct thread *current; /* thread running here (sched.c; changes only
				 * in schedule(), under this CPU's run-queue lock) */
};

extern struct cpu cpus[HAL_MAX_CPUS];

static inline struct cpu *this_cpu(void)
{
	return hal_cpu_local();
}

/* Make cpus[@id] the calling CPU's per-CPU structure and mark it online. */
void cpu_init_local(unsigned int id);
/* How many CPUs have called cpu_init_local(). */
unsigned int cpus_online(void);

/* Start the periodic tick on the calling CPU. */
void tick_start(void);

#endif /* RUX_SCHED_CPU_H */
