/*
 * tests/unit/test_hosted_console.c - console input on the hosted machine
 * (ruxsim's keyboard): bytes from a host descriptor reach the kernel's
 * console buffer when every CPU idles and at timer interrupts, a chunk at a
 * time; Ctrl-A Ctrl-A stands for one Ctrl-A; end of file closes the input.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h> /* after the headers it needs */

#include "drivers/tty/console.h"
#include "hal/hal.h"
#include "hal/hosted/hosted.h"

static int pipe_fd[2];

static void test_idle_cpu_receives_input(void **state)
{
	char buf[16];

	(void)state;
	assert_int_equal(write(pipe_fd[1], "ls\n", 3), 3);
	hal_wait_for_interrupt(); /* no timer armed: waits for the input */
	assert_int_equal(console_input_take(buf, sizeof(buf)), 3);
	assert_memory_equal(buf, "ls\n", 3);
}

static void test_timer_interrupt_looks_for_input(void **state)
{
	char buf[16];

	(void)state;
	assert_int_equal(write(pipe_fd[1], "t", 1), 1);
	hal_timer_arm(hal_clock_ns() + 1000);
	hosted_clock_advance(999);
	assert_int_equal(console_input_take(buf, sizeof(buf)), 0);
	hosted_clock_advance(1);
	assert_int_equal(console_input_take(buf, sizeof(buf)), 1);
	assert_int_equal(buf[0], 't');
}

static void test_input_comes_in_chunks(void **state)
{
	char in[100], buf[sizeof(in)];
	size_t first;

	(void)state;
	memset(in, 'x', sizeof(in));
	assert_int_equal(write(pipe_fd[1], in, sizeof(in)), sizeof(in));
	hal_wait_for_interrupt();
	first = console_input_take(buf, sizeof(buf));
	assert_true(first > 0 && first < sizeof(in));
	hal_wait_for_interrupt();
	assert_int_equal(first + console_input_take(buf, sizeof(buf)), sizeof(in));
}

static void test_ctrl_a_twice_types_one(void **state)
{
	char buf[16];

	(void)state;
	assert_int_equal(write(pipe_fd[1], "a\001\001b", 4), 4);
	hal_wait_for_interrupt();
	assert_int_equal(console_input_take(buf, sizeof(buf)), 3);
	assert_memory_equal(buf, "a\001b", 3);
}

static void test_end_of_file_closes_the_input(void **state)
{
	char buf[16];

	(void)state;
	assert_int_equal(write(pipe_fd[1], "z", 1), 1);
	close(pipe_fd[1]);
	hal_wait_for_interrupt();
	assert_int_equal(console_input_take(buf, sizeof(buf)), 1);
	hal_timer_arm(hal_clock_ns() + 1000);
	hal_wait_for_interrupt(); /* reads the end of file */
	hal_wait_for_interrupt(); /* nothing more to read: idles to the timer */
	assert_int_equal(console_input_take(buf, sizeof(buf)), 0);
	assert_int_equal(hosted_timer_deadline(), UINT64_MAX); /* the timer fired */
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_idle_cpu_receives_input),
	    cmocka_unit_test(test_timer_interrupt_looks_for_input),
	    cmocka_unit_test(test_input_comes_in_chunks),
	    cmocka_unit_test(test_ctrl_a_twice_types_one),
	    cmocka_unit_test(test_end_of_file_closes_the_input),
	};
	int failed;

	hosted_boot(16ull << 20, "");
	if (pipe(pipe_fd) < 0)
		return 1;
	hosted_console_input(pipe_fd[0], true);
	hal_irq_enable();
	failed = cmocka_run_group_tests(tests, NULL, NULL);
	hosted_shutdown();
	return failed;
}
