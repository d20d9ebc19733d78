/*
 * core/sched/wait.c - wait queues (see wait.h for the protocol).
 *
 * A waiter's entry stays queued from its first wait_prepare() until
 * wait_finish(); wake-ups do not remove it, they only make the thread
 * runnable, and it re-checks its condition. Locking: wq->lock (irqsave)
 * protects the list; thread_wake() takes a run-queue lock inside it.
 */
#include "sched/wait.h"
#include "lib/compiler.h"
#include "sched/thread.h"

void wait_queue_init(struct wait_queue *wq, const char *name)
{
	spin_lock_init(&wq->lock, name);
	list_init(&wq->waiters);
}

void wait_prepare(struct wait_queue *wq, struct wait_entry *e, bool interruptible)
{
	unsigned long flags = spin_lock_irqsave(&wq->lock);

	if (list_empty(&e->link)) {
		e->thread = current_thread();
		list_add_tail(&e->link, &wq->waiters);
	}
	thread_set_sleeping(interruptible ? THREAD_SLEEPING_INTERRUPTIBLE
					  : THREAD_SLEEPING_UNINTERRUPTIBLE);
	spin_unlock_irqrestore(&wq->lock, flags);
}

void wait_sleep(void)
{
	schedule();
}

void wait_finish(struct wait_queue *wq, struct wait_entry *e)
{
	unsigned long flags;

	thread_set_running();
	flags = spin_lock_irqsave(&wq->lock);
	if (!list_empty(&e->link))
		list_del_init(&e->link);
	spin_unlock_irqrestore(&wq->lock, flags);
}

void wake_up_all(struct wait_queue *wq)
{
	struct wait_entry *e;
	unsigned long flags;

	/* The condition the waker changed must be visible before we look. */
	__atomic_thread_fence(__ATOMIC_SEQ_CST);
	flags = spin_lock_irqsave(&wq->lock);
	list_for_each_entry(e, &wq->waiters, link)
	{
		thread_wake(e->thread);
	}
	spin_unlock_irqrestore(&wq->lock, flags);
}

void wake_up(struct wait_queue *wq)
{
	wake_up_all(wq);
}

bool wait_queue_active(struct wait_queue *wq)
{
	unsigned long flags = spin_lock_irqsave(&wq->lock);
	bool active = !list_empty(&wq->waiters);

	spin_unlock_irqrestore(&wq->lock, flags);
	return active;
}

bool wait_signal_pending(void)
{
	return thread_signal_pending(current_thread());
}
