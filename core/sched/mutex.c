/*
 * core/sched/mutex.c - sleeping locks with FIFO hand-off (see mutex.h).
 *
 * An unlock with waiters does not free the mutex: it makes the oldest waiter
 * the owner and wakes it, so the order of acquisition is the order of
 * arrival. A waiter is a struct mutex_waiter on its own stack, queued on
 * m->waiters until it is granted the mutex or gives up (signal).
 *
 * Locking: m->wait_lock (irqsave) protects owner and waiters; it is held
 * while the waiter is woken (thread_wake() takes a run-queue lock), so a
 * waiter cannot leave while its unlocker still looks at it.
 */
#include "sched/mutex.h"
#include "lib/compiler.h"
#include "lib/panic.h"
#include "sched/thread.h"
#include "uapi/errno.h"

struct mutex_waiter {
	struct list_head link; /* in m->waiters */
	struct thread *thread;
	bool granted; /* the unlocker made us the owner */
};

void mutex_init(struct mutex *m, const char *name)
{
	spin_lock_init(&m->wait_lock, name);
	m->owner = NULL;
	list_init(&m->waiters);
	m->name = name;
}

static int mutex_lock_common(struct mutex *m, bool interruptible)
{
	struct thread *self = current_thread();
	struct mutex_waiter w = {.thread = self, .granted = false};
	unsigned long flags;
	int ret = 0;

	BUG_ON(!self);
	flags = spin_lock_irqsave(&m->wait_lock);
	if (m->owner == self)
		panic("mutex: '%s' locks '%s' it already holds", self->name, m->name);
	if (!m->owner) {
		m->owner = self;
		goto out_unlock;
	}
	list_add_tail(&w.link, &m->waiters);
	for (;;) {
		thread_set_sleeping(interruptible ? THREAD_SLEEPING_INTERRUPTIBLE
						  : THREAD_SLEEPING_UNINTERRUPTIBLE);
		spin_unlock_irqrestore(&m->wait_lock, flags);
		schedule();
		flags = spin_lock_irqsave(&m->wait_lock);
		if (w.granted)
			break;
		if (interruptible && thread_signal_pending(self)) {
			list_del(&w.link);
			ret = -EINTR;
			break;
		}
	}
out_unlock:
	spin_unlock_irqrestore(&m->wait_lock, flags);
	return ret;
}

void mutex_lock(struct mutex *m)
{
	mutex_lock_common(m, false);
}

int mutex_lock_interruptible(struct mutex *m)
{
	return mutex_lock_common(m, true);
}

bool mutex_trylock(struct mutex *m)
{
	unsigned long flags = spin_lock_irqsave(&m->wait_lock);
	bool taken = m->owner == NULL;

	if (taken)
		m->owner = current_thread();
	spin_unlock_irqrestore(&m->wait_lock, flags);
	return taken;
}

void mutex_unlock(struct mutex *m)
{
	struct thread *self = current_thread();
	struct mutex_waiter *w;
	unsigned long flags;

	flags = spin_lock_irqsave(&m->wait_lock);
	if (m->owner != self)
		panic("mutex: '%s' unlocks '%s' it does not hold", self->name, m->name);
	w = list_first_entry_or_null(&m->waiters, struct mutex_waiter, link);
	if (w) {
		list_del(&w->link);
		m->owner = w->thread;
		w->granted = true;
		thread_wake(w->thread);
	} else {
		m->owner = NULL;
	}
	spin_unlock_irqrestore(&m->wait_lock, flags);
}

bool mutex_is_locked(struct mutex *m)
{
	return READ_ONCE(m->owner) != NULL;
}

bool mutex_is_owner(struct mutex *m)
{
	return READ_ONCE(m->owner) == current_thread();
}
