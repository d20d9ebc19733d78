/*
 * fs/fd/sys_poll.c - waiting for several descriptors: ppoll and pselect6.
 *
 * Both scan their descriptors with file_operations.poll (NULL: always
 * readable and writable, as regular files are) and, when nothing is ready,
 * sleep until poll_notify() (fs/fd/poll.h) reports a change, a signal
 * arrives (-EINTR) or the timeout passes. Without a timeout the sleep is
 * on poll_wait_queue; with one, the scheduler has no timed wait on a queue
 * yet, so the poller sleeps in slices of at most POLL_SLICE_NS and
 * re-checks (readiness is noticed within one slice).
 *
 * The signal mask arguments are checked for size but not applied: signal
 * masks arrive with the signal code.
 */
#include "fs/fd/internal.h"
#include "fs/fd/poll.h"
#include "hal/hal.h"
#include "lib/compiler.h"
#include "lib/string.h"
#include "mm/kmalloc.h"
#include "sched/thread.h"
#include "signal/restart.h"
#include "signal/signal.h"
#include "sys/uaccess.h"
#include "uapi/poll.h"
#include "uapi/select.h"
#include "uapi/signal.h"
#include "uapi/time.h"

#define POLL_SLICE_NS 10000000ull /* 10 ms */
#define NO_DEADLINE   UINT64_MAX

struct wait_queue poll_wait_queue = WAIT_QUEUE_INIT(poll_wait_queue, "poll");
unsigned long poll_seq;

/* Readiness of @file; files without a poll method are always ready. */
static unsigned int file_poll(struct file *file)
{
	if (file->f_op->poll)
		return file->f_op->poll(file);
	return POLLIN | POLLOUT | POLLRDNORM | POLLWRNORM;
}

/* Read a relative timeout into an absolute deadline (NO_DEADLINE if none). */
static int get_deadline(unsigned long utsp, uint64_t *deadline)
{
	struct linux_timespec ts;

	*deadline = NO_DEADLINE;
	if (!utsp)
		return 0;
	if (copy_from_user(&ts, utsp, sizeof(ts)))
		return -EFAULT;
	if (ts.tv_sec < 0 || ts.tv_nsec < 0 || ts.tv_nsec >= 1000000000)
		return -EINVAL;
	if ((uint64_t)ts.tv_sec >= (NO_DEADLINE - 1000000000ull) / 1000000000ull)
		return 0; /* further than the clock will ever get */
	*deadline = hal_clock_ns() + (uint64_t)ts.tv_sec * 1000000000ull + (uint64_t)ts.tv_nsec;
	return 0;
}

/* Write the time left back into *@utsp (failures are ignored, as Linux does). */
static void put_remaining(unsigned long utsp, uint64_t deadline)
{
	uint64_t now = hal_clock_ns(), left = deadline > now ? deadline - now : 0;
	struct linux_timespec ts = {(int64_t)(left / 1000000000ull),
				    (int64_t)(left % 1000000000ull)};

	if (utsp && deadline != NO_DEADLINE)
		copy_to_user(utsp, &ts, sizeof(ts));
}

/*
 * Sleep until poll_seq moves past @seq, a signal comes or @deadline
 * passes. 0: look again; -EINTR; -ETIMEDOUT.
 */
static int poll_sleep(unsigned long seq, uint64_t deadline)
{
	uint64_t now;

	if (deadline == NO_DEADLINE)
		return wait_event_interruptible(poll_wait_queue, READ_ONCE(poll_seq) != seq)
			       ? -ERESTARTNOHAND
			       : 0;
	for (;;) {
		if (READ_ONCE(poll_seq) != seq)
			return 0;
		if (wait_signal_pending())
			return -ERESTARTNOHAND;
		now = hal_clock_ns();
		if (now >= deadline)
			return -ETIMEDOUT;
		thread_sleep_ns(MIN(deadline - now, POLL_SLICE_NS));
	}
}

/* ----- ppoll ----- */

static unsigned int scan_pollfds(struct linux_pollfd *pfd, unsigned long n)
{
	unsigned int ready = 0;

	for (unsigned long i = 0; i < n; i++) {
		struct file *file;
		unsigned int mask;

		pfd[i].revents = 0;
		if (pfd[i].fd < 0)
			continue;
		file = fget(pfd[i].fd);
		if (!file) {
			mask = POLLNVAL;
		} else {
			mask = file_poll(file) & ((uint16_t)pfd[i].events | POLLERR | POLLHUP);
			file_put(file);
		}
		pfd[i].revents = (int16_t)mask;
		ready += mask != 0;
	}
	return ready;
}

long sys_ppoll(unsigned long ufds, unsigned long nfds, unsigned long tsp, unsigned long sigmask,
	       unsigned long sigsetsize)
{
	struct linux_pollfd *pfd;
	uint64_t deadline;
	unsigned long seq;
	long ret;

	if (nfds > fd_current_limit())
		return -EINVAL;
	if (sigmask && sigsetsize != sizeof(linux_sigset_t))
		return -EINVAL;
	ret = get_deadline(tsp, &deadline);
	if (ret)
		return ret;
	pfd = kmalloc(nfds * sizeof(*pfd) + 1, GFP_KERNEL);
	if (!pfd)
		return -ENOMEM;
	ret = -EFAULT;
	if (copy_from_user(pfd, ufds, nfds * sizeof(*pfd)))
		goto out;
	if (sigmask) {
		ret = signal_wait_mask_begin(sigmask, sigsetsize);
		if (ret)
			goto out;
	}
	for (;;) {
		seq = READ_ONCE(poll_seq);
		ret = scan_pollfds(pfd, nfds);
		if (ret)
			break;
		ret = poll_sleep(seq, deadline);
		if (ret == -ETIMEDOUT) {
			ret = 0;
			break;
		}
		if (ret)
			break;
	}
	if (sigmask)
		signal_wait_mask_end(ret);
	if (ret >= 0) {
		for (unsigned long i = 0; i < nfds; i++) {
			if (copy_to_user(ufds + i * sizeof(*pfd) +
					     offsetof(struct linux_pollfd, revents),
					 &pfd[i].revents, sizeof(pfd[i].revents))) {
				ret = -EFAULT;
				break;
			}
		}
	}
	put_remaining(tsp, deadline);
out:
	kfree(pfd);
	return ret;
}

/* ----- pselect6 ----- */

#define SEL_IN	(POLLIN | POLLRDNORM | POLLRDBAND | POLLHUP | POLLERR)
#define SEL_OUT (POLLOUT | POLLWRNORM | POLLWRBAND | POLLERR)
#define SEL_EX	POLLPRI

struct fd_sets {
	uint64_t *in, *out, *ex;    /* what was asked, per set (NULL: none) */
	uint64_t *rin, *rout, *rex; /* results */
};

static long get_set(unsigned long uaddr, size_t words, uint64_t *set)
{
	if (!uaddr) {
		memset(set, 0, words * 8);
		return 0;
	}
	return copy_from_user(set, uaddr, words * 8) ? -EFAULT : 0;
}

/* Scan the asked fds; returns the count of result bits, or -EBADF. */
static long scan_sets(struct fd_sets *s, unsigned int nfds, size_t words)
{
	long ready = 0;

	memset(s->rin, 0, words * 8 * 3);
	for (unsigned int fd = 0; fd < nfds; fd++) {
		uint64_t bit = 1ull << (fd % 64);
		size_t w = fd / 64;
		struct file *file;
		unsigned int mask;

		if (!((s->in[w] | s->out[w] | s->ex[w]) & bit))
			continue;
		file = fget((int)fd);
		if (!file)
			return -EBADF;
		mask = file_poll(file);
		file_put(file);
		if ((s->in[w] & bit) && (mask & SEL_IN)) {
			s->rin[w] |= bit;
			ready++;
		}
		if ((s->out[w] & bit) && (mask & SEL_OUT)) {
			s->rout[w] |= bit;
			ready++;
		}
		if ((s->ex[w] & bit) && (mask & SEL_EX)) {
			s->rex[w] |= bit;
			ready++;
		}
	}
	return ready;
}

static long put_set(unsigned long uaddr, size_t words, const uint64_t *set)
{
	if (!uaddr)
		return 0;
	return copy_to_user(uaddr, set, words * 8) ? -EFAULT : 0;
}

/* pselect6's sixth argument: where the mask is (0: none) and its size. */
static long get_sigmask_arg(unsigned long usig, struct linux_pselect6_sigmask *sm)
{
	sm->ss = 0;
	sm->ss_len = 0;
	if (!usig)
		return 0;
	if (copy_from_user(sm, usig, sizeof(*sm)))
		return -EFAULT;
	if (sm->ss && sm->ss_len != sizeof(linux_sigset_t))
		return -EINVAL;
	return 0;
}

long sys_pselect6(unsigned long nfds, unsigned long readfds, unsigned long writefds,
		  unsigned long exceptfds, unsigned long tsp, unsigned long sig)
{
	unsigned int n = (unsigned int)nfds;
	size_t words = (n + 63) / 64;
	struct linux_pselect6_sigmask sm;
	struct fd_sets s;
	uint64_t deadline, *mem;
	unsigned long seq;
	long ret;

	if ((int)nfds < 0 || n > fd_current_limit())
		return -EINVAL;
	ret = get_sigmask_arg(sig, &sm);
	if (!ret)
		ret = get_deadline(tsp, &deadline);
	if (ret)
		return ret;
	mem = kmalloc(words * 8 * 6 + 1, GFP_KERNEL);
	if (!mem)
		return -ENOMEM;
	s.in = mem;
	s.out = mem + words;
	s.ex = mem + 2 * words;
	s.rin = mem + 3 * words;
	s.rout = mem + 4 * words;
	s.rex = mem + 5 * words;
	ret = get_set(readfds, words, s.in);
	if (!ret)
		ret = get_set(writefds, words, s.out);
	if (!ret)
		ret = get_set(exceptfds, words, s.ex);
	if (!ret && sm.ss)
		ret = signal_wait_mask_begin(sm.ss, sm.ss_len);
	if (ret)
		goto out;
	while (!ret) {
		seq = READ_ONCE(poll_seq);
		ret = scan_sets(&s, n, words);
		if (ret)
			break;
		ret = poll_sleep(seq, deadline);
		if (ret == -ETIMEDOUT) {
			ret = 0;
			break;
		}
	}
	if (ret >= 0) {
		long err = put_set(readfds, words, s.rin);

		if (!err)
			err = put_set(writefds, words, s.rout);
		if (!err)
			err = put_set(exceptfds, words, s.rex);
		if (err)
			ret = err;
		put_remaining(tsp, deadline);
	}
	if (sm.ss)
		signal_wait_mask_end(ret);
out:
	kfree(mem);
	return ret;
}
