/*
 * tests/unit/test_sched_nice.c - nice values on the real scheduler, on the
 * hosted kernel's simulated clock: two threads that never give up the CPU,
 * one at nice 0 and one at nice 5, share it about 3:1 (Linux's weights
 * 1024 and 335); at equal nice values they share it equally. As in
 * test_sched_preempt.c, each loop iteration "takes" 1 ms of simulated time
 * and then passes the preemption point, as the tick's interrupt exit would.
 * Nothing depends on host timing: the clock moves only here.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h> /* after the headers it needs */

#include "hal/hal.h"
#include "hal/hosted/hosted.h"
#include "sched/cpu.h"
#include "sched/thread.h"

#define STEP_NS	    1000000ull /* each loop iteration "takes" 1 ms */
#define TOTAL_STEPS 2000       /* 200 slices of one tick between the two */

struct busy {
	unsigned int steps; /* iterations this thread ran */
};

static unsigned int total_steps;

static void busy_thread(void *arg)
{
	struct busy *b = arg;

	while (total_steps < TOTAL_STEPS) {
		b->steps++;
		total_steps++;
		hosted_clock_advance(STEP_NS); /* the timer interrupt, when due */
		sched_preempt_point();	       /* ... and its way out */
	}
}

/* Run two busy threads at @nice_a and @nice_b; steps each got in @out. */
static void run_pair(int nice_a, int nice_b, unsigned int out[2])
{
	static struct busy busy[2];
	int nice[2] = {nice_a, nice_b};
	struct thread *t[2];

	total_steps = 0;
	for (unsigned int i = 0; i < 2; i++) {
		busy[i].steps = 0;
		t[i] = kthread_create(busy_thread, &busy[i], "busy");
		assert_non_null(t[i]);
		sched_set_nice(t[i], nice[i]);
	}
	thread_start(t[0]);
	thread_start(t[1]);
	thread_join(t[0]);
	thread_join(t[1]);
	out[0] = busy[0].steps;
	out[1] = busy[1].steps;
	assert_int_equal(out[0] + out[1], TOTAL_STEPS);
}

static void test_nice_5_gets_a_third_of_nice_0(void **state)
{
	unsigned int steps[2];

	(void)state;
	run_pair(0, 5, steps);
	/* 1024 / 335 = 3.06; a slice is a whole tick, so allow some slack. */
	assert_in_range(steps[0] * 100 / steps[1], 270, 340);
	assert_int_equal(sched_get_nice(current_thread()), 0);
}

static void test_equal_nice_shares_equally(void **state)
{
	unsigned int steps[2];

	(void)state;
	run_pair(10, 10, steps);
	assert_in_range(steps[0], TOTAL_STEPS / 2 - 20, TOTAL_STEPS / 2 + 20);
}

static void test_share_follows_weight_not_start_order(void **state)
{
	unsigned int steps[2];

	(void)state;
	run_pair(5, 0, steps); /* the lighter thread starts first */
	assert_in_range(steps[1] * 100 / steps[0], 270, 340);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_nice_5_gets_a_third_of_nice_0),
	    cmocka_unit_test(test_equal_nice_shares_equally),
	    cmocka_unit_test(test_share_follows_weight_not_start_order),
	};
	int failed;

	hosted_boot(16ull << 20, "");
	hal_irq_enable();
	tick_start();
	failed = cmocka_run_group_tests(tests, NULL, NULL);
	hosted_shutdown();
	return failed;
}
