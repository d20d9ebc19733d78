/*
 * core/signal/internal.h - what the files of core/signal share and nobody
 * else may use. Everything here runs with signal_lock held unless it says
 * otherwise.
 */
#ifndef RUX_SIGNAL_INTERNAL_H
#define RUX_SIGNAL_INTERNAL_H

#include "proc/task.h"
#include "signal/signal.h"

/* The action of @sig in @p. */
static inline struct linux_sigaction *sig_action(struct process *p, int sig)
{
	return &p->sig.action[sig - 1];
}

/* Does @a throw @sig away (SIG_IGN, or SIG_DFL whose default ignores)? */
static inline bool sig_action_ignores(const struct linux_sigaction *a, int sig)
{
	if (a->sa_handler == SIG_IGN)
		return true;
	if (a->sa_handler != SIG_DFL)
		return false;
	return sig_default_action(sig) == SIG_DEFAULT_IGNORE ||
	       sig_default_action(sig) == SIG_DEFAULT_CONT;
}

/* Recompute @t's wake_flag after its pending or blocked sets changed. */
void signal_recalc_locked(struct task *t);
/* Queue @info for @p (@t NULL) or for task @t of @p, and wake a taker. */
int signal_send_locked(struct process *p, struct task *t, const struct linux_siginfo *info);
/* Take the next deliverable signal of @t into @info; 0 if none. */
int signal_dequeue_locked(struct task *t, linux_sigset_t blocked, struct linux_siginfo *info);
/* sigaltstack() for task @t (the running one) with its user sp; no lock held. */
int signal_set_altstack(struct task *t, const struct linux_stack_t *ss);
/* Send SIGCHLD about @p's stop or continue to its parent (no lock held). */
void signal_notify_parent_stop(struct process *p, unsigned int what);

#endif /* RUX_SIGNAL_INTERNAL_H */
