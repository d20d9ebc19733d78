/*
 * core/mm/uaccess.h - user memory access for an explicit address space, and
 * helpers for user arrays of pointers (argv, envp).
 *
 * core/sys/uaccess.h's copy_to_user/copy_from_user/strncpy_from_user work on
 * current_mm(); the mm_* versions here take the mm, for exec (which builds
 * the new stack before the new mm runs) and for tests. All of them walk the
 * page table page by page, fault missing pages in (and break copy-on-write
 * for writes) when the VMA allows the access, and copy through the direct
 * map. Any byte outside [0, HAL_USER_VA_END), in no VMA, or forbidden by the
 * VMA's protection gives -EFAULT. A zero-length copy always succeeds.
 *
 * Locking: each call takes mm->lock (it may sleep); never call them with
 * mm->lock, a spinlock or an inode lock held.
 */
#ifndef RUX_MM_UACCESS_H
#define RUX_MM_UACCESS_H

#include <stddef.h>
#include <stdint.h>

struct mm;

int mm_copy_to_user(struct mm *mm, unsigned long uaddr, const void *src, size_t n);
int mm_copy_from_user(struct mm *mm, void *dst, unsigned long uaddr, size_t n);
/* Write @n zero bytes at @uaddr: 0 or -EFAULT. */
int mm_clear_user(struct mm *mm, unsigned long uaddr, size_t n);
int clear_user(unsigned long uaddr, size_t n);
/*
 * Copy the string at @uaddr with its NUL into @dst (@size bytes, > 0).
 * Returns its length without the NUL; -ENAMETOOLONG when no NUL is found in
 * the first @size bytes (then @dst holds those bytes, unterminated); or
 * -EFAULT when a byte before the NUL cannot be read.
 */
long mm_strncpy_from_user(struct mm *mm, char *dst, unsigned long uaddr, size_t size);

/*
 * Atomically replace the aligned 32-bit user word at @uaddr with @new if it
 * holds @old; *@cur receives the value found (== @old on success). 0 or
 * -EFAULT (also for a misaligned @uaddr). For futexes.
 */
int mm_user_cmpxchg32(struct mm *mm, unsigned long uaddr, uint32_t old, uint32_t new,
		      uint32_t *cur);

/* Element @index of the user array of 64-bit pointers at @uarray. */
int mm_get_user_ptr(struct mm *mm, unsigned long uarray, size_t index, unsigned long *ptr);
int get_user_ptr(unsigned long uarray, size_t index, unsigned long *ptr);
/*
 * Number of pointers before the NULL that ends the user array @uarray
 * (argv, envp); a NULL @uarray counts as empty. -E2BIG when there are
 * more than @max, -EFAULT.
 */
long mm_user_ptr_array_len(struct mm *mm, unsigned long uarray, size_t max);
long user_ptr_array_len(unsigned long uarray, size_t max);

#endif /* RUX_MM_UACCESS_H */
