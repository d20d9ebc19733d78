/*
 * tests/unit/test_sched_context.c - the hosted HAL's context switch on its
 * own, below the scheduler: contexts on stacks from the host heap pass
 * control around in a ring and come back, with Valgrind and ASan watching
 * (this test also runs under memcheck).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

#include <cmocka.h> /* after the headers it needs */

#include "hal/hal.h"

#define RING	  3
#define LAPS	  100
#define STACK_LEN (64 * 1024)

static struct hal_context main_ctx, ring_ctx[RING];
static unsigned int visits[RING];
static unsigned int trace[RING * LAPS], trace_len;

/* Context @i: note the visit, pass on to the next, the last one back to main. */
static void ring_body(void *arg)
{
	unsigned int i = (unsigned int)(uintptr_t)arg;
	char local[64]; /* stack data that must survive the switches */

	for (unsigned int k = 0; k < sizeof(local); k++)
		local[k] = (char)(i + k);
	for (;;) {
		visits[i]++;
		trace[trace_len++] = i;
		for (unsigned int k = 0; k < sizeof(local); k++)
			assert_int_equal(local[k], (char)(i + k));
		hal_context_switch(&ring_ctx[i], i + 1 < RING ? &ring_ctx[i + 1] : &main_ctx);
	}
}

static void test_contexts_pass_control_in_a_ring(void **state)
{
	void *stacks[RING];

	(void)state;
	for (unsigned int i = 0; i < RING; i++) {
		stacks[i] = malloc(STACK_LEN);
		assert_non_null(stacks[i]);
		hal_context_init(&ring_ctx[i], stacks[i], STACK_LEN, ring_body,
				 (void *)(uintptr_t)i);
	}
	for (unsigned int lap = 0; lap < LAPS; lap++)
		hal_context_switch(&main_ctx, &ring_ctx[0]);
	for (unsigned int i = 0; i < RING; i++)
		assert_int_equal(visits[i], LAPS);
	for (unsigned int k = 0; k < trace_len; k++)
		assert_int_equal(trace[k], k % RING);
	/* The ring contexts stay suspended forever; their stacks can go. */
	for (unsigned int i = 0; i < RING; i++)
		free(stacks[i]);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_contexts_pass_control_in_a_ring),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
