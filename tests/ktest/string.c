/*
 * tests/ktest/string.c - core/lib/string.c and string_kernel.c against
 * simple byte-at-a-time reference loops, at every alignment and length that
 * reaches the word-at-a-time paths, plus the edge cases of each function.
 */
#include <stdint.h>

#include "lib/ktest.h"
#include "lib/string.h"
#include "uapi/errno.h"

#define AREA 128

static unsigned char src_area[AREA], dst_area[AREA], ref_area[AREA];

static void fill_pattern(unsigned char *p, size_t n, unsigned int seed)
{
	for (size_t i = 0; i < n; i++)
		p[i] = (unsigned char)(seed + i * 7 + (i >> 3));
}

static bool same(const unsigned char *a, const unsigned char *b, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (a[i] != b[i])
			return false;
	return true;
}

KTEST(string, memcpy_all_alignments)
{
	fill_pattern(src_area, AREA, 1);
	for (size_t so = 0; so < 8; so++)
		for (size_t dof = 0; dof < 8; dof++)
			for (size_t n = 0; n <= 80; n++) {
				fill_pattern(dst_area, AREA, 99);
				fill_pattern(ref_area, AREA, 99);
				for (size_t i = 0; i < n; i++)
					ref_area[dof + i] = src_area[so + i];
				KT_ASSERT(memcpy(dst_area + dof, src_area + so, n) == dst_area + dof);
				KT_ASSERT(same(dst_area, ref_area, AREA));
			}
}

KTEST(string, memmove_overlap_both_ways)
{
	for (size_t from = 0; from < 24; from++)
		for (size_t to = 0; to < 24; to++)
			for (size_t n = 0; n <= 72; n += 3) {
				unsigned char tmp[AREA];

				fill_pattern(dst_area, AREA, 5);
				fill_pattern(ref_area, AREA, 5);
				for (size_t i = 0; i < n; i++)
					tmp[i] = ref_area[from + i];
				for (size_t i = 0; i < n; i++)
					ref_area[to + i] = tmp[i];
				KT_ASSERT(memmove(dst_area + to, dst_area + from, n) == dst_area + to);
				KT_ASSERT(same(dst_area, ref_area, AREA));
			}
}

KTEST(string, memset_all_alignments)
{
	for (size_t off = 0; off < 8; off++)
		for (size_t n = 0; n <= 80; n++) {
			fill_pattern(dst_area, AREA, 3);
			fill_pattern(ref_area, AREA, 3);
			for (size_t i = 0; i < n; i++)
				ref_area[off + i] = 0xa5;
			KT_ASSERT(memset(dst_area + off, 0x1a5, n) == dst_area + off);
			KT_ASSERT(same(dst_area, ref_area, AREA));
		}
}

KTEST(string, memcmp_and_memchr)
{
	static const unsigned char a[] = { 1, 2, 3, 0x80 }, b[] = { 1, 2, 3, 0x01 };

	KT_ASSERT_EQ(memcmp(a, b, 3), 0);
	KT_ASSERT(memcmp(a, b, 4) > 0); /* bytes compare unsigned */
	KT_ASSERT(memcmp(b, a, 4) < 0);
	KT_ASSERT_EQ(memcmp(a, b, 0), 0);
	KT_ASSERT(memchr(a, 3, 4) == a + 2);
	KT_ASSERT(memchr(a, 0x180, 4) == a + 3); /* c is converted to unsigned char */
	KT_ASSERT_NULL(memchr(a, 3, 2));
	KT_ASSERT_NULL(memchr(a, 9, 4));
}

KTEST(string, lengths)
{
	KT_ASSERT_EQ(strlen(""), 0);
	KT_ASSERT_EQ(strlen("hello"), 5);
	KT_ASSERT_EQ(strnlen("hello", 3), 3);
	KT_ASSERT_EQ(strnlen("hello", 10), 5);
	KT_ASSERT_EQ(strnlen("hello", 0), 0);
}

KTEST(string, comparisons)
{
	KT_ASSERT_EQ(strcmp("abc", "abc"), 0);
	KT_ASSERT(strcmp("abc", "abd") < 0);
	KT_ASSERT(strcmp("abd", "abc") > 0);
	KT_ASSERT(strcmp("ab", "abc") < 0);
	KT_ASSERT(strcmp("abc", "ab") > 0);
	KT_ASSERT(strcmp("\x80", "\x01") > 0); /* unsigned, like memcmp */
	KT_ASSERT_EQ(strncmp("abcX", "abcY", 3), 0);
	KT_ASSERT(strncmp("abcX", "abcY", 4) < 0);
	KT_ASSERT_EQ(strncmp("ab", "ab", 10), 0);
	KT_ASSERT(strncmp("ab", "abc", 10) < 0);
	KT_ASSERT_EQ(strncmp("x", "y", 0), 0);
}

KTEST(string, searches)
{
	static const char s[] = "a/b/c";

	KT_ASSERT(strchr(s, '/') == s + 1);
	KT_ASSERT(strrchr(s, '/') == s + 3);
	KT_ASSERT(strchr(s, '\0') == s + 5);
	KT_ASSERT(strrchr(s, '\0') == s + 5);
	KT_ASSERT_NULL(strchr(s, 'z'));
	KT_ASSERT_NULL(strrchr(s, 'z'));
	KT_ASSERT(strstr(s, "b/c") == s + 2);
	KT_ASSERT(strstr(s, "") == s);
	KT_ASSERT(strstr("", "") != NULL);
	KT_ASSERT_NULL(strstr(s, "c/"));
	KT_ASSERT_NULL(strstr("ab", "abc"));
	KT_ASSERT(strstr("aaab", "aab") != NULL);
}

KTEST(string, copies)
{
	char d[16];

	KT_ASSERT(strcpy(d, "hello") == d);
	KT_ASSERT_STR_EQ(d, "hello");
	KT_ASSERT(strcat(d, " you") == d);
	KT_ASSERT_STR_EQ(d, "hello you");

	memset(d, 'X', sizeof(d));
	KT_ASSERT(strncpy(d, "ab", 5) == d);
	KT_ASSERT_EQ(memcmp(d, "ab\0\0\0X", 6), 0); /* pads with NULs */
	memset(d, 'X', sizeof(d));
	strncpy(d, "abcdef", 3);
	KT_ASSERT_EQ(memcmp(d, "abcX", 4), 0); /* no terminator when too long */
}

KTEST(string, strlcpy_reports_source_length)
{
	char d[8];

	KT_ASSERT_EQ(strlcpy(d, "hi", sizeof(d)), 2);
	KT_ASSERT_STR_EQ(d, "hi");
	KT_ASSERT_EQ(strlcpy(d, "0123456789", sizeof(d)), 10);
	KT_ASSERT_STR_EQ(d, "0123456");
	d[0] = 'Q';
	KT_ASSERT_EQ(strlcpy(d, "abc", 0), 3);
	KT_ASSERT_EQ(d[0], 'Q');
}

KTEST(string, strscpy_returns_e2big)
{
	char d[8];

	KT_ASSERT_EQ(strscpy(d, "hi", sizeof(d)), 2);
	KT_ASSERT_STR_EQ(d, "hi");
	KT_ASSERT_EQ(strscpy(d, "1234567", sizeof(d)), 7);
	KT_ASSERT_STR_EQ(d, "1234567");
	KT_ASSERT_EQ(strscpy(d, "12345678", sizeof(d)), -E2BIG);
	KT_ASSERT_STR_EQ(d, "1234567");
	KT_ASSERT_EQ(strscpy(d, "x", 0), -E2BIG);
	KT_ASSERT_EQ(strscpy(d, "x", 1), -E2BIG);
	KT_ASSERT_STR_EQ(d, "");
	KT_ASSERT_EQ(strscpy(d, "", 1), 0);
}

KTEST(string, kstrtoull_bases)
{
	unsigned long long v = 0;

	KT_ASSERT_EQ(kstrtoull("12345", 10, &v), 0);
	KT_ASSERT_EQ(v, 12345);
	KT_ASSERT_EQ(kstrtoull("0x1F", 0, &v), 0);
	KT_ASSERT_EQ(v, 31);
	KT_ASSERT_EQ(kstrtoull("0X1f", 16, &v), 0);
	KT_ASSERT_EQ(v, 31);
	KT_ASSERT_EQ(kstrtoull("ff", 16, &v), 0);
	KT_ASSERT_EQ(v, 255);
	KT_ASSERT_EQ(kstrtoull("017", 0, &v), 0);
	KT_ASSERT_EQ(v, 15);
	KT_ASSERT_EQ(kstrtoull("0", 0, &v), 0);
	KT_ASSERT_EQ(v, 0);
	KT_ASSERT_EQ(kstrtoull("101", 2, &v), 0);
	KT_ASSERT_EQ(v, 5);
	KT_ASSERT_EQ(kstrtoull("+7\n", 10, &v), 0);
	KT_ASSERT_EQ(v, 7);
	KT_ASSERT_EQ(kstrtoull("zz", 36, &v), 0);
	KT_ASSERT_EQ(v, 36 * 35 + 35);
}

KTEST(string, kstrtoull_limits_and_errors)
{
	unsigned long long v = 99;

	KT_ASSERT_EQ(kstrtoull("18446744073709551615", 10, &v), 0);
	KT_ASSERT(v == ~0ull);
	KT_ASSERT_EQ(kstrtoull("0xffffffffffffffff", 0, &v), 0);
	KT_ASSERT(v == ~0ull);
	v = 99;
	KT_ASSERT_EQ(kstrtoull("18446744073709551616", 10, &v), -ERANGE);
	KT_ASSERT_EQ(kstrtoull("0x10000000000000000", 0, &v), -ERANGE);
	KT_ASSERT_EQ(kstrtoull("", 10, &v), -EINVAL);
	KT_ASSERT_EQ(kstrtoull("12a", 10, &v), -EINVAL);
	KT_ASSERT_EQ(kstrtoull("-1", 10, &v), -EINVAL);
	KT_ASSERT_EQ(kstrtoull(" 1", 10, &v), -EINVAL);
	KT_ASSERT_EQ(kstrtoull("0x", 0, &v), -EINVAL);
	KT_ASSERT_EQ(kstrtoull("08", 0, &v), -EINVAL);
	KT_ASSERT_EQ(kstrtoull("12\n\n", 10, &v), -EINVAL);
	KT_ASSERT_EQ(kstrtoull("1", 1, &v), -EINVAL);
	KT_ASSERT_EQ(kstrtoull("1", 37, &v), -EINVAL);
	KT_ASSERT_EQ(v, 99); /* untouched on failure */
}
