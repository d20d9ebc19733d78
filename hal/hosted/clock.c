/*
 * hal/hosted/clock.c - simulated time and the "interrupts" of the hosted
 * machine. The clock only moves when the host program says time passed, so
 * runs are reproducible:
 *
 *  - unit tests call hosted_clock_advance();
 *  - ruxsim's CPU calls hosted_user_time_passed() for the user instructions
 *    it ran (one nanosecond each, sim/hal_user.c);
 *  - hal_wait_for_interrupt(), reached when every CPU idles, jumps the
 *    clock to the armed deadline (idle skipping), unless console input
 *    arrives first.
 *
 * Interrupts are taken at safe points only: the timer when it is due and
 * interrupts are on (when the clock moves, when interrupts are enabled
 * again), and console input after each timer interrupt and while idling.
 *
 * A machine that idles for long while console input may still come (a
 * shell waiting for a person) would spin the host: after
 * IDLE_THROTTLE_AFTER_NS of idle simulated time each idle wait also waits
 * IDLE_THROTTLE_MS of real time for input. That changes how fast idle time
 * passes, never what happens. Without input (unit tests, or at its end of
 * file) idle time passes at once.
 */
#include <stdio.h>
#include <stdlib.h>

#include "hal/hal.h"
#include "hal/hosted/hosted.h"
#include "hal/hosted/internal.h"

/* 2026-01-01T00:00:00Z: the wall clock of every hosted boot. */
#define HOSTED_EPOCH_NS	       (1767225600ull * 1000000000ull)
#define TIMER_OFF	       UINT64_MAX
#define IDLE_THROTTLE_AFTER_NS 1000000000ull
#define IDLE_THROTTLE_MS       1

static uint64_t now_ns;
static uint64_t deadline_ns = TIMER_OFF;
static uint64_t idle_streak_ns; /* idle time skipped since anything else happened */

uint64_t hal_clock_ns(void)
{
	return now_ns;
}

uint64_t hal_wall_clock_ns(void)
{
	return HOSTED_EPOCH_NS + now_ns;
}

void hal_timer_arm(uint64_t deadline)
{
	deadline_ns = deadline;
}

uint64_t hosted_timer_deadline(void)
{
	return deadline_ns;
}

/* Take the due timer interrupt, then look for console input; interrupts
 * are off. True when the timer was due. */
static bool take_due_interrupts(void)
{
	if (deadline_ns > now_ns)
		return false;
	deadline_ns = TIMER_OFF;
	trap_timer();
	if (hosted_console_pending(0))
		hosted_console_take();
	return true;
}

void hosted_deliver_interrupts(void)
{
	static bool delivering;

	if (delivering || deadline_ns > now_ns || !hal_irq_enabled())
		return;
	delivering = true;
	hal_irq_disable();
	take_due_interrupts();
	hal_irq_enable();
	delivering = false;
	/* As on return from a real interrupt into code that had them enabled. */
	sched_preempt_point();
}

void hosted_clock_advance(uint64_t ns)
{
	now_ns += ns;
	idle_streak_ns = 0;
	hosted_deliver_interrupts();
}

bool hosted_user_time_passed(uint64_t ns)
{
	now_ns += ns;
	if (ns)
		idle_streak_ns = 0;
	return take_due_interrupts();
}

/* Console input while idle: an interrupt like the timer's. */
static void receive_console_input(void)
{
	idle_streak_ns = 0;
	hal_irq_disable();
	hosted_console_take();
	hal_irq_enable();
	sched_preempt_point();
}

void hal_wait_for_interrupt(void)
{
	bool armed = deadline_ns != TIMER_OFF;
	int wait_ms = 0;

	if (!armed && !(hosted_console_input_open() && hal_irq_enabled())) {
		/* One CPU, no timer, no input: nothing can ever wake us. */
		fprintf(stderr, "hosted: waiting for an interrupt with no timer armed: deadlock\n");
		abort();
	}
	if (!armed)
		wait_ms = -1;
	else if (idle_streak_ns >= IDLE_THROTTLE_AFTER_NS && hosted_console_input_open())
		wait_ms = IDLE_THROTTLE_MS;
	if (hal_irq_enabled() && hosted_console_pending(wait_ms)) {
		receive_console_input();
		return;
	}
	if (!armed)
		return;
	if (deadline_ns > now_ns) {
		idle_streak_ns += deadline_ns - now_ns;
		now_ns = deadline_ns;
	}
	hosted_deliver_interrupts();
}
