/*
 * core/uapi/futex.h - futex(2) operations and flags, and the robust list
 * head that set_robust_list(2) registers.
 */
#ifndef RUX_UAPI_FUTEX_H
#define RUX_UAPI_FUTEX_H

#include "uapi/types.h"

#define FUTEX_WAIT		0
#define FUTEX_WAKE		1
#define FUTEX_FD		2
#define FUTEX_REQUEUE		3
#define FUTEX_CMP_REQUEUE	4
#define FUTEX_WAKE_OP		5
#define FUTEX_LOCK_PI		6
#define FUTEX_UNLOCK_PI		7
#define FUTEX_TRYLOCK_PI	8
#define FUTEX_WAIT_BITSET	9
#define FUTEX_WAKE_BITSET	10
#define FUTEX_WAIT_REQUEUE_PI	11
#define FUTEX_CMP_REQUEUE_PI	12
#define FUTEX_LOCK_PI2		13

/* Or-ed into the operation. */
#define FUTEX_PRIVATE_FLAG	128
#define FUTEX_CLOCK_REALTIME	256
#define FUTEX_CMD_MASK		(~(FUTEX_PRIVATE_FLAG | FUTEX_CLOCK_REALTIME))

#define FUTEX_BITSET_MATCH_ANY	0xffffffff

/* Bits of the futex word for PI and robust futexes. */
#define FUTEX_WAITERS		0x80000000
#define FUTEX_OWNER_DIED	0x40000000
#define FUTEX_TID_MASK		0x3fffffff

/* set_robust_list(2): the list head in user memory (all user addresses). */
struct linux_robust_list_head {
	uint64_t list;			/* first entry (points to itself if empty) */
	int64_t futex_offset;		/* from an entry to its futex word */
	uint64_t list_op_pending;
};

#define ROBUST_LIST_LIMIT	2048

#endif /* RUX_UAPI_FUTEX_H */
