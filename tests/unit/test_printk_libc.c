/*
 * tests/unit/test_printk_libc.c - kvsnprintf against the host C library's
 * vsnprintf on many thousands of random, well-defined conversions (flags,
 * widths, precisions, '*', length modifiers, edge values) and buffer sizes.
 * Host only: the expected text comes from glibc. %p is left out (glibc
 * prints "(nil)" for NULL; Rux prints "0x0") and so is %s of NULL.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

#include "lib/printk.h"

#define ROUNDS 20000

static uint64_t rng_state = 0x2545f4914f6cdd1dull;

static uint64_t rng(void)
{
	rng_state ^= rng_state << 13;
	rng_state ^= rng_state >> 7;
	rng_state ^= rng_state << 17;
	return rng_state;
}

/* Interesting integers: 0, +-1, type limits, random bit patterns. */
static uint64_t random_value(void)
{
	static const uint64_t edges[] = {
		0, 1, ~0ull, 0x7f, 0x80, 0xff, 0x7fff, 0x8000, 0xffff, 0x7fffffff,
		0x80000000, 0xffffffff, 0x7fffffffffffffffull, 0x8000000000000000ull,
	};

	if (rng() % 3 == 0)
		return edges[rng() % (sizeof(edges) / sizeof(edges[0]))];
	return rng() >> (rng() % 64);
}

struct fmt_case {
	char fmt[32];
	int stars[2], nstars;
	char conv;
	const char *len;
};

static void append(char *fmt, const char *s)
{
	strcat(fmt, s);
}

/* Build a random but well-defined conversion into @c. */
static void random_case(struct fmt_case *c)
{
	static const char convs[] = "diuxXocs";
	static const char *const lens[] = { "", "hh", "h", "l", "ll", "z", "t" };
	bool is_int;

	memset(c, 0, sizeof(*c));
	c->conv = convs[rng() % (sizeof(convs) - 1)];
	is_int = c->conv != 'c' && c->conv != 's';
	c->len = is_int ? lens[rng() % 7] : "";
	append(c->fmt, "<%");
	if (rng() % 3 == 0)
		append(c->fmt, "-");
	if (is_int && rng() % 3 == 0)
		append(c->fmt, "0");
	if ((c->conv == 'd' || c->conv == 'i') && rng() % 3 == 0)
		append(c->fmt, rng() % 2 ? "+" : " ");
	if (strchr("xXo", c->conv) && rng() % 3 == 0)
		append(c->fmt, "#");
	switch (rng() % 3) {
	case 0:
		break;
	case 1:
		snprintf(c->fmt + strlen(c->fmt), 8, "%d", (int)(rng() % 25) + 1);
		break;
	case 2:
		append(c->fmt, "*");
		c->stars[c->nstars++] = (int)(rng() % 50) - 25;
		break;
	}
	if (c->conv != 'c' && rng() % 2) {
		switch (rng() % 3) {
		case 0:
			append(c->fmt, ".");
			break;
		case 1:
			snprintf(c->fmt + strlen(c->fmt), 8, ".%d", (int)(rng() % 25));
			break;
		case 2:
			append(c->fmt, ".*");
			c->stars[c->nstars++] = (int)(rng() % 30) - 5;
			break;
		}
	}
	append(c->fmt, c->len);
	snprintf(c->fmt + strlen(c->fmt), 4, "%c>", c->conv);
}

/* Call @fn (kernel or libc) on case @c with value @v. */
typedef int (*vfmt_fn)(char *, size_t, const char *, va_list);

static int call(vfmt_fn fn, char *buf, size_t size, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = fn(buf, size, fmt, ap);
	va_end(ap);
	return n;
}

#define CALL_WITH(fn, buf, size, c, v)                                         \
	((c)->nstars == 0 ? call(fn, buf, size, (c)->fmt, v) :                     \
	 (c)->nstars == 1 ? call(fn, buf, size, (c)->fmt, (c)->stars[0], v) :      \
	 call(fn, buf, size, (c)->fmt, (c)->stars[0], (c)->stars[1], v))

static int format(vfmt_fn fn, char *buf, size_t size, const struct fmt_case *c,
		  uint64_t v)
{
	static const char *const strings[] = { "", "a", "hello", "a longer string here" };

	if (c->conv == 's')
		return CALL_WITH(fn, buf, size, c, strings[v % 4]);
	if (c->conv == 'c')
		return CALL_WITH(fn, buf, size, c, (int)(v % 94) + 32);
	if (!strcmp(c->len, "ll"))
		return CALL_WITH(fn, buf, size, c, (unsigned long long)v);
	if (!strcmp(c->len, "l") || !strcmp(c->len, "z") || !strcmp(c->len, "t"))
		return CALL_WITH(fn, buf, size, c, (unsigned long)v);
	return CALL_WITH(fn, buf, size, c, (unsigned int)v);
}

static void test_random_conversions_match_libc(void **state)
{
	char want[128], got[128];

	for (int i = 0; i < ROUNDS; i++) {
		struct fmt_case c;
		uint64_t v = random_value();
		size_t size = rng() % 3 ? sizeof(want) : rng() % 12;
		int nw, ng;

		random_case(&c);
		memset(want, '#', sizeof(want));
		memset(got, '#', sizeof(got));
		nw = format(vsnprintf, want, size, &c, v);
		ng = format(kvsnprintf, got, size, &c, v);
		if (nw != ng || memcmp(want, got, sizeof(want)) != 0)
			fail_msg("format \"%s\" value 0x%llx size %zu: libc %d \"%.*s\", rux %d \"%.*s\"",
				 c.fmt, (unsigned long long)v, size, nw, (int)size, want, ng,
				 (int)size, got);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_random_conversions_match_libc),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
