/*
 * core/ipc/futex.c - futex(2) (see futex.h).
 *
 * A waiter lives on its thread's stack while it sleeps. Wakers find it in
 * its bucket, unlink it, set ->woken and wake its thread, all under the
 * bucket lock; the waiter looks at ->woken under the same lock before it
 * returns, so a waker never touches a waiter that is gone. Requeueing moves
 * a waiter to another key (and bucket) without waking it: since a waiter is
 * woken through its thread, not through a wait queue of the bucket it
 * first slept on, it does not matter where it hangs.
 *
 * Locking: each bucket has a spinlock (irqsave). Two buckets are locked in
 * address order. User memory is only read with no bucket lock held.
 */
#include "ipc/futex.h"

#include "hal/hal.h"
#include "lib/compiler.h"
#include "lib/list.h"
#include "lib/printk.h"
#include "mm/uaccess.h"
#include "mm/vma.h"
#include "proc/task.h"
#include "sched/thread.h"
#include "signal/restart.h"
#include "signal/signal.h"
#include "sys/uaccess.h"
#include "uapi/errno.h"
#include "uapi/futex.h"
#include "uapi/time.h"

#define FUTEX_HASH_BITS	   6
#define FUTEX_HASH_SIZE	   (1u << FUTEX_HASH_BITS)
#define ROBUST_LIST_LIMIT  2048 /* entries walked at exit, as Linux */
#define NSEC_PER_SEC	   1000000000ll

/* The place a futex word stands for, the same for every process seeing it. */
struct futex_key {
	const void *object; /* the mm (private), or the shared-memory object */
	uint64_t offset;    /* the user address, or the offset in the object */
};

struct futex_waiter {
	struct list_head link; /* in its bucket while queued */
	struct futex_key key;
	uint32_t bitset;
	struct thread *thread;
	bool woken; /* set (and unlinked) by a waker */
};

struct futex_bucket {
	struct spinlock lock;
	struct list_head waiters;
};

static struct futex_bucket buckets[FUTEX_HASH_SIZE];
static struct spinlock buckets_init_lock = SPINLOCK_INIT("futex_init");
static bool buckets_ready;

static struct futex_bucket *bucket_of(const struct futex_key *key)
{
	uint64_t h = (uint64_t)(uintptr_t)key->object ^ (key->offset * 0x9e3779b97f4a7c15ull);
	unsigned long flags;

	if (!__atomic_load_n(&buckets_ready, __ATOMIC_ACQUIRE)) {
		flags = spin_lock_irqsave(&buckets_init_lock);
		if (!buckets_ready) {
			for (unsigned int i = 0; i < FUTEX_HASH_SIZE; i++) {
				spin_lock_init(&buckets[i].lock, "futex");
				list_init(&buckets[i].waiters);
			}
			__atomic_store_n(&buckets_ready, true, __ATOMIC_RELEASE);
		}
		spin_unlock_irqrestore(&buckets_init_lock, flags);
	}
	return &buckets[(h >> 32 ^ h) & (FUTEX_HASH_SIZE - 1)];
}

static bool key_equal(const struct futex_key *a, const struct futex_key *b)
{
	return a->object == b->object && a->offset == b->offset;
}

/*
 * The key of the word at @uaddr. A shared futex in MAP_SHARED anonymous
 * memory is named by that memory, so processes sharing it after fork meet;
 * any other word is private to the address space.
 */
static int get_key(unsigned long uaddr, bool private, struct futex_key *key)
{
	struct mm *mm = current_process()->mm;
	struct vma *v;

	if (uaddr & 3)
		return -EINVAL;
	if (uaddr >= HAL_USER_VA_END)
		return -EFAULT;
	key->object = mm;
	key->offset = uaddr;
	if (private)
		return 0;
	mutex_lock(&mm->lock);
	v = vma_find(mm, uaddr);
	if (!v || uaddr < v->start) {
		mutex_unlock(&mm->lock);
		return -EFAULT;
	}
	if (v->flags & VM_SHARED) {
		key->object = v->shared;
		key->offset = (v->pgoff << PAGE_SHIFT) + (uaddr - v->start);
	}
	mutex_unlock(&mm->lock);
	return 0;
}

/* Under @b's lock: wake @w (unlinked, flagged, its thread made runnable). */
static void wake_waiter_locked(struct futex_waiter *w)
{
	list_del_init(&w->link);
	WRITE_ONCE(w->woken, true);
	thread_wake(w->thread);
}

static int futex_wake(const struct futex_key *key, int nr, uint32_t bitset)
{
	struct futex_bucket *b = bucket_of(key);
	struct futex_waiter *w, *next;
	unsigned long flags;
	int woken = 0;

	if (!bitset)
		return -EINVAL;
	flags = spin_lock_irqsave(&b->lock);
	list_for_each_entry_safe(w, next, &b->waiters, link) {
		if (woken >= nr)
			break;
		if (key_equal(&w->key, key) && (w->bitset & bitset)) {
			wake_waiter_locked(w);
			woken++;
		}
	}
	spin_unlock_irqrestore(&b->lock, flags);
	return woken;
}

void futex_wake_private(unsigned long uaddr, int nr)
{
	struct futex_key key;

	if (get_key(uaddr, true, &key) == 0)
		futex_wake(&key, nr, FUTEX_BITSET_MATCH_ANY);
}

/* Sleep until woken, a signal (-EINTR) or @deadline (-ETIMEDOUT; 0: none). */
static int sleep_woken(struct futex_waiter *w, uint64_t deadline)
{
	int err = 0;

	for (;;) {
		thread_set_sleeping(THREAD_SLEEPING_INTERRUPTIBLE);
		if (READ_ONCE(w->woken))
			break;
		if (wait_signal_pending()) {
			err = -EINTR;
			break;
		}
		if (deadline && hal_clock_ns() >= deadline) {
			err = -ETIMEDOUT;
			break;
		}
		if (deadline)
			schedule_until(deadline);
		else
			schedule();
	}
	thread_set_running();
	return err;
}

static int futex_wait(const struct futex_key *key, unsigned long uaddr, uint32_t val,
		      uint32_t bitset, uint64_t deadline)
{
	struct futex_waiter w = {.key = *key, .bitset = bitset, .thread = current_thread()};
	struct futex_bucket *b = bucket_of(key);
	unsigned long flags;
	uint32_t cur;
	bool woken;
	int err;

	if (!bitset)
		return -EINVAL;
	/* Queued first, then the word is read: a wake after a change that
	 * made the word differ from @val finds this waiter. */
	flags = spin_lock_irqsave(&b->lock);
	list_add_tail(&w.link, &b->waiters);
	spin_unlock_irqrestore(&b->lock, flags);
	if (copy_from_user(&cur, uaddr, sizeof(cur)))
		err = -EFAULT;
	else if (cur != val)
		err = -EAGAIN;
	else
		err = sleep_woken(&w, deadline);

	/* A requeue may have moved the waiter: look it up where it is now. */
	for (;;) {
		b = bucket_of(&w.key);
		flags = spin_lock_irqsave(&b->lock);
		if (b == bucket_of(&w.key))
			break;
		spin_unlock_irqrestore(&b->lock, flags);
	}
	woken = w.woken;
	if (!woken)
		list_del(&w.link);
	spin_unlock_irqrestore(&b->lock, flags);
	if (woken)
		return 0;
	/* Without a timeout the wait simply starts again after a handler
	 * with SA_RESTART; a timed one reports the interruption. */
	if (err == -EINTR && !deadline)
		return -ERESTARTSYS;
	return err;
}

static void lock_two(struct futex_bucket *a, struct futex_bucket *b, unsigned long *flags)
{
	*flags = hal_irq_save();
	if (a == b) {
		spin_lock(&a->lock);
		return;
	}
	spin_lock(a < b ? &a->lock : &b->lock);
	spin_lock(a < b ? &b->lock : &a->lock);
}

static void unlock_two(struct futex_bucket *a, struct futex_bucket *b, unsigned long flags)
{
	if (a != b)
		spin_unlock(&b->lock);
	spin_unlock(&a->lock);
	hal_irq_restore(flags);
}

/* Wake @nr_wake waiters of @k1 and move up to @nr_requeue others to @k2. */
static int futex_requeue(const struct futex_key *k1, const struct futex_key *k2, int nr_wake,
			 int nr_requeue)
{
	struct futex_bucket *b1 = bucket_of(k1), *b2 = bucket_of(k2);
	struct futex_waiter *w, *next;
	int woken = 0, moved = 0;
	unsigned long flags;

	if (nr_wake < 0 || nr_requeue < 0)
		return -EINVAL;
	lock_two(b1, b2, &flags);
	list_for_each_entry_safe(w, next, &b1->waiters, link) {
		if (!key_equal(&w->key, k1))
			continue;
		if (woken < nr_wake) {
			wake_waiter_locked(w);
			woken++;
		} else if (moved < nr_requeue) {
			w->key = *k2;
			list_move_tail(&w->link, &b2->waiters);
			moved++;
		} else {
			break;
		}
	}
	unlock_two(b1, b2, flags);
	return woken + moved;
}

/* FUTEX_WAKE_OP's operation on the old value (encoded in val3). */
static uint32_t wake_op_apply(uint32_t op, uint32_t old, uint32_t arg)
{
	switch (op & 7) {
	case 0: /* FUTEX_OP_SET */
		return arg;
	case 1: /* FUTEX_OP_ADD */
		return old + arg;
	case 2: /* FUTEX_OP_OR */
		return old | arg;
	case 3: /* FUTEX_OP_ANDN */
		return old & ~arg;
	default: /* FUTEX_OP_XOR */
		return old ^ arg;
	}
}

static bool wake_op_compare(uint32_t cmp, int32_t old, int32_t arg)
{
	switch (cmp) {
	case 0:
		return old == arg;
	case 1:
		return old != arg;
	case 2:
		return old < arg;
	case 3:
		return old <= arg;
	case 4:
		return old > arg;
	default:
		return old >= arg;
	}
}

/* Change the word at @uaddr2 as val3 says, wake @nr on @k1 and, if the
 * old value passes val3's comparison, @nr2 on @k2. */
static int futex_wake_op(const struct futex_key *k1, const struct futex_key *k2,
			 unsigned long uaddr2, int nr, int nr2, uint32_t val3)
{
	uint32_t op = val3 >> 28, cmp = (val3 >> 24) & 15;
	uint32_t arg = (val3 >> 12) & 0xfff, cmparg = val3 & 0xfff;
	struct mm *mm = current_process()->mm;
	uint32_t old, seen;
	int woken, err;

	if (op & 8) /* FUTEX_OP_OPARG_SHIFT */
		arg = arg < 32 ? 1u << arg : 0;
	if ((op & 7) > 4 || cmp > 5)
		return -ENOSYS;
	if (copy_from_user(&old, uaddr2, sizeof(old)))
		return -EFAULT;
	for (;;) {
		err = mm_user_cmpxchg32(mm, uaddr2, old, wake_op_apply(op, old, arg), &seen);
		if (err)
			return err;
		if (seen == old)
			break;
		old = seen;
	}
	woken = futex_wake(k1, nr, FUTEX_BITSET_MATCH_ANY);
	if (wake_op_compare(cmp, (int32_t)old, (int32_t)cmparg))
		woken += futex_wake(k2, nr2, FUTEX_BITSET_MATCH_ANY);
	return woken;
}

/*
 * The absolute deadline on hal_clock_ns() of a futex timeout: relative for
 * FUTEX_WAIT, absolute on CLOCK_MONOTONIC (or CLOCK_REALTIME) otherwise.
 * 0: wait forever.
 */
static int get_deadline(unsigned long utime, unsigned int cmd, bool realtime, uint64_t *deadline)
{
	struct linux_timespec ts;
	int64_t ns, now = (int64_t)hal_clock_ns();

	*deadline = 0;
	if (!utime)
		return 0;
	if (copy_from_user(&ts, utime, sizeof(ts)))
		return -EFAULT;
	if (ts.tv_sec < 0 || ts.tv_nsec < 0 || ts.tv_nsec >= NSEC_PER_SEC)
		return -EINVAL;
	ns = ts.tv_sec > INT64_MAX / NSEC_PER_SEC - 1 ? INT64_MAX - NSEC_PER_SEC
						       : ts.tv_sec * NSEC_PER_SEC + ts.tv_nsec;
	if (cmd == FUTEX_WAIT)
		ns = ns > INT64_MAX - now ? INT64_MAX : now + ns;
	else if (realtime) /* the wall clock's distance to hal_clock_ns() */
		ns -= (int64_t)(hal_wall_clock_ns() - hal_clock_ns());
	*deadline = ns <= 0 ? 1 : (uint64_t)ns;
	return 0;
}

long sys_futex(unsigned long uaddr, unsigned long op, unsigned long val, unsigned long utime,
	       unsigned long uaddr2, unsigned long val3)
{
	unsigned int cmd = op & FUTEX_CMD_MASK;
	bool private = op & FUTEX_PRIVATE_FLAG, realtime = op & FUTEX_CLOCK_REALTIME;
	struct futex_key k1, k2;
	uint64_t deadline;
	uint32_t cur;
	int err;

	if (realtime && cmd != FUTEX_WAIT_BITSET && cmd != FUTEX_WAIT)
		return -ENOSYS;
	switch (cmd) {
	case FUTEX_WAIT:
	case FUTEX_WAIT_BITSET:
		err = get_deadline(utime, cmd, realtime, &deadline);
		if (!err)
			err = get_key(uaddr, private, &k1);
		if (err)
			return err;
		return futex_wait(&k1, uaddr, (uint32_t)val,
				  cmd == FUTEX_WAIT ? FUTEX_BITSET_MATCH_ANY : (uint32_t)val3, deadline);
	case FUTEX_WAKE:
	case FUTEX_WAKE_BITSET:
		err = get_key(uaddr, private, &k1);
		if (err)
			return err;
		return futex_wake(&k1, (int)MIN(val, (unsigned long)INT32_MAX),
				  cmd == FUTEX_WAKE ? FUTEX_BITSET_MATCH_ANY : (uint32_t)val3);
	case FUTEX_REQUEUE:
	case FUTEX_CMP_REQUEUE:
		err = get_key(uaddr, private, &k1);
		if (!err)
			err = get_key(uaddr2, private, &k2);
		if (err)
			return err;
		if (cmd == FUTEX_CMP_REQUEUE) {
			if (copy_from_user(&cur, uaddr, sizeof(cur)))
				return -EFAULT;
			if (cur != (uint32_t)val3)
				return -EAGAIN;
		}
		/* The fourth argument is a count here, not a timeout. */
		return futex_requeue(&k1, &k2, (int)val, (int)utime);
	case FUTEX_WAKE_OP:
		err = get_key(uaddr, private, &k1);
		if (!err)
			err = get_key(uaddr2, private, &k2);
		if (err)
			return err;
		return futex_wake_op(&k1, &k2, uaddr2, (int)val, (int)utime, (uint32_t)val3);
	default:
		return -ENOSYS; /* FUTEX_FD and the priority-inheritance operations */
	}
}

/* ---- robust lists -------------------------------------------------------- */

/* The owner of the futex at @uaddr died: flag it and wake a waiter. */
static void robust_owner_died(struct mm *mm, unsigned long uaddr, int tid)
{
	uint32_t word, seen;

	if (mm_copy_from_user(mm, &word, uaddr, sizeof(word)))
		return;
	while ((int)(word & FUTEX_TID_MASK) == tid) {
		uint32_t died = (word & FUTEX_WAITERS) | FUTEX_OWNER_DIED;

		if (mm_user_cmpxchg32(mm, uaddr, word, died, &seen))
			return;
		if (seen == word) {
			if (word & FUTEX_WAITERS)
				futex_wake_private(uaddr, 1);
			return;
		}
		word = seen;
	}
}

void futex_exit_robust_list(struct task *t)
{
	struct linux_robust_list_head head;
	struct mm *mm = t->proc->mm;
	unsigned long entry, next;

	if (!t->robust_list_head || !mm ||
	    mm_copy_from_user(mm, &head, t->robust_list_head, sizeof(head)))
		return;
	entry = head.list;
	for (int n = 0; entry != t->robust_list_head && n < ROBUST_LIST_LIMIT; n++) {
		if (mm_get_user_ptr(mm, entry & ~1ul, 0, &next))
			return;
		/* The entry being changed when the thread died is done last. */
		if (entry != head.list_op_pending)
			robust_owner_died(mm, (entry & ~1ul) + head.futex_offset, t->tid);
		entry = next;
	}
	if (head.list_op_pending)
		robust_owner_died(mm, (head.list_op_pending & ~1ul) + head.futex_offset, t->tid);
}
