/*
 * hal/riscv64/timer.c - monotonic time and the per-CPU timer interrupt.
 *
 * The time CSR counts at the device tree's timebase-frequency and is the same
 * on every hart. hal_clock_ns() converts ticks since boot to nanoseconds
 * without 128-bit arithmetic (whole seconds and remainder separately). The
 * timer interrupt is programmed through the Sstc stimecmp CSR when the ISA
 * string offers it, else through the SBI TIME extension.
 */
#include "hal/hal.h"
#include "hal/riscv64/platform.h"
#include "hal/riscv64/riscv.h"
#include "hal/riscv64/sbi.h"

#define NSEC_PER_SEC 1000000000ull

static uint64_t boot_ticks;

void rv_timer_init(void)
{
	boot_ticks = rv_rdtime();
}

static uint64_t ticks_to_ns(uint64_t ticks)
{
	uint64_t hz = rv_platform.timebase_hz;

	return ticks / hz * NSEC_PER_SEC + ticks % hz * NSEC_PER_SEC / hz;
}

/* Rounded up, so the interrupt never comes before @ns. */
static uint64_t ns_to_ticks(uint64_t ns)
{
	uint64_t hz = rv_platform.timebase_hz;

	return ns / NSEC_PER_SEC * hz + (ns % NSEC_PER_SEC * hz + NSEC_PER_SEC - 1) / NSEC_PER_SEC;
}

uint64_t hal_clock_ns(void)
{
	return ticks_to_ns(rv_rdtime() - boot_ticks);
}

static void timer_set(uint64_t ticks)
{
	if (rv_platform.sstc)
		csr_write(stimecmp, ticks);
	else
		sbi_set_timer(ticks);
}

void hal_timer_arm(uint64_t deadline_ns)
{
	timer_set(boot_ticks + ns_to_ticks(deadline_ns));
}

/* Stop the pending timer interrupt until the next hal_timer_arm(). */
void rv_timer_disarm(void)
{
	timer_set(UINT64_MAX);
}

/* Per hart: no interrupt until armed; then let it in. */
void rv_timer_hart_init(void)
{
	rv_timer_disarm();
	csr_set(sie, SIE_STIE);
}
