/*
 * tests/ktest/sched_policy.c - nice weights and CPU affinity: the weight
 * table and the vruntime arithmetic, nice and mask validation and
 * inheritance, and threads placed on and moved to the CPUs their masks
 * allow (queued, running, asleep on a wait queue or on the clock).
 *
 * The hosted kernel has one CPU, where every move is to CPU 0 and back; the
 * moves between CPUs are exercised in QEMU with -smp 4
 * (boot.selftest.smp4). Waiting loops yield rather than sleep, because on
 * the hosted kernel the clock stands still while threads are runnable; a
 * generous clock bound turns a thread that never moves into a failure on a
 * real machine, it is not a timing assertion.
 */
#include "hal/hal.h"
#include "lib/compiler.h"
#include "lib/ktest.h"
#include "sched/thread.h"
#include "sched/wait.h"
#include "uapi/errno.h"

#define MS	   1000000ull
#define GIVE_UP_NS (5000ull * MS)

/* ---- weights and vruntime ---------------------------------------------- */

KTEST(sched_policy, nice_weights_follow_linux_table)
{
	KT_ASSERT_EQ(sched_nice_weight(0), 1024);
	KT_ASSERT_EQ(sched_nice_weight(-20), 88761);
	KT_ASSERT_EQ(sched_nice_weight(5), 335);
	KT_ASSERT_EQ(sched_nice_weight(19), 15);
	KT_ASSERT_EQ(sched_nice_weight(-100), 88761); /* clamped */
	KT_ASSERT_EQ(sched_nice_weight(100), 15);
	/* Each step is worth about 1.25 times the CPU of the next. */
	for (int nice = SCHED_NICE_MIN; nice < SCHED_NICE_MAX; nice++) {
		unsigned int ratio = sched_nice_weight(nice) * 100 / sched_nice_weight(nice + 1);

		KT_ASSERT(ratio >= 118 && ratio <= 133);
	}
}

KTEST(sched_policy, vruntime_runs_slower_for_heavier_threads)
{
	KT_ASSERT_EQ(sched_vruntime_delta(10 * MS, 1024), 10 * MS);
	KT_ASSERT_EQ(sched_vruntime_delta(10 * MS, 335), 10 * MS * 1024 / 335);
	KT_ASSERT_EQ(sched_vruntime_delta(10 * MS, 2048), 5 * MS);
	KT_ASSERT(sched_vruntime_delta(10 * MS, 88761) < MS / 5);
	/* No overflow for absurdly long deltas. */
	KT_ASSERT(sched_vruntime_delta(UINT64_MAX, 1024) >= UINT64_MAX / 1024);
	KT_ASSERT(sched_vruntime_delta(UINT64_MAX, 15) > sched_vruntime_delta(UINT64_MAX, 1024));
}

/*
 * The fair policy on synthetic deltas: always run whoever has the smaller
 * vruntime for one 1 ms slice. Nice 0 against nice 5 share about 3:1
 * (1024:335); equal nice values share equally.
 */
static void share(int nice_a, int nice_b, unsigned int slices, unsigned int ran[2])
{
	unsigned int weight[2] = {sched_nice_weight(nice_a), sched_nice_weight(nice_b)};
	uint64_t vruntime[2] = {0, 0};

	ran[0] = ran[1] = 0;
	for (unsigned int i = 0; i < slices; i++) {
		unsigned int next = vruntime[1] < vruntime[0];

		vruntime[next] += sched_vruntime_delta(MS, weight[next]);
		ran[next]++;
	}
}

KTEST(sched_policy, nice_5_gets_a_third_of_nice_0)
{
	unsigned int ran[2];

	share(0, 5, 1000, ran);
	KT_ASSERT_EQ(ran[0] + ran[1], 1000);
	KT_ASSERT(ran[0] * 100 / ran[1] >= 290 && ran[0] * 100 / ran[1] <= 320);
	share(3, 3, 1000, ran);
	KT_ASSERT_EQ(ran[0], 500);
	share(-20, 19, 1000, ran);
	KT_ASSERT(ran[1] <= 1);
}

/* ---- nice and masks on threads that never run ---------------------------- */

static void never_runs(void *arg)
{
	(void)arg;
}

KTEST(sched_policy, nice_clamps_and_is_inherited)
{
	struct thread *t = kthread_create(never_runs, NULL, "nice");
	struct thread *child = kthread_create(never_runs, NULL, "nice-child");

	KT_ASSERT_NOT_NULL(t);
	KT_ASSERT_NOT_NULL(child);
	KT_ASSERT_EQ(sched_get_nice(t), 0);
	KT_ASSERT_EQ(t->weight, 1024);
	sched_set_nice(t, 25);
	KT_ASSERT_EQ(sched_get_nice(t), SCHED_NICE_MAX);
	KT_ASSERT_EQ(t->weight, 15);
	sched_set_nice(t, -25);
	KT_ASSERT_EQ(sched_get_nice(t), SCHED_NICE_MIN);
	sched_set_nice(t, 7);
	KT_ASSERT_EQ(sched_set_affinity(t, 1), 0);
	sched_fork(child, t);
	KT_ASSERT_EQ(sched_get_nice(child), 7);
	KT_ASSERT_EQ(child->weight, sched_nice_weight(7));
	KT_ASSERT_EQ(sched_get_affinity(child), 1);
	thread_put(child);
	thread_put(t);
}

KTEST(sched_policy, affinity_needs_an_online_cpu)
{
	uint64_t online = sched_cpus_online();
	struct thread *t = kthread_create(never_runs, NULL, "mask");

	KT_ASSERT_NOT_NULL(t);
	KT_ASSERT(online & 1); /* the boot CPU */
	KT_ASSERT_EQ(sched_get_affinity(t), online);
	KT_ASSERT_EQ(sched_set_affinity(t, 0), -EINVAL);
	if (~online & SCHED_CPUS_ALL)
		KT_ASSERT_EQ(sched_set_affinity(t, ~online & SCHED_CPUS_ALL), -EINVAL);
	KT_ASSERT_EQ(sched_get_affinity(t), online); /* unchanged by the failures */
	KT_ASSERT_EQ(sched_set_affinity(t, ~0ull), 0);
	KT_ASSERT_EQ(sched_get_affinity(t), online); /* only CPUs that exist */
	KT_ASSERT_EQ(sched_set_affinity(t, 1), 0);
	KT_ASSERT_EQ(sched_get_affinity(t), 1);
	thread_put(t);
}

/* ---- placement and moves ----------------------------------------------- */

static uint64_t cpu_mask(unsigned int cpu)
{
	return 1ull << cpu;
}

/* The highest online CPU: the boot CPU, 0, is the busiest one. */
static unsigned int last_cpu(void)
{
	return 63 - (unsigned int)__builtin_clzll(sched_cpus_online());
}

/* The lowest online CPU but @cpu, or @cpu when it is the only one. */
static unsigned int other_cpu(unsigned int cpu)
{
	uint64_t others = sched_cpus_online() & ~cpu_mask(cpu);

	return others ? (unsigned int)__builtin_ctzll(others) : cpu;
}

/* Yield until *@v == @want (@exact) or >= @want; false if that takes
 * absurdly long. */
static bool yield_until(const unsigned int *v, unsigned int want, bool exact)
{
	uint64_t start = hal_clock_ns();

	for (;;) {
		unsigned int now = __atomic_load_n(v, __ATOMIC_ACQUIRE);

		if (exact ? now == want : now >= want)
			return true;
		if (hal_clock_ns() - start > GIVE_UP_NS)
			return false;
		sched_yield_current();
	}
}

static void record_cpu(void *arg)
{
	__atomic_store_n((unsigned int *)arg, hal_cpu_id(), __ATOMIC_RELEASE);
}

KTEST(sched_policy, pinned_thread_starts_on_its_cpu)
{
	uint64_t online = sched_cpus_online();

	for (unsigned int cpu = 0; cpu < HAL_MAX_CPUS; cpu++) {
		static unsigned int ran_on;
		struct thread *t;

		if (!(online & cpu_mask(cpu)))
			continue;
		ran_on = ~0u;
		t = kthread_create(record_cpu, &ran_on, "pinned");
		KT_ASSERT_NOT_NULL(t);
		KT_ASSERT_EQ(sched_set_affinity(t, cpu_mask(cpu)), 0);
		thread_start(t);
		KT_ASSERT_EQ(t->cpu, cpu);
		thread_join(t);
		KT_ASSERT_EQ(ran_on, cpu);
	}
}

KTEST(sched_policy, queued_thread_moves_before_it_runs)
{
	static unsigned int ran_on;
	int pin_err, move_err;
	enum thread_state queued;
	unsigned long flags;
	unsigned int to;
	struct thread *t;

	ran_on = ~0u;
	t = kthread_create(record_cpu, &ran_on, "queued");
	KT_ASSERT_NOT_NULL(t);
	/*
	 * Queued behind us on our own CPU, interrupts off so that neither the
	 * tick nor another CPU can run it before its mask changes (and no
	 * assertion may return in between).
	 */
	flags = hal_irq_save();
	to = other_cpu(hal_cpu_id());
	pin_err = sched_set_affinity(t, cpu_mask(hal_cpu_id()));
	thread_start(t);
	queued = t->state;
	move_err = sched_set_affinity(t, cpu_mask(to));
	hal_irq_restore(flags);
	KT_ASSERT_EQ(pin_err, 0);
	KT_ASSERT_EQ(queued, THREAD_RUNNABLE);
	KT_ASSERT_EQ(move_err, 0);
	KT_ASSERT_EQ(t->cpu, to);
	thread_join(t);
	KT_ASSERT_EQ(ran_on, to);
}

struct mover {
	unsigned int cpu;    /* where it last ran */
	unsigned int rounds; /* times it went round its loop */
	unsigned int stop;   /* set: return */
	bool spin;	     /* never yield: only preemption can move it */
};

static void mover_thread(void *arg)
{
	struct mover *m = arg;

	while (!__atomic_load_n(&m->stop, __ATOMIC_ACQUIRE)) {
		__atomic_store_n(&m->cpu, hal_cpu_id(), __ATOMIC_RELEASE);
		__atomic_add_fetch(&m->rounds, 1, __ATOMIC_RELEASE);
		if (m->spin)
			hal_cpu_relax();
		else
			sched_yield_current();
	}
}

/* Start a mover on @from, move it to @to while it runs, check it runs there. */
static void check_running_move(bool spin)
{
	static struct mover m;
	unsigned int from = last_cpu(), to = other_cpu(from), rounds;
	struct thread *t;

	m.cpu = ~0u;
	m.rounds = m.stop = 0;
	m.spin = spin;
	t = kthread_create(mover_thread, &m, "mover");
	KT_ASSERT_NOT_NULL(t);
	KT_ASSERT_EQ(sched_set_affinity(t, cpu_mask(from)), 0);
	thread_start(t);
	KT_ASSERT(yield_until(&m.cpu, from, true));
	KT_ASSERT_EQ(sched_set_affinity(t, cpu_mask(to)), 0);
	KT_ASSERT(yield_until(&m.cpu, to, true));
	rounds = __atomic_load_n(&m.rounds, __ATOMIC_ACQUIRE);
	KT_ASSERT(yield_until(&m.rounds, rounds + 3, false));
	KT_ASSERT_EQ(m.cpu, to); /* and stays there */
	KT_ASSERT_EQ(t->cpu, to);
	__atomic_store_n(&m.stop, 1, __ATOMIC_RELEASE);
	thread_join(t);
}

KTEST(sched_policy, yielding_thread_moves_to_its_new_cpu)
{
	check_running_move(false);
}

KTEST(sched_policy, spinning_thread_is_preempted_onto_its_new_cpu)
{
	/* Needs a second CPU to spin on: the hosted clock would never tick. */
	if (__builtin_popcountll(sched_cpus_online()) < 2)
		return;
	check_running_move(true);
}

struct napper {
	struct wait_queue wq;
	unsigned int go;      /* wait-queue sleeper: wake up */
	unsigned int woke_on; /* where it ran after its sleep */
	bool on_clock;	      /* sleep 200 ms instead (long enough to be seen asleep) */
};

static void napper_thread(void *arg)
{
	struct napper *n = arg;

	if (n->on_clock)
		thread_sleep_ns(200 * MS);
	else
		wait_event(n->wq, __atomic_load_n(&n->go, __ATOMIC_ACQUIRE));
	__atomic_store_n(&n->woke_on, hal_cpu_id(), __ATOMIC_RELEASE);
}

static bool asleep(struct thread *t)
{
	enum thread_state s = READ_ONCE(t->state);

	return (s == THREAD_SLEEPING_INTERRUPTIBLE || s == THREAD_SLEEPING_UNINTERRUPTIBLE) &&
	       !READ_ONCE(t->on_rq);
}

/* Put a napper to sleep on @from, change its mask to @to, wake it. */
static void check_sleeping_move(bool on_clock)
{
	static struct napper n;
	unsigned int from = last_cpu(), to = other_cpu(from);
	uint64_t start = hal_clock_ns();
	struct thread *t;

	wait_queue_init(&n.wq, "napper");
	n.go = 0;
	n.woke_on = ~0u;
	n.on_clock = on_clock;
	t = kthread_create(napper_thread, &n, "napper");
	KT_ASSERT_NOT_NULL(t);
	KT_ASSERT_EQ(sched_set_affinity(t, cpu_mask(from)), 0);
	thread_start(t);
	while (!asleep(t) && hal_clock_ns() - start < GIVE_UP_NS)
		sched_yield_current();
	KT_ASSERT(asleep(t));
	KT_ASSERT_EQ(sched_set_affinity(t, cpu_mask(to)), 0);
	KT_ASSERT_EQ(t->cpu, to); /* moved while asleep */
	__atomic_store_n(&n.go, 1, __ATOMIC_RELEASE);
	wake_up(&n.wq);
	thread_join(t);
	KT_ASSERT_EQ(n.woke_on, to);
}

KTEST(sched_policy, sleeper_wakes_on_its_new_cpu)
{
	check_sleeping_move(false);
}

KTEST(sched_policy, timed_sleeper_wakes_on_its_new_cpu)
{
	check_sleeping_move(true);
}

/* The caller moves itself: sched_set_affinity() returns on the new CPU. */
struct self_mover {
	unsigned int to;
	unsigned int before, after;
	int err;
};

static void self_mover_thread(void *arg)
{
	struct self_mover *s = arg;

	s->before = hal_cpu_id();
	s->err = sched_set_affinity(current_thread(), cpu_mask(s->to));
	s->after = hal_cpu_id();
}

KTEST(sched_policy, thread_moves_itself)
{
	static struct self_mover s;
	unsigned int from = last_cpu();
	struct thread *t;

	s.to = other_cpu(from);
	s.before = s.after = ~0u;
	s.err = 1;
	t = kthread_create(self_mover_thread, &s, "self-mover");
	KT_ASSERT_NOT_NULL(t);
	KT_ASSERT_EQ(sched_set_affinity(t, cpu_mask(from)), 0);
	thread_start(t);
	thread_join(t);
	KT_ASSERT_EQ(s.err, 0);
	KT_ASSERT_EQ(s.before, from);
	KT_ASSERT_EQ(s.after, s.to);
}
