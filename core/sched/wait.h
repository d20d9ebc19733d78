/*
 * core/sched/wait.h - wait queues: sleep until a condition becomes true.
 *
 * A waiter queues itself, marks itself sleeping, and only then tests its
 * condition; a waker makes the condition true and then calls wake_up(). In
 * that order a wake-up can never fall between the test and the sleep.
 *
 *	wait_event(pipe->readers_wq, pipe->len > 0);      reader
 *	pipe->len += n; wake_up(&pipe->readers_wq);       writer
 *
 * The condition is evaluated again after every wake-up with no lock held
 * and the thread marked sleeping, so it must not sleep itself: read shared
 * data with READ_ONCE() or take a spinlock inside a helper.
 *
 * All waits are non-exclusive, as wait_event() is in Linux: wake_up() and
 * wake_up_all() both wake every waiter, and each one re-checks. Both may be
 * called from any context, interrupt handlers included.
 *
 * Locking: wq->lock (irqsave) protects the list. Lock order: a wait-queue
 * lock may be held while a run-queue lock is taken, never the other way.
 */
#ifndef RUX_SCHED_WAIT_H
#define RUX_SCHED_WAIT_H

#include <stdbool.h>

#include "hal/hal.h"
#include "lib/list.h"
#include "lib/spinlock.h"
#include "uapi/errno.h"

struct thread;
/* sched/thread.h (which includes this file), for wait_event_deadline(). */
void schedule_until(uint64_t deadline_ns);

struct wait_queue {
	struct spinlock lock;
	struct list_head waiters; /* struct wait_entry.link, oldest first */
};

/* One sleeping thread on a wait queue; lives on the waiter's stack. */
struct wait_entry {
	struct list_head link; /* empty while not queued */
	struct thread *thread;
};

#define WAIT_QUEUE_INIT(wq, n)                                                                     \
	{                                                                                          \
		.lock = SPINLOCK_INIT(n), .waiters = LIST_HEAD_INIT((wq).waiters)                  \
	}

void wait_queue_init(struct wait_queue *wq, const char *name);
/* Queue @e (once) for the current thread and mark it sleeping. */
void wait_prepare(struct wait_queue *wq, struct wait_entry *e, bool interruptible);
/* Leave @wq and be RUNNING again, whatever ended the wait. */
void wait_finish(struct wait_queue *wq, struct wait_entry *e);
/* Sleep until woken (the body of the wait_event loop). */
void wait_sleep(void);
/* Wake every thread waiting on @wq. */
void wake_up_all(struct wait_queue *wq);
/* The same as wake_up_all() (waits are not exclusive); the Linux name. */
void wake_up(struct wait_queue *wq);
/* True when some thread waits on @wq (a snapshot). */
bool wait_queue_active(struct wait_queue *wq);

/* Sleep, uninterruptibly, until @cond is true. */
#define wait_event(wq, cond)                                                                       \
	do {                                                                                       \
		struct wait_entry __we = {LIST_HEAD_INIT(__we.link), NULL};                        \
		for (;;) {                                                                         \
			wait_prepare(&(wq), &__we, false);                                         \
			if (cond)                                                                  \
				break;                                                             \
			wait_sleep();                                                              \
		}                                                                                  \
		wait_finish(&(wq), &__we);                                                         \
	} while (0)

/* Sleep until @cond is true (0) or a signal is pending (-EINTR). */
#define wait_event_interruptible(wq, cond)                                                         \
	({                                                                                         \
		struct wait_entry __we = {LIST_HEAD_INIT(__we.link), NULL};                        \
		int __ret = 0;                                                                     \
		for (;;) {                                                                         \
			wait_prepare(&(wq), &__we, true);                                          \
			if (cond)                                                                  \
				break;                                                             \
			if (wait_signal_pending()) {                                               \
				__ret = -EINTR;                                                    \
				break;                                                             \
			}                                                                          \
			wait_sleep();                                                              \
		}                                                                                  \
		wait_finish(&(wq), &__we);                                                         \
		__ret;                                                                             \
	})

/*
 * Sleep, uninterruptibly, until @cond is true or hal_clock_ns() reaches
 * @deadline_ns, whichever comes first.
 */
#define wait_event_deadline(wq, cond, deadline_ns)                                                 \
	do {                                                                                       \
		struct wait_entry __we = {LIST_HEAD_INIT(__we.link), NULL};                        \
		uint64_t __deadline = (deadline_ns);                                               \
		for (;;) {                                                                         \
			wait_prepare(&(wq), &__we, false);                                         \
			if ((cond) || hal_clock_ns() >= __deadline)                                \
				break;                                                             \
			schedule_until(__deadline);                                                \
		}                                                                                  \
		wait_finish(&(wq), &__we);                                                         \
	} while (0)

/* thread_signal_pending(current_thread()). */
bool wait_signal_pending(void);

#endif /* RUX_SCHED_WAIT_H */
