/*
 * core/lib/refcount.h - atomic reference counters.
 *
 * A struct refcount is an int updated with atomic operations, so it needs no
 * lock of its own. refcount_put() returns true for the caller that took the
 * count to zero: that caller alone does the teardown. Unlike Linux's
 * refcount_t a count may go up again from zero (objects that are cached while
 * unused, such as inodes, are revived this way under their owner's lock).
 * Going below zero is a bug and panics.
 */
#ifndef RUX_LIB_REFCOUNT_H
#define RUX_LIB_REFCOUNT_H

#include <stdbool.h>

#include "lib/panic.h"

struct refcount {
	int count;
};

#define REFCOUNT_INIT(n)                                                                           \
	{                                                                                          \
		.count = (n)                                                                       \
	}

static inline void refcount_set(struct refcount *r, int n)
{
	__atomic_store_n(&r->count, n, __ATOMIC_RELEASE);
}

static inline int refcount_read(const struct refcount *r)
{
	return __atomic_load_n(&r->count, __ATOMIC_ACQUIRE);
}

static inline void refcount_get(struct refcount *r)
{
	int old = __atomic_fetch_add(&r->count, 1, __ATOMIC_RELAXED);

	BUG_ON(old < 0);
}

/* Drop one reference; true when it was the last one. */
static inline bool refcount_put(struct refcount *r)
{
	int old = __atomic_fetch_sub(&r->count, 1, __ATOMIC_ACQ_REL);

	BUG_ON(old <= 0);
	return old == 1;
}

#endif /* RUX_LIB_REFCOUNT_H */
