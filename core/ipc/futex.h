/*
 * core/ipc/futex.h - futex(2): sleeping on a 32-bit word of user memory.
 *
 * A futex is named by a key: the address space and address for a private
 * futex (FUTEX_PRIVATE_FLAG, or memory that no other process can see), or
 * the shared-memory object and offset for MAP_SHARED anonymous memory, so
 * processes that share it after fork meet on the same futex. Waiters hang
 * in a hash of buckets; FUTEX_WAIT queues itself, then re-reads the word
 * and sleeps only if it still holds the expected value, so a FUTEX_WAKE
 * issued after the word changed is never lost.
 *
 * Supported: WAIT, WAKE, WAIT_BITSET, WAKE_BITSET, REQUEUE, CMP_REQUEUE,
 * WAKE_OP, with FUTEX_CLOCK_REALTIME. The priority-inheritance operations
 * return -ENOSYS.
 */
#ifndef RUX_IPC_FUTEX_H
#define RUX_IPC_FUTEX_H

#include <stdint.h>

struct task;

long sys_futex(unsigned long uaddr, unsigned long op, unsigned long val, unsigned long utime,
	       unsigned long uaddr2, unsigned long val3);

/* Wake up to @nr waiters of the private futex at @uaddr of the running
 * task's address space (CLONE_CHILD_CLEARTID at thread exit). */
void futex_wake_private(unsigned long uaddr, int nr);

/*
 * At the exit of @t: mark the futexes of its robust list (set_robust_list)
 * that it still holds with FUTEX_OWNER_DIED and wake one waiter of each,
 * so other users of a robust mutex learn that its owner died.
 */
void futex_exit_robust_list(struct task *t);

#endif /* RUX_IPC_FUTEX_H */
