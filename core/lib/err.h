/*
 * core/lib/err.h - a pointer or a negative errno in one return value.
 *
 * The top 4095 addresses are never valid kernel pointers, so a function
 * returning a pointer can return ERR_PTR(-EIO) instead, and the caller
 * tests IS_ERR(p) and recovers the code with PTR_ERR(p).
 */
#ifndef RUX_LIB_ERR_H
#define RUX_LIB_ERR_H

#include <stdbool.h>

#define MAX_ERRNO 4095

static inline void *ERR_PTR(long err)
{
	return (void *)err;
}

static inline long PTR_ERR(const void *p)
{
	return (long)p;
}

static inline bool IS_ERR(const void *p)
{
	return (unsigned long)p >= (unsigned long)-MAX_ERRNO;
}

static inline bool IS_ERR_OR_NULL(const void *p)
{
	return !p || IS_ERR(p);
}

#endif /* RUX_LIB_ERR_H */
