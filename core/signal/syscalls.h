/*
 * core/signal/syscalls.h - the system call handlers of core/signal,
 * declared for the table in core/sys/table.c (included by
 * core/sys/syscalls.h). Conventions as in core/sys/syscalls.h.
 */
#ifndef RUX_SIGNAL_SYSCALLS_H
#define RUX_SIGNAL_SYSCALLS_H

/* send.c */
long sys_kill(unsigned long pid, unsigned long sig);
long sys_tkill(unsigned long tid, unsigned long sig);
long sys_tgkill(unsigned long tgid, unsigned long tid, unsigned long sig);
long sys_rt_sigqueueinfo(unsigned long pid, unsigned long sig, unsigned long info);
long sys_rt_tgsigqueueinfo(unsigned long tgid, unsigned long tid, unsigned long sig,
			   unsigned long info);
/* action.c */
long sys_rt_sigaction(unsigned long sig, unsigned long act, unsigned long oact,
		      unsigned long sigsetsize);
/* mask.c */
long sys_rt_sigprocmask(unsigned long how, unsigned long set, unsigned long oset,
			unsigned long sigsetsize);
long sys_rt_sigpending(unsigned long set, unsigned long sigsetsize);
long sys_sigaltstack(unsigned long ss, unsigned long old_ss);
/* deliver.c */
long sys_rt_sigreturn(void);
long sys_restart_syscall(void);
/* itimer.c */
long sys_getitimer(unsigned long which, unsigned long value);
long sys_setitimer(unsigned long which, unsigned long new_value, unsigned long old_value);
/* wait.c */
long sys_rt_sigsuspend(unsigned long mask, unsigned long sigsetsize);
long sys_rt_sigtimedwait(unsigned long these, unsigned long info, unsigned long ts,
			 unsigned long sigsetsize);

#endif /* RUX_SIGNAL_SYSCALLS_H */
