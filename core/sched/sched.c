/*
 * core/sched/sched.c - run queues, the fair policy, schedule(), placement
 * and migration between CPUs, idle threads and the per-CPU sleep timers.
 *
 * Each CPU has one run queue. The thread it runs (cpus[i].current) is not in
 * the queue's tree; every other runnable thread of that CPU is, ordered by
 * vruntime, the weighted CPU time it has had. schedule() puts the current
 * thread back (unless it sleeps or died) and picks the leftmost, the one that
 * had least; the idle thread runs when the tree is empty. New threads start
 * at the queue's min_vruntime, so they neither starve nor get a burst of CPU
 * time.
 *
 * Placement: thread_start() takes the least loaded CPU the thread's
 * affinity mask allows. A wake-up goes back to the thread's CPU unless that
 * one is busy and an allowed CPU idles (or the mask no longer allows it).
 * A thread moving between queues keeps its lead over min_vruntime. A
 * running thread never moves: when its mask excludes its CPU it is flagged
 * (migrate_pending), leaves at its next switch, and waits on its old queue's
 * migrations list until the switch's tail (finish_switch()), running on
 * that CPU once the old thread is off it, sends it to an allowed queue.
 *
 * The tick (tick.c) charges the running thread; when it has had its slice
 * and someone else is runnable, it sets need_resched, and the thread gives
 * up the CPU at the next preemption point (return from interrupt) or call
 * to schedule(). A wake-up on another CPU sets that CPU's need_resched and
 * sends it an IPI if the woken thread should run first (always, when the
 * CPU idles).
 *
 * Locking: rq->lock, taken with interrupts disabled, protects the tree, the
 * counters, the timer and migration lists, rq->cpu->current and the
 * scheduling fields of the queue's threads (thread.h), t->cpu included, so
 * whoever wants @t's queue locks the queue t->cpu names and checks t->cpu
 * again (lock_thread_rq()). schedule() holds the lock across the context
 * switch; the thread switched to releases it (finish_switch()). Lock order:
 * wait-queue and mutex locks before a run-queue lock; two run-queue locks
 * only through rq_lock_two(), lower CPU number first.
 */
#include "hal/hal.h"
#include "lib/compiler.h"
#include "lib/panic.h"
#include "lib/printk.h"
#include "lib/spinlock.h"
#include "lib/string.h"
#include "sched/cpu.h"
#include "sched/internal.h"
#include "sched/thread.h"
#include "uapi/errno.h"

#define SCHED_SLICE_NS (1000000000ull / HZ) /* CPU time before the tick preempts */

struct run_queue {
	struct spinlock lock;
	unsigned int id;	     /* the number of the CPU this queue feeds */
	struct cpu *cpu;	     /* that CPU */
	struct rb_root tree;	     /* RUNNABLE threads, by vruntime */
	unsigned int nr_running;     /* threads with on_rq set, idle excluded */
	uint64_t min_vruntime;	     /* never decreases */
	struct thread *idle;	     /* set once the CPU can take threads */
	struct thread *dead;	     /* to reap right after the next switch */
	struct list_head timers;     /* sleepers (timer_link), soonest first */
	struct list_head migrations; /* RUNNABLE threads leaving for another
				      * queue (migrate_link); on no tree */
};

static struct run_queue runqueues[HAL_MAX_CPUS];
static struct thread boot_thread;
static struct thread idle_threads[HAL_MAX_CPUS];

static struct run_queue *cpu_rq(unsigned int cpu)
{
	return &runqueues[cpu];
}

/* The calling CPU's queue. Interrupts off, or the answer may be stale. */
static struct run_queue *this_rq(void)
{
	return cpu_rq(this_cpu()->id);
}

static struct thread *rq_thread(struct rb_node *node)
{
	return rb_entry_safe(node, struct thread, rq_node);
}

/* Equal keys go right, so threads with the same vruntime take turns. */
static void tree_insert(struct run_queue *rq, struct thread *t)
{
	struct rb_node **link = &rq->tree.node, *parent = NULL;

	while (*link) {
		parent = *link;
		link = t->vruntime < rq_thread(parent)->vruntime ? &parent->left : &parent->right;
	}
	rb_link_node(&t->rq_node, parent, link);
	rb_insert_color(&t->rq_node, &rq->tree);
}

static void update_min_vruntime(struct run_queue *rq)
{
	struct thread *curr = rq->cpu->current;
	struct thread *left = rq_thread(rb_first(&rq->tree));
	uint64_t v = UINT64_MAX;

	if (curr && !curr->is_idle && curr->on_rq)
		v = curr->vruntime;
	if (left)
		v = MIN(v, left->vruntime);
	if (v != UINT64_MAX && v > rq->min_vruntime)
		rq->min_vruntime = v;
}

/* Charge the running thread for the time since it was last charged. */
static void update_curr(struct run_queue *rq, uint64_t now)
{
	struct thread *curr = rq->cpu->current;
	uint64_t delta;

	if (!curr || now <= curr->exec_start_ns)
		return;
	delta = now - curr->exec_start_ns;
	curr->exec_start_ns = now;
	if (curr->is_idle)
		return;
	curr->sum_exec_ns += delta;
	curr->slice_exec_ns += delta;
	curr->vruntime += sched_vruntime_delta(delta, curr->weight);
	update_min_vruntime(rq);
}

/* Should @t, just queued, run before the current thread? Sets need_resched. */
static bool check_preempt(struct run_queue *rq, struct thread *t)
{
	struct thread *curr = rq->cpu->current;

	if (!curr->is_idle && t->vruntime >= curr->vruntime)
		return false;
	WRITE_ONCE(curr->need_resched, true);
	return true;
}

static void enqueue(struct run_queue *rq, struct thread *t)
{
	t->state = THREAD_RUNNABLE;
	t->on_rq = true;
	rq->nr_running++;
	tree_insert(rq, t);
}

/* ---- locking two queues ------------------------------------------------- */

/* Lock @a and @b (one queue or two), the lower CPU number first: the one
 * order for holding two run-queue locks. Interrupts off until unlocked. */
static unsigned long rq_lock_two(struct run_queue *a, struct run_queue *b)
{
	unsigned long flags = hal_irq_save();

	if (a == b) {
		spin_lock(&a->lock);
	} else {
		spin_lock(&(a->id < b->id ? a : b)->lock);
		spin_lock(&(a->id < b->id ? b : a)->lock);
	}
	return flags;
}

static void rq_unlock_two(struct run_queue *a, struct run_queue *b, unsigned long flags)
{
	spin_unlock(&a->lock);
	if (b != a)
		spin_unlock(&b->lock);
	hal_irq_restore(flags);
}

/*
 * Lock the queue @t belongs to and return it, with @other (NULL: none) also
 * locked. t->cpu changes only under the lock of the queue it names, so it
 * is checked again once that lock is held.
 */
static struct run_queue *lock_thread_rq(struct thread *t, struct run_queue *other,
					unsigned long *flags)
{
	for (;;) {
		struct run_queue *rq = cpu_rq(READ_ONCE(t->cpu));
		struct run_queue *second = other ? other : rq;

		*flags = rq_lock_two(rq, second);
		if (t->cpu == rq->id)
			return rq;
		rq_unlock_two(rq, second, *flags);
	}
}

/* ---- where a thread may and should run ---------------------------------- */

static uint64_t cpu_bit(unsigned int cpu)
{
	return 1ull << cpu;
}

uint64_t sched_cpus_online(void)
{
	uint64_t mask = 0;

	for (unsigned int i = 0; i < HAL_MAX_CPUS; i++)
		if (__atomic_load_n(&cpu_rq(i)->idle, __ATOMIC_ACQUIRE))
			mask |= cpu_bit(i);
	return mask;
}

/* The CPUs @t may use now: its mask's online ones, or every online CPU if
 * there are none (a mask set before its CPUs came up). */
static uint64_t usable_cpus(struct thread *t)
{
	uint64_t online = sched_cpus_online();
	uint64_t mask = READ_ONCE(t->cpus_allowed) & online;

	return mask ? mask : online;
}

static bool cpu_allowed(struct thread *t, struct run_queue *rq)
{
	return (usable_cpus(t) & cpu_bit(rq->id)) != 0;
}

/* Threads counted by @cpu's queue, read without its lock: a hint. */
static unsigned int cpu_load(unsigned int cpu)
{
	return READ_ONCE(cpu_rq(cpu)->nr_running);
}

/* The least loaded CPU @t may use; the calling one on a tie. */
static unsigned int pick_cpu(struct thread *t)
{
	uint64_t mask = usable_cpus(t);
	unsigned int best = hal_cpu_id(), best_load;

	if (!(mask & cpu_bit(best)))
		best = (unsigned int)__builtin_ctzll(mask);
	best_load = cpu_load(best);
	for (unsigned int i = 0; i < HAL_MAX_CPUS; i++) {
		if ((mask & cpu_bit(i)) && cpu_load(i) < best_load) {
			best = i;
			best_load = cpu_load(i);
		}
	}
	return best;
}

/*
 * Where a waking @t goes: back to its CPU, whose caches may still hold its
 * data, unless that CPU is busy and an allowed one idles - the one bit of
 * load balancing, enough to spread a pipeline's processes over the CPUs.
 * A CPU the mask no longer allows is left for the least loaded allowed one.
 */
static unsigned int select_wake_cpu(struct thread *t)
{
	uint64_t mask = usable_cpus(t);
	unsigned int prev = READ_ONCE(t->cpu);

	if (!(mask & cpu_bit(prev)))
		return pick_cpu(t);
	if (cpu_load(prev) == 0)
		return prev;
	for (unsigned int i = 1; i < HAL_MAX_CPUS; i++) {
		unsigned int cpu = (prev + i) % HAL_MAX_CPUS;

		if ((mask & cpu_bit(cpu)) && cpu_load(cpu) == 0)
			return cpu;
	}
	return prev;
}

/*
 * Lock @t's queue (returned in *@src) and the one @choose picks for it
 * (returned), choosing again if @t's mask changed meanwhile and no longer
 * allows the pick.
 */
static struct run_queue *lock_for_placement(struct thread *t,
					    unsigned int (*choose)(struct thread *t),
					    struct run_queue **src, unsigned long *flags)
{
	for (;;) {
		struct run_queue *dst = cpu_rq(choose(t));

		*src = lock_thread_rq(t, dst, flags);
		if (cpu_allowed(t, dst))
			return dst;
		rq_unlock_two(*src, dst, *flags);
	}
}

static void timer_insert(struct run_queue *rq, struct thread *t)
{
	struct thread *pos;

	list_for_each_entry(pos, &rq->timers, timer_link)
	{
		if (pos->wake_ns > t->wake_ns)
			break;
	}
	list_add_tail(&t->timer_link, &pos->timer_link);
}

/*
 * Make @t - on no tree, not running - belong to @dst instead of @src (both
 * locked). Its vruntime keeps its lead over the queue's min_vruntime, as
 * the queues' clocks differ; a lag behind it is dropped, the new min being
 * the floor anyway. A pending sleep timer follows the thread to @dst's list
 * (where it is seen at @dst's next tick at the latest).
 */
static void move_thread(struct run_queue *src, struct run_queue *dst, struct thread *t)
{
	int64_t lead = (int64_t)(t->vruntime - src->min_vruntime);

	t->migrate_pending = false;
	if (src == dst)
		return;
	t->vruntime = dst->min_vruntime + (lead > 0 ? (uint64_t)lead : 0);
	if (!list_empty(&t->timer_link)) {
		list_del(&t->timer_link);
		timer_insert(dst, t);
	}
	t->cpu = dst->id;
}

/* ---- waking ------------------------------------------------------------- */

static void kick_cpu(unsigned int cpu)
{
	if (cpu != hal_cpu_id())
		hal_send_ipi(cpu);
}

/*
 * Wake @t if it sleeps, onto @dst; @src is @t's queue, both locked. *@kick
 * says @dst's CPU should reschedule.
 */
static bool wake_locked(struct run_queue *src, struct run_queue *dst, struct thread *t, bool *kick)
{
	enum thread_state s = READ_ONCE(t->state);

	if (s != THREAD_SLEEPING_INTERRUPTIBLE && s != THREAD_SLEEPING_UNINTERRUPTIBLE)
		return false;
	if (t->on_rq) {
		/* Still current, on its way into schedule(): it just stays. */
		WRITE_ONCE(t->state, THREAD_RUNNABLE);
		return true;
	}
	if (!cpu_allowed(t, dst)) {
		/*
		 * A sleep timer fired on a CPU the sleeper may no longer use
		 * (it went to sleep just as its mask changed). Only that
		 * CPU's lock is held: its next switch sends the thread on.
		 */
		t->state = THREAD_RUNNABLE;
		list_add_tail(&t->migrate_link, &src->migrations);
		WRITE_ONCE(src->cpu->current->need_resched, true);
		*kick = true;
		return true;
	}
	move_thread(src, dst, t);
	t->vruntime = MAX(t->vruntime, dst->min_vruntime);
	enqueue(dst, t);
	if (check_preempt(dst, t))
		*kick = true;
	return true;
}

bool thread_wake(struct thread *t)
{
	struct run_queue *src, *dst;
	bool kick = false, woke;
	unsigned long flags;

	dst = lock_for_placement(t, select_wake_cpu, &src, &flags);
	woke = wake_locked(src, dst, t, &kick);
	rq_unlock_two(src, dst, flags);
	if (kick)
		kick_cpu(dst->id);
	return woke;
}

void thread_set_sleeping(enum thread_state state)
{
	WRITE_ONCE(current_thread()->state, state);
	/* Pairs with the barrier in wake-ups: the condition is read after this. */
	__atomic_thread_fence(__ATOMIC_SEQ_CST);
}

void thread_set_running(void)
{
	struct thread *t = current_thread();
	unsigned long flags;
	struct run_queue *rq = lock_thread_rq(t, NULL, &flags);

	t->state = THREAD_RUNNING;
	rq_unlock_two(rq, rq, flags);
}

void thread_start(struct thread *t)
{
	struct run_queue *src, *dst;
	unsigned long flags;
	bool kick;

	BUG_ON(t->state != THREAD_NEW);
	__atomic_add_fetch(&t->refs, THREAD_REF_RUNNING, __ATOMIC_RELAXED);
	dst = lock_for_placement(t, pick_cpu, &src, &flags);
	t->cpu = dst->id;
	update_curr(dst, hal_clock_ns());
	t->vruntime = dst->min_vruntime;
	enqueue(dst, t);
	kick = check_preempt(dst, t);
	rq_unlock_two(src, dst, flags);
	if (kick)
		kick_cpu(dst->id);
}

/* Does @prev, leaving the CPU, stay on the run queue? */
static bool stays_runnable(struct thread *prev)
{
	switch (prev->state) {
	case THREAD_RUNNING:
	case THREAD_RUNNABLE:
		return true;
	case THREAD_SLEEPING_INTERRUPTIBLE:
		return thread_signal_pending(prev); /* a signal ends the sleep at once */
	case THREAD_SLEEPING_UNINTERRUPTIBLE:
	case THREAD_DEAD:
		return false;
	case THREAD_NEW:
		break;
	}
	panic("sched: thread '%s' switched out in state %d", prev->name, prev->state);
}

/* Why a thread leaves the CPU. */
enum switch_reason {
	SWITCH_BLOCK,	/* schedule(): sleeps if its state says so */
	SWITCH_YIELD,	/* sched_yield_current(): goes behind the others */
	SWITCH_PREEMPT, /* sched_preempt_point(): stays runnable whatever its state */
};

/* Take runnable @prev off @rq for good: the CPU's next switch tail sends
 * it to a CPU its mask allows. */
static void start_migration(struct run_queue *rq, struct thread *prev)
{
	prev->migrate_pending = false;
	prev->on_rq = false;
	rq->nr_running--;
	list_add_tail(&prev->migrate_link, &rq->migrations);
}

/*
 * Put the outgoing thread where its state says.
 *
 * A preempted thread stays runnable even when it had already marked itself
 * sleeping: it was interrupted between announcing the sleep and calling
 * schedule(), so a wake-up may have come and gone in between. Every sleeper
 * re-checks its condition in a loop, so running it once more is harmless;
 * taking it off the queue could lose the wake-up for good.
 */
static void put_prev(struct run_queue *rq, struct thread *prev, enum switch_reason why)
{
	struct thread *last = rq_thread(rb_last(&rq->tree));
	bool yield = why == SWITCH_YIELD;

	prev->need_resched = false;
	if (prev->is_idle)
		return;
	if (stays_runnable(prev) || (why == SWITCH_PREEMPT && prev->state != THREAD_DEAD)) {
		prev->state = THREAD_RUNNABLE;
		if (prev->migrate_pending) {
			start_migration(rq, prev);
			return;
		}
		if (yield && last)
			prev->vruntime = MAX(prev->vruntime, last->vruntime);
		tree_insert(rq, prev);
		return;
	}
	/* A sleeper's wake-up chooses an allowed CPU anyway. */
	prev->migrate_pending = false;
	prev->on_rq = false;
	rq->nr_running--;
	if (prev->state == THREAD_DEAD)
		rq->dead = prev;
}

static struct thread *pick_next(struct run_queue *rq, uint64_t now)
{
	struct thread *next = rq_thread(rb_first(&rq->tree));

	if (next)
		rb_erase(&next->rq_node, &rq->tree);
	else
		next = rq->idle;
	next->state = THREAD_RUNNING;
	next->exec_start_ns = now;
	next->slice_exec_ns = 0;
	return next;
}

/* Move @t, in transit on @src's migrations list, to a queue it may use. */
static void finish_migration(struct run_queue *src, struct thread *t)
{
	struct run_queue *locked, *dst;
	unsigned long flags;
	bool kick;

	dst = lock_for_placement(t, pick_cpu, &locked, &flags);
	BUG_ON(locked != src); /* nobody else moves a thread in transit */
	list_del_init(&t->migrate_link);
	move_thread(src, dst, t);
	enqueue(dst, t);
	kick = check_preempt(dst, t);
	rq_unlock_two(src, dst, flags);
	if (kick)
		kick_cpu(dst->id);
}

/* Send on the threads that left @rq, the calling CPU's queue (unlocked). Only
 * this CPU takes them off the list, so each one found is still there. */
static void drain_migrations(struct run_queue *rq)
{
	struct thread *t;

	for (;;) {
		spin_lock(&rq->lock);
		t = list_first_entry_or_null(&rq->migrations, struct thread, migrate_link);
		spin_unlock(&rq->lock);
		if (!t)
			return;
		finish_migration(rq, t);
	}
}

/*
 * The first thing a thread does on a CPU it switched to; @rq (this CPU's)
 * locked, irqs off. The thread switched away is off this CPU now, so one
 * leaving for another queue can go. Returns a thread that died here and
 * must be reaped with irqs back on.
 */
static struct thread *finish_switch(struct run_queue *rq)
{
	struct thread *dead = rq->dead;

	rq->dead = NULL;
	spin_unlock(&rq->lock);
	drain_migrations(rq);
	return dead;
}

static void check_stack(struct thread *t)
{
	if (t->stack_canary && *t->stack_canary != THREAD_STACK_CANARY)
		panic("sched: thread '%s' overflowed its kernel stack", t->name);
}

static void do_schedule(enum switch_reason why)
{
	unsigned long flags = hal_irq_save(); /* no migration from here on */
	struct cpu *c = this_cpu();
	struct run_queue *rq = cpu_rq(c->id);
	struct thread *prev = c->current, *next, *dead;
	uint64_t now;

	spin_lock(&rq->lock);
	now = hal_clock_ns();
	update_curr(rq, now);
	put_prev(rq, prev, why);
	next = pick_next(rq, now);
	if (next != prev) {
		check_stack(prev);
		c->current = next;
		update_min_vruntime(rq);
		/*
		 * Leave no user page table behind: @prev may run on another
		 * CPU next or exit there, and its table must not be freed while
		 * this CPU still points at it. The user loop activates a task's
		 * table right before user mode.
		 */
		hal_pt_activate(NULL);
		hal_context_switch(&prev->ctx, &next->ctx);
		/* Back, switched to by someone else's schedule(), maybe on
		 * another CPU: that one's queue is locked now. */
	}
	dead = finish_switch(this_rq());
	hal_irq_restore(flags);
	if (dead)
		thread_reap(dead);
}

void schedule(void)
{
	do_schedule(SWITCH_BLOCK);
}

void sched_yield_current(void)
{
	do_schedule(SWITCH_YIELD);
}

void sched_preempt_point(void)
{
	struct thread *t = current_thread();

	if (t && READ_ONCE(t->need_resched) && spin_locks_held() == 0)
		do_schedule(SWITCH_PREEMPT);
}

void sched_exit_current(void)
{
	struct thread *t = current_thread();
	unsigned long flags;
	struct run_queue *rq = lock_thread_rq(t, NULL, &flags);

	t->state = THREAD_DEAD;
	rq_unlock_two(rq, rq, flags);
	schedule();
	panic("sched: dead thread '%s' ran again", t->name);
}

void sched_thread_entry(void *arg)
{
	struct thread *t = arg;
	struct thread *dead = finish_switch(this_rq());

	hal_irq_enable();
	if (dead)
		thread_reap(dead);
	t->fn(t->arg);
	thread_exit();
}

/* ---- affinity and nice -------------------------------------------------- */

/*
 * After @t's mask changed: take it off a CPU the mask no longer allows.
 * Queued or asleep, it moves now; running, it is flagged and leaves at its
 * next switch. True when @t is the caller, which must call schedule().
 */
static bool leave_forbidden_cpu(struct thread *t)
{
	bool kick_src = false, kick_dst = false, self = false;
	struct run_queue *src, *dst;
	enum thread_state s;
	unsigned long flags;

	dst = lock_for_placement(t, pick_cpu, &src, &flags);
	s = t->state;
	if (cpu_allowed(t, src) || s == THREAD_NEW || s == THREAD_DEAD)
		goto out_unlock; /* a NEW thread starts on an allowed CPU */
	if (t == src->cpu->current) {
		t->migrate_pending = true;
		WRITE_ONCE(t->need_resched, true);
		self = t == current_thread();
		kick_src = !self;
	} else if (t->on_rq) {
		rb_erase(&t->rq_node, &src->tree);
		src->nr_running--;
		move_thread(src, dst, t);
		enqueue(dst, t);
		kick_dst = check_preempt(dst, t);
	} else if (s == THREAD_SLEEPING_INTERRUPTIBLE || s == THREAD_SLEEPING_UNINTERRUPTIBLE) {
		move_thread(src, dst, t); /* so that its wake-up starts there */
	}
	/* Otherwise it is in transit already and goes to an allowed CPU. */
out_unlock:
	rq_unlock_two(src, dst, flags);
	if (kick_src)
		kick_cpu(src->id);
	if (kick_dst)
		kick_cpu(dst->id);
	return self;
}

int sched_set_affinity(struct thread *t, uint64_t mask)
{
	struct run_queue *rq;
	unsigned long flags;

	mask &= SCHED_CPUS_ALL;
	if (t->is_idle || !(mask & sched_cpus_online()))
		return -EINVAL;
	rq = lock_thread_rq(t, NULL, &flags);
	WRITE_ONCE(t->cpus_allowed, mask);
	rq_unlock_two(rq, rq, flags);
	if (leave_forbidden_cpu(t))
		schedule(); /* comes back on an allowed CPU */
	return 0;
}

uint64_t sched_get_affinity(struct thread *t)
{
	return READ_ONCE(t->cpus_allowed) & sched_cpus_online();
}

void sched_set_nice(struct thread *t, int nice)
{
	unsigned long flags;
	struct run_queue *rq = lock_thread_rq(t, NULL, &flags);

	nice = MAX(SCHED_NICE_MIN, MIN(SCHED_NICE_MAX, nice));
	if (t == rq->cpu->current)
		update_curr(rq, hal_clock_ns()); /* the time so far at the old weight */
	WRITE_ONCE(t->nice, nice);
	t->weight = sched_nice_weight(nice);
	rq_unlock_two(rq, rq, flags);
}

int sched_get_nice(struct thread *t)
{
	return READ_ONCE(t->nice);
}

void sched_fork(struct thread *child, struct thread *parent)
{
	BUG_ON(child->state != THREAD_NEW);
	child->cpus_allowed = READ_ONCE(parent->cpus_allowed);
	child->nice = READ_ONCE(parent->nice);
	child->weight = sched_nice_weight(child->nice);
}

/* ---- sleeping on the clock ---------------------------------------------- */

uint64_t sched_timers_expire(uint64_t now_ns)
{
	struct run_queue *rq = this_rq();
	struct thread *t;
	uint64_t next = UINT64_MAX;
	bool kick = false;

	spin_lock(&rq->lock);
	while ((t = list_first_entry_or_null(&rq->timers, struct thread, timer_link))) {
		if (t->wake_ns > now_ns) {
			next = t->wake_ns;
			break;
		}
		list_del_init(&t->timer_link);
		wake_locked(rq, rq, t, &kick); /* a pending timer is on t->cpu's list */
	}
	spin_unlock(&rq->lock);
	return next;
}

void sleep_until(uint64_t deadline_ns)
{
	struct thread *t = current_thread();
	struct run_queue *rq;
	unsigned long flags;

	while (hal_clock_ns() < deadline_ns) {
		rq = lock_thread_rq(t, NULL, &flags);
		t->wake_ns = deadline_ns;
		timer_insert(rq, t);
		if (list_first_entry(&rq->timers, struct thread, timer_link) == t)
			tick_arm(deadline_ns);
		t->state = THREAD_SLEEPING_UNINTERRUPTIBLE;
		rq_unlock_two(rq, rq, flags);
		schedule();
		/* Maybe on another CPU now; a pending timer moved along. */
		rq = lock_thread_rq(t, NULL, &flags);
		if (!list_empty(&t->timer_link))
			list_del_init(&t->timer_link);
		rq_unlock_two(rq, rq, flags);
	}
}

void schedule_until(uint64_t deadline_ns)
{
	struct thread *t = current_thread();
	struct run_queue *rq;
	unsigned long flags;

	rq = lock_thread_rq(t, NULL, &flags);
	t->wake_ns = deadline_ns;
	timer_insert(rq, t);
	if (list_first_entry(&rq->timers, struct thread, timer_link) == t)
		tick_arm(deadline_ns);
	rq_unlock_two(rq, rq, flags);
	schedule();
	/* Woken before the deadline: the timer is not needed any more. */
	rq = lock_thread_rq(t, NULL, &flags);
	if (!list_empty(&t->timer_link))
		list_del_init(&t->timer_link);
	rq_unlock_two(rq, rq, flags);
}

void thread_sleep_ns(uint64_t ns)
{
	sleep_until(hal_clock_ns() + ns);
}

/* ---- the tick ----------------------------------------------------------- */

void sched_tick(uint64_t now_ns)
{
	struct cpu *c = this_cpu();
	struct run_queue *rq = this_rq();
	struct thread *curr = c->current;

	if (!curr)
		return;
	spin_lock(&rq->lock);
	update_curr(rq, now_ns);
	if (!RB_EMPTY_ROOT(&rq->tree) && (curr->is_idle || curr->slice_exec_ns >= SCHED_SLICE_NS))
		WRITE_ONCE(curr->need_resched, true);
	spin_unlock(&rq->lock);
}

/* ---- idle and bring-up -------------------------------------------------- */

__noreturn void sched_idle_loop(void)
{
	struct thread *self = current_thread();
	struct run_queue *rq = cpu_rq(self->cpu);

	BUG_ON(!self->is_idle);
	for (;;) {
		/*
		 * Interrupts stay enabled across the check and the wait: a
		 * wake-up that lands in between is seen at the next interrupt
		 * (a tick at the latest).
		 */
		if (READ_ONCE(self->need_resched) || READ_ONCE(rq->nr_running))
			schedule();
		else
			hal_wait_for_interrupt();
	}
}

static void idle_main(void *arg)
{
	(void)arg;
	sched_idle_loop();
}

/* Make the context running on this CPU the thread @t, named @name. */
static void adopt_running_context(struct thread *t, const char *name, bool idle)
{
	struct cpu *c = this_cpu();

	strlcpy(t->name, name, sizeof(t->name));
	t->state = THREAD_RUNNING;
	t->cpu = c->id;
	t->is_idle = idle;
	t->on_rq = !idle;
	t->refs = 1; /* never dropped */
	t->exec_start_ns = hal_clock_ns();
	t->cpus_allowed = idle ? cpu_bit(c->id) : SCHED_CPUS_ALL;
	t->weight = sched_nice_weight(0);
	list_init(&t->timer_link);
	list_init(&t->migrate_link);
	c->current = t;
}

void sched_init(void)
{
	struct thread *idle = &idle_threads[0];

	for (unsigned int i = 0; i < HAL_MAX_CPUS; i++) {
		struct run_queue *rq = cpu_rq(i);

		spin_lock_init(&rq->lock, "runqueue");
		rq->id = i;
		rq->cpu = &cpus[i];
		rq->tree = RB_ROOT;
		list_init(&rq->timers);
		list_init(&rq->migrations);
	}
	adopt_running_context(&boot_thread, "boot", false);
	cpu_rq(0)->nr_running = 1;
	if (thread_init(idle, idle_main, NULL, "idle0", NULL) < 0)
		panic("sched: no memory for the idle thread");
	idle->is_idle = true;
	idle->cpu = 0;
	idle->cpus_allowed = cpu_bit(0);
	__atomic_store_n(&cpu_rq(0)->idle, idle, __ATOMIC_RELEASE);
}

void sched_init_cpu(void)
{
	unsigned int id = this_cpu()->id;
	struct thread *idle = &idle_threads[id];
	char name[THREAD_NAME_LEN];

	ksnprintf(name, sizeof(name), "idle%u", id);
	adopt_running_context(idle, name, true);
	__atomic_store_n(&cpu_rq(id)->idle, idle, __ATOMIC_RELEASE);
}
