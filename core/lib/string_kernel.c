/*
 * core/lib/string_kernel.c - string helpers the C library does not have:
 * bounded copies that report truncation, and number parsing.
 *
 * Kept apart from string.c because the hosted build takes the C library's
 * memcpy & co. but still needs these, so this file is built on both
 * platforms.
 */
#include <stdbool.h>

#include "lib/string.h"
#include "uapi/errno.h"

size_t strlcpy(char *dst, const char *src, size_t size)
{
	size_t len = strlen(src);

	if (size) {
		size_t n = len < size ? len : size - 1;

		memcpy(dst, src, n);
		dst[n] = '\0';
	}
	return len;
}

long strscpy(char *dst, const char *src, size_t size)
{
	size_t i;

	if (size == 0)
		return -E2BIG;
	for (i = 0; i < size - 1 && src[i]; i++)
		dst[i] = src[i];
	dst[i] = '\0';
	return src[i] ? -E2BIG : (long)i;
}

/* Value of digit @c, or 36 (larger than any base) if it is not one. */
static unsigned int digit_value(char c)
{
	if (c >= '0' && c <= '9')
		return (unsigned int)(c - '0');
	if (c >= 'a' && c <= 'z')
		return (unsigned int)(c - 'a' + 10);
	if (c >= 'A' && c <= 'Z')
		return (unsigned int)(c - 'A' + 10);
	return 36;
}

/* Skip a base prefix at @s; returns where the digits start, sets *@base. */
static const char *parse_prefix(const char *s, unsigned int *base)
{
	bool hex_prefix = s[0] == '0' && (s[1] == 'x' || s[1] == 'X') &&
			  digit_value(s[2]) < 16;

	if (*base == 0) {
		if (hex_prefix)
			*base = 16;
		else if (s[0] == '0')
			*base = 8;
		else
			*base = 10;
	}
	if (*base == 16 && hex_prefix)
		s += 2;
	return s;
}

int kstrtoull(const char *s, unsigned int base, unsigned long long *out)
{
	unsigned long long v = 0;
	const char *start;

	if (base == 1 || base > 36)
		return -EINVAL;
	if (*s == '+')
		s++;
	s = parse_prefix(s, &base);
	for (start = s; digit_value(*s) < base; s++) {
		unsigned int d = digit_value(*s);

		if (v > (~0ull - d) / base)
			return -ERANGE;
		v = v * base + d;
	}
	if (s == start)
		return -EINVAL;
	if (*s == '\n')
		s++;
	if (*s)
		return -EINVAL;
	*out = v;
	return 0;
}
