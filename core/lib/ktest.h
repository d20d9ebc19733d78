/*
 * core/lib/ktest.h - tests that run in two places.
 *
 * A KTEST is compiled into the kernel (run at boot with rux.selftest=1) and
 * into the hosted unit-test runner (run under CMocka, Valgrind and ASan), so
 * the allocator and library checks prove the same things on both platforms.
 *
 *	KTEST(buddy, split_and_coalesce)
 *	{
 *		KT_ASSERT_EQ(buddy_free_pages(), before);
 *	}
 *
 * A failed assertion prints what failed and returns from the test function;
 * the runner counts the test as failed. Tests must release what they take.
 */
#ifndef RUX_LIB_KTEST_H
#define RUX_LIB_KTEST_H

#include <stdbool.h>

struct ktest {
	const char *suite;
	const char *name;
	void (*fn)(void);
};

#define KTEST(suite, name)                                                     \
	static void ktest_fn_##suite##_##name(void);                               \
	static const struct ktest ktest_desc_##suite##_##name                      \
		__attribute__((used, section("ktests"), aligned(8))) = {               \
			#suite, #name, ktest_fn_##suite##_##name};                         \
	static void ktest_fn_##suite##_##name(void)

/* Record one check; returns @ok. Prints the failure when !ok. */
bool ktest_check(bool ok, const char *expr, const char *file, int line);
bool ktest_check_eq(long long a, long long b, const char *expr, const char *file,
		    int line);
bool ktest_check_str_eq(const char *a, const char *b, const char *expr,
			const char *file, int line);

#define KT_ASSERT(cond)                                                        \
	do {                                                                       \
		if (!ktest_check(!!(cond), #cond, __FILE__, __LINE__))                 \
			return;                                                            \
	} while (0)

#define KT_ASSERT_EQ(a, b)                                                     \
	do {                                                                       \
		if (!ktest_check_eq((long long)(a), (long long)(b), #a " == " #b,      \
				    __FILE__, __LINE__))                                       \
			return;                                                            \
	} while (0)

#define KT_ASSERT_STR_EQ(a, b)                                                 \
	do {                                                                       \
		if (!ktest_check_str_eq((a), (b), #a " == " #b, __FILE__, __LINE__))   \
			return;                                                            \
	} while (0)

#define KT_ASSERT_NOT_NULL(p) KT_ASSERT((p) != NULL)
#define KT_ASSERT_NULL(p)     KT_ASSERT((p) == NULL)

/* The test table, built by the linker from every KTEST in the image (weak:
 * a host program without KTESTs has no such section). */
extern const struct ktest __start_ktests[] __attribute__((weak));
extern const struct ktest __stop_ktests[] __attribute__((weak));

/* Run every test whose suite matches @suite (NULL: all). Returns failures. */
struct ktest_result {
	unsigned int passed;
	unsigned int failed;
};
struct ktest_result ktest_run(const char *suite);
/* Run one test; true when it passed. */
bool ktest_run_one(const struct ktest *t);

#endif /* RUX_LIB_KTEST_H */
