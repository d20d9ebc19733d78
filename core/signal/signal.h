/*
 * core/signal/signal.h - POSIX signals as Linux has them: pending sets,
 * masks, actions, delivery on the way back to user space, stop/continue and
 * the system call restart protocol.
 *
 * Two structures hold the state; core/proc embeds them in its tasks:
 *
 *	struct signal_task	per thread (task->sig): blocked mask, the
 *				thread's own pending signals, the alternate
 *				stack, the restart state of the last syscall
 *	struct signal_process	per process (process->sig, shared by its
 *				threads): the action table, the process-wide
 *				pending set, job-control state
 *
 * A signal is *sent* (signal_send_*), which queues it as pending on a
 * thread or a process and wakes a thread that can take it; it is *delivered*
 * (signal_deliver) by the receiving thread itself on its way back to user
 * mode: the default action (terminate, stop, continue, ignore) or a user
 * handler, for which a struct linux_rt_sigframe is built on the user stack.
 *
 * Locking: one lock, signal_lock (irqsave), protects both structures of
 * every task, except signal_task.wake_flag, which is written under it and
 * read without it (thread_signal_pending() runs under a run-queue lock).
 * It is never held while touching user memory. Order: proc_lock, then
 * signal_lock, then wait-queue and run-queue locks (it wakes threads).
 */
#ifndef RUX_SIGNAL_SIGNAL_H
#define RUX_SIGNAL_SIGNAL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "hal/hal.h"
#include "lib/list.h"
#include "lib/spinlock.h"
#include "sched/wait.h"
#include "signal/restart.h"
#include "uapi/signal.h"
#include "uapi/ucontext.h"

/* ---- signal sets ------------------------------------------------------ */

static inline linux_sigset_t sig_bit(int sig)
{
	return 1ull << (sig - 1);
}

static inline bool sig_valid(int sig)
{
	return sig >= 1 && sig <= _NSIG;
}

#define SIG_KERNEL_ONLY_MASK (sig_bit(SIGKILL) | sig_bit(SIGSTOP))
#define SIG_STOP_MASK	     (sig_bit(SIGSTOP) | sig_bit(SIGTSTP) | sig_bit(SIGTTIN) | sig_bit(SIGTTOU))
/* Raised by the faulting instruction itself: delivered before the others. */
#define SIG_SYNC_MASK                                                                              \
	(sig_bit(SIGSEGV) | sig_bit(SIGBUS) | sig_bit(SIGILL) | sig_bit(SIGTRAP) |                 \
	 sig_bit(SIGFPE) | sig_bit(SIGSYS))

/* What SIG_DFL does for a signal. */
enum sig_default {
	SIG_DEFAULT_TERM,   /* terminate */
	SIG_DEFAULT_CORE,   /* terminate, "core dumped" bit in the wait status */
	SIG_DEFAULT_STOP,   /* stop the process */
	SIG_DEFAULT_CONT,   /* continue it (ignored otherwise) */
	SIG_DEFAULT_IGNORE, /* nothing */
};

enum sig_default sig_default_action(int sig);

/* ---- pending signals ------------------------------------------------------ */

/* One queued siginfo. */
struct sigqueue {
	struct list_head link;
	struct linux_siginfo info;
};

/*
 * Pending signals: @set has a bit per pending signal, @queue their siginfo
 * in arrival order. A standard signal (< SIGRTMIN) is pending at most once
 * (a second send merges); a real-time one queues every send. A signal whose
 * siginfo could not be allocated is pending with no entry and is delivered
 * with a minimal siginfo (SI_KERNEL).
 */
struct sigpending {
	linux_sigset_t set;
	struct list_head queue; /* struct sigqueue.link */
};

void sigpending_init(struct sigpending *p);
/* Make @info->si_signo pending; -EAGAIN if a real-time signal could not be queued. */
int sigpending_add(struct sigpending *p, const struct linux_siginfo *info);
/* The signal to deliver next among @p's not in @blocked: synchronous faults
 * first, then the lowest number; 0 if none. */
int sigpending_next(const struct sigpending *p, linux_sigset_t blocked);
/* Remove one instance of @sig from @p, filling @info. */
void sigpending_take(struct sigpending *p, int sig, struct linux_siginfo *info);
/* Forget every pending signal in @mask. */
void sigpending_flush_mask(struct sigpending *p, linux_sigset_t mask);

/* ---- the state -------------------------------------------------------------- */

/* Restart state of the last system call (see signal_syscall_return()). */
struct signal_restart {
	long code;	       /* ERESTART* the call returned, or 0 */
	unsigned long orig_a0; /* its first argument, a0 before the result */
};

/*
 * What restart_syscall(2) continues after a call returned
 * -ERESTART_RESTARTBLOCK and no handler ran (a stop and SIGCONT): the call
 * stores @fn and its state in @data (nanosleep: the deadline and the
 * user address for the remaining time). Without @fn the call restarts
 * with its original arguments.
 */
struct signal_restart_block {
	long (*fn)(struct signal_restart_block *block);
	uint64_t data[4];
};

struct signal_task {
	linux_sigset_t blocked;
	/* rt_sigsuspend(): the mask to put back after the handler ran. */
	linux_sigset_t saved_mask;
	bool restore_saved_mask;
	struct sigpending pending; /* sent to this thread (tkill, faults) */
	/* sigaltstack(2): ss_size 0 means none. */
	uint64_t ss_sp;
	uint64_t ss_size;
	uint32_t ss_flags; /* SS_AUTODISARM */
	struct signal_restart restart;
	struct signal_restart_block restart_block;
	bool in_sigreturn; /* rt_sigreturn ran: its "result" is the restored a0 */
	/* 1 when this thread has something to handle: a deliverable signal,
	 * or a stop/kill of its process. Read without the lock. */
	int wake_flag;
};

/* Why a process is or was stopped, for wait4(WUNTRACED/WCONTINUED). */
#define SIGNAL_NOTIFY_STOPPED	1 /* stopped; not yet reported to wait */
#define SIGNAL_NOTIFY_CONTINUED 2 /* continued; not yet reported to wait */

struct signal_process {
	struct linux_sigaction action[_NSIG]; /* action[sig - 1] */
	struct sigpending shared;	      /* sent to the process (kill) */
	/* Job control. */
	bool stopped;		    /* stopped by a stop signal, until SIGCONT */
	int stop_sig;		    /* the signal that stopped it */
	unsigned int notify;	    /* SIGNAL_NOTIFY_*: news for the parent's wait */
	unsigned int notify_parent; /* SIGNAL_NOTIFY_*: SIGCHLD still to send */
	struct wait_queue stop_wq;  /* stopped threads sleep here */
	uint64_t trampoline;	    /* user address of the sigreturn code (exec sets it) */
	/* setitimer(ITIMER_REAL): next SIGALRM (0: disarmed) and the period. */
	uint64_t itimer_deadline_ns;
	uint64_t itimer_interval_ns;
};

extern struct spinlock signal_lock;

/* ---- life cycle (called by core/proc) ------------------------------------------ */

struct task;
struct process;

/* Default actions, nothing pending, not stopped (a new process). */
void signal_init_process(struct process *p);
/* Empty mask, nothing pending, no alt stack (a new task). */
void signal_init_task(struct task *t);
/*
 * fork/clone, after both init calls: @child gets @parent's mask and alt
 * stack and, unless it is a thread of @parent's process (@thread), a copy
 * of its actions. Nothing is pending in the child.
 */
void signal_fork(struct task *child, struct task *parent, bool thread);
/* execve: handled signals go back to SIG_DFL, the alt stack goes; the
 * mask, ignored signals and pending signals stay. */
void signal_exec(struct task *t);
/* Free what is queued for @t / for @p (when they are freed). */
void signal_release_task(struct task *t);
void signal_release_process(struct process *p);

/* ---- sending ---------------------------------------------------------------------- */

/* Fill @info for a signal sent by the kernel (SI_KERNEL). */
void signal_info_kernel(struct linux_siginfo *info, int sig);
/*
 * Send to process @p (any of its threads may take it), or only to task
 * @t. Ignored signals are dropped; SIGCONT resumes a stopped process and
 * drops pending stop signals; a stop signal drops pending SIGCONT.
 * 0, or -EAGAIN when a real-time signal could not be queued.
 */
int signal_send_process(struct process *p, const struct linux_siginfo *info);
int signal_send_task(struct task *t, const struct linux_siginfo *info);
/* signal_send_process() with an SI_KERNEL siginfo. */
int signal_kill_process(struct process *p, int sig);
/*
 * Send @sig (SI_KERNEL) to every process of process group @pgid (the
 * terminal's ^C, SIGHUP, SIGWINCH). 0, or -ESRCH when the group is empty.
 * Thread context (takes proc_lock).
 */
int signal_kill_pgrp(int pgid, int sig);
/* The session of process group @pgid, or -ESRCH when it has no process. */
int signal_pgrp_session(int pgid);
/* Does @sig do nothing to the running task @t (ignored or blocked)? */
bool signal_ignored_or_blocked(struct task *t, int sig);
/*
 * True when process group @pgid is orphaned: no member has a parent in
 * another group of the same session (job control stops are then refused).
 */
bool signal_pgrp_orphaned(int pgid);
/*
 * A fault of the running task @t: @sig with @code and si_addr @addr is
 * delivered next, even if blocked or ignored (then it is reset to SIG_DFL,
 * as Linux does, so a fault in a handler that blocks it kills the process).
 */
void signal_force_fault(struct task *t, int sig, int code, uint64_t addr);
/*
 * Tell the parent of @p that @p exited with @wait_status: SIGCHLD
 * (exit_signal) with CLD_EXITED/KILLED/DUMPED. proc_lock held, and @p
 * already a zombie under that same hold: a parent that takes the signal
 * and then waits must find the zombie. Returns true when the parent wants
 * no zombie (SIGCHLD ignored or SA_NOCLDWAIT): @p should be reaped at once.
 */
bool signal_notify_parent_exit_locked(struct process *p, int wait_status);

/* ---- delivery (the user loop of core/proc) ------------------------------------------- */

/*
 * After a system call returned @ret (pc already past the ecall): store
 * @ret in a0, and remember an ERESTART* code so that signal_deliver()
 * restarts the call or makes it fail with -EINTR. @orig_a0 is the call's
 * first argument.
 */
void signal_syscall_return(struct task *t, long ret, unsigned long orig_a0);
/*
 * On every return to user mode of @t (the running task): handle every
 * deliverable signal - stop while stopped, exit on a fatal one, or set up
 * the user state to run its handler. Finishes a pending syscall restart.
 * Does not return when the process dies.
 */
void signal_deliver(struct task *t);
/* True when @t has something signal_deliver() must handle. Lock-free. */
bool signal_pending(const struct task *t);

/*
 * Sleep until hal_clock_ns() >= @deadline_ns, or until the running task has
 * a signal to handle (-EINTR; 0 when the time is up). For nanosleep and
 * other timed waits; a signal ends the sleep at once.
 */
int signal_sleep_until(uint64_t deadline_ns);

/*
 * rt_sigsuspend, ppoll, pselect6: wait with the signal mask at user address
 * @umask (@sigsetsize bytes: -EINVAL unless 8, -EFAULT) in place of the
 * current one. End with signal_wait_mask_end(ret): unless the wait was
 * interrupted (-EINTR, -ERESTARTNOHAND) the old mask is back at once;
 * otherwise it comes back after the handler ran.
 */
int signal_wait_mask_begin(unsigned long umask, unsigned long sigsetsize);
void signal_wait_mask_end(long ret);

/* The sigreturn trampoline for the vDSO page: "li a7, 139; ecall". */
const void *signal_trampoline_code(size_t *len);

/* ---- wait4 support ----------------------------------------------------------------------- */

/*
 * The stop (WUNTRACED) or continue (WCONTINUED) news of child @p for its
 * parent's wait4/waitid with @options: the wait status (LINUX_W_STOPCODE /
 * LINUX_W_CONTINUED) or 0 if none. Unless @options has WNOWAIT the news is
 * consumed.
 */
int signal_wait_report(struct process *p, int options);

/* ---- the frame (frame.c; pure functions, tested hosted) ------------------------------------ */

/* What a handler needs to run. */
struct signal_frame_args {
	int sig;
	const struct linux_siginfo *info;
	const struct linux_sigaction *action;
	linux_sigset_t old_mask; /* goes into uc_sigmask */
	uint64_t ss_sp, ss_size; /* the alternate stack, ss_size 0 if none */
	uint32_t ss_flags;	 /* SS_AUTODISARM */
	uint64_t trampoline;	 /* user address of the sigreturn code */
};

/*
 * Lay out the frame for @a over user state @u: fill @frame (kernel copy)
 * and return the user address to copy it to, or 0 when the stack is
 * unusable (alt stack overflow). Changes nothing in @u.
 */
uint64_t signal_frame_setup(const struct user_cpu_state *u, const struct signal_frame_args *a,
			    struct linux_rt_sigframe *frame);
/* Point @u at the handler for the frame at user address @addr. */
void signal_frame_enter(struct user_cpu_state *u, const struct signal_frame_args *a, uint64_t addr);
/* Restore @u from @frame (rt_sigreturn); the mask stays in the frame. */
void signal_frame_restore(struct user_cpu_state *u, const struct linux_rt_sigframe *frame);
/* The ss_flags sigaltstack reports for stack @ss_* at user sp @sp. */
int signal_altstack_flags(uint64_t ss_sp, uint64_t ss_size, uint32_t ss_flags, uint64_t sp);

#endif /* RUX_SIGNAL_SIGNAL_H */
