/*
 * core/sys/uaccess.h - moving data between the kernel and user memory.
 *
 * User addresses are plain integers (uint64_t in uapi structures, unsigned
 * long in handler arguments) until they pass through these functions. Each
 * checks that the whole range lies in user space and turns a fault on an
 * unmapped or forbidden page into -EFAULT, never a kernel crash. They may
 * sleep (a page fault can read from disk), so no spinlock may be held.
 *
 * They are implemented by the virtual memory code (core/mm) on top of the
 * HAL's hal_copy_*_user.
 */
#ifndef RUX_SYS_UACCESS_H
#define RUX_SYS_UACCESS_H

#include <stddef.h>

/* Copy @n bytes; 0 on success, -EFAULT if any byte was not accessible. */
int copy_to_user(unsigned long uaddr, const void *src, size_t n);
int copy_from_user(void *dst, unsigned long uaddr, size_t n);

/*
 * Copy the NUL-terminated string at @uaddr into @dst (@size bytes, @size > 0).
 * Returns its length without the NUL, -ENAMETOOLONG if it does not fit
 * (with its NUL) in @size bytes, or -EFAULT.
 */
long strncpy_from_user(char *dst, unsigned long uaddr, size_t size);

#endif /* RUX_SYS_UACCESS_H */
