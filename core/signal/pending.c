/*
 * core/signal/pending.c - sets of pending signals with their queued
 * siginfo, and which one is delivered next.
 *
 * Pure data structure code: the caller holds whatever lock protects the
 * struct sigpending (sighand->lock for tasks). Allocation does not sleep.
 */
#include "lib/string.h"
#include "mm/kmalloc.h"
#include "signal/signal.h"
#include "uapi/errno.h"

/* Real-time signals queued per set at most, as a bound on kernel memory. */
#define SIGQUEUE_MAX 1024

static const unsigned char default_actions[_NSIG + 1] = {
    [SIGHUP] = SIG_DEFAULT_TERM,     [SIGINT] = SIG_DEFAULT_TERM,    [SIGQUIT] = SIG_DEFAULT_CORE,
    [SIGILL] = SIG_DEFAULT_CORE,     [SIGTRAP] = SIG_DEFAULT_CORE,   [SIGABRT] = SIG_DEFAULT_CORE,
    [SIGBUS] = SIG_DEFAULT_CORE,     [SIGFPE] = SIG_DEFAULT_CORE,    [SIGKILL] = SIG_DEFAULT_TERM,
    [SIGUSR1] = SIG_DEFAULT_TERM,    [SIGSEGV] = SIG_DEFAULT_CORE,   [SIGUSR2] = SIG_DEFAULT_TERM,
    [SIGPIPE] = SIG_DEFAULT_TERM,    [SIGALRM] = SIG_DEFAULT_TERM,   [SIGTERM] = SIG_DEFAULT_TERM,
    [SIGSTKFLT] = SIG_DEFAULT_TERM,  [SIGCHLD] = SIG_DEFAULT_IGNORE, [SIGCONT] = SIG_DEFAULT_CONT,
    [SIGSTOP] = SIG_DEFAULT_STOP,    [SIGTSTP] = SIG_DEFAULT_STOP,   [SIGTTIN] = SIG_DEFAULT_STOP,
    [SIGTTOU] = SIG_DEFAULT_STOP,    [SIGURG] = SIG_DEFAULT_IGNORE,  [SIGXCPU] = SIG_DEFAULT_CORE,
    [SIGXFSZ] = SIG_DEFAULT_CORE,    [SIGVTALRM] = SIG_DEFAULT_TERM, [SIGPROF] = SIG_DEFAULT_TERM,
    [SIGWINCH] = SIG_DEFAULT_IGNORE, [SIGIO] = SIG_DEFAULT_TERM,     [SIGPWR] = SIG_DEFAULT_TERM,
    [SIGSYS] = SIG_DEFAULT_CORE,
};

enum sig_default sig_default_action(int sig)
{
	if (sig >= SIGRTMIN)
		return SIG_DEFAULT_TERM;
	return (enum sig_default)default_actions[sig];
}

void sigpending_init(struct sigpending *p)
{
	p->set = 0;
	list_init(&p->queue);
}

static unsigned int queue_length(const struct sigpending *p)
{
	const struct sigqueue *q;
	unsigned int n = 0;

	list_for_each_entry(q, &p->queue, link) n++;
	return n;
}

int sigpending_add(struct sigpending *p, const struct linux_siginfo *info)
{
	int sig = info->si_signo;
	bool rt = sig >= SIGRTMIN;
	struct sigqueue *q;

	if (!rt && (p->set & sig_bit(sig)))
		return 0; /* a standard signal is pending once */
	q = NULL;
	if (!rt || queue_length(p) < SIGQUEUE_MAX)
		q = kmalloc(sizeof(*q), GFP_ATOMIC);
	if (!q) {
		/* Standard signals still get through, without their siginfo. */
		if (rt && (info->si_code != SI_USER && info->si_code != SI_KERNEL))
			return -EAGAIN;
		p->set |= sig_bit(sig);
		return 0;
	}
	q->info = *info;
	list_add_tail(&q->link, &p->queue);
	p->set |= sig_bit(sig);
	return 0;
}

int sigpending_next(const struct sigpending *p, linux_sigset_t blocked)
{
	linux_sigset_t ready = p->set & ~blocked;

	if (!ready)
		return 0;
	if (ready & SIG_SYNC_MASK)
		ready &= SIG_SYNC_MASK;
	return __builtin_ctzll(ready) + 1;
}

void sigpending_take(struct sigpending *p, int sig, struct linux_siginfo *info)
{
	struct sigqueue *q, *found = NULL;
	bool more = false;

	list_for_each_entry(q, &p->queue, link)
	{
		if (q->info.si_signo != sig)
			continue;
		if (found) {
			more = true;
			break;
		}
		found = q;
	}
	if (found) {
		*info = found->info;
		list_del(&found->link);
		kfree(found);
	} else {
		signal_info_kernel(info, sig);
	}
	if (!more)
		p->set &= ~sig_bit(sig);
}

void sigpending_flush_mask(struct sigpending *p, linux_sigset_t mask)
{
	struct sigqueue *q, *tmp;

	list_for_each_entry_safe(q, tmp, &p->queue, link)
	{
		if (mask & sig_bit(q->info.si_signo)) {
			list_del(&q->link);
			kfree(q);
		}
	}
	p->set &= ~mask;
}

void signal_info_kernel(struct linux_siginfo *info, int sig)
{
	memset(info, 0, sizeof(*info));
	info->si_signo = sig;
	info->si_code = SI_KERNEL;
}
