/*
 * core/proc/task.h - processes and their threads.
 *
 * Two structures, as in every Unix:
 *
 *	struct task	one thread of a user program. It embeds the kernel
 *			thread (core/sched) that runs it: the thread's body is
 *			the user loop (user_loop.c), which enters user mode
 *			with hal_user_run() and handles each trap. The task
 *			also holds the user registers, the thread id and the
 *			per-thread parts of signals and futexes.
 *	struct process	what the threads of one program share: pid (= the
 *			first thread's tid), parent and children, process
 *			group and session, address space, open files, file
 *			system context (root, cwd, umask), credentials, limits,
 *			signal actions, the exit status once it is a zombie.
 *
 * Lifetime. A task lives while its kernel thread does: it is freed when
 * the last reference to the thread goes (thread_put). A process lives
 * while it has threads and, after the last one exits, as a zombie until
 * its parent reaps it with wait4/waitid (or at once when the parent does
 * not wait: SIGCHLD ignored or SA_NOCLDWAIT). Its refs count the live
 * tasks, the parent's link while unreaped, and temporary users that got it
 * from proc_find().
 *
 * Locking: proc_lock (a spinlock taken with interrupts off) protects the
 * process tree (parent, children, sibling), the pid and tid hashes,
 * pgid/sid, state, exit_status, the thread lists and the pid bitmap. It
 * is a leaf lock except that wake_up() may be called with it held (wait
 * queue and run queue locks nest inside it). mm, files and fs belong to
 * the process's own threads: only they change them (exec, chdir, umask),
 * so with single-threaded processes no lock is needed; multithreaded
 * processes serialize those changes with @exec_lock.
 *
 * Signals: the per-thread and per-process signal state is core/signal's
 * (struct signal_task sig, struct signal_process sig), under its own
 * signal_lock; core/proc calls its life-cycle hooks (see
 * core/signal/README.md).
 */
#ifndef RUX_PROC_TASK_H
#define RUX_PROC_TASK_H

#include <stdbool.h>
#include <stdint.h>

#include "fs/vfs/vfs.h"
#include "hal/hal.h"
#include "lib/list.h"
#include "lib/refcount.h"
#include "lib/spinlock.h"
#include "proc/cred.h"
#include "sched/mutex.h"
#include "sched/thread.h"
#include "sched/wait.h"
#include "signal/signal.h"
#include "uapi/resource.h"
#include "uapi/signal.h"

struct mm;
struct fd_table;
struct init_request;
struct host_call;

#define TASK_COMM_LEN 16    /* prctl(PR_SET_NAME): 15 characters and the NUL */
#define PID_MAX	      32768 /* pids are 1 .. PID_MAX-1, like Linux's default pid_max */

enum process_state {
	PROCESS_ALIVE,	/* has running threads */
	PROCESS_ZOMBIE, /* all threads exited; exit_status waits for the parent */
	PROCESS_REAPED, /* the parent collected it (or nobody will): only refs remain */
};

struct process {
	struct refcount refs;
	int pid;		    /* = tgid; the leader's tid */
	struct process *parent;	    /* proc_lock; init's after reparenting */
	struct list_head children;  /* struct process.sibling (proc_lock) */
	struct list_head sibling;   /* in parent->children */
	struct list_head hash_link; /* in the pid hash */
	int pgid, sid;		    /* process group, session (proc_lock) */
	struct list_head threads;   /* struct task.thread_link (proc_lock) */
	unsigned int nr_threads;    /* live tasks (proc_lock) */
	int exit_signal;	    /* sent to the parent at exit (SIGCHLD, or 0) */
	bool did_exec;		    /* exec'd since fork (setpgid: -EACCES) */

	struct mm *mm;		/* address space; NULL once exited */
	struct fd_table *files; /* open files; NULL once exited */
	struct vfs_ctx fs;	/* root, cwd, umask; fs.cred points at cred */
	struct path exe;	/* the program exec'd (/proc/<pid>/exe); none for kthreads */
	struct cred cred;	/* who this process is (changed by the set*id calls) */
	struct linux_rlimit rlim[RLIM_NLIMITS];
	struct mutex exec_lock;		/* serializes exec/mm/fs changes between threads */
	struct wait_queue threads_wait; /* exec waits here for the other threads to go */
	uint64_t arg_start, arg_end;	/* argv strings in the mm (for /proc/<pid>/cmdline) */
	uint64_t env_start, env_end;	/* envp strings in the mm (/proc/<pid>/environ) */

	enum process_state state; /* proc_lock */
	int exit_status;	  /* wait status word once ZOMBIE (uapi/wait.h encoding) */
	bool group_exit;	  /* exit_group() or a fatal signal: threads must die */
	int group_exit_status;
	uint64_t start_ns;	      /* creation time (hal_clock_ns) */
	uint64_t exited_cpu_ns;	      /* CPU time of its threads that already exited */
	uint64_t children_cpu_ns;     /* CPU time of reaped children (times, rusage) */
	struct wait_queue child_wait; /* wait4/waitid sleep here; children wake it */

	struct signal_process sig; /* actions, shared pending, job control */
};

struct task {
	struct thread thread;	      /* the kernel thread that runs this task */
	struct user_cpu_state user;   /* user registers while in the kernel */
	int tid;		      /* thread id (the pid for a leader) */
	struct process *proc;	      /* holds a reference */
	struct list_head thread_link; /* in proc->threads */
	struct list_head hash_link;   /* in the tid hash */
	char comm[TASK_COMM_LEN];     /* program name (exec: basename) */

	uint64_t set_child_tid;	   /* CLONE_CHILD_SETTID: tid written there at first run */
	uint64_t clear_child_tid;  /* set_tid_address: zeroed (and woken) at exit */
	uint64_t robust_list_head; /* set_robust_list: stored for the futex code */
	uint64_t robust_list_len;
	struct init_request *init_request; /* process 1 only: what to exec first */
	struct host_call *host_call;	   /* proc_run_as_process(): what to run instead */
	struct task *vfork_parent;	   /* a vfork child: the parent waiting for it */
	bool vfork_done;		   /* a vfork parent: the child exec'd or exited */
	bool exit_now;			   /* exec in another thread: leave without a word */
	struct wait_queue vfork_wait;	   /* a vfork parent sleeps here */

	struct signal_task sig; /* mask, own pending signals, alt stack, restart */
};

extern struct spinlock proc_lock;

/* The task running on this CPU, or NULL in a kernel thread. */
struct task *current_task(void);
/* The running task's process, or NULL in a kernel thread. */
struct process *current_process(void);
/* The running task's address space, or NULL in a kernel thread. */
struct mm *current_mm(void);
/* The running process's open file table (NULL in a kernel thread). */
struct fd_table *current_files(void);
/* The running process's file system context (root, cwd, cred, umask). */
struct vfs_ctx *current_vfs_ctx(void);
/* The running process's credentials. */
const struct cred *current_cred(void);

/* The task of a thread that runs the user loop, or NULL for a kernel thread. */
struct task *task_of_thread(struct thread *t);

/* Look up a live process by pid / a live task by tid (proc_lock held). */
struct process *proc_find_locked(int pid);
struct task *task_find_locked(int tid);
/* proc_find_locked() plus a reference the caller drops with proc_put(). */
struct process *proc_find(int pid);
void proc_get(struct process *p);
void proc_put(struct process *p);
/* Is there a process in group @pgid (and session @sid, unless -1)? */
bool proc_pgrp_exists_locked(int pgid, int sid);
/* Call @fn for every process not yet reaped (proc_lock held; @fn must not
 * take it or sleep). */
void proc_for_each_locked(void (*fn)(struct process *p, void *arg), void *arg);
/* setpgid(2) / setsid(2) on behalf of @me. */
int proc_setpgid(struct process *me, int pid, int pgid);
int proc_setsid(struct process *me);
/* Set @t's name (comm), truncated to TASK_COMM_LEN - 1 characters. */
void task_set_comm(struct task *t, const char *name);
/* uname(2)'s answer. */
struct linux_utsname;
void proc_uname(struct linux_utsname *u);
/*
 * End the calling process: every thread exits, and the process becomes a
 * zombie with wait status @status (LINUX_W_EXITCODE / LINUX_W_SIGNALED).
 * For exit_group(2) and fatal signals.
 */
__attribute__((noreturn)) void proc_exit_group(int status);

/* Number of processes that are not yet reaped (sysinfo's procs). */
unsigned int proc_count(void);

/* The init process (pid 1), or NULL before it started. */
struct process *proc_init_process(void);

/*
 * Boot, once the initramfs of @bi is unpacked: start init as the command
 * line says (rdinit=, init=, arguments after "--"); power off with
 * "init: no init found" when there is no initramfs or nothing runs.
 */
__attribute__((noreturn)) void proc_boot_init(const struct boot_info *bi);

/*
 * Start the first user process (pid 1) with fds 0, 1 and 2 on
 * @console_path: it execs the first of @paths (NULL terminated) that
 * works, with argv[0] = that path, then @argv (NULL terminated, may be
 * NULL) and environment @envp. Returns 0 once it runs, or the error of the
 * last candidate (then nothing runs and the caller should power off).
 */
int proc_start_init(const char *const paths[], const char *const argv[], const char *const envp[],
		    const char *console_path);

/*
 * Run @fn(@arg) as a new process would make system calls, and return its
 * result. A hook for host programs (fuzz targets, tests) that have no
 * user-mode CPU: the process's only thread calls @fn in the kernel, where
 * current_process() is the new process, then exits; its system calls go
 * through syscall_dispatch(). The process has root's credentials, the
 * root, cwd and umask of @fs, no open files, an empty address space (map
 * user memory with vm_mmap() on current_mm() or with mmap(2)), default
 * signal actions and limits, a pid other than 1 (process group and
 * session 0, as init starts with), and no parent: it is reaped when it
 * exits, which releases its files, mappings and context.
 * The caller sleeps until then. @fn must not end the thread itself (exit,
 * exit_group) nor create other tasks (clone: they would need user mode).
 * -ENOMEM or -EAGAIN (no pid) when nothing ran.
 */
int proc_run_as_process(const struct vfs_ctx *fs, int (*fn)(void *arg), void *arg);

#endif /* RUX_PROC_TASK_H */
