/*
 * tests/unit/test_hosted_smp.c - the hosted HAL's simulated CPUs, below
 * ruxsim: a machine of two CPUs sharing the test's host thread. CPU 1 comes
 * up and idles; a thread pinned to it runs there (the wake-up IPI gets the
 * idle CPU the host thread); an IPI reaches it; a CPU spinning on a lock
 * lets the holder on the other CPU run; an idle CPU's own timer wakes it
 * while the other idles too (the clock jumps). The whole-kernel tests are
 * ruxsim's sim.smp.*.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h> /* after the headers it needs */

#include "hal/hal.h"
#include "hal/hosted/hosted.h"
#include "lib/compiler.h"
#include "lib/spinlock.h"
#include "sched/cpu.h"
#include "sched/thread.h"
#include "uapi/errno.h"

#define TEST_RAM_BYTES	(64ull << 20)
#define SECONDARY_STACK 16384 /* what kernel_main() gives a secondary CPU */
#define MAX_SPINS	1000000
#define SLEEP_NS	50000000ull

static char cpu1_stack[SECONDARY_STACK] __attribute__((aligned(16)));

/* Spin (yielding the host thread) until *@flag is set; false if it never is. */
static bool spin_until(const unsigned int *flag)
{
	for (unsigned int i = 0; i < MAX_SPINS; i++) {
		if (__atomic_load_n(flag, __ATOMIC_ACQUIRE))
			return true;
		hal_cpu_relax();
	}
	return false;
}

/* Run @fn(@arg) in a thread allowed on CPU 1 only, and wait for it. */
static void run_on_cpu1(void (*fn)(void *), void *arg)
{
	struct thread *t = kthread_create(fn, arg, "on-cpu1");

	assert_non_null(t);
	assert_int_equal(sched_set_affinity(t, 1ull << 1), 0);
	thread_start(t);
	thread_join(t);
}

static int boot_two_cpus(void **state)
{
	(void)state;
	hosted_set_nr_cpus(2);
	hosted_boot(TEST_RAM_BYTES, "");
	tick_start();
	hal_irq_enable();
	if (hal_cpu_start(1, cpu1_stack + sizeof(cpu1_stack)) != 0)
		return -1;
	for (unsigned int i = 0; i < MAX_SPINS && cpus_online() < 2; i++)
		hal_cpu_relax();
	return 0;
}

static void test_secondary_cpu_comes_up(void **state)
{
	(void)state;
	assert_int_equal(cpus_online(), 2);
	assert_int_equal(hal_cpu_id(), 0);
	assert_int_equal(sched_cpus_online(), 3);
	assert_int_equal(hal_cpu_start(1, cpu1_stack + sizeof(cpu1_stack)), -EBUSY);
	assert_int_equal(hal_cpu_start(2, cpu1_stack + sizeof(cpu1_stack)), -EINVAL);
}

struct where {
	unsigned int id;
	void *local;
};

static void record_cpu(void *arg)
{
	struct where *w = arg;

	w->id = hal_cpu_id();
	w->local = hal_cpu_local();
}

static void test_pinned_thread_runs_on_its_cpu(void **state)
{
	struct where w = {~0u, NULL};

	(void)state;
	run_on_cpu1(record_cpu, &w);
	assert_int_equal(w.id, 1);
	assert_ptr_equal(w.local, &cpus[1]);
	assert_int_equal(hal_cpu_id(), 0);
	assert_ptr_equal(hal_cpu_local(), &cpus[0]);
}

static void test_ipi_reaches_the_other_cpu(void **state)
{
	uint64_t before = READ_ONCE(cpus[1].ipis);
	unsigned int i;

	(void)state;
	hal_send_ipi(1);
	for (i = 0; i < MAX_SPINS && READ_ONCE(cpus[1].ipis) == before; i++)
		hal_cpu_relax();
	assert_int_equal(READ_ONCE(cpus[1].ipis), before + 1);
}

struct holder {
	struct spinlock lock;
	unsigned int held, release;
};

static void hold_until_released(void *arg)
{
	struct holder *h = arg;

	spin_lock(&h->lock);
	__atomic_store_n(&h->held, 1, __ATOMIC_RELEASE);
	spin_until(&h->release);
	spin_unlock(&h->lock);
}

static void test_spinner_lets_the_holder_run(void **state)
{
	static struct holder h;
	struct thread *t;

	(void)state;
	spin_lock_init(&h.lock, "test");
	t = kthread_create(hold_until_released, &h, "holder");
	assert_non_null(t);
	assert_int_equal(sched_set_affinity(t, 1ull << 1), 0);
	thread_start(t);
	assert_true(spin_until(&h.held));
	__atomic_store_n(&h.release, 1, __ATOMIC_RELEASE);
	spin_lock(&h.lock); /* spins until CPU 1 lets go */
	spin_unlock(&h.lock);
	thread_join(t);
}

struct nap {
	uint64_t woke_ns;
	unsigned int cpu;
};

static void nap_on_cpu1(void *arg)
{
	struct nap *n = arg;

	thread_sleep_ns(SLEEP_NS);
	n->woke_ns = hal_clock_ns();
	n->cpu = hal_cpu_id();
}

static void test_idle_cpus_own_timer_wakes_it(void **state)
{
	struct nap n = {0, ~0u};
	uint64_t start = hal_clock_ns();

	(void)state;
	run_on_cpu1(nap_on_cpu1, &n); /* both CPUs idle meanwhile */
	assert_int_equal(n.cpu, 1);
	assert_true(n.woke_ns >= start + SLEEP_NS);
	assert_true(hal_clock_ns() >= start + SLEEP_NS);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_secondary_cpu_comes_up),
		cmocka_unit_test(test_pinned_thread_runs_on_its_cpu),
		cmocka_unit_test(test_ipi_reaches_the_other_cpu),
		cmocka_unit_test(test_spinner_lets_the_holder_run),
		cmocka_unit_test(test_idle_cpus_own_timer_wakes_it),
	};

	return cmocka_run_group_tests(tests, boot_two_cpus, NULL);
}
