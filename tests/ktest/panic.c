/*
 * tests/ktest/panic.c - WARN_ON and WARN_ON_ONCE: their value is the
 * condition, and they log "warning: file:line: cond". (panic() itself powers
 * the machine off; the QEMU boot tests cover it with rux.selftest=fault.)
 */
#include "lib/ktest.h"
#include "lib/panic.h"
#include "lib/printk.h"
#include "lib/string.h"

static char text[PRINTK_LOG_SIZE + 1];

/* How often @needle occurs in the log text read since @mark was printed. */
static int count_since(const char *mark, const char *needle)
{
	size_t got = printk_log_read(text, PRINTK_LOG_SIZE);
	const char *p;
	int n = 0;

	text[got] = '\0';
	p = strstr(text, mark);
	if (!p)
		return -1;
	while ((p = strstr(p, needle))) {
		n++;
		p += strlen(needle);
	}
	return n;
}

KTEST(panic, warn_on_is_the_condition)
{
	int two = 2;

	printk("ktest warn mark 1\n");
	KT_ASSERT(!WARN_ON(two == 3));
	KT_ASSERT(WARN_ON(two > 1));
	if (WARN_ON(two != 2))
		KT_ASSERT(false);
	KT_ASSERT_EQ(count_since("ktest warn mark 1", "warning: "), 1);
	KT_ASSERT_EQ(count_since("ktest warn mark 1", "panic.c:"), 1);
	KT_ASSERT_EQ(count_since("ktest warn mark 1", ": two > 1\n"), 1);
}

KTEST(panic, warn_on_once_warns_once)
{
	int hits = 0;

	printk("ktest warn mark 2\n");
	for (int i = 0; i < 3; i++)
		if (WARN_ON_ONCE(i >= 0))
			hits++;
	KT_ASSERT_EQ(hits, 3);
	KT_ASSERT_EQ(count_since("ktest warn mark 2", ": i >= 0\n"), 1);
}

KTEST(panic, bug_on_false_does_nothing)
{
	int x = 1;

	BUG_ON(x != 1);
	KT_ASSERT_EQ(x, 1);
}
