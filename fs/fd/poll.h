/*
 * fs/fd/poll.h - waking ppoll(2) and pselect6(2) sleepers.
 *
 * file_operations.poll only reports readiness; it has no way to name a wait
 * queue. So every sleeping poller waits on one kernel-wide queue, and every
 * object whose readiness can change (a pipe gaining data or space, a tty
 * getting input, the last writer going away) calls poll_notify(). A
 * sequence number counts the notifications: a poller reads it before it
 * scans its descriptors and sleeps only while it is unchanged, so no
 * notification between the scan and the sleep is lost. Cheap while nobody
 * polls, and correct because every change is followed by a notify.
 */
#ifndef RUX_FS_FD_POLL_H
#define RUX_FS_FD_POLL_H

#include "sched/wait.h"

/* The queue pollers sleep on and the notification count (sys_poll.c). */
extern struct wait_queue poll_wait_queue;
extern unsigned long poll_seq;

/* Readiness of some file may have changed: wake every poller. Any context. */
static inline void poll_notify(void)
{
	__atomic_fetch_add(&poll_seq, 1, __ATOMIC_SEQ_CST);
	wake_up_all(&poll_wait_queue);
}

#endif /* RUX_FS_FD_POLL_H */
