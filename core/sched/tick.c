/*
 * core/sched/tick.c - the timer interrupt: the periodic tick, HZ times a
 * second on every CPU, and the sleep timers of this CPU's threads.
 *
 * Each CPU has one hardware timer, armed for whichever comes first: the next
 * tick or the earliest sleeper's deadline. Tick deadlines advance by whole
 * periods from the first one, so a late tick does not shift the ones after
 * it. Runs with interrupts disabled.
 */
#include "lib/compiler.h"
#include "sched/cpu.h"
#include "sched/internal.h"
#include "sched/thread.h"

#define TICK_NS (1000000000ull / HZ)

/* The next tick of @c, or UINT64_MAX before tick_start(). */
static uint64_t next_tick(const struct cpu *c)
{
	return c->next_tick_ns ? c->next_tick_ns : UINT64_MAX;
}

void tick_arm(uint64_t deadline_ns)
{
	uint64_t when = MIN(deadline_ns, next_tick(this_cpu()));

	if (when != UINT64_MAX)
		hal_timer_arm(when);
}

void tick_start(void)
{
	struct cpu *c = this_cpu();

	c->next_tick_ns = hal_clock_ns() + TICK_NS;
	hal_timer_arm(c->next_tick_ns);
}

void trap_timer(void)
{
	struct cpu *c = this_cpu();
	uint64_t now = hal_clock_ns();

	if (now >= next_tick(c)) {
		WRITE_ONCE(c->ticks, c->ticks + 1);
		do
			c->next_tick_ns += TICK_NS;
		while (c->next_tick_ns <= now);
		sched_tick(now);
	}
	tick_arm(sched_timers_expire(now));
}
