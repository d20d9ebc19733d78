/*
 * fs/jbd2/thread.c - the commit thread: commits the running transaction
 * once it is j_commit_interval_ns old (5 s by default), so that changes
 * reach the disk even when nobody syncs.
 *
 * It sleeps on j_thread_wait while there is no running transaction (a new
 * transaction wakes it), then until the deadline or until
 * jbd2_thread_stop() wakes it.
 */
#include "fs/jbd2/internal.h"

#include "hal/hal.h"
#include "lib/compiler.h"
#include "lib/printk.h"
#include "uapi/errno.h"

/* Wait condition: something to do. */
static bool thread_has_work(struct jbd2_journal *j)
{
	return READ_ONCE(j->j_thread_stop) || READ_ONCE(j->j_running) != NULL;
}

static void commit_thread(void *arg)
{
	struct jbd2_journal *j = arg;
	struct jbd2_transaction *t;
	uint64_t deadline, now;
	uint32_t tid;

	for (;;) {
		wait_event(j->j_thread_wait, thread_has_work(j));
		if (READ_ONCE(j->j_thread_stop))
			return;
		spin_lock(&j->j_state_lock);
		t = j->j_running;
		tid = t ? t->t_tid : 0;
		deadline = t ? t->t_start_ns + READ_ONCE(j->j_commit_interval_ns) : 0;
		spin_unlock(&j->j_state_lock);
		if (!t)
			continue;
		now = hal_clock_ns();
		if (now >= deadline)
			jbd2_log_commit(j, tid);
		else
			wait_event_deadline(j->j_thread_wait, READ_ONCE(j->j_thread_stop), deadline);
	}
}

int jbd2_thread_start(struct jbd2_journal *j)
{
	char name[THREAD_NAME_LEN];

	ksnprintf(name, sizeof(name), "jbd2/%s", j->j_name);
	j->j_thread_stop = false;
	j->j_thread = kthread_create(commit_thread, j, name);
	if (!j->j_thread)
		return -ENOMEM;
	thread_start(j->j_thread);
	return 0;
}

void jbd2_thread_stop(struct jbd2_journal *j)
{
	if (!j->j_thread)
		return;
	WRITE_ONCE(j->j_thread_stop, true);
	wake_up(&j->j_thread_wait);
	thread_join(j->j_thread);
	j->j_thread = NULL;
}
