/*
 * hal/hosted/cpu.c - the simulated CPUs (1 to HAL_MAX_CPUS) and the one host
 * thread they share.
 *
 * Each CPU is a set of state: its per-CPU pointer, its interrupt flag (a
 * flag the clock consults before delivering an interrupt), a pending IPI,
 * whether it waits for an interrupt, and - while another CPU has the host
 * thread - the host context it was suspended in. The host thread runs one
 * CPU at a time; switching CPU is a host context switch from the running
 * CPU's current context to the other one's (hal/hosted/context.c), which
 * changes nothing the kernel can see but which CPU hal_cpu_id() and
 * hal_cpu_local() answer for. Kernel threads never move between CPUs here:
 * a CPU switch suspends whatever thread the CPU runs, the scheduler's own
 * switches stay within one CPU.
 *
 * To the kernel a CPU that is not running is simply slow, as a real CPU
 * may stall at any instruction, so a switch would be correct anywhere.
 * Where it happens is chosen for progress and reproducibility only; it
 * happens at these points, all of them reached the same way on every run:
 *
 *  - hal_wait_for_interrupt(): the CPU idles (clock.c);
 *  - hal_cpu_relax(): the CPU spins, on a lock another CPU holds or on a
 *    flag another CPU sets, which a suspended CPU would never do;
 *  - every WINDOWS_PER_YIELD-th time the kernel enables interrupts: kernel
 *    code that polls with sched_yield_current() lets the others in too;
 *  - in user mode, when the CPU's turn (TURN_NS of simulated time) is over
 *    or another CPU has an interrupt waiting (hosted_user_yield(), called
 *    by ruxsim's interpreter loop between two runs).
 *
 * The next CPU is the first after the running one, in number order, that
 * is started and either not idle or has an interrupt waiting.
 */
#include <stdint.h>

#include "hal/hal.h"
#include "hal/hosted/hosted.h"
#include "hal/hosted/internal.h"
#include "uapi/errno.h"

/* A CPU's turn of the host thread in user mode, in simulated time. */
#define TURN_NS 100000ull
/* Interrupt windows (interrupts enabled again) between two yields. */
#define WINDOWS_PER_YIELD 32
/* Simulated time one hal_cpu_relax() takes: a spinning CPU lets time pass. */
#define RELAX_NS 100
/* kernel_main() gives secondary CPUs 16 KiB stacks (for the host's checkers). */
#define SECONDARY_STACK_SIZE 16384

struct hosted_cpu {
	void *local;	      /* hal_cpu_local() */
	bool irqs_on;	      /* interrupts enabled */
	bool ipi_pending;     /* hal_send_ipi() came, trap_ipi() not yet called */
	bool idle;	      /* in hal_wait_for_interrupt() */
	bool started;	      /* the boot CPU, or hal_cpu_start() called */
	unsigned int windows; /* interrupt windows, counted for the yields */
	struct hal_context ctx; /* where it is suspended while another CPU runs */
};

static struct hosted_cpu cpus[HAL_MAX_CPUS] = {[0] = {.started = true}};
static struct hosted_cpu *running = &cpus[0];
static unsigned int nr_cpus = 1;
static uint64_t turn_end_ns = TURN_NS;

void hosted_set_nr_cpus(unsigned int n)
{
	nr_cpus = n < 1 ? 1 : n > HAL_MAX_CPUS ? HAL_MAX_CPUS : n;
}

unsigned int hosted_nr_cpus(void)
{
	return nr_cpus;
}

unsigned int hal_cpu_id(void)
{
	return (unsigned int)(running - cpus);
}

unsigned long hal_cpu_hwid(unsigned int cpu)
{
	return cpu;
}

void hal_cpu_set_local(void *p)
{
	running->local = p;
}

void *hal_cpu_local(void)
{
	return running->local;
}

/* ---- sharing the host thread ------------------------------------------ */

/* Does CPU @c want the host thread? */
static bool wants_to_run(const struct hosted_cpu *c)
{
	return c->started && (!c->idle || hosted_interrupt_pending((unsigned int)(c - cpus)));
}

/* The next CPU after the running one that wants to run, or NULL. */
static struct hosted_cpu *next_cpu(void)
{
	unsigned int me = hal_cpu_id();

	for (unsigned int i = 1; i < nr_cpus; i++) {
		struct hosted_cpu *c = &cpus[(me + i) % nr_cpus];

		if (wants_to_run(c))
			return c;
	}
	return NULL;
}

/* Suspend the running CPU and resume @next; returns when some CPU
 * switches back to this one. */
static void switch_to(struct hosted_cpu *next)
{
	struct hosted_cpu *prev = running;

	running = next;
	turn_end_ns = hal_clock_ns() + TURN_NS;
	hal_context_switch(&prev->ctx, &next->ctx);
}

bool hosted_cpu_yield(void)
{
	struct hosted_cpu *next = next_cpu();

	if (!next) {
		turn_end_ns = hal_clock_ns() + TURN_NS; /* a new turn for the only one */
		return false;
	}
	switch_to(next);
	return true;
}

bool hosted_user_yield(void)
{
	bool others_waiting = false;

	for (unsigned int i = 0; i < nr_cpus; i++)
		if (&cpus[i] != running && cpus[i].started && hosted_interrupt_pending(i))
			others_waiting = true;
	if (!others_waiting && hal_clock_ns() < turn_end_ns)
		return false;
	return hosted_cpu_yield();
}

uint64_t hosted_turn_end_ns(void)
{
	return nr_cpus > 1 ? turn_end_ns : UINT64_MAX;
}

bool hosted_cpu_started(unsigned int cpu)
{
	return cpu < nr_cpus && cpus[cpu].started;
}

void hosted_cpu_set_idle(bool idle)
{
	running->idle = idle;
}

bool hosted_cpu_irqs_on(unsigned int cpu)
{
	return cpus[cpu].irqs_on;
}

/* ---- interrupts ---------------------------------------------------------- */

/* Interrupts just came on: a place to let other CPUs in, and to take what
 * is waiting for this one. */
static void interrupt_window(void)
{
	if (++running->windows % WINDOWS_PER_YIELD == 0)
		hosted_cpu_yield();
	hosted_deliver_interrupts();
}

unsigned long hal_irq_save(void)
{
	unsigned long was = running->irqs_on;

	running->irqs_on = false;
	return was;
}

void hal_irq_restore(unsigned long flags)
{
	running->irqs_on = flags != 0;
	if (flags)
		interrupt_window();
}

void hal_irq_enable(void)
{
	running->irqs_on = true;
	interrupt_window();
}

void hal_irq_disable(void)
{
	running->irqs_on = false;
}

bool hal_irq_enabled(void)
{
	return running->irqs_on;
}

/* The spinning CPU lets time pass and the others run (the lock holder, the
 * flag setter), then takes its interrupts as a real one would mid-loop. */
void hal_cpu_relax(void)
{
	hosted_kernel_time_passed(RELAX_NS);
	hosted_cpu_yield();
	hosted_deliver_interrupts();
}

void hal_send_ipi(unsigned int cpu)
{
	if (cpu < nr_cpus)
		cpus[cpu].ipi_pending = true;
}

bool hosted_ipi_pending(unsigned int cpu)
{
	return cpus[cpu].ipi_pending;
}

bool hosted_ipi_take(void)
{
	bool was = running->ipi_pending;

	running->ipi_pending = false;
	return was;
}

/* ---- starting secondary CPUs --------------------------------------------- */

static void secondary_entry(void *arg)
{
	kernel_secondary_main((unsigned int)(uintptr_t)arg);
}

/* The CPU runs from the boot CPU's next yield (it spins until the new one
 * is online), interrupts disabled. */
int hal_cpu_start(unsigned int cpu, void *stack_top)
{
	struct hosted_cpu *c;

	if (cpu == 0 || cpu >= nr_cpus)
		return -EINVAL;
	c = &cpus[cpu];
	if (c->started)
		return -EBUSY;
	hal_context_init(&c->ctx, (char *)stack_top - SECONDARY_STACK_SIZE, SECONDARY_STACK_SIZE,
			 secondary_entry, (void *)(uintptr_t)cpu);
	c->started = true;
	return 0;
}
