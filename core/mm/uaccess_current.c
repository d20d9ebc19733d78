/*
 * core/mm/uaccess_current.c - copy_to_user, copy_from_user,
 * strncpy_from_user (core/sys/uaccess.h) and the other uaccess.h helpers on
 * the running task's address space: the mm_* versions of uaccess.c applied
 * to current_mm(). In a kernel thread (no mm) every access is -EFAULT.
 */
#include "mm/uaccess.h"
#include "proc/task.h"
#include "sys/uaccess.h"

int copy_to_user(unsigned long uaddr, const void *src, size_t n)
{
	return mm_copy_to_user(current_mm(), uaddr, src, n);
}

int copy_from_user(void *dst, unsigned long uaddr, size_t n)
{
	return mm_copy_from_user(current_mm(), dst, uaddr, n);
}

long strncpy_from_user(char *dst, unsigned long uaddr, size_t size)
{
	return mm_strncpy_from_user(current_mm(), dst, uaddr, size);
}

int clear_user(unsigned long uaddr, size_t n)
{
	return mm_clear_user(current_mm(), uaddr, n);
}

int get_user_ptr(unsigned long uarray, size_t index, unsigned long *ptr)
{
	return mm_get_user_ptr(current_mm(), uarray, index, ptr);
}

long user_ptr_array_len(unsigned long uarray, size_t max)
{
	return mm_user_ptr_array_len(current_mm(), uarray, max);
}
