/*
 * core/lib/spinlock.h - busy-waiting locks for data shared between CPUs and
 * interrupt handlers.
 *
 * Use spin_lock_irqsave() for anything an interrupt handler also takes; plain
 * spin_lock() only where interrupts are known to be off or never take the lock.
 * A lock is never held across sleeping. Taking a lock this CPU already holds
 * is a bug and panics.
 */
#ifndef RUX_LIB_SPINLOCK_H
#define RUX_LIB_SPINLOCK_H

#include <stdbool.h>
#include <stdint.h>

#include "hal/hal.h"

struct spinlock {
	uint32_t locked;  /* 0 free, 1 held */
	int owner;        /* CPU holding it, -1 when free (for debugging) */
	const char *name;
};

#define SPINLOCK_INIT(n) { .locked = 0, .owner = -1, .name = (n) }

void spin_lock_init(struct spinlock *lock, const char *name);
void spin_lock(struct spinlock *lock);
bool spin_trylock(struct spinlock *lock);
void spin_unlock(struct spinlock *lock);
/* True when the calling CPU holds @lock. */
bool spin_is_held(const struct spinlock *lock);
/* How many spinlocks the calling CPU holds (0: it may be preempted). */
unsigned int spin_locks_held(void);

static inline unsigned long spin_lock_irqsave(struct spinlock *lock)
{
	unsigned long flags = hal_irq_save();

	spin_lock(lock);
	return flags;
}

static inline void spin_unlock_irqrestore(struct spinlock *lock, unsigned long flags)
{
	spin_unlock(lock);
	hal_irq_restore(flags);
}

#endif /* RUX_LIB_SPINLOCK_H */
