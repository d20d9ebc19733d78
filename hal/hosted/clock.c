/*
 * hal/hosted/clock.c - simulated time. The clock only moves when the host
 * program calls hosted_clock_advance(), so runs are reproducible.
 * hal_wait_for_interrupt() jumps the clock to the armed deadline. The timer
 * "interrupt" is delivered whenever it is due and interrupts are on: when
 * the clock moves, and when interrupts are enabled again.
 */
#include <stdio.h>
#include <stdlib.h>

#include "hal/hal.h"
#include "hal/hosted/hosted.h"
#include "hal/hosted/internal.h"

/* 2026-01-01T00:00:00Z: the wall clock of every hosted boot. */
#define HOSTED_EPOCH_NS (1767225600ull * 1000000000ull)
#define TIMER_OFF       UINT64_MAX

static uint64_t now_ns;
static uint64_t deadline_ns = TIMER_OFF;

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

void hosted_deliver_interrupts(void)
{
	static bool delivering;

	if (delivering || deadline_ns > now_ns || !hal_irq_enabled())
		return;
	delivering = true;
	deadline_ns = TIMER_OFF;
	hal_irq_disable();
	trap_timer();
	hal_irq_enable();
	delivering = false;
	/* As on return from a real interrupt into code that had them enabled. */
	sched_preempt_point();
}

static void fire_due_timer(void)
{
	hosted_deliver_interrupts();
}

void hosted_clock_advance(uint64_t ns)
{
	now_ns += ns;
	fire_due_timer();
}

void hal_wait_for_interrupt(void)
{
	if (deadline_ns == TIMER_OFF) {
		/* One CPU, no timer: nothing can ever wake us. */
		fprintf(stderr, "hosted: waiting for an interrupt with no timer armed: deadlock\n");
		abort();
	}
	if (deadline_ns > now_ns)
		now_ns = deadline_ns;
	fire_due_timer();
}
