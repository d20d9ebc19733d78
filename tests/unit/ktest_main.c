/*
 * tests/unit/ktest_main.c - run one KTEST suite on the hosted kernel under CMocka.
 *
 *	ktest SUITE     run every KTEST(SUITE, ...) linked into this binary
 *	ktest --list    print the suites and tests
 *
 * The hosted kernel is booted once (memory, allocators) before the suite runs.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "hal/hosted/hosted.h"
#include "lib/ktest.h"

#define TEST_RAM_BYTES (64ull << 20)

static void run_cmocka_case(void **state)
{
	const struct ktest *t = *state;

	if (!ktest_run_one(t))
		fail_msg("%s.%s failed", t->suite, t->name);
}

static int list_tests(void)
{
	for (const struct ktest *t = __start_ktests; t < __stop_ktests; t++)
		printf("%s %s\n", t->suite, t->name);
	return 0;
}

int main(int argc, char **argv)
{
	if (argc != 2) {
		fprintf(stderr, "usage: %s SUITE | --list\n", argv[0]);
		return 2;
	}
	if (argv[1][0] == '-' && argv[1][1] == '-')
		return list_tests();

	size_t n = 0, total = (size_t)(__stop_ktests - __start_ktests);
	struct CMUnitTest *cases = calloc(total ? total : 1, sizeof(*cases));

	if (!cases)
		return 1;
	for (const struct ktest *t = __start_ktests; t < __stop_ktests; t++) {
		if (strcmp(t->suite, argv[1]) != 0)
			continue;
		cases[n].name = t->name;
		cases[n].test_func = run_cmocka_case;
		cases[n].initial_state = (void *)t;
		n++;
	}
	if (n == 0) {
		fprintf(stderr, "ktest: no tests in suite '%s' (try --list)\n", argv[1]);
		free(cases);
		return 2;
	}
	hosted_boot(TEST_RAM_BYTES, "");
	int failed = _cmocka_run_group_tests(argv[1], cases, n, NULL, NULL);
	free(cases);
	hosted_shutdown();
	return failed ? 1 : 0;
}
