/*
 * core/sched/sched.c - run queues, the fair policy, schedule(), idle threads
 * and the per-CPU sleep timers.
 *
 * Each CPU has one run queue. The thread it runs (cpus[i].current) is not in
 * the queue's tree; every other runnable thread of that CPU is, ordered by
 * vruntime, the CPU time it has had. schedule() puts the current thread back
 * (unless it sleeps or died) and picks the leftmost, the one that had least;
 * the idle thread runs when the tree is empty. New threads start at the
 * queue's min_vruntime, so they neither starve nor get a burst of CPU time.
 * Threads never change CPU after thread_start().
 *
 * The tick (tick.c) charges the running thread; when it has had its slice
 * and someone else is runnable, it sets need_resched, and the thread gives
 * up the CPU at the next preemption point (return from interrupt) or call
 * to schedule(). A wake-up on another CPU sets that CPU's need_resched and
 * sends it an IPI if the woken thread should run first (always, when the
 * CPU idles).
 *
 * Locking: rq->lock, taken with interrupts disabled, protects the tree, the
 * counters, the timer list, rq->cpu->current and the state, on_rq and
 * vruntime of the queue's threads. schedule() holds it across the context
 * switch; the thread switched to releases it (finish_switch()). Lock order:
 * wait-queue and mutex locks before a run-queue lock; never two run queues.
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

#define SCHED_SLICE_NS (1000000000ull / HZ) /* CPU time before the tick preempts */

struct run_queue {
	struct spinlock lock;
	struct cpu *cpu;	 /* the CPU this queue feeds */
	struct rb_root tree;	 /* RUNNABLE threads, by vruntime */
	unsigned int nr_running; /* threads with on_rq set, idle excluded */
	uint64_t min_vruntime;	 /* never decreases */
	struct thread *idle;	 /* set once the CPU can take threads */
	struct thread *dead;	 /* to reap right after the next switch */
	struct list_head timers; /* sleepers (timer_link), soonest first */
};

static struct run_queue runqueues[HAL_MAX_CPUS];
static struct thread boot_thread;
static struct thread idle_threads[HAL_MAX_CPUS];

static struct run_queue *cpu_rq(unsigned int cpu)
{
	return &runqueues[cpu];
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
	curr->vruntime += delta;
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

/* Wake @t if it sleeps; *@kick says its CPU should reschedule. rq locked. */
static bool wake_locked(struct run_queue *rq, struct thread *t, bool *kick)
{
	enum thread_state s = READ_ONCE(t->state);

	if (s != THREAD_SLEEPING_INTERRUPTIBLE && s != THREAD_SLEEPING_UNINTERRUPTIBLE)
		return false;
	if (t->on_rq) {
		/* Still current, on its way into schedule(): it just stays. */
		WRITE_ONCE(t->state, THREAD_RUNNABLE);
		return true;
	}
	t->vruntime = MAX(t->vruntime, rq->min_vruntime);
	enqueue(rq, t);
	if (check_preempt(rq, t))
		*kick = true;
	return true;
}

static void kick_cpu(unsigned int cpu)
{
	if (cpu != hal_cpu_id())
		hal_send_ipi(cpu);
}

bool thread_wake(struct thread *t)
{
	unsigned int cpu = t->cpu;
	struct run_queue *rq = cpu_rq(cpu);
	bool kick = false, woke;
	unsigned long flags;

	flags = spin_lock_irqsave(&rq->lock);
	woke = wake_locked(rq, t, &kick);
	spin_unlock_irqrestore(&rq->lock, flags);
	if (kick)
		kick_cpu(cpu);
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
	struct run_queue *rq = cpu_rq(t->cpu);
	unsigned long flags;

	flags = spin_lock_irqsave(&rq->lock);
	t->state = THREAD_RUNNING;
	spin_unlock_irqrestore(&rq->lock, flags);
}

/* The least loaded CPU that takes threads; this one on a tie. */
static unsigned int pick_cpu(void)
{
	unsigned int best = hal_cpu_id();
	unsigned int best_load = READ_ONCE(cpu_rq(best)->nr_running);

	for (unsigned int i = 0; i < HAL_MAX_CPUS; i++) {
		struct run_queue *rq = cpu_rq(i);
		unsigned int load = READ_ONCE(rq->nr_running);

		if (__atomic_load_n(&rq->idle, __ATOMIC_ACQUIRE) && load < best_load) {
			best = i;
			best_load = load;
		}
	}
	return best;
}

void thread_start(struct thread *t)
{
	unsigned int cpu = pick_cpu();
	struct run_queue *rq = cpu_rq(cpu);
	unsigned long flags;
	bool kick;

	BUG_ON(t->state != THREAD_NEW);
	__atomic_add_fetch(&t->refs, THREAD_REF_RUNNING, __ATOMIC_RELAXED);
	t->cpu = cpu;
	flags = spin_lock_irqsave(&rq->lock);
	update_curr(rq, hal_clock_ns());
	t->vruntime = rq->min_vruntime;
	enqueue(rq, t);
	kick = check_preempt(rq, t);
	spin_unlock_irqrestore(&rq->lock, flags);
	if (kick)
		kick_cpu(cpu);
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

/* Put the outgoing thread where its state says. */
/* Why a thread leaves the CPU. */
enum switch_reason {
	SWITCH_BLOCK,   /* schedule(): sleeps if its state says so */
	SWITCH_YIELD,   /* sched_yield_current(): goes behind the others */
	SWITCH_PREEMPT, /* sched_preempt_point(): stays runnable whatever its state */
};

/*
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
		if (yield && last)
			prev->vruntime = MAX(prev->vruntime, last->vruntime);
		prev->state = THREAD_RUNNABLE;
		tree_insert(rq, prev);
		return;
	}
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

/* The first thing a thread does on a CPU it switched to; rq locked, irqs off.
 * Returns a thread that died here and must be reaped with irqs back on. */
static struct thread *finish_switch(struct run_queue *rq)
{
	struct thread *dead = rq->dead;

	rq->dead = NULL;
	spin_unlock(&rq->lock);
	return dead;
}

static void check_stack(struct thread *t)
{
	if (t->stack_canary && *t->stack_canary != THREAD_STACK_CANARY)
		panic("sched: thread '%s' overflowed its kernel stack", t->name);
}

static void do_schedule(enum switch_reason why)
{
	struct cpu *c = this_cpu();
	struct run_queue *rq = cpu_rq(c->id);
	struct thread *prev = c->current, *next, *dead;
	unsigned long flags;
	uint64_t now;

	flags = spin_lock_irqsave(&rq->lock);
	now = hal_clock_ns();
	update_curr(rq, now);
	put_prev(rq, prev, why);
	next = pick_next(rq, now);
	if (next != prev) {
		check_stack(prev);
		c->current = next;
		update_min_vruntime(rq);
		hal_context_switch(&prev->ctx, &next->ctx);
		/* Back on this CPU, switched to by someone else's schedule(). */
	}
	dead = finish_switch(rq);
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
	struct run_queue *rq = cpu_rq(t->cpu);
	unsigned long flags;

	flags = spin_lock_irqsave(&rq->lock);
	t->state = THREAD_DEAD;
	spin_unlock_irqrestore(&rq->lock, flags);
	schedule();
	panic("sched: dead thread '%s' ran again", t->name);
}

void sched_thread_entry(void *arg)
{
	struct thread *t = arg;
	struct thread *dead = finish_switch(cpu_rq(t->cpu));

	hal_irq_enable();
	if (dead)
		thread_reap(dead);
	t->fn(t->arg);
	thread_exit();
}

/* ---- sleeping on the clock ---------------------------------------------- */

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

uint64_t sched_timers_expire(uint64_t now_ns)
{
	struct run_queue *rq = cpu_rq(this_cpu()->id);
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
		wake_locked(rq, t, &kick);
	}
	spin_unlock(&rq->lock);
	return next;
}

void sleep_until(uint64_t deadline_ns)
{
	struct thread *t = current_thread();
	struct run_queue *rq = cpu_rq(t->cpu);
	unsigned long flags;

	while (hal_clock_ns() < deadline_ns) {
		flags = spin_lock_irqsave(&rq->lock);
		t->wake_ns = deadline_ns;
		timer_insert(rq, t);
		if (list_first_entry(&rq->timers, struct thread, timer_link) == t)
			tick_arm(deadline_ns);
		t->state = THREAD_SLEEPING_UNINTERRUPTIBLE;
		spin_unlock_irqrestore(&rq->lock, flags);
		schedule();
		flags = spin_lock_irqsave(&rq->lock);
		if (!list_empty(&t->timer_link))
			list_del_init(&t->timer_link);
		spin_unlock_irqrestore(&rq->lock, flags);
	}
}

void thread_sleep_ns(uint64_t ns)
{
	sleep_until(hal_clock_ns() + ns);
}

/* ---- the tick ----------------------------------------------------------- */

void sched_tick(uint64_t now_ns)
{
	struct cpu *c = this_cpu();
	struct run_queue *rq = cpu_rq(c->id);
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
	list_init(&t->timer_link);
	c->current = t;
}

void sched_init(void)
{
	struct thread *idle = &idle_threads[0];

	for (unsigned int i = 0; i < HAL_MAX_CPUS; i++) {
		struct run_queue *rq = cpu_rq(i);

		spin_lock_init(&rq->lock, "runqueue");
		rq->cpu = &cpus[i];
		rq->tree = RB_ROOT;
		list_init(&rq->timers);
	}
	adopt_running_context(&boot_thread, "boot", false);
	cpu_rq(0)->nr_running = 1;
	if (thread_init(idle, idle_main, NULL, "idle0", NULL) < 0)
		panic("sched: no memory for the idle thread");
	idle->is_idle = true;
	idle->cpu = 0;
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
