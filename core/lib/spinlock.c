/*
 * core/lib/spinlock.c - test-and-set spinlocks on the compiler's atomics.
 *
 * Each CPU counts the spinlocks it holds, so the scheduler can tell whether
 * it may preempt the interrupted code (never while a lock is held).
 */
#include "lib/spinlock.h"
#include "lib/panic.h"

static unsigned int locks_held[HAL_MAX_CPUS]; /* written only by their own CPU */

unsigned int spin_locks_held(void)
{
	return locks_held[hal_cpu_id()];
}

void spin_lock_init(struct spinlock *lock, const char *name)
{
	lock->locked = 0;
	lock->owner = -1;
	lock->name = name;
}

bool spin_trylock(struct spinlock *lock)
{
	if (__atomic_exchange_n(&lock->locked, 1, __ATOMIC_ACQUIRE) != 0)
		return false;
	lock->owner = (int)hal_cpu_id();
	locks_held[lock->owner]++;
	return true;
}

void spin_lock(struct spinlock *lock)
{
	if (spin_is_held(lock))
		panic("spinlock: cpu %u takes '%s' twice", hal_cpu_id(), lock->name);
	for (;;) {
		if (__atomic_exchange_n(&lock->locked, 1, __ATOMIC_ACQUIRE) == 0)
			break;
		/* Spin on a plain read so the cache line stays shared. */
		while (__atomic_load_n(&lock->locked, __ATOMIC_RELAXED) != 0)
			hal_cpu_relax();
	}
	lock->owner = (int)hal_cpu_id();
	locks_held[lock->owner]++;
}

void spin_unlock(struct spinlock *lock)
{
	if (!spin_is_held(lock))
		panic("spinlock: cpu %u releases '%s' it does not hold", hal_cpu_id(),
		      lock->name);
	locks_held[lock->owner]--;
	lock->owner = -1;
	__atomic_store_n(&lock->locked, 0, __ATOMIC_RELEASE);
}

bool spin_is_held(const struct spinlock *lock)
{
	return __atomic_load_n(&lock->locked, __ATOMIC_RELAXED) != 0 &&
	       lock->owner == (int)hal_cpu_id();
}
