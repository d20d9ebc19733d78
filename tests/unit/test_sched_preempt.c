/*
 * tests/unit/test_sched_preempt.c - preemption by the tick, on the hosted
 * kernel: two threads that never give up the CPU by themselves still take
 * turns, one slice (a tick) at a time, because the tick sets need_resched
 * and the "return from interrupt" calls sched_preempt_point(). The test
 * plays the HAL's part: it advances the simulated clock, which fires the
 * timer, then calls the preemption point as the interrupt exit would.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h> /* after the headers it needs */

#include "hal/hal.h"
#include "hal/hosted/hosted.h"
#include "lib/ktest.h"
#include "sched/cpu.h"
#include "sched/thread.h"

#define STEP_NS	  (1000000ull) /* each loop iteration "takes" 1 ms */
#define STEPS	  200
#define SLICE_MAX (1000 / HZ + 1) /* steps in one slice, plus the odd one */

static unsigned int trace[2 * STEPS], trace_len;

static void busy_thread(void *arg)
{
	unsigned int id = (unsigned int)(uintptr_t)arg;

	for (unsigned int i = 0; i < STEPS; i++) {
		trace[trace_len++] = id;
		hosted_clock_advance(STEP_NS); /* the timer interrupt, when due */
		sched_preempt_point();	       /* ... and its way out */
	}
}

static void test_tick_preempts_busy_threads(void **state)
{
	struct thread *a, *b;
	unsigned int switches = 0, run = 1, longest = 1;

	(void)state;
	hal_irq_enable();
	tick_start();
	a = kthread_run(busy_thread, (void *)0, "busy-a");
	b = kthread_run(busy_thread, (void *)1, "busy-b");
	assert_non_null(a);
	assert_non_null(b);
	thread_join(a);
	thread_join(b);

	assert_int_equal(trace_len, 2 * STEPS);
	for (unsigned int i = 1; i < trace_len; i++) {
		if (trace[i] != trace[i - 1]) {
			switches++;
			run = 1;
		} else if (++run > longest) {
			longest = run;
		}
	}
	/* Both ran in turns of about one slice each, not one after the other. */
	assert_true(switches >= STEPS / SLICE_MAX);
	assert_true(longest <= SLICE_MAX);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_tick_preempts_busy_threads),
	};

	hosted_boot(16ull << 20, "");
	int failed = cmocka_run_group_tests(tests, NULL, NULL);
	hosted_shutdown();
	return failed;
}
