/*
 * core/proc/user_loop.c - the body of every task's kernel thread: run
 * user code, handle the trap that ended it, repeat.
 *
 *	for (;;) {
 *		hal_user_run(&task->user, &trap);   user code runs until a trap
 *		system call -> pc += 4, syscall_dispatch(a7, a0..a5) -> a0
 *		page fault  -> vm_fault(), or SIGSEGV (SIGBUS past a file's end)
 *		illegal instruction, ebreak, misaligned or bus error -> a signal
 *		signal_deliver(): handlers, stops, fatal signals (may not return)
 *		need_resched -> schedule()
 *	}
 *
 * pc moves past the ecall before the call runs, as on Linux: execve and
 * rt_sigreturn replace the registers wholesale and must not see it moved
 * again, and a fork child starts from a copy that is already past it.
 *
 * Before entering user mode the loop makes this CPU use the task's page
 * table, with interrupts off from there into user mode: a task preempted in
 * between would come back on the kernel's table, maybe on another CPU. The
 * HAL skips the switch when the table is in use already. A table stays live
 * on a CPU only while the thread that activated it runs there: every
 * context switch puts the kernel's table back (core/sched), since the
 * thread may run on another CPU next, or exit there; and a task that drops
 * an address space clears it from its own CPU first (proc_deactivate_mm()).
 * So a table is never freed while a CPU still points at it.
 */
#include "lib/printk.h"
#include "mm/mm.h"
#include "mm/vm.h"
#include "proc/internal.h"
#include "sys/syscall.h"
#include "sys/uaccess.h"
#include "uapi/errno.h"

struct task *task_alloc(void)
{
	struct task *t = kzalloc(sizeof(*t), GFP_KERNEL);

	if (!t)
		return NULL;
	if (thread_init(&t->thread, proc_user_loop, t, "user", task_release)) {
		kfree(t);
		return NULL;
	}
	list_init(&t->thread_link);
	list_init(&t->hash_link);
	wait_queue_init(&t->vfork_wait, "vfork");
	return t;
}

void task_free_unstarted(struct task *t)
{
	thread_put(&t->thread); /* frees the stack, then task_release() */
}

void proc_activate_mm(struct mm *mm)
{
	mm_activate(mm);
}

void proc_deactivate_mm(void)
{
	proc_activate_mm(NULL);
}

static void handle_syscall(struct task *t)
{
	struct linux_user_regs *r = &t->user.regs;
	unsigned long a[SYSCALL_MAX_ARGS] = {r->a0, r->a1, r->a2, r->a3, r->a4, r->a5};
	long ret;

	r->pc += 4;
	ret = syscall_dispatch(r->a7, a);
	signal_syscall_return(t, ret, a[0]);
}

/* Will fault signal @sig end the process (no handler)? For the log line. */
static bool fault_kills(struct task *t, int sig)
{
	return READ_ONCE(t->proc->sig.action[sig - 1].sa_handler) <= SIG_IGN;
}

static void handle_page_fault(struct task *t, const struct hal_user_trap *trap)
{
	int err = vm_fault(t->proc->mm, trap->addr, trap->access);

	if (err == 0)
		return;
	if (err == -ENOMEM) {
		printk("rux: %s[%d] out of memory at 0x%llx, killed\n", t->comm, t->tid,
		       (unsigned long long)trap->addr);
		signal_force_fault(t, SIGKILL, SI_KERNEL, trap->addr);
		return;
	}
	if (err == -EIO) { /* a file mapping past the end of its file */
		signal_force_fault(t, SIGBUS, BUS_ADRERR, trap->addr);
		return;
	}
	if (fault_kills(t, SIGSEGV))
		printk("rux: %s[%d] segfault at %llx pc %llx (%s %s)\n", t->comm, t->tid,
		       (unsigned long long)trap->addr, (unsigned long long)t->user.regs.pc,
		       trap->access == HAL_ACCESS_WRITE ? "write" :
		       trap->access == HAL_ACCESS_EXEC ? "exec" : "read",
		       err == -EACCES ? "not permitted" : "unmapped");
	signal_force_fault(t, SIGSEGV, err == -EACCES ? SEGV_ACCERR : SEGV_MAPERR, trap->addr);
}

static void handle_trap(struct task *t, const struct hal_user_trap *trap)
{
	uint64_t pc = t->user.regs.pc;

	switch (trap->reason) {
	case HAL_USER_SYSCALL:
		handle_syscall(t);
		break;
	case HAL_USER_PAGE_FAULT:
		handle_page_fault(t, trap);
		break;
	case HAL_USER_ILLEGAL:
		if (fault_kills(t, SIGILL))
			printk("rux: %s[%d] illegal instruction at pc %llx\n", t->comm, t->tid,
			       (unsigned long long)pc);
		signal_force_fault(t, SIGILL, ILL_ILLOPC, pc);
		break;
	case HAL_USER_BREAKPOINT:
		signal_force_fault(t, SIGTRAP, TRAP_BRKPT, pc);
		break;
	case HAL_USER_MISALIGNED:
		signal_force_fault(t, SIGBUS, BUS_ADRALN, trap->addr);
		break;
	case HAL_USER_BUS_ERROR:
		signal_force_fault(t, SIGBUS, BUS_ADRERR, trap->addr);
		break;
	case HAL_USER_INTERRUPT:
		break;
	}
}

/* What a new task does before its first entry to user mode. */
static void task_first_run(struct task *t)
{
	if (t->init_request)
		proc_init_task_start(t);
	if (t->host_call)
		proc_host_task_run(t);
	if (t->set_child_tid) {
		int32_t tid = t->tid;

		/* CLONE_CHILD_SETTID: written in the child's own memory. A
		 * fault is ignored, as on Linux. */
		(void)copy_to_user(t->set_child_tid, &tid, sizeof(tid));
		t->set_child_tid = 0;
	}
}

void proc_user_loop(void *arg)
{
	struct task *t = arg;
	struct hal_user_trap trap;

	task_first_run(t);
	for (;;) {
		if (READ_ONCE(t->proc->group_exit) || READ_ONCE(t->exit_now))
			proc_exit_task(0); /* exit_group, a fatal signal, or exec elsewhere */
		signal_deliver(t);
		if (t->thread.need_resched)
			schedule();
		/* No preemption until user mode (see the top of this file);
		 * hal_user_run() enables interrupts again. */
		hal_irq_disable();
		proc_activate_mm(t->proc->mm);
		hal_user_run(&t->user, &trap);
		handle_trap(t, &trap);
	}
}
