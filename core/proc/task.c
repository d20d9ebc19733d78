/*
 * core/proc/task.c - allocating tasks and processes, finding them, and
 * the current_*() accessors everybody uses.
 *
 * A task is recognised by its thread's release function: every task's
 * thread has task_release(), which frees the task (from kmalloc) when the
 * last reference to the thread goes, after core/sched freed the kernel
 * stack; kernel threads have another one or none.
 */
#include "lib/compiler.h"
#include "lib/string.h"
#include "mm/mm.h"
#include "proc/internal.h"
#include "proc/rlimit.h"

struct spinlock proc_lock = SPINLOCK_INIT("proc");
static unsigned int nr_processes; /* not yet reaped (proc_lock) */
static unsigned int nr_tasks;	  /* live tasks (proc_lock) */

void task_release(struct thread *t)
{
	kfree(container_of(t, struct task, thread));
}

struct task *task_of_thread(struct thread *t)
{
	if (!t || t->release != task_release)
		return NULL;
	return container_of(t, struct task, thread);
}

struct task *current_task(void)
{
	return task_of_thread(current_thread());
}

struct process *current_process(void)
{
	struct task *t = current_task();

	return t ? t->proc : NULL;
}

struct mm *current_mm(void)
{
	struct process *p = current_process();

	return p ? p->mm : NULL;
}

struct fd_table *current_files(void)
{
	struct process *p = current_process();

	return p ? p->files : NULL;
}

struct vfs_ctx *current_vfs_ctx(void)
{
	struct process *p = current_process();

	return p ? &p->fs : NULL;
}

static const struct cred kernel_cred = CRED_ROOT_INIT;

const struct cred *current_cred(void)
{
	struct process *p = current_process();

	return p ? &p->cred : &kernel_cred;
}

struct process *process_alloc(void)
{
	struct process *p = kzalloc(sizeof(*p), GFP_KERNEL);

	if (!p)
		return NULL;
	refcount_set(&p->refs, 1);
	list_init(&p->children);
	list_init(&p->sibling);
	list_init(&p->hash_link);
	list_init(&p->threads);
	mutex_init(&p->exec_lock, "exec");
	wait_queue_init(&p->child_wait, "wait4");
	wait_queue_init(&p->threads_wait, "exec-threads");
	rlimit_init_defaults(p->rlim);
	p->exit_signal = SIGCHLD;
	p->state = PROCESS_ALIVE;
	p->start_ns = hal_clock_ns();
	p->fs.cred = &p->cred;
	return p;
}

void proc_get(struct process *p)
{
	refcount_get(&p->refs);
}

void proc_put(struct process *p)
{
	if (refcount_put(&p->refs)) {
		signal_release_process(p);
		kfree(p);
	}
}

struct process *proc_find(int pid)
{
	unsigned long flags = spin_lock_irqsave(&proc_lock);
	struct process *p = proc_find_locked(pid);

	if (p)
		proc_get(p);
	spin_unlock_irqrestore(&proc_lock, flags);
	return p;
}

void proc_count_add_locked(int delta)
{
	nr_processes += (unsigned int)delta;
}

/*
 * Room for one more task? Like Linux's threads-max, the kernel stacks of
 * all tasks may take at most an eighth of RAM: past that, fork says
 * -EAGAIN (for root too) before memory runs out.
 */
bool task_count_add_locked(int delta)
{
	struct mm_stats st;

	if (delta > 0) {
		mm_stats_get(&st);
		if ((uint64_t)nr_tasks * (PAGE_SIZE << THREAD_STACK_ORDER) * 8 >=
		    (uint64_t)st.total_pages * PAGE_SIZE)
			return false;
	}
	nr_tasks += (unsigned int)delta;
	return true;
}

unsigned int proc_count(void)
{
	return READ_ONCE(nr_processes);
}

struct process *proc_init_process(void)
{
	unsigned long flags = spin_lock_irqsave(&proc_lock);
	struct process *p = proc_find_locked(1);

	spin_unlock_irqrestore(&proc_lock, flags);
	return p;
}

void task_set_comm(struct task *t, const char *name)
{
	strlcpy(t->comm, name, sizeof(t->comm));
	strlcpy(t->thread.name, name, sizeof(t->thread.name));
}
