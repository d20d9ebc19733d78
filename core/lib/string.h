/*
 * core/lib/string.h - memory and string functions.
 *
 * The first group has the C library's names and meanings (gcc emits calls
 * to memcpy, memset, memmove and memcmp on its own). In the hosted build the
 * host's C library provides that group and string.c is unit-tested under
 * renamed symbols (tests/unit/string_rename.h). The second group has no C
 * library equivalent and is built everywhere from string_kernel.c.
 */
#ifndef RUX_LIB_STRING_H
#define RUX_LIB_STRING_H

#include <stddef.h>

void *memcpy(void *dst, const void *src, size_t n);
void *memmove(void *dst, const void *src, size_t n);
void *memset(void *dst, int c, size_t n);
int memcmp(const void *a, const void *b, size_t n);
void *memchr(const void *s, int c, size_t n);
size_t strlen(const char *s);
size_t strnlen(const char *s, size_t max);
int strcmp(const char *a, const char *b);
int strncmp(const char *a, const char *b, size_t n);
char *strchr(const char *s, int c);
char *strrchr(const char *s, int c);
char *strcpy(char *dst, const char *src);
/* C semantics: pads with NULs, and does not terminate if src is too long. */
char *strncpy(char *dst, const char *src, size_t n);
char *strcat(char *dst, const char *src);
char *strstr(const char *haystack, const char *needle);

/*
 * Copy @src into @dst of @size bytes, always terminated when @size > 0.
 * Returns strlen(@src): truncation happened if that is >= @size.
 */
size_t strlcpy(char *dst, const char *src, size_t size);
/*
 * The same, but returns the number of characters copied, or -E2BIG when
 * @src did not fit (or @size is 0); @dst is still terminated if @size > 0.
 */
long strscpy(char *dst, const char *src, size_t size);
/*
 * Parse an unsigned number: the whole of @s, optionally "+"-signed, in
 * @base 2..36, or base 0 for C-style auto (0x hex, 0 octal, else decimal;
 * base 16 also accepts a 0x prefix). One trailing newline is allowed.
 * Returns 0, -EINVAL (not a number) or -ERANGE (too big); *@out is only
 * written on success.
 */
int kstrtoull(const char *s, unsigned int base, unsigned long long *out);

#endif /* RUX_LIB_STRING_H */
