/*
 * core/sched/thread.h - kernel threads and the scheduler's view of them.
 *
 * A struct thread is one flow of kernel execution: a kernel stack, the saved
 * registers of that flow while it is not running (struct hal_context), and
 * what the scheduler needs to pick it. Kernel threads (kthread_create) are
 * nothing more; a process's task (core/proc) will embed a struct thread and
 * set it up with thread_init().
 *
 * Life of a thread:
 *
 *	NEW --thread_start()--> RUNNABLE <--schedule()--> RUNNING
 *	RUNNING --sleep (wait_event, mutex, thread_sleep_ns)--> SLEEPING_*
 *	SLEEPING_* --thread_wake()--> RUNNABLE
 *	RUNNING --thread_exit() or fn returns--> DEAD
 *
 * Where a thread runs: thread_start() puts it on the least loaded CPU its
 * affinity mask allows; a wake-up puts it back on its CPU, or on an idle
 * allowed one when its own is busy. A running thread never changes CPU:
 * this_cpu() is stable until it calls schedule() or is preempted. Changing
 * the mask (sched_set_affinity) moves a thread off a CPU it no longer
 * allows; a running one leaves at its next switch.
 *
 * Fairness: vruntime grows by the CPU time received scaled by 1024/weight,
 * and the weight follows the nice value (-20..19) as on Linux, each step
 * about 1.25 times the CPU share of the next.
 *
 * References: kthread_create() and thread_init() return a thread holding
 * one reference, the caller's handle; thread_start() adds the thread's own,
 * which the scheduler drops once the thread is DEAD and switched away for
 * good. The caller drops its handle with thread_join() (waits for that) or
 * thread_put() (lets the thread run detached). The stack is freed with the
 * last reference, so never while it is in use.
 *
 * Locking: state, on_rq, cpu, vruntime, the timer fields, cpus_allowed,
 * nice and weight belong to the run queue of t->cpu and change under its
 * lock (sched.c); moving a thread to another queue holds both queues'
 * locks. One exception: the running thread itself moves RUNNING ->
 * SLEEPING_* before it calls schedule() (see thread_set_sleeping()).
 */
#ifndef RUX_SCHED_THREAD_H
#define RUX_SCHED_THREAD_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "hal/hal.h"
#include "lib/list.h"
#include "lib/rbtree.h"
#include "sched/cpu.h"

struct page;

#define THREAD_NAME_LEN	    16
#define THREAD_STACK_ORDER  2	      /* 16 KiB kernel stacks, from the buddy allocator */
#define THREAD_REF_RUNNING  (1 << 16) /* the started thread's own reference */
#define THREAD_STACK_CANARY 0x5ac4ca7a5ac4ca7aul /* lowest word of every stack */

#define SCHED_NICE_MIN	  (-20)
#define SCHED_NICE_MAX	  19
#define SCHED_NICE_0_LOAD 1024u /* the weight of nice 0 */
/* Every CPU number the machine could have: the default affinity mask. */
#define SCHED_CPUS_ALL (HAL_MAX_CPUS >= 64 ? ~0ull : (1ull << HAL_MAX_CPUS) - 1)
_Static_assert(HAL_MAX_CPUS <= 64, "an affinity mask is one 64-bit word");

enum thread_state {
	THREAD_NEW,			 /* created, not started */
	THREAD_RUNNABLE,		 /* on a run queue, waiting for its CPU */
	THREAD_RUNNING,			 /* cpus[t->cpu].current */
	THREAD_SLEEPING_INTERRUPTIBLE,	 /* waiting; a signal ends the wait too */
	THREAD_SLEEPING_UNINTERRUPTIBLE, /* waiting; only its event ends it */
	THREAD_DEAD,			 /* exited; waits for its last reference */
};

struct thread {
	struct hal_context ctx; /* saved registers while not running */
	enum thread_state state;
	unsigned int cpu;	       /* run queue it belongs to */
	bool on_rq;		       /* RUNNING or RUNNABLE: counted by its run queue */
	bool need_resched;	       /* set by tick/wake-up: give up the CPU soon */
	bool is_idle;		       /* the per-CPU idle thread */
	bool migrate_pending;	       /* RUNNING on a CPU it may no longer use: leave at
					* the next switch */
	uint64_t cpus_allowed;	       /* affinity: bit i set = may run on CPU i */
	struct list_head migrate_link; /* in a run queue's migrations while
					* between two CPUs */

	/* Fair scheduling: the run queue is ordered by vruntime, the CPU time
	 * (ns) the thread has had scaled by SCHED_NICE_0_LOAD / weight; the
	 * one that had least runs next. */
	int nice;	     /* SCHED_NICE_MIN .. SCHED_NICE_MAX */
	unsigned int weight; /* sched_nice_weight(nice) */
	uint64_t vruntime;
	uint64_t exec_start_ns; /* when it last got the CPU */
	uint64_t sum_exec_ns;	/* total CPU time */
	uint64_t slice_exec_ns; /* CPU time since it was last picked */
	struct rb_node rq_node; /* in the run queue's tree while RUNNABLE */

	/* thread_sleep_ns(): deadline and link in the CPU's timer list. */
	uint64_t wake_ns;
	struct list_head timer_link; /* empty when no timer is pending */

	void (*fn)(void *); /* body of the thread */
	void *arg;
	struct page *stack_page;	   /* kernel stack block (order THREAD_STACK_ORDER) */
	unsigned long *stack_canary;	   /* lowest stack word; overwritten = overflow */
	int refs;			   /* handles + THREAD_REF_RUNNING (atomic) */
	void (*release)(struct thread *t); /* frees an embedding structure, or NULL */
	char name[THREAD_NAME_LEN];
};

/* The thread running on this CPU (NULL before sched_init()). */
static inline struct thread *current_thread(void)
{
	return this_cpu()->current;
}

/* ---- creating, running, ending --------------------------------------- */

/*
 * A new kernel thread that will run @fn(@arg), named @name (truncated), in
 * state NEW; its struct thread lives at the bottom of its own stack block.
 * NULL when out of memory. Start it with thread_start().
 */
struct thread *kthread_create(void (*fn)(void *), void *arg, const char *name);
/* kthread_create() + thread_start(). */
struct thread *kthread_run(void (*fn)(void *), void *arg, const char *name);
/*
 * A service thread started at most once: kthread_run(@fn, NULL, @name) into
 * *@slot unless *@slot already holds one. 0, or -ENOMEM. Boot-time only:
 * two concurrent callers could both start one.
 */
int kthread_run_once(struct thread **slot, void (*fn)(void *), const char *name);
/*
 * Set up @t, embedded in a structure of the caller's, like kthread_create()
 * does, with a new kernel stack. When the last reference goes, the stack is
 * freed and then @release(@t) is called (may be NULL). 0 or -ENOMEM.
 */
int thread_init(struct thread *t, void (*fn)(void *), void *arg, const char *name,
		void (*release)(struct thread *t));
/* Make a NEW thread runnable on the least loaded CPU it may use. */
void thread_start(struct thread *t);
/* End the calling thread (returning from its fn does the same). */
__attribute__((noreturn)) void thread_exit(void);
/* Wait until @t is DEAD and switched away, then drop the caller's handle. */
void thread_join(struct thread *t);
/* Take / drop a reference to @t; the last drop frees it. */
void thread_get(struct thread *t);
void thread_put(struct thread *t);

/* ---- sleeping and waking --------------------------------------------- */

/*
 * First half of going to sleep: the running thread marks itself SLEEPING in
 * @state (interruptible or not), with a full barrier, so that a wake-up that
 * comes after this point is not lost. Then it checks its wake-up condition
 * and calls schedule() only if the condition is still false; afterwards it
 * calls thread_set_running(). Wait queues and mutexes do this for you.
 */
void thread_set_sleeping(enum thread_state state);
void thread_set_running(void);
/* Make @t RUNNABLE if it sleeps; true if it did. Any context. */
bool thread_wake(struct thread *t);
/* Sleep at least @ns nanoseconds (uninterruptibly). */
void thread_sleep_ns(uint64_t ns);
/* Sleep until hal_clock_ns() >= @deadline_ns (uninterruptibly). */
void sleep_until(uint64_t deadline_ns);
/*
 * schedule(), with a timer that wakes the thread at @deadline_ns if nothing
 * else does first. The caller has set its sleeping state (wait_prepare());
 * it may return early (any wake-up): callers re-check their condition.
 */
void schedule_until(uint64_t deadline_ns);
/*
 * True when @t has a signal to handle, which ends interruptible sleeps with
 * -EINTR. Implemented by the signal code (core/signal/task.c).
 */
bool thread_signal_pending(struct thread *t);

/* ---- affinity and nice ------------------------------------------------- */

/* The CPUs that take threads (online, idle thread ready), as a mask. */
uint64_t sched_cpus_online(void);
/*
 * Let @t run only on the CPUs in @mask (bits past the machine's CPUs are
 * dropped). A thread on a CPU it no longer may use moves: at once when
 * queued or asleep, at its next switch when running; the caller itself
 * has moved when this returns. -EINVAL when @mask has no online CPU or
 * @t is an idle thread. Thread context, no spinlock held.
 */
int sched_set_affinity(struct thread *t, uint64_t mask);
/* @t's affinity mask, restricted to the online CPUs. */
uint64_t sched_get_affinity(struct thread *t);
/* Set @t's nice value, clamped to SCHED_NICE_MIN..SCHED_NICE_MAX. Any
 * permission check is the caller's. */
void sched_set_nice(struct thread *t, int nice);
int sched_get_nice(struct thread *t);
/* A new thread @child inherits @parent's affinity and nice (fork, clone). */
void sched_fork(struct thread *child, struct thread *parent);
/* The load weight of @nice (Linux's table: 1024 at 0, 88761 at -20, 15 at
 * 19), and the vruntime that @delta_ns of CPU time costs at @weight. */
unsigned int sched_nice_weight(int nice);
uint64_t sched_vruntime_delta(uint64_t delta_ns, unsigned int weight);

/* ---- the scheduler ---------------------------------------------------- */

/*
 * Give the CPU to the next thread. A RUNNING caller stays runnable; a
 * SLEEPING_* one sleeps until woken; a DEAD one never returns. Thread
 * context only, no spinlock held.
 */
void schedule(void);
/* Let the other runnable threads of this CPU run before the caller again. */
void sched_yield_current(void);
/*
 * Safe point to preempt: the HAL calls this on the way out of an interrupt
 * that interrupted thread context with interrupts enabled (the trap frame on
 * that thread's stack). Switches away if the tick or a wake-up asked for it
 * (need_resched), unless the interrupted code holds a spinlock
 * (spin_locks_held()).
 */
void sched_preempt_point(void);

/* Boot CPU, after mm_init(): the running boot context becomes the thread
 * "boot" on CPU 0, and CPU 0 gets its idle thread. */
void sched_init(void);
/* Secondary CPU: the running context becomes this CPU's idle thread. */
void sched_init_cpu(void);
/* The idle loop of a CPU's idle thread (the caller must be it). */
__attribute__((noreturn)) void sched_idle_loop(void);

/* Called from trap_timer() with interrupts disabled (tick.c). */
void sched_tick(uint64_t now_ns);
/* Wake the sleepers of this CPU whose deadline passed; returns the next
 * pending deadline, or UINT64_MAX. Interrupts disabled. */
uint64_t sched_timers_expire(uint64_t now_ns);

#endif /* RUX_SCHED_THREAD_H */
