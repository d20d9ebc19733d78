/*
 * tests/ktest/printk.c - the formatter's exact output for each conversion,
 * flag and edge case, truncation at every buffer size, and the log ring.
 * Expected strings are literals (what C99 printf prints), so these run the
 * same in the kernel and on the host.
 */
#include <stddef.h>
#include <stdint.h>

#include "lib/ktest.h"
#include "lib/printk.h"
#include "lib/string.h"

/* <limits.h> is not freestanding everywhere; the compiler knows these. */
#define INT_MAX    __INT_MAX__
#define INT_MIN    (-INT_MAX - 1)
#define UINT_MAX   (INT_MAX * 2u + 1u)
#define LONG_MIN   (-__LONG_MAX__ - 1l)
#define LLONG_MAX  __LONG_LONG_MAX__
#define LLONG_MIN  (-LLONG_MAX - 1ll)
#define ULLONG_MAX (LLONG_MAX * 2ull + 1ull)

static char buf[256];

/* Format into buf; check the text and the C99 return value. */
#define CHECK_FMT(expect, ...)                                                 \
	do {                                                                       \
		int __n = ksnprintf(buf, sizeof(buf), __VA_ARGS__);                    \
		KT_ASSERT_STR_EQ(buf, expect);                                         \
		KT_ASSERT_EQ(__n, (int)strlen(expect));                                \
	} while (0)

/*
 * Formats and arguments the compiler would reject as questionable (they are
 * the edge cases under test) pass through these volatiles, out of its sight.
 */
static const char *volatile hidden_fmt;
static const char *volatile null_string;

#define CHECK_HIDDEN_FMT(expect, fmt, ...)                                     \
	do {                                                                       \
		hidden_fmt = fmt;                                                      \
		CHECK_FMT(expect, hidden_fmt, __VA_ARGS__);                            \
	} while (0)

KTEST(printk, signed_decimal)
{
	CHECK_FMT("0", "%d", 0);
	CHECK_FMT("42 -42", "%d %i", 42, -42);
	CHECK_FMT("-2147483648", "%d", INT_MIN);
	CHECK_FMT("2147483647", "%d", INT_MAX);
	CHECK_FMT("-9223372036854775808", "%lld", LLONG_MIN);
	CHECK_FMT("9223372036854775807", "%lld", LLONG_MAX);
	CHECK_FMT("-9223372036854775808", "%ld", LONG_MIN);
}

KTEST(printk, unsigned_and_bases)
{
	CHECK_FMT("4294967295", "%u", UINT_MAX);
	CHECK_FMT("18446744073709551615", "%llu", ULLONG_MAX);
	CHECK_FMT("ffffffffffffffff", "%llx", ULLONG_MAX);
	CHECK_FMT("1777777777777777777777", "%llo", ULLONG_MAX);
	CHECK_FMT("deadbeef DEADBEEF", "%x %X", 0xdeadbeefu, 0xdeadbeefu);
	CHECK_FMT("17", "%o", 15u);
	CHECK_FMT("0", "%x", 0u);
}

KTEST(printk, length_modifiers)
{
	CHECK_HIDDEN_FMT("44", "%hhd", 300);
	CHECK_HIDDEN_FMT("-1", "%hhd", 255);
	CHECK_HIDDEN_FMT("255", "%hhu", -1);
	CHECK_HIDDEN_FMT("4464", "%hd", 70000);
	CHECK_HIDDEN_FMT("65535", "%hu", -1);
	CHECK_HIDDEN_FMT("ff", "%hhx", 0x1ff);
	CHECK_FMT("123", "%zu", (size_t)123);
	CHECK_FMT("-5", "%zd", (long)-5);
	CHECK_FMT("-7", "%td", (ptrdiff_t)-7);
	CHECK_FMT("123456789abc", "%lx", 0x123456789abcul);
	CHECK_FMT("-1", "%jd", (intmax_t)-1);
}

KTEST(printk, flags)
{
	CHECK_FMT("0xff 0XFF", "%#x %#X", 255u, 255u);
	CHECK_FMT("0", "%#x", 0u);
	CHECK_FMT("010 0", "%#o %#o", 8u, 0u);
	CHECK_FMT("+5 -5  5", "%+d %+d % d", 5, -5, 5);
	CHECK_FMT("+0", "%+d", 0);
	CHECK_FMT("-0042", "%05d", -42);
	CHECK_FMT("00042", "%05d", 42);
	CHECK_FMT("+0042", "%+05d", 42);
	CHECK_FMT("42   |", "%-5d|", 42);
	CHECK_HIDDEN_FMT("-42  |", "%-05d|", -42); /* '-' beats '0' */
	CHECK_FMT("0x00ff", "%#06x", 255u);
	CHECK_FMT("  0xff", "%#6x", 255u);
	CHECK_FMT("0xff  |", "%-#6x|", 255u);
}

KTEST(printk, width_and_precision)
{
	CHECK_FMT("   42", "%5d", 42);
	CHECK_FMT("12345", "%3d", 12345);
	CHECK_FMT("", "%.0d", 0);
	CHECK_FMT("     |", "%5.0d|", 0);
	CHECK_FMT("", "%.0x", 0u);
	CHECK_FMT("", "%#.0x", 0u);
	CHECK_FMT("0", "%#.0o", 0u);
	CHECK_FMT("007", "%.3d", 7);
	CHECK_FMT("    -007", "%8.3d", -7);
	CHECK_HIDDEN_FMT("     007", "%08.3d", 7); /* precision beats '0' */
	CHECK_FMT("0x0000ab", "%#.6x", 0xabu);
	CHECK_FMT("00012", "%.5o", 10u);
	CHECK_FMT("012", "%#.3o", 10u);
}

KTEST(printk, star_arguments)
{
	CHECK_FMT("    42", "%*d", 6, 42);
	CHECK_FMT("1   |", "%-*d|", 4, 1);
	CHECK_FMT("1   |", "%*d|", -4, 1);
	CHECK_FMT("abc", "%.*s", 3, "abcdef");
	CHECK_FMT("5", "%.*d", -1, 5);
	CHECK_FMT("  007", "%*.*d", 5, 3, 7);
}

KTEST(printk, strings_and_chars)
{
	static const char unterminated[3] = { 'x', 'y', 'z' };

	CHECK_FMT("(null)", "%s", null_string);
	CHECK_FMT("ab   |", "%-5s|", "ab");
	CHECK_FMT("   ab", "%5s", "ab");
	CHECK_FMT("ab", "%.2s", "abc");
	CHECK_FMT("abc", "%.10s", "abc");
	CHECK_FMT("", "%s", "");
	CHECK_FMT("xyz", "%.3s", unterminated);
	CHECK_FMT("A", "%c", 'A');
	CHECK_FMT("  x|x  |", "%3c|%-3c|", 'x', 'x');
	CHECK_FMT("100%", "100%%");
	CHECK_FMT("a%b", "a%%b");
}

KTEST(printk, pointers)
{
	CHECK_FMT("0x1234", "%p", (void *)0x1234);
	CHECK_FMT("0x0", "%p", NULL);
	CHECK_FMT("0xdeadbeef", "%p", (void *)(uintptr_t)0xdeadbeef);
	CHECK_FMT("  0x10|", "%6p|", (void *)0x10);
}

KTEST(printk, unknown_conversion_is_copied)
{
	int n;

	hidden_fmt = "a%qb%";
	n = ksnprintf(buf, sizeof(buf), hidden_fmt, 0);

	KT_ASSERT_STR_EQ(buf, "a%qb%");
	KT_ASSERT_EQ(n, 5);
}

KTEST(printk, truncation_at_every_size)
{
	static const char full[] = "x=-12345 s=hello 0xbeef!";
	char out[40];

	for (size_t size = 0; size < sizeof(out); size++) {
		memset(out, '#', sizeof(out));
		int n = ksnprintf(out, size, "x=%d s=%s %#x!", -12345, "hello", 0xbeefu);
		size_t stored = size == 0 ? 0 : MIN(size - 1, sizeof(full) - 1);

		KT_ASSERT_EQ(n, (int)sizeof(full) - 1);
		KT_ASSERT_EQ(memcmp(out, full, stored), 0);
		if (size > 0)
			KT_ASSERT_EQ(out[stored], '\0');
		/* Nothing past the buffer is touched. */
		for (size_t i = size; i < sizeof(out); i++)
			KT_ASSERT_EQ(out[i], '#');
	}
}

KTEST(printk, size_zero_null_buffer)
{
	KT_ASSERT_EQ(ksnprintf(NULL, 0, "%d", 12345), 5);
	KT_ASSERT_EQ(kscnprintf(NULL, 0, "%d", 12345), 0);
}

KTEST(printk, scnprintf_returns_stored_length)
{
	KT_ASSERT_EQ(kscnprintf(buf, 4, "hello"), 3);
	KT_ASSERT_STR_EQ(buf, "hel");
	KT_ASSERT_EQ(kscnprintf(buf, 6, "hello"), 5);
	KT_ASSERT_EQ(kscnprintf(buf, 5, "hello"), 4);
	KT_ASSERT_EQ(kscnprintf(buf, 1, "hello"), 0);
	KT_ASSERT_STR_EQ(buf, "");
}

KTEST(printk, long_output_counts_past_buffer)
{
	KT_ASSERT_EQ(ksnprintf(buf, 8, "%300d", 1), 300);
	KT_ASSERT_STR_EQ(buf, "       ");
	KT_ASSERT_EQ(ksnprintf(buf, 8, "%-300s|", "ab"), 301);
	KT_ASSERT_STR_EQ(buf, "ab     ");
}

KTEST(printk, log_keeps_latest_message)
{
	char text[64];
	int n = printk("ktest printk marker %d\n", 4242);
	size_t got = printk_log_read(text, sizeof(text) - 1);

	KT_ASSERT_EQ(n, 25);
	KT_ASSERT(got >= 25);
	text[got] = '\0';
	KT_ASSERT_STR_EQ(text + got - 25, "ktest printk marker 4242\n");
}

KTEST(printk, log_ring_wraps)
{
	static char text[PRINTK_LOG_SIZE + 16];
	size_t got;

	/* Push more than the ring holds; the oldest text must fall out. */
	for (int i = 0; i < 40; i++)
		printk("ktest ring %02d %0480d\n", i, 0);
	got = printk_log_read(text, sizeof(text));
	KT_ASSERT_EQ(got, PRINTK_LOG_SIZE);
	text[got] = '\0';
	KT_ASSERT_EQ(text[got - 1], '\n');
	KT_ASSERT_EQ(memcmp(text + got - 495, "ktest ring 39 ", 14), 0);
	KT_ASSERT_NULL(strstr(text, "ktest ring 00 "));
	KT_ASSERT_NOT_NULL(strstr(text, "ktest ring 20 "));
	/* A short read returns the newest bytes. */
	KT_ASSERT_EQ(printk_log_read(text, 4), 4);
	KT_ASSERT_EQ(memcmp(text, "000\n", 4), 0);
}
