/*
 * core/proc/internal.h - what the files of core/proc share and nobody else
 * may use.
 */
#ifndef RUX_PROC_INTERNAL_H
#define RUX_PROC_INTERNAL_H

#include "proc/task.h"

/* pid.c (all with proc_lock held) */
int pid_alloc_locked(void); /* a free id, or -EAGAIN */
void pid_free_locked(int pid);
unsigned int pid_count_locked(void); /* ids in use */
void proc_hash_add_locked(struct process *p);
void proc_hash_del_locked(struct process *p);
void task_hash_add_locked(struct task *t);
void task_hash_del_locked(struct task *t);
/* Tests only: forget every id / make the next search start after @pid. */
void pid_reset_for_test(void);
void pid_set_last_for_test(int pid);

/* task.c */
/* The release function of every task's thread (frees the task). */
void task_release(struct thread *t);
/* Count processes that exist and are not yet reaped. */
void proc_count_add_locked(int delta);
/* Count live tasks; false (and nothing counted) when one more would pass
 * the threads-max limit. */
bool task_count_add_locked(int delta);
/* A new process structure with one reference, default limits, no pid. */
struct process *process_alloc(void);
/* Make the running CPU use @mm's page table for user mode. */
void proc_activate_mm(struct mm *mm);
/* This CPU stops using any user page table (before an mm may die). */
void proc_deactivate_mm(void);

/* exit.c */
/* End the calling task; the process exits with wait status @status when
 * it was the last thread. */
__attribute__((noreturn)) void proc_exit_task(int status);
/* A wait status as a shell's $? (code, or 128 + signal); init's power-off code. */
int proc_status_for_shell(int status);
/* The siginfo waitid(2) reports for a child @pid of real uid @uid whose
 * wait status is @status (exited, killed, dumped, stopped, continued). */
void proc_waitid_info(struct linux_siginfo *si, int pid, uint32_t uid, int status);
/* The first thread of a vfork child ends the parent's wait (exec or exit). */
void proc_vfork_release(struct task *t);

/* user_loop.c */
/* A new task whose kernel thread (set up, not started) will run the user
 * loop; NULL when out of memory. The caller fills it in. */
struct task *task_alloc(void);
/* Free a task that never started (its thread is NEW). */
void task_free_unstarted(struct task *t);
/* The body of every task's kernel thread. */
void proc_user_loop(void *arg);
/* Kill the current process for the fatal signal @sig (no handler support
 * yet): prints @why and exits with the death-by-signal wait status. */
__attribute__((noreturn)) void proc_fatal_signal(int sig);

/* init.c: the init task's first act (it execs the init program). */
void proc_init_task_start(struct task *t);

/* host.c: a host process's task runs its function, then exits. */
__attribute__((noreturn)) void proc_host_task_run(struct task *t);

/* exec.c */
/* execve for the kernel (init) and the system call: 0 or -errno. */
int proc_execve(const char *path, const char *const *argv, const char *const *envp);

/* rlimit.c */
void rlimit_init_defaults(struct linux_rlimit rlim[RLIM_NLIMITS]);

/* random.c */
void chacha20_block(const uint32_t key[8], uint32_t counter, const uint32_t nonce[3],
		    uint8_t out[64]);
void random_bytes(void *buf, size_t len);
/* Mix bytes from a hardware generator into the pool (any context). */
void random_add_entropy(const void *buf, size_t len);

#endif /* RUX_PROC_INTERNAL_H */
