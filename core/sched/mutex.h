/*
 * core/sched/mutex.h - sleeping locks for process context.
 *
 * A mutex is held by one thread at a time; a thread that finds it taken
 * sleeps (it does not spin) on a FIFO queue of waiters. mutex_unlock() hands
 * the mutex directly to the oldest waiter, so waiters are served in arrival
 * order and nobody can barge in between.
 *
 * Rules:
 *  - Only thread context may lock a mutex (never an interrupt handler, never
 *    with a spinlock held or interrupts disabled): mutex_lock() may sleep.
 *  - Only the owner unlocks, and a thread must not lock a mutex it already
 *    holds (both are bugs and panic).
 *  - mutex_trylock() never sleeps.
 *
 *	static struct mutex big;
 *	mutex_init(&big, "big");
 *	mutex_lock(&big);
 *	... touch what big protects ...
 *	mutex_unlock(&big);
 */
#ifndef RUX_SCHED_MUTEX_H
#define RUX_SCHED_MUTEX_H

#include <stdbool.h>

#include "lib/list.h"
#include "lib/spinlock.h"

struct thread;

struct mutex {
	struct spinlock wait_lock; /* protects owner and waiters */
	struct thread *owner;	   /* holder, NULL when free */
	struct list_head waiters;  /* sleeping lockers, oldest first */
	const char *name;
};

#define MUTEX_INIT(m, n)                                                                           \
	{                                                                                          \
		.wait_lock = SPINLOCK_INIT(n), .owner = NULL,                                      \
		.waiters = LIST_HEAD_INIT((m).waiters), .name = (n)                                \
	}

void mutex_init(struct mutex *m, const char *name);
/* Take @m, sleeping (uninterruptibly) until it is free. */
void mutex_lock(struct mutex *m);
/* Take @m; returns 0, or -EINTR if a signal arrived while waiting (then
 * the mutex is not held). */
int mutex_lock_interruptible(struct mutex *m);
/* Take @m if it is free right now; true on success. Never sleeps. */
bool mutex_trylock(struct mutex *m);
/* Release @m (the caller must own it); wakes the oldest waiter, if any. */
void mutex_unlock(struct mutex *m);
/* True while some thread holds @m (a snapshot; for assertions). */
bool mutex_is_locked(struct mutex *m);
/* True when the calling thread holds @m. */
bool mutex_is_owner(struct mutex *m);

#endif /* RUX_SCHED_MUTEX_H */
