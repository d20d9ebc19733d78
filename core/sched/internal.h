/* core/sched/internal.h - what the files of core/sched share, and no one else. */
#ifndef RUX_SCHED_INTERNAL_H
#define RUX_SCHED_INTERNAL_H

#include "sched/thread.h"

/* thread.c hands this to hal_context_init() for every new thread. */
void sched_thread_entry(void *arg);
/* Mark the caller DEAD and leave the CPU for good (thread.c: thread_exit). */
__attribute__((noreturn)) void sched_exit_current(void);
/* Drop @t's THREAD_REF_RUNNING and wake joiners (thread.c; after its last switch). */
void thread_reap(struct thread *t);
/* Arm this CPU's timer for @deadline_ns or the next tick, whichever is first
 * (tick.c). Interrupts disabled. */
void tick_arm(uint64_t deadline_ns);

#endif /* RUX_SCHED_INTERNAL_H */
