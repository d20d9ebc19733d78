/*
 * fuzz/process.c - a fuzz input's process and its watchdog (see
 * process.h).
 *
 * The watchdog is a kernel thread started by the process itself, so that
 * it knows a live process to kill: it sleeps until the program is done or
 * FUZZ_WATCHDOG_NS of simulated time passed, whichever is first. The
 * process joins it before it returns, so the watchdog never outlives it.
 */
#include "fuzz/process.h"

#include "fs/tmpfs/tmpfs.h"
#include "mm/vm.h"
#include "proc/task.h"
#include "sched/thread.h"
#include "sys/uaccess.h"
#include "uapi/mman.h"
#include "uapi/signal.h"
#include "uapi/time.h"
#include "uapi/unistd.h"

struct fuzz_run {
	int (*fn)(void *arg);
	void *arg;
	struct process *proc;
	struct wait_queue done_wq;
	bool done;   /* the program returned */
	bool killed; /* the watchdog sent SIGKILL */
};

/* The run in progress (one process at a time). */
static struct fuzz_run *running;

static void watchdog_main(void *arg)
{
	struct fuzz_run *r = arg;

	wait_event_deadline(r->done_wq, READ_ONCE(r->done), hal_clock_ns() + FUZZ_WATCHDOG_NS);
	if (READ_ONCE(r->done))
		return;
	WRITE_ONCE(r->killed, true);
	signal_kill_process(r->proc, SIGKILL);
}

/* The body of the process: the program between the watchdog's start and
 * its end. */
static int process_main(void *arg)
{
	struct fuzz_run *r = arg;
	struct thread *watchdog;
	int result;

	r->proc = current_process();
	watchdog = kthread_run(watchdog_main, r, "fuzz-watchdog");
	if (!watchdog)
		fuzz_fail("cannot start the watchdog", 0);
	result = r->fn(r->arg);
	WRITE_ONCE(r->done, true);
	wake_up(&r->done_wq);
	thread_join(watchdog);
	return result;
}

/* Arm and disarm an interval timer. */
static int warm_up(void *arg)
{
	static const struct linux_itimerval soon = {.it_value = {0, 1}};
	uint64_t at = fuzz_user_map(0x10000000, 4096, PROT_READ | PROT_WRITE, &soon, sizeof(soon));

	(void)arg;
	if (!at ||
	    fuzz_syscall(__NR_setitimer, (unsigned long[SYSCALL_MAX_ARGS]){ITIMER_REAL, at}) ||
	    fuzz_syscall(__NR_setitimer, (unsigned long[SYSCALL_MAX_ARGS]){ITIMER_REAL, 0}))
		return -1;
	return 0;
}

void fuzz_process_init(void)
{
	struct fuzz_world w;

	if (tmpfs_register() || fuzz_world_mount(&w, "tmpfs", 0, "warm-up"))
		fuzz_fail("cannot mount a tmpfs", 0);
	if (fuzz_process_run(&w, warm_up, NULL))
		fuzz_fail("the warm-up process failed", 0);
	if (fuzz_world_umount(&w))
		fuzz_fail("cannot unmount the warm-up tmpfs", 0);
}

int fuzz_process_run(struct fuzz_world *w, int (*fn)(void *arg), void *arg)
{
	struct fuzz_run r = {.fn = fn, .arg = arg};
	int result;

	wait_queue_init(&r.done_wq, "fuzz-done");
	running = &r;
	result = proc_run_as_process(&w->ctx, process_main, &r);
	running = NULL;
	return result;
}

bool fuzz_process_killed(void)
{
	return running && READ_ONCE(running->killed);
}

long fuzz_syscall(unsigned long nr, const unsigned long a[SYSCALL_MAX_ARGS])
{
	return syscall_dispatch(nr, a);
}

uint64_t fuzz_user_map(uint64_t addr, size_t len, unsigned int prot, const void *init, size_t n)
{
	struct mm *mm = current_mm();
	long r = vm_mmap(mm, addr, len, PROT_READ | PROT_WRITE,
			 MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, NULL, 0);

	if (r < 0 || (uint64_t)r != addr)
		return 0;
	if (n && copy_to_user(addr, init, n < len ? n : len))
		return 0;
	if (prot != (PROT_READ | PROT_WRITE) && vm_mprotect(mm, addr, len, prot) != 0)
		return 0;
	return addr;
}
