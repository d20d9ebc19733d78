/*
 * core/proc/pid.c - process and thread ids.
 *
 * Ids come from one bitmap of PID_MAX bits, like Linux's default pid_max of
 * 32768: allocation continues after the last id handed out and wraps
 * around to the lowest free one, so an id is reused only after the others
 * came round. Id 0 is never handed out (bit 0 is always set); the first
 * allocation returns 1, which makes init pid 1.
 *
 * Live processes are found by pid and live tasks by tid in two small hash
 * tables. Everything here runs under proc_lock.
 */
#include "lib/bitmap.h"
#include "lib/panic.h"
#include "proc/internal.h"
#include "uapi/errno.h"

#define PID_HASH_SIZE 256

static DECLARE_BITMAP(pid_map, PID_MAX) = {1}; /* id 0 is never used */
static int last_pid;
static unsigned int nr_pids = 1;
static struct list_head proc_hash[PID_HASH_SIZE];
static struct list_head task_hash[PID_HASH_SIZE];
static bool hashes_ready;

static void hashes_init(void)
{
	if (hashes_ready)
		return;
	for (unsigned int i = 0; i < PID_HASH_SIZE; i++) {
		list_init(&proc_hash[i]);
		list_init(&task_hash[i]);
	}
	hashes_ready = true;
}

int pid_alloc_locked(void)
{
	size_t id;

	BUG_ON(!spin_is_held(&proc_lock));
	id = bitmap_find_next_zero(pid_map, PID_MAX, (size_t)last_pid + 1);
	if (id >= PID_MAX)
		id = bitmap_find_next_zero(pid_map, PID_MAX, 1);
	if (id >= PID_MAX)
		return -EAGAIN;
	set_bit(pid_map, id);
	last_pid = (int)id;
	nr_pids++;
	return (int)id;
}

void pid_free_locked(int pid)
{
	BUG_ON(!spin_is_held(&proc_lock));
	BUG_ON(pid <= 0 || pid >= PID_MAX || !test_bit(pid_map, (size_t)pid));
	clear_bit(pid_map, (size_t)pid);
	nr_pids--;
}

unsigned int pid_count_locked(void)
{
	return nr_pids - 1;
}

void pid_reset_for_test(void)
{
	bitmap_zero(pid_map, PID_MAX);
	set_bit(pid_map, 0);
	last_pid = 0;
	nr_pids = 1;
}

void pid_set_last_for_test(int pid)
{
	last_pid = pid;
}

static unsigned int pid_hashfn(int pid)
{
	return ((unsigned int)pid * 2654435761u) % PID_HASH_SIZE;
}

void proc_hash_add_locked(struct process *p)
{
	hashes_init();
	list_add(&p->hash_link, &proc_hash[pid_hashfn(p->pid)]);
}

void proc_hash_del_locked(struct process *p)
{
	list_del_init(&p->hash_link);
}

void task_hash_add_locked(struct task *t)
{
	hashes_init();
	list_add(&t->hash_link, &task_hash[pid_hashfn(t->tid)]);
}

void task_hash_del_locked(struct task *t)
{
	list_del_init(&t->hash_link);
}

struct process *proc_find_locked(int pid)
{
	struct process *p;

	if (!hashes_ready || pid <= 0)
		return NULL;
	list_for_each_entry(p, &proc_hash[pid_hashfn(pid)], hash_link) if (p->pid == pid) return p;
	return NULL;
}

struct task *task_find_locked(int tid)
{
	struct task *t;

	if (!hashes_ready || tid <= 0)
		return NULL;
	list_for_each_entry(t, &task_hash[pid_hashfn(tid)], hash_link) if (t->tid == tid) return t;
	return NULL;
}

bool proc_pgrp_exists_locked(int pgid, int sid)
{
	struct process *p;

	if (!hashes_ready)
		return false;
	for (unsigned int i = 0; i < PID_HASH_SIZE; i++)
		list_for_each_entry(p, &proc_hash[i],
				    hash_link) if (p->pgid == pgid && (sid < 0 || p->sid == sid) &&
						   p->state != PROCESS_REAPED) return true;
	return false;
}

void proc_for_each_locked(void (*fn)(struct process *p, void *arg), void *arg)
{
	struct process *p, *tmp;

	if (!hashes_ready)
		return;
	for (unsigned int i = 0; i < PID_HASH_SIZE; i++)
		list_for_each_entry_safe(p, tmp, &proc_hash[i], hash_link) fn(p, arg);
}
