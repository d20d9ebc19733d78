/*
 * core/init/selftest.c - the KTEST runner (see lib/ktest.h) and the
 * rux.selftest= boot modes:
 *
 *	rux.selftest=1        run every KTEST, print "selftest: N passed, M failed",
 *	                      power off with 0 when none failed, 1 otherwise
 *	rux.selftest=SUITE    the same for one suite
 *	rux.selftest=fault    fault on purpose in kernel mode (tests the panic path)
 *	rux.selftest=console  read one console line and echo it back
 */
#include "drivers/tty/console.h"
#include "init/cmdline.h"
#include "init/init.h"
#include "lib/ktest.h"
#include "lib/printk.h"
#include "lib/string.h"

static bool current_failed;

bool ktest_check(bool ok, const char *expr, const char *file, int line)
{
	if (!ok) {
		printk("selftest: check failed: %s (%s:%d)\n", expr, file, line);
		current_failed = true;
	}
	return ok;
}

bool ktest_check_eq(long long a, long long b, const char *expr, const char *file, int line)
{
	if (a != b) {
		printk("selftest: check failed: %s: %lld != %lld (0x%llx != 0x%llx) (%s:%d)\n",
		       expr, a, b, (unsigned long long)a, (unsigned long long)b, file, line);
		current_failed = true;
	}
	return a == b;
}

bool ktest_check_str_eq(const char *a, const char *b, const char *expr, const char *file,
			int line)
{
	bool ok = a && b && strcmp(a, b) == 0;

	if (!ok) {
		printk("selftest: check failed: %s: \"%s\" != \"%s\" (%s:%d)\n", expr,
		       a ? a : "(null)", b ? b : "(null)", file, line);
		current_failed = true;
	}
	return ok;
}

bool ktest_run_one(const struct ktest *t)
{
	current_failed = false;
	t->fn();
	if (current_failed)
		printk("selftest: FAIL %s.%s\n", t->suite, t->name);
	return !current_failed;
}

struct ktest_result ktest_run(const char *suite)
{
	struct ktest_result r = {0, 0};

	for (const struct ktest *t = __start_ktests; t < __stop_ktests; t++) {
		if (suite && strcmp(suite, t->suite) != 0)
			continue;
		if (ktest_run_one(t))
			r.passed++;
		else
			r.failed++;
	}
	return r;
}

/* Not inlined, so the backtrace names it. */
static __attribute__((noinline)) void selftest_fault(void)
{
	/* Through a variable, so the compiler cannot see the bad constant. */
	static volatile uintptr_t bad_addr = 0x10;
	volatile unsigned long *bad = (volatile unsigned long *)bad_addr;

	printk("selftest: reading address %p on purpose\n", (void *)bad);
	(void)*bad;
}

static void echo_console_line(void)
{
	char line[128];

	printk("console: type a line\n");
	console_read_line(line, sizeof(line));
	printk("console: got '%s'\n", line);
}

void selftest_main(void)
{
	const char *param = cmdline_get("rux.selftest");
	char mode[64];

	if (!param)
		return;
	/* A copy: the cmdline tests parse other command lines. */
	strlcpy(mode, param, sizeof(mode));
	if (strcmp(mode, "fault") == 0) {
		selftest_fault();
		printk("selftest: the fault did not happen\n");
		hal_poweroff(1);
	}
	if (strcmp(mode, "console") == 0) {
		echo_console_line();
		hal_poweroff(0);
	}

	const char *suite = strcmp(mode, "1") == 0 ? NULL : mode;
	struct ktest_result r = ktest_run(suite);

	printk("selftest: %u passed, %u failed\n", r.passed, r.failed);
	hal_poweroff(r.failed || r.passed == 0 ? 1 : 0);
}
