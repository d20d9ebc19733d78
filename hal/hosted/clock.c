/*
 * hal/hosted/clock.c - simulated time and the "interrupts" of the hosted
 * machine. The clock is shared by all CPUs and only moves when the host
 * program says time passed, so runs are reproducible:
 *
 *  - unit tests call hosted_clock_advance();
 *  - ruxsim's CPU calls hosted_user_time_passed() for the user instructions
 *    it ran (one nanosecond each, sim/hal_user.c), whichever CPU ran them;
 *  - a spinning CPU's hal_cpu_relax() lets a little time pass (cpu.c);
 *  - when every CPU idles (hal_wait_for_interrupt()), the clock jumps to
 *    the earliest armed deadline (idle skipping), unless console input
 *    arrives first.
 *
 * Each CPU has its own timer (hal_timer_arm() arms the calling CPU's) and
 * may have an IPI pending (cpu.c). Interrupts are taken at safe points only,
 * by the CPU they are for, when it runs: the due timer and pending IPI when
 * interrupts are on (when the clock moves, when interrupts are enabled
 * again, on waking from idle), and console input on CPU 0 after its timer
 * interrupt and while every CPU idles. Device interrupts (a virtio model
 * raised its line, devices.c) go to CPU 0 at the same points as its timer.
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
#include "lib/compiler.h"

/* 2026-01-01T00:00:00Z: the wall clock of every hosted boot. */
#define HOSTED_EPOCH_NS	       (1767225600ull * 1000000000ull)
#define TIMER_OFF	       UINT64_MAX
#define IDLE_THROTTLE_AFTER_NS 1000000000ull
#define IDLE_THROTTLE_MS       1
#define CONSOLE_CPU	       0 /* the CPU console input interrupts */
#define DEVICE_CPU	       0 /* the CPU device interrupts go to (devices.c) */

static uint64_t now_ns;
static uint64_t deadline_ns[HAL_MAX_CPUS] = {[0 ... HAL_MAX_CPUS - 1] = TIMER_OFF};
static uint64_t idle_streak_ns; /* idle time skipped since anything else happened */
static bool console_ready;	/* input seen while idle, for CONSOLE_CPU to take */
static bool delivering[HAL_MAX_CPUS];

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
	deadline_ns[hal_cpu_id()] = deadline;
}

uint64_t hosted_timer_deadline(void)
{
	return deadline_ns[hal_cpu_id()];
}

bool hosted_interrupt_pending(unsigned int cpu)
{
	return deadline_ns[cpu] <= now_ns || hosted_ipi_pending(cpu) ||
	       (cpu == CONSOLE_CPU && console_ready) ||
	       (cpu == DEVICE_CPU && hosted_device_irq_pending());
}

uint64_t hosted_next_stop_ns(void)
{
	uint64_t stop = MIN(deadline_ns[hal_cpu_id()], hosted_turn_end_ns());

	/* Other CPUs' timers that are still to come (a due one waits for
	 * hosted_user_yield() to let its CPU in). */
	for (unsigned int cpu = 0; cpu < hosted_nr_cpus(); cpu++)
		if (hosted_cpu_started(cpu) && deadline_ns[cpu] > now_ns)
			stop = MIN(stop, deadline_ns[cpu]);
	return stop;
}

/* Take what waits for the calling CPU: the IPI, the due timer, then
 * console input (CONSOLE_CPU); interrupts are off. True when anything
 * was taken. */
static bool take_due_interrupts(void)
{
	unsigned int cpu = hal_cpu_id();
	bool taken = false;

	if (hosted_ipi_take()) {
		trap_ipi();
		taken = true;
	}
	if (deadline_ns[cpu] <= now_ns) {
		deadline_ns[cpu] = TIMER_OFF;
		trap_timer();
		taken = true;
		if (cpu == CONSOLE_CPU && hosted_console_pending(0))
			console_ready = true;
	}
	if (cpu == CONSOLE_CPU && console_ready) {
		console_ready = false;
		hosted_console_take();
	}
	if (cpu == DEVICE_CPU && hosted_device_irq_pending()) {
		hosted_device_irqs_take();
		taken = true;
	}
	return taken;
}

void hosted_deliver_interrupts(void)
{
	unsigned int cpu = hal_cpu_id();

	if (delivering[cpu] || !hal_irq_enabled() || !hosted_interrupt_pending(cpu))
		return;
	delivering[cpu] = true;
	hal_irq_disable();
	take_due_interrupts();
	hal_irq_enable();
	delivering[cpu] = false;
	/* As on return from a real interrupt into code that had them enabled. */
	sched_preempt_point();
}

void hosted_clock_advance(uint64_t ns)
{
	now_ns += ns;
	idle_streak_ns = 0;
	hosted_deliver_interrupts();
}

void hosted_kernel_time_passed(uint64_t ns)
{
	now_ns += ns;
	idle_streak_ns = 0;
}

bool hosted_user_time_passed(uint64_t ns)
{
	now_ns += ns;
	if (ns)
		idle_streak_ns = 0;
	return take_due_interrupts();
}

/* The earliest deadline armed on any CPU (TIMER_OFF: none). */
static uint64_t next_deadline(void)
{
	uint64_t next = TIMER_OFF;

	for (unsigned int cpu = 0; cpu < hosted_nr_cpus(); cpu++)
		if (hosted_cpu_started(cpu))
			next = MIN(next, deadline_ns[cpu]);
	return next;
}

/*
 * Every CPU idles and none has an interrupt waiting: wait for console
 * input (for CONSOLE_CPU) or jump the clock to the earliest deadline.
 */
static void idle_until_interrupt(void)
{
	uint64_t next = next_deadline();
	bool armed = next != TIMER_OFF, input = hosted_cpu_irqs_on(CONSOLE_CPU);
	int wait_ms = 0;

	if (!armed && !(hosted_console_input_open() && input)) {
		/* No timer, no input: nothing can ever wake any CPU. */
		fprintf(stderr, "hosted: waiting for an interrupt with no timer armed: deadlock\n");
		abort();
	}
	if (!armed)
		wait_ms = -1;
	else if (idle_streak_ns >= IDLE_THROTTLE_AFTER_NS && hosted_console_input_open())
		wait_ms = IDLE_THROTTLE_MS;
	if (input && hosted_console_pending(wait_ms)) {
		idle_streak_ns = 0;
		console_ready = true;
		return;
	}
	if (armed && next > now_ns) {
		idle_streak_ns += next - now_ns;
		now_ns = next;
	}
}

void hal_wait_for_interrupt(void)
{
	unsigned int cpu = hal_cpu_id();

	hosted_cpu_set_idle(true);
	while (!hosted_interrupt_pending(cpu))
		if (!hosted_cpu_yield())
			idle_until_interrupt();
	hosted_cpu_set_idle(false);
	hosted_deliver_interrupts();
}
