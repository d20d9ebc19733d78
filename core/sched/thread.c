/*
 * core/sched/thread.c - kernel threads: creation, references, exit, join.
 *
 * A kernel thread's stack is one buddy block of THREAD_STACK_ORDER; a
 * kthread keeps its struct thread at the bottom of that block, so one
 * allocation carries both. A canary word sits just above the structure, at
 * the lowest address the stack may reach; schedule() checks it.
 *
 * A thread never frees its own stack: it dies in schedule(), and the thread
 * that runs next on that CPU drops the dead one's THREAD_REF_RUNNING
 * (thread_reap()), after the switch. Joiners sleep on one global wait queue
 * until that reference is gone.
 */
#include "sched/thread.h"
#include "lib/compiler.h"
#include "lib/panic.h"
#include "lib/string.h"
#include "mm/mm.h"
#include "sched/internal.h"
#include "sched/wait.h"
#include "uapi/errno.h"

#define THREAD_STACK_BYTES (PAGE_SIZE << THREAD_STACK_ORDER)
#define CANARY_BYTES	   16 /* keeps the stack 16-byte aligned */

/* Every thread_join() waits here; woken whenever a thread is reaped. */
static struct wait_queue reaped_wq = WAIT_QUEUE_INIT(reaped_wq, "thread-reaped");

static void thread_setup(struct thread *t, struct page *stack_page, void *stack, size_t stack_size,
			 void (*fn)(void *), void *arg, const char *name,
			 void (*release)(struct thread *t))
{
	memset(t, 0, sizeof(*t));
	t->state = THREAD_NEW;
	t->fn = fn;
	t->arg = arg;
	t->stack_page = stack_page;
	t->stack_canary = stack;
	*t->stack_canary = THREAD_STACK_CANARY;
	t->refs = 1;
	t->release = release;
	t->cpus_allowed = SCHED_CPUS_ALL;
	t->weight = sched_nice_weight(0);
	list_init(&t->timer_link);
	list_init(&t->migrate_link);
	strlcpy(t->name, name, sizeof(t->name));
	/* The canary is ours, not part of the stack the HAL may use. */
	hal_context_init(&t->ctx, (char *)stack + CANARY_BYTES, stack_size - CANARY_BYTES,
			 sched_thread_entry, t);
}

struct thread *kthread_create(void (*fn)(void *), void *arg, const char *name)
{
	struct page *page = alloc_pages(THREAD_STACK_ORDER, GFP_KERNEL);
	struct thread *t;
	size_t below;

	if (!page)
		return NULL;
	t = page_address(page);
	below = ALIGN_UP(sizeof(*t), 16);
	thread_setup(t, page, (char *)t + below, THREAD_STACK_BYTES - below, fn, arg, name, NULL);
	return t;
}

int thread_init(struct thread *t, void (*fn)(void *), void *arg, const char *name,
		void (*release)(struct thread *t))
{
	struct page *page = alloc_pages(THREAD_STACK_ORDER, GFP_KERNEL);

	if (!page)
		return -ENOMEM;
	thread_setup(t, page, page_address(page), THREAD_STACK_BYTES, fn, arg, name, release);
	return 0;
}

struct thread *kthread_run(void (*fn)(void *), void *arg, const char *name)
{
	struct thread *t = kthread_create(fn, arg, name);

	if (t)
		thread_start(t);
	return t;
}

int kthread_run_once(struct thread **slot, void (*fn)(void *), const char *name)
{
	struct thread *t;

	if (READ_ONCE(*slot))
		return 0;
	t = kthread_run(fn, NULL, name);
	if (!t)
		return -ENOMEM;
	WRITE_ONCE(*slot, t);
	return 0;
}

/* Drop @n from @t's references; the last one frees the stack (and @t). */
static void thread_unref(struct thread *t, int n)
{
	struct page *stack;
	void (*release)(struct thread * t);

	if (__atomic_sub_fetch(&t->refs, n, __ATOMIC_ACQ_REL) != 0)
		return;
	BUG_ON(t->state != THREAD_DEAD && t->state != THREAD_NEW);
	stack = t->stack_page;
	release = t->release;
	free_pages(stack, THREAD_STACK_ORDER); /* a kthread's @t goes with it */
	if (release)
		release(t);
}

void thread_get(struct thread *t)
{
	__atomic_add_fetch(&t->refs, 1, __ATOMIC_RELAXED);
}

void thread_put(struct thread *t)
{
	thread_unref(t, 1);
}

void thread_reap(struct thread *t)
{
	thread_unref(t, THREAD_REF_RUNNING);
	wake_up_all(&reaped_wq);
}

static bool thread_reaped(struct thread *t)
{
	return (__atomic_load_n(&t->refs, __ATOMIC_ACQUIRE) & THREAD_REF_RUNNING) == 0;
}

void thread_join(struct thread *t)
{
	BUG_ON(t == current_thread());
	wait_event(reaped_wq, thread_reaped(t));
	thread_put(t);
}

__noreturn void thread_exit(void)
{
	struct thread *t = current_thread();

	if (t->is_idle || !t->stack_page)
		panic("sched: thread '%s' may not exit", t->name);
	sched_exit_current();
}
