/*
 * core/sched/tick.c - the periodic timer tick, HZ times a second on every
 * CPU. Deadlines advance by whole periods from the first one, so a late tick
 * does not shift the ones after it.
 */
#include "lib/compiler.h"
#include "sched/cpu.h"

#define TICK_NS (1000000000ull / HZ)

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

	WRITE_ONCE(c->ticks, c->ticks + 1);
	do
		c->next_tick_ns += TICK_NS;
	while (c->next_tick_ns <= now);
	hal_timer_arm(c->next_tick_ns);
}
