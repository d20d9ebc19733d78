/*
 * tests/ktest/sched.c - kernel threads, the scheduler, wait queues, mutexes
 * and sleeping, on every CPU the machine has (hosted: one, simulated clock).
 *
 * Each test starts its threads, joins them all and checks what they did.
 * Threads run on whichever CPU thread_start() chose, so on riscv64 with
 * -smp 4 the same tests exercise real parallelism.
 */
#include "hal/hal.h"
#include "lib/ktest.h"
#include "lib/spinlock.h"
#include "mm/mm.h"
#include "sched/mutex.h"
#include "sched/thread.h"
#include "sched/wait.h"

#define MS 1000000ull

/* ---- mutual exclusion: an exact shared counter ------------------------- */

#define COUNTER_THREADS 6
#define COUNTER_ROUNDS	150

struct counter {
	struct mutex lock;
	unsigned long value;   /* under lock */
	unsigned long overlap; /* a second holder was seen: must stay 0 */
	bool busy;	       /* under lock: someone is inside */
};

static void counter_thread(void *arg)
{
	struct counter *c = arg;

	for (unsigned int i = 0; i < COUNTER_ROUNDS; i++) {
		mutex_lock(&c->lock);
		if (c->busy)
			c->overlap++;
		c->busy = true;
		unsigned long v = c->value;
		if (i % 8 == 0)
			sched_yield_current(); /* hold the mutex across a switch */
		c->value = v + 1;
		c->busy = false;
		mutex_unlock(&c->lock);
		sched_yield_current();
	}
}

KTEST(sched, mutex_counter_is_exact)
{
	static struct counter c;
	struct thread *t[COUNTER_THREADS];

	mutex_init(&c.lock, "counter");
	c.value = 0;
	c.overlap = 0;
	c.busy = false;
	for (unsigned int i = 0; i < COUNTER_THREADS; i++) {
		t[i] = kthread_run(counter_thread, &c, "counter");
		KT_ASSERT_NOT_NULL(t[i]);
	}
	for (unsigned int i = 0; i < COUNTER_THREADS; i++)
		thread_join(t[i]);
	KT_ASSERT_EQ(c.value, COUNTER_THREADS * COUNTER_ROUNDS);
	KT_ASSERT_EQ(c.overlap, 0);
	KT_ASSERT(!mutex_is_locked(&c.lock));
}

/* ---- wait queues: bounded buffer --------------------------------------- */

#define RING_SIZE  4
#define RING_ITEMS 300

struct ring {
	struct spinlock lock;	 /* protects head, tail, items */
	unsigned int head, tail; /* free-running counters */
	unsigned int items[RING_SIZE];
	struct wait_queue not_full, not_empty;
	unsigned int received;	   /* consumer only */
	unsigned int out_of_order; /* consumer only: must stay 0 */
};

static unsigned int ring_count(struct ring *r)
{
	unsigned long flags = spin_lock_irqsave(&r->lock);
	unsigned int n = r->head - r->tail;

	spin_unlock_irqrestore(&r->lock, flags);
	return n;
}

static void producer(void *arg)
{
	struct ring *r = arg;

	for (unsigned int i = 1; i <= RING_ITEMS; i++) {
		wait_event(r->not_full, ring_count(r) < RING_SIZE);
		unsigned long flags = spin_lock_irqsave(&r->lock);
		r->items[r->head++ % RING_SIZE] = i;
		spin_unlock_irqrestore(&r->lock, flags);
		wake_up(&r->not_empty);
		if (i % 5 == 0)
			sched_yield_current();
	}
}

static void consumer(void *arg)
{
	struct ring *r = arg;

	for (unsigned int i = 1; i <= RING_ITEMS; i++) {
		wait_event(r->not_empty, ring_count(r) > 0);
		unsigned long flags = spin_lock_irqsave(&r->lock);
		unsigned int item = r->items[r->tail++ % RING_SIZE];
		spin_unlock_irqrestore(&r->lock, flags);
		wake_up(&r->not_full);
		if (item != i)
			r->out_of_order++;
		r->received++;
	}
}

KTEST(sched, wait_queue_bounded_buffer)
{
	static struct ring r;
	struct thread *p, *c;

	spin_lock_init(&r.lock, "ring");
	r.head = r.tail = 0;
	r.received = r.out_of_order = 0;
	wait_queue_init(&r.not_full, "ring-not-full");
	wait_queue_init(&r.not_empty, "ring-not-empty");
	c = kthread_run(consumer, &r, "consumer");
	p = kthread_run(producer, &r, "producer");
	KT_ASSERT_NOT_NULL(c);
	KT_ASSERT_NOT_NULL(p);
	thread_join(p);
	thread_join(c);
	KT_ASSERT_EQ(r.received, RING_ITEMS);
	KT_ASSERT_EQ(r.out_of_order, 0);
	KT_ASSERT_EQ(ring_count(&r), 0);
	KT_ASSERT(!wait_queue_active(&r.not_full));
	KT_ASSERT(!wait_queue_active(&r.not_empty));
}

KTEST(sched, wait_event_true_condition_does_not_sleep)
{
	static struct wait_queue wq = WAIT_QUEUE_INIT(wq, "test-wq");
	int ready = 1;

	wait_event(wq, ready == 1);
	KT_ASSERT_EQ(wait_event_interruptible(wq, ready == 1), 0);
	KT_ASSERT(!wait_queue_active(&wq));
	KT_ASSERT_EQ(current_thread()->state, THREAD_RUNNING);
}

/* ---- sleeping: wake in deadline order ---------------------------------- */

struct sleeper_log {
	struct spinlock lock;
	uint64_t base_ns;
	unsigned int order[3];
	unsigned int n;
	unsigned int early; /* woke before its deadline: must stay 0 */
};

struct sleeper {
	struct sleeper_log *log;
	unsigned int ms;
};

static void sleeper_thread(void *arg)
{
	struct sleeper *s = arg;
	struct sleeper_log *log = s->log;
	uint64_t deadline = log->base_ns + s->ms * MS;

	sleep_until(deadline);
	unsigned long flags = spin_lock_irqsave(&log->lock);
	if (hal_clock_ns() < deadline)
		log->early++;
	log->order[log->n++] = s->ms;
	spin_unlock_irqrestore(&log->lock, flags);
}

KTEST(sched, sleepers_wake_in_deadline_order)
{
	static struct sleeper_log log;
	static struct sleeper s[3] = {{&log, 30}, {&log, 10}, {&log, 20}};
	struct thread *t[3];

	spin_lock_init(&log.lock, "sleepers");
	log.n = log.early = 0;
	log.base_ns = hal_clock_ns() + 5 * MS;
	for (unsigned int i = 0; i < 3; i++) {
		t[i] = kthread_run(sleeper_thread, &s[i], "sleeper");
		KT_ASSERT_NOT_NULL(t[i]);
	}
	for (unsigned int i = 0; i < 3; i++)
		thread_join(t[i]);
	KT_ASSERT_EQ(log.n, 3);
	KT_ASSERT_EQ(log.order[0], 10);
	KT_ASSERT_EQ(log.order[1], 20);
	KT_ASSERT_EQ(log.order[2], 30);
	KT_ASSERT_EQ(log.early, 0);
	KT_ASSERT(hal_clock_ns() >= log.base_ns + 30 * MS);
}

KTEST(sched, thread_sleep_ns_sleeps_long_enough)
{
	uint64_t start = hal_clock_ns();

	thread_sleep_ns(15 * MS);
	KT_ASSERT(hal_clock_ns() >= start + 15 * MS);
}

/* ---- mutex: FIFO hand-off ---------------------------------------------- */

#define FIFO_THREADS 4

struct fifo_test {
	struct mutex lock;
	unsigned int order[FIFO_THREADS]; /* under lock */
	unsigned int n;
};

struct fifo_arg {
	struct fifo_test *ft;
	unsigned int id;
};

static void fifo_thread(void *arg)
{
	struct fifo_arg *a = arg;

	mutex_lock(&a->ft->lock);
	a->ft->order[a->ft->n++] = a->id;
	mutex_unlock(&a->ft->lock);
}

static unsigned int mutex_waiters(struct mutex *m)
{
	unsigned long flags = spin_lock_irqsave(&m->wait_lock);
	unsigned int n = 0;
	struct list_head *pos;

	list_for_each(pos, &m->waiters)
	{
		n++;
	}
	spin_unlock_irqrestore(&m->wait_lock, flags);
	return n;
}

KTEST(sched, mutex_hands_off_in_fifo_order)
{
	static struct fifo_test ft;
	static struct fifo_arg args[FIFO_THREADS];
	struct thread *t[FIFO_THREADS];

	mutex_init(&ft.lock, "fifo");
	ft.n = 0;
	mutex_lock(&ft.lock);
	KT_ASSERT(mutex_is_owner(&ft.lock));
	KT_ASSERT(!mutex_trylock(&ft.lock));
	for (unsigned int i = 0; i < FIFO_THREADS; i++) {
		args[i].ft = &ft;
		args[i].id = i;
		t[i] = kthread_run(fifo_thread, &args[i], "fifo");
		KT_ASSERT_NOT_NULL(t[i]);
		/* Let it queue up before the next one starts. */
		while (mutex_waiters(&ft.lock) != i + 1)
			thread_sleep_ns(1 * MS);
	}
	mutex_unlock(&ft.lock);
	for (unsigned int i = 0; i < FIFO_THREADS; i++)
		thread_join(t[i]);
	KT_ASSERT_EQ(ft.n, FIFO_THREADS);
	for (unsigned int i = 0; i < FIFO_THREADS; i++)
		KT_ASSERT_EQ(ft.order[i], i);
	KT_ASSERT(!mutex_is_locked(&ft.lock));
	KT_ASSERT(mutex_trylock(&ft.lock));
	mutex_unlock(&ft.lock);
}

static void interruptible_locker(void *arg)
{
	struct fifo_arg *a = arg;

	a->id = (unsigned int)mutex_lock_interruptible(&a->ft->lock);
	a->ft->n++;
	mutex_unlock(&a->ft->lock);
}

KTEST(sched, mutex_lock_interruptible_waits_for_the_owner)
{
	static struct fifo_test ft;
	static struct fifo_arg a = {&ft, 99};
	struct thread *t;

	mutex_init(&ft.lock, "interruptible");
	ft.n = 0;
	KT_ASSERT_EQ(mutex_lock_interruptible(&ft.lock), 0);
	t = kthread_run(interruptible_locker, &a, "locker");
	KT_ASSERT_NOT_NULL(t);
	while (mutex_waiters(&ft.lock) != 1)
		thread_sleep_ns(1 * MS);
	KT_ASSERT_EQ(ft.n, 0);
	mutex_unlock(&ft.lock);
	thread_join(t);
	KT_ASSERT_EQ(a.id, 0); /* no signals yet: the wait ends with the mutex */
	KT_ASSERT_EQ(ft.n, 1);
	KT_ASSERT(!mutex_is_locked(&ft.lock));
}

/* ---- exit and stack reclaim -------------------------------------------- */

#define EXIT_THREADS 12

static void exit_thread(void *arg)
{
	unsigned long how = (unsigned long)arg;

	if (how % 3 == 1)
		thread_sleep_ns(2 * MS);
	if (how % 3 == 2)
		thread_exit();
	/* how % 3 == 0: return from the thread function */
}

KTEST(sched, exited_threads_give_their_stacks_back)
{
	struct thread *t[EXIT_THREADS];
	unsigned long before = nr_free_pages();

	for (unsigned long i = 0; i < EXIT_THREADS; i++) {
		t[i] = kthread_run(exit_thread, (void *)i, "exiter");
		KT_ASSERT_NOT_NULL(t[i]);
	}
	for (unsigned int i = 0; i < EXIT_THREADS; i++)
		thread_join(t[i]);
	KT_ASSERT_EQ(nr_free_pages(), before);
}

KTEST(sched, unstarted_thread_is_freed_by_put)
{
	unsigned long before = nr_free_pages();
	struct thread *t = kthread_create(exit_thread, NULL, "never-run");

	KT_ASSERT_NOT_NULL(t);
	KT_ASSERT_EQ(t->state, THREAD_NEW);
	KT_ASSERT(nr_free_pages() < before);
	thread_get(t);
	thread_put(t);
	KT_ASSERT(nr_free_pages() < before); /* one reference left */
	thread_put(t);
	KT_ASSERT_EQ(nr_free_pages(), before);
}

struct embedding {
	unsigned int released;
	struct thread thread;
	unsigned int ran;
};

static void embedded_body(void *arg)
{
	struct embedding *e = arg;

	e->ran++;
}

static void embedded_release(struct thread *t)
{
	container_of(t, struct embedding, thread)->released++;
}

KTEST(sched, embedded_thread_releases_its_owner)
{
	static struct embedding e;
	unsigned long before = nr_free_pages();

	e.released = e.ran = 0;
	KT_ASSERT_EQ(thread_init(&e.thread, embedded_body, &e, "embedded", embedded_release), 0);
	thread_start(&e.thread);
	thread_join(&e.thread);
	KT_ASSERT_EQ(e.ran, 1);
	KT_ASSERT_EQ(e.released, 1);
	KT_ASSERT_EQ(nr_free_pages(), before);
}

/* ---- placement --------------------------------------------------------- */

struct spread {
	unsigned int cpu_seen[HAL_MAX_CPUS]; /* atomic */
	unsigned int go;		     /* atomic */
};

static void spread_thread(void *arg)
{
	struct spread *s = arg;

	__atomic_add_fetch(&s->cpu_seen[hal_cpu_id()], 1, __ATOMIC_RELAXED);
	/* Stay runnable (a sleeper would not count as load) until all started. */
	while (!__atomic_load_n(&s->go, __ATOMIC_ACQUIRE))
		sched_yield_current();
}

KTEST(sched, new_threads_spread_over_cpus)
{
	static struct spread s;
	struct thread *t[HAL_MAX_CPUS];
	unsigned int ncpus = 0, used = 0;

	for (unsigned int i = 0; i < HAL_MAX_CPUS; i++) {
		s.cpu_seen[i] = 0;
		if (READ_ONCE(cpus[i].online))
			ncpus++;
	}
	s.go = 0;
	/* One thread per CPU besides ours: each should get a CPU of its own. */
	for (unsigned int i = 0; i + 1 < ncpus; i++) {
		t[i] = kthread_run(spread_thread, &s, "spread");
		KT_ASSERT_NOT_NULL(t[i]);
		KT_ASSERT(t[i]->cpu != hal_cpu_id());
	}
	__atomic_store_n(&s.go, 1, __ATOMIC_RELEASE);
	for (unsigned int i = 0; i + 1 < ncpus; i++)
		thread_join(t[i]);
	for (unsigned int i = 0; i < HAL_MAX_CPUS; i++)
		used += s.cpu_seen[i] != 0;
	KT_ASSERT_EQ(used, ncpus - 1);
}
