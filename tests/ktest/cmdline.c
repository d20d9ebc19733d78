/* tests/ktest/cmdline.c - parsing the kernel command line. */
#include "init/cmdline.h"
#include "lib/ktest.h"
#include "lib/string.h"
#include "uapi/errno.h"

static char saved[CMDLINE_MAX];

static void save(void)
{
	strlcpy(saved, cmdline_raw(), sizeof(saved));
}

static void restore(void)
{
	cmdline_parse(saved);
}

KTEST(cmdline, key_value_and_bare_keys)
{
	save();
	int n = cmdline_parse("console=ttyS0 quiet root=/dev/vda rw");
	bool ok = n == 4 && strcmp(cmdline_get("console"), "ttyS0") == 0 &&
		  strcmp(cmdline_get("quiet"), "") == 0 &&
		  strcmp(cmdline_get("root"), "/dev/vda") == 0 && cmdline_has("rw") &&
		  cmdline_get("init") == NULL && !cmdline_has("roo");
	restore();
	KT_ASSERT(ok);
}

KTEST(cmdline, quotes_spaces_and_last_one_wins)
{
	save();
	int n = cmdline_parse("  a=1\tmsg=\"hello world\"   a=2 b=x=y  ");
	bool ok = n == 4 && strcmp(cmdline_get("a"), "2") == 0 &&
		  strcmp(cmdline_get("msg"), "hello world") == 0 &&
		  strcmp(cmdline_get("b"), "x=y") == 0;
	restore();
	KT_ASSERT(ok);
}

KTEST(cmdline, empty_and_raw)
{
	save();
	int n = cmdline_parse("");
	bool ok = n == 0 && cmdline_get("") == NULL && strcmp(cmdline_raw(), "") == 0;
	restore();
	KT_ASSERT(ok);
}

KTEST(cmdline, too_many_parameters)
{
	static char many[CMDLINE_MAX];
	size_t len = 0;

	save();
	for (int i = 0; i < CMDLINE_MAX_PARAMS + 5; i++) {
		many[len++] = 'k';
		many[len++] = ' ';
	}
	many[len] = '\0';
	int n = cmdline_parse(many);
	restore();
	KT_ASSERT_EQ(n, -E2BIG);
}
